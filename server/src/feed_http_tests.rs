//! What search engines and feed readers get, through the real router against real PostgreSQL:
//! robots.txt naming the sitemap, the sitemap's index and parts with their lastmod (open postings
//! only), and the Atom feeds of a market and of a trade, read back by an XML parser.

use app::auth::sms::MemorySms;
use axum::http::{header, Method, StatusCode};
use axum::Router;
use sqlx::PgPool;

use crate::test_harness::*;

async fn get(router: &Router, path: &str) -> (StatusCode, String, String) {
    let (status, headers, body) = request(router, Method::GET, path, &[]).await;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body)
}

/// The text of every `<tag>` in a document, in order, read by an XML parser (roxmltree), not found
/// by searching strings: the document must be well-formed to be read at all.
fn texts_of(xml: &str, tag: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    document
        .descendants()
        .filter(|n| n.tag_name().name() == tag)
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

#[sqlx::test(migrations = "./migrations")]
async fn crawlers_find_the_open_postings_and_the_markets(pool: PgPool) {
    let _w = world(&pool).await;
    let open = market_posting(&pool, "站点地图帮厨").await;
    let closed = market_posting(&pool, "已关闭的帮厨").await;
    sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
        .bind(closed)
        .execute(&pool)
        .await
        .expect("closed");
    let router = router(&pool, MemorySms::default());

    let (status, kind, robots) = get(&router, "/robots.txt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/plain"), "{kind}");
    assert!(
        robots.contains("Sitemap: https://lingong.example.cn/sitemap.xml"),
        "{robots}"
    );
    assert!(robots.contains("Disallow: /staff"), "{robots}");

    let (status, kind, index) = get(&router, "/sitemap.xml").await;
    assert_eq!(status, StatusCode::OK, "{index}");
    assert!(kind.starts_with("application/xml"), "{kind}");
    let parts = texts_of(&index, "loc");
    let part = format!(
        "https://lingong.example.cn/sitemaps/postings-{}.xml",
        open / 50_000
    );
    assert!(parts.contains(&part), "{parts:?}");
    assert!(parts.contains(&"https://lingong.example.cn/sitemaps/markets.xml".to_owned()));
    assert_eq!(texts_of(&index, "lastmod").len(), parts.len(), "{index}");

    let (status, _, urls) = get(&router, &part.replace("https://lingong.example.cn", "")).await;
    assert_eq!(status, StatusCode::OK, "{urls}");
    let locs = texts_of(&urls, "loc");
    assert!(
        locs.contains(&format!("https://lingong.example.cn/postings/{open}")),
        "{locs:?}"
    );
    assert!(
        !locs.contains(&format!("https://lingong.example.cn/postings/{closed}")),
        "{locs:?}"
    );
    let stamps = texts_of(&urls, "lastmod");
    assert_eq!(stamps.len(), locs.len());
    assert!(
        stamps
            .iter()
            .all(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
        "{stamps:?}"
    );

    let (_, _, markets) = get(&router, "/sitemaps/markets.xml").await;
    assert!(texts_of(&markets, "loc")
        .contains(&"https://lingong.example.cn/markets/test-gulou-station".to_owned()));
    for path in [
        "/sitemaps/postings-999999.xml",
        "/sitemaps/postings-x.xml",
        "/sitemaps/other.xml",
    ] {
        let (status, _, _) = get(&router, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn a_market_and_a_trade_have_atom_feeds_of_their_newest_postings(pool: PgPool) {
    let _w = world(&pool).await;
    // Near the test station (118.77, 32.07): the posting at 118.78, 32.06 is 1.5 km away.
    let near = market_posting(&pool, "订阅帮厨<b>急招</b>").await;
    let router = router(&pool, MemorySms::default());

    let (status, kind, feed) = get(&router, "/markets/test-gulou-station/feed.atom").await;
    assert_eq!(status, StatusCode::OK, "{feed}");
    assert!(kind.starts_with("application/atom+xml"), "{kind}");
    let titles = texts_of(&feed, "title");
    assert_eq!(titles[0], "测试鼓楼驿站 · 附近的零工岗位");
    // The employer's text is text: escaped in the XML, whole when read back.
    assert!(
        titles.contains(&"订阅帮厨<b>急招</b>".to_owned()),
        "{titles:?}"
    );
    assert!(!feed.contains("<b>急招"), "{feed}");
    assert!(texts_of(&feed, "id").contains(&format!("https://lingong.example.cn/postings/{near}")));
    let summary = texts_of(&feed, "summary").join("\n");
    assert!(
        summary.contains("200 元/天") && summary.contains("招3人"),
        "{summary}"
    );

    let (status, _, feed) = get(&router, "/trades/catering/feed.atom").await;
    assert_eq!(status, StatusCode::OK, "{feed}");
    assert!(
        texts_of(&feed, "title").contains(&"订阅帮厨<b>急招</b>".to_owned()),
        "{feed}"
    );
    let (_, _, other) = get(&router, "/trades/electrician/feed.atom").await;
    assert!(!other.contains("订阅帮厨"), "{other}");

    for path in [
        "/markets/no-such-market/feed.atom",
        "/markets/%3Cx%3E/feed.atom",
        "/trades/no_such_trade/feed.atom",
        "/trades/Bad-Code/feed.atom",
    ] {
        let (status, _, _) = get(&router, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

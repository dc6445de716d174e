//! For search engines and feed readers: `robots.txt` naming the sitemap, the sitemap (an index of
//! parts: the markets, and the open postings by ranges of ids, each with its `lastmod`), and an Atom
//! feed of the newest open postings around each market and in each trade. Public, read-only, and
//! kept by caches for a while: crawlers come often.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};

use crate::db::feeds::{FeedOf, FeedPosting, SITEMAP_PART};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{TradeCode, DEFAULT_RADIUS_KM};
use crate::state::AppState;

/// Text for XML: `&`, `<` and `>` escaped (addresses and dates need no more).
fn xml_text(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

fn answer(content_type: &'static str, max_age: u32, body: String) -> Response {
    let cache = HeaderValue::from_str(&format!("public, max-age={max_age}"))
        .unwrap_or(HeaderValue::from_static("no-cache"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

fn failed(error: AppError) -> Response {
    error.into_plain_response(Lang::Zh.texts())
}

/// What crawlers may read, and where the sitemap is.
pub async fn robots(State(state): State<AppState>) -> Response {
    answer(
        "text/plain; charset=utf-8",
        86_400,
        format!(
            "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /me\nDisallow: /staff\n\
             Disallow: /employer\nDisallow: /messages\nDisallow: /login\n\n\
             Sitemap: {}/sitemap.xml\n",
            state.public_url
        ),
    )
}

fn lastmod(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The sitemap index: the markets' part and every part with open postings.
pub async fn sitemap_index(State(state): State<AppState>) -> Response {
    let today = crate::calendar::today();
    let (parts, markets) = match futures::future::try_join(
        crate::db::feeds::posting_parts(&state.reading(None), today),
        crate::db::feeds::markets(&state.reading(None)),
    )
    .await
    {
        Ok(found) => found,
        Err(error) => return failed(error.into()),
    };
    let base = &state.public_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let markets_changed = markets.iter().filter_map(|(_, at)| *at).max();
    xml.push_str(&format!(
        "<sitemap><loc>{}/sitemaps/markets.xml</loc>{}</sitemap>\n",
        xml_text(base),
        markets_changed
            .map(|at| format!("<lastmod>{}</lastmod>", lastmod(at)))
            .unwrap_or_default()
    ));
    for (part, changed) in parts {
        xml.push_str(&format!(
            "<sitemap><loc>{}/sitemaps/postings-{part}.xml</loc><lastmod>{}</lastmod></sitemap>\n",
            xml_text(base),
            lastmod(changed)
        ));
    }
    xml.push_str("</sitemapindex>\n");
    answer("application/xml; charset=utf-8", 3_600, xml)
}

/// One part of the sitemap: `markets.xml` or `postings-{part}.xml`.
pub async fn sitemap_part(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let base = xml_text(&state.public_url);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    if file == "markets.xml" {
        let markets = match crate::db::feeds::markets(&state.reading(None)).await {
            Ok(markets) => markets,
            Err(error) => return failed(error.into()),
        };
        xml.push_str(&format!("<url><loc>{base}/markets</loc></url>\n"));
        for (slug, changed) in markets {
            xml.push_str(&format!(
                "<url><loc>{base}/markets/{}</loc>{}</url>\n",
                xml_text(&slug),
                changed
                    .map(|at| format!("<lastmod>{}</lastmod>", lastmod(at)))
                    .unwrap_or_default()
            ));
        }
    } else {
        let part = file
            .strip_prefix("postings-")
            .and_then(|rest| rest.strip_suffix(".xml"))
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| (0..=i64::MAX / SITEMAP_PART - 1).contains(n));
        let Some(part) = part else {
            return failed(AppError::NotFound);
        };
        let today = crate::calendar::today();
        let postings =
            match crate::db::feeds::postings_in_part(&state.reading(None), today, part).await {
                Ok(postings) => postings,
                Err(error) => return failed(error.into()),
            };
        if postings.is_empty() {
            return failed(AppError::NotFound);
        }
        for (id, changed) in postings {
            xml.push_str(&format!(
                "<url><loc>{base}/postings/{id}</loc><lastmod>{}</lastmod></url>\n",
                lastmod(changed)
            ));
        }
    }
    xml.push_str("</urlset>\n");
    answer("application/xml; charset=utf-8", 3_600, xml)
}

/// A time as China reads it: feeds say their times with the offset of the people reading them.
fn china(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&FixedOffset::east_opt(8 * 3600).expect("UTC+8 is an offset"))
}

/// A feed of `postings`, titled `title`, at `self_path`, about the page at `page_path`.
fn feed(
    state: &AppState,
    title: String,
    self_path: &str,
    page_path: &str,
    postings: Vec<FeedPosting>,
) -> Response {
    use atom_syndication::{Entry, Feed, Link, Person, Text};
    let t = Lang::Zh.texts();
    let base = &state.public_url;
    let link = |href: String, rel: &str, mime: Option<&str>| Link {
        href,
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Default::default()
    };
    let updated = postings
        .iter()
        .map(|p| p.updated)
        .max()
        .unwrap_or_else(Utc::now);
    let entries = postings
        .into_iter()
        .map(|p| {
            let s = &p.summary;
            let url = format!("{base}/postings/{}", s.id);
            let summary = format!(
                "{} {} · {} · {} {} · {}",
                crate::model::format_pay(s.pay_cents),
                t.pay_unit(s.pay_unit),
                s.trade_name,
                s.district_name
                    .clone()
                    .unwrap_or_else(|| s.city_name.clone()),
                s.address,
                (t.date_range)(s.start_date, s.end_date),
            );
            Entry {
                id: url.clone(),
                title: Text::plain(s.title.clone()),
                updated: china(p.updated),
                published: Some(china(p.published)),
                authors: vec![Person {
                    name: s.employer_name.clone(),
                    ..Default::default()
                }],
                links: vec![link(url, "alternate", Some("text/html"))],
                summary: Some(Text::plain(format!(
                    "{summary} · {}",
                    (t.people_wanted)(s.headcount, s.places_left())
                ))),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(title),
        updated: china(updated),
        lang: Some("zh-CN".to_owned()),
        links: vec![
            link(
                format!("{base}{self_path}"),
                "self",
                Some("application/atom+xml"),
            ),
            link(format!("{base}{page_path}"), "alternate", Some("text/html")),
        ],
        authors: vec![Person {
            name: t.site_name.to_owned(),
            uri: Some(base.clone()),
            ..Default::default()
        }],
        entries,
        ..Default::default()
    };
    answer("application/atom+xml; charset=utf-8", 300, feed.to_string())
}

/// The newest open postings around a market (within the search's default radius).
pub async fn market_feed(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    if !crate::model::is_market_slug(&slug) {
        return failed(AppError::NotFound);
    }
    let of = FeedOf::Market {
        slug: slug.clone(),
        radius_m: f64::from(DEFAULT_RADIUS_KM) * 1000.0,
    };
    let (name, postings) =
        match crate::db::feeds::newest(&state.reading(None), crate::calendar::today(), &of).await {
            Ok(Some(found)) => found,
            Ok(None) => return failed(AppError::NotFound),
            Err(error) => return failed(error.into()),
        };
    feed(
        &state,
        format!("{name} · 附近的零工岗位"),
        &format!("/markets/{slug}/feed.atom"),
        &format!("/markets/{slug}"),
        postings,
    )
}

/// The newest open postings of a trade, or of every trade of a sector.
pub async fn trade_feed(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let Some(trade) = TradeCode::parse(&code) else {
        return failed(AppError::NotFound);
    };
    let of = FeedOf::Trade(trade.as_str().to_owned());
    let (name, postings) =
        match crate::db::feeds::newest(&state.reading(None), crate::calendar::today(), &of).await {
            Ok(Some(found)) => found,
            Ok(None) => return failed(AppError::NotFound),
            Err(error) => return failed(error.into()),
        };
    let search = crate::model::SearchQuery {
        trade: Some(trade.clone()),
        date: crate::model::DateFilter::Any,
        ..Default::default()
    };
    feed(
        &state,
        format!("{name} · 零工岗位"),
        &format!("/trades/{}/feed.atom", trade.as_str()),
        &search.to_url(),
        postings,
    )
}

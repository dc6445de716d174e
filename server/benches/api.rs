//! The public API's posting search against the site's own (see BENCHMARKS.md, "The public API").
//!
//! ```sh
//! # The bench instance answers the bench's many requests without a key:
//! LINGONG_API_ANONYMOUS_PER_MINUTE=100000 ./target/release/server serve --addr 127.0.0.1:3200 &
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 cargo bench -p server --bench api
//! ```
//!
//! The same searches — keyword + sector + 5 km around each city centre, and the same with only a city
//! and a day pay — asked interleaved of `POST /api/postings/search` (the site's server function) and
//! `GET /api/v1/postings?…` (the API, the search page's own address), each round from points a
//! centimetre apart so that no cached answer serves them. Medians, 95th percentiles and their ratios.

use std::time::Instant;

use app::model::{DateFilter, MinPay, PayUnit, Point, SearchQuery, TradeCode};

#[allow(dead_code)]
mod common;
use common::{stats, Connection, Setup, CITY_CENTRES};

const CITIES: [i32; 13] = [
    320100, 320200, 320300, 320400, 320500, 320600, 320700, 320800, 320900, 321000, 321100, 321200,
    321300,
];

fn searches(variant: u32) -> Vec<SearchQuery> {
    let shift = f64::from(variant) * 1e-7;
    let mut all = Vec::new();
    for (i, &(lng, lat)) in CITY_CENTRES.iter().enumerate() {
        all.push(SearchQuery {
            keyword: Some("帮厨".to_owned()),
            trade: TradeCode::parse("catering"),
            near: Point::new(lng + shift, lat),
            radius_km: Some(5),
            ..Default::default()
        });
        // A page further on keeps a city-wide search new to the cache without a point.
        all.push(SearchQuery {
            city: Some(CITIES[i]),
            min_pay: Some(MinPay {
                yuan: 150,
                unit: PayUnit::Day,
            }),
            date: DateFilter::ThisWeek,
            page: variant % 5,
            ..Default::default()
        });
    }
    all
}

fn api_path(query: &SearchQuery) -> String {
    // The search page's address, asked of the API: `/?…` becomes `/api/v1/postings?…`.
    format!("/api/v1/postings{}", query.to_url().trim_start_matches('/'))
}

#[tokio::main]
async fn main() {
    let setup = Setup::from_env(20).await;
    let mut connection = Connection::open(&setup.base).await;
    for query in &searches(0) {
        let body = serde_json::json!({ "query": query }).to_string();
        connection.post("/api/postings/search", &body).await;
        connection.get_json(&api_path(query), "").await;
    }
    let (mut site, mut api) = (Vec::new(), Vec::new());
    for round in 0..setup.rounds {
        for query in &searches(1 + round as u32) {
            let body = serde_json::json!({ "query": query }).to_string();
            let started = Instant::now();
            let (status, _) = connection.post("/api/postings/search", &body).await;
            site.push(started.elapsed());
            assert_eq!(status, 200);
            let path = api_path(query);
            let started = Instant::now();
            let (status, answer) = connection.get_json(&path, "").await;
            api.push(started.elapsed());
            assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&answer));
        }
    }
    let (site, api) = (stats(site), stats(api));
    println!("searches per path: {}", setup.rounds * searches(0).len());
    println!(
        "site's server function (POST /api/postings/search): median {:.2} ms, p95 {:.2} ms",
        site.median_ms, site.p95_ms
    );
    println!(
        "public API (GET /api/v1/postings):                   median {:.2} ms, p95 {:.2} ms",
        api.median_ms, api.p95_ms
    );
    println!(
        "API / site: median {:.2}, p95 {:.2}",
        api.median_ms / site.median_ms,
        api.p95_ms / site.p95_ms
    );
}

//! Search and map benchmarks against a loaded database and a running server (see BENCHMARKS.md).
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 cargo bench -p server --bench search
//! ```
//!
//! It measures, in one run and on the same queries:
//! - the search's SQL through the data layer, called directly (`app::db::postings::search`);
//! - the same search through the server function over HTTP on loopback;
//! - the in-memory search index (`app::search::index`) in this process: load time, memory, latency;
//! - throughput of the server function with many keep-alive connections: for the same few common
//!   searches asked again and again (answered from the instance's search cache after the first), and
//!   for searches that are all different (each one is answered by the in-memory index);
//! - the map layer (clusters or single postings) at several zoom levels, with payload sizes.
//!
//! Medians and 95th percentiles, never single timings: the machines are shared and noisy.

use std::time::{Duration, Instant};

use app::model::{MapView, Point, SearchQuery, TradeCode};

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{resident_kb, stats, Connection, Setup, CITY_CENTRES};

const KEYWORDS: [(&str, &str); 5] = [
    ("帮厨", "catering"),
    ("普工", "manufacturing"),
    ("快递", "logistics"),
    ("保洁", "household"),
    ("保安", "security_property"),
];

/// The benchmark's searches. Each `variant` moves every centre by a centimetre more: the same postings
/// match, but the search is a different one to the server, so no cached answer serves it.
fn searches(variant: u32) -> Vec<SearchQuery> {
    let shift = f64::from(variant) * 1e-7;
    let mut all = Vec::new();
    for (i, &(lng, lat)) in CITY_CENTRES.iter().enumerate() {
        for (j, &(keyword, trade)) in KEYWORDS.iter().enumerate() {
            if (i + j) % 2 == 0 {
                all.push(SearchQuery {
                    keyword: Some(keyword.to_owned()),
                    trade: TradeCode::parse(trade),
                    near: Point::new(lng + shift, lat),
                    radius_km: Some(5),
                    ..Default::default()
                });
            }
        }
    }
    all
}

fn search_body(query: &SearchQuery) -> String {
    serde_json::json!({ "query": query }).to_string()
}

/// Searches per second over [`THROUGHPUT_SECONDS`] with [`CONNECTIONS`] keep-alive connections;
/// `query(connection, n)` is a connection's `n`th search.
async fn throughput(
    base: &str,
    query: impl Fn(usize, usize) -> SearchQuery + Clone + Send + 'static,
) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(THROUGHPUT_SECONDS);
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|i| {
            let base = base.to_owned();
            let query = query.clone();
            tokio::spawn(async move {
                let mut connection = Connection::open(&base).await;
                let mut done = 0u64;
                let mut n = i;
                while Instant::now() < deadline {
                    let body = search_body(&query(i, n));
                    let (status, _) = connection.post("/api/postings/search", &body).await;
                    assert_eq!(status, 200);
                    done += 1;
                    n += 1;
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.expect("task");
    }
    total / THROUGHPUT_SECONDS
}

const THROUGHPUT_SECONDS: u64 = 10;
const CONNECTIONS: usize = 32;

#[tokio::main]
async fn main() {
    let Setup {
        pool,
        base,
        rounds,
        today,
    } = Setup::from_env(20).await;

    let queries = searches(0);
    let mut connection = Connection::open(&base).await;
    // Warm both paths (plans, caches, connections) before measuring.
    for query in &queries {
        app::db::postings::search(&pool, today, query)
            .await
            .expect("search");
        connection
            .post("/api/postings/search", &search_body(query))
            .await;
    }

    // Interleaved, so both paths see the same machine load. Every round's searches are new ones, so
    // no cached answer serves them: this compares the two paths, not the cache.
    let (mut direct, mut http) = (Vec::new(), Vec::new());
    let mut hits = 0usize;
    for round in 0..rounds {
        for query in &searches(1 + round as u32) {
            let started = Instant::now();
            let results = app::db::postings::search(&pool, today, query)
                .await
                .expect("search");
            direct.push(started.elapsed());
            hits += results.hits.len();

            let body = search_body(query);
            let started = Instant::now();
            let (status, _) = connection.post("/api/postings/search", &body).await;
            http.push(started.elapsed());
            assert_eq!(status, 200);
        }
    }
    let samples = direct.len();
    let (direct, http) = (stats(direct), stats(http));
    println!("\nsearch: keyword + trade + 5 km, first page of 20 ({samples} searches each, {} hits on average)", hits / samples);
    println!(
        "  data layer, direct  median {:6.2} ms   p95 {:6.2} ms",
        direct.median_ms, direct.p95_ms
    );
    println!(
        "  server function     median {:6.2} ms   p95 {:6.2} ms",
        http.median_ms, http.p95_ms
    );
    println!(
        "  ratio of p95 (server function / direct): {:.2}",
        http.p95_ms / direct.p95_ms
    );

    // The in-memory index in this process: what a search that misses the cache costs a server, and
    // what the index holds in memory.
    let rss_before = resident_kb(None);
    let index = app::search::index::SearchIndex::default();
    let started = Instant::now();
    index.load(&pool, today).await.expect("index load");
    println!(
        "\nin-memory search index: loaded in {:.1} s, {} MB more resident memory",
        started.elapsed().as_secs_f64(),
        resident_kb(None).saturating_sub(rss_before) / 1024
    );
    let mut samples = Vec::new();
    for round in 0..rounds {
        for query in &searches(1 + round as u32) {
            let started = Instant::now();
            index.search(today, query).expect("loaded");
            samples.push(started.elapsed());
        }
    }
    let s = stats(samples);
    println!(
        "  keyword + trade + 5 km through the index   median {:6.2} ms   p95 {:6.2} ms",
        s.median_ms, s.p95_ms
    );

    // Throughput: many keep-alive connections for a fixed time, first asking the same common searches
    // again and again, then only searches never asked before.
    let all = queries.clone();
    let common = throughput(&base, move |_, n| all[n % all.len()].clone()).await;
    println!(
        "\nthroughput, the same {} common searches repeated: {common} searches/s",
        queries.len()
    );
    let all = queries.clone();
    let distinct = throughput(&base, move |connection, n| {
        let mut query = all[n % all.len()].clone();
        if let Some(point) = &mut query.near {
            // Unique to this connection and request: never in the cache.
            point.lng += (connection * 100_000 + n + 1) as f64 * 1e-9;
        }
        query
    })
    .await;
    println!("throughput, every search a new one (no cached answer): {distinct} searches/s");

    // The map at the zoom levels a phone passes through, over Nanjing, for "today" (no filters).
    println!("\nmap layer over Nanjing, 360×300 px view, today's postings:");
    for zoom in [7u8, 9, 11, 13, 14, 16] {
        let width = 360.0 / 256.0 * 360.0 / f64::from(1u32 << zoom);
        let height = width * 300.0 / 360.0;
        let view = MapView {
            west: 118.797 - width / 2.0,
            east: 118.797 + width / 2.0,
            south: 32.06 - height / 2.0,
            north: 32.06 + height / 2.0,
            zoom,
        };
        let body = serde_json::json!({ "query": SearchQuery::default(), "view": view }).to_string();
        connection.post("/api/map/layer", &body).await;
        let mut samples = Vec::new();
        let mut bytes = 0;
        for _ in 0..rounds * 5 {
            let started = Instant::now();
            let (status, response) = connection.post("/api/map/layer", &body).await;
            samples.push(started.elapsed());
            assert_eq!(status, 200);
            bytes = response.len();
        }
        let s = stats(samples);
        println!(
            "  zoom {zoom:2}: median {:6.2} ms   p95 {:6.2} ms   payload {:6} bytes",
            s.median_ms, s.p95_ms, bytes
        );
    }

    // A keyword alone, anywhere in the province, newest first: a word in no title (the worst case
    // before the rare-keyword path), a trade's name, and the commonest single character.
    // Through the data layer: the server function would answer these repeats from its cache.
    println!("\nkeyword only, whole province, newest first (data layer, the SQL):");
    for keyword in ["潜水员", "帮厨", "工"] {
        let query = SearchQuery {
            keyword: Some(keyword.to_owned()),
            ..Default::default()
        };
        app::db::postings::search(&pool, today, &query)
            .await
            .expect("search");
        let mut samples = Vec::new();
        for _ in 0..rounds {
            let started = Instant::now();
            app::db::postings::search(&pool, today, &query)
                .await
                .expect("search");
            samples.push(started.elapsed());
        }
        let s = stats(samples);
        println!(
            "  {keyword:>4}: median {:7.2} ms   p95 {:7.2} ms",
            s.median_ms, s.p95_ms
        );
    }
}

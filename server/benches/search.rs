//! Search and map benchmarks against a loaded database and a running server (see BENCHMARKS.md).
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 cargo bench -p server --bench search
//! ```
//!
//! It measures, in one run and on the same queries:
//! - the search's SQL through the data layer, called directly (`app::db::postings::search`);
//! - the same search through the server function over HTTP on loopback;
//! - throughput of the server function with many keep-alive connections;
//! - the map layer (clusters or single postings) at several zoom levels, with payload sizes.
//!
//! Medians and 95th percentiles, never single timings: the machines are shared and noisy.

use std::str::FromStr;
use std::time::{Duration, Instant};

use app::model::{MapView, Point, SearchQuery, TradeCode};
use chrono::NaiveDate;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const CITY_CENTRES: [(f64, f64); 13] = [
    (118.797, 32.060),
    (120.312, 31.491),
    (117.285, 34.205),
    (119.974, 31.811),
    (120.585, 31.299),
    (120.894, 31.981),
    (119.222, 34.597),
    (119.113, 33.551),
    (120.163, 33.348),
    (119.413, 32.394),
    (119.425, 32.188),
    (119.923, 32.456),
    (118.275, 33.963),
];
const KEYWORDS: [(&str, &str); 5] = [
    ("帮厨", "catering"),
    ("普工", "manufacturing"),
    ("快递", "logistics"),
    ("保洁", "household"),
    ("保安", "security_property"),
];

fn queries() -> Vec<SearchQuery> {
    let mut all = Vec::new();
    for (i, &(lng, lat)) in CITY_CENTRES.iter().enumerate() {
        for (j, &(keyword, trade)) in KEYWORDS.iter().enumerate() {
            if (i + j) % 2 == 0 {
                all.push(SearchQuery {
                    keyword: Some(keyword.to_owned()),
                    trade: TradeCode::parse(trade),
                    near: Point::new(lng, lat),
                    radius_km: Some(5),
                    ..Default::default()
                });
            }
        }
    }
    all
}

struct Stats {
    median_ms: f64,
    p95_ms: f64,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| {
        samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0
    };
    Stats {
        median_ms: at(0.5),
        p95_ms: at(0.95),
    }
}

/// A minimal HTTP/1.1 keep-alive client: enough for JSON POSTs to our own server, and no client
/// library's overhead in the figures.
struct Connection {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Connection {
    async fn open(base: &str) -> Connection {
        let host = base
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let stream = TcpStream::connect(&host)
            .await
            .expect("the bench server must be running");
        stream.set_nodelay(true).expect("nodelay");
        Connection {
            reader: BufReader::new(stream),
            host,
        }
    }

    /// Returns the status and the body.
    async fn post(&mut self, path: &str, body: &str) -> (u16, Vec<u8>) {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.reader
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .expect("write");
        let mut status_line = String::new();
        self.reader
            .read_line(&mut status_line)
            .await
            .expect("status");
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status code");
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().expect("content-length");
                }
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.expect("body");
        (status, body)
    }
}

fn search_body(query: &SearchQuery) -> String {
    serde_json::json!({ "query": query }).to_string()
}

#[tokio::main]
async fn main() {
    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let base =
        std::env::var("LINGONG_BENCH_URL").unwrap_or_else(|_| "http://127.0.0.1:3200".to_owned());
    let rounds: usize = std::env::var("LINGONG_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    // The same connection settings as the server's pool (see server/src/database.rs).
    let options = PgConnectOptions::from_str(&database_url)
        .expect("DATABASE_URL")
        .options([("plan_cache_mode", "force_generic_plan")]);
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("database");
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
    let today: NaiveDate = chrono::Utc::now().with_timezone(&china).date_naive();
    let postings: i64 = sqlx::query_scalar("SELECT count(*) FROM postings")
        .fetch_one(&pool)
        .await
        .expect("count");
    println!("postings in the database: {postings}");

    let queries = queries();
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

    // Interleaved, so both paths see the same machine load.
    let (mut direct, mut http) = (Vec::new(), Vec::new());
    let mut hits = 0usize;
    for _ in 0..rounds {
        for query in &queries {
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

    // Throughput: many keep-alive connections for a fixed time.
    let seconds = 10;
    let connections = 32;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..connections)
        .map(|i| {
            let base = base.clone();
            let queries = queries.clone();
            tokio::spawn(async move {
                let mut connection = Connection::open(&base).await;
                let mut done = 0u64;
                let mut n = i;
                while Instant::now() < deadline {
                    let (status, _) = connection
                        .post(
                            "/api/postings/search",
                            &search_body(&queries[n % queries.len()]),
                        )
                        .await;
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
    println!(
        "\nthroughput: {} searches/s over {seconds} s with {connections} connections",
        total / seconds
    );

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
}

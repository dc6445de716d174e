//! Market-loop benchmarks (issue 5) against a loaded database and a running server (see BENCHMARKS.md).
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 cargo bench -p server --bench market
//! ```
//!
//! It measures:
//! - recommendations for demo workers (trades and home district set), through the data layer and
//!   through the server function over HTTP with a signed-in worker's session;
//! - a posting's way from the employer's "publish" to being found: the time from sending the save to
//!   the first search (帮厨 + catering + 5 km around it, newest first) and the first map layer (postings
//!   zoom) that contain it, and whether
//!   the province-level clusters count it at once.
//!
//! It adds bench accounts and postings (phones 199…, titles 基准岗位…) and closes the postings at the end.

use std::time::{Duration, Instant};

use app::model::{MapView, Point, SearchQuery, SortOrder, TradeCode};

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{session_headers, stats, Connection, Setup};

fn print(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let s = stats(samples);
    println!(
        "  {name:<34} median {:7.2} ms   p95 {:7.2} ms   ({n} samples)",
        s.median_ms, s.p95_ms
    );
}

#[tokio::main]
async fn main() {
    let Setup {
        pool,
        base,
        rounds,
        today,
    } = Setup::from_env(5).await;

    // Recommendations: 100 demo workers spread over the id range, each with trades and a home district.
    let workers: Vec<(i64, String)> = sqlx::query_as(
        "SELECT w.id, w.phone FROM workers w
          WHERE w.is_demo AND w.home_district_adcode IS NOT NULL
            AND EXISTS (SELECT 1 FROM worker_trades t WHERE t.worker_id = w.id)
          ORDER BY (w.id * 7919) % 100003
          LIMIT 100",
    )
    .fetch_all(&pool)
    .await
    .expect("workers");
    assert!(!workers.is_empty(), "load the demo data first");
    for (id, _) in &workers {
        app::db::matching::recommend(&pool, *id, today, 20)
            .await
            .expect("recommend");
    }
    let mut direct = Vec::new();
    let mut empty = 0;
    for _ in 0..rounds {
        for (id, _) in &workers {
            let started = Instant::now();
            let r = app::db::matching::recommend(&pool, *id, today, 20)
                .await
                .expect("recommend");
            direct.push(started.elapsed());
            empty += usize::from(r.items.is_empty());
        }
    }
    // Over HTTP, as signed-in workers: accounts for the first 20 of them.
    let mut sessions = Vec::new();
    for (id, phone) in workers.iter().take(20) {
        let account: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (phone, role, worker_id) VALUES ($1, 'worker', $2)
             ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone RETURNING id",
        )
        .bind(phone)
        .bind(id)
        .fetch_one(&pool)
        .await
        .expect("account");
        sessions.push(session_headers(&pool, account).await);
    }
    let mut connection = Connection::open(&base).await;
    for headers in &sessions {
        let (status, _) = connection
            .post_with("/api/matching/recommendations", "{}", headers)
            .await;
        assert_eq!(status, 200, "recommendations over HTTP");
    }
    let mut http = Vec::new();
    for _ in 0..rounds * 5 {
        for headers in &sessions {
            let started = Instant::now();
            let (status, _) = connection
                .post_with("/api/matching/recommendations", "{}", headers)
                .await;
            http.push(started.elapsed());
            assert_eq!(status, 200);
        }
    }
    println!(
        "\nrecommendations (20 per worker; {empty} of {} direct calls found nothing):",
        direct.len()
    );
    print("data layer, direct", direct);
    print("server function, signed in", http);

    // From "publish" to found. An employer account for a demo organisation.
    let headers = common::employer_session(&pool, "19900000001").await;
    let (mut saves, mut in_search, mut on_map) = (Vec::new(), Vec::new(), Vec::new());
    let mut counted_at_once = 0;
    let runs = rounds * 6;
    for i in 0..runs {
        let title = format!("基准岗位{}{i}", std::process::id());
        let point = Point::new(118.70 + 0.01 * i as f64, 32.00 + 0.005 * i as f64).expect("point");
        let clusters_before = province_count(&mut connection).await;
        let body = serde_json::json!({ "id": null, "publish": true, "form": {
            "trade": "kitchen_helper", "title": title, "description": "基准测试", "requirements": "",
            "address": "中山路1号", "location": point, "market": null, "pay_cents": 20000, "pay_unit": "day",
            "start_date": today, "end_date": today, "shift_minutes": 480, "headcount": 1, "tags": [],
            "contact": "platform" } })
        .to_string();
        let started = Instant::now();
        let (status, response) = connection
            .post_with("/api/employer/save-posting", &body, &headers)
            .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&response));
        saves.push(started.elapsed());
        let id = serde_json::from_slice::<serde_json::Value>(&response).expect("json")["id"]
            .as_i64()
            .expect("id");
        // How a worker nearby finds it: the common search (keyword + trade + 5 km), newest first.
        let query = SearchQuery {
            keyword: Some("帮厨".to_owned()),
            trade: TradeCode::parse("catering"),
            near: Some(point),
            radius_km: Some(5),
            sort: SortOrder::Newest,
            ..SearchQuery::default()
        };
        let search = serde_json::json!({ "query": query }).to_string();
        loop {
            let (_, found) = connection.post("/api/postings/search", &search).await;
            if String::from_utf8_lossy(&found).contains(&format!("\"id\":{id},")) {
                in_search.push(started.elapsed());
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "not found in search"
            );
        }
        let d = 0.002;
        let view = MapView {
            west: point.lng - d,
            east: point.lng + d,
            south: point.lat - d,
            north: point.lat + d,
            zoom: 16,
        };
        let layer =
            serde_json::json!({ "query": SearchQuery::default(), "view": view }).to_string();
        loop {
            let (_, found) = connection.post("/api/map/layer", &layer).await;
            if String::from_utf8_lossy(&found).contains(&format!("\"id\":{id},")) {
                on_map.push(started.elapsed());
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "not on the map"
            );
        }
        if province_count(&mut connection).await > clusters_before {
            counted_at_once += 1;
        }
    }
    println!("\nfrom publish to found ({runs} postings, each timed from sending the save):");
    print("save (server function)", saves);
    print("found by search (帮厨, 5 km)", in_search);
    print("on the map (postings zoom)", on_map);
    println!(
        "  province-level clusters counted the new posting at once: {counted_at_once} of {runs}"
    );
    sqlx::query(
        "UPDATE postings SET status = 'closed' WHERE title LIKE '基准岗位%' AND status = 'open'",
    )
    .execute(&pool)
    .await
    .expect("close bench postings");
}

/// Today's postings in the province-wide view (zoom 7), summed over its clusters.
async fn province_count(connection: &mut Connection) -> u64 {
    let view = MapView {
        west: 115.5,
        east: 122.5,
        south: 30.5,
        north: 35.5,
        zoom: 7,
    };
    let body = serde_json::json!({ "query": SearchQuery::default(), "view": view }).to_string();
    let (status, response) = connection.post("/api/map/layer", &body).await;
    assert_eq!(status, 200);
    let layer: serde_json::Value = serde_json::from_slice(&response).expect("json");
    layer["Clusters"]
        .as_array()
        .map(|clusters| {
            clusters
                .iter()
                .map(|c| c["count"].as_u64().unwrap_or(0))
                .sum()
        })
        .unwrap_or(0)
}

//! Job-fair benchmark (issue 23) against a loaded database and two running server instances on it
//! (see BENCHMARKS.md):
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 LINGONG_BENCH_URL2=http://127.0.0.1:3201 \
//!   cargo bench -p server --bench fairs
//! ```
//!
//! A fair of today at the first market; `LINGONG_BENCH_GUESTS` (default 300) demo workers signed up
//! with passes; the market's board stream opened on the second instance (what its big screen reads);
//! then province staff check the guests in one by one through the first instance, by pass, at
//! `LINGONG_BENCH_RATE` a second (default 10, a busy door). Each check-in is timed from sending it to
//! the first board on the other instance whose fair counts it. The fair is deleted at the end.

use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{session_headers, stats, Connection, Setup};

/// Opens a board's stream; returns the reader positioned after the response headers.
async fn subscribe(base: &str, path: &str) -> BufReader<TcpStream> {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).await.expect("connect");
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n")
                .as_bytes(),
        )
        .await
        .expect("write");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await.expect("status");
    assert!(line.contains(" 200 "), "stream refused: {line}");
    loop {
        line.clear();
        reader.read_line(&mut line).await.expect("header");
        if line == "\r\n" {
            return reader;
        }
    }
}

/// The next board of a stream (its data line); chunk sizes and keep-alive comments are skipped.
async fn next_board(reader: &mut BufReader<TcpStream>) -> Option<serde_json::Value> {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        if let Some(data) = line.trim_end().strip_prefix("data:") {
            if let Ok(board) = serde_json::from_str(data.trim_start()) {
                return Some(board);
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let Setup { pool, base, .. } = Setup::from_env(1).await;
    let other =
        std::env::var("LINGONG_BENCH_URL2").unwrap_or_else(|_| "http://127.0.0.1:3201".to_owned());
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (guests, rate) = (
        env("LINGONG_BENCH_GUESTS", 300),
        env("LINGONG_BENCH_RATE", 10),
    );

    let (market, slug): (i32, String) =
        sqlx::query_as("SELECT id, slug FROM markets ORDER BY id LIMIT 1")
            .fetch_one(&pool)
            .await
            .expect("a market");
    let fair: i64 = sqlx::query_scalar(
        "INSERT INTO job_fairs (market_id, theme, title, held_on, starts_at, ends_at, booths)
         VALUES ($1, 'general', '招聘会基准', lingong_china_today(), '00:00', '23:59', 10) RETURNING id",
    )
    .bind(market)
    .fetch_one(&pool)
    .await
    .expect("fair");
    let passes: Vec<String> = sqlx::query_scalar(
        "INSERT INTO fair_signups (fair_id, worker_id, pass_code)
         SELECT $1, id, substr(md5(random()::text || id::text), 1, 16)
           FROM workers WHERE is_demo ORDER BY id LIMIT $2
         RETURNING pass_code",
    )
    .bind(fair)
    .bind(guests as i64)
    .fetch_all(&pool)
    .await
    .expect("sign-ups: load the demo data first");
    let staff = {
        let mut conn = pool.acquire().await.expect("connection");
        app::db::accounts::upsert_staff_account(
            &mut conn,
            "19900000031",
            app::model::Role::Staff,
            Some(app::model::StaffScope::Province),
            "招聘会基准",
        )
        .await
        .expect("staff")
    };
    let headers = session_headers(&pool, staff).await;
    println!(
        "job fair: {} check-ins through {base} at {rate}/s, watched on {other}'s board of market {slug}",
        passes.len()
    );

    // The big screen of the market, on the other instance: the first time each count is shown.
    let mut board = subscribe(&other, &format!("/api/boards/market/{slug}/events")).await;
    next_board(&mut board).await.expect("first board");
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel::<(i64, Instant)>();
    let watcher = tokio::spawn(async move {
        while let Some(board) = next_board(&mut board).await {
            let at = Instant::now();
            for f in board["fairs"].as_array().into_iter().flatten() {
                if f["id"].as_i64() == Some(fair) {
                    let _ = seen_tx.send((f["checked_in"].as_i64().unwrap_or(0), at));
                }
            }
        }
    });

    let mut connection = Connection::open(&base).await;
    let started = Instant::now();
    let mut sent = Vec::new();
    for (i, pass) in passes.iter().enumerate() {
        let due = started + Duration::from_micros(1_000_000 * i as u64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let at = Instant::now();
        let (status, body) = connection
            .post_form_with(
                "/api/fairs/check-in",
                &format!("fair_id={fair}&pass={pass}"),
                &headers,
            )
            .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        // One door, one check-in at a time: the i-th makes the count i + 1.
        sent.push((i as i64 + 1, at));
    }
    let mut first_shown: Vec<(i64, Instant)> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while first_shown.last().map(|(n, _)| *n) < Some(sent.len() as i64) && Instant::now() < deadline
    {
        if let Ok(Some(shown)) =
            tokio::time::timeout(Duration::from_millis(500), seen_rx.recv()).await
        {
            first_shown.push(shown);
        }
    }
    watcher.abort();
    // A check-in is on the screen from the first board counting it (or more).
    let latencies: Vec<Duration> = sent
        .iter()
        .filter_map(|(count, at)| {
            first_shown
                .iter()
                .find(|(shown, seen)| shown >= count && seen >= at)
                .map(|(_, seen)| seen.saturating_duration_since(*at))
        })
        .collect();
    let seen = latencies.len();
    let s = stats(latencies);
    println!(
        "  check-in → the other instance's big screen: median {:.1} ms   p95 {:.1} ms   p99 {:.1} ms   max {:.1} ms   ({seen} of {} seen)",
        s.median_ms,
        s.p95_ms,
        s.p99_ms,
        s.max_ms,
        sent.len()
    );
    sqlx::query("DELETE FROM job_fairs WHERE id = $1")
        .bind(fair)
        .execute(&pool)
        .await
        .expect("clean up");
}

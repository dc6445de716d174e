//! Live-board benchmarks (issue 6) against a loaded database and two running server instances (see
//! BENCHMARKS.md):
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 LINGONG_BENCH_URL2=http://127.0.0.1:3201 \
//!   LINGONG_BENCH_PID2=<pid of the second> cargo bench -p server --bench boards
//! ```
//!
//! It measures:
//! - the first render of board pages (server-side HTML, GET) for the province, a city, a district and
//!   a market;
//! - event → board on the *other* instance: postings published through the first instance at 50 a second
//!   (`LINGONG_BENCH_RATE`), each timed from sending the publish to its first appearance in the board
//!   stream of its district served by the second;
//! - fan-out: `LINGONG_BENCH_SUBSCRIBERS` (5,000) streams of the province board on the second instance,
//!   100 of which never read; the time from one publish to every reading stream having the new board,
//!   and the second instance's resident memory before, during and after; then churn (connect and drop
//!   2,000 streams, five times) and the memory after it.
//!
//! It publishes bench postings (titles 看板基准…) and closes them at the end.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{stats, Connection, Setup};

const DISTRICT: i32 = 320106;

fn print(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let s = stats(samples);
    println!(
        "  {name:<34} median {:7.2} ms   p95 {:7.2} ms   p99 {:7.2} ms   max {:7.2} ms   ({n})",
        s.median_ms, s.p95_ms, s.p99_ms, s.max_ms
    );
}

/// Resident memory of a process, in MB (Linux).
fn rss_mb(pid: Option<u32>) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

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

/// The next board event of a stream: its id (the change number) and data. Chunk-size lines and
/// keep-alive comments are skipped.
async fn next_board(reader: &mut BufReader<TcpStream>) -> Option<(i64, String)> {
    let mut id = None;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let text = line.trim_end();
        if let Some(value) = text.strip_prefix("id:") {
            id = value.trim().parse().ok();
        } else if let Some(data) = text.strip_prefix("data:") {
            if let Some(id) = id {
                return Some((id, data.trim_start().to_owned()));
            }
        }
    }
}

fn publish_body(title: &str, today: chrono::NaiveDate, i: usize) -> String {
    // Spread over 鼓楼 so that the duplicate check does not refuse them.
    let lng = 118.755 + 0.0004 * (i % 50) as f64;
    let lat = 32.062 + 0.0004 * (i / 50 % 50) as f64;
    serde_json::json!({ "id": null, "publish": true, "form": {
        "trade": "kitchen_helper", "title": title, "description": "看板基准测试", "requirements": "",
        "address": "中山路1号", "location": { "lng": lng, "lat": lat }, "market": null, "pay_cents": 20000,
        "pay_unit": "day", "start_date": today, "end_date": today, "shift_minutes": 480, "headcount": 1,
        "tags": [], "contact": "platform" } })
    .to_string()
}

#[tokio::main]
async fn main() {
    let Setup {
        pool,
        base,
        rounds,
        today,
    } = Setup::from_env(100).await;
    let other =
        std::env::var("LINGONG_BENCH_URL2").unwrap_or_else(|_| "http://127.0.0.1:3201".to_owned());
    let other_pid: Option<u32> = std::env::var("LINGONG_BENCH_PID2")
        .ok()
        .and_then(|p| p.parse().ok());
    let rate: u64 = std::env::var("LINGONG_BENCH_RATE")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let subscribers: usize = std::env::var("LINGONG_BENCH_SUBSCRIBERS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5000);
    let run = std::process::id();

    // First render of the board pages.
    let market: String = sqlx::query_scalar(
        "SELECT m.slug FROM markets m ORDER BY (SELECT count(*) FROM postings p WHERE p.market_id = m.id) DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a market");
    println!("\nfirst render of a board page (GET, server-side HTML):");
    let mut connection = Connection::open(&base).await;
    for path in [
        "/boards/province/jiangsu".to_owned(),
        "/boards/city/320100".to_owned(),
        format!("/boards/district/{DISTRICT}"),
        format!("/boards/market/{market}"),
    ] {
        let (status, _) = connection.get(&path).await;
        assert_eq!(status, 200, "{path}");
        let mut samples = Vec::new();
        for _ in 0..rounds {
            let started = Instant::now();
            let (status, body) = connection.get(&path).await;
            samples.push(started.elapsed());
            assert_eq!(status, 200);
            assert!(body.len() > 1000);
        }
        print(&path, samples);
    }

    // Event → board on the other instance, at `rate` changes a second.
    let headers = Arc::new(common::employer_session(&pool, "19900000006").await);
    let mut board = subscribe(&other, &format!("/api/boards/district/{DISTRICT}/events")).await;
    next_board(&mut board).await.expect("first board");
    let changes = (rate * 20) as usize;
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel::<(String, Instant)>();
    let watcher = tokio::spawn(async move {
        while let Some((_, data)) = next_board(&mut board).await {
            let at = Instant::now();
            let board: serde_json::Value = serde_json::from_str(&data).expect("board json");
            for posting in board["newest"].as_array().into_iter().flatten() {
                if let Some(title) = posting["title"].as_str() {
                    if title.starts_with("看板基准") {
                        let _ = seen_tx.send((title.to_owned(), at));
                    }
                }
            }
        }
    });
    // Four connections share the schedule so a slow publish does not delay the next one.
    let started = Instant::now();
    let (sent_tx, mut sent_rx) = mpsc::unbounded_channel::<(String, Instant)>();
    let mut publishers = Vec::new();
    for lane in 0..4usize {
        let (base, headers, sent_tx) = (base.clone(), headers.clone(), sent_tx.clone());
        publishers.push(tokio::spawn(async move {
            let mut connection = Connection::open(&base).await;
            for i in (lane..changes).step_by(4) {
                let due = started + Duration::from_micros(1_000_000 * i as u64 / rate);
                tokio::time::sleep_until(due.into()).await;
                let title = format!("看板基准{run}-{i}");
                let sent = Instant::now();
                let (status, response) = connection
                    .post_with(
                        "/api/employer/save-posting",
                        &publish_body(&title, today, i),
                        &headers,
                    )
                    .await;
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&response));
                let _ = sent_tx.send((title, sent));
            }
        }));
    }
    drop(sent_tx);
    for publisher in publishers {
        publisher.await.expect("publisher");
    }
    let elapsed = started.elapsed();
    let mut sent = std::collections::HashMap::new();
    while let Some((title, at)) = sent_rx.recv().await {
        sent.insert(title, at);
    }
    let mut seen = std::collections::HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while seen.len() < sent.len() && Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(500), seen_rx.recv()).await {
            Ok(Some((title, at))) => {
                seen.entry(title).or_insert(at);
            }
            _ => continue,
        }
    }
    watcher.abort();
    let latencies: Vec<Duration> = sent
        .iter()
        .filter_map(|(title, at)| seen.get(title).map(|s| s.saturating_duration_since(*at)))
        .collect();
    println!(
        "\nevent → board on the other instance ({} publishes in {:.1} s = {:.0}/s; {} of them seen):",
        sent.len(),
        elapsed.as_secs_f64(),
        sent.len() as f64 / elapsed.as_secs_f64(),
        latencies.len()
    );
    print("publish → other instance's board", latencies);

    // Fan-out to many subscribers of one board.
    let rss_idle = rss_mb(other_pid);
    let path = "/api/boards/province/jiangsu/events";
    let slow = 100.min(subscribers / 10);
    let mut idle = Vec::new();
    for _ in 0..slow {
        // Connected, and never read again: must not hold the others up or grow without bound.
        idle.push(subscribe(&other, path).await);
    }
    let (first_tx, mut first_rx) = mpsc::unbounded_channel::<i64>();
    let (next_tx, mut next_rx) = mpsc::unbounded_channel::<Instant>();
    let connect_started = Instant::now();
    let mut readers = Vec::new();
    for _ in slow..subscribers {
        let mut reader = subscribe(&other, path).await;
        let (first_tx, next_tx) = (first_tx.clone(), next_tx.clone());
        readers.push(tokio::spawn(async move {
            let (first, _) = next_board(&mut reader).await.expect("first board");
            let _ = first_tx.send(first);
            while let Some((change, _)) = next_board(&mut reader).await {
                if change > first {
                    let _ = next_tx.send(Instant::now());
                    break;
                }
            }
            // Hold the stream open until the bench ends.
            std::future::pending::<()>().await;
        }));
    }
    let mut first_change = 0;
    for _ in slow..subscribers {
        first_change = first_change.max(first_rx.recv().await.expect("first board"));
    }
    let connected_in = connect_started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_held = rss_mb(other_pid);
    // The peak while the new board goes out to everyone, sampled every 20 ms (in kB).
    let peak_kb = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampler = tokio::spawn({
        let peak_kb = peak_kb.clone();
        async move {
            loop {
                if let Some(rss) = rss_mb(other_pid) {
                    peak_kb.fetch_max((rss * 1024.0) as u64, std::sync::atomic::Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    });
    let mut connection = Connection::open(&base).await;
    let sent = Instant::now();
    let (status, _) = connection
        .post_with(
            "/api/employer/save-posting",
            &publish_body(&format!("看板基准{run}-fanout"), today, changes),
            &headers,
        )
        .await;
    assert_eq!(status, 200);
    let mut last = sent;
    let mut received = 0;
    while received < subscribers - slow {
        match tokio::time::timeout(Duration::from_secs(10), next_rx.recv()).await {
            Ok(Some(at)) => {
                received += 1;
                last = last.max(at);
            }
            _ => break,
        }
    }
    sampler.abort();
    let peak = peak_kb.load(std::sync::atomic::Ordering::Relaxed);
    let rss_peak = (peak > 0).then(|| peak as f64 / 1024.0);
    println!(
        "\nfan-out to {subscribers} subscribers of the province board ({slow} of them never reading):"
    );
    println!(
        "  connected and first board to all in {:.1} s",
        connected_in.as_secs_f64()
    );
    println!(
        "  publish → new board at all {received} reading subscribers: {:.0} ms",
        (last - sent).as_secs_f64() * 1000.0
    );
    let mb = |v: Option<f64>| {
        v.map_or("unknown (set LINGONG_BENCH_PID2)".to_owned(), |v| {
            format!("{v:.1} MB")
        })
    };
    println!(
        "  second instance RSS: idle {}, holding the streams {}, peak during the fan-out {}",
        mb(rss_idle),
        mb(rss_held),
        mb(rss_peak)
    );
    for reader in readers {
        reader.abort();
    }
    drop(idle);

    // Churn: streams that come and go leave nothing behind.
    for round in 1..=5 {
        let mut batch = Vec::new();
        for _ in 0..2000 {
            let mut reader = subscribe(&other, path).await;
            next_board(&mut reader).await.expect("board");
            batch.push(reader);
        }
        drop(batch);
        tokio::time::sleep(Duration::from_millis(500)).await;
        println!(
            "  churn round {round}: 2,000 streams opened and dropped; RSS {}",
            mb(rss_mb(other_pid))
        );
    }

    let closed = sqlx::query(
        "UPDATE postings SET status = 'closed' WHERE title LIKE '看板基准%' AND status <> 'closed'",
    )
    .execute(&pool)
    .await
    .expect("close bench postings")
    .rows_affected();
    println!("\nclosed {closed} bench postings");
}

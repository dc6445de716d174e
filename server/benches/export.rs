//! The full export of open postings (see BENCHMARKS.md, "The public API"): how long a partner waits
//! for every open posting as JSON Lines, and how much the server's memory grows meanwhile.
//!
//! ```sh
//! ./target/release/server serve --addr 127.0.0.1:3200 &
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 \
//!   LINGONG_BENCH_PID=$(pgrep -f 'serve --addr 127.0.0.1:3200') cargo bench -p server --bench export
//! ```
//!
//! It makes a key of its own in the database (revoked at the end), reads
//! `/api/v1/export/postings.jsonl` and then `/api/v1/export/job-postings.jsonl` as a slow-enough
//! client would (decoding the chunked body as it arrives, keeping none of it), and samples the
//! server's resident memory every 20 ms: the growth is the peak of those samples over the resident
//! memory just before.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[allow(dead_code)]
mod common;
use common::{resident_kb, Setup};

/// Reads a chunked response to the end: status, lines and bytes of the body.
async fn read_export(base: &str, path: &str, secret: &str) -> (u16, u64, u64) {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let stream = TcpStream::connect(host)
        .await
        .expect("the bench server must be running");
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nX-Api-Key: {secret}\r\nConnection: close\r\n\r\n"
    );
    reader
        .get_mut()
        .write_all(request.as_bytes())
        .await
        .expect("write");
    let mut line = String::new();
    reader.read_line(&mut line).await.expect("status");
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let mut chunked = false;
    loop {
        line.clear();
        reader.read_line(&mut line).await.expect("header");
        if line == "\r\n" {
            break;
        }
        if line.to_ascii_lowercase().starts_with("transfer-encoding:") && line.contains("chunked") {
            chunked = true;
        }
    }
    assert!(chunked, "the export is streamed");
    let (mut lines, mut bytes) = (0u64, 0u64);
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        line.clear();
        reader.read_line(&mut line).await.expect("chunk size");
        let mut left = usize::from_str_radix(line.trim(), 16).expect("chunk size");
        if left == 0 {
            return (status, lines, bytes);
        }
        while left > 0 {
            let take = left.min(buffer.len());
            reader.read_exact(&mut buffer[..take]).await.expect("chunk");
            lines += buffer[..take].iter().filter(|&&b| b == b'\n').count() as u64;
            bytes += take as u64;
            left -= take;
        }
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf).await.expect("chunk end");
    }
}

#[tokio::main]
async fn main() {
    let setup = Setup::from_env(1).await;
    let pid: Option<u32> = std::env::var("LINGONG_BENCH_PID")
        .ok()
        .and_then(|p| p.parse().ok());
    assert!(
        pid.is_some(),
        "LINGONG_BENCH_PID: the server's pid, for its memory"
    );
    let secret = format!("lg_{}", &app::auth::token::random_hex()[..48]);
    let admin: i64 = sqlx::query_scalar("SELECT id FROM accounts ORDER BY id LIMIT 1")
        .fetch_one(&setup.pool)
        .await
        .expect("an account to make the key as");
    let key: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (partner, prefix, secret_sha256, per_minute, created_by)
         VALUES ('export benchmark', $1, $2, 100, $3) RETURNING id",
    )
    .bind(&secret[..11])
    .bind(app::auth::token::digest(&[&secret]).as_slice())
    .bind(admin)
    .fetch_one(&setup.pool)
    .await
    .expect("key");
    let open: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM postings WHERE status = 'open' AND end_date >= lingong_china_today()",
    )
    .fetch_one(&setup.pool)
    .await
    .expect("count");
    println!("open postings: {open}");

    for path in [
        "/api/v1/export/postings.jsonl",
        "/api/v1/export/job-postings.jsonl",
    ] {
        let before = resident_kb(pid);
        let peak = Arc::new(AtomicU64::new(before));
        let done = Arc::new(AtomicBool::new(false));
        let sampler = {
            let (peak, done) = (peak.clone(), done.clone());
            tokio::spawn(async move {
                while !done.load(Ordering::Relaxed) {
                    peak.fetch_max(resident_kb(pid), Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        };
        let started = Instant::now();
        let (status, lines, bytes) = read_export(&setup.base, path, &secret).await;
        let took = started.elapsed();
        done.store(true, Ordering::Relaxed);
        sampler.await.expect("sampler");
        assert_eq!(status, 200);
        assert_eq!(lines as i64, open, "every open posting, once");
        let growth = peak.load(Ordering::Relaxed).saturating_sub(before);
        println!(
            "{path}: {lines} lines, {:.0} MB in {:.1} s ({:.0} lines/s); server RSS before {} MB, growth at peak {:.1} MB",
            bytes as f64 / 1e6,
            took.as_secs_f64(),
            lines as f64 / took.as_secs_f64(),
            before / 1024,
            growth as f64 / 1024.0
        );
    }
    sqlx::query("UPDATE api_keys SET revoked_at = now(), revoked_by = created_by WHERE id = $1")
        .bind(key)
        .execute(&setup.pool)
        .await
        .expect("revoke");
}

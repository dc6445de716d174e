//! 零工巴士 benchmark (issue 23) against a loaded database and a running server (see BENCHMARKS.md).
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 cargo bench -p server --bench buses
//! ```
//!
//! A 45-seat run from the first market, leaving in three hours; `LINGONG_BENCH_WORKERS` (default 500)
//! demo workers, each signed in on a connection of their own, all released at once to take a seat
//! through `buses/seat` over HTTP. The run must end with exactly 45 riders: 45 answers 200, the rest
//! 409 (full), and the database's count and rows agreeing. `LINGONG_BENCH_ROUNDS` (default 3) runs, each
//! deleted at the end.

use std::sync::Arc;
use std::time::{Duration, Instant};

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{stats, worker_session, Connection, Setup};

const SEATS: i16 = 45;

#[tokio::main]
async fn main() {
    let Setup {
        pool, base, rounds, ..
    } = Setup::from_env(3).await;
    let workers: i64 = std::env::var("LINGONG_BENCH_WORKERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let people: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, phone FROM workers WHERE is_demo ORDER BY (id * 7919) % 100003 LIMIT $1",
    )
    .bind(workers)
    .fetch_all(&pool)
    .await
    .expect("workers: load the demo data first");
    let mut sessions = Vec::new();
    for (worker, phone) in &people {
        sessions.push(worker_session(&pool, *worker, phone).await);
    }
    println!(
        "零工巴士: {} workers at once on a {SEATS}-seat run, {rounds} rounds",
        sessions.len()
    );

    let mut all = Vec::new();
    for round in 1..=rounds {
        let run: i64 = sqlx::query_scalar(
            "INSERT INTO bus_runs (market_id, departs_at, destination, seats)
             VALUES ((SELECT min(id) FROM markets), now() + interval '3 hours', '基准零工巴士', $1)
             RETURNING id",
        )
        .bind(SEATS)
        .fetch_one(&pool)
        .await
        .expect("run");
        // Every client connected before any asks: the requests then arrive together.
        let mut connections = Vec::new();
        for _ in &sessions {
            connections.push(Connection::open(&base).await);
        }
        let start = Arc::new(tokio::sync::Barrier::new(sessions.len()));
        let tasks: Vec<_> = connections
            .into_iter()
            .zip(sessions.iter().cloned())
            .map(|(mut connection, headers)| {
                let start = start.clone();
                tokio::spawn(async move {
                    start.wait().await;
                    let began = Instant::now();
                    let (status, _) = connection
                        .post_form_with(
                            "/api/buses/seat",
                            &format!("run_id={run}&take=true"),
                            &headers,
                        )
                        .await;
                    (status, began.elapsed())
                })
            })
            .collect();
        let mut samples: Vec<Duration> = Vec::new();
        let (mut taken, mut full, mut other) = (0, 0, 0);
        for task in tasks {
            let (status, took) = task.await.expect("client");
            samples.push(took);
            match status {
                200 => taken += 1,
                409 => full += 1,
                _ => other += 1,
            }
        }
        let (count, recorded): (i64, i16) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM bus_seats WHERE run_id = $1 AND status = 'reserved'),
                    (SELECT taken FROM bus_runs WHERE id = $1)",
        )
        .bind(run)
        .fetch_one(&pool)
        .await
        .expect("count");
        let s = stats(samples.clone());
        println!(
            "  round {round}: {taken} seated, {full} refused as full, {other} other; stored {count} seats, \
             run says {recorded}; median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            s.median_ms, s.p95_ms, s.max_ms
        );
        assert_eq!(
            (taken, full, other, count, recorded),
            (
                i64::from(SEATS),
                sessions.len() as i64 - i64::from(SEATS),
                0,
                i64::from(SEATS),
                SEATS
            ),
            "the run was not filled exactly"
        );
        all.extend(samples);
        sqlx::query("DELETE FROM bus_runs WHERE id = $1")
            .bind(run)
            .execute(&pool)
            .await
            .expect("clean up");
    }
    let s = stats(all);
    println!(
        "  buses/seat, all rounds: median {:.1} ms   p95 {:.1} ms   p99 {:.1} ms",
        s.median_ms, s.p95_ms, s.p99_ms
    );
}

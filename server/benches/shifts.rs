//! Check-in benchmark (issue 22) against a loaded database and a running server (see BENCHMARKS.md).
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 cargo bench -p server --bench shifts
//! ```
//!
//! A posting of the first demo organisation whose shift runs all of today, `LINGONG_BENCH_WORKERS`
//! (default 400) demo workers accepted for it, each signed in; then everyone checks in at once, eight
//! requests in flight (a crowd at the gate in the morning), and later checks out the same way, each
//! with the code of the moment as the employer's phone shows it. It measures the server function
//! `shifts/clock` over HTTP. The posting is closed at the end (title 基准签到…).

use std::time::{Duration, Instant};

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{stats, worker_session, Connection, Setup};

const IN_FLIGHT: usize = 8;

fn print(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let s = stats(samples);
    println!(
        "  {name:<28} median {:7.2} ms   p95 {:7.2} ms   p99 {:7.2} ms   ({n} samples)",
        s.median_ms, s.p95_ms, s.p99_ms
    );
}

/// Every worker clocks one way, `IN_FLIGHT` at a time; the latencies, all answers checked.
async fn clock_all(
    base: &str,
    posting: i64,
    secret: &[u8],
    sessions: &[String],
    direction: &str,
) -> Vec<Duration> {
    let chunks: Vec<Vec<String>> = sessions
        .chunks(sessions.len().div_ceil(IN_FLIGHT))
        .map(<[String]>::to_vec)
        .collect();
    let tasks: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let base = base.to_owned();
            let secret = secret.to_vec();
            let direction = direction.to_owned();
            tokio::spawn(async move {
                let mut connection = Connection::open(&base).await;
                let mut samples = Vec::new();
                for headers in chunk {
                    let (code, _) = app::auth::check_in_code::code_at(
                        &secret,
                        app::auth::check_in_code::now_unix(),
                    );
                    let body = format!("posting_id={posting}&direction={direction}&code={code}");
                    let started = Instant::now();
                    let (status, answer) = connection
                        .post_form_with("/api/shifts/clock", &body, &headers)
                        .await;
                    samples.push(started.elapsed());
                    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
                }
                samples
            })
        })
        .collect();
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await.expect("clients"));
    }
    samples
}

#[tokio::main]
async fn main() {
    let Setup { pool, base, .. } = Setup::from_env(1).await;
    let workers: i64 = std::env::var("LINGONG_BENCH_WORKERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);

    let posting: i64 = sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, start_time, shift_minutes, headcount)
         SELECT employer_id, trade_code, '基准签到' || (extract(epoch FROM now())::bigint % 100000), address,
                location, city_adcode, district_adcode, pay_cents, pay_unit,
                (now() AT TIME ZONE 'Asia/Shanghai')::date, (now() AT TIME ZONE 'Asia/Shanghai')::date,
                '00:00', 1440, 999
           FROM postings WHERE is_demo ORDER BY id LIMIT 1
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .expect("a demo posting to copy: load the demo data first");
    let people: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, phone FROM workers WHERE is_demo ORDER BY (id * 7919) % 100003 LIMIT $1",
    )
    .bind(workers)
    .fetch_all(&pool)
    .await
    .expect("workers");
    let mut sessions = Vec::new();
    for (worker, phone) in &people {
        sqlx::query(
            "INSERT INTO applications (posting_id, worker_id, status, decided_at)
             VALUES ($1, $2, 'accepted', now())",
        )
        .bind(posting)
        .bind(worker)
        .execute(&pool)
        .await
        .expect("place");
        sessions.push(worker_session(&pool, *worker, phone).await);
    }
    let secret: Vec<u8> =
        sqlx::query_scalar("INSERT INTO check_in_keys (posting_id) VALUES ($1) RETURNING secret")
            .bind(posting)
            .fetch_one(&pool)
            .await
            .expect("key");
    println!(
        "check-in: {} workers on posting {posting}, {IN_FLIGHT} requests in flight",
        sessions.len()
    );

    let arrivals = clock_all(&base, posting, &secret, &sessions, "in").await;
    // Out after at least a second, so every shift has a departure after its arrival.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let departures = clock_all(&base, posting, &secret, &sessions, "out").await;
    print("shifts/clock, check in", arrivals);
    print("shifts/clock, check out", departures);

    let (days, out): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(checked_out_at) FROM shift_days d JOIN applications a ON a.id = d.application_id
          WHERE a.posting_id = $1",
    )
    .bind(posting)
    .fetch_one(&pool)
    .await
    .expect("days");
    println!("  recorded: {days} arrivals, {out} departures");
    assert_eq!((days, out), (people.len() as i64, people.len() as i64));
    sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
        .bind(posting)
        .execute(&pool)
        .await
        .expect("close");
}

//! Saved-search alerts at province scale (issue 26), against a loaded database with saved searches and a
//! running release server (see BENCHMARKS.md):
//!
//! ```sh
//! server seed --postings 1100000 --workers 750000 --employers 20000 --saved-searches 7500000
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 cargo bench -p server --bench alerts
//! ```
//!
//! It measures:
//! - publishing through the server function (`/api/employer/save-posting`), one at a time: what an
//!   employer waits for, now that the matching is out of the publishing transaction;
//! - publishing at a steady 50 a second for a minute, from many connections (by default in an hour
//!   without alerts yet, the heaviest: `LINGONG_BENCH_HOUR=continued` keeps the digests the postings
//!   published one at a time opened): each publication's own
//!   time, and for every one of them the time from its publication to its alerts being delivered by
//!   the alerts job (`alert_queue.queued_at` → `delivered_at`, both stamped by the database);
//! - that no alert was written twice (every (account, posting) pair once in the feeds), and that none
//!   was missed or added: for a sample of the published postings, the alerts against a recount that
//!   reads every saved search with every filter written out (the statement publishing used to run);
//! - how many alerts a publication makes, and how many notifications they became (the digests).
//!
//! It adds bench postings (titles 基准提醒…) and closes them at the end; the alerts it makes stay in the
//! demo workers' feeds.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::model::Point;
use tokio::sync::Mutex;

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{stats, Connection, Lcg, Setup};

const RATE_PER_SECOND: u64 = 50;
const LOAD_SECONDS: u64 = 60;
const CONNECTIONS: usize = 16;
const ONE_AT_A_TIME: usize = 200;
/// Published postings whose alerts are recounted the slow way (seconds each at 7.5 M saved searches).
const RECOUNTED: usize = 12;

fn print(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let s = stats(samples);
    println!(
        "  {name:<44} median {:8.2} ms   p95 {:8.2} ms   max {:8.2} ms   ({n})",
        s.median_ms, s.p95_ms, s.max_ms
    );
}

/// What publications draw from: the trades (with names) and the places people work around.
struct Universe {
    trades: Vec<(String, String)>,
    places: Vec<(f64, f64)>,
    today: chrono::NaiveDate,
}

fn posting_body(universe: &Universe, random: &mut Lcg, n: usize) -> String {
    let (code, name) = &universe.trades[random.next(universe.trades.len())];
    let (lng, lat) = universe.places[random.next(universe.places.len())];
    let point = Point::new(
        lng + (random.next(2001) as f64 - 1000.0) / 25_000.0,
        lat + (random.next(2001) as f64 - 1000.0) / 25_000.0,
    )
    .expect("a point in the service area");
    let words = ["日结", "急招", "长期", "周末", "夜班", "兼职"];
    let title = format!("基准提醒{name}{}{n}", words[random.next(words.len())]);
    serde_json::json!({ "id": null, "publish": true, "form": {
        "trade": code, "title": title, "description": "基准测试", "requirements": "",
        "address": "中山路1号", "location": point, "market": null,
        "pay_cents": 100 * (150 + 10 * random.next(20)) as i64, "pay_unit": "day",
        "start_date": universe.today, "end_date": universe.today, "shift_minutes": 480, "headcount": 1,
        "tags": [], "contact": "platform" } })
    .to_string()
}

async fn publish(connection: &mut Connection, headers: &str, body: &str) -> (i64, Duration) {
    let started = Instant::now();
    let (status, response) = connection
        .post_with("/api/employer/save-posting", body, headers)
        .await;
    let took = started.elapsed();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&response));
    let id = serde_json::from_slice::<serde_json::Value>(&response).expect("json")["id"]
        .as_i64()
        .expect("id");
    (id, took)
}

#[tokio::main]
async fn main() {
    let Setup {
        pool, base, today, ..
    } = Setup::from_env(1).await;
    let (searches, keepers): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT worker_id) FROM saved_searches")
            .fetch_one(&pool)
            .await
            .expect("saved searches");
    assert!(
        searches > 0,
        "load saved searches first: server seed … --saved-searches 7500000"
    );
    println!("\nsaved searches: {searches}, kept by {keepers} workers");
    let universe = Universe {
        trades: sqlx::query_as(
            "SELECT code, name FROM trades WHERE parent_code IS NOT NULL ORDER BY code",
        )
        .fetch_all(&pool)
        .await
        .expect("trades"),
        places: sqlx::query_as(
            "SELECT ST_X(location), ST_Y(location) FROM markets
             UNION ALL SELECT ST_X(centre), ST_Y(centre) FROM districts",
        )
        .fetch_all(&pool)
        .await
        .expect("places"),
        today,
    };
    let headers = common::employer_session(&pool, "19900000026").await;
    let mut random = Lcg(26);
    let mut published: Vec<i64> = Vec::new();

    // One at a time.
    let mut connection = Connection::open(&base).await;
    let mut alone = Vec::new();
    for n in 0..ONE_AT_A_TIME {
        let body = posting_body(&universe, &mut random, n);
        let (id, took) = publish(&mut connection, &headers, &body).await;
        published.push(id);
        alone.push(took);
    }
    println!("\npublishing, one at a time:");
    print("server function (save and publish)", alone);
    wait_delivered(&pool, &published).await;

    // The minute at 50/s is, by default, the first of an hour without alerts, the heaviest: every
    // worker it reaches gets a new alert rather than a part of one. The alerts so far are moved two
    // hours back, and the round counter stepped on, as another deliverer would, so the deliverer reads
    // its memory of recent alerts again. LINGONG_BENCH_HOUR=continued keeps them.
    let continued = std::env::var("LINGONG_BENCH_HOUR").is_ok_and(|h| h == "continued");
    if !continued {
        sqlx::query(
            "UPDATE notifications SET created_at = created_at - interval '2 hours'
              WHERE kind = 'alert_match' AND created_at > now() - interval '2 hours'",
        )
        .execute(&pool)
        .await
        .expect("an hour passes");
        sqlx::query("UPDATE alert_rounds SET round = round + 1")
            .execute(&pool)
            .await
            .expect("an hour passes");
    }
    println!(
        "
the minute at 50/s: {}",
        if continued {
            "the same hour (the alerts of the postings above are open digests)"
        } else {
            "the first of an hour without alerts"
        }
    );

    // A steady 50 a second for a minute.
    let bodies: Vec<String> = (0..(RATE_PER_SECOND * LOAD_SECONDS) as usize)
        .map(|n| posting_body(&universe, &mut random, ONE_AT_A_TIME + n))
        .collect();
    let bodies = Arc::new(Mutex::new(bodies.into_iter()));
    let interval = Duration::from_micros(1_000_000 / RATE_PER_SECOND);
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let (base, headers, bodies) = (base.clone(), headers.clone(), bodies.clone());
            tokio::spawn(async move {
                let mut connection = Connection::open(&base).await;
                let mut done = Vec::new();
                loop {
                    let Some(body) = bodies.lock().await.next() else {
                        return done;
                    };
                    // Publication n is due at n × interval; connections take turns.
                    let n = done.len() * CONNECTIONS + c;
                    let due = started + interval * n as u32;
                    tokio::time::sleep_until(due.into()).await;
                    done.push(publish(&mut connection, &headers, &body).await);
                }
            })
        })
        .collect();
    let mut under_load = Vec::new();
    let mut loaded_ids = Vec::new();
    for task in tasks {
        for (id, took) in task.await.expect("publisher") {
            loaded_ids.push(id);
            under_load.push(took);
        }
    }
    let sent_for = started.elapsed();
    println!(
        "\npublishing at {RATE_PER_SECOND}/s for {LOAD_SECONDS} s ({} postings in {:.1} s):",
        loaded_ids.len(),
        sent_for.as_secs_f64()
    );
    print("server function (save and publish)", under_load);
    wait_delivered(&pool, &loaded_ids).await;
    let delays: Vec<(f64,)> = sqlx::query_as(
        "SELECT extract(epoch FROM delivered_at - queued_at)::float8 FROM alert_queue
          WHERE posting_id = ANY($1)",
    )
    .bind(&loaded_ids)
    .fetch_all(&pool)
    .await
    .expect("delays");
    print(
        "publication to alerts delivered",
        delays
            .iter()
            .map(|(s,)| Duration::from_secs_f64(s.max(0.0)))
            .collect(),
    );
    let late = delays.iter().filter(|(s,)| *s > 10.0).count();
    println!("  delivered later than 10 s: {late} of {}", delays.len());
    published.extend(&loaded_ids);

    // What the alerts were: pairs, duplicates, notifications.
    // An alert's postings: its first ones (`alerted`) and those appended as its parts.
    let (pairs, distinct, notifications, grown): (i64, i64, i64, i64) = sqlx::query_as(
        "WITH told AS (
             SELECT n.id, n.account_id, a.posting, cardinality(n.alerted) > 1 AS several
               FROM notifications n CROSS JOIN LATERAL unnest(n.alerted) a (posting)
              WHERE n.kind = 'alert_match' AND a.posting = ANY($1)
             UNION ALL
             SELECT n.id, n.account_id, a.posting, true
               FROM alert_parts g JOIN notifications n ON n.id = g.notification_id
              CROSS JOIN LATERAL unnest(g.postings) a (posting)
              WHERE a.posting = ANY($1))
         SELECT count(*), count(DISTINCT (account_id, posting)), count(DISTINCT id),
                count(DISTINCT id) FILTER (WHERE several)
           FROM told",
    )
    .bind(&published)
    .fetch_one(&pool)
    .await
    .expect("alerts");
    println!(
        "\nalerts for the {} postings published: {pairs} (account, posting) pairs, {:.0} a posting; \
         written twice: {}; in {notifications} notifications ({grown} of them digests of several)",
        published.len(),
        pairs as f64 / published.len() as f64,
        pairs - distinct
    );

    // None missed, none added: a sample recounted by reading every saved search.
    let mut missing = 0;
    let mut extra = 0;
    let mut recounted_pairs = 0;
    let mut recount_time = Vec::new();
    for i in 0..RECOUNTED {
        let posting = published[(i * 7919) % published.len()];
        let started = Instant::now();
        let (expected, both): (i64, i64) = sqlx::query_as(
            "WITH expected AS (
                 SELECT DISTINCT a.id AS account_id
                   FROM postings p
                   JOIN saved_searches s ON true
                   JOIN accounts a ON a.worker_id = s.worker_id AND a.status = 'active'
                  WHERE p.id = $1 AND p.status = 'open'
                    AND (s.trade_code IS NULL OR s.trade_code = p.trade_code
                         OR s.trade_code = (SELECT parent_code FROM trades WHERE code = p.trade_code))
                    AND (s.city_adcode IS NULL OR s.city_adcode = p.city_adcode)
                    AND (s.district_adcode IS NULL OR s.district_adcode = p.district_adcode)
                    AND (s.centre IS NULL OR ST_DWithin(s.centre::geography, p.location::geography, s.radius_m))
                    AND (s.keyword IS NULL OR lingong_title_says(p.title, s.keyword)
                         OR p.trade_code = ANY(lingong_keyword_trades(s.keyword)))
                    AND (s.min_pay_cents IS NULL OR (p.pay_unit = s.min_pay_unit AND p.pay_cents >= s.min_pay_cents))
                    AND (s.max_shift_minutes IS NULL OR p.shift_minutes <= s.max_shift_minutes)
                    AND p.tags @> s.tags),
             told AS (
                 SELECT account_id FROM notifications
                  WHERE kind = 'alert_match' AND alerted @> ARRAY[$1::bigint]
                 UNION
                 SELECT n.account_id FROM alert_parts g JOIN notifications n ON n.id = g.notification_id
                  WHERE g.postings @> ARRAY[$1::bigint])
             SELECT (SELECT count(*) FROM expected),
                    (SELECT count(*) FROM expected JOIN told USING (account_id))",
        )
        .bind(posting)
        .fetch_one(&pool)
        .await
        .expect("recount");
        recount_time.push(started.elapsed());
        let told: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (
                 SELECT account_id FROM notifications
                  WHERE kind = 'alert_match' AND alerted @> ARRAY[$1::bigint]
                 UNION
                 SELECT n.account_id FROM alert_parts g JOIN notifications n ON n.id = g.notification_id
                  WHERE g.postings @> ARRAY[$1::bigint]) t",
        )
        .bind(posting)
        .fetch_one(&pool)
        .await
        .expect("told");
        missing += expected - both;
        extra += told - both;
        recounted_pairs += expected;
    }
    println!(
        "recounted {RECOUNTED} postings by reading every saved search: {recounted_pairs} alerts expected, \
         {missing} missed, {extra} not expected"
    );
    print("the recount, one posting (the old statement)", recount_time);

    sqlx::query(
        "UPDATE postings SET status = 'closed' WHERE title LIKE '基准提醒%' AND status = 'open'",
    )
    .execute(&pool)
    .await
    .expect("close bench postings");
}

/// Waits until the alerts job has delivered every one of `postings`.
async fn wait_delivered(pool: &sqlx::PgPool, postings: &[i64]) {
    let started = Instant::now();
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM alert_queue WHERE posting_id = ANY($1) AND delivered_at IS NULL",
        )
        .bind(postings)
        .fetch_one(pool)
        .await
        .expect("queue");
        if waiting == 0 {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1800),
            "{waiting} postings still waiting for their alerts after 30 minutes"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

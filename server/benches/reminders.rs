//! The evening before, at province scale (issue 22): every place on tomorrow's shifts reminded by text,
//! by two instances, one of them restarted halfway, and no text sent twice (see BENCHMARKS.md).
//!
//! ```sh
//! DATABASE_URL=… LINGONG_SERVER_BIN=target/release/server cargo bench -p server --bench reminders
//! ```
//!
//! Set-up: `LINGONG_BENCH_SHIFTS` (default 100,000) workers of the bench's own (phones 166…, named
//! 基准提醒), each with an account and a place accepted on tomorrow's shift at 08:00 of one of a fifth as
//! many postings copied from a demo posting. Then two release servers start on ports 3201 and 3202 with
//! `LINGONG_REMINDERS_FROM=00:00`, so that whenever the bench runs it is "the evening before" for them;
//! their gateway is the development one, which writes every text to the server's log: a log line is a
//! text handed to the gateway. When a third of the texts are out, the first server is stopped (SIGTERM,
//! as a deployment restarts it) and started again. Measured: from the servers' start to every reminder
//! written and to every one sent; then every log is read and the texts counted per phone. The bench's
//! workers and postings are deleted at the end (and before, if a run was interrupted).
//!
//! Texts wait for the morning from 21:00 China time (the quiet hours): run it between 07:00 and 21:00.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::PgPool;

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::Setup;

/// The bench's phone numbers: 166 and eight digits, a block no other data uses.
const PHONES: &str = "166";
const TITLE: &str = "基准提醒";
/// A reminder as the development gateway logs it (`lingong::sms`), in either language.
const REMINDER_MARKS: [&str; 2] = ["明天08:00", "Tomorrow 08:00"];
/// The whole run may take at most this long (the issue asks for 10 minutes).
const LIMIT: Duration = Duration::from_secs(15 * 60);

/// Runs `statements` in one transaction as the demo loader does: the boards' triggers would count every
/// row one by one (100,000 acceptances are 100,000 changes of the same tally row), so their tallies of
/// today are rebuilt once at the end instead. A market accepts its places one at a time.
async fn in_bulk(pool: &PgPool, statements: &[(&str, i64)]) {
    let mut tx = pool.begin().await.expect("transaction");
    sqlx::query("SET LOCAL lingong.bulk_load = 'on'")
        .execute(&mut *tx)
        .await
        .expect("bulk load");
    for (statement, n) in statements {
        sqlx::query(statement)
            .bind(n)
            .bind(PHONES)
            .bind(TITLE)
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e} (load the demo data first)"));
    }
    sqlx::query("SET LOCAL lingong.bulk_load = 'off'")
        .execute(&mut *tx)
        .await
        .expect("bulk load off");
    sqlx::query("SELECT board_tallies_rebuild(board_today(), board_today())")
        .execute(&mut *tx)
        .await
        .expect("board tallies");
    tx.commit().await.expect("commit");
}

async fn clean(pool: &PgPool) {
    in_bulk(
        pool,
        &[
            (
                "DELETE FROM workers WHERE $1 > 0 AND phone LIKE $2 || '%' AND name = $3",
                1,
            ),
            (
                "DELETE FROM postings WHERE $1 > 0 AND $2 <> '' AND title LIKE $3 || '%' AND NOT is_demo",
                1,
            ),
        ],
    )
    .await;
}

async fn set_up(pool: &PgPool, places: i64) {
    in_bulk(
        pool,
        &[
            (
                "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode,
                                       district_adcode, pay_cents, pay_unit, start_date, end_date, start_time,
                                       shift_minutes, headcount)
                 SELECT d.employer_id, d.trade_code, $3 || g, d.address, d.location, d.city_adcode,
                        d.district_adcode, d.pay_cents, d.pay_unit, t.day, t.day, '08:00', 480, 5
                   FROM (SELECT * FROM postings WHERE is_demo AND $2 <> '' ORDER BY id LIMIT 1) d,
                        (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date + 1 AS day) t,
                        generate_series(1, ($1 + 4) / 5) g",
                places,
            ),
            (
                "WITH w AS (
                     INSERT INTO workers (phone, name)
                     SELECT $2 || lpad(g::text, 8, '0'), $3 FROM generate_series(1, $1) g
                     RETURNING id, phone)
                 INSERT INTO accounts (phone, role, worker_id) SELECT phone, 'worker', id FROM w",
                places,
            ),
            (
                "INSERT INTO applications (posting_id, worker_id, status, decided_at)
                 SELECT p.id, w.id, 'accepted', now()
                   FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM workers
                          WHERE phone LIKE $2 || '%' AND name = $3 LIMIT $1) w
                   JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM postings
                          WHERE title LIKE $3 || '%' AND NOT is_demo) p ON p.n = w.n / 5",
                places,
            ),
        ],
    )
    .await;
}

/// Starts a release server on `port`, its log (stdout and stderr) to `log`.
fn start(binary: &Path, port: u16, log: &Path) -> Child {
    let out = std::fs::File::create(log).expect("log file");
    let err = out.try_clone().expect("log file");
    Command::new(binary)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("LINGONG_REMINDERS_FROM", "00:00")
        .env("LINGONG_SMS", "log")
        .env("RUST_LOG", "info,sqlx=warn")
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .expect("the server: set LINGONG_SERVER_BIN")
}

/// Asks the server to stop as a deployment does, and waits for it.
fn stop(server: &mut Child) {
    let pid = server.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let _ = server.wait();
}

async fn counts(pool: &PgPool) -> (i64, i64) {
    sqlx::query_as(
        "SELECT count(*), count(o.sent_at) FROM shift_text_outbox o JOIN accounts a ON a.id = o.account_id
          WHERE a.phone LIKE $1 || '%' AND o.body LIKE '%' || $2 || '%'",
    )
    .bind(PHONES)
    .bind(TITLE)
    .fetch_one(pool)
    .await
    .expect("counts")
}

/// `line` without terminal colours, should the log have them.
fn plain(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // An escape runs to its final letter (`\x1b[3m`).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// Every reminder to a bench phone in the logs, as (phone, how many times).
fn texts_in(logs: &[PathBuf]) -> std::collections::HashMap<String, u32> {
    let mut texts = std::collections::HashMap::new();
    for log in logs {
        let text = std::fs::read_to_string(log).expect("log");
        for line in text.lines() {
            let line = plain(line);
            if !line.contains("development gateway")
                || !REMINDER_MARKS.iter().any(|m| line.contains(m))
            {
                continue;
            }
            let Some(at) = line.find(&format!("phone={PHONES}")) else {
                continue;
            };
            let phone: String = line[at + 6..].chars().take(11).collect();
            *texts.entry(phone).or_insert(0) += 1;
        }
    }
    texts
}

#[tokio::main]
async fn main() {
    let Setup { pool, .. } = Setup::from_env(1).await;
    let places: i64 = std::env::var("LINGONG_BENCH_SHIFTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let binary = PathBuf::from(
        std::env::var("LINGONG_SERVER_BIN").unwrap_or_else(|_| "target/release/server".to_owned()),
    );
    let quiet: bool = sqlx::query_scalar(
        "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::time NOT BETWEEN '07:00' AND '21:00'",
    )
    .fetch_one(&pool)
    .await
    .expect("clock");
    assert!(
        !quiet,
        "texts wait for the morning from 21:00 China time: run the bench between 07:00 and 21:00"
    );

    clean(&pool).await;
    let started = Instant::now();
    set_up(&pool, places).await;
    println!(
        "reminders: {places} places on {} postings tomorrow at 08:00, set up in {:.1} s",
        (places + 4) / 5,
        started.elapsed().as_secs_f64()
    );

    let logs_dir = std::env::temp_dir().join("lingong-bench-reminders");
    std::fs::create_dir_all(&logs_dir).expect("log directory");
    let logs: Vec<PathBuf> = ["a", "b", "a-restarted"]
        .iter()
        .map(|name| logs_dir.join(format!("{name}.log")))
        .collect();
    let started = Instant::now();
    let mut first = start(&binary, 3201, &logs[0]);
    let mut second = start(&binary, 3202, &logs[1]);
    let (mut written_after, mut restarted_at) = (None, None);
    let sent_after = loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (written, sent) = counts(&pool).await;
        if written_after.is_none() && written == places {
            written_after = Some(started.elapsed());
        }
        if restarted_at.is_none() && sent * 3 >= places {
            stop(&mut first);
            first = start(&binary, 3201, &logs[2]);
            restarted_at = Some((started.elapsed(), sent));
        }
        if sent == places {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < LIMIT,
            "{sent} of {places} sent after {:?}",
            started.elapsed()
        );
    };
    stop(&mut first);
    stop(&mut second);

    let texts = texts_in(&logs);
    let twice = texts.values().filter(|&&n| n > 1).count();
    let sent: u32 = texts.values().sum();
    let rows: i64 = counts(&pool).await.0;
    println!(
        "  every reminder written after {:.1} s (one statement set, by whichever instance came first)",
        written_after.map_or(f64::NAN, |d| d.as_secs_f64())
    );
    if let Some((at, sent)) = restarted_at {
        println!(
            "  instance A restarted at {:.1} s, {sent} sent by then",
            at.as_secs_f64()
        );
    }
    println!(
        "  every reminder sent after {:.1} s ({:.0} texts a second)",
        sent_after.as_secs_f64(),
        places as f64 / sent_after.as_secs_f64()
    );
    println!(
        "  in the gateways' logs: {sent} texts to {} phones, {twice} phones texted twice; outbox rows {rows}",
        texts.len()
    );
    assert_eq!(texts.len() as i64, places, "every place reminded");
    assert_eq!(twice, 0, "no text sent twice");
    assert_eq!(rows, places, "one reminder per place");
    clean(&pool).await;
}

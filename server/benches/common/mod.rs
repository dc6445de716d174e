//! What the benchmarks share: percentiles, and a minimal HTTP/1.1 keep-alive client (enough for JSON
//! POSTs to our own server, and no client library's overhead in the figures).

use std::str::FromStr;
use std::time::Duration;

use chrono::NaiveDate;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// What every benchmark starts from: the database, the running server's address, how many rounds to
/// measure, and today in China Standard Time.
pub struct Setup {
    pub pool: PgPool,
    pub base: String,
    pub rounds: usize,
    pub today: NaiveDate,
}

impl Setup {
    /// From `DATABASE_URL`, `LINGONG_BENCH_URL` (default http://127.0.0.1:3200) and
    /// `LINGONG_BENCH_ROUNDS`.
    pub async fn from_env(default_rounds: usize) -> Setup {
        let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
        let base = std::env::var("LINGONG_BENCH_URL")
            .unwrap_or_else(|_| "http://127.0.0.1:3200".to_owned());
        let rounds = std::env::var("LINGONG_BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(default_rounds);
        // The same connection settings as the server's pool (see server/src/database.rs).
        let options = PgConnectOptions::from_str(&database_url)
            .expect("DATABASE_URL")
            .options([("plan_cache_mode", "force_generic_plan"), ("jit", "off")]);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .expect("database");
        let china = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
        let today = chrono::Utc::now().with_timezone(&china).date_naive();
        let postings: i64 = sqlx::query_scalar("SELECT count(*) FROM postings")
            .fetch_one(&pool)
            .await
            .expect("count");
        println!("postings in the database: {postings}");
        Setup {
            pool,
            base,
            rounds,
            today,
        }
    }
}

/// The 13 cities' centres (lng, lat), where the demo data is densest.
pub const CITY_CENTRES: [(f64, f64); 13] = [
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

const CSRF: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// A session for an account, and the header lines that carry it (with the anti-forgery token).
pub async fn session_headers(pool: &PgPool, account_id: i64) -> String {
    let token = app::auth::token::random_hex();
    let mut conn = pool.acquire().await.expect("connection");
    app::db::auth::insert_session(
        &mut conn,
        &app::auth::token::digest(&[&token]),
        account_id,
        3600,
        7200,
        "bench",
        None,
    )
    .await
    .expect("session");
    format!("Cookie: lingong_session={token}; lingong_csrf={CSRF}\r\nx-csrf-token: {CSRF}\r\n")
}

/// A signed-in demo worker: their account (made if they have none yet) and a session for it.
pub async fn worker_session(pool: &PgPool, worker_id: i64, phone: &str) -> String {
    let account: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (phone, role, worker_id) VALUES ($1, 'worker', $2)
         ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone RETURNING id",
    )
    .bind(phone)
    .bind(worker_id)
    .fetch_one(pool)
    .await
    .expect("account");
    session_headers(pool, account).await
}

/// A signed-in employer of the first demo organisation (an account with the bench phone `phone`).
pub async fn employer_session(pool: &PgPool, phone: &str) -> String {
    let employer: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (phone, role, employer_id)
         VALUES ($1, 'employer', (SELECT min(id) FROM employers WHERE is_demo))
         ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone RETURNING id",
    )
    .bind(phone)
    .fetch_one(pool)
    .await
    .expect("employer account");
    session_headers(pool, employer).await
}

pub struct Stats {
    pub median_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

pub fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| {
        samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0
    };
    Stats {
        median_ms: at(0.5),
        p95_ms: at(0.95),
        p99_ms: at(0.99),
        max_ms: at(1.0),
    }
}

/// A minimal HTTP/1.1 keep-alive client: enough for JSON POSTs to our own server, and no client
/// library's overhead in the figures.
pub struct Connection {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Connection {
    pub async fn open(base: &str) -> Connection {
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
    pub async fn post(&mut self, path: &str, body: &str) -> (u16, Vec<u8>) {
        self.post_with(path, body, "").await
    }

    /// A POST with extra header lines (each ending in CRLF): cookies and the anti-forgery token.
    pub async fn post_with(&mut self, path: &str, body: &str, headers: &str) -> (u16, Vec<u8>) {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAccept: application/json\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.send(&request).await
    }

    /// A form POST (what a server function without a JSON codec reads) with extra header lines.
    pub async fn post_form_with(
        &mut self,
        path: &str,
        body: &str,
        headers: &str,
    ) -> (u16, Vec<u8>) {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.send(&request).await
    }

    /// A GET of a page, as a browser without compression would ask for it.
    pub async fn get(&mut self, path: &str) -> (u16, Vec<u8>) {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: text/html\r\n\r\n",
            self.host
        );
        self.send(&request).await
    }

    /// A GET of JSON (the public API), with extra header lines (each ending in CRLF).
    pub async fn get_json(&mut self, path: &str, headers: &str) -> (u16, Vec<u8>) {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n{headers}\r\n",
            self.host
        );
        self.send(&request).await
    }

    /// Sends a request and reads the response: status and body (sized or chunked).
    async fn send(&mut self, request: &str) -> (u16, Vec<u8>) {
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
        let mut chunked = false;
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
                if name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked") {
                    chunked = true;
                }
            }
        }
        if !chunked {
            let mut body = vec![0; length];
            self.reader.read_exact(&mut body).await.expect("body");
            return (status, body);
        }
        let mut body = Vec::new();
        loop {
            let mut size = String::new();
            self.reader.read_line(&mut size).await.expect("chunk size");
            let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
            let mut chunk = vec![0; size + 2];
            self.reader.read_exact(&mut chunk).await.expect("chunk");
            if size == 0 {
                return (status, body);
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
}

/// A process's resident memory, in KB (Linux): this one's, or another's by pid.
pub fn resident_kb(pid: Option<u32>) -> u64 {
    status_kb(pid, "VmRSS:")
}

/// A process's peak resident memory, in KB (Linux).
pub fn peak_kb(pid: Option<u32>) -> u64 {
    status_kb(pid, "VmHWM:")
}

/// A memory figure of `/proc/<pid>/status` (this process's without a pid), in KB; 0 where unknown.
fn status_kb(pid: Option<u32>, field: &str) -> u64 {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_owned(),
    };
    std::fs::read_to_string(path)
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A small deterministic generator: the same mix on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
    pub fn coin(&mut self, one_in: usize) -> bool {
        self.next(one_in) == 0
    }
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.next(items.len())].clone()
    }
}

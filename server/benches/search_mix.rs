//! Every shape of search, first sight (issue 19): a generated mix of distinct searches over every filter
//! and combination — keyword (frequent, rare, pinyin initials, a sector's name, a long phrase), trade or
//! sector, city, district, distance, minimum pay in every unit, dates, hours, groups, every sort, pages
//! up to the last — against a loaded database and a running release server (see BENCHMARKS.md).
//!
//! ```sh
//! DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 LINGONG_BENCH_PID=<server pid> \
//!   cargo bench -p server --bench search_mix
//! ```
//!
//! In one run, on the same searches, each asked once:
//! - the server function over HTTP on loopback (what a phone waits for, facets included);
//! - the search's SQL through the data layer (`app::db::postings::search`: the page and the count), and
//!   on every tenth search the facets' SQL (`app::db::postings::facets`, seconds province-wide);
//! - the in-memory index in this process (`app::search::index`), and its load time and memory;
//! - throughput of searches never asked before, with many keep-alive connections;
//! - the server's resident memory (with `LINGONG_BENCH_PID`).
//!
//! Medians and percentiles, never single timings: the machines are shared and noisy.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::model::{
    DateFilter, MinPay, PayUnit, Point, PostingTag, SearchQuery, SortOrder, TradeCode, RADII_KM,
};

// Each bench uses part of the shared set-up; the rest is dead code to it, not to the others.
#[allow(dead_code)]
mod common;
use common::{peak_kb, resident_kb, stats, Connection, Lcg, Setup};

/// Distinct searches measured one at a time.
const MIX: usize = 1200;
const THROUGHPUT_SECONDS: u64 = 10;
const CONNECTIONS: usize = 32;

const KEYWORDS: [&str; 14] = [
    "帮厨",
    "普工",
    "保洁",
    "服务员",
    "工",
    "日结",
    "搬运",
    "潜水员",
    "bc",
    "餐饮",
    "快递分拣",
    "包装",
    "保安",
    "急招",
];

/// What the generator draws from: the taxonomy and the places of the loaded database.
#[derive(Clone)]
struct Universe {
    trades: Vec<String>,
    cities: Vec<(i32, Point)>,
    districts: Vec<i32>,
    today: chrono::NaiveDate,
}

/// One search of the mix: each filter present or not independently, so that every combination occurs.
fn search(random: &mut Lcg, universe: &Universe) -> SearchQuery {
    let mut q = SearchQuery::default();
    if random.coin(2) {
        q.keyword = Some(random.pick(&KEYWORDS).to_owned());
    }
    if random.coin(3) {
        q.trade = TradeCode::parse(&random.pick(&universe.trades));
    }
    if random.coin(3) {
        let (city, centre) = random.pick(&universe.cities);
        q.city = Some(city);
        if random.coin(3) {
            // Its districts share the city's first four digits.
            let own: Vec<i32> = universe
                .districts
                .iter()
                .copied()
                .filter(|d| d / 100 == city / 100)
                .collect();
            if !own.is_empty() {
                q.district = Some(random.pick(&own));
            }
        }
        if random.coin(3) {
            q.near = Point::new(
                centre.lng + (random.next(2001) as f64 - 1000.0) / 20_000.0,
                centre.lat + (random.next(2001) as f64 - 1000.0) / 20_000.0,
            );
            q.radius_km = Some(random.pick(&RADII_KM));
        }
    } else if random.coin(4) {
        q.district = Some(random.pick(&universe.districts));
    } else if random.coin(3) {
        let (_, centre) = random.pick(&universe.cities);
        q.near = Point::new(
            centre.lng + (random.next(2001) as f64 - 1000.0) / 20_000.0,
            centre.lat + (random.next(2001) as f64 - 1000.0) / 20_000.0,
        );
        q.radius_km = Some(random.pick(&RADII_KM));
    }
    if random.coin(4) {
        let unit = random.pick(&PayUnit::ALL);
        let yuan = match unit {
            PayUnit::Hour => 15 + random.next(40) as u32,
            PayUnit::Day => 100 + 10 * random.next(30) as u32,
            PayUnit::Month => 3000 + 500 * random.next(10) as u32,
            PayUnit::Piece => 1 + random.next(5) as u32,
        };
        q.min_pay = Some(MinPay { yuan, unit });
    }
    if random.coin(5) {
        q.max_hours = Some(4 + random.next(8) as u8);
    }
    if random.coin(6) {
        q.tags = vec![random.pick(&PostingTag::ALL)];
    }
    q.date = match random.next(6) {
        0 => DateFilter::Today,
        1 => DateFilter::Tomorrow,
        2 => DateFilter::ThisWeek,
        3 | 4 => DateFilter::Any,
        _ => DateFilter::On(universe.today + chrono::Days::new(1 + random.next(20) as u64)),
    };
    q.sort = random.pick(&SortOrder::ALL);
    q.page = match random.next(10) {
        0..=5 => 0,
        6 | 7 => 1 + random.next(4) as u32,
        8 => 5 + random.next(10) as u32,
        _ => random.next(50) as u32,
    };
    q
}

fn body(query: &SearchQuery) -> String {
    serde_json::json!({ "query": query }).to_string()
}

/// Searches the generator yields that were never yielded before (by their URL, which is the whole
/// query).
struct Distinct {
    random: Lcg,
    seen: HashSet<String>,
}

impl Distinct {
    fn next(&mut self, universe: &Universe) -> SearchQuery {
        loop {
            let query = search(&mut self.random, universe);
            if self.seen.insert(query.to_url()) {
                return query;
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let Setup {
        pool, base, today, ..
    } = Setup::from_env(1).await;
    let trades: Vec<String> = sqlx::query_scalar("SELECT code FROM trades ORDER BY code")
        .fetch_all(&pool)
        .await
        .expect("trades");
    let cities: Vec<(i32, f64, f64)> =
        sqlx::query_as("SELECT adcode, ST_X(centre), ST_Y(centre) FROM cities ORDER BY adcode")
            .fetch_all(&pool)
            .await
            .expect("cities");
    let districts: Vec<i32> = sqlx::query_scalar("SELECT adcode FROM districts ORDER BY adcode")
        .fetch_all(&pool)
        .await
        .expect("districts");
    let universe = Universe {
        trades,
        cities: cities
            .into_iter()
            .filter_map(|(adcode, lng, lat)| Some((adcode, Point::new(lng, lat)?)))
            .collect(),
        districts,
        today,
    };
    let mut distinct = Distinct {
        random: Lcg(20261202),
        seen: HashSet::new(),
    };
    let mix: Vec<SearchQuery> = (0..MIX).map(|_| distinct.next(&universe)).collect();
    // For profiling the server under load: the throughput run alone.
    if std::env::var_os("LINGONG_BENCH_THROUGHPUT_ONLY").is_some() {
        throughput(&base, distinct.seen, &universe).await;
        return;
    }
    let with_distance = mix.iter().filter(|q| q.near.is_some()).count();
    println!(
        "\nthe mix: {MIX} distinct searches, {with_distance} within a distance, {} without",
        MIX - with_distance
    );

    let mut connection = Connection::open(&base).await;
    // Warm the connections and the plans on searches outside the mix.
    let mut warm = Distinct {
        random: Lcg(1),
        seen: distinct.seen.clone(),
    };
    for _ in 0..50 {
        let query = warm.next(&universe);
        connection.post("/api/postings/search", &body(&query)).await;
        app::db::postings::search(&pool, today, &query)
            .await
            .expect("search");
    }

    // One at a time, interleaved so that both paths see the same machine load.
    let (mut http, mut http_near, mut http_anywhere) = (Vec::new(), Vec::new(), Vec::new());
    let (mut sql, mut sql_facets) = (Vec::new(), Vec::new());
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for (i, query) in mix.iter().enumerate() {
        let request = body(query);
        let started = Instant::now();
        let (status, _) = connection.post("/api/postings/search", &request).await;
        let took = started.elapsed();
        assert_eq!(status, 200, "{}", query.to_url());
        http.push(took);
        if query.near.is_some() {
            http_near.push(took);
        } else {
            http_anywhere.push(took);
        }
        slowest.push((took, query.to_url()));

        let started = Instant::now();
        app::db::postings::search(&pool, today, query)
            .await
            .expect("search");
        sql.push(started.elapsed());
        if i % 10 == 0 {
            let started = Instant::now();
            app::db::postings::facets(&pool, today, query)
                .await
                .expect("facets");
            sql_facets.push(started.elapsed());
        }
    }
    let line = |name: &str, samples: Vec<Duration>| {
        let n = samples.len();
        let s = stats(samples);
        println!(
            "  {name:<44} n {n:5}   median {:8.2} ms   p95 {:8.2} ms   max {:8.2} ms",
            s.median_ms, s.p95_ms, s.max_ms
        );
        s
    };
    println!("\nfirst sight, one at a time:");
    let server = line("server function, every search (HTTP)", http);
    line("  of which within a distance", http_near);
    line("  of which without a distance", http_anywhere);
    let raw = line("the SQL: page and count (data layer)", sql);
    line("the SQL: facets, every tenth search", sql_facets);
    println!(
        "  p95, server function / SQL page and count: {:.3}",
        server.p95_ms / raw.p95_ms
    );
    slowest.sort_by(|a, b| b.0.cmp(&a.0));
    println!("  slowest through the server function:");
    for (took, url) in slowest.iter().take(5) {
        println!("    {:8.2} ms  {url}", took.as_secs_f64() * 1000.0);
    }

    // The index in this process: the same searches without HTTP, and what it holds.
    let rss_before = resident_kb(None);
    let index = app::search::index::SearchIndex::default();
    let started = Instant::now();
    index.load(&pool, today).await.expect("index load");
    println!(
        "\nin-memory index in this process: loaded in {:.1} s, {} MB more resident memory",
        started.elapsed().as_secs_f64(),
        resident_kb(None).saturating_sub(rss_before) / 1024
    );
    let mut samples = Vec::new();
    let mut declined = 0;
    for query in &mix {
        let started = Instant::now();
        if index.search(today, query).is_none() {
            declined += 1;
        }
        samples.push(started.elapsed());
    }
    line("the index alone, every search of the mix", samples);
    println!("  left to the SQL by the index: {declined}");
    // The hourly reload builds the new index beside the one in use.
    let started = Instant::now();
    index.load(&pool, today).await.expect("index reload");
    println!(
        "  reloaded in {:.1} s; this process's resident memory {} MB, its peak {} MB",
        started.elapsed().as_secs_f64(),
        resident_kb(None) / 1024,
        peak_kb(None) / 1024
    );
    drop(index);

    throughput(&base, distinct.seen.clone(), &universe).await;

    if let Some(pid) = std::env::var("LINGONG_BENCH_PID")
        .ok()
        .and_then(|p| p.parse::<u32>().ok())
    {
        println!(
            "server resident memory after the run: {} MB",
            resident_kb(Some(pid)) / 1024
        );
    }
}

/// Every connection asks only searches no connection asked before, for `THROUGHPUT_SECONDS`.
async fn throughput(base: &str, seen: HashSet<String>, universe: &Universe) {
    let shared = Arc::new(Mutex::new(Distinct {
        random: Lcg(7),
        seen,
    }));
    let deadline = Instant::now() + Duration::from_secs(THROUGHPUT_SECONDS);
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (base, shared, universe) = (base.to_owned(), shared.clone(), universe.clone());
            tokio::spawn(async move {
                let mut connection = Connection::open(&base).await;
                let mut done = 0u64;
                while Instant::now() < deadline {
                    let query = shared.lock().expect("generator").next(&universe);
                    let (status, _) = connection.post("/api/postings/search", &body(&query)).await;
                    assert_eq!(status, 200);
                    done += 1;
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
        "\nthroughput, {CONNECTIONS} connections, {THROUGHPUT_SECONDS} s, every search a new one: {} searches/s",
        total / THROUGHPUT_SECONDS
    );
}

//! The demo data generator: employers, postings and workers that look like a real province's market.
//!
//! Deterministic: the same seed, sizes and anchor date give byte-identical rows. Postings cluster around
//! the markets, the district centres and the city centres; pay follows each trade's usual unit and range;
//! dates spread around the anchor day so that "today" always has postings. Rows go in through `COPY`, fed
//! by a generator thread so that generating and loading use both cores. Everything happens in one
//! transaction: a failed or interrupted load leaves the previous data as it was.

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::{PgPool, Postgres, Transaction};
use tokio::sync::mpsc;

use crate::config::SeedArgs;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the demo data could not be written: {0}")]
    Database(#[from] sqlx::Error),
    #[error(
        "the reference data is incomplete: {0} (start the server once, or run `server migrate`)"
    )]
    Reference(String),
    #[error("the demo data generator stopped unexpectedly")]
    Generator,
    #[error("{searches} saved searches need at least {} workers (ten searches each at most)", searches.div_ceil(10))]
    TooManySavedSearches { searches: u32 },
}

/// Sizes and seed of one load; equal specs give equal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoSpec {
    pub seed: u64,
    pub employers: u32,
    pub postings: u32,
    pub workers: u32,
    pub saved_searches: u32,
    pub anchor: NaiveDate,
}

impl DemoSpec {
    pub fn from_args(args: &SeedArgs) -> Self {
        Self {
            seed: args.seed,
            employers: args.employers,
            postings: args.postings,
            workers: args.workers,
            saved_searches: args.saved_searches,
            anchor: args.anchor_date.unwrap_or_else(app::calendar::today),
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum Outcome {
    AlreadyLoaded,
    Loaded { rows: u64, seconds: f64 },
}

pub async fn run(pool: &PgPool, args: &SeedArgs) -> Result<(), SeedError> {
    let spec = DemoSpec::from_args(args);
    match load(pool, spec, args.force, !args.quiet).await? {
        Outcome::AlreadyLoaded => println!(
            "Demo data for seed {} ({} postings, {} workers, around {}) is already loaded; nothing to do \
             (--force reloads it).",
            spec.seed, spec.postings, spec.workers, spec.anchor
        ),
        Outcome::Loaded { rows, seconds } => println!(
            "Loaded {} employers, {} postings, {} workers and {} saved searches ({rows} rows) in {seconds:.1} s.",
            spec.employers, spec.postings, spec.workers, spec.saved_searches
        ),
    }
    Ok(())
}

/// Replaces the demo rows with the ones `spec` describes, unless exactly that load is already there.
/// The days of statistics the demo fills in (the generated postings were published over about a month).
const BOARD_DAYS: i32 = 35;

pub async fn load(
    pool: &PgPool,
    spec: DemoSpec,
    force: bool,
    progress: bool,
) -> Result<Outcome, SeedError> {
    let started = Instant::now();
    if spec.saved_searches.div_ceil(10) > spec.workers {
        return Err(SeedError::TooManySavedSearches {
            searches: spec.saved_searches,
        });
    }
    let mut tx = pool.begin().await?;
    // One generator at a time; a second one waits and then finds the work done.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('lingong.demo'))")
        .execute(&mut *tx)
        .await?;
    let current = current_load(&mut tx).await?;
    if !force && current == Some(spec) {
        return Ok(Outcome::AlreadyLoaded);
    }

    let world = World::read(&mut tx).await?;
    // Only the saved searches differ: the postings and workers stay (a reload of 1.1 M postings
    // takes minutes).
    if !force
        && current.is_some_and(|c| {
            DemoSpec {
                saved_searches: spec.saved_searches,
                ..c
            } == spec
        })
    {
        let bar = progress_bar(progress, spec);
        let rows = load_saved_searches(&mut tx, spec, &bar).await?;
        record_load(&mut tx, spec).await?;
        tx.commit().await?;
        bar.set_message("vacuuming");
        sqlx::raw_sql("VACUUM ANALYZE saved_searches, accounts")
            .execute(pool)
            .await?;
        bar.finish_and_clear();
        return Ok(Outcome::Loaded {
            rows,
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    // The boards' triggers would count a million rows one by one: the tallies are rebuilt once below.
    sqlx::query("SET LOCAL lingong.bulk_load = 'on'")
        .execute(&mut *tx)
        .await?;
    remove_demo_rows(&mut tx).await?;

    let bar = progress_bar(progress, spec);
    let large = u64::from(spec.postings) + u64::from(spec.workers) > 200_000;
    // Building the secondary indexes once at the end is several times faster than updating them row by
    // row; for the small default load it is not worth the bother.
    let postings_indexes = if large {
        drop_secondary_indexes(&mut tx, "postings").await?
    } else {
        vec![]
    };

    let mut rows = 0;
    rows += copy(&mut tx, EMPLOYER_COLUMNS, &bar, {
        let world = world.clone();
        move |out| generate_employers(spec, &world, out)
    })
    .await?;
    let employer_ids: Vec<(i64, i32)> =
        sqlx::query_as("SELECT id, city_adcode FROM employers WHERE is_demo ORDER BY id")
            .fetch_all(&mut *tx)
            .await?;
    rows += copy(&mut tx, POSTING_COLUMNS, &bar, {
        let world = world.clone();
        move |out| generate_postings(spec, &world, &employer_ids, out)
    })
    .await?;
    rows += copy(&mut tx, WORKER_COLUMNS, &bar, {
        let world = world.clone();
        move |out| generate_workers(spec, &world, out)
    })
    .await?;
    let worker_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM workers WHERE is_demo ORDER BY id")
            .fetch_all(&mut *tx)
            .await?;
    rows += copy(&mut tx, WORKER_TRADE_COLUMNS, &bar, move |out| {
        generate_worker_trades(spec, &worker_ids, out)
    })
    .await?;
    rows += let_some_be_found(&mut tx).await?;
    license_agencies(&mut tx).await?;

    if !postings_indexes.is_empty() {
        bar.set_message("building indexes");
        for definition in &postings_indexes {
            sqlx::query(definition).execute(&mut *tx).await?;
        }
    }
    bar.set_message("analysing");
    sqlx::query("ANALYZE employers, postings, workers, worker_trades")
        .execute(&mut *tx)
        .await?;
    bar.set_message("counting the boards");
    sqlx::query("SET LOCAL lingong.bulk_load = 'off'")
        .execute(&mut *tx)
        .await?;
    sqlx::query("SELECT board_tallies_rebuild(board_today() - $1, board_today())")
        .bind(BOARD_DAYS)
        .execute(&mut *tx)
        .await?;
    rows += load_saved_searches(&mut tx, spec, &bar).await?;
    record_load(&mut tx, spec).await?;
    tx.commit().await?;
    // Marks the fresh pages all-visible, so index-only scans (the search's join by id) read no table
    // pages from the first search on instead of after autovacuum's next visit. Outside the transaction,
    // as VACUUM must be.
    bar.set_message("vacuuming");
    sqlx::raw_sql("VACUUM employers, postings, workers, worker_trades, saved_searches, accounts")
        .execute(pool)
        .await?;
    bar.finish_and_clear();
    Ok(Outcome::Loaded {
        rows,
        seconds: started.elapsed().as_secs_f64(),
    })
}

async fn current_load(tx: &mut Transaction<'_, Postgres>) -> Result<Option<DemoSpec>, sqlx::Error> {
    let row: Option<(i64, i32, i32, i32, NaiveDate)> = sqlx::query_as(
        "SELECT seed, postings, workers, saved_searches, anchor_date FROM demo_loads WHERE id = 1",
    )
    .fetch_optional(&mut **tx)
    .await?;
    let employers: i64 = sqlx::query_scalar("SELECT count(*) FROM employers WHERE is_demo")
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.map(
        |(seed, postings, workers, saved_searches, anchor)| DemoSpec {
            seed: seed as u64,
            employers: employers as u32,
            postings: postings as u32,
            workers: workers as u32,
            saved_searches: saved_searches as u32,
            anchor,
        },
    ))
}

async fn record_load(
    tx: &mut Transaction<'_, Postgres>,
    spec: DemoSpec,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO demo_loads (id, seed, postings, workers, saved_searches, anchor_date)
         VALUES (1, $1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET seed = EXCLUDED.seed, postings = EXCLUDED.postings,
                workers = EXCLUDED.workers, saved_searches = EXCLUDED.saved_searches,
                anchor_date = EXCLUDED.anchor_date, loaded_at = now()",
    )
    .bind(spec.seed as i64)
    .bind(spec.postings as i32)
    .bind(spec.workers as i32)
    .bind(spec.saved_searches as i32)
    .bind(spec.anchor)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Bulk changes to the saved searches are not logged one by one (millions of rows) for the alerts'
/// deliverer: one entry tells it to read them all again. Until [`resume_search_log`], in the same
/// transaction.
async fn pause_search_log(tx: &mut Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(
        "ALTER TABLE saved_searches DISABLE TRIGGER saved_searches_log_insert,
                                    DISABLE TRIGGER saved_searches_log_update,
                                    DISABLE TRIGGER saved_searches_log_delete;
         ALTER TABLE accounts DISABLE TRIGGER accounts_log_searches_insert,
                              DISABLE TRIGGER accounts_log_searches_update;
         INSERT INTO saved_search_changes (saved_search_id) VALUES (NULL);",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn resume_search_log(tx: &mut Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(
        "ALTER TABLE saved_searches ENABLE TRIGGER saved_searches_log_insert,
                                    ENABLE TRIGGER saved_searches_log_update,
                                    ENABLE TRIGGER saved_searches_log_delete;
         ALTER TABLE accounts ENABLE TRIGGER accounts_log_searches_insert,
                              ENABLE TRIGGER accounts_log_searches_update;",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn remove_demo_rows(tx: &mut Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    pause_search_log(tx).await?;
    // Nobody signs up between the check below and the TRUNCATE.
    sqlx::query("LOCK TABLE accounts IN EXCLUSIVE MODE")
        .execute(&mut **tx)
        .await?;
    let only_demo: bool = sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM postings WHERE NOT is_demo)
            AND NOT EXISTS (SELECT 1 FROM employers WHERE NOT is_demo)
            AND NOT EXISTS (SELECT 1 FROM workers WHERE NOT is_demo)
            -- The demo workers' own accounts (made for their saved searches) are demo rows too.
            AND NOT EXISTS (SELECT 1 FROM accounts a
                             WHERE NOT EXISTS (SELECT 1 FROM workers w WHERE w.id = a.worker_id AND w.is_demo))
            -- A city's policy notes, a market's job fairs and the partners' API keys are never demo
            -- rows (their authors may be gone).
            AND NOT EXISTS (SELECT 1 FROM policy_notes)
            AND NOT EXISTS (SELECT 1 FROM job_fairs)
            AND NOT EXISTS (SELECT 1 FROM api_keys)",
    )
    .fetch_one(&mut **tx)
    .await?;
    if only_demo {
        // Nothing real to keep: TRUNCATE is instant where DELETE of a million rows takes minutes.
        // TRUNCATE refuses a table other tables point at unless they go too: accounts (and their
        // sessions, notifications, texts and saved searches) point at workers and employers, and are
        // the demo workers' only; reports on demo postings, their alerts' queue and the workers' kept
        // postings and followed organisations, and the applications' timelines, days worked,
        // payments, wage cases, messages, ratings and no-show appeals, the postings' check-in keys
        // and bus runs, and the workers' seats on buses, and help cases about them, and the
        // demo organisations' courses with their learners, go with them, as DELETE would cascade.
        // The policy notes', job fairs' and API keys' tables point at accounts too, and are empty here;
        // so are the partners' postings' (no posting is real) and the teams' invitations'. The workers'
        // consents to be found and their invitations to apply are the demo workers' own.
        sqlx::query(
            "TRUNCATE applications, application_events, postings, worker_trades, workers, employers,
                      accounts, sessions, notifications, alert_parts, saved_searches, posting_reports,
                      alert_queue, text_outbox, favourite_postings, followed_employers,
                      shift_text_outbox, shift_reminders, shift_days, shift_payments, wage_cases,
                      check_in_keys, place_messages, place_ratings, no_show_appeals, bus_runs, bus_seats,
                      bus_run_postings, policy_notes, help_cases, help_followups, courses,
                      course_enrolments, course_attendance, job_fairs, fair_booths, fair_booth_postings,
                      fair_signups, api_keys, partner_postings, team_invitations, talent_consents,
                      talent_invitations",
        )
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query("DELETE FROM postings WHERE is_demo")
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM employers WHERE is_demo")
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM workers WHERE is_demo")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Drops a table's indexes other than its primary key and unique constraints, returning the statements that
/// recreate them. Read from the catalogue so the migrations stay the only place that defines them.
async fn drop_secondary_indexes(
    tx: &mut Transaction<'_, Postgres>,
    table: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.relname::text, pg_get_indexdef(x.indexrelid)
           FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           JOIN pg_class t ON t.oid = x.indrelid
          WHERE t.relname = $1 AND t.relnamespace = 'public'::regnamespace
            AND NOT x.indisprimary AND NOT x.indisunique",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
            .execute(&mut **tx)
            .await?;
    }
    Ok(indexes
        .into_iter()
        .map(|(_, definition)| definition)
        .collect())
}

fn progress_bar(visible: bool, spec: DemoSpec) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let worker_trades = u64::from(spec.workers) * 2;
    let total = u64::from(spec.employers)
        + u64::from(spec.postings)
        + u64::from(spec.workers)
        + worker_trades
        + u64::from(spec.saved_searches);
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg:<18} [{bar:32}] {human_pos}/{human_len} rows ({eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// A chunk of COPY text and the number of rows in it.
struct Chunk {
    bytes: Vec<u8>,
    rows: u64,
}

/// Rows are handed over in chunks of about this size.
const CHUNK_BYTES: usize = 1 << 20;

/// Collects generated rows and sends them on in chunks.
pub struct RowSink {
    tx: mpsc::Sender<Chunk>,
    buffer: String,
    rows: u64,
    open: bool,
}

impl RowSink {
    /// Starts a row; the generator writes tab-separated fields and ends each row with `end_row`.
    fn buffer(&mut self) -> &mut String {
        &mut self.buffer
    }

    fn end_row(&mut self) {
        self.buffer.push('\n');
        self.rows += 1;
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.buffer.is_empty() || !self.open {
            return;
        }
        let chunk = Chunk {
            bytes: std::mem::take(&mut self.buffer).into_bytes(),
            rows: self.rows,
        };
        self.rows = 0;
        // The receiver is gone only when the load failed; the generator then just stops producing.
        self.open = self.tx.blocking_send(chunk).is_ok();
    }
}

/// Runs `generate` on its own thread and streams what it writes into `COPY table FROM STDIN`.
async fn copy<F>(
    tx: &mut Transaction<'_, Postgres>,
    columns: &str,
    bar: &ProgressBar,
    generate: F,
) -> Result<u64, SeedError>
where
    F: FnOnce(&mut RowSink) + Send + 'static,
{
    bar.set_message(columns.split_whitespace().next().unwrap_or("").to_owned());
    let (sender, mut receiver) = mpsc::channel::<Chunk>(4);
    let generator = std::thread::spawn(move || {
        let mut sink = RowSink {
            tx: sender,
            buffer: String::with_capacity(CHUNK_BYTES + 4096),
            rows: 0,
            open: true,
        };
        generate(&mut sink);
        sink.flush();
    });
    let mut copy_in = tx
        .copy_in_raw(&format!("COPY {columns} FROM STDIN"))
        .await?;
    let mut total = 0;
    while let Some(chunk) = receiver.recv().await {
        copy_in.send(chunk.bytes).await?;
        total += chunk.rows;
        bar.inc(chunk.rows);
    }
    generator.join().map_err(|_| SeedError::Generator)?;
    copy_in.finish().await?;
    Ok(total)
}

// What the generator draws from ------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Place {
    city: i32,
    district: Option<i32>,
    district_name: Option<String>,
    lng: f64,
    lat: f64,
    market_id: Option<i32>,
    /// Spread of postings around this place, in km.
    spread_km: f64,
    weight: u32,
}

/// The reference data the generator places things in, read from the database so generated rows always
/// satisfy its foreign keys.
#[derive(Clone, Debug)]
struct World {
    places: Vec<Place>,
    place_weights: WeightedIndex,
    cities: Vec<(i32, String)>,
    districts: Vec<Place>,
    trades: Vec<&'static TradeProfile>,
    trade_weights: WeightedIndex,
}

impl World {
    async fn read(tx: &mut Transaction<'_, Postgres>) -> Result<World, SeedError> {
        let cities: Vec<(i32, String, f64, f64)> = sqlx::query_as(
            "SELECT adcode, name, ST_X(centre), ST_Y(centre) FROM cities ORDER BY adcode",
        )
        .fetch_all(&mut **tx)
        .await?;
        let districts: Vec<(i32, i32, String, f64, f64)> = sqlx::query_as(
            "SELECT adcode, city_adcode, name, ST_X(centre), ST_Y(centre) FROM districts ORDER BY adcode",
        )
        .fetch_all(&mut **tx)
        .await?;
        let markets: Vec<(i32, i32, Option<i32>, Option<String>, f64, f64)> = sqlx::query_as(
            "SELECT m.id, m.city_adcode, m.district_adcode, d.name, ST_X(m.location), ST_Y(m.location)
               FROM markets m LEFT JOIN districts d ON d.adcode = m.district_adcode ORDER BY m.id",
        )
        .fetch_all(&mut **tx)
        .await?;
        let known_trades: Vec<String> = sqlx::query_scalar("SELECT code FROM trades ORDER BY code")
            .fetch_all(&mut **tx)
            .await?;
        if cities.is_empty() || districts.is_empty() {
            return Err(SeedError::Reference("no cities or districts".into()));
        }
        let trades: Vec<&'static TradeProfile> = TRADE_PROFILES.iter().collect();
        if let Some(missing) = trades
            .iter()
            .find(|t| !known_trades.iter().any(|k| k == t.code))
        {
            return Err(SeedError::Reference(format!(
                "trade {} is not in the taxonomy",
                missing.code
            )));
        }

        let mut places = Vec::new();
        for &(id, city, district, ref district_name, lng, lat) in &markets {
            places.push(Place {
                city,
                district,
                district_name: district_name.clone(),
                lng,
                lat,
                market_id: Some(id),
                spread_km: 2.5,
                weight: 40,
            });
        }
        let district_places: Vec<Place> = districts
            .iter()
            .map(|(adcode, city, name, lng, lat)| Place {
                city: *city,
                district: Some(*adcode),
                district_name: Some(name.clone()),
                lng: *lng,
                lat: *lat,
                market_id: None,
                spread_km: 4.0,
                weight: 10,
            })
            .collect();
        places.extend(district_places.iter().cloned());
        for (adcode, _, lng, lat) in &cities {
            // The district of a city centre is the one whose centre is nearest.
            let nearest = district_places
                .iter()
                .filter(|d| d.city == *adcode)
                .min_by(|a, b| distance2(a, *lng, *lat).total_cmp(&distance2(b, *lng, *lat)));
            places.push(Place {
                city: *adcode,
                district: nearest.and_then(|d| d.district),
                district_name: nearest.and_then(|d| d.district_name.clone()),
                lng: *lng,
                lat: *lat,
                market_id: None,
                spread_km: 7.0,
                weight: 45,
            });
        }
        Ok(World {
            place_weights: WeightedIndex::new(places.iter().map(|p| p.weight)),
            places,
            cities: cities
                .into_iter()
                .map(|(adcode, name, _, _)| (adcode, name))
                .collect(),
            districts: district_places,
            trade_weights: WeightedIndex::new(trades.iter().map(|t| t.weight)),
            trades,
        })
    }
}

fn distance2(place: &Place, lng: f64, lat: f64) -> f64 {
    (place.lng - lng).powi(2) + (place.lat - lat).powi(2)
}

/// How a trade usually pays and works.
#[derive(Debug)]
struct TradeProfile {
    code: &'static str,
    name: &'static str,
    weight: u32,
    /// (unit, lowest, highest) in yuan; the first is the most common.
    pay: &'static [(&'static str, u32, u32)],
    /// Usual daily hours.
    shifts: &'static [u16],
    /// Special groups the trade often welcomes.
    tags: &'static [&'static str],
}

macro_rules! trades {
    ($( $code:literal $name:literal $weight:literal [$( ($unit:literal, $lo:literal, $hi:literal) ),+] [$($h:literal),+] [$($tag:literal),*] ;)+) => {
        &[ $( TradeProfile { code: $code, name: $name, weight: $weight, pay: &[$(($unit, $lo, $hi)),+], shifts: &[$($h),+], tags: &[$($tag),*] } ),+ ]
    };
}

static TRADE_PROFILES: &[TradeProfile] = trades! {
    "general_worker" "普工" 14 [("day", 150, 240), ("hour", 18, 26), ("month", 4500, 7000)] [8, 10, 12] ["older_friendly"];
    "packer" "包装工" 4 [("hour", 18, 24), ("day", 140, 200)] [4, 8] ["older_friendly", "disabled_friendly", "parent_flexible"];
    "cnc_operator" "数控车床操作工" 2 [("month", 6000, 9500), ("day", 220, 320)] [8, 10] [];
    "welder" "焊工" 2 [("day", 300, 450)] [8, 10] [];
    "electrician" "电工" 2 [("day", 250, 400), ("month", 6000, 9000)] [8] [];
    "quality_inspector" "质检员" 1 [("month", 4500, 6500), ("hour", 20, 28)] [8] ["disabled_friendly"];
    "kitchen_helper" "帮厨" 8 [("day", 130, 200), ("hour", 18, 25)] [4, 5, 8] ["older_friendly", "parent_flexible"];
    "dishwasher" "洗碗工" 4 [("day", 110, 160), ("hour", 16, 22)] [4, 6, 8] ["older_friendly", "disabled_friendly"];
    "waiter" "服务员" 6 [("hour", 18, 25), ("day", 120, 180)] [4, 6, 8] ["parent_flexible"];
    "cook" "厨师" 3 [("day", 220, 350), ("month", 6000, 9000)] [8, 10] [];
    "cleaner" "保洁员" 6 [("hour", 25, 40), ("day", 120, 180)] [2, 3, 4, 8] ["older_friendly", "parent_flexible", "disabled_friendly"];
    "housekeeping" "家政员" 4 [("month", 4500, 7500), ("hour", 30, 45)] [4, 8] ["older_friendly", "parent_flexible"];
    "nanny" "育婴师" 3 [("month", 6500, 12000), ("day", 260, 400)] [8, 10] [];
    "organiser" "整理收纳师" 1 [("hour", 60, 120), ("piece", 300, 800)] [4, 6] ["parent_flexible"];
    "carer" "养老护理员" 3 [("day", 180, 260), ("month", 5000, 7500)] [8, 12] ["older_friendly"];
    "site_labourer" "建筑小工" 6 [("day", 220, 320)] [8, 10] ["older_friendly", "fisher"];
    "bricklayer" "瓦工" 2 [("day", 320, 500)] [8, 10] [];
    "carpenter" "木工" 2 [("day", 320, 500)] [8, 10] [];
    "rebar_worker" "钢筋工" 2 [("day", 300, 450)] [8, 10] [];
    "painter" "油漆工" 2 [("day", 280, 420)] [8] [];
    "plumber_electrician" "水电工" 2 [("day", 300, 450), ("piece", 100, 300)] [8] [];
    "scaffolder" "架子工" 1 [("day", 320, 480)] [8, 10] [];
    "courier" "快递员" 6 [("piece", 1, 3), ("day", 180, 280)] [8, 10] [];
    "delivery_rider" "网约配送员" 8 [("piece", 5, 9), ("day", 200, 320)] [4, 8, 10] ["parent_flexible"];
    "loader" "装卸工" 6 [("day", 200, 350), ("hour", 25, 40)] [4, 8] ["fisher"];
    "sorter" "分拣员" 6 [("hour", 18, 25), ("day", 150, 220)] [4, 8, 10] ["older_friendly", "disabled_friendly", "parent_flexible"];
    "warehouse_keeper" "仓库管理员" 2 [("month", 4500, 6500)] [8] [];
    "ride_hailing_driver" "网约车司机" 2 [("month", 6000, 10000), ("day", 250, 400)] [8, 10] [];
    "truck_driver" "货车司机" 2 [("day", 300, 450), ("month", 7000, 11000)] [8, 10] [];
    "vehicle_marshal" "车辆秩序员" 2 [("hour", 20, 28), ("day", 150, 200)] [4, 8] ["older_friendly"];
    "designated_driver" "代驾司机" 1 [("piece", 40, 80)] [4, 6] ["parent_flexible"];
    "livestream_seller" "兼职直播带货" 2 [("hour", 30, 80), ("day", 200, 400)] [3, 4, 6] ["parent_flexible", "disabled_friendly"];
    "promoter" "促销员" 3 [("day", 150, 220), ("hour", 20, 30)] [4, 8] ["parent_flexible"];
    "cashier" "收银员" 2 [("hour", 18, 24)] [4, 8] ["parent_flexible"];
    "leaflet_distributor" "地推员" 3 [("hour", 18, 25), ("day", 120, 180)] [2, 4] ["older_friendly"];
    "security_guard" "保安员" 4 [("day", 150, 220), ("month", 3800, 5200)] [8, 12] ["older_friendly"];
    "fire_facility_operator" "消防设施操作员" 1 [("month", 4500, 6500)] [8, 12] [];
    "property_maintenance" "物业维修工" 1 [("day", 200, 300)] [8] ["older_friendly"];
    "gardener" "绿化工" 2 [("day", 150, 200)] [6, 8] ["older_friendly"];
    "farmhand" "农业种植工" 2 [("day", 150, 220), ("piece", 1, 3)] [6, 8] ["older_friendly", "fisher"];
    "aquaculture_worker" "水产养殖工" 1 [("day", 180, 260)] [8] ["fisher"];
};

// Generators ---------------------------------------------------------------------------------------------------

const EMPLOYER_COLUMNS: &str =
    "employers (credit_code, name, city_adcode, address, contact_name, contact_phone, verification_status, verified_at, is_demo, created_at)";
const POSTING_COLUMNS: &str = "postings (employer_id, trade_code, market_id, title, description, requirements, address, \
     location, city_adcode, district_adcode, pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, \
     status, tags, is_demo, created_at, updated_at, published_at, start_time, pay_terms)";
const WORKER_COLUMNS: &str =
    "workers (phone, name, birth_year, home_city_adcode, home_district_adcode, home_location, \
     tags, expected_pay_cents, expected_pay_unit, is_demo)";
const WORKER_TRADE_COLUMNS: &str = "worker_trades (worker_id, trade_code)";

/// Each kind of row draws from its own stream, so changing how many employers there are does not reshuffle
/// every posting.
fn stream(spec: DemoSpec, salt: u64) -> Rng {
    Rng::new(spec.seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "红梅", "志强", "海燕",
    "文", "斌", "玉兰", "国平", "春梅", "卫东", "小红", "宇",
];
const FIRM_WORDS_A: &[&str] = &[
    "鑫", "宏", "华", "盛", "恒", "永", "嘉", "瑞", "福", "金", "天", "新", "众", "润", "久",
];
const FIRM_WORDS_B: &[&str] = &[
    "达", "源", "泰", "丰", "联", "通", "信", "安", "德", "和", "成", "业", "邦", "诚", "远",
];
const FIRM_KINDS: &[&str] = &[
    "餐饮管理有限公司",
    "物流有限公司",
    "人力资源有限公司",
    "建筑劳务有限公司",
    "家政服务有限公司",
    "电子科技有限公司",
    "物业管理有限公司",
    "商贸有限公司",
    "机械制造有限公司",
    "酒店管理有限公司",
    "供应链管理有限公司",
    "农业发展有限公司",
];
const STREETS: &[&str] = &[
    "人民路",
    "建设路",
    "解放路",
    "中山路",
    "长江路",
    "工业园区",
    "经济开发区",
    "新华路",
    "文化路",
    "环城路",
];
const TITLE_PREFIXES: &[&str] = &["急招", "招", "长期招", "日结", "周末", "短期", "诚聘", ""];
const TITLE_SUFFIXES: &[&str] = &[
    "",
    "",
    " 日结",
    " 包午餐",
    " 包吃住",
    " 可兼职",
    " 当天结算",
    " 男女不限",
    " 新手可教",
];
const EXTRAS: &[&str] = &[
    "提供工作餐",
    "有经验者优先",
    "新手可教",
    "提供工装",
    "交通方便，近公交站",
    "工资按时足额发放",
];
const REQUIREMENTS: &[&str] = &[
    "身体健康，能吃苦耐劳",
    "年龄18-60周岁",
    "有相关经验优先",
    "服从安排，按时到岗",
    "需持健康证",
];
const PHONE_PREFIXES: &[u32] = &[
    130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 157, 158, 159, 177, 180, 181,
    186, 187, 188, 189, 199,
];

fn generate_employers(spec: DemoSpec, world: &World, out: &mut RowSink) {
    let mut rng = stream(spec, 1);
    let created = spec.anchor.and_time(NaiveTime::MIN) - Duration::days(400);
    for i in 0..spec.employers {
        // Employers sit where the work is: their city follows the weight of the places in it.
        let city = world.places[world.place_weights.sample(&mut rng)].city;
        let city_name = world
            .cities
            .iter()
            .find(|(code, _)| *code == city)
            .map_or("", |(_, n)| n.as_str());
        let short = city_name.trim_end_matches('市');
        let name = format!(
            "{short}{}{}{}",
            rng.pick(FIRM_WORDS_A),
            rng.pick(FIRM_WORDS_B),
            rng.pick(FIRM_KINDS)
        );
        let verified = rng.chance(0.8);
        let created_at = created + Duration::minutes(rng.below(300 * 24 * 60) as i64);
        let b = out.buffer();
        let _ = write!(
            b,
            "{}\t{name}\t{city}\t{city_name}{}{}号\t{}{}\t{}\t{}\t",
            credit_code(city, u64::from(i)),
            rng.pick(STREETS),
            1 + rng.below(300),
            rng.pick(SURNAMES),
            if rng.chance(0.5) { "经理" } else { "女士" },
            phone(2, u64::from(i)),
            if verified { "verified" } else { "pending" },
        );
        if verified {
            let _ = write!(b, "{}", timestamp(created_at + Duration::days(2)));
        } else {
            b.push_str("\\N");
        }
        let _ = write!(b, "\tt\t{}", timestamp(created_at));
        out.end_row();
    }
}

/// When shifts start: mostly mornings, some afternoons, evenings and nights (warehouses, kitchens).
const START_TIMES: &[&str] = &[
    "06:00", "07:00", "07:30", "08:00", "08:00", "08:00", "08:30", "09:00", "09:00", "10:00",
    "13:00", "14:00", "17:00", "18:00", "20:00", "22:00",
];

/// A posting's pay terms: what its title says, if it names any (the seed's titles do, as real ones
/// did before the terms were a field), else mostly daily for gigs and monthly for monthly pay.
fn demo_pay_terms(rng: &mut Rng, title: &str, unit: &str) -> &'static str {
    if title.contains("日结") || title.contains("当天结算") {
        "daily"
    } else if unit == "month" {
        if rng.chance(0.8) {
            "monthly"
        } else {
            "weekly"
        }
    } else {
        match rng.below(100) {
            0..=59 => "daily",
            60..=74 => "weekly",
            75..=84 => "monthly",
            _ => "on_completion",
        }
    }
}

fn generate_postings(spec: DemoSpec, world: &World, employers: &[(i64, i32)], out: &mut RowSink) {
    let mut rng = stream(spec, 2);
    // Drawn apart, so that adding these fields did not reshuffle the postings the tests know.
    let mut terms_rng = stream(spec, 12);
    let mut by_city: std::collections::HashMap<i32, Vec<i64>> = std::collections::HashMap::new();
    for &(id, city) in employers {
        by_city.entry(city).or_default().push(id);
    }
    let all: Vec<i64> = employers.iter().map(|&(id, _)| id).collect();
    for _ in 0..spec.postings {
        let place = &world.places[world.place_weights.sample(&mut rng)];
        let trade = world.trades[world.trade_weights.sample(&mut rng)];
        let employer = match by_city.get(&place.city) {
            Some(ids) if rng.chance(0.95) => *rng.pick(ids),
            _ => *rng.pick(&all),
        };
        let (lng, lat) = scatter(&mut rng, place.lng, place.lat, place.spread_km);
        let &(unit, lo, hi) = if rng.chance(0.75) {
            &trade.pay[0]
        } else {
            rng.pick(trade.pay)
        };
        let pay_cents = pay_cents(&mut rng, unit, lo, hi);
        let hours = u32::from(*rng.pick(trade.shifts));
        let start = spec.anchor + Duration::days(rng.between(-14, 10));
        let days = match rng.below(100) {
            0..=39 => 0,
            40..=69 => rng.between(1, 3),
            70..=89 => rng.between(4, 14),
            _ => rng.between(15, 60),
        };
        let end = start + Duration::days(days);
        let headcount = match rng.below(100) {
            0..=24 => 1,
            25..=69 => rng.between(2, 5),
            70..=94 => rng.between(6, 20),
            _ => rng.between(21, 100),
        };
        let status = if end < spec.anchor {
            "closed"
        } else {
            match rng.below(100) {
                0..=2 => "paused",
                3..=4 => "draft",
                _ => "open",
            }
        };
        let title = format!(
            "{}{}{}",
            rng.pick(TITLE_PREFIXES),
            trade.name,
            rng.pick(TITLE_SUFFIXES)
        );
        let address = format!("{}{}号", rng.pick(STREETS), 1 + rng.below(500));
        let tags: Vec<&str> = trade
            .tags
            .iter()
            .copied()
            .filter(|_| rng.chance(0.35))
            .collect();
        let market = place.market_id.filter(|_| rng.chance(0.7));
        let created = (start - Duration::days(rng.between(0, 7))).and_time(NaiveTime::MIN)
            + Duration::minutes(rng.between(6 * 60, 22 * 60));
        // Nothing is posted in the future: a posting that starts in a week was posted by the evening
        // before the load, not on a date still to come (which every "changed since" reading would
        // otherwise meet again as it became the present).
        let loaded = spec.anchor.and_time(NaiveTime::MIN);
        let created = if created > loaded {
            (spec.anchor - Duration::days(1)).and_time(created.time())
        } else {
            created
        };

        let b = out.buffer();
        let _ = write!(b, "{employer}\t{}\t", trade.code);
        match market {
            Some(id) => {
                let _ = write!(b, "{id}");
            }
            None => b.push_str("\\N"),
        }
        let _ = write!(
            b,
            "\t{title}\t{}，每天约{hours}小时，{}。\t{}\t{address}\t{}\t{}\t",
            trade.name,
            rng.pick(EXTRAS),
            rng.pick(REQUIREMENTS),
            ewkb_point(lng, lat),
            place.city,
        );
        match place.district {
            Some(d) => {
                let _ = write!(b, "{d}");
            }
            None => b.push_str("\\N"),
        }
        let _ = write!(
            b,
            "\t{pay_cents}\t{unit}\t{start}\t{end}\t{}\t{headcount}\t{status}\t{{{}}}\tt\t{}\t{}\t{}",
            hours * 60,
            tags.join(","),
            timestamp(created),
            timestamp(created),
            // Published when created (the boards' statistics count by it); drafts never were.
            if status == "draft" {
                "\\N".to_owned()
            } else {
                timestamp(created)
            },
        );
        let _ = write!(
            b,
            "\t{}\t{}",
            terms_rng.pick(START_TIMES),
            demo_pay_terms(&mut terms_rng, &title, unit)
        );
        out.end_row();
    }
}

fn generate_workers(spec: DemoSpec, world: &World, out: &mut RowSink) {
    let mut rng = stream(spec, 3);
    for i in 0..spec.workers {
        let home = &world.districts[rng.below(world.districts.len() as u64) as usize];
        let (lng, lat) = scatter(&mut rng, home.lng, home.lat, 5.0);
        // Gig workers skew older than the population: many are 45+.
        let birth_year = 1958 + rng.between(0, 20) + rng.between(0, 27);
        let mut tags = Vec::new();
        if birth_year < 1975 && rng.chance(0.6) {
            tags.push("older");
        }
        if rng.chance(0.02) {
            tags.push("disabled");
        }
        if rng.chance(0.01) {
            tags.push("fisher");
        }
        if (1980..2000).contains(&birth_year) && rng.chance(0.15) {
            tags.push("parent");
        }
        let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        let b = out.buffer();
        let _ = write!(
            b,
            "{}\t{name}\t{birth_year}\t{}\t{}\t{}\t{{{}}}\t",
            phone(1, u64::from(i)),
            home.city,
            home.district.unwrap_or(home.city),
            ewkb_point(lng, lat),
            tags.join(","),
        );
        if rng.chance(0.6) {
            let _ = write!(b, "{}\tday", 100 * (150 + 10 * rng.between(0, 15)));
        } else {
            b.push_str("\\N\t\\N");
        }
        b.push_str("\tt");
        out.end_row();
    }
}

fn generate_worker_trades(spec: DemoSpec, workers: &[i64], out: &mut RowSink) {
    let mut rng = stream(spec, 4);
    let weights = WeightedIndex::new(TRADE_PROFILES.iter().map(|t| t.weight));
    for &worker in workers {
        let mut chosen: Vec<&str> = Vec::with_capacity(3);
        for _ in 0..1 + rng.below(3) {
            let code = TRADE_PROFILES[weights.sample(&mut rng)].code;
            if !chosen.contains(&code) {
                chosen.push(code);
            }
        }
        for code in chosen {
            let _ = write!(out.buffer(), "{worker}\t{code}");
            out.end_row();
        }
    }
}

/// A demo worker who keeps saved searches: where they live and what they do.
struct Searcher {
    id: i64,
    city: i32,
    district: i32,
    lng: f64,
    lat: f64,
    trades: Vec<String>,
}

const SAVED_SEARCH_COLUMNS: &str = "saved_searches (worker_id, label, keyword, trade_code, city_adcode, \
     district_adcode, centre, radius_m, min_pay_cents, min_pay_unit, max_shift_minutes, tags, search_url, \
     text_alerts, lang)";

/// Replaces the demo workers' saved searches with `spec.saved_searches` new ones (ten per worker, from
/// the first worker on), and gives those workers accounts: alerts go to accounts.
/// The demo's human-resources companies are licensed agencies (人力资源服务机构) whose licences staff
/// checked, so their storefronts are there to see.
async fn license_agencies(tx: &mut sqlx::PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE employers SET hr_licence_no = '苏人社服证字〔2024〕第' || lpad(id::text, 10, '0') || '号'
          WHERE is_demo AND name LIKE '%人力资源%'",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE employers SET hr_licence_status = 'verified', hr_licence_decided_at = created_at
          WHERE is_demo AND hr_licence_status = 'pending'",
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// One demo worker in eight chose to be found by organisations (找人才), and says when they can work.
/// Their consent is recorded as a real one is, so the database makes them findable.
async fn let_some_be_found(tx: &mut sqlx::PgConnection) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE workers
            SET availability = CASE id % 3 WHEN 0 THEN '{weekdays,mornings,afternoons}'::text[]
                                           WHEN 1 THEN '{weekends}'::text[]
                                           ELSE '{weekdays,evenings}'::text[] END
          WHERE is_demo AND id % 8 = 0",
    )
    .execute(&mut *tx)
    .await?;
    Ok(sqlx::query(
        "INSERT INTO talent_consents (worker_id, findable, wording, lang)
         SELECT id, true, $1, 'zh' FROM workers WHERE is_demo AND id % 8 = 0",
    )
    .bind(app::model::TALENT_CONSENT_WORDING)
    .execute(tx)
    .await?
    .rows_affected())
}

async fn load_saved_searches(
    tx: &mut Transaction<'_, Postgres>,
    spec: DemoSpec,
    bar: &ProgressBar,
) -> Result<u64, SeedError> {
    pause_search_log(tx).await?;
    let rows = replace_saved_searches(tx, spec, bar).await?;
    resume_search_log(tx).await?;
    Ok(rows)
}

async fn replace_saved_searches(
    tx: &mut Transaction<'_, Postgres>,
    spec: DemoSpec,
    bar: &ProgressBar,
) -> Result<u64, SeedError> {
    sqlx::query(
        "DELETE FROM saved_searches s USING workers w WHERE s.worker_id = w.id AND w.is_demo",
    )
    .execute(&mut **tx)
    .await?;
    if spec.saved_searches == 0 {
        return Ok(0);
    }
    let keepers = i64::from(spec.saved_searches.div_ceil(10));
    bar.set_message("accounts");
    let accounts = sqlx::query(
        "INSERT INTO accounts (phone, role, worker_id)
         SELECT phone, 'worker', id FROM workers WHERE is_demo ORDER BY id LIMIT $1
         ON CONFLICT DO NOTHING",
    )
    .bind(keepers)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let rows: Vec<(i64, i32, i32, f64, f64, Vec<String>)> = sqlx::query_as(
        "SELECT w.id, w.home_city_adcode, coalesce(w.home_district_adcode, w.home_city_adcode),
                ST_X(w.home_location), ST_Y(w.home_location),
                coalesce(array_agg(t.trade_code) FILTER (WHERE t.trade_code IS NOT NULL), '{}')
           FROM workers w LEFT JOIN worker_trades t ON t.worker_id = w.id
          WHERE w.is_demo AND w.home_location IS NOT NULL AND w.home_city_adcode IS NOT NULL
          GROUP BY w.id ORDER BY w.id LIMIT $1",
    )
    .bind(keepers)
    .fetch_all(&mut **tx)
    .await?;
    let searchers: Vec<Searcher> = rows
        .into_iter()
        .map(|(id, city, district, lng, lat, trades)| Searcher {
            id,
            city,
            district,
            lng,
            lat,
            trades,
        })
        .collect();
    let sectors: std::collections::HashMap<String, String> = sqlx::query_as::<_, (String, String)>(
        "SELECT code, parent_code FROM trades WHERE parent_code IS NOT NULL",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    // Bulk: the per-worker limit is kept by the generator (ten each), and the indexes are built once.
    sqlx::query("ALTER TABLE saved_searches DISABLE TRIGGER saved_searches_limit")
        .execute(&mut **tx)
        .await?;
    let large = spec.saved_searches > 100_000;
    let indexes = if large {
        drop_secondary_indexes(tx, "saved_searches").await?
    } else {
        vec![]
    };
    bar.set_message("saved searches");
    let rows = copy(tx, SAVED_SEARCH_COLUMNS, bar, move |out| {
        generate_saved_searches(spec, &searchers, &sectors, out)
    })
    .await?;
    if !indexes.is_empty() {
        bar.set_message("indexing searches");
        for definition in &indexes {
            sqlx::query(definition).execute(&mut **tx).await?;
        }
    }
    sqlx::query("ALTER TABLE saved_searches ENABLE TRIGGER saved_searches_limit")
        .execute(&mut **tx)
        .await?;
    Ok(rows + accounts)
}

/// Words people search by besides trade names (the demo titles use them).
const SEARCH_WORDS: [&str; 6] = ["日结", "急招", "兼职", "长期", "夜班", "周末"];

/// A worker's saved searches as people keep them: mostly one of their trades (sometimes the sector,
/// sometimes a word) near home — their district (45 %) or a circle of a few kilometres (50 %) —, less
/// often their city (4.8 %), hardly ever the whole province (0.2 %); often a lowest pay (45 %),
/// sometimes hours (10 %) or a group (5 %).
fn generate_saved_searches(
    spec: DemoSpec,
    searchers: &[Searcher],
    sectors: &std::collections::HashMap<String, String>,
    out: &mut RowSink,
) {
    let mut rng = stream(spec, 5);
    let radii = [(1u16, 10u32), (3, 35), (5, 35), (10, 15), (20, 5)];
    let radius_weights = WeightedIndex::new(radii.iter().map(|r| r.1));
    let trade_weights = WeightedIndex::new(TRADE_PROFILES.iter().map(|t| t.weight));
    let mut left = spec.saved_searches;
    for worker in searchers {
        for _ in 0..left.min(10) {
            let profile = match worker.trades.as_slice() {
                [] => &TRADE_PROFILES[trade_weights.sample(&mut rng)],
                trades => {
                    let code = rng.pick(trades);
                    TRADE_PROFILES
                        .iter()
                        .find(|t| t.code == code)
                        .unwrap_or(&TRADE_PROFILES[0])
                }
            };
            let mut q = app::model::SearchQuery::default();
            let what = rng.unit();
            if what < 0.72 {
                q.trade = app::model::TradeCode::parse(profile.code);
            } else if what < 0.78 {
                q.trade = sectors
                    .get(profile.code)
                    .and_then(|s| app::model::TradeCode::parse(s));
            } else if what < 0.95 {
                q.keyword = Some(if rng.chance(0.6) {
                    profile.name.to_owned()
                } else {
                    (*rng.pick(&SEARCH_WORDS)).to_owned()
                });
            }
            // Gig work is local: the district or a circle around home mostly, the city sometimes, the
            // province hardly ever; "anything" only within a kilometre.
            let anything = q.trade.is_none() && q.keyword.is_none();
            let place = rng.unit();
            if anything || (0.45..0.95).contains(&place) {
                let (lng, lat) = scatter(&mut rng, worker.lng, worker.lat, 2.0);
                q.near = app::model::Point::new(lng, lat);
                q.radius_km = Some(if anything {
                    1
                } else {
                    radii[radius_weights.sample(&mut rng)].0
                });
            } else if place < 0.45 {
                q.city = Some(worker.city);
                q.district = Some(worker.district);
            } else if place < 0.998 {
                q.city = Some(worker.city);
            }
            if rng.chance(0.45) {
                let (unit, lo, hi) = profile.pay[0];
                let yuan = lo + (hi - lo) * rng.between(20, 60) as u32 / 100;
                q.min_pay = app::model::PayUnit::parse(unit).map(|unit| app::model::MinPay {
                    yuan: yuan.max(1),
                    unit,
                });
            }
            if rng.chance(0.10) {
                q.max_hours = Some(*rng.pick(&[4u8, 6, 8, 10]));
            }
            if rng.chance(0.05) {
                q.tags = vec![*rng.pick(&app::model::PostingTag::ALL)];
            }
            let label = match (&q.keyword, &q.trade) {
                (Some(keyword), _) => keyword.clone(),
                (None, Some(t)) if t.as_str() == profile.code => profile.name.to_owned(),
                // The sector: "帮厨等" (kitchen helpers and the like).
                (None, Some(_)) => format!("{}等", profile.name),
                (None, None) => "附近的活".to_owned(),
            };
            let b = out.buffer();
            let _ = write!(b, "{}\t{label}\t", worker.id);
            field(b, q.keyword.as_deref());
            field(b, q.trade.as_ref().map(|t| t.as_str()));
            field(b, q.city.map(|c| c.to_string()).as_deref());
            field(b, q.district.map(|d| d.to_string()).as_deref());
            field(b, q.near.map(|p| ewkb_point(p.lng, p.lat)).as_deref());
            field(
                b,
                q.radius_km
                    .map(|r| (u32::from(r) * 1000).to_string())
                    .as_deref(),
            );
            field(b, q.min_pay.map(|p| (p.yuan * 100).to_string()).as_deref());
            field(b, q.min_pay.map(|p| p.unit.as_str()));
            field(
                b,
                q.max_hours
                    .map(|h| (u16::from(h) * 60).to_string())
                    .as_deref(),
            );
            let tags: Vec<&str> = q.tags.iter().map(|t| t.as_str()).collect();
            let _ = write!(b, "{{{}}}\t", tags.join(","));
            b.push_str(&app::db::matching::saved_url(&q));
            b.push_str(if rng.chance(0.2) { "\tt" } else { "\tf" });
            b.push_str(if rng.chance(0.9) { "\tzh" } else { "\ten" });
            out.end_row();
        }
        left = left.saturating_sub(10);
        if left == 0 {
            break;
        }
    }
}

/// One COPY field and its tab: the value, or NULL.
fn field(b: &mut String, value: Option<&str>) {
    b.push_str(value.unwrap_or("\\N"));
    b.push('\t');
}

// Small helpers ------------------------------------------------------------------------------------------------

fn pay_cents(rng: &mut Rng, unit: &str, lo: u32, hi: u32) -> u32 {
    let yuan = lo + rng.below(u64::from(hi - lo + 1)) as u32;
    match unit {
        // Day and month rates are quoted in round figures.
        "day" => yuan / 5 * 5 * 100,
        "month" => yuan / 100 * 100 * 100,
        "piece" if hi <= 10 => yuan * 100 + if rng.chance(0.5) { 50 } else { 0 },
        _ => yuan * 100,
    }
}

/// A point scattered around a centre with a normal spread of `km` (Box–Muller), kept inside the service area.
fn scatter(rng: &mut Rng, lng: f64, lat: f64, km: f64) -> (f64, f64) {
    let (dx, dy) = rng.normal_pair();
    let lat2 = (lat + dy * km / 111.0).clamp(30.6, 35.4);
    let lng2 = (lng + dx * km / (111.0 * lat.to_radians().cos())).clamp(115.6, 122.4);
    (lng2, lat2)
}

/// A point as hexadecimal EWKB with SRID 4326, the fastest form for PostGIS to read in COPY.
fn ewkb_point(lng: f64, lat: f64) -> String {
    let mut hex = String::with_capacity(50);
    hex.push_str("0101000020E6100000");
    for value in [lng, lat] {
        for byte in value.to_le_bytes() {
            let _ = write!(hex, "{byte:02X}");
        }
    }
    hex
}

fn timestamp(t: NaiveDateTime) -> String {
    // Demo times are China Standard Time.
    format!("{}+08", t.format("%Y-%m-%d %H:%M:%S"))
}

/// A mobile number unique per (kind, index): a bijection of the index over 8 digits, so no two rows collide.
fn phone(kind: u64, index: u64) -> String {
    let n = index * 4 + kind;
    let prefix = PHONE_PREFIXES[(n % PHONE_PREFIXES.len() as u64) as usize];
    let rest = (n / PHONE_PREFIXES.len() as u64 * 7_919 + 1_234_567) % 100_000_000;
    format!("{prefix}{rest:08}")
}

const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code that passes GB 32100-2015's check: "91" (an enterprise), the city's code,
/// a unique body derived from the index, and the check character.
pub fn credit_code(city: i32, index: u64) -> String {
    let mut body = index.wrapping_mul(2_654_435_761) % 31u64.pow(8);
    let mut code = format!("91{city:06}");
    let mut org = [b'0'; 9];
    for slot in org.iter_mut().take(8).rev() {
        *slot = CREDIT_ALPHABET[(body % 31) as usize];
        body /= 31;
    }
    org[8] = CREDIT_ALPHABET[(index % 10) as usize];
    code.push_str(std::str::from_utf8(&org).unwrap_or("000000000"));
    let sum: u32 = code
        .bytes()
        .zip(CREDIT_WEIGHTS)
        .map(|(c, w)| CREDIT_ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u32 * w)
        .sum();
    code.push(CREDIT_ALPHABET[((31 - sum % 31) % 31) as usize] as char);
    code
}

/// SplitMix64: small, fast and, unlike a library generator, guaranteed to give the same numbers forever,
/// which is what a reproducible benchmark data set needs.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn normal_pair(&mut self) -> (f64, f64) {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = std::f64::consts::TAU * u2;
        (r * theta.cos(), r * theta.sin())
    }
}

/// Draws indices in proportion to their weights.
#[derive(Clone, Debug)]
struct WeightedIndex {
    cumulative: Vec<u64>,
}

impl WeightedIndex {
    fn new(weights: impl Iterator<Item = u32>) -> Self {
        let mut total = 0;
        let cumulative = weights
            .map(|w| {
                total += u64::from(w);
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let x = rng.below(total);
        self.cumulative.partition_point(|&c| c <= x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_pass_the_national_check() {
        // The published example from GB 32100-2015 material, checked by the same rule.
        let sample = "91350100M000100Y43";
        let sum: u32 = sample
            .bytes()
            .take(17)
            .zip(CREDIT_WEIGHTS)
            .map(|(c, w)| CREDIT_ALPHABET.iter().position(|&a| a == c).unwrap() as u32 * w)
            .sum();
        assert_eq!(CREDIT_ALPHABET[((31 - sum % 31) % 31) as usize], b'3');
        let codes: std::collections::HashSet<String> =
            (0..10_000).map(|i| credit_code(320100, i)).collect();
        assert_eq!(codes.len(), 10_000, "codes must be unique");
        assert!(codes
            .iter()
            .all(|c| c.len() == 18 && c.starts_with("91320100")));
    }

    #[test]
    fn phones_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for kind in 1..=2 {
            for i in 0..50_000 {
                let p = phone(kind, i);
                assert_eq!(p.len(), 11);
                assert!(p.starts_with('1') && p.as_bytes()[1] >= b'3');
                assert!(seen.insert(p), "duplicate phone");
            }
        }
    }

    #[test]
    fn the_generator_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert!((0..1000).all(|_| a.next_u64() == b.next_u64()));
        let w = WeightedIndex::new([1, 0, 3].into_iter());
        let mut rng = Rng::new(1);
        let mut counts = [0; 3];
        for _ in 0..40_000 {
            counts[w.sample(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((9_000..11_000).contains(&counts[0]), "{counts:?}");
    }

    #[test]
    fn ewkb_points_carry_srid_4326() {
        assert_eq!(
            ewkb_point(0.0, 0.0),
            "0101000020E610000000000000000000000000000000000000"
        );
    }

    #[test]
    fn pay_is_rounded_the_way_employers_quote_it() {
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            assert_eq!(pay_cents(&mut rng, "day", 130, 200) % 500, 0);
            assert_eq!(pay_cents(&mut rng, "month", 4500, 7000) % 10_000, 0);
            let p = pay_cents(&mut rng, "hour", 18, 25);
            assert!((1800..=2500).contains(&p));
        }
    }

    fn spec(postings: u32) -> DemoSpec {
        DemoSpec {
            seed: 42,
            employers: 50,
            postings,
            workers: 300,
            saved_searches: 1_500,
            anchor: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        }
    }

    #[sqlx::test(migrations = "./migrations")]
    async fn a_load_satisfies_every_constraint_and_is_not_repeated(pool: PgPool) {
        crate::seed::reference::load(&pool).await.unwrap();
        let outcome = load(&pool, spec(2_000), false, false).await.unwrap();
        assert!(matches!(outcome, Outcome::Loaded { .. }));
        assert_eq!(
            load(&pool, spec(2_000), false, false).await.unwrap(),
            Outcome::AlreadyLoaded
        );

        let (postings, today): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(*) FILTER (WHERE status = 'open' AND start_date <= '2026-11-24' AND end_date >= '2026-11-24')
               FROM postings",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(postings, 2_000);
        assert!(
            today > 100,
            "today should have plenty of open postings, got {today}"
        );
        let workers: i64 = sqlx::query_scalar("SELECT count(*) FROM workers")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(workers, 300);
        let skills: i64 = sqlx::query_scalar("SELECT count(DISTINCT worker_id) FROM worker_trades")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(skills, 300, "every worker has at least one trade");
        let (searches, keepers, resolved): (i64, i64, i64) = sqlx::query_as(
            "SELECT count(*), count(DISTINCT s.worker_id),
                    count(*) FILTER (WHERE s.keyword IS NULL OR s.keyword_trades IS NOT NULL)
               FROM saved_searches s JOIN accounts a ON a.worker_id = s.worker_id",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!((searches, keepers, resolved), (1_500, 150, 1_500));
        // The alerts' deliverer is told to read them all again, not of each.
        let logged: (i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE saved_search_id IS NULL), count(saved_search_id)
               FROM saved_search_changes",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(logged.0 >= 1 && logged.1 == 0, "{logged:?}");
        let future: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM postings
              WHERE greatest(created_at, updated_at, published_at) > '2026-11-24 00:00+08'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(future, 0, "nothing was posted after the load");
    }

    #[sqlx::test(migrations = "./migrations")]
    async fn the_same_spec_gives_the_same_rows_and_a_new_spec_replaces_them(pool: PgPool) {
        crate::seed::reference::load(&pool).await.unwrap();
        let fingerprint = |pool: PgPool| async move {
            sqlx::query_scalar::<_, String>(
                "SELECT md5(string_agg(concat_ws('|', title, trade_code, pay_cents, start_date, ST_AsText(location)), ',' ORDER BY id))
                   FROM postings",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        };
        load(&pool, spec(500), false, false).await.unwrap();
        let first = fingerprint(pool.clone()).await;
        load(&pool, spec(500), true, false).await.unwrap();
        assert_eq!(first, fingerprint(pool.clone()).await);

        load(&pool, spec(300), false, false).await.unwrap();
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM postings")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(
            count, 300,
            "a new size replaces the old rows instead of adding to them"
        );
    }

    #[sqlx::test(migrations = "./migrations")]
    async fn real_rows_survive_a_demo_reload(pool: PgPool) {
        crate::seed::reference::load(&pool).await.unwrap();
        load(&pool, spec(100), false, false).await.unwrap();
        sqlx::query("INSERT INTO workers (phone, name) VALUES ('13912345678', '真实用户')")
            .execute(&pool)
            .await
            .unwrap();
        load(&pool, spec(200), false, false).await.unwrap();
        let real: i64 = sqlx::query_scalar("SELECT count(*) FROM workers WHERE NOT is_demo")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(real, 1);
        let demo: i64 = sqlx::query_scalar("SELECT count(*) FROM workers WHERE is_demo")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(demo, 300);
    }
}

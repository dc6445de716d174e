//! The open postings held in memory for search (搜索索引), on each server instance.
//!
//! A search that nobody asked for in the last seconds (the cache, [`crate::search::cache`], answers
//! repeats) costs PostgreSQL milliseconds of CPU at 1.1 M postings, and a province-wide one or a city's
//! hundreds (issue 19: p95 316 ms): two cores would answer a few hundred a second. Held in memory, every
//! search is answered without the database: a search within a distance scans the grid cells its circle
//! covers (a few thousand compact entries, ordered by trade inside each cell), and any other search
//! intersects the sets of [`super::sets`]. The page's twenty summaries are assembled from what the index
//! holds besides: each posting's listed fields, its employer's name and verification, and the names of
//! trades and places; the facet counts come from the same scan or the same sets.
//!
//! PostgreSQL stays the source of truth. The index is filled from it at start, and follows every change
//! through `postings.updated_at` and `employers.updated_at`: at once when the database announces a change
//! to a public posting (the boards' announcements), and every second regardless. It answers with the
//! semantics of [`crate::search::by_sql`], the SQL that answers searches until the first load
//! completes and the reference the index is tested against.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use tokio::sync::broadcast;

use crate::db::replicas::Replicas;
use crate::db::search_index::{EmployerRow, IndexRow, PlaceRow, TradeRow};
use crate::db::DbError;
use crate::live::events::{Event, EventHub};
use roaring::RoaringBitmap;

use super::cache::SearchCache;
use super::keyword::{Keyword, TradeNames};
use super::sets::{self, Sets};
use crate::model::{
    minute_of_day, Facets, PayTerms, PayUnit, PlaceFacet, Point, PostingSummary, PostingTag,
    ResultCount, SearchHit, SearchQuery, SearchResults, ShiftStart, SortOrder, TradeCode,
    TradeFacet, DATE_FACETS, DAY_PAY_FACETS_YUAN, SEARCH_PAGE_SIZE, SEARCH_RESULT_CAP,
};

/// How often the index looks for changes even when nothing was announced.
const POLL_EVERY: Duration = Duration::from_secs(1);

/// Changes are re-read this far behind the last reading: `updated_at` is the time a transaction began,
/// so one that ran this long may commit after the reading. The hourly reload catches anything slower
/// (bulk loads).
const REREAD_MARGIN: chrono::TimeDelta = chrono::TimeDelta::seconds(10);

/// Refreshes are at least this far apart: a burst of announced changes (50 publishes a second) is read
/// in one refresh rather than one each, which re-read the last ten seconds every time and took the
/// cores from publishing itself (issue 18: publishes slowed to half a second at 50 a second).
const MIN_REFRESH_GAP: Duration = Duration::from_millis(250);

/// How often everything is read afresh, which also drops postings whose dates have passed.
const RELOAD_EVERY: Duration = Duration::from_secs(3600);

/// Rows applied under one hold of the write lock when reading everything into the index in use.
const LOAD_BATCH: usize = 2048;

/// Side of a grid cell, in degrees: about 2 km. A 5 km search reads some forty cells; a city centre's
/// cell holds a few thousand postings.
const CELL_DEGREES: f64 = 0.02;

/// Match sets up to this size are counted for the facets in one pass over their ids (about 3 ns an
/// id); larger ones by intersecting whole containers, which then costs less.
const ONE_PASS_FACETS: u64 = 50_000;

#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    inner: Arc<RwLock<Option<Postings>>>,
}

/// The index's contents once loaded.
#[derive(Debug)]
struct Postings {
    trades: Trades,
    places: Places,
    employers: HashMap<i64, Employer>,
    /// The open postings of each grid cell (its column and row), side by side in memory and ordered by
    /// trade: a search within a distance scans the cells its circle covers, and in each only its trades'
    /// stretch, without chasing pointers from one posting to the next.
    cells: HashMap<(i32, i32), Vec<Entry>>,
    /// The open postings as sets, for searches without a distance.
    sets: Sets,
    /// Each open posting as a whole: what the filters read and what a result list shows.
    listed: HashMap<i64, Listed>,
    /// A posting id beyond the sets' 32 bits was read (not before four billion postings): the sets are
    /// incomplete, and the SQL answers searches without a distance.
    ids_overflowed: bool,
    /// When the last reading began, by the database's clock (never this server's).
    read_at: DateTime<Utc>,
    /// Match sets up to this size have their facets counted in one pass over their ids
    /// ([`ONE_PASS_FACETS`]; the tests also count every set the other way).
    one_pass_facets: u64,
}

/// One open posting in its grid cell, as compact as the filters allow.
#[derive(Debug)]
struct Entry {
    trade: u16,
    id: i64,
    city: i32,
    district: Option<i32>,
    point: Point,
    start: NaiveDate,
    end: NaiveDate,
    pay_unit: PayUnit,
    pay_cents: i32,
    day_pay_cents: Option<i32>,
    shift_minutes: i16,
    /// 上班时间 in minutes after midnight, or [`NOT_SAID`].
    start_minute: i16,
    /// [`PayTerms::position`], or [`NOT_SAID`].
    pay_terms: i16,
    /// One bit per [`PostingTag`], in the order of [`PostingTag::ALL`].
    tags: u8,
}

/// A start time or pay terms the posting does not state (it was written before they were asked for).
const NOT_SAID: i16 = -1;

/// What a result list shows of an open posting beyond the filters' fields in its [`Entry`], and its
/// title for keywords. Kept lean: the map holding it has a slot for every posting and then some.
#[derive(Debug)]
struct Listed {
    /// The grid cell its entry is in, and its trade there, to find the entry.
    cell: (i32, i32),
    trade: u16,
    employer: i64,
    /// Lower-cased, as keywords are compared with it.
    title: Box<str>,
    /// As written, when that differs from the lower-cased title (rarely: most titles are Chinese).
    written: Option<Box<str>>,
    address: Box<str>,
    headcount: i16,
    filled: i16,
    /// As read: a reload passes over the postings that have not changed since.
    updated_at: DateTime<Utc>,
}

/// An employer as summaries name it.
#[derive(Debug, PartialEq)]
struct Employer {
    name: Box<str>,
    verified: bool,
}

impl From<EmployerRow> for Employer {
    fn from(row: EmployerRow) -> Employer {
        Employer {
            name: row.name.into_boxed_str(),
            verified: row.verified,
        }
    }
}

/// The names of cities and districts, by administrative code.
#[derive(Debug, Default)]
struct Places {
    cities: HashMap<i32, Box<str>>,
    districts: HashMap<i32, Box<str>>,
}

impl Places {
    fn new((cities, districts): (Vec<PlaceRow>, Vec<PlaceRow>)) -> Places {
        let named = |rows: Vec<PlaceRow>| {
            rows.into_iter()
                .map(|row| (row.adcode, row.name.into_boxed_str()))
                .collect()
        };
        Places {
            cities: named(cities),
            districts: named(districts),
        }
    }

    fn know(&self, row: &IndexRow) -> bool {
        self.cities.contains_key(&row.city_adcode)
            && row
                .district_adcode
                .is_none_or(|d| self.districts.contains_key(&d))
    }
}

/// The trade taxonomy (工种), as keyword and trade filters and summaries need it; entries name a trade by
/// its position here, two bytes instead of a code.
#[derive(Debug, Default)]
struct Trades {
    codes: Vec<TradeCode>,
    index: HashMap<String, u16>,
    parent: Vec<Option<u16>>,
    names: Vec<String>,
    names_en: Vec<String>,
    lowered_names: Vec<String>,
    pinyin: Vec<String>,
    synonyms: Vec<Vec<String>>,
}

impl Trades {
    fn new(rows: Vec<TradeRow>) -> Trades {
        // The database's CHECK accepts exactly the codes `TradeCode` does.
        let rows: Vec<(TradeCode, TradeRow)> = rows
            .into_iter()
            .filter_map(|row| TradeCode::parse(&row.code).map(|code| (code, row)))
            .collect();
        let mut trades = Trades::default();
        for (i, (_, row)) in rows.iter().enumerate() {
            trades.index.insert(row.code.clone(), i as u16);
        }
        for (code, row) in rows {
            trades
                .parent
                .push(row.parent_code.and_then(|p| trades.index.get(&p).copied()));
            trades.codes.push(code);
            trades.lowered_names.push(row.name.to_lowercase());
            trades.names.push(row.name);
            trades.names_en.push(row.name_en);
            trades.pinyin.push(row.pinyin_initials);
            trades.synonyms.push(row.synonyms);
        }
        trades
    }

    /// The trades a keyword names ([`Keyword::names`]), by position.
    fn named_by(&self, keyword: &Keyword<'_>) -> Vec<bool> {
        (0..self.codes.len())
            .map(|t| {
                keyword.names(&TradeNames {
                    name: &self.lowered_names[t],
                    sector: self.parent[t].map(|p| self.lowered_names[p as usize].as_str()),
                    synonyms: &self.synonyms[t],
                    pinyin_initials: &self.pinyin[t],
                })
            })
            .collect()
    }

    /// The sector a trade belongs to; none for a sector.
    fn sector_of(&self, trade: u16) -> Option<u16> {
        self.parent.get(trade as usize).copied().flatten()
    }

    /// A trade and, for a sector, all its trades.
    fn within(&self, code: &TradeCode) -> Vec<u16> {
        let Some(wanted) = self.index.get(code.as_str()).copied() else {
            return Vec::new();
        };
        (0..self.codes.len() as u16)
            .filter(|&t| t == wanted || self.parent[t as usize] == Some(wanted))
            .collect()
    }
}

/// Which postings a search found, in order, before their summaries are assembled.
#[derive(Default)]
struct Found {
    /// The page's postings and one more (which tells that a next page exists), with their distances.
    page: Vec<(i64, Option<u32>)>,
    /// All matches, counted up to one past the cap.
    total: usize,
    facets: Facets,
}

/// Waits for an event that may have changed a posting (a board's change, or a resync); `false` once
/// the events have closed. Notifications to people change no posting.
async fn next_posting_change(changes: &mut broadcast::Receiver<Event>) -> bool {
    loop {
        match changes.recv().await {
            Ok(Event::Notification { .. } | Event::Alerts { .. }) => {}
            Ok(Event::Board { .. } | Event::Resync)
            | Err(broadcast::error::RecvError::Lagged(_)) => return true,
            Err(broadcast::error::RecvError::Closed) => return false,
        }
    }
}

/// Takes every event already waiting; `false` once the events have closed.
fn drain(changes: &mut broadcast::Receiver<Event>) -> bool {
    loop {
        match changes.try_recv() {
            Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => {}
            Err(broadcast::error::TryRecvError::Empty) => return true,
            Err(broadcast::error::TryRecvError::Closed) => return false,
        }
    }
}

impl SearchIndex {
    /// An index that loads itself in the background and then follows the database's changes until the
    /// server stops ([`EventHub::stopped`]). Until it has loaded, [`SearchIndex::search`] answers
    /// `None`. The cache of recent `answers` forgets them whenever the index changes, so that no answer
    /// outlives what it was read from.
    ///
    /// Each round reads from a replica in use if there is one, else from the primary (`pool`). A
    /// round may read from another server than the last: what the index holds never goes back to an
    /// older version of a posting, and it follows from the later of the two servers' horizons.
    pub fn following(
        pool: PgPool,
        replicas: Replicas,
        events: &EventHub,
        answers: SearchCache,
    ) -> SearchIndex {
        let index = SearchIndex::default();
        let mut changes = events.subscribe();
        let closed = events.stopped(&pool);
        let this = index.clone();
        tokio::spawn(async move {
            tokio::pin!(closed);
            replicas.settled(Duration::from_secs(3)).await;
            let mut loaded_at: Option<tokio::time::Instant> = None;
            loop {
                let stepped_at = tokio::time::Instant::now();
                let due = loaded_at.is_none_or(|at| at.elapsed() >= RELOAD_EVERY);
                let step = this.step(&replicas.for_reading(&pool, None), due).await;
                // A replica that has replayed nothing since it started cannot say how far it has
                // got: this round reads the primary.
                let step = match step {
                    Err(DbError::NoHorizon) => this.step(&pool, due).await,
                    step => step,
                };
                match step {
                    Ok(changed) => {
                        if due {
                            loaded_at = Some(tokio::time::Instant::now());
                        }
                        if due || changed {
                            answers.forget_all();
                        }
                    }
                    // The database is away: try again on the next round; searches use what is held,
                    // or the SQL until a first load.
                    Err(error) => tracing::warn!(%error, "search index not refreshed"),
                }
                tokio::select! {
                    _ = &mut closed => break,
                    _ = tokio::time::sleep(POLL_EVERY) => {}
                    // A change announced: read it soon rather than at the next tick.
                    changed = next_posting_change(&mut changes) => {
                        if !changed {
                            break;
                        }
                        tokio::time::sleep_until(stepped_at + MIN_REFRESH_GAP).await;
                        // Whatever else was announced meanwhile is read by the same refresh.
                        if !drain(&mut changes) {
                            break;
                        }
                    }
                }
            }
        });
        index
    }

    /// One round of following: a whole load when `due`, else the changes since the last round.
    async fn step(&self, pool: &PgPool, due: bool) -> Result<bool, DbError> {
        if due {
            self.load(pool, crate::calendar::today())
                .await
                .map(|()| true)
        } else {
            self.refresh(pool).await
        }
    }

    /// Reads every searchable posting afresh: a new index the first time; after that, into the index in
    /// use, so that a reload never holds two indexes at once (at 1.1 M postings one is 250 MB). Postings
    /// whose dates have passed or that are no longer open are dropped, and the date sets start again
    /// from `today`.
    #[tracing::instrument(skip_all, err)]
    pub async fn load(&self, pool: &PgPool, today: NaiveDate) -> Result<(), DbError> {
        let trades = Trades::new(crate::db::search_index::trades(pool).await?);
        let places = Places::new(crate::db::search_index::places(pool).await?);
        // Whatever commits after the load's snapshot is stamped later than this, or within the re-read
        // margin of it, and is read by the next refresh.
        let read_at = crate::db::search_index::horizon(pool).await?;
        // A fresh index answers nothing until it is whole; one in use answers throughout, from rows
        // applied in batches (a search waits for one batch at most).
        let mut fresh = {
            let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
            match guard.as_mut() {
                Some(postings) => {
                    postings.retrade(trades);
                    postings.places = places;
                    postings.rebase(today);
                    None
                }
                None => Some(Postings {
                    sets: Sets::new(today, trades.codes.len()),
                    trades,
                    places,
                    employers: HashMap::new(),
                    cells: HashMap::new(),
                    listed: HashMap::new(),
                    ids_overflowed: false,
                    read_at,
                    one_pass_facets: ONE_PASS_FACETS,
                }),
            }
        };
        let in_place = fresh.is_none();
        let rows = crate::db::search_index::open_from(pool, today);
        futures::pin_mut!(rows);
        let mut seen: HashSet<i64> = HashSet::new();
        let mut batch = Vec::with_capacity(LOAD_BATCH);
        loop {
            let row = futures::TryStreamExt::try_next(&mut rows).await?;
            let done = row.is_none();
            batch.extend(row);
            if batch.len() < LOAD_BATCH && !done {
                continue;
            }
            let mut apply = |postings: &mut Postings| {
                for row in batch.drain(..) {
                    seen.insert(row.id);
                    // Unchanged since it was read: nothing to do.
                    if postings.listed.get(&row.id).map(|l| l.updated_at) != Some(row.updated_at) {
                        postings.apply(row);
                    }
                }
            };
            match fresh.as_mut() {
                Some(postings) => apply(postings),
                None => {
                    let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
                    if let Some(postings) = guard.as_mut() {
                        apply(postings);
                    }
                }
            }
            if done {
                break;
            }
        }
        // Read after the postings, so that every employer they name is there: an employer commits
        // before any posting of theirs.
        let employers = crate::db::search_index::employers(pool)
            .await?
            .into_iter()
            .map(|row| (row.id, Employer::from(row)))
            .collect();
        let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if let Some(postings) = fresh {
            *guard = Some(postings);
        }
        if let Some(postings) = guard.as_mut() {
            let gone: Vec<i64> = postings
                .listed
                .keys()
                .copied()
                .filter(|id| !seen.contains(id))
                .collect();
            for id in gone {
                postings.remove(id);
            }
            postings.employers = employers;
            postings.read_at = read_at;
        }
        tracing::info!(count = seen.len(), in_place, "search index loaded");
        Ok(())
    }

    /// Applies the postings changed since the last reading, and tells whether any had changed since
    /// (rather than only being read again within the margin). Does nothing before the first load.
    #[tracing::instrument(skip_all, err)]
    pub async fn refresh(&self, pool: &PgPool) -> Result<bool, DbError> {
        let Some(since) = self.read(|p| p.read_at) else {
            return Ok(false);
        };
        // A replica further behind than the last round's server has nothing newer to give (yet).
        let read_at = crate::db::search_index::horizon(pool).await?.max(since);
        let rows =
            crate::db::search_index::changed_between(pool, since - REREAD_MARGIN, read_at).await?;
        // After the postings, as in `load`.
        let employers = crate::db::search_index::employers_changed_between(
            pool,
            since - REREAD_MARGIN,
            read_at,
        )
        .await?;
        let (posting_changed, employer_changed) = self
            .read(|p| {
                (
                    rows.iter().any(|row| row.updated_at > since),
                    employers.iter().any(|row| {
                        p.employers.get(&row.id).is_none_or(|held| {
                            *held.name != row.name || held.verified != row.verified
                        })
                    }),
                )
            })
            .unwrap_or_default();
        // A trade, city or district added since the load: read them again before placing its postings.
        let reference = if self
            .read(|p| {
                rows.iter()
                    .any(|r| !p.trades.index.contains_key(&r.trade_code) || !p.places.know(r))
            })
            .unwrap_or(false)
        {
            Some((
                Trades::new(crate::db::search_index::trades(pool).await?),
                Places::new(crate::db::search_index::places(pool).await?),
            ))
        } else {
            None
        };
        let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if let Some(postings) = guard.as_mut() {
            if let Some((trades, places)) = reference {
                postings.retrade(trades);
                postings.places = places;
            }
            for row in rows {
                // Never back to an older version, read from a replica behind the last round's server.
                if postings
                    .listed
                    .get(&row.id)
                    .is_none_or(|held| held.updated_at <= row.updated_at)
                {
                    postings.apply(row);
                }
            }
            for row in employers {
                postings.employers.insert(row.id, Employer::from(row));
            }
            postings.read_at = read_at;
        }
        Ok(posting_changed || employer_changed)
    }

    fn read<T>(&self, f: impl FnOnce(&Postings) -> T) -> Option<T> {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(f)
    }

    /// Whether a trade exists, once loaded.
    pub fn knows_trade(&self, code: &TradeCode) -> Option<bool> {
        self.read(|p| p.trades.index.contains_key(code.as_str()))
    }

    /// A search's page, as [`crate::search::by_sql`] answers it; `None` until the index has loaded
    /// and for the few searches it leaves to the SQL (a day in the past or months ahead).
    #[tracing::instrument(level = "debug", skip(self))]
    pub fn search(&self, today: NaiveDate, query: &SearchQuery) -> Option<SearchResults> {
        self.read(|p| p.answer(today, query)).flatten()
    }

    /// From now on, facets are counted by intersections whatever the size of the match set: the
    /// tests compare both ways of counting with the SQL.
    #[cfg(test)]
    fn count_facets_by_intersections(&self) {
        if let Some(postings) = self
            .inner
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            postings.one_pass_facets = 0;
        }
    }
}

impl Postings {
    /// A search's page, from the index alone.
    fn answer(&self, today: NaiveDate, query: &SearchQuery) -> Option<SearchResults> {
        let found = match (query.near, query.radius_km) {
            (Some(centre), Some(radius_km)) => self.find_near(today, query, centre, radius_km),
            (None, _) => self.find_anywhere(today, query)?,
            // A point without a radius (only through the API, never from a URL): the SQL measures it.
            (Some(_), None) => return None,
        };
        let page_size = SEARCH_PAGE_SIZE as usize;
        let hits = found
            .page
            .iter()
            .take(page_size)
            .map(|&(id, distance_m)| {
                Some(SearchHit {
                    posting: self.summary(id)?,
                    distance_m,
                })
            })
            .collect::<Option<Vec<_>>>();
        let Some(hits) = hits else {
            // Not expected (an employer commits before their postings, and places are read again when
            // a posting names an unknown one), but the SQL can always answer.
            tracing::warn!("search index lacks a posting's employer or place; the SQL answers");
            return None;
        };
        Some(SearchResults {
            day: query.date.window(today).0,
            hits,
            count: if found.total > SEARCH_RESULT_CAP as usize {
                ResultCount::AtLeast(SEARCH_RESULT_CAP)
            } else {
                ResultCount::Exactly(found.total as u32)
            },
            page: query.page,
            has_next: found.page.len() > page_size
                && (query.page + 1) * SEARCH_PAGE_SIZE < SEARCH_RESULT_CAP,
            facets: found.facets,
        })
    }

    /// A posting's entry in its grid cell, and the rest of it.
    fn held(&self, id: i64) -> Option<(&Entry, &Listed)> {
        let listed = self.listed.get(&id)?;
        let entries = self.cells.get(&listed.cell)?;
        let from = entries.partition_point(|e| e.trade < listed.trade);
        let entry = entries[from..].iter().find(|e| e.id == id)?;
        Some((entry, listed))
    }

    /// What a result list shows of a posting, as the SQL's summary columns give it.
    fn summary(&self, id: i64) -> Option<PostingSummary> {
        let (entry, listed) = self.held(id)?;
        let employer = self.employers.get(&listed.employer)?;
        let trade = entry.trade as usize;
        let district_name = match entry.district {
            Some(adcode) => Some(self.places.districts.get(&adcode)?.to_string()),
            None => None,
        };
        Some(PostingSummary {
            id,
            title: listed
                .written
                .as_deref()
                .unwrap_or(&listed.title)
                .to_owned(),
            trade_code: self.trades.codes.get(trade)?.clone(),
            trade_name: self.trades.names[trade].clone(),
            trade_name_en: self.trades.names_en[trade].clone(),
            employer_name: employer.name.to_string(),
            employer_verified: employer.verified,
            city_name: self.places.cities.get(&entry.city)?.to_string(),
            district_name,
            address: listed.address.to_string(),
            location: entry.point,
            pay_cents: entry.pay_cents,
            pay_unit: entry.pay_unit,
            start_date: entry.start,
            end_date: entry.end,
            shift_minutes: entry.shift_minutes,
            start_time: u32::try_from(entry.start_minute)
                .ok()
                .and_then(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0)),
            pay_terms: usize::try_from(entry.pay_terms)
                .ok()
                .and_then(|at| PayTerms::ALL.get(at).copied()),
            headcount: listed.headcount,
            filled: listed.filled,
            tags: PostingTag::ALL
                .into_iter()
                .filter(|&tag| entry.tags & tag_bit(tag) != 0)
                .collect(),
        })
    }

    /// What the sets hold of a posting.
    fn filtered<'a>(&self, entry: &Entry, title: &'a str) -> sets::Filtered<'a> {
        sets::Filtered {
            trade: entry.trade,
            sector: self.trades.sector_of(entry.trade),
            city: entry.city,
            district: entry.district,
            start: entry.start,
            end: entry.end,
            pay_unit: entry.pay_unit,
            pay_cents: entry.pay_cents,
            day_pay_cents: entry.day_pay_cents,
            shift_minutes: entry.shift_minutes,
            shift_start: shift_start_of(entry.start_minute),
            pay_terms: u8::try_from(entry.pay_terms).ok(),
            tags: entry.tags,
            title,
        }
    }

    /// Puts a posting's current state in the index: placed if open, removed otherwise.
    fn apply(&mut self, row: IndexRow) {
        self.remove(row.id);
        if row.status != "open" {
            return;
        }
        let (Some(&trade), Some(pay_unit)) = (
            self.trades.index.get(&row.trade_code),
            PayUnit::parse(&row.pay_unit),
        ) else {
            tracing::error!(
                id = row.id,
                "posting with an unknown trade or pay unit left out of search"
            );
            return;
        };
        let tags = row
            .tags
            .iter()
            .filter_map(|t| PostingTag::parse(t))
            .fold(0u8, |bits, tag| bits | tag_bit(tag));
        let point = Point {
            lng: row.lng,
            lat: row.lat,
        };
        let cell = cell_of(point);
        let title = row.title.to_lowercase();
        let entry = Entry {
            trade,
            id: row.id,
            city: row.city_adcode,
            district: row.district_adcode,
            point,
            start: row.start_date,
            end: row.end_date,
            pay_unit,
            pay_cents: row.pay_cents,
            day_pay_cents: row.day_pay_cents,
            shift_minutes: row.shift_minutes,
            start_minute: row.start_time.map_or(NOT_SAID, |t| minute_of_day(t) as i16),
            pay_terms: row
                .pay_terms
                .as_deref()
                .and_then(PayTerms::parse)
                .map_or(NOT_SAID, |t| i16::from(t.position())),
            tags,
        };
        match u32::try_from(row.id) {
            Ok(id) => {
                let filtered = self.filtered(&entry, &title);
                self.sets.insert(id, filtered);
            }
            Err(_) => self.ids_overflowed = true,
        }
        let entries = self.cells.entry(cell).or_default();
        let at = entries.partition_point(|e| e.trade <= trade);
        entries.insert(at, entry);
        self.listed.insert(
            row.id,
            Listed {
                cell,
                trade,
                employer: row.employer_id,
                written: (title != row.title).then(|| row.title.into_boxed_str()),
                title: title.into_boxed_str(),
                address: row.address.into_boxed_str(),
                headcount: row.headcount,
                filled: row.filled,
                updated_at: row.updated_at,
            },
        );
    }

    fn remove(&mut self, id: i64) {
        let Some(listed) = self.listed.remove(&id) else {
            return;
        };
        let Some(entries) = self.cells.get(&listed.cell) else {
            return;
        };
        let Some(at) = entries.iter().position(|e| e.id == id) else {
            return;
        };
        if let Ok(id) = u32::try_from(id) {
            let filtered = self.filtered(&entries[at], &listed.title);
            self.sets.remove(id, filtered);
        }
        if let Some(entries) = self.cells.get_mut(&listed.cell) {
            // Not `swap_remove`: the cell stays ordered by trade.
            entries.remove(at);
            if entries.is_empty() {
                self.cells.remove(&listed.cell);
            }
        }
    }

    /// Swaps in a newer taxonomy, keeping every posting's trade (codes are never renamed).
    fn retrade(&mut self, trades: Trades) {
        let old = std::mem::replace(&mut self.trades, trades);
        if old.codes == self.trades.codes && old.parent == self.trades.parent {
            // The same trades in the same places: names may have changed, positions have not.
            return;
        }
        let position = |t: u16| {
            old.codes
                .get(t as usize)
                .and_then(|code| self.trades.index.get(code.as_str()).copied())
                .unwrap_or(t)
        };
        for entries in self.cells.values_mut() {
            for entry in entries.iter_mut() {
                entry.trade = position(entry.trade);
            }
            entries.sort_by_key(|e| e.trade);
        }
        for listed in self.listed.values_mut() {
            listed.trade = position(listed.trade);
        }
        // The sets of trades are by position: made again from the postings.
        self.sets.trades = vec![RoaringBitmap::new(); self.trades.codes.len()];
        for entry in self.cells.values().flatten() {
            let Ok(id) = u32::try_from(entry.id) else {
                continue;
            };
            self.sets.retrade(id, entry.trade);
            for trade in std::iter::once(entry.trade).chain(self.trades.sector_of(entry.trade)) {
                if let Some(set) = self.sets.trades.get_mut(trade as usize) {
                    set.insert(id);
                }
            }
        }
    }

    /// Starts the date sets again from `today` (a reload after midnight).
    fn rebase(&mut self, today: NaiveDate) {
        if self.sets.first_day() == today {
            return;
        }
        let dates = self
            .cells
            .values()
            .flatten()
            .filter_map(|e| u32::try_from(e.id).ok().map(|id| (id, e.start, e.end)));
        self.sets.rebase(today, dates);
    }

    /// The matches of a search within a distance, from the grid cells its circle covers.
    fn find_near<'a>(
        &'a self,
        today: NaiveDate,
        query: &SearchQuery,
        centre: Point,
        radius_km: u16,
    ) -> Found {
        let radius_m = f64::from(radius_km) * 1000.0;
        let (from, to) = query.date.window(today);
        let date_facets = DATE_FACETS.map(|date| date.window(today));
        // The titles that may say the keyword, as a set: a check per entry costs a bit, not a title.
        let keyword = query.keyword.as_deref().map(|k| {
            let keyword = Keyword::new(k);
            let named = self.trades.named_by(&keyword);
            let titles = self.sets.titles_with(keyword.lowered());
            (keyword, named, titles)
        });
        let said = |id: i64, keyword: &Keyword<'_>| {
            self.listed
                .get(&id)
                .is_some_and(|l| keyword.said_in(&l.title))
        };
        let trades = query.trade.as_ref().map(|code| self.trades.within(code));
        let wanted_tags = query.tags.iter().fold(0u8, |bits, &t| bits | tag_bit(t));
        // Every filter but the dates, which the date facets count apart.
        let matches = |e: &Entry| {
            query.city.is_none_or(|c| e.city == c)
                && query.district.is_none_or(|d| e.district == Some(d))
                && query.min_pay.is_none_or(|p| {
                    e.pay_unit == p.unit && i64::from(e.pay_cents) >= i64::from(p.yuan) * 100
                })
                && query
                    .max_hours
                    .is_none_or(|h| i32::from(e.shift_minutes) <= i32::from(h) * 60)
                && e.tags & wanted_tags == wanted_tags
                && query
                    .pay_terms
                    .is_none_or(|t| e.pay_terms == i16::from(t.position()))
                && query
                    .starts
                    .is_none_or(|part| shift_start_of(e.start_minute) == Some(part.position()))
                && keyword
                    .as_ref()
                    .is_none_or(|(keyword, named, (titles, exact))| {
                        named[e.trade as usize]
                            || match u32::try_from(e.id) {
                                Ok(id) => titles.contains(id) && (*exact || said(e.id, keyword)),
                                Err(_) => said(e.id, keyword),
                            }
                    })
        };

        // Every match, with its distance in whole metres, and the facets' tallies.
        let mut all: Vec<(&Entry, u32)> = Vec::new();
        let mut tally = Tally::new(self.trades.codes.len());
        let mut consider = |entries: &'a [Entry]| {
            for e in entries {
                if !matches(e) {
                    continue;
                }
                let metres = centre.metres_to(e.point);
                if metres > radius_m {
                    continue;
                }
                for (count, (from, to)) in tally.dates.iter_mut().zip(date_facets) {
                    if e.start <= to && e.end >= from {
                        *count += 1;
                    }
                }
                if e.start <= to && e.end >= from {
                    tally.add(e);
                    all.push((e, metres.round() as u32));
                }
            }
        };
        for cell in cells_around(centre, radius_m) {
            let Some(entries) = self.cells.get(&cell) else {
                continue;
            };
            match &trades {
                None => consider(entries),
                Some(trades) => {
                    for &trade in trades {
                        let from = entries.partition_point(|e| e.trade < trade);
                        let to = entries.partition_point(|e| e.trade <= trade);
                        consider(&entries[from..to]);
                    }
                }
            }
        }
        match query.effective_sort() {
            SortOrder::Newest => all.sort_unstable_by_key(|&(e, _)| std::cmp::Reverse(e.id)),
            SortOrder::Nearest => {
                all.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(b.0.id.cmp(&a.0.id)))
            }
            // NULLS LAST: pay by the piece has no day pay.
            SortOrder::HighestPay => all.sort_unstable_by(|(a, _), (b, _)| {
                (b.day_pay_cents.is_some())
                    .cmp(&a.day_pay_cents.is_some())
                    .then(b.day_pay_cents.cmp(&a.day_pay_cents))
                    .then(b.id.cmp(&a.id))
            }),
        }
        all.truncate(SEARCH_RESULT_CAP as usize + 1);
        let start = (query.page as usize * SEARCH_PAGE_SIZE as usize).min(all.len());
        let end = (start + SEARCH_PAGE_SIZE as usize + 1).min(all.len());
        let by_trade = tally.by_trade_within(&self.trades);
        Found {
            total: all.len(),
            page: all[start..end]
                .iter()
                .map(|&(e, metres)| (e.id, Some(metres)))
                .collect(),
            facets: self.facets(
                query,
                |t| by_trade[t as usize],
                |adcode| tally.places.get(&adcode).copied().unwrap_or(0),
                tally.day_pay,
                tally.dates,
            ),
        }
    }

    /// The matches of a search without a distance, from the sets; `None` for a window of days the sets
    /// do not reach, or when they are incomplete.
    fn find_anywhere(&self, today: NaiveDate, query: &SearchQuery) -> Option<Found> {
        if self.ids_overflowed {
            return None;
        }
        let sets = &self.sets;
        let window = sets.window(query.date.window(today))?;
        let date_facets = DATE_FACETS
            .map(|date| sets.window(date.window(today)))
            .into_iter()
            .collect::<Option<Vec<_>>>()?;

        // Every filter but the dates and the keyword, smallest set first.
        let none = RoaringBitmap::new();
        let mut filters: Vec<&RoaringBitmap> = Vec::new();
        if let Some(code) = &query.trade {
            let trade = self.trades.index.get(code.as_str());
            filters.push(
                trade
                    .and_then(|&t| sets.trades.get(t as usize))
                    .unwrap_or(&none),
            );
        }
        if let Some(city) = query.city {
            filters.push(sets.cities.get(&city).unwrap_or(&none));
        }
        if let Some(district) = query.district {
            filters.push(sets.districts.get(&district).unwrap_or(&none));
        }
        filters.extend(sets.tagged(query.tags.iter().fold(0u8, |bits, &t| bits | tag_bit(t))));
        if let Some(hours) = query.max_hours {
            filters.push(sets.shifts_within(hours).unwrap_or(&none));
        }
        if let Some(terms) = query.pay_terms {
            filters.push(sets.paid_on(terms));
        }
        if let Some(part) = query.starts {
            filters.push(sets.starting(part));
        }
        let paid = query
            .min_pay
            .map(|pay| sets.paid_at_least(pay.unit, i64::from(pay.yuan) * 100));
        filters.extend(paid.as_ref());
        filters.sort_by_key(|set| set.len());
        // Borrowed while no filter narrows everything held.
        let mut base = match filters.split_first() {
            Some((first, rest)) => {
                let mut base = (*first).clone();
                for set in rest {
                    base &= *set;
                }
                Cow::Owned(base)
            }
            None => Cow::Borrowed(&sets.all),
        };

        if let Some(typed) = &query.keyword {
            let keyword = Keyword::new(typed);
            let (titles, exact) = sets.titles_with(keyword.lowered());
            let mut said = titles & base.as_ref();
            if !exact {
                let unsaid: Vec<u32> = said
                    .iter()
                    .filter(|&id| {
                        !self
                            .listed
                            .get(&i64::from(id))
                            .is_some_and(|l| keyword.said_in(&l.title))
                    })
                    .collect();
                for id in unsaid {
                    said.remove(id);
                }
            }
            let mut named = RoaringBitmap::new();
            let names = self.trades.named_by(&keyword);
            for (t, &named_here) in names.iter().enumerate() {
                // A sector's set holds its trades' postings: a trade of a named sector adds nothing.
                let in_named_sector = self.trades.parent[t].is_some_and(|s| names[s as usize]);
                if named_here && !in_named_sector {
                    named |= &sets.trades[t];
                }
            }
            named &= base.as_ref();
            named |= said;
            base = Cow::Owned(named);
        }
        let matches = match &base {
            // Everything held in the window is the window.
            Cow::Borrowed(_) => Cow::Borrowed(window.as_ref()),
            Cow::Owned(base) => Cow::Owned(base & window.as_ref()),
        };

        let wanted = SEARCH_PAGE_SIZE as usize + 1;
        let skip = query.page as usize * SEARCH_PAGE_SIZE as usize;
        let page: Vec<(i64, Option<u32>)> = match query.effective_sort() {
            SortOrder::Newest | SortOrder::Nearest => matches
                .iter()
                .rev()
                .skip(skip)
                .take(wanted)
                .map(|id| (i64::from(id), None))
                .collect(),
            SortOrder::HighestPay => sets
                .by_day_pay(&matches, skip as u64, wanted)
                .into_iter()
                .map(|id| (i64::from(id), None))
                .collect(),
        };
        let total = (matches.len() as usize).min(SEARCH_RESULT_CAP as usize + 1);
        // Past the cap, the SQL's page is cut from the first matches only.
        let page = if skip >= total {
            Vec::new()
        } else {
            page.into_iter().take(total - skip).collect()
        };
        let dates = std::array::from_fn(|i| base.intersection_len(date_facets[i].as_ref()) as u32);
        let counted = (matches.len() <= self.one_pass_facets)
            .then(|| sets.tally(&matches, self.trades.codes.len()))
            .flatten();
        let facets = match counted {
            Some(counted) => {
                let tally = Tally {
                    trades: counted.trades,
                    places: counted.places,
                    day_pay: counted.day_pay,
                    dates,
                };
                let by_trade = tally.by_trade_within(&self.trades);
                self.facets(
                    query,
                    |t| by_trade.get(t as usize).copied().unwrap_or(0),
                    |adcode| tally.places.get(&adcode).copied().unwrap_or(0),
                    tally.day_pay,
                    tally.dates,
                )
            }
            None => {
                let count = |set: Option<&RoaringBitmap>| {
                    set.map_or(0, |set| matches.intersection_len(set) as u32)
                };
                self.facets(
                    query,
                    |t| count(sets.trades.get(t as usize)),
                    |adcode| {
                        count(
                            sets.cities
                                .get(&adcode)
                                .or_else(|| sets.districts.get(&adcode)),
                        )
                    },
                    DAY_PAY_FACETS_YUAN.map(|yuan| count(sets.day_paid_at_least(yuan))),
                    dates,
                )
            }
        };
        Some(Found {
            total,
            page,
            facets,
        })
    }

    /// The facets of a search's matches, from their counts: by trade position (a sector's count
    /// includes its trades'), by a city's or a district's code, at least each day pay, and on each date
    /// window.
    fn facets(
        &self,
        query: &SearchQuery,
        in_trade: impl Fn(u16) -> u32,
        in_place: impl Fn(i32) -> u32,
        day_pay: [u32; DAY_PAY_FACETS_YUAN.len()],
        dates: [u32; DATE_FACETS.len()],
    ) -> Facets {
        let trades = &self.trades;
        // Sectors, or the trades of the sector chosen; nothing below a single trade.
        let chosen = query
            .trade
            .as_ref()
            .map(|code| trades.index.get(code.as_str()).copied());
        let listed: Vec<u16> = match chosen {
            None => (0..trades.codes.len() as u16)
                .filter(|&t| trades.parent[t as usize].is_none())
                .collect(),
            Some(Some(sector)) if trades.parent[sector as usize].is_none() => (0
                ..trades.codes.len() as u16)
                .filter(|&t| trades.parent[t as usize] == Some(sector))
                .collect(),
            Some(_) => Vec::new(),
        };
        // Cities, or the districts of the city chosen; nothing below a district.
        let places: Vec<(i32, &str)> = match (query.city, query.district) {
            (None, None) => self.places.cities.iter().map(|(&c, n)| (c, &**n)).collect(),
            (Some(city), None) => self
                .places
                .districts
                .iter()
                .filter(|(&d, _)| d / 100 == city / 100)
                .map(|(&d, n)| (d, &**n))
                .collect(),
            (_, Some(_)) => Vec::new(),
        };
        let mut facets = Facets {
            trades: listed
                .into_iter()
                .map(|t| (t, in_trade(t)))
                .filter(|&(_, count)| count > 0)
                .map(|(t, count)| TradeFacet {
                    code: trades.codes[t as usize].clone(),
                    name: trades.names[t as usize].clone(),
                    name_en: trades.names_en[t as usize].clone(),
                    count,
                })
                .collect(),
            places: places
                .into_iter()
                .map(|(adcode, name)| (adcode, name, in_place(adcode)))
                .filter(|&(_, _, count)| count > 0)
                .map(|(adcode, name, count)| PlaceFacet {
                    adcode,
                    name: name.to_owned(),
                    count,
                })
                .collect(),
            day_pay: DAY_PAY_FACETS_YUAN.into_iter().zip(day_pay).collect(),
            dates: DATE_FACETS.into_iter().zip(dates).collect(),
        };
        facets.sort();
        facets
    }
}

/// The facets' counts of a search within a distance, taken as its matches are scanned.
struct Tally {
    /// By trade position, the trade's own postings.
    trades: Vec<u32>,
    /// By city and by district.
    places: HashMap<i32, u32>,
    day_pay: [u32; DAY_PAY_FACETS_YUAN.len()],
    dates: [u32; DATE_FACETS.len()],
}

impl Tally {
    fn new(trades: usize) -> Tally {
        Tally {
            trades: vec![0; trades],
            places: HashMap::new(),
            day_pay: [0; DAY_PAY_FACETS_YUAN.len()],
            dates: [0; DATE_FACETS.len()],
        }
    }

    fn add(&mut self, e: &Entry) {
        self.trades[e.trade as usize] += 1;
        *self.places.entry(e.city).or_default() += 1;
        if let Some(district) = e.district {
            *self.places.entry(district).or_default() += 1;
        }
        if e.pay_unit == PayUnit::Day {
            for (count, yuan) in self.day_pay.iter_mut().zip(DAY_PAY_FACETS_YUAN) {
                if i64::from(e.pay_cents) >= i64::from(yuan) * 100 {
                    *count += 1;
                }
            }
        }
    }

    /// By trade position, a trade's postings and, for a sector, its trades' too.
    fn by_trade_within(&self, trades: &Trades) -> Vec<u32> {
        let mut within = self.trades.clone();
        for (t, &count) in self.trades.iter().enumerate() {
            if let Some(sector) = trades.parent[t] {
                within[sector as usize] += count;
            }
        }
        within
    }
}

/// The grid cells a circle touches.
fn cells_around(centre: Point, radius_m: f64) -> impl Iterator<Item = (i32, i32)> {
    // A little wider than the circle: the cells only narrow the candidates down.
    let dlat = radius_m / 110_000.0;
    let dlng = radius_m / (110_000.0 * centre.lat.to_radians().cos().max(0.01));
    let (west, south) = cell_of(Point {
        lng: centre.lng - dlng,
        lat: centre.lat - dlat,
    });
    let (east, north) = cell_of(Point {
        lng: centre.lng + dlng,
        lat: centre.lat + dlat,
    });
    (west..=east).flat_map(move |x| (south..=north).map(move |y| (x, y)))
}

/// The [`ShiftStart::position`] of a start given in minutes after midnight, if one is given.
fn shift_start_of(start_minute: i16) -> Option<u8> {
    u16::try_from(start_minute)
        .ok()
        .map(|m| ShiftStart::of_minute(m).position())
}

fn tag_bit(tag: PostingTag) -> u8 {
    let position = PostingTag::ALL.iter().position(|&t| t == tag).unwrap_or(0);
    1 << position
}

fn cell_of(point: Point) -> (i32, i32) {
    (
        (point.lng / CELL_DEGREES).floor() as i32,
        (point.lat / CELL_DEGREES).floor() as i32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_support::{market, posting, query, today, world, Lcg, BASE, P};

    fn page(results: &SearchResults) -> Vec<(i64, Option<u32>)> {
        results
            .hits
            .iter()
            .map(|h| (h.posting.id, h.distance_m))
            .collect()
    }

    /// Every path of the index — within a distance by the grid cells, anywhere by the sets — against the
    /// SQL: same postings in the same order, same counts, same facets.
    #[sqlx::test(migrations = "../server/migrations")]
    async fn the_index_answers_every_search_as_the_sql_does(pool: PgPool) {
        let mut random = Lcg(20261128);
        market(&pool, &mut random, 900).await;
        let index = SearchIndex::default();
        assert!(index.search(today(), &SearchQuery::default()).is_none());
        index.load(&pool, today()).await.unwrap();

        let mut compared_hits = 0;
        let mut compared_facets = 0;
        for round in 0..600 {
            // The second half counts the facets of small match sets as of large ones.
            if round == 300 {
                index.count_facets_by_intersections();
            }
            let q = query(&mut random);
            let sql = crate::search::by_sql(&pool, today(), &q).await.unwrap();
            let memory = index.search(today(), &q).expect("loaded");
            assert_same(&memory, &sql, &q);
            compared_hits += sql.hits.len();
            compared_facets += sql.facets.trades.len() + sql.facets.places.len();
        }
        // The queries are not all empty-handed: the comparison covered real pages and facets.
        assert!(compared_hits > 2500, "{compared_hits}");
        assert!(compared_facets > 300, "{compared_facets}");
    }

    /// The index's answer is the SQL's: same postings in the same order with the same summaries,
    /// distances within a metre, same counts and facets.
    fn assert_same(memory: &SearchResults, sql: &SearchResults, q: &SearchQuery) {
        let (ids_sql, ids_memory): (Vec<_>, Vec<_>) = (
            page(sql).iter().map(|h| h.0).collect(),
            page(memory).iter().map(|h| h.0).collect(),
        );
        assert_eq!(ids_memory, ids_sql, "{q:?}");
        for ((_, a), (_, b)) in page(sql).iter().zip(page(memory).iter()) {
            assert!(
                match (a, b) {
                    (Some(a), Some(b)) => a.abs_diff(*b) <= 1,
                    (a, b) => a == b,
                },
                "{a:?} {b:?} {q:?}"
            );
        }
        // The SQL takes the count from the page's rows, so it counts none on a page past the end.
        if !sql.hits.is_empty() {
            assert_eq!(memory.count, sql.count, "{q:?}");
        }
        assert_eq!(
            (memory.has_next, memory.day, memory.page),
            (sql.has_next, sql.day, sql.page),
            "{q:?}"
        );
        assert_eq!(memory.hits, {
            // Apart from the distances (above), the summaries are the same rows.
            let mut hits = sql.hits.clone();
            for (hit, mine) in hits.iter_mut().zip(&memory.hits) {
                hit.distance_m = mine.distance_m;
            }
            hits
        });
        assert_eq!(memory.facets, sql.facets, "{q:?}");
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn a_reload_in_place_drops_what_closed_and_moves_to_a_new_day(pool: PgPool) {
        let mut random = Lcg(20261202);
        market(&pool, &mut random, 400).await;
        let index = SearchIndex::default();
        index.load(&pool, today()).await.unwrap();
        sqlx::query("UPDATE postings SET status = 'closed' WHERE id % 7 = 0")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE postings SET title = title || '（急）', pay_cents = pay_cents + 500 WHERE id % 5 = 0",
        )
        .execute(&pool)
        .await
        .unwrap();
        posting(
            &pool,
            P {
                title: "新到帮厨",
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        // The next day: yesterday's last postings are gone and every window has moved.
        let tomorrow = today() + chrono::Days::new(1);
        index.load(&pool, tomorrow).await.unwrap();
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM postings WHERE status = 'open' AND end_date >= $1",
        )
        .bind(tomorrow)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(index.read(|p| p.listed.len() as i64), Some(open));
        assert_eq!(index.read(|p| p.sets.all.len() as i64), Some(open));
        for _ in 0..200 {
            let q = query(&mut random);
            let sql = crate::search::by_sql(&pool, tomorrow, &q).await.unwrap();
            let memory = index.search(tomorrow, &q).expect("loaded");
            assert_same(&memory, &sql, &q);
        }
    }

    /// The postings within a kilometre of the test postings' place whose title or trade says `keyword`.
    fn near_base(index: &SearchIndex, keyword: &str) -> Vec<i64> {
        let query = SearchQuery {
            keyword: Some(keyword.to_owned()),
            near: Point::new(BASE.lng, BASE.lat),
            radius_km: Some(1),
            ..Default::default()
        };
        index
            .search(today(), &query)
            .expect("loaded")
            .hits
            .iter()
            .map(|h| h.posting.id)
            .collect()
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn the_index_follows_new_edited_and_closed_postings(pool: PgPool) {
        world(&pool).await;
        let kept = posting(
            &pool,
            P {
                title: "急招帮厨",
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        let closed = posting(
            &pool,
            P {
                title: "帮厨两名",
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        let index = SearchIndex::default();
        index.load(&pool, today()).await.unwrap();
        assert_eq!(near_base(&index, "帮厨"), [closed, kept]);

        let added = posting(
            &pool,
            P {
                title: "帮厨（周末）",
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
            .bind(closed)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("UPDATE postings SET title = '洗碗工', trade_code = 'waiter' WHERE id = $1")
            .bind(kept)
            .execute(&pool)
            .await
            .unwrap();
        assert!(index.refresh(&pool).await.unwrap(), "changes were read");
        assert_eq!(near_base(&index, "帮厨"), [added]);
        assert_eq!(near_base(&index, "洗碗"), [kept]);
        // Reading the same changes twice changes nothing.
        assert!(!index.refresh(&pool).await.unwrap(), "nothing new");
        // Searches without a distance (the sets) follow the same changes.
        for keyword in ["帮厨", "洗碗", "bc", "服务员", "急招帮"] {
            let query = SearchQuery {
                keyword: Some(keyword.into()),
                ..Default::default()
            };
            let sql = crate::search::by_sql(&pool, today(), &query).await.unwrap();
            assert_eq!(index.search(today(), &query), Some(sql), "{keyword}");
        }
        assert_eq!(index.read(|p| p.sets.all.len()), Some(2));
        assert_eq!(index.read(|p| p.listed.len()), Some(2));
        assert_eq!(
            index.read(|p| p.cells.values().map(Vec::len).sum::<usize>()),
            Some(2)
        );
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn summaries_follow_employers_and_places_taken(pool: PgPool) {
        world(&pool).await;
        let id = posting(
            &pool,
            P {
                title: "急招帮厨",
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        let index = SearchIndex::default();
        index.load(&pool, today()).await.unwrap();
        let summary = |index: &SearchIndex| {
            let query = SearchQuery {
                near: Point::new(BASE.lng, BASE.lat),
                radius_km: Some(1),
                ..Default::default()
            };
            index.search(today(), &query).expect("loaded").hits[0]
                .posting
                .clone()
        };
        let sql = |pool: PgPool| async move {
            crate::db::postings::find(&pool, id, today())
                .await
                .unwrap()
                .expect("posting")
                .summary
        };
        assert_eq!(summary(&index), sql(pool.clone()).await);

        sqlx::query(
            "UPDATE employers SET name = '新名字餐饮有限公司',
                    verification_status = 'verified', verified_at = now()
              WHERE id = (SELECT employer_id FROM postings WHERE id = $1)",
        )
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
        assert!(
            index.refresh(&pool).await.unwrap(),
            "the employer's change was read"
        );
        let renamed = summary(&index);
        assert_eq!(
            (renamed.employer_name.as_str(), renamed.employer_verified),
            ("新名字餐饮有限公司", true)
        );
        assert!(!index.refresh(&pool).await.unwrap(), "nothing new");

        sqlx::query("UPDATE postings SET filled = 1, address = '新街口 8 号' WHERE id = $1")
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
        index.refresh(&pool).await.unwrap();
        assert_eq!(summary(&index), sql(pool.clone()).await);
        assert_eq!(summary(&index).filled, 1);
    }

    #[test]
    fn distances_agree_with_the_geodesic_within_the_search_radii() {
        // Reference distances from PostGIS (ST_Distance on geography, WGS 84) around Nanjing.
        let centre = Point {
            lng: 118.797,
            lat: 32.060,
        };
        for (lng, lat, geodesic) in [
            (118.797, 32.0605, 55.444),
            (118.797, 32.105, 4_989.971),
            (118.850, 32.060, 5_004.872),
            (118.900, 32.120, 11_781.701),
            (119.300, 32.060, 47_499.029),
            (118.797, 32.510, 49_901.315),
            (119.300, 32.400, 60_574.696),
        ] {
            let d = centre.metres_to(Point { lng, lat });
            let tolerance = if geodesic < 12_000.0 { 0.002 } else { 0.2 };
            assert!(
                (d - geodesic).abs() < tolerance,
                "{lng},{lat}: {d} against {geodesic}"
            );
        }
    }
}

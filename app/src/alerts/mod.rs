//! Saved-search alerts (职位订阅提醒) at province scale.
//!
//! Publishing only queues the posting ([`crate::db::alerts::queue`]). A [`Deliverer`] — one per server,
//! the alerts job's, on whichever instance leads — keeps every saved search in memory ([`matcher`]),
//! following their change log, and delivers queued postings batch after batch: it matches them in
//! memory and writes their alerts in one transaction under an advisory lock that also marks the batch
//! delivered. So one deliverer writes at a time; a batch is delivered whole or not at all (a crash or a
//! restart leaves it queued); a posting is delivered once (its queue row is kept, delivered, for good).
//!
//! A worker is not flooded: all of an account's postings within [`DIGEST_WINDOW_MINUTES`] of its newest
//! alert join that alert ("3 new postings match 帮厨"; one that gathers several searches' postings
//! names none), so an account gets one new alert, and one text at most, in that long. Joining appends a
//! part to the alert (the alert is then unread again) and announces it again. Text messages go out for
//! new alerts only, to accounts with a search among them that asked for them, through an outbox written
//! in the same transaction.

pub mod matcher;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::db::alerts::{self as sql, AlertPart, ChangeMark, NewAlert, RecentAlert};
use crate::db::DbError;
use matcher::Matcher;

/// An account's new postings within this long of its newest alert join that alert: three new alerts an
/// hour at most. One per account, not per search: a burst then writes (and texts) once per worker.
pub const DIGEST_WINDOW_MINUTES: i64 = 20;
/// Postings delivered in one transaction at most. A round takes what is queued, so a burst is taken in
/// fewer, larger rounds: a worker's postings of a round become one write, not one a posting.
pub const BATCH: i64 = 500;
/// How often the memory of recent alerts drops what is past the digest window.
const SWEEP_EVERY: Duration = Duration::from_secs(300);

/// What one round of [`Deliverer::deliver`] did.
#[derive(Clone, Copy, Debug, Default)]
pub struct Round {
    /// Another deliverer holds the lock; nothing was done.
    pub busy: bool,
    pub postings: usize,
    /// (account, posting) pairs told of.
    pub alerts: usize,
    /// Alerts written, and alerts grown.
    pub notified: usize,
    pub merged: usize,
    /// Time spent finding the matches, and writing the alerts (until the commit); of the writing,
    /// deciding the digests, the new alerts, the parts, the texts, and the rest to the commit.
    pub matching: Duration,
    pub writing: Duration,
    pub planning: Duration,
    pub inserting: Duration,
    pub appending: Duration,
    pub texting: Duration,
    pub committing: Duration,
}

/// One (account, posting) to tell, with the account's lowest-numbered search it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Told {
    account_id: i64,
    posting_id: i64,
    saved_search_id: i64,
    texts: bool,
}

/// The saved searches in memory, and the alerts within the digest window of every account (which alert a new
/// posting joins), valid while no other deliverer has written since this one's last round.
#[derive(Default)]
pub struct Deliverer {
    matcher: Matcher,
    /// Where the change log was read up to; none until the searches are loaded.
    mark: Option<ChangeMark>,
    /// Per account, newest first.
    recent: HashMap<i64, Vec<RecentAlert>>,
    /// The round this deliverer last committed: when the next is not the one after it, another
    /// deliverer wrote meanwhile and `recent` is read again.
    round: Option<i64>,
    swept: Option<Instant>,
}

impl Deliverer {
    pub fn new() -> Deliverer {
        Deliverer::default()
    }

    /// Saved searches kept.
    pub fn searches(&self) -> usize {
        self.matcher.len()
    }

    /// Brings the saved searches up to date: all of them the first time (or when the log says so,
    /// or when replaced ones take over half the memory), what changed since the last time otherwise.
    #[tracing::instrument(skip(self, pool), err)]
    pub async fn follow(&mut self, pool: &PgPool) -> Result<(), DbError> {
        if let Some(mark) = self.mark {
            let (changed, next) = sql::saved_search_changes(pool, mark).await?;
            if let Some(ids) = changed {
                if !ids.is_empty() {
                    let current = sql::saved_searches_by_id(pool, &ids).await?;
                    for &id in &ids {
                        self.matcher.remove(id);
                    }
                    for search in current {
                        self.matcher.put(search);
                    }
                }
                self.mark = Some(next);
                if self.matcher.slots() <= 2 * self.matcher.len() + 10_000 {
                    return Ok(());
                }
            }
        }
        let started = Instant::now();
        let mut matcher = Matcher::new();
        matcher.reserve(sql::estimate_saved_searches(pool).await?);
        let mark = sql::load_saved_searches(pool, |search| matcher.put(search)).await?;
        matcher.shrink();
        tracing::info!(
            searches = matcher.len(),
            ms = started.elapsed().as_millis() as u64,
            "saved searches loaded for alerts"
        );
        self.matcher = matcher;
        self.mark = Some(mark);
        if let Err(error) = sql::prune_saved_search_changes(pool, mark).await {
            tracing::warn!(%error, "saved search changes not pruned");
        }
        Ok(())
    }

    /// Delivers one batch of queued postings (at most [`BATCH`]).
    #[tracing::instrument(skip(self, pool), err)]
    pub async fn deliver(&mut self, pool: &PgPool) -> Result<Round, DbError> {
        self.follow(pool).await?;
        let mut tx = pool.begin().await?;
        if !sql::lock_delivery(&mut tx).await? {
            return Ok(Round {
                busy: true,
                ..Round::default()
            });
        }
        let (queued, postings) = sql::take_batch(&mut tx, BATCH).await?;
        if queued.is_empty() {
            return Ok(Round::default());
        }
        let started = Instant::now();
        let mut told: Vec<Told> = Vec::new();
        for posting in &postings {
            told.extend(self.matcher.matches(posting).into_iter().map(|m| Told {
                account_id: m.account_id,
                posting_id: posting.id,
                saved_search_id: m.saved_search_id,
                texts: m.texts,
            }));
        }
        told.sort_unstable();
        let mut round = Round {
            postings: queued.len(),
            alerts: told.len(),
            matching: started.elapsed(),
            ..Round::default()
        };

        let started = Instant::now();
        let number = sql::next_round(&mut tx).await?;
        if self.round != Some(number - 1) {
            self.recent.clear();
            for alert in sql::recent_alerts(&mut tx, DIGEST_WINDOW_MINUTES).await? {
                self.recent.entry(alert.account_id).or_default().push(alert);
            }
        }
        // Until this round commits, the memory of recent alerts is not to be trusted.
        self.round = None;
        let now = Utc::now();
        let step = Instant::now();
        let plan = plan(&told, &self.recent, now);
        round.planning = step.elapsed();
        let step = Instant::now();
        let (ids, created_at) = if plan.alerts.is_empty() {
            (Vec::new(), now)
        } else {
            sql::insert_alerts(&mut tx, &plan.alerts).await?
        };
        round.inserting = step.elapsed();
        let step = Instant::now();
        sql::append_parts(&mut tx, &plan.parts).await?;
        round.appending = step.elapsed();
        if !plan.unlabelled.is_empty() {
            let ids: Vec<i64> = plan.unlabelled.iter().map(|&(_, id)| id).collect();
            sql::unlabel_alerts(&mut tx, &ids).await?;
        }
        let step = Instant::now();
        if !plan.alerts.is_empty() {
            sql::queue_texts(&mut tx, &plan.alerts, &ids).await?;
        }
        round.texting = step.elapsed();
        let step = Instant::now();
        sql::stamp_delivered(&mut tx, &queued).await?;
        let mut accounts: Vec<i64> = told.iter().map(|t| t.account_id).collect();
        accounts.dedup();
        sql::announce(&mut tx, &accounts).await?;
        tx.commit().await?;
        round.committing = step.elapsed();
        round.writing = started.elapsed();
        round.notified = plan.alerts.len();
        round.merged = plan.parts.len();

        // Committed: remember what was written.
        for (account, id) in &plan.unlabelled {
            if let Some(a) = self
                .recent
                .get_mut(account)
                .and_then(|alerts| alerts.iter_mut().find(|a| a.id == *id))
            {
                a.saved_search_id = None;
            }
        }
        for (alert, id) in plan.alerts.iter().zip(ids) {
            self.recent.entry(alert.account_id).or_default().insert(
                0,
                RecentAlert {
                    id,
                    account_id: alert.account_id,
                    saved_search_id: alert.saved_search_id,
                    created_at,
                },
            );
        }
        if self.swept.is_none_or(|at| at.elapsed() >= SWEEP_EVERY) {
            let past = now - chrono::Duration::minutes(DIGEST_WINDOW_MINUTES);
            self.recent.retain(|_, alerts| {
                alerts.retain(|a| a.created_at > past);
                !alerts.is_empty()
            });
            self.swept = Some(Instant::now());
        }
        self.round = Some(number);
        Ok(round)
    }
}

/// What a batch writes.
#[derive(Default)]
struct Plan {
    alerts: Vec<NewAlert>,
    parts: Vec<AlertPart>,
    /// Alerts (account, alert) that now hold postings of another search than theirs.
    unlabelled: Vec<(i64, i64)>,
}

/// Decides the batch's digests. `told` is ordered by account, then posting.
fn plan(told: &[Told], recent: &HashMap<i64, Vec<RecentAlert>>, now: DateTime<Utc>) -> Plan {
    let window = chrono::Duration::minutes(DIGEST_WINDOW_MINUTES);
    let mut plan = Plan::default();
    for group in told.chunk_by(|a, b| a.account_id == b.account_id) {
        let account = group[0].account_id;
        // The account's postings by search, searches in the order first met.
        let mut by_search: Vec<(i64, bool, Vec<i64>)> = Vec::new();
        for t in group {
            match by_search.iter_mut().find(|(s, ..)| *s == t.saved_search_id) {
                Some((.., postings)) => postings.push(t.posting_id),
                None => by_search.push((t.saved_search_id, t.texts, vec![t.posting_id])),
            }
        }
        let newest = recent
            .get(&account)
            .and_then(|alerts| alerts.first())
            .filter(|a| now - a.created_at < window);
        match newest {
            Some(alert) => {
                if alert.saved_search_id.is_some()
                    && by_search
                        .iter()
                        .any(|(s, ..)| Some(*s) != alert.saved_search_id)
                {
                    plan.unlabelled.push((account, alert.id));
                }
                plan.parts.extend(
                    by_search
                        .into_iter()
                        .map(|(search, _, postings)| AlertPart {
                            notification_id: alert.id,
                            saved_search_id: search,
                            postings,
                        }),
                );
            }
            None => {
                let single = by_search.len() == 1;
                plan.alerts.push(NewAlert {
                    account_id: account,
                    saved_search_id: single.then(|| by_search[0].0),
                    texted_search: by_search.iter().find(|(_, texts, _)| *texts).map(|s| s.0),
                    postings: by_search.into_iter().flat_map(|(.., p)| p).collect(),
                });
            }
        }
    }
    for part in &mut plan.parts {
        part.postings.sort_unstable();
    }
    for alert in &mut plan.alerts {
        alert.postings.sort_unstable();
    }
    // In the order of their alerts: the index on it then grows at a few places, not everywhere.
    plan.parts
        .sort_unstable_by_key(|p| (p.notification_id, p.saved_search_id));
    plan
}

/// Delivers until the queue is empty; the (account, posting) pairs told. For tests and tools: the job
/// keeps one [`Deliverer`] for good.
pub async fn deliver_all(deliverer: &mut Deliverer, pool: &PgPool) -> Result<usize, DbError> {
    let mut alerts = 0;
    loop {
        let round = deliverer.deliver(pool).await?;
        if round.postings == 0 && !round.busy {
            return Ok(alerts);
        }
        alerts += round.alerts;
    }
}

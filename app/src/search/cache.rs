//! Recent search results, kept for a few seconds on each server instance.
//!
//! Job seekers ask the same few questions: the first page of a common trade in their city or district,
//! near the market hall, for today. Answering each of them from the 1.1 M postings costs PostgreSQL
//! milliseconds of CPU; answering a repeat from memory costs microseconds. An answer is reused only
//! while it is young ([`FRESH_FOR`]) and while no posting has changed state anywhere since its search
//! began: the database announces every such change on `lingong_events` (the boards' announcements, heard
//! by every instance), and any of them forgets everything. A new posting is therefore found at once, and
//! an edit that changes no state (a title, a description) shows within [`FRESH_FOR`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tokio::sync::broadcast::error::RecvError;

use crate::live::events::{Event, EventHub};
use crate::model::{SearchQuery, SearchResults};

/// How long an answer is reused at most, changes or not.
const FRESH_FOR: Duration = Duration::from_secs(5);

/// Answers kept at most: a few megabytes. Distinct searches beyond this within [`FRESH_FOR`] are rare
/// and simply not kept.
const CAPACITY: usize = 4096;

#[derive(Clone, Debug, Default)]
pub struct SearchCache {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Counts the changes heard; an answer is reused only within the generation its search began in.
    generation: u64,
    answers: HashMap<Key, Answer>,
    /// When the oldest answer kept was stored: a full cache is swept only once that answer has aged
    /// out, not on every search while it is full of young ones.
    oldest: Option<Instant>,
}

/// The day is part of the key: "today" means another window after midnight.
type Key = (NaiveDate, String);

#[derive(Debug)]
struct Answer {
    stored: Instant,
    results: SearchResults,
}

/// Handed out with a miss and given back with its answer: the generation the search began in.
#[derive(Debug)]
#[must_use]
pub struct Ticket {
    key: Key,
    generation: u64,
}

impl SearchCache {
    /// A cache that forgets its answers whenever `events` announces a change (or may have missed one).
    pub fn listening_to(events: &EventHub) -> SearchCache {
        let cache = SearchCache::default();
        let mut changes = events.subscribe();
        let closed = events.closed();
        let forget = cache.clone();
        tokio::spawn(async move {
            tokio::pin!(closed);
            loop {
                tokio::select! {
                    _ = &mut closed => break,
                    event = changes.recv() => match event {
                        // Notifications are per account and change no posting.
                        Ok(Event::Notification { .. } | Event::Alerts { .. }) => {}
                        Ok(Event::Board { .. } | Event::Resync) | Err(RecvError::Lagged(_)) => {
                            forget.forget_all()
                        }
                        Err(RecvError::Closed) => break,
                    },
                }
            }
        });
        cache
    }

    /// The answer to `query` on `today` if a fresh one is kept; otherwise the ticket to store the answer
    /// with once it is known.
    pub fn get(&self, today: NaiveDate, query: &SearchQuery) -> Result<SearchResults, Ticket> {
        // Serialised, the query is a complete, canonical key (it has floats, so it cannot be hashed).
        let key = (today, serde_json::to_string(query).unwrap_or_default());
        let inner = self.lock();
        match inner.answers.get(&key) {
            Some(answer) if answer.stored.elapsed() < FRESH_FOR => Ok(answer.results.clone()),
            _ => Err(Ticket {
                key,
                generation: inner.generation,
            }),
        }
    }

    /// Keeps an answer, unless a change was heard while it was being searched for: then it may already
    /// be out of date.
    pub fn put(&self, ticket: Ticket, results: &SearchResults) {
        let mut inner = self.lock();
        if ticket.generation != inner.generation {
            return;
        }
        let now = Instant::now();
        if inner.answers.len() >= CAPACITY {
            if inner
                .oldest
                .is_some_and(|oldest| now.duration_since(oldest) < FRESH_FOR)
            {
                return;
            }
            inner
                .answers
                .retain(|_, answer| now.duration_since(answer.stored) < FRESH_FOR);
            inner.oldest = inner.answers.values().map(|answer| answer.stored).min();
            if inner.answers.len() >= CAPACITY {
                return;
            }
        }
        inner.oldest.get_or_insert(now);
        inner.answers.insert(
            ticket.key,
            Answer {
                stored: now,
                results: results.clone(),
            },
        );
    }

    /// Forgets every answer: a posting changed.
    pub fn forget_all(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.answers.clear();
        inner.oldest = None;
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The data stays consistent whatever panicked while holding the lock: every change is one call.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResultCount;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn results(page: u32) -> SearchResults {
        SearchResults {
            day: day(),
            hits: Vec::new(),
            count: ResultCount::Exactly(0),
            page,
            has_next: false,
            facets: Default::default(),
        }
    }

    fn query(keyword: &str) -> SearchQuery {
        SearchQuery {
            keyword: Some(keyword.to_owned()),
            ..Default::default()
        }
    }

    #[test]
    fn an_answer_is_reused_for_the_same_query_and_day_only() {
        let cache = SearchCache::default();
        let ticket = cache.get(day(), &query("帮厨")).unwrap_err();
        cache.put(ticket, &results(7));
        assert_eq!(cache.get(day(), &query("帮厨")).unwrap().page, 7);
        assert!(cache.get(day(), &query("保洁")).is_err());
        assert!(cache
            .get(day().succ_opt().unwrap(), &query("帮厨"))
            .is_err());
    }

    #[test]
    fn a_change_forgets_answers_and_refuses_those_searched_across_it() {
        let cache = SearchCache::default();
        let ticket = cache.get(day(), &query("帮厨")).unwrap_err();
        cache.put(ticket, &results(1));
        cache.forget_all();
        assert!(cache.get(day(), &query("帮厨")).is_err());

        // A search that began before a change may have read the old postings: not kept.
        let ticket = cache.get(day(), &query("帮厨")).unwrap_err();
        cache.forget_all();
        cache.put(ticket, &results(2));
        assert!(cache.get(day(), &query("帮厨")).is_err());
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn changes_announced_by_the_database_reach_the_cache(pool: sqlx::PgPool) {
        let events = EventHub::default();
        let cache = SearchCache::listening_to(&events);
        let mut heard = events.subscribe();
        events.spawn_listener(pool.clone());
        // The listener announces a resync once it listens; only then can a change be heard.
        assert_eq!(heard.recv().await.unwrap(), Event::Resync);

        let ticket = cache.get(day(), &query("帮厨")).unwrap_err();
        cache.put(ticket, &results(1));
        assert!(cache.get(day(), &query("帮厨")).is_ok());
        sqlx::query("SELECT pg_notify('lingong_events', 'board:1:320100:0:0')")
            .execute(&pool)
            .await
            .unwrap();
        assert!(matches!(heard.recv().await.unwrap(), Event::Board { .. }));
        // The cache's own task hears the same announcement: give it its turn.
        for _ in 0..100 {
            if cache.get(day(), &query("帮厨")).is_err() {
                events.close();
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the announced change did not reach the cache");
    }
}

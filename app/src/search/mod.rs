//! Search (找零工), server side: one way in ([`Search::answer`]) and the choice of path behind it. A
//! search is answered from the answers to recent searches ([`cache`]) if it was just asked, else from
//! the open postings held in memory ([`index`], by grid cell for a distance and as [`sets`] otherwise),
//! else — while the index loads after a start, and for the few searches it leaves aside — by the SQL of
//! [`crate::db::postings::search`], the reference the index is tested against. All three follow the
//! database's announcements, so no answer outlives what it was read from. What a keyword means is
//! written once for all of them and the alerts ([`keyword`]).

pub mod cache;
pub mod index;
pub mod keyword;
mod sets;

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::db::replicas::Replicas;
use crate::db::DbError;
use crate::live::events::EventHub;
use crate::model::{MapLayer, MapView, SearchQuery, SearchResults};
use cache::SearchCache;
use index::SearchIndex;

/// The search of one server instance: the answers it keeps and the postings it holds.
#[derive(Clone, Debug)]
pub struct Search {
    cache: SearchCache,
    index: SearchIndex,
}

/// Why a search got no answer.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A trade no taxonomy has: the caller's mistake, named as such rather than an empty list that looks
    /// like a quiet market.
    #[error("unknown trade")]
    UnknownTrade,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl Search {
    /// Starts following the database: the cache forgets and the index re-reads on every announced
    /// change, until [`EventHub::stopped`].
    /// The index reads from a replica in use when there is one ([`Replicas::for_reading`]).
    pub fn start(pool: &PgPool, replicas: &Replicas, events: &EventHub) -> Search {
        let cache = SearchCache::listening_to(events);
        let index = SearchIndex::following(pool.clone(), replicas.clone(), events, cache.clone());
        Search { cache, index }
    }

    /// The page of open postings a checked query asks for ([`SearchQuery::check`]), on `today`.
    #[tracing::instrument(skip(self, pool))]
    pub async fn answer(
        &self,
        pool: &PgPool,
        today: NaiveDate,
        query: &SearchQuery,
    ) -> Result<SearchResults, SearchError> {
        // Only answers to valid queries are kept, so a hit needs no further checks.
        let ticket = match self.cache.get(today, query) {
            Ok(results) => return Ok(results),
            Err(ticket) => ticket,
        };
        if let Some(trade) = &query.trade {
            let known = match self.index.knows_trade(trade) {
                Some(known) => known,
                None => crate::db::trades::exists(pool, trade).await?,
            };
            if !known {
                return Err(SearchError::UnknownTrade);
            }
        }
        let results = match self.index.search(today, query) {
            Some(results) => results,
            None => by_sql(pool, today, query).await?,
        };
        self.cache.put(ticket, &results);
        Ok(results)
    }
}

/// A search's answer from PostgreSQL alone: the page and count, then the facets.
pub async fn by_sql(
    pool: &PgPool,
    today: NaiveDate,
    query: &SearchQuery,
) -> Result<SearchResults, DbError> {
    let mut results = crate::db::postings::search(pool, today, query).await?;
    results.facets = crate::db::postings::facets(pool, today, query).await?;
    Ok(results)
}

impl Search {
    /// What the gig map shows of a checked query in a view: clusters below
    /// [`crate::model::POSTINGS_ZOOM`] (precomputed per day and trade, or grouped from the postings for
    /// other filters), single postings from there on. The same filters as the list, in the same SQL
    /// (`db::postings::push_filters`).
    #[tracing::instrument(skip(self, pool))]
    pub async fn map_layer(
        &self,
        pool: &PgPool,
        today: NaiveDate,
        query: &SearchQuery,
        view: MapView,
    ) -> Result<MapLayer, SearchError> {
        Ok(if view.zoom >= crate::model::POSTINGS_ZOOM {
            MapLayer::Postings(crate::db::map::postings(pool, today, query, view).await?)
        } else {
            MapLayer::Clusters(crate::db::map::clusters(pool, today, query, view).await?)
        })
    }
}

impl From<SearchError> for crate::error::AppError {
    fn from(error: SearchError) -> Self {
        match error {
            SearchError::UnknownTrade => crate::error::AppError::invalid("trade"),
            SearchError::Db(error) => error.into(),
        }
    }
}

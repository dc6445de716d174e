//! What search engines and feed readers are given: the open postings and the markets for the
//! sitemaps, and the newest open postings around a market or in a trade for the Atom feeds.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use super::postings::{PostingSummaryRow, SUMMARY_COLUMNS, SUMMARY_JOINS};
use super::DbError;
use crate::model::PostingSummary;

/// Postings per sitemap file: the protocol allows 50,000 addresses in one.
pub const SITEMAP_PART: i64 = 50_000;

/// Entries in a feed.
pub const FEED_ENTRIES: i64 = 50;

/// A posting is open to search engines while it is open and its last day has not passed.
const OPEN: &str = "p.status = 'open' AND p.end_date >= $1";

/// The sitemap's parts: postings by ranges of [`SITEMAP_PART`] ids (so a part never holds more, and
/// a posting stays in its part), each with the newest change in it.
#[tracing::instrument(skip(pool), err)]
pub async fn posting_parts(
    pool: &PgPool,
    today: NaiveDate,
) -> Result<Vec<(i64, DateTime<Utc>)>, DbError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id / {SITEMAP_PART} AS part, max(p.updated_at)
           FROM postings p WHERE {OPEN}
          GROUP BY 1 ORDER BY 1"
    ))
    .bind(today)
    .fetch_all(pool)
    .await?)
}

/// The open postings of one part, with when each last changed.
#[tracing::instrument(skip(pool), err)]
pub async fn postings_in_part(
    pool: &PgPool,
    today: NaiveDate,
    part: i64,
) -> Result<Vec<(i64, DateTime<Utc>)>, DbError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.updated_at FROM postings p
          WHERE {OPEN} AND p.id >= $2 AND p.id < $3
          ORDER BY p.id"
    ))
    .bind(today)
    .bind(part * SITEMAP_PART)
    .bind((part + 1) * SITEMAP_PART)
    .fetch_all(pool)
    .await?)
}

/// Every market's slug and when what it says of itself last changed.
#[tracing::instrument(skip(pool), err)]
pub async fn markets(pool: &PgPool) -> Result<Vec<(String, Option<DateTime<Utc>>)>, DbError> {
    Ok(
        sqlx::query_as("SELECT slug, updated_at FROM markets ORDER BY id")
            .fetch_all(pool)
            .await?,
    )
}

/// A posting in a feed: as lists show it, with when it was published and last changed.
pub struct FeedPosting {
    pub summary: PostingSummary,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct FeedRow {
    #[sqlx(flatten)]
    summary: PostingSummaryRow,
    published_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// What a feed is of.
#[derive(Clone, Debug)]
pub enum FeedOf {
    /// Within `radius_m` of a market.
    Market { slug: String, radius_m: f64 },
    /// A trade, or every trade of a sector.
    Trade(String),
}

/// The name of what a feed is of (the market's, the trade's) and its newest open postings, newest
/// first; `None` when that market or trade does not exist.
#[tracing::instrument(skip(pool), err)]
pub async fn newest(
    pool: &PgPool,
    today: NaiveDate,
    of: &FeedOf,
) -> Result<Option<(String, Vec<FeedPosting>)>, DbError> {
    let name: Option<String> = match of {
        FeedOf::Market { slug, .. } => {
            sqlx::query_scalar("SELECT name FROM markets WHERE slug = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await?
        }
        FeedOf::Trade(code) => {
            sqlx::query_scalar("SELECT name FROM trades WHERE code = $1")
                .bind(code)
                .fetch_optional(pool)
                .await?
        }
    };
    let Some(name) = name else {
        return Ok(None);
    };
    // Open postings have always been published (`postings_published_unless_draft`).
    let select = format!("SELECT {SUMMARY_COLUMNS}, p.published_at, p.updated_at {SUMMARY_JOINS}");
    let rows: Vec<FeedRow> = match of {
        FeedOf::Market { slug, radius_m } => {
            // The box lets the GiST index cut the candidates; ST_DWithin on geography gives metres.
            sqlx::query_as(&format!(
                "{select}, markets m
                  WHERE m.slug = $2 AND {OPEN}
                    AND p.location && ST_Expand(m.location, $3 / 80000.0)
                    AND ST_DWithin(p.location::geography, m.location::geography, $3)
                  ORDER BY p.published_at DESC, p.id DESC LIMIT {FEED_ENTRIES}"
            ))
            .bind(today)
            .bind(slug)
            .bind(radius_m)
            .fetch_all(pool)
            .await?
        }
        FeedOf::Trade(code) => {
            sqlx::query_as(&format!(
                "{select}
                  WHERE {OPEN}
                    AND p.trade_code = ANY (ARRAY(SELECT code FROM trades WHERE code = $2 OR parent_code = $2))
                  ORDER BY p.published_at DESC, p.id DESC LIMIT {FEED_ENTRIES}"
            ))
            .bind(today)
            .bind(code)
            .fetch_all(pool)
            .await?
        }
    };
    rows.into_iter()
        .map(|row| {
            Ok(FeedPosting {
                summary: PostingSummary::try_from(row.summary)?,
                published: row.published_at,
                updated: row.updated_at,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()
        .map(|postings| Some((name, postings)))
}

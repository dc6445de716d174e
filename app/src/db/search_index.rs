//! What the in-memory search index ([`crate::search_index`]) reads: the searchable fields of open
//! postings, the postings changed since a moment, and the trade taxonomy.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use super::DbError;

/// A posting as the index needs it: the fields the filters and sorts read, nothing shown on a page.
#[derive(Debug, sqlx::FromRow)]
pub struct IndexRow {
    pub id: i64,
    /// Only `open` postings are searchable; the others are dropped from the index.
    pub status: String,
    pub trade_code: String,
    pub title: String,
    pub city_adcode: i32,
    pub district_adcode: Option<i32>,
    pub lng: f64,
    pub lat: f64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub pay_unit: String,
    pub pay_cents: i32,
    pub day_pay_cents: Option<i32>,
    pub shift_minutes: i16,
    pub tags: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

macro_rules! index_columns {
    () => {
        "id, status, trade_code, title, city_adcode, district_adcode,
         ST_X(location) AS lng, ST_Y(location) AS lat, start_date, end_date, pay_unit, pay_cents,
         day_pay_cents, shift_minutes, tags, updated_at"
    };
}

/// Every open posting that can still be found from `today` on, row by row: at 1.1 M postings the whole
/// answer at once would cost more memory than the index built from it.
pub fn open_from(
    pool: &PgPool,
    today: NaiveDate,
) -> impl futures::Stream<Item = Result<IndexRow, DbError>> + Send + '_ {
    use futures::TryStreamExt;
    sqlx::query_as(concat!(
        "SELECT ",
        index_columns!(),
        " FROM postings WHERE status = 'open' AND end_date >= $1"
    ))
    .bind(today)
    .fetch(pool)
    .map_err(DbError::from)
}

/// The database's clock: the index follows changes by it, never by a server's.
pub async fn now(pool: &PgPool) -> Result<DateTime<Utc>, DbError> {
    Ok(sqlx::query_scalar("SELECT now()").fetch_one(pool).await?)
}

/// Every posting changed after `since` and up to `until`, whatever its status now, oldest change first.
/// The bound keeps out rows stamped in the future (imported data), which would otherwise be read again
/// on every call; a change to one of them stamps it with the present.
#[tracing::instrument(skip(pool), err)]
pub async fn changed_between(
    pool: &PgPool,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<IndexRow>, DbError> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        index_columns!(),
        " FROM postings WHERE updated_at > $1 AND updated_at <= $2 ORDER BY updated_at"
    ))
    .bind(since)
    .bind(until)
    .fetch_all(pool)
    .await?)
}

/// A trade as keyword matching needs it.
#[derive(Debug, sqlx::FromRow)]
pub struct TradeRow {
    pub code: String,
    pub parent_code: Option<String>,
    pub name: String,
    pub pinyin_initials: String,
    pub synonyms: Vec<String>,
}

#[tracing::instrument(skip(pool), err)]
pub async fn trades(pool: &PgPool) -> Result<Vec<TradeRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT code, parent_code, name, pinyin_initials, synonyms FROM trades ORDER BY code",
    )
    .fetch_all(pool)
    .await?)
}

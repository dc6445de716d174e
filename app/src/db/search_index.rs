//! What the in-memory search index ([`crate::search::index`]) reads: the open postings' searchable and
//! listed fields, the postings and employers changed since a moment, and the reference data (trades,
//! cities, districts) that summaries name.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use super::DbError;

/// A posting as the index needs it: the fields the filters and sorts read, and the rest of what a result
/// list shows of it ([`crate::model::PostingSummary`]), with its employer by id.
#[derive(Debug, sqlx::FromRow)]
pub struct IndexRow {
    pub id: i64,
    /// Only `open` postings are searchable; the others are dropped from the index.
    pub status: String,
    pub trade_code: String,
    pub employer_id: i64,
    pub title: String,
    pub address: String,
    pub headcount: i16,
    pub filled: i16,
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
    pub start_time: Option<chrono::NaiveTime>,
    pub pay_terms: Option<String>,
    pub tags: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

macro_rules! index_columns {
    () => {
        "id, status, trade_code, employer_id, title, address, headcount, filled, city_adcode, district_adcode,
         ST_X(location) AS lng, ST_Y(location) AS lat, start_date, end_date, pay_unit, pay_cents,
         day_pay_cents, shift_minutes, start_time, pay_terms, tags, updated_at"
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

/// How far what this server shows goes, by the database's clock (the index follows changes by it,
/// never by an application server's): the primary's now; a replica's last replayed commit, or now if
/// that is later (nothing is stamped after it). A replica that has replayed no commit since it
/// started cannot tell: [`DbError::NoHorizon`].
pub async fn horizon(pool: &PgPool) -> Result<DateTime<Utc>, DbError> {
    let at: Option<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT CASE WHEN NOT pg_is_in_recovery() THEN now()
                     WHEN pg_last_xact_replay_timestamp() IS NULL THEN NULL
                     ELSE least(now(), pg_last_xact_replay_timestamp()) END",
    )
    .fetch_one(pool)
    .await?;
    at.ok_or(DbError::NoHorizon)
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

/// An employer as a posting's summary names it.
#[derive(Debug, sqlx::FromRow)]
pub struct EmployerRow {
    pub id: i64,
    pub name: String,
    pub verified: bool,
}

/// Every employer: there are far fewer than postings (20 k for 1.1 M in the demo data).
#[tracing::instrument(skip(pool), err)]
pub async fn employers(pool: &PgPool) -> Result<Vec<EmployerRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, name, verification_status = 'verified' AS verified FROM employers",
    )
    .fetch_all(pool)
    .await?)
}

/// The employers changed after `since` and up to `until`, as [`changed_between`] reads postings.
#[tracing::instrument(skip(pool), err)]
pub async fn employers_changed_between(
    pool: &PgPool,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<EmployerRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, name, verification_status = 'verified' AS verified FROM employers
          WHERE updated_at > $1 AND updated_at <= $2",
    )
    .bind(since)
    .bind(until)
    .fetch_all(pool)
    .await?)
}

/// A city or district by its administrative code.
#[derive(Debug, sqlx::FromRow)]
pub struct PlaceRow {
    pub adcode: i32,
    pub name: String,
}

/// The cities and the districts.
#[tracing::instrument(skip(pool), err)]
pub async fn places(pool: &PgPool) -> Result<(Vec<PlaceRow>, Vec<PlaceRow>), DbError> {
    let cities = sqlx::query_as("SELECT adcode, name FROM cities")
        .fetch_all(pool)
        .await?;
    let districts = sqlx::query_as("SELECT adcode, name FROM districts")
        .fetch_all(pool)
        .await?;
    Ok((cities, districts))
}

/// A trade as keyword matching and summaries need it.
#[derive(Debug, sqlx::FromRow)]
pub struct TradeRow {
    pub code: String,
    pub parent_code: Option<String>,
    pub name: String,
    pub name_en: String,
    pub pinyin_initials: String,
    pub synonyms: Vec<String>,
}

#[tracing::instrument(skip(pool), err)]
pub async fn trades(pool: &PgPool) -> Result<Vec<TradeRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT code, parent_code, name, name_en, pinyin_initials, synonyms FROM trades ORDER BY code",
    )
    .fetch_all(pool)
    .await?)
}

//! The open postings read in batches by id, for the full export: each batch a short query, so an
//! export of a million postings holds no transaction open and no more than a batch in memory.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use super::postings::{PostingSummaryRow, SUMMARY_COLUMNS, SUMMARY_JOINS};
use super::DbError;
use crate::model::PostingSummary;

/// An open posting as exported.
pub struct ExportedPosting {
    pub summary: PostingSummary,
    pub description: String,
    pub posted_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ExportRow {
    #[sqlx(flatten)]
    summary: PostingSummaryRow,
    description: String,
    created_at: DateTime<Utc>,
}

/// Up to `limit` open postings (open, last day not passed) with ids above `after`, by id.
#[tracing::instrument(skip(pool), err)]
pub async fn open_after(
    pool: &PgPool,
    today: NaiveDate,
    after: i64,
    limit: i64,
) -> Result<Vec<ExportedPosting>, DbError> {
    let rows: Vec<ExportRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS}, p.description, p.created_at {SUMMARY_JOINS}
          WHERE p.status = 'open' AND p.end_date >= $1 AND p.id > $2
          ORDER BY p.id LIMIT $3"
    ))
    .bind(today)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(ExportedPosting {
                summary: PostingSummary::try_from(row.summary)?,
                description: row.description,
                posted_at: row.created_at,
            })
        })
        .collect()
}

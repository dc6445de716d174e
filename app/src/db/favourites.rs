//! A worker's kept postings (收藏) and followed organisations (关注).

use chrono::NaiveDate;
use sqlx::PgPool;

use super::postings::{PostingSummaryRow, SUMMARY_COLUMNS, SUMMARY_JOINS};
use super::DbError;
use crate::model::{FavouritePosting, FollowedEmployer, KeepState, PostingSummary};

/// How many of a followed organisation's open postings its row lists.
const NEWEST_PER_EMPLOYER: i64 = 3;

/// Keeps or lets go of a posting. `false` when there is no such posting for workers to see (drafts are
/// the employer's own). Keeping twice keeps once.
#[tracing::instrument(skip(pool), err)]
pub async fn set_favourite(
    pool: &PgPool,
    worker_id: i64,
    posting_id: i64,
    keep: bool,
) -> Result<bool, DbError> {
    if !keep {
        sqlx::query("DELETE FROM favourite_postings WHERE worker_id = $1 AND posting_id = $2")
            .bind(worker_id)
            .bind(posting_id)
            .execute(pool)
            .await?;
        return Ok(true);
    }
    // Already kept: nothing to insert, so a full list does not refuse a second tap.
    let found: Option<bool> = sqlx::query_scalar(
        "WITH posting AS (SELECT id FROM postings WHERE id = $2 AND status <> 'draft'),
              added AS (
                  INSERT INTO favourite_postings (worker_id, posting_id)
                  SELECT $1, id FROM posting
                   WHERE NOT EXISTS (SELECT 1 FROM favourite_postings WHERE worker_id = $1 AND posting_id = $2)
                  ON CONFLICT DO NOTHING
                  RETURNING 1)
         SELECT true FROM posting",
    )
    .bind(worker_id)
    .bind(posting_id)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Follows or stops following an organisation. `false` when there is no such organisation.
#[tracing::instrument(skip(pool), err)]
pub async fn set_follow(
    pool: &PgPool,
    worker_id: i64,
    employer_id: i64,
    follow: bool,
) -> Result<bool, DbError> {
    if !follow {
        sqlx::query("DELETE FROM followed_employers WHERE worker_id = $1 AND employer_id = $2")
            .bind(worker_id)
            .bind(employer_id)
            .execute(pool)
            .await?;
        return Ok(true);
    }
    let found: Option<bool> = sqlx::query_scalar(
        "WITH employer AS (SELECT id FROM employers WHERE id = $2),
              added AS (
                  INSERT INTO followed_employers (worker_id, employer_id)
                  SELECT $1, id FROM employer
                   WHERE NOT EXISTS (SELECT 1 FROM followed_employers WHERE worker_id = $1 AND employer_id = $2)
                  ON CONFLICT DO NOTHING
                  RETURNING 1)
         SELECT true FROM employer",
    )
    .bind(worker_id)
    .bind(employer_id)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Whether the worker keeps a posting and follows its organisation; `None` for a posting workers
/// cannot see.
#[tracing::instrument(skip(pool), err)]
pub async fn standing(
    pool: &PgPool,
    worker_id: i64,
    posting_id: i64,
) -> Result<Option<KeepState>, DbError> {
    let row: Option<(bool, bool, i64)> = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM favourite_postings WHERE worker_id = $1 AND posting_id = p.id),
                EXISTS (SELECT 1 FROM followed_employers WHERE worker_id = $1 AND employer_id = p.employer_id),
                p.employer_id
           FROM postings p WHERE p.id = $2 AND p.status <> 'draft'",
    )
    .bind(worker_id)
    .bind(posting_id)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(favourite, following, employer_id)| KeepState::Worker {
            favourite,
            following,
            employer_id,
        }),
    )
}

#[derive(sqlx::FromRow)]
struct FavouriteRow {
    #[sqlx(flatten)]
    summary: PostingSummaryRow,
    status: String,
    saved_at: chrono::DateTime<chrono::Utc>,
}

/// The worker's kept postings, most recently kept first.
#[tracing::instrument(skip(pool), err)]
pub async fn favourites(
    pool: &PgPool,
    worker_id: i64,
    today: NaiveDate,
) -> Result<Vec<FavouritePosting>, DbError> {
    let rows: Vec<FavouriteRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS}, p.status, f.saved_at
         {SUMMARY_JOINS}
           JOIN favourite_postings f ON f.posting_id = p.id
          WHERE f.worker_id = $1 AND p.status <> 'draft'
          ORDER BY f.saved_at DESC, p.id DESC"
    ))
    .bind(worker_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let posting = PostingSummary::try_from(r.summary)?;
            let state = super::postings::state_of(&r.status, posting.end_date, today)?;
            Ok(FavouritePosting {
                posting,
                state,
                saved_at: r.saved_at,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct FollowedRow {
    employer_id: i64,
    name: String,
    verified: bool,
    open_postings: i64,
}

#[derive(sqlx::FromRow)]
struct NewestRow {
    #[sqlx(flatten)]
    summary: PostingSummaryRow,
    employer_id: i64,
}

/// The organisations the worker follows, most recently followed first, each with its open postings
/// counted and the newest few listed.
#[tracing::instrument(skip(pool), err)]
pub async fn follows(
    pool: &PgPool,
    worker_id: i64,
    today: NaiveDate,
) -> Result<Vec<FollowedEmployer>, DbError> {
    let rows: Vec<FollowedRow> = sqlx::query_as(
        "SELECT e.id AS employer_id, e.name, e.verification_status = 'verified' AS verified,
                (SELECT count(*) FROM postings p
                  WHERE p.employer_id = e.id AND p.status = 'open' AND p.end_date >= $2) AS open_postings
           FROM followed_employers f JOIN employers e ON e.id = f.employer_id
          WHERE f.worker_id = $1
          ORDER BY f.followed_at DESC, e.id",
    )
    .bind(worker_id)
    .bind(today)
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.employer_id).collect();
    // The newest few of each, in one statement (postings_employer_idx finds each one's).
    let newest: Vec<NewestRow> = sqlx::query_as(&format!(
        "SELECT n.* FROM unnest($1::bigint[]) AS f(id)
           CROSS JOIN LATERAL (
               SELECT {SUMMARY_COLUMNS}, p.employer_id
               {SUMMARY_JOINS}
                WHERE p.employer_id = f.id AND p.status = 'open' AND p.end_date >= $2
                ORDER BY p.id DESC LIMIT $3) n"
    ))
    .bind(&ids)
    .bind(today)
    .bind(NEWEST_PER_EMPLOYER)
    .fetch_all(pool)
    .await?;
    let mut by_employer: std::collections::HashMap<i64, Vec<PostingSummary>> =
        std::collections::HashMap::new();
    for row in newest {
        by_employer
            .entry(row.employer_id)
            .or_default()
            .push(PostingSummary::try_from(row.summary)?);
    }
    Ok(rows
        .into_iter()
        .map(|r| FollowedEmployer {
            newest: by_employer.remove(&r.employer_id).unwrap_or_default(),
            employer_id: r.employer_id,
            name: r.name,
            verified: r.verified,
            open_postings: r.open_postings,
        })
        .collect())
}

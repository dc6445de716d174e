//! Appeals against recorded no-shows (缺勤申诉, migration 31): the worker appeals once, within
//! [`NO_SHOW_APPEAL_DAYS`] of the marking; staff decide once. Upheld, the no-show leaves the worker's
//! attendance ([`NOT_UPHELD`]).

use sqlx::{PgConnection, PgPool};

use super::shifts::PlaceParties;
use super::DbError;
use crate::model::{AppealStatus, NoShowAppealCase, StaffScope};

#[cfg(doc)]
use crate::model::NO_SHOW_APPEAL_DAYS;

/// A condition on an application `a` that leaves out no-shows whose appeal was upheld: what every
/// attendance figure counts.
pub const NOT_UPHELD: &str = "NOT EXISTS (SELECT 1 FROM no_show_appeals n
                                 WHERE n.application_id = a.id AND n.status = 'upheld')";

/// Why an appeal or a decision was refused.
#[derive(Debug, thiserror::Error)]
pub enum NoShowAppealError {
    /// The place is not a recorded no-show, or the days to appeal it have passed.
    #[error("not appealable")]
    NotAppealable,
    /// Appealed already; decided already.
    #[error("already done")]
    AlreadyDone,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for NoShowAppealError {
    fn from(e: sqlx::Error) -> Self {
        match DbError::from(e) {
            DbError::Constraint { constraint, .. } if constraint == "no_show_appeals_open" => {
                NoShowAppealError::NotAppealable
            }
            DbError::Constraint { constraint, .. } if constraint == "no_show_appeals_once" => {
                NoShowAppealError::AlreadyDone
            }
            other => NoShowAppealError::Db(other),
        }
    }
}

impl From<NoShowAppealError> for crate::error::AppError {
    fn from(e: NoShowAppealError) -> Self {
        use crate::error::AppError;
        match e {
            NoShowAppealError::NotAppealable => AppError::refused("no_show_not_appealable"),
            NoShowAppealError::AlreadyDone => AppError::refused("already_recorded"),
            NoShowAppealError::NotFound => AppError::NotFound,
            NoShowAppealError::Db(e) => e.into(),
        }
    }
}

/// The parties of a place, for the notifications.
async fn parties(
    conn: &mut PgConnection,
    application_id: i64,
    worker_id: Option<i64>,
) -> Result<PlaceParties, NoShowAppealError> {
    let row: Option<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT a.posting_id, p.employer_id, a.worker_id, p.title
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.id = $1 AND ($2::bigint IS NULL OR a.worker_id = $2)",
    )
    .bind(application_id)
    .bind(worker_id)
    .fetch_optional(conn)
    .await?;
    let (posting_id, employer_id, worker_id, title) = row.ok_or(NoShowAppealError::NotFound)?;
    Ok(PlaceParties {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
    })
}

/// The worker appeals the no-show recorded on their place, once.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn appeal(
    conn: &mut PgConnection,
    application_id: i64,
    worker_id: i64,
    reason: &str,
) -> Result<PlaceParties, NoShowAppealError> {
    let parties = parties(&mut *conn, application_id, Some(worker_id)).await?;
    // The database decides whether the place may be appealed (a no-show, inside the window): one rule,
    // whoever writes the row.
    let inserted: Option<bool> = sqlx::query_scalar(
        "INSERT INTO no_show_appeals (application_id, reason) VALUES ($1, $2)
         ON CONFLICT (application_id) DO NOTHING RETURNING true",
    )
    .bind(application_id)
    .bind(reason)
    .fetch_optional(&mut *conn)
    .await?;
    inserted.ok_or(NoShowAppealError::AlreadyDone)?;
    Ok(parties)
}

/// Staff decide an open appeal, once.
#[tracing::instrument(skip(conn), err)]
pub async fn decide(
    conn: &mut PgConnection,
    application_id: i64,
    uphold: bool,
    decided_by: i64,
) -> Result<PlaceParties, NoShowAppealError> {
    let parties = parties(&mut *conn, application_id, None).await?;
    let decided: Option<bool> = sqlx::query_scalar(
        "UPDATE no_show_appeals SET status = CASE WHEN $2 THEN 'upheld' ELSE 'rejected' END,
                                    decided_at = now(), decided_by = $3
          WHERE application_id = $1 AND status = 'open'
          RETURNING true",
    )
    .bind(application_id)
    .bind(uphold)
    .bind(decided_by)
    .fetch_optional(&mut *conn)
    .await?;
    if decided.is_some() {
        return Ok(parties);
    }
    // A second decision waited for the first one's lock and found it decided; or nothing was appealed.
    let appealed: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM no_show_appeals WHERE application_id = $1)",
    )
    .bind(application_id)
    .fetch_one(&mut *conn)
    .await?;
    Err(if appealed {
        NoShowAppealError::AlreadyDone
    } else {
        NoShowAppealError::NotFound
    })
}

/// Open appeals about postings in a staff member's scope, oldest first.
#[tracing::instrument(skip(pool), err)]
pub async fn open_appeals(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<NoShowAppealCase>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        application_id: i64,
        title: String,
        start_date: chrono::NaiveDate,
        end_date: chrono::NaiveDate,
        employer_name: String,
        employer_phone: Option<String>,
        worker_name: String,
        worker_phone: String,
        reason: String,
        marked_at: chrono::DateTime<chrono::Utc>,
        appealed_at: chrono::DateTime<chrono::Utc>,
    }
    let (city, district) = super::organisations::scope_filter(scope);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT n.application_id, p.title, p.start_date, p.end_date, e.name AS employer_name,
                coalesce(e.contact_phone,
                         (SELECT phone FROM accounts WHERE employer_id = e.id ORDER BY id LIMIT 1))
                  AS employer_phone, w.name AS worker_name,
                w.phone AS worker_phone, n.reason,
                (SELECT max(ev.at) FROM application_events ev
                  WHERE ev.application_id = a.id AND ev.kind = 'no_show') AS marked_at,
                n.appealed_at
           FROM no_show_appeals n
           JOIN applications a ON a.id = n.application_id
           JOIN postings p ON p.id = a.posting_id
           JOIN employers e ON e.id = p.employer_id
           JOIN workers w ON w.id = a.worker_id
          WHERE n.status = 'open'
            AND ($1::int IS NULL OR p.city_adcode = $1)
            AND ($2::int IS NULL OR p.district_adcode = $2)
          ORDER BY n.appealed_at
          LIMIT $3",
    )
    .bind(city)
    .bind(district)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| NoShowAppealCase {
            application_id: r.application_id,
            posting_title: r.title,
            start_date: r.start_date,
            end_date: r.end_date,
            employer_name: r.employer_name,
            employer_phone: r.employer_phone,
            worker_name: r.worker_name,
            worker_phone: r.worker_phone,
            reason: r.reason,
            marked_at: r.marked_at,
            appealed_at: r.appealed_at,
        })
        .collect())
}

/// The status of a stored appeal.
pub(super) fn status_of(s: &str) -> Result<AppealStatus, DbError> {
    AppealStatus::parse(s).ok_or_else(|| DbError::Corrupt {
        column: "no_show_appeals.status",
        value: s.to_owned(),
    })
}

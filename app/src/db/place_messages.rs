//! Messages about a place (留言, migration 26): the thread of one application between the worker and the
//! employer's members, a broadcast to every place of a posting, and reports of a message to staff.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{PlaceMessage, PlaceThread, ReportedMessage, StaffScope};

/// Who reads or writes a thread: the worker of the application, or a member of the organisation that
/// owns its posting.
#[derive(Clone, Copy, Debug)]
pub enum Side {
    Worker(i64),
    Employer(i64),
}

impl Side {
    fn worker(self) -> Option<i64> {
        match self {
            Side::Worker(id) => Some(id),
            Side::Employer(_) => None,
        }
    }

    fn employer(self) -> Option<i64> {
        match self {
            Side::Employer(id) => Some(id),
            Side::Worker(_) => None,
        }
    }
}

/// A thread's two sides and what it is about: found only for one of its sides.
#[derive(Debug)]
pub struct ThreadParties {
    pub application_id: i64,
    pub posting_id: i64,
    pub title: String,
    pub worker_id: i64,
    pub employer_id: i64,
    /// The place is one given: messages can be written.
    pub open: bool,
}

const PARTIES: &str = "SELECT a.id, a.posting_id, p.title, a.worker_id, p.employer_id,
        a.status IN ('accepted', 'attended', 'no_show')
   FROM applications a JOIN postings p ON p.id = a.posting_id
  WHERE a.id = $1 AND (a.worker_id = $2 OR p.employer_id = $3)";

/// The thread's parties, if `side` is one of them (and the application was ever a place: a thread
/// exists for places given).
#[tracing::instrument(skip(conn), err)]
pub async fn parties(
    conn: &mut PgConnection,
    application_id: i64,
    side: Side,
) -> Result<Option<ThreadParties>, DbError> {
    let row: Option<(i64, i64, String, i64, i64, bool)> = sqlx::query_as(PARTIES)
        .bind(application_id)
        .bind(side.worker())
        .bind(side.employer())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(
        |(application_id, posting_id, title, worker_id, employer_id, open)| ThreadParties {
            application_id,
            posting_id,
            title,
            worker_id,
            employer_id,
            open,
        },
    ))
}

/// The thread as `side` reads it: the latest 200 messages, oldest first.
#[tracing::instrument(skip(pool), err)]
pub async fn thread(
    pool: &PgPool,
    application_id: i64,
    side: Side,
) -> Result<Option<PlaceThread>, DbError> {
    let mut conn = pool.acquire().await?;
    let Some(parties) = parties(&mut conn, application_id, side).await? else {
        return Ok(None);
    };
    let reader_is_worker = matches!(side, Side::Worker(_));
    let other_party: String = if reader_is_worker {
        sqlx::query_scalar("SELECT name FROM employers WHERE id = $1")
            .bind(parties.employer_id)
            .fetch_one(&mut *conn)
            .await?
    } else {
        sqlx::query_scalar("SELECT name FROM workers WHERE id = $1")
            .bind(parties.worker_id)
            .fetch_one(&mut *conn)
            .await?
    };
    // A message staff hid never leaves the server to the thread's sides.
    let rows: Vec<(i64, bool, String, bool, chrono::DateTime<chrono::Utc>, bool, bool)> =
        sqlx::query_as(
            "SELECT id, from_worker, CASE WHEN report_decision = 'hidden' THEN '' ELSE body END, broadcast,
                    created_at, reported_at IS NOT NULL, report_decision IS NOT DISTINCT FROM 'hidden'
               FROM (SELECT * FROM place_messages WHERE application_id = $1 ORDER BY id DESC LIMIT 200) m
              ORDER BY id",
        )
        .bind(application_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Some(PlaceThread {
        application_id,
        posting_id: parties.posting_id,
        posting_title: parties.title,
        other_party,
        reader_is_worker,
        open: parties.open,
        messages: rows
            .into_iter()
            .map(
                |(id, from_worker, body, broadcast, created_at, reported, hidden)| PlaceMessage {
                    id,
                    mine: from_worker == reader_is_worker,
                    body,
                    broadcast,
                    created_at,
                    reported,
                    hidden,
                },
            )
            .collect(),
    }))
}

/// Why a message was not written or reported.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    /// The place is no longer given (cancelled, given up, taken back).
    #[error("the place is closed")]
    Closed,
    /// Reported already, or one's own message.
    #[error("not reportable")]
    NotReportable,
    /// Staff decided the report already (or it was never reported).
    #[error("decided already")]
    AlreadyDecided,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for MessageError {
    fn from(e: sqlx::Error) -> Self {
        match DbError::from(e) {
            DbError::Constraint { constraint, .. } if constraint == "place_messages_place" => {
                MessageError::Closed
            }
            DbError::Constraint { constraint, .. } if constraint == "place_messages_once" => {
                MessageError::NotReportable
            }
            other => MessageError::Db(other),
        }
    }
}

impl From<MessageError> for crate::error::AppError {
    fn from(e: MessageError) -> Self {
        match e {
            MessageError::Closed => crate::error::AppError::refused("thread_closed"),
            MessageError::NotReportable => crate::error::AppError::refused("not_reportable"),
            MessageError::AlreadyDecided => crate::error::AppError::refused("already_recorded"),
            MessageError::Db(e) => e.into(),
        }
    }
}

/// Writes a message into a thread; its id.
#[tracing::instrument(skip(conn, body), err)]
pub async fn write(
    conn: &mut PgConnection,
    parties: &ThreadParties,
    from_worker: bool,
    sender_account: i64,
    body: &str,
) -> Result<i64, MessageError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO place_messages (application_id, from_worker, sender_account, body)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(parties.application_id)
    .bind(from_worker)
    .bind(sender_account)
    .bind(body)
    .fetch_one(conn)
    .await?)
}

/// Writes the employer's message to every place of a posting given (accepted or worked); the places
/// written to, with their workers.
#[tracing::instrument(skip(conn, body), err)]
pub async fn broadcast(
    conn: &mut PgConnection,
    employer_id: i64,
    posting_id: i64,
    sender_account: i64,
    body: &str,
) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(sqlx::query_as(
        "INSERT INTO place_messages (application_id, from_worker, sender_account, body, broadcast)
         SELECT a.id, false, $3, $4, true
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.posting_id = $1 AND p.employer_id = $2 AND a.status IN ('accepted', 'attended')
         RETURNING application_id, (SELECT worker_id FROM applications WHERE id = application_id)",
    )
    .bind(posting_id)
    .bind(employer_id)
    .bind(sender_account)
    .bind(body)
    .fetch_all(conn)
    .await?)
}

/// The other side reports a message, once, with a reason. The message's thread, for the caller's check.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn report(
    conn: &mut PgConnection,
    message_id: i64,
    side: Side,
    reason: &str,
) -> Result<(), MessageError> {
    // Only a message written by the other side, in a thread of the caller's.
    let done = sqlx::query(
        "UPDATE place_messages m SET reported_at = now(), report_reason = $4
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE m.id = $1 AND a.id = m.application_id
            AND ((m.from_worker AND p.employer_id = $3) OR (NOT m.from_worker AND a.worker_id = $2))",
    )
    .bind(message_id)
    .bind(side.worker())
    .bind(side.employer())
    .bind(reason)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(MessageError::NotReportable);
    }
    Ok(())
}

/// The area of the posting a message is about: whose staff decide its report.
#[tracing::instrument(skip(conn), err)]
pub async fn message_area(
    conn: &mut PgConnection,
    message_id: i64,
) -> Result<Option<crate::model::Area>, DbError> {
    let place: Option<i64> =
        sqlx::query_scalar("SELECT application_id FROM place_messages WHERE id = $1")
            .bind(message_id)
            .fetch_optional(&mut *conn)
            .await?;
    match place {
        Some(application_id) => super::applications::posting_area(conn, application_id).await,
        None => Ok(None),
    }
}

/// Staff decide a report, once: the message hidden from both sides, or kept.
#[tracing::instrument(skip(conn), err)]
pub async fn decide_report(
    conn: &mut PgConnection,
    message_id: i64,
    hide: bool,
    decided_by: i64,
) -> Result<(), MessageError> {
    let done = sqlx::query(
        "UPDATE place_messages
            SET report_decision = CASE WHEN $2 THEN 'hidden' ELSE 'kept' END,
                report_decided_at = now(), report_decided_by = $3
          WHERE id = $1 AND reported_at IS NOT NULL AND report_decision IS NULL",
    )
    .bind(message_id)
    .bind(hide)
    .bind(decided_by)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(MessageError::AlreadyDecided);
    }
    if hide {
        // The notification that told the other side of the message quotes its start: it goes too. It
        // names the place, not the message: it is the one written with it, quoting it.
        sqlx::query(
            "UPDATE notifications n SET detail = ''
               FROM place_messages m
              WHERE m.id = $1 AND n.kind = 'place_message' AND n.application_id = m.application_id
                AND n.detail = left(m.body, $2)
                AND n.created_at BETWEEN m.created_at - interval '1 minute' AND m.created_at + interval '1 minute'",
        )
        .bind(message_id)
        .bind(crate::model::MESSAGE_NOTICE_CHARS as i32)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Reported messages not yet decided about postings in a staff member's scope, newest first.
#[tracing::instrument(skip(pool), err)]
pub async fn reported_in_scope(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<ReportedMessage>, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    let rows: Vec<(
        i64,
        i64,
        String,
        String,
        String,
        bool,
        String,
        String,
        chrono::DateTime<chrono::Utc>,
    )> = sqlx::query_as(
        "SELECT m.id, p.id, p.title, e.name, w.name, m.from_worker, m.body, m.report_reason, m.reported_at
           FROM place_messages m
           JOIN applications a ON a.id = m.application_id
           JOIN postings p ON p.id = a.posting_id
           JOIN employers e ON e.id = p.employer_id
           JOIN workers w ON w.id = a.worker_id
          WHERE m.reported_at IS NOT NULL AND m.report_decision IS NULL
            AND ($1::int IS NULL OR p.city_adcode = $1)
            AND ($2::int IS NULL OR p.district_adcode = $2)
          ORDER BY m.reported_at DESC
          LIMIT $3",
    )
    .bind(city)
    .bind(district)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                posting_id,
                posting_title,
                employer_name,
                worker_name,
                from_worker,
                body,
                reason,
                reported_at,
            )| ReportedMessage {
                id,
                posting_id,
                posting_title,
                employer_name,
                worker_name,
                from_worker,
                body,
                reason,
                reported_at,
            },
        )
        .collect())
}

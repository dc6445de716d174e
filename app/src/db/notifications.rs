//! The notification feed. Rows are written in the same transaction as the change they report, so a
//! notification exists exactly when its change committed; the table's trigger announces each one.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{Notification, NotificationFeed, NotificationKind};

/// Who a notification goes to.
#[derive(Clone, Copy, Debug)]
pub enum Recipients {
    /// Every member account of an organisation.
    Employer(i64),
    /// The account of a worker profile.
    Worker(i64),
    /// Workers holding a live application (pending or accepted) on a posting.
    Applicants(i64),
}

pub struct New<'a> {
    pub kind: NotificationKind,
    pub posting_id: Option<i64>,
    pub application_id: Option<i64>,
    pub title: &'a str,
    pub detail: &'a str,
}

/// Writes one notification per recipient account; returns how many.
#[tracing::instrument(skip(conn, new), fields(kind = new.kind.as_str()), err)]
pub async fn push(conn: &mut PgConnection, to: Recipients, new: New<'_>) -> Result<u64, DbError> {
    let (recipients_sql, id) = match to {
        Recipients::Employer(id) => ("SELECT id FROM accounts WHERE employer_id = $1", id),
        Recipients::Worker(id) => ("SELECT id FROM accounts WHERE worker_id = $1", id),
        Recipients::Applicants(id) => (
            "SELECT ac.id FROM applications a JOIN accounts ac ON ac.worker_id = a.worker_id
              WHERE a.posting_id = $1 AND a.status IN ('pending', 'accepted')",
            id,
        ),
    };
    let title: String = new.title.chars().take(60).collect();
    let detail: String = new.detail.chars().take(200).collect();
    let done = sqlx::query(&format!(
        "INSERT INTO notifications (account_id, kind, posting_id, application_id, title, detail)
         SELECT r.id, $2, $3, $4, $5, $6 FROM ({recipients_sql}) r"
    ))
    .bind(id)
    .bind(new.kind.as_str())
    .bind(new.posting_id)
    .bind(new.application_id)
    .bind(&title)
    .bind(&detail)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    kind: String,
    posting_id: Option<i64>,
    title: String,
    detail: String,
    postings: i32,
    search_url: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    read: bool,
}

/// The newest notifications of an account, and how many are unread.
#[tracing::instrument(skip(pool), err)]
pub async fn feed(pool: &PgPool, account_id: i64, limit: i64) -> Result<NotificationFeed, DbError> {
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT n.id, n.kind, n.posting_id, n.title, n.detail, coalesce(cardinality(n.alerted), 1) AS postings,
                s.search_url, n.created_at,
                n.read_at IS NOT NULL AS read
           FROM notifications n LEFT JOIN saved_searches s ON s.id = n.saved_search_id
          WHERE n.account_id = $1 ORDER BY n.id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let unread: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT 1 FROM notifications WHERE account_id = $1 AND read_at IS NULL LIMIT 100) u",
    )
    .bind(account_id)
    .fetch_one(pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(Notification {
                id: r.id,
                kind: NotificationKind::parse(&r.kind).ok_or_else(|| DbError::Corrupt {
                    column: "notifications.kind",
                    value: r.kind.clone(),
                })?,
                posting_id: r.posting_id,
                title: r.title,
                detail: r.detail,
                postings: r.postings.max(1) as u32,
                search_url: r.search_url,
                created_at: r.created_at,
                read: r.read,
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(NotificationFeed { items, unread })
}

/// Marks the account's notifications up to `up_to` read.
#[tracing::instrument(skip(pool), err)]
pub async fn mark_read(pool: &PgPool, account_id: i64, up_to: i64) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE notifications SET read_at = now()
          WHERE account_id = $1 AND id <= $2 AND read_at IS NULL",
    )
    .bind(account_id)
    .bind(up_to)
    .execute(pool)
    .await?;
    Ok(())
}

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
    /// Workers holding a seat on a bus run (零工巴士).
    BusRiders(i64),
    /// Workers enrolled on a course.
    Learners(i64),
    /// Workers signed up for a fair.
    FairSignups(i64),
    /// Every member of the organisations asking for or holding a booth at a fair.
    FairBooths(i64),
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
    insert(conn, to, new, Link::None).await
}

/// What became of a posting that the people who applied to it hear of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostingNews {
    /// Its dates, hours, pay or place changed.
    Changed,
    /// Paused or closed: the places are off.
    CalledOff,
}

/// Tells a posting's applicants (a notification each) and the workers holding its places (a text) that
/// it changed or was called off — wherever the change came from: its employer, or the partner that
/// pushed it.
#[tracing::instrument(skip(conn, title), err)]
pub async fn tell_applicants(
    conn: &mut PgConnection,
    posting_id: i64,
    title: &str,
    news: PostingNews,
) -> Result<(), DbError> {
    let (kind, text) = match news {
        PostingNews::Changed => (
            NotificationKind::PostingChanged,
            super::shift_texts::ShiftText::ShiftChanged,
        ),
        PostingNews::CalledOff => (
            NotificationKind::PostingCancelled,
            super::shift_texts::ShiftText::ShiftCalledOff,
        ),
    };
    push(
        &mut *conn,
        Recipients::Applicants(posting_id),
        New {
            kind,
            posting_id: Some(posting_id),
            application_id: None,
            title,
            detail: "",
        },
    )
    .await?;
    super::shift_texts::queue_for_holders(conn, posting_id, text).await?;
    Ok(())
}

/// Writes one notification about a course per recipient account (it links to the course's page).
#[tracing::instrument(skip(conn, new), fields(kind = new.kind.as_str()), err)]
pub async fn push_about_course(
    conn: &mut PgConnection,
    to: Recipients,
    course_id: i64,
    new: New<'_>,
) -> Result<u64, DbError> {
    insert(conn, to, new, Link::Course(course_id)).await
}

/// Writes one notification about a job fair per recipient account (it links to the fair's page).
#[tracing::instrument(skip(conn, new), fields(kind = new.kind.as_str()), err)]
pub async fn push_about_fair(
    conn: &mut PgConnection,
    to: Recipients,
    fair_id: i64,
    new: New<'_>,
) -> Result<u64, DbError> {
    insert(conn, to, new, Link::Fair(fair_id)).await
}

/// What a notification opens besides a posting.
enum Link {
    None,
    Course(i64),
    Fair(i64),
}

async fn insert(
    conn: &mut PgConnection,
    to: Recipients,
    new: New<'_>,
    link: Link,
) -> Result<u64, DbError> {
    let (course_id, fair_id) = match link {
        Link::None => (None, None),
        Link::Course(id) => (Some(id), None),
        Link::Fair(id) => (None, Some(id)),
    };
    let (recipients_sql, id) = match to {
        Recipients::Employer(id) => ("SELECT id FROM accounts WHERE employer_id = $1", id),
        Recipients::Worker(id) => ("SELECT id FROM accounts WHERE worker_id = $1", id),
        Recipients::Applicants(id) => (
            "SELECT ac.id FROM applications a JOIN accounts ac ON ac.worker_id = a.worker_id
              WHERE a.posting_id = $1 AND a.status IN ('pending', 'accepted')",
            id,
        ),
        Recipients::BusRiders(id) => (
            "SELECT ac.id FROM bus_seats s JOIN accounts ac ON ac.worker_id = s.worker_id
              WHERE s.run_id = $1 AND s.status = 'reserved'",
            id,
        ),
        Recipients::Learners(id) => (
            "SELECT ac.id FROM course_enrolments e JOIN accounts ac ON ac.worker_id = e.worker_id
              WHERE e.course_id = $1 AND e.status = 'enrolled'",
            id,
        ),
        Recipients::FairSignups(id) => (
            "SELECT ac.id FROM fair_signups s JOIN accounts ac ON ac.worker_id = s.worker_id
              WHERE s.fair_id = $1",
            id,
        ),
        Recipients::FairBooths(id) => (
            "SELECT ac.id FROM fair_booths b JOIN accounts ac ON ac.employer_id = b.employer_id
              WHERE b.fair_id = $1 AND b.status IN ('requested', 'approved')",
            id,
        ),
    };
    let title: String = new.title.chars().take(60).collect();
    let detail: String = new.detail.chars().take(200).collect();
    let done = sqlx::query(&format!(
        "INSERT INTO notifications (account_id, kind, posting_id, application_id, title, detail, course_id, fair_id)
         SELECT r.id, $2, $3, $4, $5, $6, $7, $8 FROM ({recipients_sql}) r"
    ))
    .bind(id)
    .bind(new.kind.as_str())
    .bind(new.posting_id)
    .bind(new.application_id)
    .bind(&title)
    .bind(&detail)
    .bind(course_id)
    .bind(fair_id)
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
    application_id: Option<i64>,
    course_id: Option<i64>,
    fair_id: Option<i64>,
    created_at: chrono::DateTime<chrono::Utc>,
    read: bool,
}

/// Unread: never read, or an alert with a part added since it was read. Parts are only added to alerts
/// of the last hour (crate::alerts), so older ones need not be looked into.
const UNREAD: &str = "(n.read_at IS NULL
      OR (n.kind = 'alert_match' AND n.created_at > now() - interval '1 day'
          AND EXISTS (SELECT 1 FROM alert_parts g WHERE g.notification_id = n.id AND g.added_at > n.read_at)))";

/// The newest notifications of an account, and how many are unread.
#[tracing::instrument(skip(pool), err)]
pub async fn feed(pool: &PgPool, account_id: i64, limit: i64) -> Result<NotificationFeed, DbError> {
    // An alert's later postings are its parts (crate::alerts): it counts them too, is titled by the
    // newest, and is unread again when one came after it was read. One naming a search is labelled by
    // it; one whose search was deleted keeps the label it had.
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT n.id, n.kind, coalesce(g.newest, n.posting_id) AS posting_id,
                coalesce(left(gp.title, 60), n.title) AS title,
                CASE WHEN n.saved_search_id IS NULL THEN n.detail ELSE coalesce(left(s.label, 200), '') END
                  AS detail,
                (coalesce(cardinality(n.alerted), 1) + coalesce(g.postings, 0))::int4 AS postings,
                s.search_url, n.application_id, n.course_id, n.fair_id, n.created_at,
                n.read_at IS NOT NULL AND NOT coalesce(g.added_at > n.read_at, false) AS read
           FROM notifications n
           LEFT JOIN LATERAL (
                SELECT sum(cardinality(postings)) AS postings, max(added_at) AS added_at,
                       max(postings[cardinality(postings)]) AS newest
                  FROM alert_parts WHERE notification_id = n.id) g ON n.kind = 'alert_match'
           LEFT JOIN postings gp ON gp.id = g.newest
           LEFT JOIN saved_searches s ON s.id = n.saved_search_id
          WHERE n.account_id = $1 ORDER BY n.id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let unread: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM (SELECT 1 FROM notifications n WHERE n.account_id = $1 AND {UNREAD} LIMIT 100) u"
    ))
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
                thread_url: match (r.kind.as_str(), r.application_id, r.course_id, r.fair_id) {
                    ("place_message", Some(id), _, _) => Some(format!("/places/{id}")),
                    ("help_offered", _, _, _) => Some("/me/help".to_owned()),
                    ("talent_invited", _, _, _) => Some("/me/invitations".to_owned()),
                    ("talent_answered", _, _, _) => r
                        .posting_id
                        .map(|id| format!("/employer/postings/{id}/applicants")),
                    (_, _, Some(id), _) => Some(format!("/courses/{id}")),
                    (_, _, _, Some(id)) => Some(format!("/fairs/{id}")),
                    _ => None,
                },
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
    sqlx::query(&format!(
        "UPDATE notifications n SET read_at = now() WHERE n.account_id = $1 AND n.id <= $2 AND {UNREAD}"
    ))
    .bind(account_id)
    .bind(up_to)
    .execute(pool)
    .await?;
    Ok(())
}

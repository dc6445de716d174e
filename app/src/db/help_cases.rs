//! Help cases (困难零工帮扶): kept by a district's staff for a worker who consented. Reads and changes
//! are audited by the server functions; this module only reads and writes rows.

use sqlx::{PgConnection, PgPool};

use super::{stored, DbError};
use crate::model::{
    mask_phone, Area, BoardPlace, ConsentMethod, FollowUp, FollowUpKind, HelpCase, HelpCaseLine,
    HelpOutcome, HelpReason, HelpStatus, MyHelpCase, Placement, StaffScope,
};

fn reasons(codes: Vec<String>) -> Result<Vec<HelpReason>, DbError> {
    codes
        .into_iter()
        .map(|c| stored(c, "help_cases.reasons", HelpReason::parse))
        .collect()
}

/// Whether application `a` is a placement of case `c`: a place its worker got while it was open
/// (accepted after consent, before closing).
pub(super) const PLACED: &str = "a.worker_id = c.worker_id AND a.status IN ('accepted', 'attended')
       AND c.consent_at IS NOT NULL AND a.decided_at >= c.consent_at
       AND (c.closed_at IS NULL OR a.decided_at <= c.closed_at)";

/// A worker found by phone, for opening a case: their id, and where they live if they said.
#[tracing::instrument(skip(conn, phone), err)]
pub async fn worker_by_phone(
    conn: &mut PgConnection,
    phone: &str,
) -> Result<Option<(i64, Option<i32>)>, DbError> {
    Ok(
        sqlx::query_as("SELECT id, home_district_adcode FROM workers WHERE phone = $1")
            .bind(phone)
            .fetch_optional(conn)
            .await?,
    )
}

/// Opens a case: awaiting the worker's consent (online), or open (consent given in person). `None`
/// when the worker already has a case that is not closed.
#[tracing::instrument(skip(conn), err)]
pub async fn open(
    conn: &mut PgConnection,
    worker_id: i64,
    district_adcode: i32,
    reasons: &[HelpReason],
    consent: ConsentMethod,
    by: i64,
) -> Result<Option<i64>, DbError> {
    let codes: Vec<&str> = reasons.iter().map(|r| r.code()).collect();
    let id = sqlx::query_scalar(
        "INSERT INTO help_cases (worker_id, city_adcode, district_adcode, reasons, status, consent_method,
                                 consent_at, opened_by)
         VALUES ($1, $2 / 100 * 100, $2, $3, CASE $4 WHEN 'in_person' THEN 'open' ELSE 'awaiting_consent' END,
                 $4, CASE $4 WHEN 'in_person' THEN now() END, $5)
         ON CONFLICT (worker_id) WHERE status <> 'closed' DO NOTHING
         RETURNING id",
    )
    .bind(worker_id)
    .bind(district_adcode)
    .bind(&codes)
    .bind(consent.code())
    .bind(by)
    .fetch_optional(conn)
    .await?;
    Ok(id)
}

/// A case locked for a change: its status, worker and area.
#[derive(Debug)]
pub struct LockedCase {
    pub status: HelpStatus,
    pub worker_id: i64,
    pub area: Area,
}

#[tracing::instrument(skip(conn), err)]
pub async fn lock(conn: &mut PgConnection, id: i64) -> Result<Option<LockedCase>, DbError> {
    let row: Option<(String, i64, i32, i32)> = sqlx::query_as(
        "SELECT status, worker_id, city_adcode, district_adcode FROM help_cases WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|(status, worker_id, city, district)| {
        Ok(LockedCase {
            status: stored(status, "help_cases.status", HelpStatus::parse)?,
            worker_id,
            area: Area {
                city_adcode: city,
                district_adcode: Some(district),
                market_id: None,
            },
        })
    })
    .transpose()
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    worker_name: String,
    phone: String,
    district_name: String,
    reasons: Vec<String>,
    status: String,
    opened_on: String,
    followups: i64,
    placements: i64,
}

/// The cases of a scope: those open or awaiting consent, then those closed in the last 90 days.
#[tracing::instrument(skip(pool), err)]
pub async fn in_scope(
    pool: &PgPool,
    scope: Option<StaffScope>,
) -> Result<Vec<HelpCaseLine>, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "SELECT c.id, COALESCE(NULLIF(w.name, ''), '') AS worker_name, w.phone, d.name AS district_name,
                c.reasons, c.status,
                to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS opened_on,
                (SELECT count(*) FROM help_followups f WHERE f.case_id = c.id) AS followups,
                (SELECT count(*) FROM applications a WHERE {PLACED}) AS placements
           FROM help_cases c
           JOIN workers w ON w.id = c.worker_id
           JOIN districts d ON d.adcode = c.district_adcode
          WHERE ($1::int IS NULL OR c.city_adcode = $1)
            AND ($2::int IS NULL OR c.district_adcode = $2)
            AND (c.status <> 'closed' OR c.closed_at > now() - interval '90 days')
          ORDER BY c.status = 'closed', c.created_at DESC, c.id DESC
          LIMIT 200"
    ))
    .bind(city)
    .bind(district)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(HelpCaseLine {
                id: row.id,
                worker_name: row.worker_name,
                masked_phone: mask_phone(&row.phone),
                district_name: row.district_name,
                reasons: reasons(row.reasons)?,
                status: stored(row.status, "help_cases.status", HelpStatus::parse)?,
                opened_on: row.opened_on,
                followups: row.followups,
                placements: row.placements,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    worker_name: String,
    phone: String,
    district_name: String,
    reasons: Vec<String>,
    status: String,
    consent_method: String,
    consent_at: Option<String>,
    opened_on: String,
    outcome: Option<String>,
    closed_on: Option<String>,
}

#[derive(sqlx::FromRow)]
struct FollowUpRow {
    kind: String,
    posting_id: Option<i64>,
    posting_title: Option<String>,
    note: String,
    by: String,
    at: String,
}

#[derive(sqlx::FromRow)]
struct PlacementRow {
    posting_id: i64,
    title: String,
    employer_name: String,
    on: String,
}

/// A whole case: the worker, the consent, the follow-ups (oldest first) and the placements.
#[tracing::instrument(skip(pool), err)]
pub async fn read(pool: &PgPool, id: i64) -> Result<Option<HelpCase>, DbError> {
    let mut conn = pool.acquire().await?;
    let row: Option<CaseRow> = sqlx::query_as(
        "SELECT c.id, COALESCE(w.name, '') AS worker_name, w.phone, d.name AS district_name, c.reasons,
                c.status, c.consent_method,
                to_char(c.consent_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS consent_at,
                to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS opened_on,
                c.outcome,
                to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closed_on
           FROM help_cases c
           JOIN workers w ON w.id = c.worker_id
           JOIN districts d ON d.adcode = c.district_adcode
          WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let followups: Vec<FollowUpRow> = sqlx::query_as(
        "SELECT f.kind, f.posting_id, p.title AS posting_title, f.note,
                COALESCE(NULLIF(a.display_name, ''), '') AS by,
                to_char(f.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at
           FROM help_followups f
           LEFT JOIN postings p ON p.id = f.posting_id
           LEFT JOIN accounts a ON a.id = f.created_by
          WHERE f.case_id = $1
          ORDER BY f.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let placements: Vec<PlacementRow> = sqlx::query_as(&format!(
        "SELECT p.id AS posting_id, p.title, e.name AS employer_name,
                to_char(a.decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS on
           FROM help_cases c
           JOIN applications a ON {PLACED}
           JOIN postings p ON p.id = a.posting_id
           JOIN employers e ON e.id = p.employer_id
          WHERE c.id = $1
          ORDER BY a.decided_at"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(HelpCase {
        id: row.id,
        worker_name: row.worker_name,
        phone: row.phone,
        district_name: row.district_name,
        reasons: reasons(row.reasons)?,
        status: stored(row.status, "help_cases.status", HelpStatus::parse)?,
        consent_method: stored(
            row.consent_method,
            "help_cases.consent_method",
            ConsentMethod::parse,
        )?,
        consent_at: row.consent_at,
        opened_on: row.opened_on,
        outcome: row
            .outcome
            .map(|o| stored(o, "help_cases.outcome", HelpOutcome::parse))
            .transpose()?,
        closed_on: row.closed_on,
        followups: followups
            .into_iter()
            .map(|f| {
                Ok(FollowUp {
                    kind: stored(f.kind, "help_followups.kind", FollowUpKind::parse)?,
                    posting: f.posting_id.zip(f.posting_title),
                    note: f.note,
                    by: f.by,
                    at: f.at,
                })
            })
            .collect::<Result<_, DbError>>()?,
        placements: placements
            .into_iter()
            .map(|p| Placement {
                posting_id: p.posting_id,
                title: p.title,
                employer_name: p.employer_name,
                on: p.on,
            })
            .collect(),
    }))
}

/// Records a follow-up on an open case (the database refuses one on any other).
#[tracing::instrument(skip(conn, note), err)]
pub async fn add_followup(
    conn: &mut PgConnection,
    case_id: i64,
    kind: FollowUpKind,
    posting_id: Option<i64>,
    note: &str,
    by: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO help_followups (case_id, kind, posting_id, note, created_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case_id)
    .bind(kind.code())
    .bind(posting_id)
    .bind(note)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// The title of an open posting, for a referral.
#[tracing::instrument(skip(conn), err)]
pub async fn open_posting_title(
    conn: &mut PgConnection,
    posting_id: i64,
) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT title FROM postings WHERE id = $1 AND status = 'open'")
            .bind(posting_id)
            .fetch_optional(conn)
            .await?,
    )
}

#[tracing::instrument(skip(conn), err)]
pub async fn close(
    conn: &mut PgConnection,
    id: i64,
    outcome: HelpOutcome,
    by: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE help_cases SET status = 'closed', outcome = $2, closed_at = now(), closed_by = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(outcome.code())
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// The worker's consent, given online: awaiting → open.
#[tracing::instrument(skip(conn), err)]
pub async fn consent(conn: &mut PgConnection, id: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE help_cases SET status = 'open', consent_at = now() WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The worker declines, or withdraws consent: the case and its follow-ups are deleted.
#[tracing::instrument(skip(conn), err)]
pub async fn delete(conn: &mut PgConnection, id: i64) -> Result<(), DbError> {
    sqlx::query("DELETE FROM help_cases WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The worker's current case (not closed), as they see it.
#[tracing::instrument(skip(pool), err)]
pub async fn mine(pool: &PgPool, worker_id: i64) -> Result<Option<MyHelpCase>, DbError> {
    let row: Option<(i64, String, Vec<String>, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT c.id, d.name, c.reasons, c.status,
                to_char(c.consent_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                (SELECT count(*) FROM help_followups f WHERE f.case_id = c.id)
           FROM help_cases c JOIN districts d ON d.adcode = c.district_adcode
          WHERE c.worker_id = $1 AND c.status <> 'closed'",
    )
    .bind(worker_id)
    .fetch_optional(pool)
    .await?;
    row.map(
        |(id, district_name, codes, status, consent_at, followups)| {
            Ok(MyHelpCase {
                id,
                district_name,
                reasons: reasons(codes)?,
                status: stored(status, "help_cases.status", HelpStatus::parse)?,
                consent_at,
                followups,
            })
        },
    )
    .transpose()
}

/// The district's name, for the worker's notice.
#[tracing::instrument(skip(conn), err)]
pub async fn district_name(conn: &mut PgConnection, adcode: i32) -> Result<String, DbError> {
    Ok(
        sqlx::query_scalar("SELECT name FROM districts WHERE adcode = $1")
            .bind(adcode)
            .fetch_one(conn)
            .await?,
    )
}

/// A place's help figures, for its board and statistics: cases open, and placements this month (China
/// time). Counts only: no person leaves this function.
#[tracing::instrument(skip(pool), err)]
pub async fn figures(pool: &PgPool, place: &BoardPlace) -> Result<(i64, i64), DbError> {
    // A market's cases are its district's: cases are kept by district.
    let (city, district) = match (place.district_adcode, place.city_adcode) {
        (Some(district), _) => (None, Some(district)),
        (None, city) => (city, None),
    };
    Ok(sqlx::query_as(&format!(
        "SELECT (SELECT count(*) FROM help_cases c
                  WHERE c.status = 'open'
                    AND ($1::int IS NULL OR c.city_adcode = $1) AND ($2::int IS NULL OR c.district_adcode = $2)),
                (SELECT count(*) FROM help_cases c JOIN applications a ON {PLACED}
                  WHERE a.decided_at >= (date_trunc('month', board_today()::timestamp) AT TIME ZONE 'Asia/Shanghai')
                    AND ($1::int IS NULL OR c.city_adcode = $1) AND ($2::int IS NULL OR c.district_adcode = $2))"
    ))
    .bind(city)
    .bind(district)
    .fetch_one(pool)
    .await?)
}

//! Reports (举报) about postings, for the staff of the posting's area.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{Area, OpenReport, ReportReason, StaffScope};

/// Files a report; `None` when the posting does not exist or is a draft.
#[tracing::instrument(skip(conn, details), err)]
pub async fn file(
    conn: &mut PgConnection,
    posting_id: i64,
    reporter: Option<i64>,
    reason: ReportReason,
    details: &str,
    ip: Option<std::net::IpAddr>,
) -> Result<Option<i64>, DbError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO posting_reports (posting_id, reporter_id, reason, details, ip)
         SELECT id, $2, $3, $4, $5::inet FROM postings WHERE id = $1 AND status <> 'draft'
         RETURNING id",
    )
    .bind(posting_id)
    .bind(reporter)
    .bind(reason.as_str())
    .bind(details)
    .bind(ip.map(|ip| ip.to_string()))
    .fetch_optional(conn)
    .await?)
}

#[derive(sqlx::FromRow)]
struct OpenReportRow {
    id: i64,
    posting_id: i64,
    posting_title: String,
    employer_name: String,
    area: String,
    reason: String,
    details: String,
    created_at: chrono::DateTime<chrono::Utc>,
    reports_on_posting: i64,
}

/// Open reports in a staff scope, oldest first (they have waited longest).
#[tracing::instrument(skip(pool), err)]
pub async fn open_in_scope(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<OpenReport>, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    let rows: Vec<OpenReportRow> = sqlx::query_as(
        "SELECT r.id, r.posting_id, p.title AS posting_title, e.name AS employer_name,
                c.name || coalesce(d.name, '') AS area, r.reason, r.details, r.created_at,
                (SELECT count(*) FROM posting_reports o WHERE o.posting_id = r.posting_id AND o.status = 'open')
                  AS reports_on_posting
           FROM posting_reports r
           JOIN postings p ON p.id = r.posting_id
           JOIN employers e ON e.id = p.employer_id
           JOIN cities c ON c.adcode = p.city_adcode
           LEFT JOIN districts d ON d.adcode = p.district_adcode
          WHERE r.status = 'open'
            AND ($1::int IS NULL OR p.city_adcode = $1)
            AND ($2::int IS NULL OR p.district_adcode = $2)
          ORDER BY r.created_at
          LIMIT $3",
    )
    .bind(city)
    .bind(district)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(OpenReport {
                id: r.id,
                posting_id: r.posting_id,
                posting_title: r.posting_title,
                employer_name: r.employer_name,
                area: r.area,
                reason: ReportReason::parse(&r.reason).ok_or_else(|| DbError::Corrupt {
                    column: "posting_reports.reason",
                    value: r.reason.clone(),
                })?,
                details: r.details,
                created_at: r.created_at,
                reports_on_posting: r.reports_on_posting,
            })
        })
        .collect()
}

/// Where a report's posting is, locked for handling; `None` when there is no open report with this id.
#[tracing::instrument(skip(conn), err)]
pub async fn lock_open(
    conn: &mut PgConnection,
    report_id: i64,
) -> Result<Option<(i64, Area)>, DbError> {
    let row: Option<(i64, i32, Option<i32>)> = sqlx::query_as(
        "SELECT p.id, p.city_adcode, p.district_adcode
           FROM posting_reports r JOIN postings p ON p.id = r.posting_id
          WHERE r.id = $1 AND r.status = 'open'
            FOR UPDATE OF r",
    )
    .bind(report_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(posting_id, city_adcode, district_adcode)| {
        (
            posting_id,
            Area {
                city_adcode,
                district_adcode,
                market_id: None,
            },
        )
    }))
}

/// Upholds (closing the posting, and every other open report on it) or dismisses a report.
#[tracing::instrument(skip(conn, note), err)]
pub async fn handle(
    conn: &mut PgConnection,
    report_id: i64,
    posting_id: i64,
    uphold: bool,
    staff_account: i64,
    note: &str,
) -> Result<(), DbError> {
    let status = if uphold { "upheld" } else { "dismissed" };
    sqlx::query(
        "UPDATE posting_reports SET status = $2, handled_by = $3, handled_at = now(), handling_note = $4
          WHERE (id = $1 OR ($5 AND posting_id = $6)) AND status = 'open'",
    )
    .bind(report_id)
    .bind(status)
    .bind(staff_account)
    .bind(note)
    .bind(uphold)
    .bind(posting_id)
    .execute(&mut *conn)
    .await?;
    if uphold {
        sqlx::query("UPDATE postings SET status = 'closed', revision = revision + 1 WHERE id = $1 AND status <> 'draft'")
            .bind(posting_id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

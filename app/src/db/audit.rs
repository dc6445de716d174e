//! The audit log (操作记录): who did what to which row, when, with the row before and after.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{AuditEntry, Role, StaffScope};

/// One entry to write.
#[derive(Debug)]
pub struct Record<'a> {
    /// `None` for an anonymous caller.
    pub actor: Option<(Role, i64)>,
    pub action: &'a str,
    pub subject_table: &'a str,
    pub subject_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub refused: bool,
}

#[tracing::instrument(skip(conn, record), fields(action = record.action))]
pub async fn record(conn: &mut PgConnection, record: Record<'_>) -> Result<(), DbError> {
    let (kind, id) = match record.actor {
        Some((role, id)) => (role.as_str(), Some(id)),
        None => ("anonymous", None),
    };
    sqlx::query(
        "INSERT INTO audit_log (actor_kind, actor_id, action, subject_table, subject_id, before, after, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(kind)
    .bind(id)
    .bind(record.action)
    .bind(record.subject_table)
    .bind(record.subject_id)
    .bind(record.before)
    .bind(record.after)
    .bind(if record.refused { "refused" } else { "done" })
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest entries made by staff of the scope (or by anyone, for admins and the province).
#[tracing::instrument(skip(pool))]
pub async fn recent(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<AuditEntry>, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    // Subjects are named as staff know them; a person's number only masked.
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT l.id, to_char(l.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at,
                l.actor_kind, NULLIF(a.display_name, '') AS actor_name, l.actor_id, l.action,
                l.subject_table, l.subject_id, l.outcome = 'refused' AS refused,
                CASE l.subject_table
                  WHEN 'employers' THEN (SELECT e.name FROM employers e WHERE e.id = l.subject_id)
                  WHEN 'accounts' THEN (SELECT NULLIF(x.display_name, '') FROM accounts x WHERE x.id = l.subject_id)
                  WHEN 'workers' THEN (SELECT NULLIF(w.name, '') FROM workers w WHERE w.id = l.subject_id)
                  WHEN 'posting_reports' THEN (SELECT p.title FROM posting_reports r
                                                 JOIN postings p ON p.id = r.posting_id
                                                WHERE r.id = l.subject_id)
                  WHEN 'markets' THEN (SELECT m.name FROM markets m WHERE m.id = l.subject_id)
                  WHEN 'policy_notes' THEN (SELECT n.title FROM policy_notes n WHERE n.id = l.subject_id)
                END AS subject_name,
                CASE l.subject_table
                  WHEN 'accounts' THEN (SELECT x.phone FROM accounts x WHERE x.id = l.subject_id)
                  WHEN 'workers' THEN (SELECT w.phone FROM workers w WHERE w.id = l.subject_id)
                END AS subject_phone
           FROM audit_log l
           LEFT JOIN accounts a ON a.id = l.actor_id
          WHERE ($1::int IS NULL OR COALESCE(a.scope_city_adcode, a.scope_district_adcode / 100 * 100,
                                             (SELECT city_adcode FROM markets WHERE id = a.scope_market_id)) = $1)
            AND ($2::int IS NULL OR COALESCE(a.scope_district_adcode,
                                             (SELECT district_adcode FROM markets WHERE id = a.scope_market_id)) = $2)
          ORDER BY l.at DESC, l.id DESC
          LIMIT $3",
    )
    .bind(city)
    .bind(district)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: String,
    actor_kind: String,
    actor_name: Option<String>,
    actor_id: Option<i64>,
    action: String,
    subject_table: String,
    subject_id: Option<i64>,
    refused: bool,
    subject_name: Option<String>,
    subject_phone: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        AuditEntry {
            id: row.id,
            at: row.at,
            actor_role: Role::parse(&row.actor_kind),
            actor_name: row.actor_name,
            actor_id: row.actor_id,
            action: row.action,
            subject_kind: row.subject_table,
            // A person without a name is known by their masked number.
            subject_name: row
                .subject_name
                .or_else(|| row.subject_phone.as_deref().map(crate::model::mask_phone)),
            subject_id: row.subject_id,
            refused: row.refused,
        }
    }
}

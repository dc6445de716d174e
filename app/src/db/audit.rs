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
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT l.id, to_char(l.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'),
                l.actor_kind || COALESCE(' ' || NULLIF(a.display_name, ''), '') ||
                    COALESCE(' #' || l.actor_id, ''),
                l.action, l.subject_table || COALESCE(' #' || l.subject_id, ''), l.outcome
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
    Ok(rows
        .into_iter()
        .map(|(id, at, actor, action, subject, outcome)| AuditEntry {
            id,
            at,
            actor,
            action,
            subject,
            outcome,
        })
        .collect())
}

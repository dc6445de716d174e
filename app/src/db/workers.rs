//! Worker profiles (求职者资料): the owner's view and edits, the trades they do, and the download and
//! deletion the law gives them.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{Availability, PayUnit, WorkerProfile, WorkerTag};

#[derive(Debug, sqlx::FromRow)]
struct WorkerRow {
    phone: String,
    name: String,
    birth_year: Option<i16>,
    home_city_adcode: Option<i32>,
    home_district_adcode: Option<i32>,
    trades: Vec<String>,
    availability: Vec<String>,
    tags: Vec<String>,
    expected_pay_cents: Option<i32>,
    expected_pay_unit: Option<String>,
}

/// The worker's own profile and their full phone number (the owner may see it).
#[tracing::instrument(skip(pool))]
pub async fn worker_profile(
    pool: &PgPool,
    worker_id: i64,
) -> Result<Option<(WorkerProfile, String)>, DbError> {
    let row: Option<WorkerRow> = sqlx::query_as(
        "SELECT w.phone, w.name, w.birth_year, w.home_city_adcode, w.home_district_adcode,
                ARRAY(SELECT trade_code FROM worker_trades t WHERE t.worker_id = w.id ORDER BY trade_code) AS trades,
                w.availability, w.tags, w.expected_pay_cents, w.expected_pay_unit
           FROM workers w WHERE w.id = $1",
    )
    .bind(worker_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let expected_pay_unit = match row.expected_pay_unit.as_deref() {
        None => None,
        Some(unit) => Some(PayUnit::parse(unit).ok_or_else(|| DbError::Corrupt {
            column: "workers.expected_pay_unit",
            value: unit.to_owned(),
        })?),
    };
    let profile = WorkerProfile {
        name: row.name,
        birth_year: row.birth_year,
        home_city_adcode: row.home_city_adcode,
        home_district_adcode: row.home_district_adcode,
        trades: row.trades,
        availability: row
            .availability
            .iter()
            .filter_map(|a| Availability::parse(a))
            .collect(),
        tags: row
            .tags
            .iter()
            .filter_map(|t| WorkerTag::parse(t))
            .collect(),
        expected_pay_cents: row.expected_pay_cents,
        expected_pay_unit,
    };
    Ok(Some((profile, row.phone)))
}

/// Saves a validated profile, trades included, and keeps the account's display name in step.
#[tracing::instrument(skip(conn, profile))]
pub async fn save_worker_profile(
    conn: &mut PgConnection,
    worker_id: i64,
    profile: &WorkerProfile,
) -> Result<(), DbError> {
    let availability: Vec<&str> = profile.availability.iter().map(|a| a.as_str()).collect();
    let tags: Vec<&str> = profile.tags.iter().map(|t| t.as_str()).collect();
    sqlx::query(
        "UPDATE workers
            SET name = $2, birth_year = $3, home_city_adcode = $4, home_district_adcode = $5,
                home_location = COALESCE((SELECT centre FROM districts WHERE adcode = $5),
                                         (SELECT centre FROM cities WHERE adcode = $4)),
                availability = $6, tags = $7, expected_pay_cents = $8, expected_pay_unit = $9
          WHERE id = $1",
    )
    .bind(worker_id)
    .bind(&profile.name)
    .bind(profile.birth_year)
    .bind(profile.home_city_adcode)
    .bind(profile.home_district_adcode)
    .bind(&availability)
    .bind(&tags)
    .bind(profile.expected_pay_cents)
    .bind(profile.expected_pay_unit.map(PayUnit::as_str))
    .execute(&mut *conn)
    .await?;
    replace_trades(conn, worker_id, &profile.trades).await?;
    sqlx::query("UPDATE accounts SET display_name = $2 WHERE worker_id = $1")
        .bind(worker_id)
        .bind(&profile.name)
        .execute(conn)
        .await?;
    Ok(())
}

/// Fills in the name (and birth year) of a profile that has none, as applying asks: a name already
/// given is never overwritten from there. Returns whether the profile now has a name.
#[tracing::instrument(skip(conn, name))]
pub async fn fill_in_name(
    conn: &mut PgConnection,
    worker_id: i64,
    name: &str,
    birth_year: Option<i16>,
) -> Result<bool, DbError> {
    if !name.is_empty() {
        sqlx::query(
            "UPDATE workers SET name = $2, birth_year = COALESCE(birth_year, $3)
              WHERE id = $1 AND name = ''",
        )
        .bind(worker_id)
        .bind(name)
        .bind(birth_year)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE accounts SET display_name = $2 WHERE worker_id = $1 AND display_name = ''",
        )
        .bind(worker_id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    }
    let named: Option<bool> = sqlx::query_scalar("SELECT name <> '' FROM workers WHERE id = $1")
        .bind(worker_id)
        .fetch_optional(conn)
        .await?;
    Ok(named.unwrap_or(false))
}

pub(super) async fn replace_trades(
    conn: &mut PgConnection,
    worker_id: i64,
    trades: &[String],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM worker_trades WHERE worker_id = $1")
        .bind(worker_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO worker_trades (worker_id, trade_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
    )
    .bind(worker_id)
    .bind(trades)
    .execute(conn)
    .await?;
    Ok(())
}

/// Everything stored about a worker, for the download the law gives them (PIPL 个人信息查阅复制权).
#[tracing::instrument(skip(pool))]
pub async fn export_worker(
    pool: &PgPool,
    account_id: i64,
) -> Result<Option<serde_json::Value>, DbError> {
    let row: Option<(serde_json::Value,)> = sqlx::query_as(
        "SELECT jsonb_build_object(
                    'exported_at', now(),
                    'account', jsonb_build_object('phone', a.phone, 'role', a.role, 'created_at', a.created_at,
                                                  'last_login_at', a.last_login_at),
                    'profile', to_jsonb(w) - 'home_location' - 'is_demo'
                               || jsonb_build_object('home_location', ST_AsGeoJSON(w.home_location)::jsonb),
                    'trades', (SELECT COALESCE(jsonb_agg(t.trade_code ORDER BY t.trade_code), '[]')
                                 FROM worker_trades t WHERE t.worker_id = w.id),
                    'applications', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                         'posting_id', ap.posting_id, 'posting_title', p.title,
                                         'status', ap.status, 'message', ap.message,
                                         'created_at', ap.created_at, 'updated_at', ap.updated_at)
                                         ORDER BY ap.created_at), '[]')
                                       FROM applications ap JOIN postings p ON p.id = ap.posting_id
                                      WHERE ap.worker_id = w.id),
                    -- Being findable (找人才): every decision, and the invitations it brought.
                    'talent_consents', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                            'findable', c.findable, 'wording', c.wording, 'lang', c.lang,
                                            'decided_at', c.created_at) ORDER BY c.id), '[]')
                                          FROM talent_consents c WHERE c.worker_id = w.id),
                    'talent_invitations', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                               'posting_id', i.posting_id, 'organisation', e.name, 'note', i.note,
                                               'status', i.status, 'created_at', i.created_at,
                                               'decided_at', i.decided_at) ORDER BY i.id), '[]')
                                             FROM talent_invitations i JOIN employers e ON e.id = i.employer_id
                                            WHERE i.worker_id = w.id),
                    -- Help cases (困难零工帮扶) and what staff recorded in them.
                    'help_cases', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                       'district_adcode', c.district_adcode, 'reasons', c.reasons,
                                       'status', c.status, 'consent_method', c.consent_method,
                                       'consent_at', c.consent_at, 'outcome', c.outcome,
                                       'created_at', c.created_at, 'closed_at', c.closed_at,
                                       'followups', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                                         'kind', f.kind, 'posting_id', f.posting_id,
                                                         'note', f.note, 'created_at', f.created_at)
                                                         ORDER BY f.id), '[]')
                                                       FROM help_followups f WHERE f.case_id = c.id))
                                       ORDER BY c.created_at), '[]')
                                     FROM help_cases c WHERE c.worker_id = w.id),
                    'sessions', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                     'created_at', s.created_at, 'last_seen_at', s.last_seen_at,
                                     'user_agent', s.user_agent, 'ip', host(s.ip))
                                     ORDER BY s.created_at), '[]')
                                   FROM sessions s WHERE s.account_id = a.id))
           FROM accounts a JOIN workers w ON w.id = a.worker_id
          WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(v,)| v))
}

/// Deletes a worker's profile; the account, its sessions, trades and applications go with it
/// (foreign keys cascade).
#[tracing::instrument(skip(conn))]
pub async fn delete_worker(conn: &mut PgConnection, worker_id: i64) -> Result<(), DbError> {
    sqlx::query("DELETE FROM workers WHERE id = $1")
        .bind(worker_id)
        .execute(conn)
        .await?;
    Ok(())
}

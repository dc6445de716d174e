//! Sessions, one-time codes and the counters behind the rate limits.

use std::net::IpAddr;

use sqlx::postgres::types::PgInterval;
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{Role, StaffScope};

/// What counts against a rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthEvent {
    CodeSent,
    CodeFailed,
    PasswordFailed,
    /// A report about a posting (counted per address: anyone may report).
    ReportFiled,
    /// An organisation's phone given to a worker to call (counted per account and per address).
    ContactShown,
    /// A wrong check-in code typed or scanned (counted per account: six digits are not to be guessed).
    CheckInCodeFailed,
    /// A message about a place written (counted per account).
    MessageSent,
}

impl AuthEvent {
    fn as_str(self) -> &'static str {
        match self {
            AuthEvent::CodeSent => "code_sent",
            AuthEvent::CodeFailed => "code_failed",
            AuthEvent::PasswordFailed => "password_failed",
            AuthEvent::ReportFiled => "report_filed",
            AuthEvent::ContactShown => "contact_shown",
            AuthEvent::CheckInCodeFailed => "check_in_code_failed",
            AuthEvent::MessageSent => "message_sent",
        }
    }
}

fn interval(seconds: i64) -> PgInterval {
    PgInterval {
        months: 0,
        days: 0,
        microseconds: seconds * 1_000_000,
    }
}

/// Addresses travel as text and are cast to `inet` in SQL, which validates them once more.
fn network(ip: Option<IpAddr>) -> Option<String> {
    ip.map(|ip| ip.to_string())
}

/// Serialises the rate-limit check and the event it leads to for one phone, across server instances:
/// two simultaneous requests cannot both see "one left".
#[tracing::instrument(skip(conn))]
pub async fn lock_phone(conn: &mut PgConnection, phone: &str) -> Result<(), DbError> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('lingong.auth:' || $1, 0))")
        .bind(phone)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many events of `kind` for this phone (or this address) in the last `window_s` seconds, and how
/// many seconds until the oldest of them leaves the window.
#[tracing::instrument(skip(conn))]
pub async fn count_events(
    conn: &mut PgConnection,
    kind: AuthEvent,
    phone: Option<&str>,
    ip: Option<IpAddr>,
    window_s: i64,
) -> Result<(i64, i64), DbError> {
    let (count, retry_after): (i64, Option<f64>) = sqlx::query_as(
        "SELECT count(*), EXTRACT(EPOCH FROM (min(at) + $4 - now()))::float8
           FROM auth_events
          WHERE kind = $1
            AND ($2::text IS NULL OR phone = $2)
            AND ($3::inet IS NULL OR ip = $3::inet)
            AND ($2::text IS NOT NULL OR $3::inet IS NOT NULL)
            AND at > now() - $4",
    )
    .bind(kind.as_str())
    .bind(phone)
    .bind(network(ip))
    .bind(interval(window_s))
    .fetch_one(conn)
    .await?;
    Ok((
        count,
        retry_after.map(|s| s.ceil() as i64).unwrap_or(0).max(1),
    ))
}

#[tracing::instrument(skip(conn))]
pub async fn record_event(
    conn: &mut PgConnection,
    kind: AuthEvent,
    phone: Option<&str>,
    ip: Option<IpAddr>,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO auth_events (kind, phone, ip) VALUES ($1, $2, $3::inet)")
        .bind(kind.as_str())
        .bind(phone)
        .bind(network(ip))
        .execute(conn)
        .await?;
    Ok(())
}

/// Stores a new code for the phone and retires any earlier one: only the latest code works.
#[tracing::instrument(skip(conn, code_hash))]
pub async fn insert_code(
    conn: &mut PgConnection,
    phone: &str,
    code_hash: &[u8; 32],
    valid_s: i64,
    ip: Option<IpAddr>,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE login_codes SET consumed_at = now() WHERE phone = $1 AND consumed_at IS NULL",
    )
    .bind(phone)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO login_codes (phone, code_hash, expires_at, ip) VALUES ($1, $2, now() + $3, $4::inet)",
    )
    .bind(phone)
    .bind(&code_hash[..])
    .bind(interval(valid_s))
    .bind(network(ip))
    .execute(conn)
    .await?;
    Ok(())
}

/// The phone's newest code that can still be used, locked for the check.
#[derive(Debug, sqlx::FromRow)]
pub struct LiveCode {
    pub id: i64,
    pub code_hash: Vec<u8>,
    pub attempts: i16,
}

#[tracing::instrument(skip(conn))]
pub async fn live_code(conn: &mut PgConnection, phone: &str) -> Result<Option<LiveCode>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, code_hash, attempts FROM login_codes
          WHERE phone = $1 AND consumed_at IS NULL AND expires_at > now()
          ORDER BY created_at DESC LIMIT 1
          FOR UPDATE",
    )
    .bind(phone)
    .fetch_optional(conn)
    .await?)
}

/// Counts a wrong guess; the code dies when `max_attempts` is reached.
#[tracing::instrument(skip(conn))]
pub async fn code_failed(
    conn: &mut PgConnection,
    id: i64,
    max_attempts: i16,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE login_codes
            SET attempts = attempts + 1,
                consumed_at = CASE WHEN attempts + 1 >= $2 THEN now() END
          WHERE id = $1",
    )
    .bind(id)
    .bind(max_attempts)
    .execute(conn)
    .await?;
    Ok(())
}

#[tracing::instrument(skip(conn))]
pub async fn consume_code(conn: &mut PgConnection, id: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE login_codes SET consumed_at = now() WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// Sessions ----------------------------------------------------------------------------------------------

#[tracing::instrument(skip(conn, token_hash, user_agent))]
pub async fn insert_session(
    conn: &mut PgConnection,
    token_hash: &[u8; 32],
    account_id: i64,
    idle_s: i64,
    absolute_s: i64,
    user_agent: &str,
    ip: Option<IpAddr>,
) -> Result<(), DbError> {
    let user_agent: String = user_agent.chars().take(300).collect();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, expires_at, idle_seconds, user_agent, ip)
         VALUES ($1, $2, now() + $3, $4, $5, $6::inet)",
    )
    .bind(&token_hash[..])
    .bind(account_id)
    .bind(interval(absolute_s))
    .bind(idle_s as i32)
    .bind(user_agent)
    .bind(network(ip))
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE accounts SET last_login_at = now() WHERE id = $1")
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A live session with its account, as [`crate::auth`] turns it into a principal.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub account_id: i64,
    pub role: String,
    pub phone: String,
    pub display_name: String,
    pub worker_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub team_role: Option<String>,
    pub scope_kind: Option<String>,
    pub scope_market_id: Option<i32>,
    pub scope_district_adcode: Option<i32>,
    pub scope_city_adcode: Option<i32>,
    pub scope_name: Option<String>,
    pub has_password: bool,
    /// Whether last_seen_at is old enough to be worth refreshing.
    pub stale: bool,
}

impl SessionRow {
    pub fn role(&self) -> Result<Role, DbError> {
        Role::parse(&self.role).ok_or_else(|| DbError::Corrupt {
            column: "accounts.role",
            value: self.role.clone(),
        })
    }

    pub fn team_role(&self) -> Result<Option<crate::model::TeamRole>, DbError> {
        self.team_role
            .as_deref()
            .map(|role| {
                crate::model::TeamRole::parse(role).ok_or_else(|| DbError::Corrupt {
                    column: "accounts.team_role",
                    value: role.to_owned(),
                })
            })
            .transpose()
    }

    pub fn scope(&self) -> Result<Option<StaffScope>, DbError> {
        let corrupt = || DbError::Corrupt {
            column: "accounts.scope_kind",
            value: format!("{:?}", self.scope_kind),
        };
        Ok(match self.scope_kind.as_deref() {
            None => None,
            Some("province") => Some(StaffScope::Province),
            Some("city") => Some(StaffScope::City {
                city_adcode: self.scope_city_adcode.ok_or_else(corrupt)?,
            }),
            Some("district") => {
                let district_adcode = self.scope_district_adcode.ok_or_else(corrupt)?;
                Some(StaffScope::District {
                    city_adcode: district_adcode / 100 * 100,
                    district_adcode,
                })
            }
            // The market's city and district are filled in by the query (as city/district columns).
            Some("market") => Some(StaffScope::Market {
                market_id: self.scope_market_id.ok_or_else(corrupt)?,
                city_adcode: self.scope_city_adcode.ok_or_else(corrupt)?,
                district_adcode: self.scope_district_adcode,
            }),
            Some(_) => return Err(corrupt()),
        })
    }
}

/// The session behind a token, if it is alive (neither idle too long nor past its end) and its account
/// is not suspended.
#[tracing::instrument(skip(pool, token_hash))]
pub async fn find_session(
    pool: &PgPool,
    token_hash: &[u8; 32],
) -> Result<Option<SessionRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT a.id AS account_id, a.role, a.phone, a.display_name, a.worker_id, a.employer_id,
                a.team_role, a.scope_kind, a.scope_market_id,
                COALESCE(a.scope_district_adcode, m.district_adcode) AS scope_district_adcode,
                COALESCE(a.scope_city_adcode, m.city_adcode) AS scope_city_adcode,
                CASE a.scope_kind
                    WHEN 'market' THEN m.name
                    WHEN 'district' THEN c.name || d.name
                    WHEN 'city' THEN sc.name
                    WHEN 'province' THEN '江苏省'
                END AS scope_name,
                a.password_hash IS NOT NULL AS has_password,
                s.last_seen_at < now() - interval '5 minutes' AS stale
           FROM sessions s
           JOIN accounts a ON a.id = s.account_id
           LEFT JOIN markets m ON m.id = a.scope_market_id
           LEFT JOIN districts d ON d.adcode = a.scope_district_adcode
           LEFT JOIN cities c ON c.adcode = d.city_adcode
           LEFT JOIN cities sc ON sc.adcode = a.scope_city_adcode
          WHERE s.token_hash = $1
            AND s.expires_at > now()
            AND s.last_seen_at + make_interval(secs => s.idle_seconds) > now()
            AND a.status = 'active'",
    )
    .bind(&token_hash[..])
    .fetch_optional(pool)
    .await?)
}

/// Marks the session as used now, which pushes its idle expiry back.
#[tracing::instrument(skip(pool, token_hash))]
pub async fn touch_session(pool: &PgPool, token_hash: &[u8; 32]) -> Result<(), DbError> {
    sqlx::query("UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1")
        .bind(&token_hash[..])
        .execute(pool)
        .await?;
    Ok(())
}

#[tracing::instrument(skip(conn, token_hash))]
pub async fn delete_session(conn: &mut PgConnection, token_hash: &[u8; 32]) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&token_hash[..])
        .execute(conn)
        .await?;
    Ok(())
}

/// Signs the account out everywhere.
#[tracing::instrument(skip(conn))]
pub async fn delete_sessions_of(conn: &mut PgConnection, account_id: i64) -> Result<u64, DbError> {
    Ok(sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// Deletes what no longer counts for anything: dead sessions and codes, old rate-limit events.
#[tracing::instrument(skip(pool))]
pub async fn purge_expired(pool: &PgPool) -> Result<(), DbError> {
    sqlx::query(
        "DELETE FROM sessions
          WHERE expires_at < now() OR last_seen_at + make_interval(secs => idle_seconds) < now()",
    )
    .execute(pool)
    .await?;
    sqlx::query("DELETE FROM login_codes WHERE created_at < now() - interval '1 day'")
        .execute(pool)
        .await?;
    sqlx::query("DELETE FROM auth_events WHERE at < now() - interval '2 days'")
        .execute(pool)
        .await?;
    Ok(())
}

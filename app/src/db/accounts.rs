//! Accounts (账号): finding one by phone, creating a worker's or an employer's at first sign-in, staff
//! accounts made by administrators, passwords. The profiles behind them are in [`super::workers`] and
//! [`super::organisations`]; what staff do to accounts at the desk is in [`super::staff_desk`].

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{Role, StaffScope};

#[derive(Debug, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub role: String,
    pub status: String,
    pub password_hash: Option<String>,
}

impl AccountRow {
    pub fn role(&self) -> Result<Role, DbError> {
        Role::parse(&self.role).ok_or_else(|| DbError::Corrupt {
            column: "accounts.role",
            value: self.role.clone(),
        })
    }

    pub fn suspended(&self) -> bool {
        self.status == "suspended"
    }
}

#[tracing::instrument(skip(conn))]
pub async fn find_by_phone(
    conn: &mut PgConnection,
    phone: &str,
) -> Result<Option<AccountRow>, DbError> {
    Ok(
        sqlx::query_as("SELECT id, role, status, password_hash FROM accounts WHERE phone = $1")
            .bind(phone)
            .fetch_optional(conn)
            .await?,
    )
}

/// What creating a worker account found.
#[derive(Debug, PartialEq, Eq)]
pub struct NewWorker {
    pub account_id: i64,
    pub worker_id: i64,
    /// The profile was registered by staff at a counter and is now claimed by its owner.
    pub claimed_walk_in: bool,
}

/// Creates the account of a worker signing in for the first time. A profile staff registered for this
/// phone at a counter (现场登记) becomes theirs; a demo profile with the same number yields to the real
/// person and is removed.
#[tracing::instrument(skip(conn))]
pub async fn create_worker_account(
    conn: &mut PgConnection,
    phone: &str,
) -> Result<NewWorker, DbError> {
    sqlx::query(
        "DELETE FROM workers w WHERE w.phone = $1 AND w.is_demo
            AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.worker_id = w.id)",
    )
    .bind(phone)
    .execute(&mut *conn)
    .await?;
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM workers WHERE phone = $1")
        .bind(phone)
        .fetch_optional(&mut *conn)
        .await?;
    let (worker_id, claimed_walk_in) = match existing {
        Some((id,)) => (id, true),
        None => {
            let (id,): (i64,) =
                sqlx::query_as("INSERT INTO workers (phone) VALUES ($1) RETURNING id")
                    .bind(phone)
                    .fetch_one(&mut *conn)
                    .await?;
            (id, false)
        }
    };
    let (account_id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (phone, role, worker_id, display_name)
         SELECT $1, 'worker', id, name FROM workers WHERE id = $2
         RETURNING id",
    )
    .bind(phone)
    .bind(worker_id)
    .fetch_one(conn)
    .await?;
    Ok(NewWorker {
        account_id,
        worker_id,
        claimed_walk_in,
    })
}

#[tracing::instrument(skip(conn))]
pub async fn create_employer_account(conn: &mut PgConnection, phone: &str) -> Result<i64, DbError> {
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO accounts (phone, role) VALUES ($1, 'employer') RETURNING id")
            .bind(phone)
            .fetch_one(conn)
            .await?;
    Ok(id)
}

/// Creates (or re-scopes) a staff or admin account: done by administrators from the command line or the
/// admin page, never by sign-up.
#[tracing::instrument(skip(conn))]
pub async fn upsert_staff_account(
    conn: &mut PgConnection,
    phone: &str,
    role: Role,
    scope: Option<StaffScope>,
    display_name: &str,
) -> Result<i64, DbError> {
    let (kind, market, district, city) = match scope {
        None => (None, None, None, None),
        Some(StaffScope::Province) => (Some("province"), None, None, None),
        Some(StaffScope::City { city_adcode }) => (Some("city"), None, None, Some(city_adcode)),
        Some(StaffScope::District {
            district_adcode, ..
        }) => (Some("district"), None, Some(district_adcode), None),
        Some(StaffScope::Market { market_id, .. }) => (Some("market"), Some(market_id), None, None),
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (phone, role, scope_kind, scope_market_id, scope_district_adcode,
                               scope_city_adcode, display_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (phone) DO UPDATE
            SET role = EXCLUDED.role, scope_kind = EXCLUDED.scope_kind,
                scope_market_id = EXCLUDED.scope_market_id,
                scope_district_adcode = EXCLUDED.scope_district_adcode,
                scope_city_adcode = EXCLUDED.scope_city_adcode,
                display_name = EXCLUDED.display_name
         RETURNING id",
    )
    .bind(phone)
    .bind(role.as_str())
    .bind(kind)
    .bind(market)
    .bind(district)
    .bind(city)
    .bind(display_name)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

#[tracing::instrument(skip(conn, password_hash))]
pub async fn set_password_hash(
    conn: &mut PgConnection,
    account_id: i64,
    password_hash: &str,
) -> Result<(), DbError> {
    sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
        .bind(account_id)
        .bind(password_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the account wants texts about its shifts (上岗短信).
#[tracing::instrument(skip(pool), err)]
pub async fn shift_texts(pool: &PgPool, account_id: i64) -> Result<bool, DbError> {
    Ok(
        sqlx::query_scalar("SELECT shift_texts FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or(false),
    )
}

#[tracing::instrument(skip(pool), err)]
pub async fn set_shift_texts(pool: &PgPool, account_id: i64, on: bool) -> Result<(), DbError> {
    sqlx::query("UPDATE accounts SET shift_texts = $2 WHERE id = $1")
        .bind(account_id)
        .bind(on)
        .execute(pool)
        .await?;
    Ok(())
}

/// The language the account's texts are written in: the site's language the person last chose.
#[tracing::instrument(skip(pool), err)]
pub async fn set_lang(pool: &PgPool, account_id: i64, lang: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE accounts SET lang = $2 WHERE id = $1 AND lang <> $2")
        .bind(account_id)
        .bind(lang)
        .execute(pool)
        .await?;
    Ok(())
}

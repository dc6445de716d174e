//! The staff desk: finding an account by phone, suspending and reinstating it, and registering a worker
//! who walks in at the counter (现场登记).

use sqlx::PgConnection;

use super::DbError;
use crate::model::{mask_phone, AccountSummary, Area, Role, WalkInForm};

/// An account as staff find it by phone, with where the person is registered.
#[tracing::instrument(skip(conn))]
pub async fn account_for_staff(
    conn: &mut PgConnection,
    phone: &str,
) -> Result<Option<(AccountSummary, Option<Area>)>, DbError> {
    let row: Option<(
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<i32>,
        Option<i32>,
    )> = sqlx::query_as(
        "SELECT a.id, a.role, a.phone, a.display_name, a.suspended_reason,
                COALESCE(w.home_city_adcode, e.city_adcode, a.scope_city_adcode),
                COALESCE(w.home_district_adcode, e.district_adcode, a.scope_district_adcode)
           FROM accounts a
           LEFT JOIN workers w ON w.id = a.worker_id
           LEFT JOIN employers e ON e.id = a.employer_id
          WHERE a.phone = $1",
    )
    .bind(phone)
    .fetch_optional(conn)
    .await?;
    let Some((id, role, phone, display_name, suspended_reason, city, district)) = row else {
        return Ok(None);
    };
    let role = Role::parse(&role).ok_or_else(|| DbError::Corrupt {
        column: "accounts.role",
        value: role.clone(),
    })?;
    let area = city.map(|city_adcode| Area {
        city_adcode,
        district_adcode: district,
        market_id: None,
    });
    Ok(Some((
        AccountSummary {
            account_id: id,
            role,
            phone_masked: mask_phone(&phone),
            display_name,
            suspended_reason,
        },
        area,
    )))
}

/// Suspends (with a reason) or reinstates (`None`) an account; a suspension also ends its sessions.
/// Returns the status before and after.
#[tracing::instrument(skip(conn))]
pub async fn set_suspension(
    conn: &mut PgConnection,
    account_id: i64,
    reason: Option<&str>,
) -> Result<Option<(serde_json::Value, serde_json::Value)>, DbError> {
    let row: Option<(serde_json::Value, serde_json::Value)> = sqlx::query_as(
        "WITH before AS (SELECT jsonb_build_object('status', status, 'suspended_reason', suspended_reason) AS row
                           FROM accounts WHERE id = $1 FOR UPDATE),
              after AS (
                UPDATE accounts
                   SET status = CASE WHEN $2::text IS NULL THEN 'active' ELSE 'suspended' END,
                       suspended_reason = $2
                 WHERE id = $1
             RETURNING jsonb_build_object('status', status, 'suspended_reason', suspended_reason) AS row)
         SELECT before.row, after.row FROM before, after",
    )
    .bind(account_id)
    .bind(reason)
    .fetch_optional(&mut *conn)
    .await?;
    if reason.is_some() && row.is_some() {
        super::auth::delete_sessions_of(conn, account_id).await?;
    }
    Ok(row)
}

/// What registering a walk-in found.
#[derive(Debug, PartialEq, Eq)]
pub enum WalkIn {
    Registered {
        worker_id: i64,
    },
    /// Somebody (a profile or an account) already has this phone number.
    PhoneTaken,
}

/// Registers a worker at a counter. The profile has no account until its owner signs in with the phone.
#[tracing::instrument(skip(conn, form))]
pub async fn register_walk_in(
    conn: &mut PgConnection,
    form: &WalkInForm,
    phone: &str,
    city_adcode: i32,
    market_id: Option<i32>,
) -> Result<WalkIn, DbError> {
    let taken: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE phone = $1)
             OR EXISTS (SELECT 1 FROM workers WHERE phone = $1 AND NOT is_demo)",
    )
    .bind(phone)
    .fetch_one(&mut *conn)
    .await?;
    if taken {
        return Ok(WalkIn::PhoneTaken);
    }
    sqlx::query("DELETE FROM workers WHERE phone = $1 AND is_demo")
        .bind(phone)
        .execute(&mut *conn)
        .await?;
    let tags: Vec<&str> = form.tags.iter().map(|t| t.as_str()).collect();
    let (worker_id,): (i64,) = sqlx::query_as(
        "INSERT INTO workers (phone, name, birth_year, home_city_adcode, home_district_adcode, home_location,
                              tags, registered_at_market_id)
         VALUES ($1, $2, $3, $4, $5,
                 COALESCE((SELECT centre FROM districts WHERE adcode = $5),
                          (SELECT centre FROM cities WHERE adcode = $4)),
                 $6, $7)
         RETURNING id",
    )
    .bind(phone)
    .bind(&form.name)
    .bind(form.birth_year)
    .bind(city_adcode)
    .bind(form.district_adcode)
    .bind(&tags)
    .bind(market_id)
    .fetch_one(&mut *conn)
    .await?;
    super::workers::replace_trades(conn, worker_id, &form.trades).await?;
    Ok(WalkIn::Registered { worker_id })
}

/// The market's city and district, for staff registering at their own counter.
#[tracing::instrument(skip(conn))]
pub async fn market_area(conn: &mut PgConnection, market_id: i32) -> Result<Option<Area>, DbError> {
    let row: Option<(i32, Option<i32>)> =
        sqlx::query_as("SELECT city_adcode, district_adcode FROM markets WHERE id = $1")
            .bind(market_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(city_adcode, district_adcode)| Area {
        city_adcode,
        district_adcode,
        market_id: Some(market_id),
    }))
}

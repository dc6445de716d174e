//! Accounts and the profiles behind them: worker profiles, employer organisations, staff scopes.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    mask_phone, AccountSummary, Area, Availability, Organisation, OrganisationForm,
    OrganisationReview, PayUnit, Role, StaffScope, Verification, WalkInForm, WorkerProfile,
    WorkerTag,
};

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

// Worker profiles ----------------------------------------------------------------------------------------

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

async fn replace_trades(
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

// Organisations ------------------------------------------------------------------------------------------

#[derive(Debug, sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    name: String,
    credit_code: String,
    city_adcode: i32,
    district_adcode: Option<i32>,
    address: String,
    contact_name: String,
    contact_phone: Option<String>,
    verification_status: String,
    rejection_reason: Option<String>,
}

impl OrganisationRow {
    fn into_organisation(self) -> Result<Organisation, DbError> {
        let verification =
            Verification::parse(&self.verification_status).ok_or_else(|| DbError::Corrupt {
                column: "employers.verification_status",
                value: self.verification_status.clone(),
            })?;
        Ok(Organisation {
            id: self.id,
            form: OrganisationForm {
                name: self.name,
                credit_code: self.credit_code,
                city_adcode: self.city_adcode,
                district_adcode: self.district_adcode,
                address: self.address,
                contact_name: self.contact_name,
                contact_phone: self.contact_phone.unwrap_or_default(),
            },
            verification,
            rejection_reason: self.rejection_reason,
        })
    }
}

const ORGANISATION_COLUMNS: &str = "id, name, credit_code, city_adcode, district_adcode, address, \
     contact_name, contact_phone, verification_status, rejection_reason";

#[tracing::instrument(skip(conn))]
pub async fn organisation(
    conn: &mut PgConnection,
    employer_id: i64,
) -> Result<Option<Organisation>, DbError> {
    let row: Option<OrganisationRow> = sqlx::query_as(&format!(
        "SELECT {ORGANISATION_COLUMNS} FROM employers WHERE id = $1"
    ))
    .bind(employer_id)
    .fetch_optional(conn)
    .await?;
    row.map(OrganisationRow::into_organisation).transpose()
}

/// Registers an organisation and makes the account its member. It waits for staff to verify it.
#[tracing::instrument(skip(conn, form))]
pub async fn register_organisation(
    conn: &mut PgConnection,
    account_id: i64,
    form: &OrganisationForm,
) -> Result<i64, DbError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO employers (credit_code, name, city_adcode, district_adcode, address, contact_name, contact_phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&form.credit_code)
    .bind(&form.name)
    .bind(form.city_adcode)
    .bind(form.district_adcode)
    .bind(&form.address)
    .bind(&form.contact_name)
    .bind(&form.contact_phone)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE accounts SET employer_id = $2, display_name = $3 WHERE id = $1")
        .bind(account_id)
        .bind(id)
        .bind(&form.contact_name)
        .execute(conn)
        .await?;
    Ok(id)
}

/// Saves an organisation's details. A new name or credit code is a new claim, so it goes back to staff.
#[tracing::instrument(skip(conn, form))]
pub async fn update_organisation(
    conn: &mut PgConnection,
    employer_id: i64,
    form: &OrganisationForm,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE employers
            SET verification_status = CASE WHEN name <> $3 OR credit_code <> $2 THEN 'pending'
                                           ELSE verification_status END,
                verified_at = CASE WHEN name <> $3 OR credit_code <> $2 THEN NULL ELSE verified_at END,
                rejection_reason = CASE WHEN name <> $3 OR credit_code <> $2 THEN NULL
                                        ELSE rejection_reason END,
                credit_code = $2, name = $3, city_adcode = $4, district_adcode = $5, address = $6,
                contact_name = $7, contact_phone = $8
          WHERE id = $1",
    )
    .bind(employer_id)
    .bind(&form.credit_code)
    .bind(&form.name)
    .bind(form.city_adcode)
    .bind(form.district_adcode)
    .bind(&form.address)
    .bind(&form.contact_name)
    .bind(&form.contact_phone)
    .execute(conn)
    .await?;
    Ok(())
}

/// Where an organisation is, for the scope rules.
#[tracing::instrument(skip(conn))]
pub async fn organisation_area(
    conn: &mut PgConnection,
    employer_id: i64,
) -> Result<Option<Area>, DbError> {
    let row: Option<(i32, Option<i32>)> =
        sqlx::query_as("SELECT city_adcode, district_adcode FROM employers WHERE id = $1")
            .bind(employer_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(city_adcode, district_adcode)| Area {
        city_adcode,
        district_adcode,
        market_id: None,
    }))
}

/// The filters that confine a staff list to a scope: (city, district), `None` meaning any. A market
/// without a district confines to nothing (an impossible district).
pub fn scope_filter(scope: Option<StaffScope>) -> (Option<i32>, Option<i32>) {
    match scope {
        None | Some(StaffScope::Province) => (None, None),
        Some(StaffScope::City { city_adcode }) => (Some(city_adcode), None),
        Some(StaffScope::District {
            city_adcode,
            district_adcode,
        }) => (Some(city_adcode), Some(district_adcode)),
        Some(StaffScope::Market {
            city_adcode,
            district_adcode,
            ..
        }) => (Some(city_adcode), Some(district_adcode.unwrap_or(-1))),
    }
}

/// Organisations in the scope waiting for a decision, oldest first. Contact numbers are masked: staff
/// verify papers, they do not need to call.
#[tracing::instrument(skip(pool))]
pub async fn pending_organisations(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<OrganisationReview>, DbError> {
    let (city, district) = scope_filter(scope);
    let rows: Vec<(i64, String, String, String, Option<String>, String, String, Option<String>, String, String)> =
        sqlx::query_as(
            "SELECT e.id, e.name, e.credit_code, c.name, d.name, e.address, e.contact_name, e.contact_phone,
                    e.verification_status, to_char(e.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
               FROM employers e
               JOIN cities c ON c.adcode = e.city_adcode
               LEFT JOIN districts d ON d.adcode = e.district_adcode
              WHERE e.verification_status = 'pending' AND NOT e.is_demo
                AND ($1::int IS NULL OR e.city_adcode = $1)
                AND ($2::int IS NULL OR e.district_adcode = $2)
              ORDER BY e.created_at, e.id
              LIMIT $3",
        )
        .bind(city)
        .bind(district)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(OrganisationReview {
                id: r.0,
                name: r.1,
                credit_code: r.2,
                city_name: r.3,
                district_name: r.4,
                address: r.5,
                contact_name: r.6,
                contact_phone: r.7.as_deref().map(mask_phone).unwrap_or_default(),
                verification: Verification::parse(&r.8).ok_or_else(|| DbError::Corrupt {
                    column: "employers.verification_status",
                    value: r.8.clone(),
                })?,
                registered_on: r.9,
            })
        })
        .collect()
}

/// Records staff's decision. Returns the row before and after, for the audit log.
#[tracing::instrument(skip(conn))]
pub async fn decide_organisation(
    conn: &mut PgConnection,
    employer_id: i64,
    verified: bool,
    reason: Option<&str>,
) -> Result<Option<(serde_json::Value, serde_json::Value)>, DbError> {
    let row: Option<(serde_json::Value, serde_json::Value)> = sqlx::query_as(
        "WITH before AS (SELECT to_jsonb(e) AS row FROM employers e WHERE id = $1 FOR UPDATE),
              after AS (
                UPDATE employers
                   SET verification_status = CASE WHEN $2 THEN 'verified' ELSE 'rejected' END,
                       verified_at = CASE WHEN $2 THEN now() END,
                       rejection_reason = CASE WHEN $2 THEN NULL ELSE $3 END
                 WHERE id = $1
             RETURNING to_jsonb(employers) AS row)
         SELECT before.row, after.row FROM before, after",
    )
    .bind(employer_id)
    .bind(verified)
    .bind(reason)
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

// Staff tools --------------------------------------------------------------------------------------------

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
    replace_trades(conn, worker_id, &form.trades).await?;
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

//! Employer organisations (用人单位): registration, edits, and staff's review of them within a scope.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    mask_phone, Area, Organisation, OrganisationForm, OrganisationReview, StaffScope, Verification,
};

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
    hr_licence_no: Option<String>,
    hr_licence_status: Option<String>,
    hr_licence_rejection: Option<String>,
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
                hr_licence_no: self.hr_licence_no.unwrap_or_default(),
            },
            verification,
            rejection_reason: self.rejection_reason,
            hr_licence_status: self
                .hr_licence_status
                .map(|s| super::stored(s, "employers.hr_licence_status", Verification::parse))
                .transpose()?,
            hr_licence_rejection: self.hr_licence_rejection,
        })
    }
}

const ORGANISATION_COLUMNS: &str = "id, name, credit_code, city_adcode, district_adcode, address, \
     contact_name, contact_phone, verification_status, rejection_reason, hr_licence_no, \
     hr_licence_status, hr_licence_rejection";

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
        "INSERT INTO employers (credit_code, name, city_adcode, district_adcode, address, contact_name, contact_phone,
                                hr_licence_no)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, '')) RETURNING id",
    )
    .bind(&form.credit_code)
    .bind(&form.name)
    .bind(form.city_adcode)
    .bind(form.district_adcode)
    .bind(&form.address)
    .bind(&form.contact_name)
    .bind(&form.contact_phone)
    .bind(&form.hr_licence_no)
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

/// Saves an organisation's details. A new name or credit code is a new claim, so it goes back to staff;
/// so does a new licence number (the database's trigger, migration 41).
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
                contact_name = $7, contact_phone = $8, hr_licence_no = NULLIF($9, '')
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
    .bind(&form.hr_licence_no)
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

/// The filters that confine a list of markets to a scope: (city, district, market). A market's staff
/// serve only their market; others, every market in their area.
pub fn market_scope_filter(scope: Option<StaffScope>) -> (Option<i32>, Option<i32>, Option<i32>) {
    match scope {
        Some(StaffScope::Market { market_id, .. }) => (None, None, Some(market_id)),
        other => {
            let (city, district) = scope_filter(other);
            (city, district, None)
        }
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

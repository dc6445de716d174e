//! Human-resources service agencies (人力资源服务机构): licences waiting for staff and their decisions,
//! the public list of verified agencies and an agency's storefront (零工旗舰店). The database sends a
//! changed licence number back to staff and lets only a verified agency name a client on a posting
//! (migration 41).

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::{stored, DbError};
use crate::model::{
    AgencyLine, AgencyMarket, AgencyStorefront, LicenceReview, PostingSummary, StaffScope,
    Verification, STOREFRONT_POSTINGS,
};

/// Licences in the scope waiting for staff, oldest first.
#[tracing::instrument(skip(pool), err)]
pub async fn pending_licences(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<LicenceReview>, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    let rows: Vec<(i64, String, String, String, String, Option<String>, String, String)> =
        sqlx::query_as(
            "SELECT e.id, e.name, e.credit_code, e.hr_licence_no, c.name, d.name, e.verification_status,
                    to_char(e.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
               FROM employers e
               JOIN cities c ON c.adcode = e.city_adcode
               LEFT JOIN districts d ON d.adcode = e.district_adcode
              WHERE e.hr_licence_status = 'pending' AND NOT e.is_demo
                AND ($1::int IS NULL OR e.city_adcode = $1)
                AND ($2::int IS NULL OR e.district_adcode = $2)
              ORDER BY e.updated_at, e.id
              LIMIT $3",
        )
        .bind(city)
        .bind(district)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(LicenceReview {
                employer_id: r.0,
                name: r.1,
                credit_code: r.2,
                licence_no: r.3,
                city_name: r.4,
                district_name: r.5,
                organisation: stored(r.6, "employers.verification_status", Verification::parse)?,
                submitted_on: r.7,
            })
        })
        .collect()
}

/// Which way a licence decision went.
#[derive(Debug)]
pub enum LicenceDecided {
    /// Decided now: the row before and after, for the audit log.
    Now {
        before: serde_json::Value,
        after: serde_json::Value,
    },
    /// The organisation gave no licence number, or staff decided it already.
    NotPending,
    NotFound,
}

/// Records staff's decision on an organisation's licence, if it is still waiting for one.
#[tracing::instrument(skip(conn), err)]
pub async fn decide_licence(
    conn: &mut PgConnection,
    employer_id: i64,
    verified: bool,
    reason: Option<&str>,
) -> Result<LicenceDecided, DbError> {
    let before: Option<(serde_json::Value, Option<String>)> = sqlx::query_as(
        "SELECT to_jsonb(e), e.hr_licence_status FROM employers e WHERE id = $1 FOR UPDATE",
    )
    .bind(employer_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((before, status)) = before else {
        return Ok(LicenceDecided::NotFound);
    };
    if status.as_deref() != Some("pending") {
        return Ok(LicenceDecided::NotPending);
    }
    let after: serde_json::Value = sqlx::query_scalar(
        "UPDATE employers
            SET hr_licence_status = CASE WHEN $2 THEN 'verified' ELSE 'rejected' END,
                hr_licence_decided_at = now(),
                hr_licence_rejection = CASE WHEN $2 THEN NULL ELSE $3 END
          WHERE id = $1
         RETURNING to_jsonb(employers)",
    )
    .bind(employer_id)
    .bind(verified)
    .bind(reason)
    .fetch_one(conn)
    .await?;
    Ok(LicenceDecided::Now { before, after })
}

/// Whether the organisation is an agency whose licence staff verified.
#[tracing::instrument(skip(conn), err)]
pub async fn is_verified_agency(
    conn: &mut PgConnection,
    employer_id: i64,
) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM employers WHERE id = $1 AND hr_licence_status = 'verified')",
    )
    .bind(employer_id)
    .fetch_one(conn)
    .await?)
}

/// The verified agencies, optionally of one city, the most open postings first.
#[tracing::instrument(skip(pool), err)]
pub async fn agencies(
    pool: &PgPool,
    city: Option<i32>,
    today: NaiveDate,
) -> Result<Vec<AgencyLine>, DbError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT e.id, e.name, c.name,
                (SELECT count(*) FROM postings p
                  WHERE p.employer_id = e.id AND p.status = 'open' AND p.end_date >= $2)
           FROM employers e JOIN cities c ON c.adcode = e.city_adcode
          WHERE e.hr_licence_status = 'verified' AND ($1::int IS NULL OR e.city_adcode = $1)
          ORDER BY 4 DESC, e.name
          LIMIT 200",
    )
    .bind(city)
    .bind(today)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(employer_id, name, city_name, open_postings)| AgencyLine {
            employer_id,
            name,
            city_name,
            open_postings,
        })
        .collect())
}

/// A verified agency's storefront; `None` for any other organisation.
#[tracing::instrument(skip(pool), err)]
pub async fn storefront(
    pool: &PgPool,
    employer_id: i64,
    today: NaiveDate,
) -> Result<Option<AgencyStorefront>, DbError> {
    let head: Option<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT e.name, e.hr_licence_no, c.name, d.name, e.address
           FROM employers e
           JOIN cities c ON c.adcode = e.city_adcode
           LEFT JOIN districts d ON d.adcode = e.district_adcode
          WHERE e.id = $1 AND e.hr_licence_status = 'verified'",
    )
    .bind(employer_id)
    .fetch_optional(pool)
    .await?;
    let Some((name, licence_no, city_name, district_name, address)) = head else {
        return Ok(None);
    };
    let rows: Vec<super::postings::PostingSummaryRow> = sqlx::query_as(&format!(
        "SELECT {columns} {joins}
          WHERE p.employer_id = $1 AND p.status = 'open' AND p.end_date >= $2
          ORDER BY p.id DESC LIMIT $3",
        columns = super::postings::SUMMARY_COLUMNS,
        joins = super::postings::SUMMARY_JOINS,
    ))
    .bind(employer_id)
    .bind(today)
    .bind(STOREFRONT_POSTINGS)
    .fetch_all(pool)
    .await?;
    let postings = rows
        .into_iter()
        .map(PostingSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let (open_postings, clients, districts): (i64, i64, Vec<String>) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT p.client_credit_code),
                coalesce(array_agg(DISTINCT d.name) FILTER (WHERE d.name IS NOT NULL), '{}')
           FROM postings p LEFT JOIN districts d ON d.adcode = p.district_adcode
          WHERE p.employer_id = $1 AND p.status = 'open' AND p.end_date >= $2",
    )
    .bind(employer_id)
    .bind(today)
    .fetch_one(pool)
    .await?;
    let markets: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT m.slug, m.name, count(*)
           FROM postings p JOIN markets m ON m.id = p.market_id
          WHERE p.employer_id = $1 AND p.status = 'open' AND p.end_date >= $2
          GROUP BY m.slug, m.name ORDER BY 3 DESC, m.name",
    )
    .bind(employer_id)
    .bind(today)
    .fetch_all(pool)
    .await?;
    Ok(Some(AgencyStorefront {
        employer_id,
        name,
        licence_no,
        city_name,
        district_name,
        address,
        postings,
        open_postings,
        markets: markets
            .into_iter()
            .map(|(slug, name, postings)| AgencyMarket {
                slug,
                name,
                postings,
            })
            .collect(),
        districts,
        clients,
    }))
}

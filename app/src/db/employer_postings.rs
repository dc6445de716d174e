//! An employer's own postings (岗位管理): create, edit, pause, close, repost, and the list they manage.
//! Every statement is confined to the organisation that owns the posting, so a forged id finds nothing.

use chrono::NaiveDate;
use sqlx::postgres::PgArguments;
use sqlx::{Arguments, PgConnection, PgPool, Postgres};

use super::DbError;
use crate::model::{
    CheckedPosting, ContactPreference, EditablePosting, ManagedPosting, PayTerms, PayUnit, Point,
    PostingForm, PostingStatus, PostingTag, SimilarPosting, TradeCode,
};

/// How far a posting may lie from the nearest district's centre and still be in the province's service
/// area: Jiangsu's largest county-level divisions are about 60 km across.
pub(crate) const MAX_KM_FROM_DISTRICT: f64 = 40.0;

/// The city and district a point lies in (the nearest district centre), or `None` outside the service
/// area.
#[tracing::instrument(skip(conn), err)]
pub async fn area_of(conn: &mut PgConnection, point: Point) -> Result<Option<(i32, i32)>, DbError> {
    let row: Option<(i32, i32, f64)> = sqlx::query_as(
        "SELECT d.city_adcode, d.adcode,
                ST_Distance(d.centre::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)
           FROM districts d
          WHERE in_service_area(ST_SetSRID(ST_MakePoint($1, $2), 4326))
          ORDER BY d.centre <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)
          LIMIT 1",
    )
    .bind(point.lng)
    .bind(point.lat)
    .fetch_optional(conn)
    .await?;
    Ok(row
        .filter(|(_, _, metres)| *metres <= MAX_KM_FROM_DISTRICT * 1000.0)
        .map(|(city, district, _)| (city, district)))
}

/// The organisation a posting belongs to, with its status and title.
#[tracing::instrument(skip(conn), err)]
pub async fn owner(conn: &mut PgConnection, posting_id: i64) -> Result<Option<i64>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT employer_id FROM postings WHERE id = $1")
            .bind(posting_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The organisation a posting belongs to, and its title.
#[tracing::instrument(skip(conn), err)]
pub async fn owner_and_title(
    conn: &mut PgConnection,
    posting_id: i64,
) -> Result<Option<(i64, String)>, DbError> {
    Ok(
        sqlx::query_as("SELECT employer_id, title FROM postings WHERE id = $1")
            .bind(posting_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// One query argument, numbered after those already added.
fn add<'q, T>(arguments: &mut PgArguments, value: T) -> Result<(), DbError>
where
    T: 'q + sqlx::Encode<'q, Postgres> + sqlx::Type<Postgres>,
{
    arguments
        .add(value)
        .map_err(|e| DbError::Other(sqlx::Error::Encode(e)))
}

/// A posting's fields as query arguments, in the one order both the insert and the update number
/// them: trade, market, title, description, requirements, address, longitude, latitude, city,
/// district, pay, pay unit, start, end, shift, headcount, tags, contact, start time, pay terms, what to
/// bring, the client's name and credit code.
fn add_fields(
    arguments: &mut PgArguments,
    posting: &CheckedPosting,
    area: (i32, i32),
) -> Result<(), DbError> {
    let tags: Vec<&str> = posting.tags.iter().map(|t| t.as_str()).collect();
    add(arguments, posting.trade.as_str())?;
    add(arguments, posting.market.as_deref())?;
    add(arguments, posting.title.as_str())?;
    add(arguments, posting.description.as_str())?;
    add(arguments, posting.requirements.as_str())?;
    add(arguments, posting.address.as_str())?;
    add(arguments, posting.location.lng)?;
    add(arguments, posting.location.lat)?;
    add(arguments, area.0)?;
    add(arguments, area.1)?;
    add(arguments, posting.pay_cents)?;
    add(arguments, posting.pay_unit.as_str())?;
    add(arguments, posting.start_date)?;
    add(arguments, posting.end_date)?;
    add(arguments, posting.shift_minutes)?;
    add(arguments, posting.headcount)?;
    add(arguments, tags)?;
    add(arguments, posting.contact.as_str())?;
    add(arguments, posting.start_time)?;
    add(arguments, posting.pay_terms.as_str())?;
    add(arguments, posting.bring.as_str())?;
    add(arguments, posting.client.as_ref().map(|c| c.name.as_str()))?;
    add(
        arguments,
        posting.client.as_ref().map(|c| c.credit_code.as_str()),
    )
}

/// Stores a new posting, as a draft or published at once.
#[tracing::instrument(skip(conn, posting), err)]
pub async fn create(
    conn: &mut PgConnection,
    employer_id: i64,
    posting: &CheckedPosting,
    area: (i32, i32),
    status: PostingStatus,
) -> Result<i64, DbError> {
    let mut arguments = PgArguments::default();
    add(&mut arguments, employer_id)?;
    add_fields(&mut arguments, posting, area)?;
    add(&mut arguments, status.as_str())?;
    Ok(sqlx::query_scalar_with(
        "INSERT INTO postings (employer_id, trade_code, market_id, title, description, requirements, address,
                               location, city_adcode, district_adcode, pay_cents, pay_unit, start_date, end_date,
                               shift_minutes, headcount, tags, contact_preference, start_time, pay_terms,
                               bring, client_name, client_credit_code, status)
         VALUES ($1, $2, (SELECT id FROM markets WHERE slug = $3), $4, $5, $6, $7,
                 ST_SetSRID(ST_MakePoint($8, $9), 4326), $10, $11, $12, $13,
                 $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
         RETURNING id",
        arguments,
    )
    .fetch_one(conn)
    .await?)
}

/// What an edit changed for the people who applied.
#[derive(Debug, PartialEq, Eq)]
pub struct Edited {
    pub title: String,
    /// Dates, hours, pay or place changed: applicants are told.
    pub material: bool,
}

/// Saves an edit of the organisation's posting. `None` when it has no such posting (or it is closed:
/// a closed posting is history, reposting makes a new one).
#[tracing::instrument(skip(conn, posting), err)]
pub async fn update(
    conn: &mut PgConnection,
    employer_id: i64,
    posting_id: i64,
    posting: &CheckedPosting,
    area: (i32, i32),
) -> Result<Option<Edited>, DbError> {
    let mut arguments = PgArguments::default();
    add(&mut arguments, employer_id)?;
    add(&mut arguments, posting_id)?;
    add_fields(&mut arguments, posting, area)?;
    // The old values are read under the row lock in the same statement, so "material" compares with
    // exactly the row this edit replaced.
    let row: Option<(String, bool)> = sqlx::query_as_with(
        "WITH old AS (
             SELECT id, start_date, end_date, shift_minutes, pay_cents, pay_unit, location, start_time,
                    pay_terms
               FROM postings WHERE id = $2 AND employer_id = $1 AND status <> 'closed' FOR UPDATE)
         UPDATE postings p
            SET trade_code = $3, market_id = (SELECT id FROM markets WHERE slug = $4), title = $5, description = $6, requirements = $7,
                address = $8, location = ST_SetSRID(ST_MakePoint($9, $10), 4326), city_adcode = $11,
                district_adcode = $12, pay_cents = $13, pay_unit = $14, start_date = $15, end_date = $16,
                shift_minutes = $17, headcount = $18, tags = $19, contact_preference = $20,
                start_time = $21, pay_terms = $22, bring = $23, client_name = $24,
                client_credit_code = $25, revision = p.revision + 1
           FROM old
          WHERE p.id = old.id
         RETURNING p.title,
                   (old.start_date, old.end_date, old.shift_minutes, old.pay_cents, old.pay_unit,
                    old.start_time, old.pay_terms)
                     IS DISTINCT FROM (p.start_date, p.end_date, p.shift_minutes, p.pay_cents, p.pay_unit,
                                       p.start_time, p.pay_terms)
                   OR NOT ST_Equals(old.location, p.location)",
        arguments,
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(title, material)| Edited { title, material }))
}

/// A posting of the organisation, locked until the transaction ends: what a change is checked against.
#[derive(Debug)]
pub struct Locked {
    pub status: PostingStatus,
    pub title: String,
    pub filled: i16,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[tracing::instrument(skip(conn), err)]
pub async fn lock(
    conn: &mut PgConnection,
    employer_id: i64,
    posting_id: i64,
) -> Result<Option<Locked>, DbError> {
    let row: Option<(String, String, i16, NaiveDate, NaiveDate)> = sqlx::query_as(
        "SELECT status, title, filled, start_date, end_date FROM postings
          WHERE id = $1 AND employer_id = $2 FOR UPDATE",
    )
    .bind(posting_id)
    .bind(employer_id)
    .fetch_optional(conn)
    .await?;
    row.map(|(status, title, filled, start_date, end_date)| {
        Ok(Locked {
            status: parse_status(&status)?,
            title,
            filled,
            start_date,
            end_date,
        })
    })
    .transpose()
}

pub async fn set_status(
    conn: &mut PgConnection,
    posting_id: i64,
    status: PostingStatus,
) -> Result<(), DbError> {
    sqlx::query("UPDATE postings SET status = $2, revision = revision + 1 WHERE id = $1")
        .bind(posting_id)
        .bind(status.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Copies a posting into a new draft running from `start` for as many days as the original.
#[tracing::instrument(skip(conn), err)]
pub async fn repost(
    conn: &mut PgConnection,
    employer_id: i64,
    posting_id: i64,
    start: NaiveDate,
) -> Result<Option<i64>, DbError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, market_id, title, description, requirements, address,
                               location, city_adcode, district_adcode, pay_cents, pay_unit, start_date, end_date,
                               shift_minutes, headcount, tags, contact_preference, start_time, pay_terms,
                               bring, client_name, client_credit_code, status, reposted_from)
         SELECT employer_id, trade_code, market_id, title, description, requirements, address, location,
                city_adcode, district_adcode, pay_cents, pay_unit, $3, $3 + (end_date - start_date),
                shift_minutes, headcount, tags, contact_preference, start_time, pay_terms, bring,
                client_name, client_credit_code, 'draft', id
           FROM postings WHERE id = $1 AND employer_id = $2
         RETURNING id",
    )
    .bind(posting_id)
    .bind(employer_id)
    .bind(start)
    .fetch_optional(conn)
    .await?)
}

/// Open postings of the same organisation that look like this one: same trade, overlapping dates,
/// within 500 m. A second posting of the same gig splits the applicants, so the form warns.
#[tracing::instrument(skip(conn, posting), err)]
pub async fn similar_open(
    conn: &mut PgConnection,
    employer_id: i64,
    except: Option<i64>,
    posting: &CheckedPosting,
) -> Result<Vec<SimilarPosting>, DbError> {
    let rows: Vec<(i64, String, NaiveDate, NaiveDate)> = sqlx::query_as(
        "SELECT id, title, start_date, end_date FROM postings
          WHERE employer_id = $1 AND id IS DISTINCT FROM $2 AND status IN ('open', 'paused')
            AND trade_code = $3 AND start_date <= $5 AND end_date >= $4
            AND ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint($6, $7), 4326)::geography, 500)
          ORDER BY id DESC LIMIT 5",
    )
    .bind(employer_id)
    .bind(except)
    .bind(posting.trade.as_str())
    .bind(posting.start_date)
    .bind(posting.end_date)
    .bind(posting.location.lng)
    .bind(posting.location.lat)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, start_date, end_date)| SimilarPosting {
            id,
            title,
            start_date,
            end_date,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ManagedRow {
    id: i64,
    title: String,
    trade_name: String,
    status: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    pay_cents: i32,
    pay_unit: String,
    headcount: i16,
    filled: i16,
    pending_applicants: i64,
    updated_at: chrono::DateTime<chrono::Utc>,
}

/// The organisation's postings, live ones first, then the most recently changed.
#[tracing::instrument(skip(pool), err)]
pub async fn list(
    pool: &PgPool,
    employer_id: i64,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<ManagedPosting>, DbError> {
    let rows: Vec<ManagedRow> = sqlx::query_as(
        "SELECT p.id, p.title, t.name AS trade_name, p.status, p.start_date, p.end_date, p.pay_cents,
                p.pay_unit, p.headcount, p.filled,
                (SELECT count(*) FROM applications a WHERE a.posting_id = p.id AND a.status = 'pending')
                  AS pending_applicants,
                p.updated_at
           FROM postings p JOIN trades t ON t.code = p.trade_code
          WHERE p.employer_id = $1
          ORDER BY (p.status IN ('open', 'paused', 'filled', 'draft') AND p.end_date >= $2) DESC,
                   p.updated_at DESC
          LIMIT $3",
    )
    .bind(employer_id)
    .bind(today)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ManagedPosting {
                id: r.id,
                title: r.title,
                trade_name: r.trade_name,
                status: parse_status(&r.status)?,
                expired: r.end_date < today,
                start_date: r.start_date,
                end_date: r.end_date,
                pay_cents: r.pay_cents,
                pay_unit: parse_unit(&r.pay_unit)?,
                headcount: r.headcount,
                filled: r.filled,
                pending_applicants: r.pending_applicants,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct EditableRow {
    id: i64,
    status: String,
    filled: i16,
    trade_code: String,
    title: String,
    description: String,
    requirements: String,
    address: String,
    lng: f64,
    lat: f64,
    market: Option<String>,
    pay_cents: i32,
    pay_unit: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    shift_minutes: i16,
    start_time: Option<chrono::NaiveTime>,
    pay_terms: Option<String>,
    headcount: i16,
    tags: Vec<String>,
    contact_preference: String,
    bring: String,
    client_name: Option<String>,
    client_credit_code: Option<String>,
}

/// One of the organisation's postings as its edit form shows it.
#[tracing::instrument(skip(pool), err)]
pub async fn editable(
    pool: &PgPool,
    employer_id: i64,
    posting_id: i64,
    today: NaiveDate,
) -> Result<Option<EditablePosting>, DbError> {
    let row: Option<EditableRow> = sqlx::query_as(
        "SELECT p.id, p.status, p.filled, p.trade_code, p.title, p.description, p.requirements, p.address,
                ST_X(p.location) AS lng, ST_Y(p.location) AS lat, m.slug AS market, p.pay_cents, p.pay_unit,
                p.start_date, p.end_date, p.shift_minutes, p.start_time, p.pay_terms, p.headcount, p.tags,
                p.contact_preference, p.bring, p.client_name, p.client_credit_code
           FROM postings p LEFT JOIN markets m ON m.id = p.market_id
          WHERE p.id = $1 AND p.employer_id = $2",
    )
    .bind(posting_id)
    .bind(employer_id)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let corrupt = |column: &'static str, value: &str| DbError::Corrupt {
        column,
        value: value.to_owned(),
    };
    Ok(Some(EditablePosting {
        id: r.id,
        status: parse_status(&r.status)?,
        expired: r.end_date < today,
        filled: r.filled,
        form: PostingForm {
            trade: Some(
                TradeCode::parse(&r.trade_code)
                    .ok_or_else(|| corrupt("postings.trade_code", &r.trade_code))?,
            ),
            title: r.title,
            description: r.description,
            requirements: r.requirements,
            bring: r.bring,
            address: r.address,
            location: Some(Point {
                lng: r.lng,
                lat: r.lat,
            }),
            market: r.market,
            pay_cents: Some(r.pay_cents),
            pay_unit: parse_unit(&r.pay_unit)?,
            start_date: Some(r.start_date),
            end_date: Some(r.end_date),
            shift_minutes: Some(r.shift_minutes),
            start_time: r.start_time,
            pay_terms: r
                .pay_terms
                .as_deref()
                .map(|t| PayTerms::parse(t).ok_or_else(|| corrupt("postings.pay_terms", t)))
                .transpose()?,
            headcount: Some(r.headcount),
            tags: r
                .tags
                .iter()
                .map(|t| PostingTag::parse(t).ok_or_else(|| corrupt("postings.tags", t)))
                .collect::<Result<_, _>>()?,
            contact: ContactPreference::parse(&r.contact_preference)
                .ok_or_else(|| corrupt("postings.contact_preference", &r.contact_preference))?,
            client: r
                .client_name
                .zip(r.client_credit_code)
                .map(|(name, credit_code)| crate::model::PostingClient { name, credit_code }),
        },
    }))
}

pub(super) fn parse_status(s: &str) -> Result<PostingStatus, DbError> {
    PostingStatus::parse(s).ok_or_else(|| DbError::Corrupt {
        column: "postings.status",
        value: s.to_owned(),
    })
}

pub(super) fn parse_unit(s: &str) -> Result<PayUnit, DbError> {
    PayUnit::parse(s).ok_or_else(|| DbError::Corrupt {
        column: "postings.pay_unit",
        value: s.to_owned(),
    })
}

/// Whether staff rejected the organisation: a rejected organisation cannot publish.
#[tracing::instrument(skip(conn), err)]
pub async fn organisation_rejected(
    conn: &mut PgConnection,
    employer_id: i64,
) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT coalesce((SELECT verification_status = 'rejected' FROM employers WHERE id = $1), true)",
    )
    .bind(employer_id)
    .fetch_one(conn)
    .await?)
}

/// Whether a market or station exists.
pub async fn market_exists(conn: &mut PgConnection, slug: &str) -> Result<bool, DbError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM markets WHERE slug = $1)")
            .bind(slug)
            .fetch_one(conn)
            .await?,
    )
}

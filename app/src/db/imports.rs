//! Partners' postings pushed as JSON Lines: what a batch of lines already is here, the organisations
//! they name, the gigs already here that they repeat, and the new postings — set at a time, so that
//! a hundred thousand lines take seconds rather than a round trip each.
//!
//! Every function runs inside the caller's transaction: a batch is written whole or not at all.

use chrono::{NaiveDate, NaiveTime};
use sqlx::PgConnection;

use super::DbError;
use crate::model::{CheckedPosting, Point};

/// A partner's line as it stands here already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub external_id: String,
    pub posting_id: i64,
    /// The line made the posting (its later versions change it), rather than being recognised as one
    /// already here.
    pub origin: bool,
    pub content_sha256: Vec<u8>,
    pub employer_id: i64,
    pub employer_credit_code: String,
}

/// The partner's lines among `external_ids` already here, locked until the transaction ends, so that
/// two pushes of the same line one after the other see each other.
#[tracing::instrument(skip(conn, external_ids), fields(lines = external_ids.len()), err)]
pub async fn known(
    conn: &mut PgConnection,
    partner: &str,
    external_ids: &[&str],
) -> Result<Vec<Known>, DbError> {
    let rows: Vec<(String, i64, bool, Vec<u8>, i64, String)> = sqlx::query_as(
        "SELECT pp.external_id, pp.posting_id, pp.origin, pp.content_sha256, p.employer_id, e.credit_code
           FROM partner_postings pp JOIN postings p ON p.id = pp.posting_id
           JOIN employers e ON e.id = p.employer_id
          WHERE pp.partner = $1 AND pp.external_id = ANY($2)
          ORDER BY pp.external_id
            FOR UPDATE OF pp",
    )
    .bind(partner)
    .bind(external_ids)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                external_id,
                posting_id,
                origin,
                content_sha256,
                employer_id,
                employer_credit_code,
            )| {
                Known {
                    external_id,
                    posting_id,
                    origin,
                    content_sha256,
                    employer_id,
                    employer_credit_code,
                }
            },
        )
        .collect())
}

/// The city and district of each point (as [`super::employer_postings::area_of`] finds one), `None`
/// outside the service area; in the points' order.
#[tracing::instrument(skip_all, fields(points = points.len()), err)]
pub async fn areas_of(
    conn: &mut PgConnection,
    points: &[Point],
) -> Result<Vec<Option<(i32, i32)>>, DbError> {
    let lng: Vec<f64> = points.iter().map(|p| p.lng).collect();
    let lat: Vec<f64> = points.iter().map(|p| p.lat).collect();
    let rows: Vec<(i64, i32, i32)> = sqlx::query_as(
        "SELECT l.i, d.city_adcode, d.adcode
           FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS l (lng, lat, i)
          CROSS JOIN LATERAL (
                SELECT d.city_adcode, d.adcode,
                       ST_Distance(d.centre::geography, ST_SetSRID(ST_MakePoint(l.lng, l.lat), 4326)::geography) AS metres
                  FROM districts d
                 WHERE in_service_area(ST_SetSRID(ST_MakePoint(l.lng, l.lat), 4326))
                 ORDER BY d.centre <-> ST_SetSRID(ST_MakePoint(l.lng, l.lat), 4326)
                 LIMIT 1) d
          WHERE d.metres <= $3",
    )
    .bind(&lng)
    .bind(&lat)
    .bind(super::employer_postings::MAX_KM_FROM_DISTRICT * 1000.0)
    .fetch_all(conn)
    .await?;
    let mut areas = vec![None; points.len()];
    for (i, city, district) in rows {
        if let Some(area) = usize::try_from(i - 1).ok().and_then(|i| areas.get_mut(i)) {
            *area = Some((city, district));
        }
    }
    Ok(areas)
}

/// An organisation a partner names: its credit code, its name, and the city of its first posting.
#[derive(Debug, Clone)]
pub struct NamedEmployer<'a> {
    pub credit_code: &'a str,
    pub name: &'a str,
    pub city_adcode: i32,
}

/// An organisation as the import finds or makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Employer {
    pub id: i64,
    /// Staff turned it down: its gigs are not published, whoever brings them.
    pub rejected: bool,
}

/// Finds the organisations by credit code, making those not yet here (awaiting the staff's check,
/// like any organisation that signs up). Takes a lock per organisation until the transaction ends, in
/// credit-code order (no two pushes wait on each other in a circle): two partners bringing the same
/// organisation's gig at once are recognised one after the other, never both made.
#[tracing::instrument(skip_all, fields(employers = named.len()), err)]
pub async fn employers(
    conn: &mut PgConnection,
    named: &[NamedEmployer<'_>],
) -> Result<std::collections::HashMap<String, Employer>, DbError> {
    let mut named: Vec<&NamedEmployer> = named.iter().collect();
    named.sort_by_key(|e| e.credit_code);
    named.dedup_by_key(|e| e.credit_code);
    let codes: Vec<&str> = named.iter().map(|e| e.credit_code).collect();
    let names: Vec<&str> = named.iter().map(|e| e.name).collect();
    let cities: Vec<i32> = named.iter().map(|e| e.city_adcode).collect();
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtext('lingong.import_employer'), hashtext(c))
           FROM unnest($1::text[]) WITH ORDINALITY AS l (c, i) ORDER BY i",
    )
    .bind(&codes)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO employers (credit_code, name, city_adcode)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
         ON CONFLICT (credit_code) DO NOTHING",
    )
    .bind(&codes)
    .bind(&names)
    .bind(&cities)
    .execute(&mut *conn)
    .await?;
    let rows: Vec<(String, i64, bool)> = sqlx::query_as(
        "SELECT credit_code, id, verification_status = 'rejected' FROM employers WHERE credit_code = ANY($1)",
    )
    .bind(&codes)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, id, rejected)| (code, Employer { id, rejected }))
        .collect())
}

/// A new line's gig, to be recognised or made.
#[derive(Debug, Clone)]
pub struct NewGig<'a> {
    pub employer_id: i64,
    pub posting: &'a CheckedPosting,
    pub area: (i32, i32),
}

/// For each gig, a live posting already here that is the same gig — the same organisation and trade,
/// within 500 m, dates overlapping — and that this partner does not carry yet (its own lines are its
/// own gigs, however alike); `None` where there is none. In the gigs' order.
#[tracing::instrument(skip_all, fields(gigs = gigs.len()), err)]
pub async fn same_gigs(
    conn: &mut PgConnection,
    partner: &str,
    gigs: &[NewGig<'_>],
) -> Result<Vec<Option<i64>>, DbError> {
    let employers: Vec<i64> = gigs.iter().map(|g| g.employer_id).collect();
    let trades: Vec<&str> = gigs.iter().map(|g| g.posting.trade.as_str()).collect();
    let starts: Vec<NaiveDate> = gigs.iter().map(|g| g.posting.start_date).collect();
    let ends: Vec<NaiveDate> = gigs.iter().map(|g| g.posting.end_date).collect();
    let lng: Vec<f64> = gigs.iter().map(|g| g.posting.location.lng).collect();
    let lat: Vec<f64> = gigs.iter().map(|g| g.posting.location.lat).collect();
    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.i, (
                SELECT p.id FROM postings p
                 WHERE p.employer_id = l.employer AND p.trade_code = l.trade
                   AND p.status IN ('open', 'paused', 'filled')
                   AND p.start_date <= l.end_date AND p.end_date >= l.start_date
                   -- A box of 0.01° (over 900 m at Jiangsu's latitudes) first: the distance on the
                   -- sphere is the dearest test, and most of an organisation's postings are far off.
                   AND abs(ST_X(p.location) - l.lng) < 0.01 AND abs(ST_Y(p.location) - l.lat) < 0.01
                   AND ST_DWithin(p.location::geography,
                                  ST_SetSRID(ST_MakePoint(l.lng, l.lat), 4326)::geography, 500)
                   AND NOT EXISTS (SELECT 1 FROM partner_postings pp
                                    WHERE pp.posting_id = p.id AND pp.partner = $1)
                 ORDER BY p.id LIMIT 1)
           FROM unnest($2::bigint[], $3::text[], $4::date[], $5::date[], $6::float8[], $7::float8[])
                WITH ORDINALITY AS l (employer, trade, start_date, end_date, lng, lat, i)",
    )
    .bind(partner)
    .bind(&employers)
    .bind(&trades)
    .bind(&starts)
    .bind(&ends)
    .bind(&lng)
    .bind(&lat)
    .fetch_all(conn)
    .await?;
    let mut same = vec![None; gigs.len()];
    for (i, posting) in rows {
        if let Some(slot) = usize::try_from(i - 1).ok().and_then(|i| same.get_mut(i)) {
            *slot = posting;
        }
    }
    Ok(same)
}

/// Publishes the gigs as new postings (applications through the platform); their ids, in order.
/// The ids are drawn first so that each line knows its posting without relying on the order an
/// `INSERT … RETURNING` happens to answer in.
#[tracing::instrument(skip_all, fields(gigs = gigs.len()), err)]
pub async fn publish(conn: &mut PgConnection, gigs: &[NewGig<'_>]) -> Result<Vec<i64>, DbError> {
    if gigs.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('postings', 'id')) FROM generate_series(1, $1)",
    )
    .bind(gigs.len() as i64)
    .fetch_all(&mut *conn)
    .await?;
    let column = |f: fn(&CheckedPosting) -> String| -> Vec<String> {
        gigs.iter().map(|g| f(g.posting)).collect()
    };
    let employers: Vec<i64> = gigs.iter().map(|g| g.employer_id).collect();
    let markets: Vec<Option<&str>> = gigs.iter().map(|g| g.posting.market.as_deref()).collect();
    let lng: Vec<f64> = gigs.iter().map(|g| g.posting.location.lng).collect();
    let lat: Vec<f64> = gigs.iter().map(|g| g.posting.location.lat).collect();
    let cities: Vec<i32> = gigs.iter().map(|g| g.area.0).collect();
    let districts: Vec<i32> = gigs.iter().map(|g| g.area.1).collect();
    let pay: Vec<i32> = gigs.iter().map(|g| g.posting.pay_cents).collect();
    let starts: Vec<NaiveDate> = gigs.iter().map(|g| g.posting.start_date).collect();
    let ends: Vec<NaiveDate> = gigs.iter().map(|g| g.posting.end_date).collect();
    let shifts: Vec<i16> = gigs.iter().map(|g| g.posting.shift_minutes).collect();
    let headcounts: Vec<i16> = gigs.iter().map(|g| g.posting.headcount).collect();
    let start_times: Vec<NaiveTime> = gigs.iter().map(|g| g.posting.start_time).collect();
    // A list per row does not pass through unnest: the tags go as one comma-separated text each.
    let tags = column(|p| {
        p.tags
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    });
    // The batch is stamped as it is written, under the publication lock held to the commit (migration
    // 11's rule: a stamp is taken only after every earlier one is visible). Stamped by the commit
    // trigger instead, each posting would be written a second time as the batch commits — more than
    // the insert itself costs.
    sqlx::query("SELECT pg_advisory_xact_lock(publication_lock_key())")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO postings (id, employer_id, trade_code, market_id, title, description, requirements,
                               address, location, city_adcode, district_adcode, pay_cents, pay_unit,
                               start_date, end_date, shift_minutes, headcount, tags, contact_preference,
                               start_time, pay_terms, bring, status, published_at)
         OVERRIDING SYSTEM VALUE
         SELECT l.id, l.employer, l.trade, m.id, l.title, l.description, l.requirements,
                l.address, ST_SetSRID(ST_MakePoint(l.lng, l.lat), 4326), l.city, l.district, l.pay, l.pay_unit,
                l.start_date, l.end_date, l.shift, l.headcount,
                coalesce(string_to_array(nullif(l.tags, ''), ','), '{}'), 'platform',
                l.start_time, l.pay_terms, l.bring, 'open', clock_timestamp()
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $8::text[], $9::float8[], $10::float8[], $11::int[], $12::int[],
                       $13::int[], $14::text[], $15::date[], $16::date[], $17::smallint[],
                       $18::smallint[], $19::text[], $20::time[], $21::text[], $22::text[])
                AS l (id, employer, trade, market, title, description, requirements, address, lng, lat,
                      city, district, pay, pay_unit, start_date, end_date, shift, headcount, tags,
                      start_time, pay_terms, bring)
           LEFT JOIN markets m ON m.slug = l.market",
    )
    .bind(&ids)
    .bind(&employers)
    .bind(column(|p| p.trade.as_str().to_owned()))
    .bind(&markets)
    .bind(column(|p| p.title.clone()))
    .bind(column(|p| p.description.clone()))
    .bind(column(|p| p.requirements.clone()))
    .bind(column(|p| p.address.clone()))
    .bind(&lng)
    .bind(&lat)
    .bind(&cities)
    .bind(&districts)
    .bind(&pay)
    .bind(column(|p| p.pay_unit.as_str().to_owned()))
    .bind(&starts)
    .bind(&ends)
    .bind(&shifts)
    .bind(&headcounts)
    .bind(&tags)
    .bind(&start_times)
    .bind(column(|p| p.pay_terms.as_str().to_owned()))
    .bind(column(|p| p.bring.clone()))
    .execute(&mut *conn)
    .await?;
    super::map::add_postings_to_cells(&mut *conn, &ids).await?;
    sqlx::query(
        "INSERT INTO alert_queue (posting_id) SELECT unnest($1::bigint[]) ON CONFLICT (posting_id) DO NOTHING",
    )
    .bind(&ids)
    .execute(&mut *conn)
    .await?;
    Ok(ids)
}

/// A partner's line to remember: the posting it is, whether it made it, and its content's hash.
#[derive(Debug, Clone)]
pub struct Carried<'a> {
    pub external_id: &'a str,
    pub posting_id: i64,
    pub origin: bool,
    pub content_sha256: &'a [u8],
}

/// Remembers new lines of the partner.
#[tracing::instrument(skip(conn, lines), fields(lines = lines.len()), err)]
pub async fn remember(
    conn: &mut PgConnection,
    partner: &str,
    lines: &[Carried<'_>],
) -> Result<(), DbError> {
    if lines.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = lines.iter().map(|l| l.external_id).collect();
    let postings: Vec<i64> = lines.iter().map(|l| l.posting_id).collect();
    let origins: Vec<bool> = lines.iter().map(|l| l.origin).collect();
    let hashes: Vec<&[u8]> = lines.iter().map(|l| l.content_sha256).collect();
    sqlx::query(
        "INSERT INTO partner_postings (partner, external_id, posting_id, origin, content_sha256)
         SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bool[], $5::bytea[])",
    )
    .bind(partner)
    .bind(&ids)
    .bind(&postings)
    .bind(&origins)
    .bind(&hashes)
    .execute(conn)
    .await?;
    Ok(())
}

/// Notes the partner's latest version of a line already here.
#[tracing::instrument(skip(conn, content_sha256), err)]
pub async fn revised(
    conn: &mut PgConnection,
    partner: &str,
    external_id: &str,
    content_sha256: &[u8],
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE partner_postings SET content_sha256 = $3 WHERE partner = $1 AND external_id = $2",
    )
    .bind(partner)
    .bind(external_id)
    .bind(content_sha256)
    .execute(conn)
    .await?;
    Ok(())
}

/// The trade codes and the markets' short names a line may name, read once per push.
#[tracing::instrument(skip(pool), err)]
pub async fn vocabulary(
    pool: &sqlx::PgPool,
) -> Result<
    (
        std::collections::HashSet<String>,
        std::collections::HashSet<String>,
    ),
    DbError,
> {
    let trades: Vec<String> = sqlx::query_scalar("SELECT code FROM trades")
        .fetch_all(pool)
        .await?;
    let markets: Vec<String> = sqlx::query_scalar("SELECT slug FROM markets")
        .fetch_all(pool)
        .await?;
    Ok((trades.into_iter().collect(), markets.into_iter().collect()))
}

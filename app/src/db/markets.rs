//! Markets and stations (零工市场 / 零工驿站).

use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

use super::DbError;
use crate::model::{
    Amenity, BoardPlace, MarketDetail, MarketKind, MarketService, MarketServicesForm,
    MarketSummary, Point, ServedMarket, StaffScope,
};

#[derive(sqlx::FromRow)]
pub(super) struct MarketSummaryRow {
    slug: String,
    name: String,
    kind: String,
    city_name: String,
    district_name: Option<String>,
    address: String,
    lng: f64,
    lat: f64,
    location_approximate: bool,
    distance_m: Option<i32>,
    services: Vec<String>,
    amenities: Vec<String>,
}

/// The codes of a vocabulary read back.
fn vocabulary<T>(
    codes: Vec<String>,
    column: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Vec<T>, DbError> {
    codes
        .into_iter()
        .map(|code| super::stored(code, column, parse))
        .collect()
}

impl TryFrom<MarketSummaryRow> for MarketSummary {
    type Error = DbError;
    fn try_from(row: MarketSummaryRow) -> Result<Self, DbError> {
        Ok(MarketSummary {
            kind: MarketKind::parse(&row.kind).ok_or(DbError::Corrupt {
                column: "markets.kind",
                value: row.kind,
            })?,
            slug: row.slug,
            name: row.name,
            city_name: row.city_name,
            district_name: row.district_name,
            address: row.address,
            location: Point {
                lng: row.lng,
                lat: row.lat,
            },
            location_approximate: row.location_approximate,
            distance_m: row.distance_m.and_then(|d| u32::try_from(d).ok()),
            services: vocabulary(row.services, "markets.services", MarketService::parse)?,
            amenities: vocabulary(row.amenities, "markets.amenities", Amenity::parse)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MarketDetailRow {
    #[sqlx(flatten)]
    summary: MarketSummaryRow,
    specialty: Option<String>,
    opening_hours: Option<String>,
    phone: Option<String>,
    description: String,
    city_adcode: i32,
    labour_hotline: String,
}

/// `distance` is the SQL of the distance column (a bound point, or NULL).
fn select(
    distance: impl FnOnce(&mut QueryBuilder<'_, Postgres>),
) -> QueryBuilder<'static, Postgres> {
    let mut qb = QueryBuilder::new(
        "SELECT m.slug, m.name, m.kind, c.name AS city_name, d.name AS district_name, m.address,
                ST_X(m.location) AS lng, ST_Y(m.location) AS lat, m.location_approximate,
                m.services, m.amenities, ",
    );
    distance(&mut qb);
    qb.push(
        "  AS distance_m, m.specialty, m.opening_hours, m.phone, m.description,
                m.city_adcode, c.labour_hotline
           FROM markets m
           JOIN cities c ON c.adcode = m.city_adcode
           LEFT JOIN districts d ON d.adcode = m.district_adcode",
    );
    qb
}

fn distance_from(point: Option<Point>) -> impl FnOnce(&mut QueryBuilder<'_, Postgres>) {
    move |qb| match point {
        Some(p) => {
            qb.push("ST_Distance(m.location::geography, ST_SetSRID(ST_MakePoint(")
                .push_bind(p.lng)
                .push(", ")
                .push_bind(p.lat)
                .push("), 4326)::geography)::integer");
        }
        None => {
            qb.push("NULL::integer");
        }
    }
}

/// All markets, or those offering a service: nearest first when a point is given, else by city and
/// kind.
#[tracing::instrument(skip(pool), err)]
pub async fn list(
    pool: &PgPool,
    near: Option<Point>,
    offering: Option<MarketService>,
) -> Result<Vec<MarketSummary>, DbError> {
    let mut qb = select(distance_from(near));
    if let Some(service) = offering {
        qb.push(" WHERE m.services @> ARRAY[")
            .push_bind(service.code())
            .push("]::text[]");
    }
    qb.push(match near {
        Some(_) => " ORDER BY distance_m, m.id",
        None => " ORDER BY m.city_adcode, array_position(ARRAY['province','city','district','specialised','station'], m.kind), m.id",
    });
    let rows: Vec<MarketDetailRow> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|row| MarketSummary::try_from(row.summary))
        .collect()
}

#[tracing::instrument(skip(pool), err)]
pub async fn find(pool: &PgPool, slug: &str) -> Result<Option<MarketDetail>, DbError> {
    let mut qb = select(distance_from(None));
    qb.push(" WHERE m.slug = ").push_bind(slug.to_owned());
    let row: Option<MarketDetailRow> = qb.build_query_as().fetch_optional(pool).await?;
    row.map(|row| {
        Ok(MarketDetail {
            summary: MarketSummary::try_from(row.summary)?,
            specialty: row.specialty,
            opening_hours: row.opening_hours,
            phone: row.phone,
            description: row.description,
            city_adcode: row.city_adcode,
            labour_hotline: row.labour_hotline,
        })
    })
    .transpose()
}

/// The market or station closest to a point, with its distance.
#[tracing::instrument(skip(pool), err)]
pub async fn nearest(pool: &PgPool, point: Point) -> Result<Option<MarketSummary>, DbError> {
    let mut qb = select(distance_from(Some(point)));
    // `<->` walks the GiST index; the handful of markets makes the degree-space order good enough.
    qb.push(" ORDER BY m.location <-> ST_SetSRID(ST_MakePoint(")
        .push_bind(point.lng)
        .push(", ")
        .push_bind(point.lat)
        .push("), 4326) LIMIT 1");
    let row: Option<MarketDetailRow> = qb.build_query_as().fetch_optional(pool).await?;
    row.map(|row| MarketSummary::try_from(row.summary))
        .transpose()
}

/// The markets staff of `scope` serve (a market's staff: theirs; others: every market in their area),
/// by city and kind.
#[tracing::instrument(skip(pool), err)]
pub async fn served(
    pool: &PgPool,
    scope: Option<StaffScope>,
) -> Result<Vec<ServedMarket>, DbError> {
    let (city, district, market) = super::organisations::market_scope_filter(scope);
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT slug, name, kind FROM markets
          WHERE ($1::int IS NULL OR city_adcode = $1)
            AND ($2::int IS NULL OR district_adcode = $2)
            AND ($3::int IS NULL OR id = $3)
          ORDER BY city_adcode, array_position(ARRAY['province','city','district','specialised','station'], kind), id",
    )
    .bind(city)
    .bind(district)
    .bind(market)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(slug, name, kind)| {
            Ok(ServedMarket {
                kind: MarketKind::parse(&kind).ok_or(DbError::Corrupt {
                    column: "markets.kind",
                    value: kind,
                })?,
                slug,
                name,
            })
        })
        .collect()
}

/// A market as staff edit it: its id, where it is (who may edit it) and what staff edit. With `lock`,
/// the row stays locked until the transaction ends, so saves at the same moment land one after another.
#[tracing::instrument(skip(conn), err)]
pub async fn for_editing(
    conn: &mut PgConnection,
    slug: &str,
    lock: bool,
) -> Result<Option<(i32, BoardPlace, MarketServicesForm)>, DbError> {
    let sql = "SELECT id, city_adcode, district_adcode, slug, name, opening_hours, phone, services, amenities
                 FROM markets WHERE slug = $1";
    let row: Option<EditRow> = sqlx::query_as(&if lock {
        format!("{sql} FOR UPDATE")
    } else {
        sql.to_owned()
    })
    .bind(slug)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok((
            row.id,
            BoardPlace {
                city_adcode: Some(row.city_adcode),
                district_adcode: row.district_adcode,
                market_id: Some(row.id),
            },
            MarketServicesForm {
                slug: row.slug,
                name: row.name,
                opening_hours: row.opening_hours.unwrap_or_default(),
                phone: row.phone.unwrap_or_default(),
                services: vocabulary(row.services, "markets.services", MarketService::parse)?,
                amenities: vocabulary(row.amenities, "markets.amenities", Amenity::parse)?,
            },
        ))
    })
    .transpose()
}

#[derive(sqlx::FromRow)]
struct EditRow {
    id: i32,
    city_adcode: i32,
    district_adcode: Option<i32>,
    slug: String,
    name: String,
    opening_hours: Option<String>,
    phone: Option<String>,
    services: Vec<String>,
    amenities: Vec<String>,
}

/// Writes what staff edited (checked by the caller; the database checks the vocabulary and the phone
/// again). Empty hours or phone are kept as unknown.
#[tracing::instrument(skip(conn, form), err)]
pub async fn save_services(
    conn: &mut PgConnection,
    market_id: i32,
    form: &MarketServicesForm,
) -> Result<(), DbError> {
    let codes = |items: Vec<&'static str>| items.into_iter().map(str::to_owned).collect::<Vec<_>>();
    sqlx::query(
        "UPDATE markets SET opening_hours = NULLIF($2, ''), phone = NULLIF($3, ''), services = $4, amenities = $5
          WHERE id = $1",
    )
    .bind(market_id)
    .bind(&form.opening_hours)
    .bind(&form.phone)
    .bind(codes(form.services.iter().map(|s| s.code()).collect()))
    .bind(codes(form.amenities.iter().map(|a| a.code()).collect()))
    .execute(conn)
    .await?;
    Ok(())
}

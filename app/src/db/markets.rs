//! Markets and stations (零工市场 / 零工驿站).

use sqlx::{PgPool, Postgres, QueryBuilder};

use super::DbError;
use crate::model::{MarketDetail, MarketKind, MarketSummary, Point};

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
        })
    }
}

#[derive(sqlx::FromRow)]
struct MarketDetailRow {
    #[sqlx(flatten)]
    summary: MarketSummaryRow,
    specialty: Option<String>,
    opening_hours: Option<String>,
    services: Vec<String>,
    amenities: Vec<String>,
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
                ST_X(m.location) AS lng, ST_Y(m.location) AS lat, m.location_approximate, ",
    );
    distance(&mut qb);
    qb.push(
        " AS distance_m, m.specialty, m.opening_hours, m.services, m.amenities, m.phone, m.description,
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

/// All markets: nearest first when a point is given, else by city and kind.
#[tracing::instrument(skip(pool), err)]
pub async fn list(pool: &PgPool, near: Option<Point>) -> Result<Vec<MarketSummary>, DbError> {
    let mut qb = select(distance_from(near));
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
            services: row.services,
            amenities: row.amenities,
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

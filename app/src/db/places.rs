//! Cities and districts.

use sqlx::PgPool;

use super::DbError;
use crate::model::{City, District, KnownStreet, Point};

#[derive(sqlx::FromRow)]
struct CityRow {
    adcode: i32,
    name: String,
    labour_hotline: String,
    rights_office_address: Option<String>,
    lng: f64,
    lat: f64,
}

#[derive(sqlx::FromRow)]
struct DistrictRow {
    adcode: i32,
    city_adcode: i32,
    name: String,
    lng: f64,
    lat: f64,
}

/// Every city with its districts, in administrative-code order.
#[tracing::instrument(skip(pool), err)]
pub async fn cities(pool: &PgPool) -> Result<Vec<City>, DbError> {
    let cities: Vec<CityRow> = sqlx::query_as(
        "SELECT adcode, name, labour_hotline, rights_office_address, ST_X(centre) AS lng, ST_Y(centre) AS lat
           FROM cities ORDER BY adcode",
    )
    .fetch_all(pool)
    .await?;
    let districts: Vec<DistrictRow> = sqlx::query_as(
        "SELECT adcode, city_adcode, name, ST_X(centre) AS lng, ST_Y(centre) AS lat FROM districts ORDER BY adcode",
    )
    .fetch_all(pool)
    .await?;
    Ok(cities
        .into_iter()
        .map(|city| City {
            districts: districts
                .iter()
                .filter(|d| d.city_adcode == city.adcode)
                .map(|d| District {
                    adcode: d.adcode,
                    name: d.name.clone(),
                    centre: Point {
                        lng: d.lng,
                        lat: d.lat,
                    },
                })
                .collect(),
            adcode: city.adcode,
            name: city.name,
            labour_hotline: city.labour_hotline,
            rights_office_address: city.rights_office_address,
            centre: Point {
                lng: city.lng,
                lat: city.lat,
            },
        })
        .collect())
}

/// Whether `district` is a district of `city` (and `city` a city): the check behind every place picker.
#[tracing::instrument(skip(conn))]
pub async fn place_exists(
    conn: &mut sqlx::PgConnection,
    city: i32,
    district: Option<i32>,
) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM cities WHERE adcode = $1)
            AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM districts WHERE adcode = $2 AND city_adcode = $1))",
    )
    .bind(city)
    .bind(district)
    .fetch_one(conn)
    .await?)
}

#[derive(sqlx::FromRow)]
struct StreetRow {
    city: String,
    district: Option<String>,
    postings: i64,
    lng: f64,
    lat: f64,
}

/// A street as the open postings' addresses know it, in each district where they name it: where on the
/// map (the middle of those postings) and how many there are. The likeliest first.
#[tracing::instrument(skip(pool), err)]
pub async fn streets(pool: &PgPool, street: &str) -> Result<Vec<KnownStreet>, DbError> {
    let pattern = format!(
        "%{}%",
        street
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows: Vec<StreetRow> = sqlx::query_as(
        "SELECT c.name AS city, d.name AS district, count(*) AS postings,
                ST_X(ST_Centroid(ST_Collect(p.location))) AS lng,
                ST_Y(ST_Centroid(ST_Collect(p.location))) AS lat
           FROM postings p
           JOIN cities c ON c.adcode = p.city_adcode
           LEFT JOIN districts d ON d.adcode = p.district_adcode
          WHERE p.status = 'open'
            AND p.address_grams @> (SELECT lingong_grams($1))
            AND p.address LIKE $2
          GROUP BY c.name, d.name
          ORDER BY count(*) DESC, c.name, d.name
          LIMIT $3",
    )
    .bind(street)
    .bind(pattern)
    .bind(STREETS_LISTED)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(KnownStreet {
                area: format!("{}{}", r.city, r.district.unwrap_or_default()),
                point: Point::new(r.lng, r.lat)?,
                postings: r.postings,
            })
        })
        .collect())
}

/// At most this many districts for one street.
const STREETS_LISTED: i64 = 5;

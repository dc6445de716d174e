//! Cities and districts.

use sqlx::PgPool;

use super::DbError;
use crate::model::{City, District, Point};

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

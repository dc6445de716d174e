//! Reference data shipped with the server (`server/data/*.csv`): Jiangsu's cities and districts, the trade
//! taxonomy and the markets the province names. Loaded on every start, idempotently.
//!
//! Cities, districts and trades belong to the code and are brought up to date on every start (except the
//! rights office address, which city staff maintain). Markets are only inserted when missing: once a market
//! exists, its staff own its page.

use serde::Deserialize;
use sqlx::{PgPool, Postgres, Transaction};

const CITIES: &str = include_str!("../../data/jiangsu-cities.csv");
const DISTRICTS: &str = include_str!("../../data/jiangsu-districts.csv");
const TRADES: &str = include_str!("../../data/trades.csv");
const MARKETS: &str = include_str!("../../data/markets.csv");

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("the bundled file {file} is malformed: {source}")]
    Csv {
        file: &'static str,
        source: csv::Error,
    },
    #[error("{0}")]
    Database(#[from] sqlx::Error),
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReferenceCounts {
    pub cities: usize,
    pub districts: usize,
    pub trades: usize,
    pub markets: usize,
}

#[derive(Debug, Deserialize)]
pub struct CityRecord {
    pub adcode: i32,
    pub name: String,
    pub area_code: String,
    pub labour_hotline: String,
    pub lng: f64,
    pub lat: f64,
}

#[derive(Debug, Deserialize)]
pub struct DistrictRecord {
    pub adcode: i32,
    pub city_adcode: i32,
    pub name: String,
    pub lng: f64,
    pub lat: f64,
}

#[derive(Debug, Deserialize)]
pub struct TradeRecord {
    pub code: String,
    pub parent_code: Option<String>,
    pub name: String,
    pub name_en: String,
    pub pinyin_initials: String,
    #[serde(deserialize_with = "bar_list")]
    pub synonyms: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct MarketRecord {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub specialty: Option<String>,
    pub district_adcode: i32,
    pub address: String,
    pub lng: f64,
    pub lat: f64,
    pub opening_hours: Option<String>,
    #[serde(deserialize_with = "bar_list")]
    pub services: Vec<String>,
    #[serde(deserialize_with = "bar_list")]
    pub amenities: Vec<String>,
    pub description: Option<String>,
}

/// Lists inside one CSV field are separated by `|`.
fn bar_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let raw = String::deserialize(d)?;
    Ok(raw
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect())
}

fn parse<T: serde::de::DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<Vec<T>, ReferenceError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|source| ReferenceError::Csv { file, source })
}

pub fn cities() -> Result<Vec<CityRecord>, ReferenceError> {
    parse("jiangsu-cities.csv", CITIES)
}
pub fn districts() -> Result<Vec<DistrictRecord>, ReferenceError> {
    parse("jiangsu-districts.csv", DISTRICTS)
}
pub fn trades() -> Result<Vec<TradeRecord>, ReferenceError> {
    parse("trades.csv", TRADES)
}
pub fn markets() -> Result<Vec<MarketRecord>, ReferenceError> {
    parse("markets.csv", MARKETS)
}

/// Loads everything in one transaction: a half-loaded taxonomy would be worse than the old one.
#[tracing::instrument(skip(pool), err)]
pub async fn load(pool: &PgPool) -> Result<ReferenceCounts, ReferenceError> {
    let (cities, districts, trades, markets) = (cities()?, districts()?, trades()?, markets()?);
    let mut tx = pool.begin().await?;
    // Two servers starting at once would otherwise race on the same upserts.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('lingong.reference'))")
        .execute(&mut *tx)
        .await?;
    load_cities(&mut tx, &cities).await?;
    load_districts(&mut tx, &districts).await?;
    load_trades(&mut tx, &trades).await?;
    load_markets(&mut tx, &markets).await?;
    tx.commit().await?;
    Ok(ReferenceCounts {
        cities: cities.len(),
        districts: districts.len(),
        trades: trades.len(),
        markets: markets.len(),
    })
}

async fn load_cities(
    tx: &mut Transaction<'_, Postgres>,
    cities: &[CityRecord],
) -> Result<(), sqlx::Error> {
    for city in cities {
        sqlx::query(
            "INSERT INTO cities (adcode, name, area_code, labour_hotline, centre)
             VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326))
             ON CONFLICT (adcode) DO UPDATE
                SET name = EXCLUDED.name, area_code = EXCLUDED.area_code,
                    labour_hotline = EXCLUDED.labour_hotline, centre = EXCLUDED.centre",
        )
        .bind(city.adcode)
        .bind(&city.name)
        .bind(&city.area_code)
        .bind(&city.labour_hotline)
        .bind(city.lng)
        .bind(city.lat)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn load_districts(
    tx: &mut Transaction<'_, Postgres>,
    districts: &[DistrictRecord],
) -> Result<(), sqlx::Error> {
    for district in districts {
        sqlx::query(
            "INSERT INTO districts (adcode, city_adcode, name, centre)
             VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326))
             ON CONFLICT (adcode) DO UPDATE
                SET city_adcode = EXCLUDED.city_adcode, name = EXCLUDED.name, centre = EXCLUDED.centre",
        )
        .bind(district.adcode)
        .bind(district.city_adcode)
        .bind(&district.name)
        .bind(district.lng)
        .bind(district.lat)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn load_trades(
    tx: &mut Transaction<'_, Postgres>,
    trades: &[TradeRecord],
) -> Result<(), sqlx::Error> {
    // The file lists each sector before its trades, so parents always exist when a child arrives.
    for (position, trade) in trades.iter().enumerate() {
        sqlx::query(
            "INSERT INTO trades (code, parent_code, name, name_en, pinyin_initials, synonyms, sort_order)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (code) DO UPDATE
                SET parent_code = EXCLUDED.parent_code, name = EXCLUDED.name, name_en = EXCLUDED.name_en,
                    pinyin_initials = EXCLUDED.pinyin_initials, synonyms = EXCLUDED.synonyms,
                    sort_order = EXCLUDED.sort_order",
        )
        .bind(&trade.code)
        .bind(trade.parent_code.as_deref())
        .bind(&trade.name)
        .bind(&trade.name_en)
        .bind(&trade.pinyin_initials)
        .bind(&trade.synonyms)
        .bind(position as i32)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn load_markets(
    tx: &mut Transaction<'_, Postgres>,
    markets: &[MarketRecord],
) -> Result<(), sqlx::Error> {
    for market in markets {
        sqlx::query(
            "INSERT INTO markets (slug, name, kind, specialty, city_adcode, district_adcode, address, location,
                                  location_approximate, opening_hours, services, amenities, description)
             VALUES ($1, $2, $3, $4, $5 / 100 * 100, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326),
                     true, $9, $10, $11, COALESCE($12, ''))
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(&market.slug)
        .bind(&market.name)
        .bind(&market.kind)
        .bind(market.specialty.as_deref())
        .bind(market.district_adcode)
        .bind(&market.address)
        .bind(market.lng)
        .bind(market.lat)
        .bind(market.opening_hours.as_deref())
        .bind(&market.services)
        .bind(&market.amenities)
        .bind(market.description.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_files_parse_and_cover_the_province() {
        let cities = cities().unwrap();
        assert_eq!(cities.len(), 13, "Jiangsu has 13 prefecture-level cities");
        let districts = districts().unwrap();
        assert!(districts.len() >= 90);
        for d in &districts {
            assert!(
                cities.iter().any(|c| c.adcode == d.city_adcode),
                "{} has no city",
                d.name
            );
        }
        let markets = markets().unwrap();
        assert_eq!(markets.len(), 18);
        for m in &markets {
            assert!(
                districts.iter().any(|d| d.adcode == m.district_adcode),
                "{} has no district",
                m.name
            );
        }
    }

    #[test]
    fn the_trades_the_province_names_are_in_the_taxonomy() {
        let trades = trades().unwrap();
        let names: Vec<&str> = trades.iter().map(|t| t.name.as_str()).collect();
        for named in [
            "帮厨",
            "普工",
            "育婴师",
            "兼职直播带货",
            "车辆秩序员",
            "快递员",
            "网约车司机",
            "网约配送员",
            "整理收纳师",
            "数控车床操作工",
            "消防设施操作员",
            "家政服务",
            "建筑工种",
        ] {
            assert!(names.contains(&named), "{named} is missing");
        }
        let kitchen = trades.iter().find(|t| t.name == "帮厨").unwrap();
        assert!(kitchen.synonyms.iter().any(|s| s == "切配"));
        for (i, trade) in trades.iter().enumerate() {
            if let Some(parent) = &trade.parent_code {
                assert!(
                    trades[..i].iter().any(|t| &t.code == parent),
                    "{} comes before its sector",
                    trade.code
                );
            }
        }
    }

    #[sqlx::test(migrations = "./migrations")]
    async fn loading_twice_changes_nothing(pool: PgPool) {
        let first = load(&pool).await.unwrap();
        let second = load(&pool).await.unwrap();
        assert_eq!(first, second);
        let markets: i64 = sqlx::query_scalar("SELECT count(*) FROM markets")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(markets, 18);
        let approximate: i64 =
            sqlx::query_scalar("SELECT count(*) FROM markets WHERE location_approximate")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(
            approximate, 18,
            "seed locations are approximate and must say so"
        );
    }

    #[sqlx::test(migrations = "./migrations")]
    async fn staff_edits_to_a_market_survive_a_restart(pool: PgPool) {
        load(&pool).await.unwrap();
        sqlx::query(
            "UPDATE markets SET opening_hours = '每天 6:00-18:00' WHERE slug = 'js-province'",
        )
        .execute(&pool)
        .await
        .unwrap();
        load(&pool).await.unwrap();
        let hours: Option<String> =
            sqlx::query_scalar("SELECT opening_hours FROM markets WHERE slug = 'js-province'")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(hours.as_deref(), Some("每天 6:00-18:00"));
    }
}

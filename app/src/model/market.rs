use serde::{Deserialize, Serialize};

use super::Point;

/// What kind of place a market is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarketKind {
    /// 省级零工市场
    Province,
    /// 市级零工市场
    City,
    /// 区县零工市场
    District,
    /// 零工驿站
    Station,
    /// 专业零工市场 (construction, household services, disabled workers, former fishermen)
    Specialised,
}

impl MarketKind {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "province" => MarketKind::Province,
            "city" => MarketKind::City,
            "district" => MarketKind::District,
            "station" => MarketKind::Station,
            "specialised" => MarketKind::Specialised,
            _ => return None,
        })
    }
}

/// A market or station (零工市场 / 零工驿站) as lists and the map show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketSummary {
    pub slug: String,
    pub name: String,
    pub kind: MarketKind,
    pub city_name: String,
    pub district_name: Option<String>,
    pub address: String,
    pub location: Point,
    /// The location is only known to district or street level.
    pub location_approximate: bool,
    pub distance_m: Option<u32>,
}

/// Everything a market's page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketDetail {
    pub summary: MarketSummary,
    pub specialty: Option<String>,
    pub opening_hours: Option<String>,
    pub services: Vec<String>,
    pub amenities: Vec<String>,
    pub phone: Option<String>,
    pub description: String,
    pub city_adcode: i32,
    pub labour_hotline: String,
}

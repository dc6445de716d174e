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
    pub const ALL: [MarketKind; 5] = [
        MarketKind::Province,
        MarketKind::City,
        MarketKind::District,
        MarketKind::Station,
        MarketKind::Specialised,
    ];

    /// The database's code.
    pub fn as_str(self) -> &'static str {
        match self {
            MarketKind::Province => "province",
            MarketKind::City => "city",
            MarketKind::District => "district",
            MarketKind::Station => "station",
            MarketKind::Specialised => "specialised",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Whether `s` has a market's short name's shape (`sq-siyang`): 1–60 lower-case letters, digits and
/// hyphens. Anything else cannot name a market and is not looked up.
pub fn is_market_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
    pub services: Vec<MarketService>,
    pub amenities: Vec<Amenity>,
}

/// Everything a market's page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketDetail {
    pub summary: MarketSummary,
    pub specialty: Option<String>,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub description: String,
    pub city_adcode: i32,
    pub labour_hotline: String,
}

/// A public employment service a market or station offers (服务项目). The codes are the database's
/// vocabulary (`lingong_market_services()`), in the order pages list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarketService {
    /// 职业介绍
    JobReferral,
    /// 职业指导
    CareerGuidance,
    /// 政策咨询
    PolicyAdvice,
    /// 就业登记
    EmploymentRegistration,
    /// 技能培训
    SkillsTraining,
    /// 权益维护
    RightsProtection,
    /// 法律援助
    LegalAid,
    /// 争议调解
    DisputeMediation,
    /// 现场招聘
    OnSiteHiring,
    /// 就业援助: help for groups that find work hard (disabled workers, former fishermen …)
    EmploymentAssistance,
    /// 劳务协作: work arranged with other regions
    LabourCooperation,
}

impl MarketService {
    pub const ALL: [MarketService; 11] = [
        MarketService::JobReferral,
        MarketService::CareerGuidance,
        MarketService::PolicyAdvice,
        MarketService::EmploymentRegistration,
        MarketService::SkillsTraining,
        MarketService::RightsProtection,
        MarketService::LegalAid,
        MarketService::DisputeMediation,
        MarketService::OnSiteHiring,
        MarketService::EmploymentAssistance,
        MarketService::LabourCooperation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MarketService::JobReferral => "job_referral",
            MarketService::CareerGuidance => "career_guidance",
            MarketService::PolicyAdvice => "policy_advice",
            MarketService::EmploymentRegistration => "employment_registration",
            MarketService::SkillsTraining => "skills_training",
            MarketService::RightsProtection => "rights_protection",
            MarketService::LegalAid => "legal_aid",
            MarketService::DisputeMediation => "dispute_mediation",
            MarketService::OnSiteHiring => "on_site_hiring",
            MarketService::EmploymentAssistance => "employment_assistance",
            MarketService::LabourCooperation => "labour_cooperation",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Something a station offers a worker waiting for work (便民设施), in the database's vocabulary
/// (`lingong_market_amenities()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amenity {
    /// 饮水
    DrinkingWater,
    /// 充电
    Charging,
    /// 急救药箱
    FirstAid,
    /// 休息 (候工休息区)
    RestArea,
    /// 午餐
    Lunch,
    /// 住宿 (some stations lodge newcomers free for a week)
    Lodging,
    /// 卫生间
    Toilet,
    /// 无障碍设施
    Accessible,
    /// 培训场地
    TrainingRoom,
}

impl Amenity {
    pub const ALL: [Amenity; 9] = [
        Amenity::DrinkingWater,
        Amenity::Charging,
        Amenity::FirstAid,
        Amenity::RestArea,
        Amenity::Lunch,
        Amenity::Lodging,
        Amenity::Toilet,
        Amenity::Accessible,
        Amenity::TrainingRoom,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Amenity::DrinkingWater => "drinking_water",
            Amenity::Charging => "charging",
            Amenity::FirstAid => "first_aid",
            Amenity::RestArea => "rest_area",
            Amenity::Lunch => "lunch",
            Amenity::Lodging => "lodging",
            Amenity::Toilet => "toilet",
            Amenity::Accessible => "accessible",
            Amenity::TrainingRoom => "training_room",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// The longest opening hours a market shows ("周一至周六 8:00–17:00，节假日休息").
pub const OPENING_HOURS_MAX_CHARS: usize = 200;

/// What staff edit of a market or station: how to reach it and what it offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketServicesForm {
    pub slug: String,
    pub name: String,
    pub opening_hours: String,
    pub phone: String,
    pub services: Vec<MarketService>,
    pub amenities: Vec<Amenity>,
}

/// A market staff serve, as the staff desk lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServedMarket {
    pub slug: String,
    pub name: String,
    pub kind: MarketKind,
}

/// A market's phone as the database keeps it: a landline with its area code (025-83271234), a mobile
/// number, or 12333. Spaces are forgiven; anything else is `None`.
pub fn parse_market_phone(raw: &str) -> Option<String> {
    let phone: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = match phone.split_once('-') {
        Some((area, number)) => {
            area.starts_with('0')
                && (3..=4).contains(&area.len())
                && digits(area)
                && (7..=8).contains(&number.len())
                && digits(number)
        }
        None => {
            phone == "12333"
                || (phone.len() == 11
                    && digits(&phone)
                    && phone.starts_with('1')
                    && (b'3'..=b'9').contains(&phone.as_bytes()[1]))
        }
    };
    ok.then_some(phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_codes_round_trip() {
        for s in MarketService::ALL {
            assert_eq!(MarketService::parse(s.code()), Some(s));
        }
        for a in Amenity::ALL {
            assert_eq!(Amenity::parse(a.code()), Some(a));
        }
        assert_eq!(MarketService::parse("职业介绍"), None);
    }

    #[test]
    fn market_phones_are_landlines_mobiles_or_12333() {
        assert_eq!(
            parse_market_phone(" 025-8327 1234 ").as_deref(),
            Some("025-83271234")
        );
        assert_eq!(
            parse_market_phone("0512-6523456").as_deref(),
            Some("0512-6523456")
        );
        assert_eq!(
            parse_market_phone("13912345678").as_deref(),
            Some("13912345678")
        );
        assert_eq!(parse_market_phone("12333").as_deref(), Some("12333"));
        for bad in [
            "",
            "25-83271234",
            "025-123",
            "12345678901",
            "1391234567x",
            "<b>025-83271234</b>",
        ] {
            assert_eq!(parse_market_phone(bad), None, "{bad}");
        }
    }
}

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{PayUnit, Point, TradeCode};
use crate::i18n::Lang;

/// Special groups a posting welcomes (特殊群体).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostingTag {
    /// 大龄友好
    OlderFriendly,
    /// 残疾人友好
    DisabledFriendly,
    /// 退捕渔民
    Fisher,
    /// 宝妈宝爸弹性时间
    ParentFlexible,
}

impl PostingTag {
    pub const ALL: [PostingTag; 4] = [
        PostingTag::OlderFriendly,
        PostingTag::DisabledFriendly,
        PostingTag::Fisher,
        PostingTag::ParentFlexible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostingTag::OlderFriendly => "older_friendly",
            PostingTag::DisabledFriendly => "disabled_friendly",
            PostingTag::Fisher => "fisher",
            PostingTag::ParentFlexible => "parent_flexible",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// What a list of postings shows of each one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostingSummary {
    pub id: i64,
    pub title: String,
    pub trade_code: TradeCode,
    pub trade_name: String,
    pub trade_name_en: String,
    pub employer_name: String,
    pub employer_verified: bool,
    pub city_name: String,
    pub district_name: Option<String>,
    pub address: String,
    pub location: Point,
    pub pay_cents: i32,
    pub pay_unit: PayUnit,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub shift_minutes: i16,
    pub headcount: i16,
    pub filled: i16,
    pub tags: Vec<PostingTag>,
}

impl PostingSummary {
    pub fn places_left(&self) -> i16 {
        (self.headcount - self.filled).max(0)
    }

    /// The posting's trade in the page's language.
    pub fn trade_name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.trade_name,
            Lang::En => &self.trade_name_en,
        }
    }
}

/// Where a posting stands for someone reading it today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostingState {
    Open,
    /// Every place is taken (招满).
    Filled,
    /// Paused by the employer.
    Paused,
    Closed,
    /// The last day has passed.
    Expired,
}

/// Everything the posting page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostingDetail {
    pub summary: PostingSummary,
    pub state: PostingState,
    pub description: String,
    pub requirements: String,
    pub city_adcode: i32,
    pub labour_hotline: String,
    pub rights_office_address: Option<String>,
    pub posted_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub nearest_market: Option<super::MarketSummary>,
    /// From the point the person searched around, when the link carried one.
    pub distance_m: Option<u32>,
    /// schema.org JobPosting, built on the server, ready to embed.
    pub json_ld: String,
    /// The page's address at the configured public URL (canonical link, og:url, JSON-LD `url`).
    pub canonical_url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_left_never_goes_negative() {
        let mut posting = sample();
        posting.headcount = 3;
        posting.filled = 1;
        assert_eq!(posting.places_left(), 2);
        posting.filled = 3;
        assert_eq!(posting.places_left(), 0);
    }

    fn sample() -> PostingSummary {
        PostingSummary {
            id: 1,
            title: "帮厨".into(),
            trade_code: TradeCode::parse("kitchen_helper").unwrap(),
            trade_name: "帮厨".into(),
            trade_name_en: "Kitchen helper".into(),
            employer_name: "某餐饮公司".into(),
            employer_verified: true,
            city_name: "南京市".into(),
            district_name: None,
            address: "江宁区".into(),
            location: Point {
                lng: 118.8,
                lat: 31.9,
            },
            pay_cents: 20000,
            pay_unit: PayUnit::Day,
            start_date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            shift_minutes: 480,
            headcount: 1,
            filled: 0,
            tags: vec![],
        }
    }
}

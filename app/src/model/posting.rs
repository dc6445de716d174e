use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{PayUnit, TradeCode};

/// Postings per page of a list.
pub const PAGE_SIZE: i64 = 20;

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
    pub const ALL: [PostingTag; 4] =
        [PostingTag::OlderFriendly, PostingTag::DisabledFriendly, PostingTag::Fisher, PostingTag::ParentFlexible];

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
}

/// Where the next page of a newest-first list starts: postings with a smaller id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingCursor {
    pub before_id: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostingPage {
    /// The day the list is for (China Standard Time).
    pub day: NaiveDate,
    pub items: Vec<PostingSummary>,
    pub next: Option<PostingCursor>,
}

/// The home page's question, "what is open today", as the URL carries it: `?trade=kitchen_helper&before=123`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayQuery {
    /// A trade or a whole sector.
    pub trade: Option<TradeCode>,
    pub before: Option<PostingCursor>,
}

impl TodayQuery {
    /// Reads the URL's parameters. Anything malformed is reported by name, so the page can say which
    /// part of the link was wrong instead of silently showing something else.
    pub fn from_params(trade: Option<&str>, before: Option<&str>) -> Result<Self, &'static str> {
        let trade = match trade.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => Some(TradeCode::parse(t).ok_or("trade")?),
        };
        let before = match before.map(str::trim).filter(|b| !b.is_empty()) {
            None => None,
            Some(b) => match b.parse::<i64>() {
                Ok(id) if id > 0 => Some(PostingCursor { before_id: id }),
                _ => return Err("before"),
            },
        };
        Ok(Self { trade, before })
    }

    /// The URL of this query, for links and client-side navigation.
    pub fn to_url(&self) -> String {
        let mut params = Vec::new();
        if let Some(trade) = &self.trade {
            params.push(format!("trade={trade}"));
        }
        if let Some(cursor) = self.before {
            params.push(format!("before={}", cursor.before_id));
        }
        if params.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{}", params.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_query_round_trips_through_the_url() {
        let query = TodayQuery::from_params(Some("kitchen_helper"), Some("42")).unwrap();
        assert_eq!(query.to_url(), "/?trade=kitchen_helper&before=42");
        assert_eq!(TodayQuery::from_params(None, None).unwrap().to_url(), "/");
        assert_eq!(TodayQuery::from_params(Some(" "), Some("")).unwrap(), TodayQuery::default());
    }

    #[test]
    fn malformed_parameters_are_named() {
        assert_eq!(TodayQuery::from_params(Some("<script>"), None), Err("trade"));
        assert_eq!(TodayQuery::from_params(None, Some("-3")), Err("before"));
        assert_eq!(TodayQuery::from_params(None, Some("abc")), Err("before"));
        assert_eq!(TodayQuery::from_params(None, Some("99999999999999999999999")), Err("before"));
    }

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

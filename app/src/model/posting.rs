use chrono::{NaiveDate, NaiveTime, Timelike};
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

/// When the pay is settled (结算方式): the first thing many day labourers ask after the pay itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayTerms {
    /// 日结: paid at the end of each day.
    Daily,
    /// 周结
    Weekly,
    /// 月结
    Monthly,
    /// 完工结: paid when the job is done.
    OnCompletion,
}

impl PayTerms {
    pub const ALL: [PayTerms; 4] = [
        PayTerms::Daily,
        PayTerms::Weekly,
        PayTerms::Monthly,
        PayTerms::OnCompletion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PayTerms::Daily => "daily",
            PayTerms::Weekly => "weekly",
            PayTerms::Monthly => "monthly",
            PayTerms::OnCompletion => "on_completion",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Its place in [`PayTerms::ALL`]: what the in-memory search keeps of it.
    pub fn position(self) -> u8 {
        self as u8
    }
}

/// The part of the day a shift starts in (上班时段), which is how people search by start time: a night
/// shift suits some and rules out others, the exact minute rarely matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftStart {
    /// 早班: starting from 05:00 to before noon.
    Morning,
    /// 午班: from noon to before 18:00.
    Afternoon,
    /// 晚班/夜班: from 18:00 to before 05:00.
    Evening,
}

impl ShiftStart {
    pub const ALL: [ShiftStart; 3] = [
        ShiftStart::Morning,
        ShiftStart::Afternoon,
        ShiftStart::Evening,
    ];

    /// Where each part begins, in minutes after midnight; the database's `lingong_shift_start` says
    /// the same (migration 19).
    pub const MORNING_FROM: u16 = 5 * 60;
    pub const AFTERNOON_FROM: u16 = 12 * 60;
    pub const EVENING_FROM: u16 = 18 * 60;

    pub fn as_str(self) -> &'static str {
        match self {
            ShiftStart::Morning => "morning",
            ShiftStart::Afternoon => "afternoon",
            ShiftStart::Evening => "evening",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The part of the day a shift starting `minute` minutes after midnight belongs to.
    pub fn of_minute(minute: u16) -> ShiftStart {
        match minute {
            m if (Self::MORNING_FROM..Self::AFTERNOON_FROM).contains(&m) => ShiftStart::Morning,
            m if (Self::AFTERNOON_FROM..Self::EVENING_FROM).contains(&m) => ShiftStart::Afternoon,
            _ => ShiftStart::Evening,
        }
    }

    pub fn of(time: NaiveTime) -> ShiftStart {
        Self::of_minute(minute_of_day(time))
    }

    /// Its place in [`ShiftStart::ALL`].
    pub fn position(self) -> u8 {
        self as u8
    }
}

/// Minutes after midnight.
pub fn minute_of_day(time: NaiveTime) -> u16 {
    (time.hour() * 60 + time.minute()) as u16
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
    /// 上班时间. This and the pay terms are missing from postings written before they were asked for.
    pub start_time: Option<NaiveTime>,
    pub pay_terms: Option<PayTerms>,
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
    /// 携带物品.
    pub bring: String,
    /// 用工单位: the client a human-resources agency posted this for.
    pub client_name: Option<String>,
    /// The organisation is a human-resources agency staff verified: its storefront is
    /// `/agencies/{employer_id}`.
    pub agency_id: Option<i64>,
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
    /// The employer welcomes calls before applying (欢迎来电): the page offers signed-in workers a call
    /// button, whose number comes from [`crate::api::postings::call_number`], never with the page.
    pub calls_welcome: bool,
    /// What workers said of the organisation, its pay on time and wage cases found true.
    pub employer_record: super::EmployerRecord,
    /// The share card's address (og:image), when the server draws them.
    pub share_image: Option<String>,
}

/// What the posting page's call button shows for the caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallState {
    /// No calls on this posting now (not welcomed, or no longer open).
    NotOffered,
    SignedOut,
    /// Employers, staff and admins are not the ones to call.
    NotAWorker,
    /// The organisation's phone, to dial.
    Number(String),
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

    #[test]
    fn a_shift_starts_in_one_part_of_the_day() {
        let at = |h, m| ShiftStart::of(NaiveTime::from_hms_opt(h, m, 0).unwrap());
        assert_eq!(at(4, 59), ShiftStart::Evening);
        assert_eq!(at(5, 0), ShiftStart::Morning);
        assert_eq!(at(11, 59), ShiftStart::Morning);
        assert_eq!(at(12, 0), ShiftStart::Afternoon);
        assert_eq!(at(17, 59), ShiftStart::Afternoon);
        assert_eq!(at(18, 0), ShiftStart::Evening);
        assert_eq!(at(0, 0), ShiftStart::Evening);
    }

    #[test]
    fn terms_and_parts_of_the_day_read_back_what_they_write() {
        for terms in PayTerms::ALL {
            assert_eq!(PayTerms::parse(terms.as_str()), Some(terms));
            assert_eq!(PayTerms::ALL[usize::from(terms.position())], terms);
        }
        for part in ShiftStart::ALL {
            assert_eq!(ShiftStart::parse(part.as_str()), Some(part));
            assert_eq!(ShiftStart::ALL[usize::from(part.position())], part);
        }
        assert_eq!(PayTerms::parse("日结"), None);
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
            start_time: NaiveTime::from_hms_opt(8, 0, 0),
            pay_terms: Some(PayTerms::Daily),
            headcount: 1,
            filled: 0,
            tags: vec![],
        }
    }
}

//! Job fairs (招聘会): held at a market by its staff, one-off or recurring; employers' booths with the
//! postings they bring; workers' sign-ups with the pass their phone shows at the door; check-ins; the
//! hires made through a fair.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

pub const FAIR_TITLE_MAX_CHARS: usize = 60;
/// Where in the market, and a cancellation's reason.
pub const FAIR_LINE_MAX_CHARS: usize = 100;
pub const FAIR_REASON_MAX_CHARS: usize = 200;
pub const FAIR_BOOTHS_MAX: i16 = 200;
/// A recurring series spans at most this many days from its first fair.
pub const FAIR_SERIES_DAYS_MAX: i64 = 92;
/// The postings one booth brings.
pub const FAIR_BOOTH_POSTINGS_MAX: usize = 10;
/// How far ahead the fairs list and a market's page look.
pub const FAIRS_DAYS_AHEAD: i64 = 30;
/// Hires counted for a fair: places decided from its day until this many days after.
pub const FAIR_HIRE_DAYS: i64 = 7;

/// A fair's theme (专场).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FairTheme {
    /// 综合
    General,
    /// 退捕渔民
    Fishers,
    /// 残疾人
    Disabled,
    /// 建筑业
    Construction,
    /// 家政
    Household,
    /// 制造业
    Manufacturing,
    /// 高校毕业生与青年
    Youth,
    /// 大龄劳动者
    Older,
}

impl FairTheme {
    pub const ALL: [FairTheme; 8] = [
        FairTheme::General,
        FairTheme::Fishers,
        FairTheme::Disabled,
        FairTheme::Construction,
        FairTheme::Household,
        FairTheme::Manufacturing,
        FairTheme::Youth,
        FairTheme::Older,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FairTheme::General => "general",
            FairTheme::Fishers => "fishers",
            FairTheme::Disabled => "disabled",
            FairTheme::Construction => "construction",
            FairTheme::Household => "household",
            FairTheme::Manufacturing => "manufacturing",
            FairTheme::Youth => "youth",
            FairTheme::Older => "older",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
}

/// An employer's booth at a fair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoothStatus {
    Requested,
    Approved,
    Rejected,
    Withdrawn,
}

impl BoothStatus {
    pub const ALL: [BoothStatus; 4] = [
        BoothStatus::Requested,
        BoothStatus::Approved,
        BoothStatus::Rejected,
        BoothStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BoothStatus::Requested => "requested",
            BoothStatus::Approved => "approved",
            BoothStatus::Rejected => "rejected",
            BoothStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A fair as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairSummary {
    pub id: i64,
    pub market_slug: String,
    pub market_name: String,
    pub theme: FairTheme,
    pub title: String,
    pub held_on: NaiveDate,
    /// "09:00", China time.
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub booths: i16,
    pub booked: i16,
    pub livestream_url: Option<String>,
    pub cancelled: bool,
    pub cancel_reason: Option<String>,
    pub signups: i64,
    pub checked_in: i64,
    /// Other fairs of its recurring series still to come.
    pub series_later: i64,
}

/// A posting a booth brings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairPosting {
    pub id: i64,
    pub title: String,
}

/// An employer with an approved booth, as the fair's page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairEmployer {
    pub employer_id: i64,
    pub name: String,
    pub verified: bool,
    pub present: bool,
    pub postings: Vec<FairPosting>,
}

/// The signed-in worker's pass for a fair: the QR code staff scan at the door.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairPass {
    /// The QR code (SVG drawn by the server from the check-in address; nothing of it is typed by a
    /// person).
    pub qr_svg: String,
    /// The pass's number, for staff to type when a camera cannot read the code.
    pub pass_code: String,
    pub checked_in: bool,
}

/// The signed-in employer's booth at a fair, and the open postings it may bring.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyBooth {
    pub status: Option<BoothStatus>,
    pub brought: Vec<i64>,
    pub open_postings: Vec<FairPosting>,
}

/// Who is looking at a fair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FairViewer {
    SignedOut,
    Worker,
    /// An employer of an organisation: booths are theirs to ask for.
    Employer,
    /// Staff, admins, an employer without an organisation.
    Other,
}

/// A fair's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairDetail {
    pub fair: FairSummary,
    pub employers: Vec<FairEmployer>,
    pub viewer: FairViewer,
    /// Sign-ups are open: scheduled, and its day not past.
    pub open: bool,
    pub pass: Option<FairPass>,
    pub booth: Option<MyBooth>,
    /// The viewer serves at its market: the desk is theirs.
    pub serves: bool,
}

/// A booth asked for, as staff decide it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoothRequest {
    pub employer_id: i64,
    pub name: String,
    pub verified: bool,
    pub status: BoothStatus,
    pub present: bool,
    pub postings: Vec<FairPosting>,
}

/// A person checked in at the door, as the desk lists them (phone masked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairGuest {
    pub name: String,
    pub masked_phone: String,
    /// "09:12", China time.
    pub at: String,
}

/// The staff's desk for one fair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairDesk {
    pub fair: FairSummary,
    /// It is the fair's day: the door is open.
    pub today: bool,
    /// Scheduled and its day not past: booths are decided and it may be cancelled.
    pub open: bool,
    pub booths: Vec<BoothRequest>,
    pub guests: Vec<FairGuest>,
    /// Places decided for the fair's postings, for people checked in at it, within
    /// [`FAIR_HIRE_DAYS`] of its day.
    pub hires: i64,
}

/// A market staff may hold fairs at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairMarket {
    pub id: i32,
    pub name: String,
}

/// The staff desk's fairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffFairs {
    pub markets: Vec<FairMarket>,
    pub fairs: Vec<FairSummary>,
}

/// Whom a check-in let in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckedIn {
    pub name: String,
    pub masked_phone: String,
    /// They had been checked in before.
    pub again: bool,
}

/// The days of a series: from `first` until `until` (inclusive), on `weekdays` (`first` itself when
/// none are given). `None` when the series runs too long, is empty, or ends before it begins.
pub fn series_days(
    first: NaiveDate,
    until: Option<NaiveDate>,
    weekdays: &[u8],
) -> Option<Vec<NaiveDate>> {
    let Some(until) = until.filter(|_| !weekdays.is_empty()) else {
        return Some(vec![first]);
    };
    if until < first || (until - first).num_days() > FAIR_SERIES_DAYS_MAX {
        return None;
    }
    let wanted: Vec<Weekday> = weekdays
        .iter()
        .map(|d| match d {
            1 => Some(Weekday::Mon),
            2 => Some(Weekday::Tue),
            3 => Some(Weekday::Wed),
            4 => Some(Weekday::Thu),
            5 => Some(Weekday::Fri),
            6 => Some(Weekday::Sat),
            7 => Some(Weekday::Sun),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let days: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| *d <= until)
        .filter(|d| wanted.contains(&chrono::Datelike::weekday(d)))
        .collect();
    (!days.is_empty()).then_some(days)
}

/// A pass's number as staff type it (spaces dropped, lower case): 16 hex digits.
pub fn parse_pass_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    (code.len() == 16 && code.chars().all(|c| c.is_ascii_hexdigit())).then_some(code)
}

/// A livestream's address (直播送岗): https only, no spaces or markup characters.
pub fn parse_livestream_url(input: &str) -> Option<String> {
    let url = input.trim();
    let rest = url.strip_prefix("https://")?;
    (rest.chars().count() >= 3
        && url.chars().count() <= 308
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"')))
    .then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("a day")
    }

    #[test]
    fn a_series_falls_on_its_weekdays() {
        // 2026-12-01 is a Tuesday: every Tuesday and Friday of December's first fortnight.
        assert_eq!(
            series_days(day(12, 1), Some(day(12, 14)), &[2, 5]),
            Some(vec![day(12, 1), day(12, 4), day(12, 8), day(12, 11)])
        );
        assert_eq!(series_days(day(12, 1), None, &[2]), Some(vec![day(12, 1)]));
        assert_eq!(
            series_days(day(12, 1), Some(day(12, 14)), &[]),
            Some(vec![day(12, 1)])
        );
        assert_eq!(series_days(day(12, 1), Some(day(11, 30)), &[2]), None);
        assert_eq!(series_days(day(1, 1), Some(day(12, 1)), &[2]), None);
        assert_eq!(series_days(day(12, 1), Some(day(12, 3)), &[8]), None);
        assert_eq!(series_days(day(12, 2), Some(day(12, 3)), &[5]), None);
    }

    #[test]
    fn passes_and_livestreams_are_read_strictly() {
        assert_eq!(
            parse_pass_code(" 0123 4567 89AB CDEF ").as_deref(),
            Some("0123456789abcdef")
        );
        assert_eq!(parse_pass_code("0123"), None);
        assert_eq!(parse_pass_code("0123456789abcdeg"), None);
        assert!(parse_livestream_url("https://live.example.cn/room/1").is_some());
        assert!(parse_livestream_url("http://live.example.cn").is_none());
        assert!(parse_livestream_url("https://x.cn/\"><script>").is_none());
        assert!(parse_livestream_url("javascript:alert(1)").is_none());
    }

    #[test]
    fn codes_round_trip() {
        for t in FairTheme::ALL {
            assert_eq!(FairTheme::parse(t.code()), Some(t));
        }
        for s in BoothStatus::ALL {
            assert_eq!(BoothStatus::parse(s.as_str()), Some(s));
        }
    }
}

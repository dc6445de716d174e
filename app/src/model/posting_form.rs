//! An employer's own postings: the form they fill in, the checks it must pass (shared by the browser and
//! the server; the database checks a third time), and the list they manage.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{
    PayTerms, PayUnit, Point, PostingClient, PostingTag, TradeCode, PAY_MAX_CENTS, PAY_MIN_CENTS,
};

pub const TITLE_MIN_CHARS: usize = 2;
pub const TITLE_MAX_CHARS: usize = 60;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
pub const REQUIREMENTS_MAX_CHARS: usize = 1000;
/// One line: 携带物品 is a list, not a story (the database says the same).
pub const BRING_MAX_CHARS: usize = 200;
pub const POSTING_ADDRESS_MAX_CHARS: usize = 200;
pub const HEADCOUNT_MAX: i16 = 999;
/// A posting runs for at most a year (the database says the same).
pub const POSTING_MAX_DAYS: i64 = 366;

/// How applicants reach the employer (联系方式).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPreference {
    /// Through the platform only: messages and notifications.
    #[default]
    Platform,
    /// Accepted applicants also see the organisation's contact phone.
    Phone,
    /// 欢迎来电: signed-in workers may call before applying (one tap on the posting's page), and
    /// accepted applicants see the phone too.
    Calls,
}

impl ContactPreference {
    pub const ALL: [ContactPreference; 3] = [
        ContactPreference::Platform,
        ContactPreference::Phone,
        ContactPreference::Calls,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactPreference::Platform => "platform",
            ContactPreference::Phone => "phone",
            ContactPreference::Calls => "calls",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A posting's stored status, as its employer manages it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostingStatus {
    /// 草稿: saved, not public.
    Draft,
    Open,
    Paused,
    /// 已招满: set by the database when the last place is taken.
    Filled,
    Closed,
}

impl PostingStatus {
    pub const ALL: [PostingStatus; 5] = [
        PostingStatus::Draft,
        PostingStatus::Open,
        PostingStatus::Paused,
        PostingStatus::Filled,
        PostingStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostingStatus::Draft => "draft",
            PostingStatus::Open => "open",
            PostingStatus::Paused => "paused",
            PostingStatus::Filled => "filled",
            PostingStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// What the employer may ask for from here. `Filled` is never asked for: the database sets it.
    pub fn may_become(self, to: PostingStatus) -> bool {
        use PostingStatus::*;
        matches!(
            (self, to),
            (Draft, Open)
                | (Draft, Closed)
                | (Open, Paused)
                | (Open, Closed)
                | (Paused, Open)
                | (Paused, Closed)
                | (Filled, Closed)
        )
    }
}

/// Where the work happens: a point (picked on the map, or a market's) and the address people read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostingForm {
    pub trade: Option<TradeCode>,
    pub title: String,
    pub description: String,
    pub requirements: String,
    /// 携带物品: what to bring (ID card, health certificate, work shoes …). Absent from older clients.
    #[serde(default)]
    pub bring: String,
    pub address: String,
    /// WGS-84.
    pub location: Option<Point>,
    /// Published through this market or station (its slug), if any.
    pub market: Option<String>,
    pub pay_cents: Option<i32>,
    pub pay_unit: PayUnit,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub shift_minutes: Option<i16>,
    /// 上班时间: required, though postings from before it was asked for open without one.
    pub start_time: Option<NaiveTime>,
    /// 结算方式: required likewise.
    pub pay_terms: Option<PayTerms>,
    pub headcount: Option<i16>,
    pub tags: Vec<PostingTag>,
    pub contact: ContactPreference,
    /// 用工单位: the client a human-resources agency posts for. Absent from older clients.
    #[serde(default)]
    pub client: Option<PostingClient>,
}

impl Default for PostingForm {
    fn default() -> Self {
        PostingForm {
            trade: None,
            title: String::new(),
            description: String::new(),
            requirements: String::new(),
            bring: String::new(),
            address: String::new(),
            location: None,
            market: None,
            pay_cents: None,
            pay_unit: PayUnit::Day,
            start_date: None,
            end_date: None,
            shift_minutes: Some(480),
            // Most gigs start in the morning and are paid by the day; the employer changes either
            // in one tap.
            start_time: NaiveTime::from_hms_opt(8, 0, 0),
            pay_terms: Some(PayTerms::Daily),
            headcount: Some(1),
            tags: Vec::new(),
            contact: ContactPreference::Platform,
            client: None,
        }
    }
}

/// A form that passed [`PostingForm::check`]: every required field present and in range.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedPosting {
    pub trade: TradeCode,
    pub title: String,
    pub description: String,
    pub requirements: String,
    pub bring: String,
    pub address: String,
    pub location: Point,
    pub market: Option<String>,
    pub pay_cents: i32,
    pub pay_unit: PayUnit,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub shift_minutes: i16,
    pub start_time: NaiveTime,
    pub pay_terms: PayTerms,
    pub headcount: i16,
    pub tags: Vec<PostingTag>,
    pub contact: ContactPreference,
    /// Trimmed, the credit code in its canonical form.
    pub client: Option<PostingClient>,
}

fn text_ok(s: &str, min: usize, max: usize) -> bool {
    let n = s.trim().chars().count();
    (min..=max).contains(&n)
        && !s
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

impl PostingForm {
    /// Checks the form as `today` (China Standard Time) sees it. `Err` names every field that fails, in
    /// the form's order, so the page can mark them all at once. `new_dates` is false when editing a
    /// posting that has already started: its start date may then lie in the past.
    pub fn check(
        &self,
        today: NaiveDate,
        new_dates: bool,
    ) -> Result<CheckedPosting, Vec<&'static str>> {
        let mut bad = Vec::new();
        if self.trade.is_none() {
            bad.push("trade");
        }
        if !text_ok(&self.title, TITLE_MIN_CHARS, TITLE_MAX_CHARS) {
            bad.push("title");
        }
        if !text_ok(&self.description, 0, DESCRIPTION_MAX_CHARS) {
            bad.push("description");
        }
        if !text_ok(&self.requirements, 0, REQUIREMENTS_MAX_CHARS) {
            bad.push("requirements");
        }
        if !text_ok(&self.bring, 0, BRING_MAX_CHARS) || self.bring.trim().contains('\n') {
            bad.push("bring");
        }
        if !text_ok(&self.address, 2, POSTING_ADDRESS_MAX_CHARS) {
            bad.push("work_address");
        }
        if self.location.is_none() {
            bad.push("location");
        }
        if !self
            .pay_cents
            .is_some_and(|c| (PAY_MIN_CENTS..=PAY_MAX_CENTS).contains(&c))
        {
            bad.push("wage");
        }
        match (self.start_date, self.end_date) {
            (Some(start), Some(end)) => {
                if new_dates && start < today {
                    bad.push("start_date");
                }
                if end < start || end < today || (end - start).num_days() > POSTING_MAX_DAYS {
                    bad.push("end_date");
                }
            }
            (start, end) => {
                if start.is_none() {
                    bad.push("start_date");
                }
                if end.is_none() {
                    bad.push("end_date");
                }
            }
        }
        if !self
            .shift_minutes
            .is_some_and(|m| (30..=1440).contains(&m) && m % 30 == 0)
        {
            bad.push("shift");
        }
        // Whole minutes: what a time field sends, and what the database keeps.
        if !self.start_time.is_some_and(|t| {
            chrono::Timelike::second(&t) == 0 && chrono::Timelike::nanosecond(&t) == 0
        }) {
            bad.push("start_time");
        }
        if self.pay_terms.is_none() {
            bad.push("pay_terms");
        }
        if !self
            .headcount
            .is_some_and(|h| (1..=HEADCOUNT_MAX).contains(&h))
        {
            bad.push("headcount");
        }
        // Both halves of a client, or none: an agency's posting for itself leaves both empty.
        let client = match &self.client {
            Some(c) if !(c.name.trim().is_empty() && c.credit_code.trim().is_empty()) => {
                let name_ok = text_ok(
                    &c.name,
                    super::CLIENT_NAME_MIN_CHARS,
                    super::CLIENT_NAME_MAX_CHARS,
                ) && !c.name.trim().contains('\n');
                if !name_ok {
                    bad.push("client_name");
                }
                let code = super::parse_credit_code(&c.credit_code);
                if code.is_none() {
                    bad.push("client_credit_code");
                }
                code.map(|credit_code| PostingClient {
                    name: c.name.trim().to_owned(),
                    credit_code,
                })
            }
            _ => None,
        };
        match (
            &self.trade,
            self.location,
            self.pay_cents,
            self.start_date,
            self.end_date,
            self.shift_minutes,
            self.start_time,
            self.pay_terms,
            self.headcount,
        ) {
            (
                Some(trade),
                Some(location),
                Some(pay_cents),
                Some(start),
                Some(end),
                Some(shift),
                Some(start_time),
                Some(pay_terms),
                Some(headcount),
            ) if bad.is_empty() => {
                let mut tags = self.tags.clone();
                tags.sort_by_key(|t| t.as_str());
                tags.dedup();
                Ok(CheckedPosting {
                    trade: trade.clone(),
                    title: self.title.trim().to_owned(),
                    description: self.description.trim().to_owned(),
                    requirements: self.requirements.trim().to_owned(),
                    bring: self.bring.trim().to_owned(),
                    address: self.address.trim().to_owned(),
                    location,
                    market: self.market.clone().filter(|m| !m.is_empty()),
                    pay_cents,
                    pay_unit: self.pay_unit,
                    start_date: start,
                    end_date: end,
                    shift_minutes: shift,
                    start_time,
                    pay_terms,
                    headcount,
                    tags,
                    contact: self.contact,
                    client,
                })
            }
            _ => Err(bad),
        }
    }
}

/// One of the employer's postings in their list, with what they need to act on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedPosting {
    pub id: i64,
    pub title: String,
    pub trade_name: String,
    pub status: PostingStatus,
    /// The last day has passed (the status may still say open: expiry needs no job to run).
    pub expired: bool,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub pay_cents: i32,
    pub pay_unit: PayUnit,
    pub headcount: i16,
    pub filled: i16,
    pub pending_applicants: i64,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A posting opened for editing: its form and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditablePosting {
    pub id: i64,
    pub status: PostingStatus,
    pub expired: bool,
    pub filled: i16,
    pub form: PostingForm,
}

/// What saving a posting answers: its id, and open postings of the same organisation that look like it
/// (same trade, overlapping dates, within 500 m), which the page offers to look at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedPosting {
    pub id: i64,
    pub status: PostingStatus,
    pub similar: Vec<SimilarPosting>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarPosting {
    pub id: i64,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn good() -> PostingForm {
        PostingForm {
            trade: TradeCode::parse("waiter"),
            title: "周末服务员".into(),
            address: "双龙大道1号".into(),
            location: Point::new(118.82, 31.94),
            pay_cents: Some(20000),
            start_date: Some(day(25)),
            end_date: Some(day(26)),
            ..PostingForm::default()
        }
    }

    #[test]
    fn a_complete_form_passes_and_is_trimmed() {
        let mut form = good();
        form.title = "  周末服务员 ".into();
        form.tags = vec![PostingTag::Fisher, PostingTag::Fisher];
        let checked = form.check(day(25), true).unwrap();
        assert_eq!(checked.title, "周末服务员");
        assert_eq!(checked.tags, vec![PostingTag::Fisher]);
    }

    #[test]
    fn a_client_is_both_halves_or_none() {
        let mut form = good();
        form.client = Some(PostingClient {
            name: "  ".into(),
            credit_code: "".into(),
        });
        assert_eq!(form.check(day(25), true).unwrap().client, None);
        form.client = Some(PostingClient {
            name: " 南京某物流有限公司 ".into(),
            credit_code: " 91110000802100433B ".into(),
        });
        assert_eq!(
            form.check(day(25), true).unwrap().client,
            Some(PostingClient {
                name: "南京某物流有限公司".into(),
                credit_code: "91110000802100433B".into(),
            })
        );
        form.client = Some(PostingClient {
            name: "南".into(),
            credit_code: "91110000802100433A".into(),
        });
        assert_eq!(
            form.check(day(25), true).unwrap_err(),
            vec!["client_name", "client_credit_code"]
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = PostingForm {
            title: "x".into(),
            pay_cents: Some(50),
            start_date: Some(day(20)),
            end_date: Some(day(19)),
            shift_minutes: Some(45),
            start_time: None,
            pay_terms: None,
            headcount: Some(1000),
            ..PostingForm::default()
        };
        assert_eq!(
            form.check(day(25), true).unwrap_err(),
            vec![
                "trade",
                "title",
                "work_address",
                "location",
                "wage",
                "start_date",
                "end_date",
                "shift",
                "start_time",
                "pay_terms",
                "headcount"
            ]
        );
    }

    #[test]
    fn a_started_posting_keeps_its_past_start_date_when_edited() {
        let mut form = good();
        form.start_date = Some(day(20));
        assert_eq!(form.check(day(25), true).unwrap_err(), vec!["start_date"]);
        assert!(form.check(day(25), false).is_ok());
    }

    #[test]
    fn markup_is_text_but_control_characters_are_refused() {
        let mut form = good();
        form.title = "<script>alert(1)</script>".into();
        assert!(form.check(day(25), true).is_ok());
        form.title = "a\u{0}b".into();
        assert_eq!(form.check(day(25), true).unwrap_err(), vec!["title"]);
    }

    #[test]
    fn status_changes_the_employer_may_ask_for() {
        use PostingStatus::*;
        assert!(Draft.may_become(Open));
        assert!(Open.may_become(Paused) && Paused.may_become(Open));
        assert!(Filled.may_become(Closed));
        assert!(!Closed.may_become(Open));
        assert!(!Open.may_become(Filled));
        assert!(!Open.may_become(Draft));
    }
}

//! 找人才: workers who chose to be findable, as verified organisations search them, and the
//! invitations to apply (邀请报名) those organisations send, which the worker decides.
//!
//! Nothing here identifies a worker to an organisation: the name is cut to the surname, the age to its
//! decade, the home to its district, and the phone number never leaves the server. Only an application
//! the organisation accepts shows who the worker is, as for every applicant.

use serde::{Deserialize, Serialize};

use super::{Availability, PayUnit, TradeCode, WorkerRecord};

/// The wording of the consent the account page shows, recorded with every decision: a new wording gets
/// a new name, so what each worker agreed to stays known.
pub const TALENT_CONSENT_WORDING: &str = "talent-v1";
/// An invitation's note to the worker.
pub const TALENT_NOTE_MAX_CHARS: usize = 200;
/// Workers on one page of the search.
pub const TALENT_PAGE_SIZE: usize = 20;
/// Attendance figures a search may ask for, in percent.
pub const TALENT_ATTENDANCE_CHOICES: [u8; 3] = [80, 90, 100];

/// Whether the worker can be found, as their account page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findability {
    pub findable: bool,
    /// "YYYY-MM-DD", China time: since when, without interruption.
    pub since: Option<String>,
    /// The worker's decisions, newest first: (findable, "YYYY-MM-DD HH:MM").
    pub decisions: Vec<(bool, String)>,
}

/// What an organisation asks of the search, as the page's address carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TalentQuery {
    pub trade: Option<TradeCode>,
    pub city: Option<i32>,
    pub district: Option<i32>,
    /// Workers available at all of these.
    pub availability: Vec<Availability>,
    /// Workers whose recent attendance is at least this many percent (with enough places to say).
    pub min_attendance: Option<u8>,
    pub page: u32,
}

impl TalentQuery {
    /// Reads the page's query string; what does not parse is left out rather than refused, as the
    /// search page does with its own filters.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = TalentQuery::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "trade" if !value.is_empty() => q.trade = TradeCode::parse(value),
                "city" => q.city = value.parse().ok(),
                "district" => q.district = value.parse().ok(),
                "when" => {
                    if let Some(a) = Availability::parse(value) {
                        if !q.availability.contains(&a) {
                            q.availability.push(a);
                        }
                    }
                }
                "attendance" => {
                    q.min_attendance = value
                        .parse()
                        .ok()
                        .filter(|p| TALENT_ATTENDANCE_CHOICES.contains(p))
                }
                "page" => q.page = value.parse().unwrap_or(0).min(500),
                _ => {}
            }
        }
        q
    }

    /// Checks what the server must not take on trust (an address can be typed by hand).
    pub fn check(&self) -> Result<(), &'static str> {
        if self.district.is_some() && self.city.is_none() {
            return Err("district");
        }
        if self
            .min_attendance
            .is_some_and(|p| !TALENT_ATTENDANCE_CHOICES.contains(&p))
        {
            return Err("attendance");
        }
        if self.page > 500 {
            return Err("page");
        }
        Ok(())
    }

    /// The search page's address for this query.
    pub fn to_url(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(t) = &self.trade {
            parts.push(format!("trade={}", t.as_str()));
        }
        if let Some(c) = self.city {
            parts.push(format!("city={c}"));
        }
        if let Some(d) = self.district {
            parts.push(format!("district={d}"));
        }
        for a in &self.availability {
            parts.push(format!("when={}", a.as_str()));
        }
        if let Some(p) = self.min_attendance {
            parts.push(format!("attendance={p}"));
        }
        if self.page > 0 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/employer/talent".to_owned()
        } else {
            format!("/employer/talent?{}", parts.join("&"))
        }
    }
}

/// A findable worker as an organisation sees them: never who they are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TalentCard {
    pub worker_id: i64,
    /// The surname and a courtesy (王师傅), or nothing when the worker gave no name.
    pub surname: Option<String>,
    /// The decade of their age (30 for 30–39), from the birth year.
    pub age_decade: Option<u8>,
    /// "南京市 鼓楼区", or empty when the worker gave no home.
    pub area: String,
    /// The trades' names, in the page's language.
    pub trades: Vec<String>,
    pub availability: Vec<Availability>,
    pub expected_pay: Option<(i32, PayUnit)>,
    pub record: WorkerRecord,
    /// The organisation's postings this worker has already been invited to.
    pub invited_to: Vec<i64>,
}

/// One of the organisation's open postings a worker may be invited to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitablePosting {
    pub id: i64,
    pub title: String,
}

/// A page of the search.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TalentPage {
    pub items: Vec<TalentCard>,
    /// Another page follows.
    pub more: bool,
    pub postings: Vec<InvitablePosting>,
}

/// Where an invitation to apply stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TalentInvitationStatus {
    Pending,
    /// The worker accepted, and so applied.
    Accepted,
    Declined,
    /// The organisation took it back before the worker answered.
    Withdrawn,
}

impl TalentInvitationStatus {
    pub const ALL: [TalentInvitationStatus; 4] = [
        TalentInvitationStatus::Pending,
        TalentInvitationStatus::Accepted,
        TalentInvitationStatus::Declined,
        TalentInvitationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TalentInvitationStatus::Pending => "pending",
            TalentInvitationStatus::Accepted => "accepted",
            TalentInvitationStatus::Declined => "declined",
            TalentInvitationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// An invitation the organisation sent, as its members see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentTalentInvitation {
    pub id: i64,
    /// As on the card: the surname and a courtesy, or nothing.
    pub surname: Option<String>,
    pub posting_id: i64,
    pub posting_title: String,
    pub note: String,
    pub status: TalentInvitationStatus,
    /// "YYYY-MM-DD HH:MM", China time.
    pub sent_at: String,
}

/// An invitation to the worker, as they decide it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedTalentInvitation {
    pub id: i64,
    pub organisation: String,
    pub verified: bool,
    pub posting_id: i64,
    pub posting_title: String,
    pub pay_cents: i32,
    pub pay_unit: PayUnit,
    /// "YYYY-MM-DD" both.
    pub start_date: String,
    pub end_date: String,
    pub address: String,
    pub note: String,
    pub status: TalentInvitationStatus,
    /// The posting still takes applications.
    pub posting_open: bool,
    pub sent_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_survives_its_address() {
        let q = TalentQuery {
            trade: TradeCode::parse("cleaner"),
            city: Some(320100),
            district: Some(320106),
            availability: vec![Availability::Weekends, Availability::Evenings],
            min_attendance: Some(90),
            page: 2,
        };
        let url = q.to_url();
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let pairs = query.split('&').filter_map(|p| p.split_once('='));
        assert_eq!(TalentQuery::from_pairs(pairs), q);
    }

    #[test]
    fn what_does_not_parse_is_left_out() {
        let q = TalentQuery::from_pairs([
            ("trade", "<script>"),
            ("city", "abc"),
            ("when", "sometimes"),
            ("attendance", "55"),
            ("page", "99999"),
        ]);
        assert_eq!(q.trade, None);
        assert_eq!(q.city, None);
        assert!(q.availability.is_empty());
        assert_eq!(q.min_attendance, None);
        assert_eq!(q.page, 500);
        assert!(q.check().is_ok());
        let bad = TalentQuery {
            district: Some(320106),
            ..Default::default()
        };
        assert_eq!(bad.check(), Err("district"));
    }
}

//! Applications (报名): a worker's request for a place on a posting, and its life.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{PayUnit, TradeCode};

/// A short note a worker may add when applying.
pub const APPLY_MESSAGE_MAX_CHARS: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// 待处理
    Pending,
    /// 已录用: holds a place.
    Accepted,
    /// 未录用
    Rejected,
    /// 已撤回
    Withdrawn,
    /// 已到岗
    Attended,
    /// 未到岗
    NoShow,
    /// 名额已收回: the employer took back a place the worker did not confirm in time.
    Released,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 7] = [
        ApplicationStatus::Pending,
        ApplicationStatus::Accepted,
        ApplicationStatus::Rejected,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::Attended,
        ApplicationStatus::NoShow,
        ApplicationStatus::Released,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Accepted => "accepted",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::Attended => "attended",
            ApplicationStatus::NoShow => "no_show",
            ApplicationStatus::Released => "released",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The same table as the database's `applications_transition` trigger, so the pages only offer
    /// buttons that can work.
    pub fn may_become(self, to: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        matches!(
            (self, to),
            (Pending, Accepted | Rejected | Withdrawn)
                | (
                    Accepted,
                    Attended | NoShow | Withdrawn | Rejected | Released
                )
                | (Withdrawn, Pending)
        )
    }
}

/// What the employer decides about an applicant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Reject,
    Attended,
    NoShow,
    /// Takes back a place not confirmed by its deadline (收回名额).
    Release,
}

impl Decision {
    pub const ALL: [Decision; 5] = [
        Decision::Accept,
        Decision::Reject,
        Decision::Attended,
        Decision::NoShow,
        Decision::Release,
    ];

    /// As the wire and forms spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Reject => "reject",
            Decision::Attended => "attended",
            Decision::NoShow => "no_show",
            Decision::Release => "release",
        }
    }

    pub fn status(self) -> ApplicationStatus {
        match self {
            Decision::Accept => ApplicationStatus::Accepted,
            Decision::Reject => ApplicationStatus::Rejected,
            Decision::Attended => ApplicationStatus::Attended,
            Decision::NoShow => ApplicationStatus::NoShow,
            Decision::Release => ApplicationStatus::Released,
        }
    }
}

/// One of the worker's own applications, with the posting it is for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyApplication {
    pub id: i64,
    pub posting_id: i64,
    pub posting_title: String,
    pub employer_name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub pay_cents: i32,
    pub pay_unit: PayUnit,
    pub status: ApplicationStatus,
    pub reason: Option<String>,
    /// The organisation's contact phone, once accepted and if the posting offers it.
    pub contact_phone: Option<String>,
    /// Where, when and whom to ask, once accepted (and after the shift, for the record).
    pub place: Option<AcceptedPlace>,
    /// Once the place is given: the agreed pay, the days worked, the payments.
    pub shift: Option<super::ShiftRecord>,
    pub applied_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// What a worker holding a place needs to get to the shift (录用后): the exact address, the time, the
/// person to ask, and where their confirmation stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AcceptedPlace {
    pub address: String,
    pub location: super::Point,
    /// 08:00 where the posting never said.
    pub start_time: Option<chrono::NaiveTime>,
    /// The organisation's contact person (empty when it gave none).
    pub contact_name: String,
    /// 携带物品 (empty when the posting says nothing).
    pub bring: String,
    /// When the worker confirmed they will come (确认到岗).
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Until when the worker may confirm before the employer may take the place back.
    pub confirm_by: chrono::DateTime<chrono::Utc>,
    /// The shift starts within 24 hours: giving the place up now needs a reason and counts as late.
    pub late_to_cancel: bool,
    /// The shift has begun: nothing is left to confirm.
    pub begun: bool,
}

/// The signed-in worker's standing on one posting, for the posting page's apply button.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ApplyState {
    /// Nobody signed in: the button leads to sign-in.
    SignedOut,
    /// Signed in, but not as a worker (employers and staff do not apply).
    NotAWorker,
    /// May apply (again, after a withdrawal). `needs_name`: the profile has no name yet, which the
    /// employer would see as a blank, so applying asks for it.
    CanApply { needs_name: bool },
    Applied {
        application_id: i64,
        status: ApplicationStatus,
    },
}

/// An applicant as the employer sees them: what matters for the gig, and the phone only once accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Applicant {
    pub application_id: i64,
    pub name: String,
    pub age: Option<i32>,
    /// 138****5678 until accepted; the full number after.
    pub phone: String,
    pub phone_revealed: bool,
    pub trades: Vec<TradeCode>,
    /// Whether the worker listed this posting's trade (or its sector).
    pub trade_match: bool,
    pub home_area: Option<String>,
    /// From the worker's home area to the posting, when both are known.
    pub distance_m: Option<u32>,
    /// Past shifts with any employer: attended, and no-shows.
    pub attended: i64,
    pub no_shows: i64,
    pub message: String,
    pub status: ApplicationStatus,
    pub reason: Option<String>,
    pub applied_at: chrono::DateTime<chrono::Utc>,
    /// An accepted worker has confirmed they will come (确认到岗).
    pub confirmed: bool,
    /// An accepted place left unconfirmed past its deadline: the employer may take it back.
    pub releasable: bool,
    /// The shift starts within 24 hours: cancelling the place now needs a reason.
    pub late_to_cancel: bool,
    /// Given up or cancelled inside 24 hours of the shift.
    pub cancelled_late: bool,
    /// Once the place is given: the agreed pay, the days worked, the payments.
    pub shift: Option<super::ShiftRecord>,
    /// What employers said of the worker, and their attendance over their latest places.
    pub record: super::WorkerRecord,
}

/// The applicants page of one posting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicantList {
    pub posting_id: i64,
    pub title: String,
    pub headcount: i16,
    pub filled: i16,
    pub status: super::PostingStatus,
    pub applicants: Vec<Applicant>,
    /// The labour hotline (人社服务热线) of the posting's city, for disputes.
    pub labour_hotline: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_spelled_in_forms_as_on_the_wire() {
        for decision in Decision::ALL {
            assert_eq!(
                serde_json::to_string(&decision).unwrap(),
                format!("\"{}\"", decision.as_str())
            );
        }
    }

    #[test]
    fn final_states_stay_final() {
        for to in ApplicationStatus::ALL {
            assert!(!ApplicationStatus::Rejected.may_become(to));
            assert!(!ApplicationStatus::Attended.may_become(to));
            assert!(!ApplicationStatus::NoShow.may_become(to));
        }
        assert!(ApplicationStatus::Withdrawn.may_become(ApplicationStatus::Pending));
        assert!(!ApplicationStatus::Pending.may_become(ApplicationStatus::Attended));
    }
}

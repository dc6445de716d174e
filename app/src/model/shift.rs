//! The shift after the match: check-in and check-out on site (签到/签退), the hours they give, the pay
//! agreed at acceptance, the payments recorded and answered, and the wage cases (欠薪) staff decide.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::PayUnit;

/// The digits of a check-in code, which changes every [`CHECK_IN_CODE_SECONDS`].
pub const CHECK_IN_CODE_DIGITS: usize = 6;
pub const CHECK_IN_CODE_SECONDS: u64 = 30;
/// How far from the place a worker may be to check in by location.
pub const CHECK_IN_RADIUS_M: f64 = 300.0;
/// Days after a shift's planned end that a place still unpaid, or paid in dispute, becomes a wage
/// case by itself.
pub const WAGE_CASE_AFTER_DAYS: i32 = 3;
/// A payment's note, a dispute's reason, an hours correction's note.
pub const SHIFT_NOTE_MAX_CHARS: usize = 200;
/// A worker's complaint, a staff decision.
pub const CASE_TEXT_MAX_CHARS: usize = 500;

/// Which way a worker clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockDirection {
    /// 签到
    In,
    /// 签退
    Out,
}

/// How an arrival or a departure was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckMethod {
    /// The employer's rotating code, scanned or typed (扫码).
    Code,
    /// The worker's phone within [`CHECK_IN_RADIUS_M`] of the place (定位).
    Location,
    /// Recorded by the employer (雇主登记).
    Employer,
}

impl CheckMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckMethod::Code => "code",
            CheckMethod::Location => "location",
            CheckMethod::Employer => "employer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            CheckMethod::Code,
            CheckMethod::Location,
            CheckMethod::Employer,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }
}

/// One worked day of a place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShiftDay {
    pub work_date: NaiveDate,
    pub checked_in_at: DateTime<Utc>,
    pub check_in_by: CheckMethod,
    pub checked_out_at: Option<DateTime<Utc>>,
    pub check_out_by: Option<CheckMethod>,
    /// From arrival to departure, or the employer's correction; none before departure.
    pub minutes: Option<i32>,
    /// The employer's correction of the hours, with its note: the worker sees both.
    pub corrected: Option<(i32, String)>,
}

/// How the employer paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayMethod {
    Cash,
    Wechat,
    Alipay,
    Bank,
}

impl PayMethod {
    pub const ALL: [PayMethod; 4] = [
        PayMethod::Cash,
        PayMethod::Wechat,
        PayMethod::Alipay,
        PayMethod::Bank,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PayMethod::Cash => "cash",
            PayMethod::Wechat => "wechat",
            PayMethod::Alipay => "alipay",
            PayMethod::Bank => "bank",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// The worker's answer to a recorded payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// 待确认
    Recorded,
    /// 已确认收到
    Confirmed,
    /// 有异议
    Disputed,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Recorded => "recorded",
            PaymentStatus::Confirmed => "confirmed",
            PaymentStatus::Disputed => "disputed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            PaymentStatus::Recorded,
            PaymentStatus::Confirmed,
            PaymentStatus::Disputed,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }
}

/// A payment the employer recorded for a place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub id: i64,
    pub amount_cents: i32,
    pub method: PayMethod,
    pub paid_on: NaiveDate,
    pub note: String,
    pub status: PaymentStatus,
    pub dispute_reason: Option<String>,
}

/// Where a wage case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WageCaseStatus {
    /// 处理中
    Open,
    /// 欠薪属实: counts against the employer.
    Upheld,
    /// 已结清: paid while the case was open.
    Settled,
    /// 不予支持
    Dismissed,
}

impl WageCaseStatus {
    pub const DECISIONS: [WageCaseStatus; 3] = [
        WageCaseStatus::Upheld,
        WageCaseStatus::Settled,
        WageCaseStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WageCaseStatus::Open => "open",
            WageCaseStatus::Upheld => "upheld",
            WageCaseStatus::Settled => "settled",
            WageCaseStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [WageCaseStatus::Open]
            .into_iter()
            .chain(Self::DECISIONS)
            .find(|m| m.as_str() == s)
    }
}

/// What a place has come to once worked (出勤与工资): the pay agreed at acceptance, the days with
/// their hours, the payments and the wage case, if any. Both sides see the same record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShiftRecord {
    pub application_id: i64,
    pub agreed_pay_cents: i32,
    pub agreed_pay_unit: PayUnit,
    pub days: Vec<ShiftDay>,
    pub payments: Vec<Payment>,
    pub wage_case: Option<WageCaseStatus>,
    /// The worker may check in now (a day of the shift, inside its window, not yet checked in).
    pub may_check_in: bool,
    /// The worker is checked in today and may check out.
    pub may_check_out: bool,
    /// The worker may take the pay to staff: the place was worked, and no payment was confirmed or
    /// one is disputed, and no case is open yet.
    pub may_open_case: bool,
    /// The ratings both ways, as the reader may see them.
    pub ratings: super::PlaceRatings,
    /// The worker's appeal against a recorded no-show, if made.
    pub no_show_appeal: Option<super::NoShowAppeal>,
    /// The worker may appeal the no-show now (recorded, not appealed, within
    /// [`super::NO_SHOW_APPEAL_DAYS`]).
    pub may_appeal_no_show: bool,
}

impl ShiftRecord {
    /// Minutes worked over all days with a departure.
    pub fn total_minutes(&self) -> i32 {
        self.days.iter().filter_map(|d| d.minutes).sum()
    }

    /// What the agreed pay comes to for the recorded hours or days, where the unit allows saying so:
    /// an hourly rate × hours, a daily rate × days worked. Month and piece rates are not estimated.
    pub fn estimated_due_cents(&self) -> Option<i64> {
        let worked_days = self.days.iter().filter(|d| d.minutes.is_some()).count() as i64;
        match self.agreed_pay_unit {
            PayUnit::Hour => {
                Some(i64::from(self.agreed_pay_cents) * i64::from(self.total_minutes()) / 60)
            }
            PayUnit::Day if worked_days > 0 => Some(i64::from(self.agreed_pay_cents) * worked_days),
            _ => None,
        }
    }
}

/// The employer's check-in screen for one posting: the code of the moment and its QR picture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInCode {
    pub posting_id: i64,
    pub title: String,
    pub code: String,
    /// An SVG of the link a phone's camera opens: `/check-in/{posting}?code={code}`.
    pub qr_svg: String,
    /// Seconds until the code changes.
    pub valid_for: u64,
    /// The workers holding a place today, and who has arrived.
    pub expected: u32,
    pub arrived: u32,
}

/// An open or decided wage case as staff list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WageCaseSummary {
    pub id: i64,
    pub application_id: i64,
    pub posting_id: i64,
    pub posting_title: String,
    pub employer_name: String,
    pub worker_name: String,
    pub area: String,
    pub opened_at: DateTime<Utc>,
    /// Opened by the worker, or by the sweep of overdue shifts.
    pub opened_by_worker: bool,
    pub status: WageCaseStatus,
}

/// One step of a place's life, as evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub at: DateTime<Utc>,
    /// The database's name of the step (`accepted`, `checked_in`, `payment_disputed`, …).
    pub kind: String,
    pub work_date: Option<NaiveDate>,
    pub minutes: Option<i32>,
    pub amount_cents: Option<i32>,
    pub method: Option<String>,
    pub reason: Option<String>,
}

/// A wage case with all its evidence, for the staff who decide it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WageCase {
    pub summary: WageCaseSummary,
    pub complaint: String,
    /// The worker's phone and the employer's, in full: staff call both.
    pub worker_phone: String,
    /// The organisation's contact phone, else its first member's.
    pub employer_phone: Option<String>,
    pub record: ShiftRecord,
    pub timeline: Vec<TimelineEvent>,
    /// The place's messages (留言), oldest first: what the two sides told each other.
    pub messages: Vec<CaseMessage>,
    pub decision_note: Option<String>,
}

/// A message of the place's thread, as evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseMessage {
    pub from_worker: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(minutes: Option<i32>) -> ShiftDay {
        ShiftDay {
            work_date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
            checked_in_at: Utc::now(),
            check_in_by: CheckMethod::Code,
            checked_out_at: None,
            check_out_by: None,
            minutes,
            corrected: None,
        }
    }

    fn record(unit: PayUnit, days: Vec<ShiftDay>) -> ShiftRecord {
        ShiftRecord {
            application_id: 1,
            agreed_pay_cents: 3000,
            agreed_pay_unit: unit,
            days,
            payments: vec![],
            wage_case: None,
            may_check_in: false,
            may_check_out: false,
            may_open_case: false,
            ratings: Default::default(),
            no_show_appeal: None,
            may_appeal_no_show: false,
        }
    }

    #[test]
    fn the_estimate_follows_the_unit_and_counts_only_finished_days() {
        let days = vec![day(Some(90)), day(Some(480)), day(None)];
        assert_eq!(
            record(PayUnit::Hour, days.clone()).estimated_due_cents(),
            Some(3000 * 570 / 60)
        );
        assert_eq!(
            record(PayUnit::Day, days.clone()).estimated_due_cents(),
            Some(6000)
        );
        assert_eq!(
            record(PayUnit::Piece, days.clone()).estimated_due_cents(),
            None
        );
        assert_eq!(
            record(PayUnit::Day, vec![day(None)]).estimated_due_cents(),
            None
        );
    }

    #[test]
    fn names_round_trip() {
        for m in PayMethod::ALL {
            assert_eq!(PayMethod::parse(m.as_str()), Some(m));
        }
        for s in WageCaseStatus::DECISIONS {
            assert_eq!(WageCaseStatus::parse(s.as_str()), Some(s));
        }
        for m in [
            CheckMethod::Code,
            CheckMethod::Location,
            CheckMethod::Employer,
        ] {
            assert_eq!(CheckMethod::parse(m.as_str()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
    }
}

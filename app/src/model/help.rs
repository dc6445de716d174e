//! Graded help for workers who find work hard (困难零工帮扶): a case a district's staff keep for a worker
//! who consented — why help is needed, what was done, how it ended — and the places the worker got.

use serde::{Deserialize, Serialize};

pub const HELP_NOTE_MAX_CHARS: usize = 500;

/// Why a worker needs help (the national guideline's groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpReason {
    /// 长期失业 / 长时间未找到活
    LongWait,
    /// 低收入
    LowIncome,
    /// 残疾
    Disability,
    /// 大龄
    OlderAge,
}

impl HelpReason {
    pub const ALL: [HelpReason; 4] = [
        HelpReason::LongWait,
        HelpReason::LowIncome,
        HelpReason::Disability,
        HelpReason::OlderAge,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HelpReason::LongWait => "long_wait",
            HelpReason::LowIncome => "low_income",
            HelpReason::Disability => "disability",
            HelpReason::OlderAge => "older_age",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpStatus {
    /// Asked online; the worker has not answered.
    AwaitingConsent,
    Open,
    Closed,
}

impl HelpStatus {
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "awaiting_consent" => HelpStatus::AwaitingConsent,
            "open" => HelpStatus::Open,
            "closed" => HelpStatus::Closed,
            _ => return None,
        })
    }
}

/// How the worker consented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    /// A signed form at the counter.
    InPerson,
    /// Their own tap in their account.
    Online,
}

impl ConsentMethod {
    pub fn code(self) -> &'static str {
        match self {
            ConsentMethod::InPerson => "in_person",
            ConsentMethod::Online => "online",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "in_person" => ConsentMethod::InPerson,
            "online" => ConsentMethod::Online,
            _ => return None,
        })
    }
}

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpOutcome {
    /// 已就业
    Placed,
    /// 自主创业 / 灵活就业
    SelfEmployed,
    /// 不再需要帮扶
    NoLongerNeeded,
    /// 迁出本地
    MovedAway,
    Other,
}

impl HelpOutcome {
    pub const ALL: [HelpOutcome; 5] = [
        HelpOutcome::Placed,
        HelpOutcome::SelfEmployed,
        HelpOutcome::NoLongerNeeded,
        HelpOutcome::MovedAway,
        HelpOutcome::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HelpOutcome::Placed => "placed",
            HelpOutcome::SelfEmployed => "self_employed",
            HelpOutcome::NoLongerNeeded => "no_longer_needed",
            HelpOutcome::MovedAway => "moved_away",
            HelpOutcome::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// What staff did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpKind {
    /// 电话回访
    Call,
    /// 走访
    Visit,
    /// 推荐岗位 / 招聘会 / 培训
    Referral,
    /// 备注
    Note,
}

impl FollowUpKind {
    pub const ALL: [FollowUpKind; 4] = [
        FollowUpKind::Call,
        FollowUpKind::Visit,
        FollowUpKind::Referral,
        FollowUpKind::Note,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FollowUpKind::Call => "call",
            FollowUpKind::Visit => "visit",
            FollowUpKind::Referral => "referral",
            FollowUpKind::Note => "note",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A case in the staff desk's list: enough to choose one, nothing more (the phone masked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpCaseLine {
    pub id: i64,
    pub worker_name: String,
    pub masked_phone: String,
    pub district_name: String,
    pub reasons: Vec<HelpReason>,
    pub status: HelpStatus,
    /// YYYY-MM-DD.
    pub opened_on: String,
    pub followups: i64,
    pub placements: i64,
}

/// One follow-up as the case shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub kind: FollowUpKind,
    pub posting: Option<(i64, String)>,
    pub note: String,
    pub by: String,
    /// YYYY-MM-DD HH:MM, China time.
    pub at: String,
}

/// A place the worker got while the case was open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub posting_id: i64,
    pub title: String,
    pub employer_name: String,
    /// YYYY-MM-DD.
    pub on: String,
}

/// A whole case, for the staff who keep it (reading it is audited).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpCase {
    pub id: i64,
    pub worker_name: String,
    /// In full: staff call the worker.
    pub phone: String,
    pub district_name: String,
    pub reasons: Vec<HelpReason>,
    pub status: HelpStatus,
    pub consent_method: ConsentMethod,
    /// YYYY-MM-DD HH:MM, China time; `None` while awaiting it.
    pub consent_at: Option<String>,
    pub opened_on: String,
    pub outcome: Option<HelpOutcome>,
    pub closed_on: Option<String>,
    pub followups: Vec<FollowUp>,
    pub placements: Vec<Placement>,
}

/// The worker's own view of their case: what is kept and since when, and whether they are asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyHelpCase {
    pub id: i64,
    pub district_name: String,
    pub reasons: Vec<HelpReason>,
    pub status: HelpStatus,
    pub consent_at: Option<String>,
    pub followups: i64,
}

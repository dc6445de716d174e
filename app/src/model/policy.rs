//! Policy notes (政策咨询): what a city's staff want every worker at its markets to know — subsidies,
//! social insurance for flexible workers, work-injury prevention — written in Markdown.

use serde::{Deserialize, Serialize};

pub const POLICY_TITLE_MAX_CHARS: usize = 60;
pub const POLICY_BODY_MAX_CHARS: usize = 8000;

/// What a note is about; the market page groups nothing by it, but shows it as a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyTopic {
    /// 就业补贴
    Subsidy,
    /// 灵活就业人员社会保险
    SocialInsurance,
    /// 工伤预防
    InjuryPrevention,
    /// 培训补贴
    Training,
    /// 其他
    Other,
}

impl PolicyTopic {
    pub const ALL: [PolicyTopic; 5] = [
        PolicyTopic::Subsidy,
        PolicyTopic::SocialInsurance,
        PolicyTopic::InjuryPrevention,
        PolicyTopic::Training,
        PolicyTopic::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PolicyTopic::Subsidy => "subsidy",
            PolicyTopic::SocialInsurance => "social_insurance",
            PolicyTopic::InjuryPrevention => "injury_prevention",
            PolicyTopic::Training => "training",
            PolicyTopic::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// A published note as a market page shows it. `html` is the Markdown rendered and sanitised on the
/// server: the only HTML the site ever inserts unescaped, and only this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyNote {
    pub id: i64,
    pub topic: PolicyTopic,
    pub title: String,
    pub html: String,
    /// YYYY-MM-DD, China time.
    pub published_on: String,
    /// When the text last changed, if after the day it was published.
    pub revised_on: Option<String>,
}

/// A note as its city's staff edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffPolicyNote {
    pub id: i64,
    pub city_name: String,
    pub topic: PolicyTopic,
    pub title: String,
    /// The Markdown as written.
    pub body: String,
    pub withdrawn: bool,
    pub published_on: String,
    pub updated_at: String,
}

/// A city staff may publish for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyCity {
    pub adcode: i32,
    pub name: String,
}

/// The staff desk's policy notes: the cities the caller publishes for and their notes, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffPolicyNotes {
    pub cities: Vec<PolicyCity>,
    pub notes: Vec<StaffPolicyNote>,
}

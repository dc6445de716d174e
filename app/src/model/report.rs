//! Reports (举报) about a posting, and how staff handle them.

use serde::{Deserialize, Serialize};

pub const REPORT_DETAILS_MAX_CHARS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    /// 虚假信息
    Fake,
    /// 拖欠工资
    UnpaidWages,
    /// 歧视
    Discrimination,
    /// 不安全
    Unsafe,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 5] = [
        ReportReason::Fake,
        ReportReason::UnpaidWages,
        ReportReason::Discrimination,
        ReportReason::Unsafe,
        ReportReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Fake => "fake",
            ReportReason::UnpaidWages => "unpaid_wages",
            ReportReason::Discrimination => "discrimination",
            ReportReason::Unsafe => "unsafe",
            ReportReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A report waiting for staff of the posting's area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenReport {
    pub id: i64,
    pub posting_id: i64,
    pub posting_title: String,
    pub employer_name: String,
    pub area: String,
    pub reason: ReportReason,
    pub details: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Other open reports about the same posting.
    pub reports_on_posting: i64,
}

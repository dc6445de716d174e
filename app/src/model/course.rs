//! Training courses (技能培训): proposed by an organisation that trains, approved by staff of the area
//! where they are held, filled by workers up to their capacity; completion with a certificate adds the
//! course's trade to the worker's profile. An 订单培训 course names a partner employer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

pub const COURSE_TITLE_MAX_CHARS: usize = 60;
pub const COURSE_DESCRIPTION_MAX_CHARS: usize = 2000;
/// A course's address, and its schedule in words.
pub const COURSE_LINE_MAX_CHARS: usize = 100;
/// Why a course was rejected or cancelled.
pub const COURSE_REASON_MAX_CHARS: usize = 200;
pub const COURSE_CAPACITY_MAX: i16 = 500;
pub const COURSE_HOURS_MAX: i16 = 2000;
/// The longest course, first day to last.
pub const COURSE_DAYS_MAX: i64 = 366;
/// What a course may cost, in fen (¥100,000).
pub const COURSE_COST_MAX_CENTS: i32 = 10_000_000;
/// How many suggestions 为我推荐 shows.
pub const COURSE_SUGGESTIONS: usize = 3;
/// Fewer open postings than this in a worker's trades (in their city) and 为我推荐 suggests courses.
pub const FEW_POSTINGS: i64 = 10;

/// Where a course stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    /// Waiting for staff.
    Proposed,
    Approved,
    Rejected,
    Cancelled,
}

impl CourseStatus {
    pub const ALL: [CourseStatus; 4] = [
        CourseStatus::Proposed,
        CourseStatus::Approved,
        CourseStatus::Rejected,
        CourseStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CourseStatus::Proposed => "proposed",
            CourseStatus::Approved => "approved",
            CourseStatus::Rejected => "rejected",
            CourseStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A worker on a course.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    Enrolled,
    /// Given up before the first day: the place went back to the course.
    Withdrawn,
    /// Finished, with a certificate.
    Completed,
}

impl EnrolmentStatus {
    pub const ALL: [EnrolmentStatus; 3] = [
        EnrolmentStatus::Enrolled,
        EnrolmentStatus::Withdrawn,
        EnrolmentStatus::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EnrolmentStatus::Enrolled => "enrolled",
            EnrolmentStatus::Withdrawn => "withdrawn",
            EnrolmentStatus::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether it takes one of the course's places.
    pub fn holds_place(self) -> bool {
        matches!(self, EnrolmentStatus::Enrolled | EnrolmentStatus::Completed)
    }
}

/// The training subsidy (培训补贴) as it applies to one worker and one course: one subsidised course a
/// year per worker, claimed for them by the provider on completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subsidy {
    /// The course does not qualify.
    NotOffered,
    Eligible,
    /// The worker completed a subsidised course this year already.
    UsedThisYear,
}

/// A course as listed and as its page heads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseSummary {
    pub id: i64,
    pub title: String,
    pub trade_code: String,
    pub trade_name: String,
    pub trade_name_en: String,
    pub provider_name: String,
    pub city_name: String,
    pub district_name: String,
    pub address: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub schedule: String,
    pub hours: i16,
    pub capacity: i16,
    pub enrolled: i16,
    pub cost_cents: i32,
    pub subsidy_eligible: bool,
    /// 订单培训: the employer promising places to graduates, and how many.
    pub partner_name: Option<String>,
    pub partner_places: Option<i16>,
    pub status: CourseStatus,
    /// Why it was rejected or cancelled.
    pub status_reason: Option<String>,
}

impl CourseSummary {
    pub fn places_left(&self) -> i16 {
        (self.capacity - self.enrolled).max(0)
    }

    pub fn trade_name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.trade_name,
            Lang::En => &self.trade_name_en,
        }
    }
}

/// Who is looking at a course: what its page offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CourseViewer {
    SignedOut,
    Worker,
    /// Employers and staff: no enrolment for them.
    NotAWorker,
}

/// The signed-in worker's place on a course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyEnrolment {
    pub status: EnrolmentStatus,
    pub days_present: i64,
    pub certificate_no: Option<String>,
}

/// A course's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseDetail {
    pub course: CourseSummary,
    pub description: String,
    pub viewer: CourseViewer,
    pub mine: Option<MyEnrolment>,
    /// For a worker: the subsidy as it applies to them.
    pub subsidy: Option<Subsidy>,
    /// Workers may still enrol (approved, the first day not passed): places permitting.
    pub enrolling: bool,
    /// The viewer's organisation gives it, is its partner, or the viewer is staff keeping it: its
    /// roster is theirs to open.
    pub roster_open: bool,
    /// The viewer's organisation gives it: it may change its capacity or cancel it.
    pub provided_by_viewer: bool,
}

/// An organisation's courses: those it gives and those it is the partner of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationCourses {
    pub offered: Vec<CourseSummary>,
    pub partnered: Vec<CourseSummary>,
}

/// The staff desk's courses: proposals waiting for a decision and approved courses not yet over, in
/// the caller's area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffCourses {
    pub proposed: Vec<CourseSummary>,
    pub running: Vec<CourseSummary>,
}

/// A learner on a course's roster. The phone is whole: the provider and staff call learners, and the
/// partner sees only graduates who agreed to be introduced to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Learner {
    pub worker_id: i64,
    pub name: String,
    pub phone: String,
    pub status: EnrolmentStatus,
    pub days_present: i64,
    /// Present on the roster's day.
    pub present: bool,
    pub certificate_no: Option<String>,
    pub partner_consent: bool,
}

/// What the roster's viewer may do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RosterRole {
    /// Staff of the course's area: record attendance and completion.
    Staff,
    /// The organisation giving it: reads its learners.
    Provider,
    /// The 订单培训 partner: reads the graduates who agreed.
    Partner,
}

/// A course's learners for one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseRoster {
    pub course: CourseSummary,
    pub role: RosterRole,
    pub day: NaiveDate,
    /// The day is one attendance may be recorded for (a day of the course, not after today).
    pub day_open: bool,
    /// Completion may be recorded (the course has begun).
    pub may_complete: bool,
    pub learners: Vec<Learner>,
}

/// 为我推荐's courses: for a worker whose trades have few open postings near them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseSuggestions {
    /// Open postings in the worker's trades in their city (the reason for suggesting, when few).
    pub postings_in_trades: i64,
    pub courses: Vec<CourseSummary>,
}

/// A certificate number as staff type it: letters, digits and hyphens, 4 to 40 (spaces dropped).
pub fn parse_certificate_no(input: &str) -> Option<String> {
    let number: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (4..=40)
        .contains(&number.chars().count())
        .then_some(())
        .filter(|_| {
            number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(|_| number.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_numbers_are_read_as_typed() {
        assert_eq!(
            parse_certificate_no(" js-2026 0001 ").as_deref(),
            Some("JS-20260001")
        );
        assert_eq!(parse_certificate_no("abc"), None);
        assert_eq!(parse_certificate_no("证书123456"), None);
        assert_eq!(parse_certificate_no(&"9".repeat(41)), None);
    }

    #[test]
    fn statuses_round_trip() {
        for s in CourseStatus::ALL {
            assert_eq!(CourseStatus::parse(s.as_str()), Some(s));
        }
        for s in EnrolmentStatus::ALL {
            assert_eq!(EnrolmentStatus::parse(s.as_str()), Some(s));
        }
        assert!(EnrolmentStatus::Completed.holds_place());
        assert!(!EnrolmentStatus::Withdrawn.holds_place());
    }
}

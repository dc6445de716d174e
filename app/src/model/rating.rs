//! Ratings both ways after a worked shift (评价), and the records that follow workers and employers:
//! attendance, paid on time, wage cases found true.

use serde::{Deserialize, Serialize};

/// Below this many, a figure says nothing about a person and is not shown.
pub const RECORD_MIN: i64 = 3;
/// A worker's attendance counts their latest this many places.
pub const ATTENDANCE_WINDOW: i64 = 20;
/// An appeal's reason.
pub const APPEAL_MAX_CHARS: usize = 200;
/// How many days after a no-show was recorded the worker may still appeal it (the database's
/// `lingong_no_show_appeal_days`, migration 31).
pub const NO_SHOW_APPEAL_DAYS: i64 = 30;

/// The fixed tags: the first four a worker gives an employer, the last four an employer gives a worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingTag {
    /// 按时结算
    PaidOnTime,
    /// 活儿与描述一致
    AsDescribed,
    /// 态度好
    Respectful,
    /// 环境安全
    Safe,
    /// 准时
    Punctual,
    /// 认真
    Diligent,
    /// 手艺好
    Skilled,
    /// 好配合
    Cooperative,
}

impl RatingTag {
    pub const BY_WORKER: [RatingTag; 4] = [
        RatingTag::PaidOnTime,
        RatingTag::AsDescribed,
        RatingTag::Respectful,
        RatingTag::Safe,
    ];
    pub const BY_EMPLOYER: [RatingTag; 4] = [
        RatingTag::Punctual,
        RatingTag::Diligent,
        RatingTag::Skilled,
        RatingTag::Cooperative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RatingTag::PaidOnTime => "paid_on_time",
            RatingTag::AsDescribed => "as_described",
            RatingTag::Respectful => "respectful",
            RatingTag::Safe => "safe",
            RatingTag::Punctual => "punctual",
            RatingTag::Diligent => "diligent",
            RatingTag::Skilled => "skilled",
            RatingTag::Cooperative => "cooperative",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::BY_WORKER
            .into_iter()
            .chain(Self::BY_EMPLOYER)
            .find(|t| t.as_str() == s)
    }

    /// The tags one side may give.
    pub fn for_rater(by_worker: bool) -> [RatingTag; 4] {
        if by_worker {
            Self::BY_WORKER
        } else {
            Self::BY_EMPLOYER
        }
    }
}

/// Where an appeal against a rating stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    Open,
    /// The rating is taken out of every aggregate.
    Upheld,
    Rejected,
}

impl AppealStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AppealStatus::Open => "open",
            AppealStatus::Upheld => "upheld",
            AppealStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            AppealStatus::Open,
            AppealStatus::Upheld,
            AppealStatus::Rejected,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One side's rating of a place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub stars: i16,
    pub tags: Vec<RatingTag>,
    pub appeal: Option<AppealStatus>,
}

/// A place's ratings as one reader may see them: their own, and the other side's once revealed (both
/// have rated, or a week has passed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceRatings {
    pub given: Option<Rating>,
    pub received: Option<Rating>,
    /// The other side has rated, but it is not shown yet.
    pub received_hidden: bool,
    /// The reader may still rate (the place was worked and they have not).
    pub may_rate: bool,
}

/// What others said of someone: shown from [`RECORD_MIN`] ratings on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reputation {
    pub ratings: i64,
    pub average_stars: Option<f64>,
    /// The tags given most, most first (at most three).
    pub top_tags: Vec<RatingTag>,
}

/// A worker's record as an employer deciding sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkerRecord {
    pub reputation: Reputation,
    /// Of the latest [`ATTENDANCE_WINDOW`] places decided (worked or missed): how many, and worked.
    pub recent_places: i64,
    pub recent_attended: i64,
}

impl WorkerRecord {
    /// Attendance in percent, when there are enough places to say.
    pub fn attendance_percent(&self) -> Option<i64> {
        (self.recent_places >= RECORD_MIN)
            .then(|| (self.recent_attended * 100 + self.recent_places / 2) / self.recent_places)
    }
}

/// An employer's record as a worker looking at its postings sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmployerRecord {
    pub reputation: Reputation,
    /// Places worked whose shift ended long enough ago to judge, and of those paid on time (a
    /// payment the worker confirmed, recorded within the days before a wage case opens by itself).
    pub judged_places: i64,
    pub paid_on_time: i64,
    /// Wage cases staff found true.
    pub upheld_wage_cases: i64,
}

impl EmployerRecord {
    pub fn paid_on_time_percent(&self) -> Option<i64> {
        (self.judged_places >= RECORD_MIN)
            .then(|| (self.paid_on_time * 100 + self.judged_places / 2) / self.judged_places)
    }
}

/// An appeal against a rating, as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingAppeal {
    pub application_id: i64,
    /// The rating was given by the worker (so the employer appeals), or the other way.
    pub by_worker: bool,
    pub stars: i16,
    pub tags: Vec<RatingTag>,
    pub reason: String,
    pub posting_title: String,
    pub employer_name: String,
    pub worker_name: String,
    pub appealed_at: chrono::DateTime<chrono::Utc>,
}

/// A worker's appeal against a no-show the employer recorded (缺勤申诉), as both sides of the place
/// see it. Upheld, the no-show leaves the worker's attendance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoShowAppeal {
    pub reason: String,
    pub status: AppealStatus,
    pub appealed_at: chrono::DateTime<chrono::Utc>,
}

/// An open no-show appeal, as the staff who decide it see it: the place, both sides to call, the
/// worker's reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoShowAppealCase {
    pub application_id: i64,
    pub posting_title: String,
    pub start_date: chrono::NaiveDate,
    pub end_date: chrono::NaiveDate,
    pub employer_name: String,
    /// The organisation's contact phone, in full: staff call both sides.
    pub employer_phone: Option<String>,
    pub worker_name: String,
    pub worker_phone: String,
    pub reason: String,
    /// When the employer recorded the no-show, and when the worker appealed.
    pub marked_at: chrono::DateTime<chrono::Utc>,
    pub appealed_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_need_enough_places() {
        let mut w = WorkerRecord {
            recent_places: 2,
            recent_attended: 2,
            ..Default::default()
        };
        assert_eq!(w.attendance_percent(), None);
        w.recent_places = 3;
        assert_eq!(w.attendance_percent(), Some(67));
        let e = EmployerRecord {
            judged_places: 4,
            paid_on_time: 3,
            ..Default::default()
        };
        assert_eq!(e.paid_on_time_percent(), Some(75));
    }

    #[test]
    fn tags_round_trip_and_belong_to_one_side() {
        for tag in RatingTag::BY_WORKER
            .into_iter()
            .chain(RatingTag::BY_EMPLOYER)
        {
            assert_eq!(RatingTag::parse(tag.as_str()), Some(tag));
            assert_ne!(
                RatingTag::BY_WORKER.contains(&tag),
                RatingTag::BY_EMPLOYER.contains(&tag)
            );
        }
    }
}

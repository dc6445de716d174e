//! The in-app notification feed (消息) of workers and employers.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// To the employer: someone applied.
    NewApplicant,
    /// To the employer: an applicant withdrew.
    ApplicationWithdrawn,
    /// To the worker.
    Accepted,
    Rejected,
    AttendanceRecorded,
    /// To applicants: the posting's dates, pay, place or hours changed.
    PostingChanged,
    /// To applicants: the employer closed or paused the posting.
    PostingCancelled,
    /// To the worker: a new posting matches a saved search.
    AlertMatch,
    /// To the employer: an accepted worker confirmed they will come.
    PlaceConfirmed,
    /// To the worker: the employer took back a place left unconfirmed.
    PlaceReleased,
    /// To the worker: the employer cancelled a place the worker held.
    PlaceCancelled,
    /// To the worker: the employer corrected a day's hours.
    HoursCorrected,
    /// To the worker: the employer recorded a payment, to confirm or dispute.
    PaymentRecorded,
    /// To the employer: the worker confirmed or disputed a payment (the detail: the dispute's reason).
    PaymentAnswered,
    /// To both: a wage case (欠薪) was opened or decided about the place.
    WageCase,
    /// To the other side of a place: a message in its thread (the detail: its beginning).
    PlaceMessage,
    /// To the employer: the worker appealed a no-show it recorded (the detail: the reason).
    NoShowAppealed,
    /// To both: staff upheld the appeal; the no-show leaves the worker's attendance.
    NoShowUpheld,
    /// To both: staff rejected the appeal; the no-show stays.
    NoShowRejected,
    /// To the riders: staff cancelled a 零工巴士 run (the title: where it was going; the detail: why).
    BusCancelled,
    /// To the worker: a district's staff offer graded help and ask for consent (the title: the district).
    HelpOffered,
    /// To the worker: the staff keeping their help case recommend a posting (the detail: their note).
    HelpReferral,
    /// To the provider: staff approved or rejected its course (the title: the course; the detail: why).
    CourseDecided,
    /// To the learners: the course was cancelled (the detail: why).
    CourseCancelled,
    /// To the learner: staff recorded their completion (the detail: the certificate number).
    CourseCompleted,
    /// To the 订单培训 partner: a learner who agreed to be introduced completed (the detail: who).
    CourseGraduate,
    /// To the employer: staff approved or rejected its booth (the title: the fair; the detail: empty
    /// when approved).
    BoothDecided,
    /// To those signed up and the employers with booths: the fair was cancelled (the detail: why).
    FairCancelled,
    /// To the worker: an organisation invites them to apply to a posting (找人才; the detail: the
    /// organisation's name).
    TalentInvited,
    /// To the organisation: the worker accepted its invitation and applied (the detail: empty) or
    /// declined it (the detail: "declined").
    TalentAnswered,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 30] = [
        NotificationKind::NewApplicant,
        NotificationKind::ApplicationWithdrawn,
        NotificationKind::Accepted,
        NotificationKind::Rejected,
        NotificationKind::AttendanceRecorded,
        NotificationKind::PostingChanged,
        NotificationKind::PostingCancelled,
        NotificationKind::AlertMatch,
        NotificationKind::PlaceConfirmed,
        NotificationKind::PlaceReleased,
        NotificationKind::PlaceCancelled,
        NotificationKind::HoursCorrected,
        NotificationKind::PaymentRecorded,
        NotificationKind::PaymentAnswered,
        NotificationKind::WageCase,
        NotificationKind::PlaceMessage,
        NotificationKind::NoShowAppealed,
        NotificationKind::NoShowUpheld,
        NotificationKind::NoShowRejected,
        NotificationKind::BusCancelled,
        NotificationKind::HelpOffered,
        NotificationKind::HelpReferral,
        NotificationKind::CourseDecided,
        NotificationKind::CourseCancelled,
        NotificationKind::CourseCompleted,
        NotificationKind::CourseGraduate,
        NotificationKind::BoothDecided,
        NotificationKind::FairCancelled,
        NotificationKind::TalentInvited,
        NotificationKind::TalentAnswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::NewApplicant => "new_applicant",
            NotificationKind::ApplicationWithdrawn => "application_withdrawn",
            NotificationKind::Accepted => "accepted",
            NotificationKind::Rejected => "rejected",
            NotificationKind::AttendanceRecorded => "attendance_recorded",
            NotificationKind::PostingChanged => "posting_changed",
            NotificationKind::PostingCancelled => "posting_cancelled",
            NotificationKind::AlertMatch => "alert_match",
            NotificationKind::PlaceConfirmed => "place_confirmed",
            NotificationKind::PlaceReleased => "place_released",
            NotificationKind::PlaceCancelled => "place_cancelled",
            NotificationKind::HoursCorrected => "hours_corrected",
            NotificationKind::PaymentRecorded => "payment_recorded",
            NotificationKind::PaymentAnswered => "payment_answered",
            NotificationKind::WageCase => "wage_case",
            NotificationKind::PlaceMessage => "place_message",
            NotificationKind::NoShowAppealed => "no_show_appealed",
            NotificationKind::NoShowUpheld => "no_show_upheld",
            NotificationKind::NoShowRejected => "no_show_rejected",
            NotificationKind::BusCancelled => "bus_cancelled",
            NotificationKind::HelpOffered => "help_offered",
            NotificationKind::HelpReferral => "help_referral",
            NotificationKind::CourseDecided => "course_decided",
            NotificationKind::CourseCancelled => "course_cancelled",
            NotificationKind::CourseCompleted => "course_completed",
            NotificationKind::CourseGraduate => "course_graduate",
            NotificationKind::BoothDecided => "booth_decided",
            NotificationKind::FairCancelled => "fair_cancelled",
            NotificationKind::TalentInvited => "talent_invited",
            NotificationKind::TalentAnswered => "talent_answered",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub posting_id: Option<i64>,
    /// The posting's title when the notification was made.
    pub title: String,
    /// A reason or a saved search's label (empty for an alert that merged several searches); plain text.
    pub detail: String,
    /// The postings an alert counts: several when new postings were merged into it (a digest, whose
    /// `posting_id` and `title` are then the newest's). 1 for everything else.
    pub postings: u32,
    /// An alert about one saved search: that search's page, which lists what it counts.
    pub search_url: Option<String>,
    /// A message about a place: its thread.
    pub thread_url: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationFeed {
    pub items: Vec<Notification>,
    pub unread: i64,
}

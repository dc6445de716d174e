//! Messages about a place (留言): the thread between a worker given a place and the employer, the
//! platform's way to talk for an employer that keeps its phone private.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A message's text.
pub const MESSAGE_MAX_CHARS: usize = 500;
/// A message report's reason.
pub const MESSAGE_REPORT_MAX_CHARS: usize = 200;
/// How much of a message its notification quotes.
pub const MESSAGE_NOTICE_CHARS: usize = 60;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceMessage {
    pub id: i64,
    /// Written by the one reading the thread.
    pub mine: bool,
    pub body: String,
    /// Written to every place of the posting at once (群发).
    pub broadcast: bool,
    pub created_at: DateTime<Utc>,
    /// Reported (by the one reading it, who may report a message once).
    pub reported: bool,
    /// Hidden by staff after a report: its text is not sent (`body` is empty).
    pub hidden: bool,
}

/// A place's thread as one side sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceThread {
    pub application_id: i64,
    pub posting_id: i64,
    pub posting_title: String,
    /// The other side: the organisation for the worker, the worker's name for the employer.
    pub other_party: String,
    pub reader_is_worker: bool,
    /// Oldest first; the latest 200.
    pub messages: Vec<PlaceMessage>,
    /// The place is still one given (accepted, worked or missed): messages can be written.
    pub open: bool,
}

/// A reported message as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportedMessage {
    pub id: i64,
    pub posting_id: i64,
    pub posting_title: String,
    pub employer_name: String,
    pub worker_name: String,
    pub from_worker: bool,
    pub body: String,
    pub reason: String,
    pub reported_at: DateTime<Utc>,
}

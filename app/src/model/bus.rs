//! 零工巴士: runs from a market to a work site, published by the market's staff, and the seats workers
//! reserve on them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// At most this many seats on one run (a large coach).
pub const BUS_SEATS_MAX: i16 = 99;
/// Where a run goes, and where to get on.
pub const BUS_PLACE_MAX_CHARS: usize = 100;
/// A run's note, and a cancellation's reason.
pub const BUS_NOTE_MAX_CHARS: usize = 200;
/// At most this many postings served by one run.
pub const BUS_POSTINGS_MAX: usize = 10;
/// How far ahead a market's page lists runs.
pub const BUS_DAYS_AHEAD: i64 = 14;

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Scheduled,
    Cancelled,
}

impl RunStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "scheduled" => Some(RunStatus::Scheduled),
            "cancelled" => Some(RunStatus::Cancelled),
            _ => None,
        }
    }
}

/// A worker's seat on a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatStatus {
    Reserved,
    /// Given up by the worker: the seat went back to the run.
    Cancelled,
    /// Staff saw the worker get on.
    Boarded,
}

impl SeatStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SeatStatus::Reserved => "reserved",
            SeatStatus::Cancelled => "cancelled",
            SeatStatus::Boarded => "boarded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            SeatStatus::Reserved,
            SeatStatus::Cancelled,
            SeatStatus::Boarded,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// Whether the seat counts against the run's seats.
    pub fn holds_seat(self) -> bool {
        matches!(self, SeatStatus::Reserved | SeatStatus::Boarded)
    }
}

/// A posting a run serves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusPosting {
    pub id: i64,
    pub title: String,
}

/// A run as workers see it, on the market's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusRun {
    pub id: i64,
    pub market_slug: String,
    pub market_name: String,
    pub departs_at: DateTime<Utc>,
    pub destination: String,
    /// Empty: at the market.
    pub meeting_point: String,
    pub note: String,
    pub seats: i16,
    pub taken: i16,
    pub status: RunStatus,
    pub cancel_reason: Option<String>,
    pub postings: Vec<BusPosting>,
    /// The signed-in worker's seat on it.
    pub my_seat: Option<SeatStatus>,
    /// It has left: nothing more to reserve or give up.
    pub departed: bool,
}

impl BusRun {
    pub fn seats_left(&self) -> i16 {
        (self.seats - self.taken).max(0)
    }

    /// Whether a worker without a seat on it may still reserve one.
    pub fn open(&self) -> bool {
        self.status == RunStatus::Scheduled && !self.departed
    }
}

/// Who is looking at a market's runs: what the page offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BusViewer {
    SignedOut,
    Worker,
    /// Employers and staff: no seats for them.
    NotAWorker,
}

/// A market's timetable: its runs of the coming days, as one viewer sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusTimetable {
    pub runs: Vec<BusRun>,
    pub viewer: BusViewer,
}

/// A market staff may publish runs from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusMarket {
    pub id: i32,
    pub name: String,
}

/// A rider on the boarding list: staff call those who are late, so the phone is whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusRider {
    pub worker_id: i64,
    pub name: String,
    pub phone: String,
    pub status: SeatStatus,
    pub reserved_at: DateTime<Utc>,
}

/// A run with its riders, for the staff at the bus's door.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardingList {
    pub run: BusRun,
    pub riders: Vec<BusRider>,
    /// Now is within the boarding window (an hour before departure until two after).
    pub may_board: bool,
}

/// The staff desk's runs and the markets they may publish from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffBuses {
    pub markets: Vec<BusMarket>,
    pub runs: Vec<BusRun>,
}

/// The posting numbers in a form's field: "12, 15 18" → [12, 15, 18]. `None` when something else is
/// there or there are too many.
pub fn parse_posting_ids(field: &str) -> Option<Vec<i64>> {
    let mut ids = Vec::new();
    for part in field
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let id: i64 = part.parse().ok().filter(|id| *id > 0)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    (ids.len() <= BUS_POSTINGS_MAX).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_numbers_are_read_from_what_staff_type() {
        assert_eq!(parse_posting_ids(""), Some(vec![]));
        assert_eq!(
            parse_posting_ids("12, 15 18，12、7"),
            Some(vec![12, 15, 18, 7])
        );
        assert_eq!(parse_posting_ids("12;15"), None);
        assert_eq!(parse_posting_ids("-3"), None);
        assert_eq!(parse_posting_ids("1 2 3 4 5 6 7 8 9 10 11"), None);
    }

    #[test]
    fn seats_statuses_round_trip() {
        for s in [
            SeatStatus::Reserved,
            SeatStatus::Cancelled,
            SeatStatus::Boarded,
        ] {
            assert_eq!(SeatStatus::parse(s.as_str()), Some(s));
        }
        assert!(SeatStatus::Boarded.holds_seat() && !SeatStatus::Cancelled.holds_seat());
    }
}

//! Matching (精准匹配): recommendations for a worker, and saved searches that alert them.

use serde::{Deserialize, Serialize};

use super::{PostingSummary, SearchQuery};

/// Why a posting was recommended, strongest reasons first; the page turns them into one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    /// The worker listed this trade.
    Trade,
    /// The worker listed a trade of the same sector.
    Sector,
    /// Within a short distance of the worker's home area.
    Near,
    /// Pays at least what the worker expects.
    Pay,
    /// Welcomes a group the worker belongs to.
    Group,
    /// Posted in the last day.
    New,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub posting: PostingSummary,
    pub distance_m: Option<u32>,
    pub reasons: Vec<MatchReason>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
    /// The profile has no trades and no home area: the list is only "newest", and the page says so.
    pub profile_incomplete: bool,
}

pub const SAVED_SEARCHES_MAX: usize = 10;
pub const SAVED_SEARCH_LABEL_MAX_CHARS: usize = 60;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: i64,
    pub label: String,
    pub query: SearchQuery,
    /// Link to the search page with these filters.
    pub url: String,
}

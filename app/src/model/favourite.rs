//! A worker's own lists: postings kept to come back to (收藏) and organisations followed (关注).

use serde::{Deserialize, Serialize};

use super::{PostingState, PostingSummary};

/// At most this many postings kept and organisations followed (the database says the same).
pub const FAVOURITES_MAX: usize = 200;
pub const FOLLOWS_MAX: usize = 100;

/// A kept posting, with where it stands now: a kept gig may since have filled or ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FavouritePosting {
    pub posting: PostingSummary,
    pub state: PostingState,
    pub saved_at: chrono::DateTime<chrono::Utc>,
}

/// A followed organisation and its newest open postings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowedEmployer {
    pub employer_id: i64,
    pub name: String,
    pub verified: bool,
    /// Open postings that can still be worked, today or later.
    pub open_postings: i64,
    /// The newest few of them.
    pub newest: Vec<PostingSummary>,
}

/// Both lists, as the worker's page shows them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub postings: Vec<FavouritePosting>,
    pub employers: Vec<FollowedEmployer>,
}

/// What the posting page's 收藏 and 关注 buttons show for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeepState {
    /// Signing in comes first (and returns to the posting).
    SignedOut,
    /// Employers, staff and admins keep no lists.
    NotAWorker,
    Worker {
        favourite: bool,
        following: bool,
        /// The posting's organisation, which the follow button names.
        employer_id: i64,
    },
}

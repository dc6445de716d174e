//! Server functions, one module per domain. Each one validates its input on the server (the browser's
//! checks are a convenience only), decides access, and calls into [`crate::db`].
//!
//! May import `auth`, `db`, `model`, the live hubs through the state; never `pages` or `components`
//! (they call these functions, not the other way round).

pub mod accounts;
pub mod agencies;
pub mod api_keys;
pub mod applications;
pub mod boards;
pub mod buses;
pub mod client;
pub mod courses;
pub mod employer;
pub mod fairs;
pub mod favourites;
pub mod help_cases;
pub mod map;
pub mod markets;
pub mod matching;
pub mod no_show_appeals;
pub mod notifications;
pub mod place_messages;
pub mod places;
pub mod policy_notes;
pub mod postings;
pub mod prefs;
pub mod profiles;
pub mod ratings;
pub mod reports;
pub mod shifts;
pub mod staff;
pub mod talent;
pub mod teams;
pub mod trades;

#[cfg(feature = "ssr")]
mod context;

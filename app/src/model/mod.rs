//! Wire types: what travels between the server and the browser. They derive serde only; the database's
//! row types live in [`crate::db`] and are converted into these at the edge.

mod money;
mod posting;
mod trade;

pub use money::{format_pay, PayUnit};
pub use posting::{PostingCursor, PostingPage, PostingSummary, PostingTag, TodayQuery, PAGE_SIZE};
pub use trade::{Trade, TradeCode};

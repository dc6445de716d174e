//! Reusable view pieces.

pub mod gig_map;
pub mod hydrated;
pub mod layout;
pub mod live;
pub mod page_title;
pub mod posting_card;
pub mod report_form;
pub mod search_form;
#[cfg(feature = "hydrate")]
pub mod swap;
pub mod trade_select;

//! Reusable view pieces.

pub mod gig_map;
pub mod layout;
pub mod posting_card;
pub mod search_form;
pub mod trade_select;

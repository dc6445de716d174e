//! Reusable view pieces.

pub mod layout;
pub mod posting_card;
pub mod trade_select;

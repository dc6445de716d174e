//! What every server function reaches for, split by concern: the request's state and headers
//! ([`request`]), who is calling and what they may do, with refusals audited ([`access`]), the status a
//! failure answers with ([`status`]), where a plain form sends the browser back ([`redirect`]), and the
//! cleaning of free text and clock times typed ([`text`]). Re-exported here, so a server function says
//! `context::authorize`.

mod access;
mod redirect;
mod request;
mod status;
mod text;

pub use access::{audit_change, audit_change_from, authorize, authorize_as, caller, staff_caller};
pub use redirect::posting_page_after;
#[cfg(test)]
pub use redirect::posting_page_marked;
pub use request::{
    append_header, clear_session_cookie, insert_header, pool, read_pool, request_headers, state,
};
pub use status::{respond, wants_page_back};
pub use text::{china_time_on, clean_paragraphs, clean_text, decision_reason};

pub use crate::calendar::today;

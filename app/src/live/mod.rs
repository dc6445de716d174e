//! What runs beside the requests (server only): the database's announcements fanned out to this
//! instance's open pages ([`events`]), the live boards kept fresh for their viewers ([`boards`]), and the
//! periodic jobs ([`jobs`]). All of it is started once, by [`crate::state::AppState::start`], and
//! stops when the server shuts down or the pool is closed.
//!
//! May use `db` and `model`; the pages and server functions reach it only through the
//! [`crate::state::AppState`], and the plain handlers of [`crate::http`] stream from it.

pub mod boards;
pub mod events;
pub mod jobs;

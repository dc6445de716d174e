//! Search beside SQL (server only): the open postings held in memory for searches within a distance
//! ([`index`]), and the answers to recent searches ([`cache`]). Both follow the database's
//! announcements, so no answer outlives what it was read from. The queries they stand in for are in
//! [`crate::db::postings`] and [`crate::db::search_index`].

pub mod cache;
pub mod index;

//! One module per route.

pub mod account;
pub mod applications;
pub mod boards;
pub mod employer;
pub mod for_you;
pub mod home;
pub mod markets;
pub mod messages;
pub mod not_found;
pub mod posting;
pub mod sign_in;
pub mod staff;
pub mod statistics;

//! One module per route.

pub mod account;
pub mod home;
pub mod markets;
pub mod not_found;
pub mod posting;
pub mod sign_in;
pub mod staff;

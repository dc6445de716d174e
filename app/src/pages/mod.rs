//! One module per route.

pub mod home;
pub mod markets;
pub mod not_found;
pub mod posting;

//! One module per route: what the route shows, loaded through [`crate::resource::page_resource`] from
//! the server functions of [`crate::api`]. Pieces more than one page uses live in
//! [`crate::components`]; no page imports another page's module for them.

pub mod account;
pub mod agencies;
pub mod applications;
pub mod boards;
pub mod buses;
pub mod courses;
pub mod developers;
pub mod employer;
pub mod fairs;
pub mod favourites;
pub mod for_you;
pub mod help;
pub mod home;
pub mod markets;
pub mod messages;
pub mod not_found;
pub mod place_thread;
pub mod posting;
pub mod posting_editor;
pub mod shift;
pub mod sign_in;
pub mod staff;
pub mod stations;
pub mod statistics;
pub mod talent;
pub mod team;

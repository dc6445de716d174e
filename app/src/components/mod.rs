//! Reusable view pieces, used by more than one page. May import `api` (for their actions), `model`,
//! `i18n` and `resource`; never `pages`.

pub mod facet_chips;
pub mod feedback;
pub mod gig_map;
pub mod hydrated;
pub mod layout;
pub mod leaflet_loader;
pub mod live;
pub mod page_title;
pub mod place_finder;
pub mod place_picker;
pub mod posting_card;
pub mod report_form;
pub mod route_id;
pub mod search_form;
#[cfg(feature = "hydrate")]
pub mod swap;
pub mod trade_select;

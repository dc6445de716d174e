//! What the server hands to every request: Leptos's options, the database pool, and the settings and
//! seams requests need. `leptos_axum` provides the whole state as context to server functions, so no
//! global is needed.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;

use crate::auth::sms::SmsGateway;
use crate::model::MapSettings;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub map: MapSettings,
    pub auth: AuthSettings,
    /// Where people reach the site (`LINGONG_PUBLIC_URL`, no trailing slash): links that leave the
    /// page (QR codes, canonical links, structured data) start with it, never with a request's Host.
    pub public_url: String,
    pub sms: Arc<dyn SmsGateway>,
    /// The live events' fan-out (see [`crate::events`]).
    pub events: crate::events::EventHub,
    /// The live boards with viewers on this instance (see [`crate::live_boards`]).
    pub boards: crate::live_boards::BoardHub,
    /// Recent search results (see [`crate::search_cache`]).
    pub searches: crate::search_cache::SearchCache,
    /// The open postings in memory, for search (see [`crate::search_index`]).
    pub search_index: crate::search_index::SearchIndex,
}

/// How the deployment is reached, as far as cookies and rate limits care.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthSettings {
    /// Served over TLS: cookies get the Secure flag.
    pub secure_cookies: bool,
    /// A reverse proxy in front reports the client's address in `X-Forwarded-For`.
    pub trust_proxy: bool,
}

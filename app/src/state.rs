//! What the server hands to every request: Leptos's options, the database pool, the settings and seams
//! requests need, and the running parts beside them. `leptos_axum` provides the whole state as context
//! to server functions, so no global is needed. [`AppState::start`] is the one way to build it: the
//! server and the tests start the same site.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;

use crate::auth::sms::SmsGateway;
use crate::db::replicas::Replicas;
use crate::http::read_floor::ReadFloor;
use crate::live::boards::BoardHub;
use crate::live::events::EventHub;
use crate::live::jobs::{JobSettings, Jobs};
use crate::model::MapSettings;
use crate::search::Search;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The primary: writes, sessions, rate limits, `LISTEN`, and every read not routed by
    /// [`AppState::reading`].
    pub pool: PgPool,
    /// The streaming replicas the public's reads may go to (see [`crate::db::replicas`]).
    pub replicas: Replicas,
    pub map: MapSettings,
    pub auth: AuthSettings,
    /// Where people reach the site (`LINGONG_PUBLIC_URL`, no trailing slash): links that leave the
    /// page (QR codes, canonical links, structured data) start with it, never with a request's Host.
    pub public_url: String,
    pub sms: Arc<dyn SmsGateway>,
    /// The live events' fan-out (see [`crate::live::events`]).
    pub events: EventHub,
    /// The live boards with viewers on this instance (see [`crate::live::boards`]).
    pub boards: BoardHub,
    /// The job seeker's search (see [`crate::search`]).
    pub search: Search,
    /// The font share cards are drawn with; none, and pages name no og:image.
    pub share_cards: Option<crate::http::share_card::CardFont>,
    /// The jobs running beside the requests (see [`crate::live::jobs`]).
    pub jobs: Jobs,
    /// The public API's rate limits on this instance (see [`crate::public_api::limits`]).
    pub api_limits: crate::public_api::ApiLimits,
}

/// What a site is started with: the deployment's settings (the server reads them from its command line
/// and environment; tests fix them).
#[derive(Clone, Debug)]
pub struct Settings {
    pub leptos_options: LeptosOptions,
    pub map: MapSettings,
    pub auth: AuthSettings,
    /// See [`AppState::public_url`].
    pub public_url: String,
    pub sms: Arc<dyn SmsGateway>,
    /// See [`AppState::share_cards`].
    pub share_cards: Option<crate::http::share_card::CardFont>,
    pub jobs: JobSettings,
    pub api: crate::public_api::ApiSettings,
    /// The replicas ([`Replicas::none`] reads everything from the primary).
    pub replicas: Replicas,
}

impl AppState {
    /// Builds the hubs and the search index and starts everything that runs beside the requests: the
    /// database listener, the index's loading and following, the map cells and the housekeeping. All of
    /// it stops at [`AppState::shut_down`], or when the pool is closed. Needs a Tokio runtime.
    pub fn start(pool: PgPool, settings: Settings) -> AppState {
        let Settings {
            leptos_options,
            map,
            auth,
            public_url,
            sms,
            share_cards,
            jobs,
            api,
            replicas,
        } = settings;
        let events = EventHub::default();
        replicas.watch(events.stopped(&pool));
        let boards = BoardHub::new(pool.clone(), replicas.clone(), events.clone());
        let search = Search::start(&pool, &replicas, &events);
        events.spawn_listener(pool.clone());
        let jobs = crate::live::jobs::spawn_all(&pool, &events, &sms, jobs);
        AppState {
            leptos_options,
            pool,
            replicas,
            map,
            auth,
            public_url,
            sms,
            events,
            boards,
            search,
            share_cards,
            jobs,
            api_limits: crate::public_api::ApiLimits::new(api),
        }
    }

    /// Where a read the public asks for often goes: a replica that has replayed `floor` (the reader's
    /// last write), or the primary.
    pub fn reading(&self, floor: Option<ReadFloor>) -> PgPool {
        self.replicas.for_reading(&self.pool, floor.map(|f| f.0))
    }

    /// Stops what [`AppState::start`] started, and ends every open stream (a graceful shutdown would
    /// otherwise wait up to half an hour for them).
    pub fn shut_down(&self) {
        self.events.close();
    }

    /// After [`AppState::shut_down`]: waits for what must not be cut short (a texts' round) to finish.
    pub async fn finished(&self) {
        self.jobs.finished(std::time::Duration::from_secs(30)).await;
    }
}

/// How the deployment is reached, as far as cookies and rate limits care.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthSettings {
    /// Served over TLS: cookies get the Secure flag.
    pub secure_cookies: bool,
    /// A reverse proxy in front reports the client's address in `X-Forwarded-For`.
    pub trust_proxy: bool,
}

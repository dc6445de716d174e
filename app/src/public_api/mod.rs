//! The public read API (`/api/v1`, 开放接口): posting search with every filter the site has, a posting,
//! markets and stations, fairs and courses as they come, and board figures, as JSON for partner
//! platforms (就在江苏, other provinces' markets, newsrooms). Versioned by its path: what `v1` returns
//! only ever gains fields.
//!
//! The OpenAPI 3.1 document is generated from these handlers and their types (utoipa) and served at
//! `/api/v1/openapi.json`; `/developers/api` reads it for people. Every request passes the key and its
//! rate limit ([`limits`]) and is open to other sites' scripts (CORS, reads only).
//!
//! Server only: these types are the API's contract, kept apart from the site's wire types so that the
//! site can change without breaking partners.

mod boards;
mod calendar;
mod export;
mod import;
pub mod limits;
mod markets;
mod postings;
mod problem;
pub mod reference;
mod schema;
pub mod schema_org;

use std::sync::{Arc, LazyLock};

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;
pub use limits::{ApiLimits, ApiSettings};
pub use problem::Problem;

/// The document's fixed parts; the paths and schemas come from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lingong 零工市场 public API",
        version = "1",
        description = "Open postings, markets and stations, job fairs, training courses and live \
figures of Jiangsu's public gig-work markets (零工市场), read-only and free.\n\n\
Without a key every address may make a small number of requests a minute; partners get a key from \
the platform's administrators (`Authorization: Bearer lg_…` or `X-Api-Key: lg_…`) with a limit of \
their own. Over the limit the answer is 429 with `Retry-After` (seconds). Errors are JSON \
(`Problem`) in Chinese, or in English when `Accept-Language` asks for it.\n\n\
Partners whose key may push send postings as JSON Lines to `/api/v1/import/postings.jsonl`, under \
their own ids: the same line again changes nothing, a changed line updates its posting, and a gig \
already on the platform (same organisation, trade, place within 500 m and dates) is recognised.",
        license(name = "CC BY 4.0 (data)", url = "https://creativecommons.org/licenses/by/4.0/")
    ),
    tags(
        (name = "postings", description = "零工岗位: open gigs and their details"),
        (name = "markets", description = "零工市场和驿站: public gig-work markets and stations"),
        (name = "calendar", description = "招聘会和技能培训: job fairs and training courses to come"),
        (name = "boards", description = "实时看板: today's figures of a market, district, city or the province"),
    ),
    modifiers(&Security),
    components(schemas(Problem))
)]
struct ApiDoc;

/// Both ways of presenting a key, as security schemes; every operation also works without one.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lg_ followed by 48 hex digits")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Api-Key"))),
        );
    }
}

/// The API's routes and its document, from one list: a handler not listed here is neither served
/// nor described.
fn split() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(postings::search))
        .routes(routes!(postings::posting))
        .routes(routes!(export::postings))
        .routes(routes!(export::job_postings))
        .routes(routes!(import::postings))
        .routes(routes!(markets::markets))
        .routes(routes!(markets::market))
        .routes(routes!(calendar::fairs))
        .routes(routes!(calendar::courses))
        .routes(routes!(boards::board))
        .split_for_parts()
}

/// The OpenAPI document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| split().1);
    &DOCUMENT
}

/// `/api/v1/*`, with the document, the limits and CORS; merged into the site's router by the server.
pub fn routes(state: &AppState) -> Router<AppState> {
    let (api, _) = split();
    let json: Arc<str> = match document().to_json() {
        Ok(json) => json.into(),
        Err(error) => {
            tracing::error!(%error, "the OpenAPI document does not serialise");
            "{}".into()
        }
    };
    api.route(
        "/api/v1/openapi.json",
        get(move || {
            let json = json.clone();
            async move {
                (
                    [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                    json.to_string(),
                )
                    .into_response()
            }
        }),
    )
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        limits::enforce,
    ))
    // Outside the limits: a browser's preflight is not a request to count.
    .layer(
        CorsLayer::new()
            .allow_origin(Any)
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([header::AUTHORIZATION, HeaderName::from_static("x-api-key")])
            .expose_headers([
                header::RETRY_AFTER,
                HeaderName::from_static("x-ratelimit-limit"),
            ])
            .max_age(std::time::Duration::from_secs(86_400)),
    )
}

/// The language of an API answer's messages: English when `Accept-Language` puts it before Chinese.
fn lang_of(headers: &axum::http::HeaderMap) -> crate::i18n::Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match (accept.find("en"), accept.find("zh")) {
        (Some(en), Some(zh)) if en < zh => crate::i18n::Lang::En,
        (Some(_), None) => crate::i18n::Lang::En,
        _ => crate::i18n::Lang::Zh,
    }
}

/// Answers are fresh for a short while: partners polling every few seconds share a cache's copy.
fn cache_for(seconds: u32) -> [(HeaderName, HeaderValue); 1] {
    [(
        header::CACHE_CONTROL,
        HeaderValue::from_str(&format!("public, max-age={seconds}"))
            .unwrap_or(HeaderValue::from_static("no-cache")),
    )]
}

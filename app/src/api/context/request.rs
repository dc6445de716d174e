//! The request's state, headers and response headers, from the context `leptos_axum` provides.

use leptos::prelude::use_context;
use sqlx::PgPool;

use crate::error::AppError;
use crate::http::read_floor::ReadFloor;
use crate::state::AppState;

/// The pool, from the state `leptos_axum` puts into every server function's context.
pub fn pool() -> Result<PgPool, AppError> {
    state().map(|state| state.pool)
}

/// The pool for the reads the public asks for most (searches, the map, posting, market and board
/// pages): a replica that has what this person last wrote, or the primary. Anything that writes, or
/// reads to decide a write, uses [`pool`].
pub fn read_pool() -> Result<PgPool, AppError> {
    let floor = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ReadFloor>().copied());
    state().map(|state| state.reading(floor))
}

/// The state `leptos_axum` puts into every server function's context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server-function context");
        AppError::Internal
    })
}

/// Adds a header to this server function's response (cookies).
pub fn append_header(name: axum::http::HeaderName, value: axum::http::HeaderValue) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(name, value);
    }
}

/// Sets a header of this server function's response, or of the page that called it while rendering.
pub fn insert_header(name: axum::http::HeaderName, value: axum::http::HeaderValue) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(name, value);
    }
}

/// Tells the browser to forget its session cookie (signed out, or the account is gone).
pub fn clear_session_cookie(state: &AppState) {
    let secure = crate::auth::session::wants_secure_cookies(&state.auth, &request_headers());
    append_header(
        axum::http::header::SET_COOKIE,
        crate::auth::session::clear_cookie(secure),
    );
}

pub fn request_headers() -> axum::http::HeaderMap {
    use_context::<axum::http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default()
}

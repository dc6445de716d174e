//! Server-only: who is calling, how they sign in, and what they may do. May import `db` and `model`;
//! never `api` or `pages`.
//!
//! - [`access`] — the rules, in one place, unit-tested as a matrix;
//! - [`sign_in`] — one-time codes by SMS and optional passwords, with rate limits;
//! - [`session`] — the session cookie and lifetimes; [`csrf`] — the anti-forgery middleware;
//! - [`sms`] — the SMS seam; [`token`] and [`password`] — secrets and their hashes.

pub mod access;
pub mod check_in_code;
pub mod code_sent;
pub mod csrf;
pub mod password;
pub mod session;
pub mod sign_in;
pub mod sms;
pub mod token;

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::use_context;
use sqlx::PgPool;

pub use access::{decide, Action, Caller, Denial, Principal};

use crate::db::DbError;
use crate::model::{mask_phone, SessionUser};
use crate::state::AppState;

/// The address a request came from: the peer's, or the proxy's report of it when the deployment says a
/// proxy is in front (`LINGONG_TRUST_PROXY`). Rate limits count per address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

pub async fn client_ip_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = state
        .auth
        .trust_proxy
        .then(|| {
            // The proxy appends the address it saw; earlier entries are the client's own claims.
            request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
        })
        .flatten();
    if let Some(ip) = forwarded.or(peer) {
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
}

fn request_parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn client_ip() -> Option<IpAddr> {
    request_parts().and_then(|p| p.extensions.get::<ClientIp>().map(|c| c.0))
}

/// The session token's hash, from a request's cookie.
fn session_hash_in(headers: &HeaderMap) -> Option<[u8; 32]> {
    session::token_from(headers).map(|token| token::digest(&[&token]))
}

fn session_hash() -> Option<[u8; 32]> {
    request_parts().and_then(|parts| session_hash_in(&parts.headers))
}

/// The caller of this request (from the server function's or page's context) and what the page may
/// show about them.
pub async fn current(pool: &PgPool) -> Result<(Caller, Option<SessionUser>), DbError> {
    match request_parts() {
        Some(parts) => current_from(pool, &parts.headers).await,
        None => Ok((Caller::Anonymous, None)),
    }
}

/// The caller behind a request's headers, for plain axum handlers outside Leptos's context.
pub async fn current_from(
    pool: &PgPool,
    headers: &HeaderMap,
) -> Result<(Caller, Option<SessionUser>), DbError> {
    let Some(hash) = session_hash_in(headers) else {
        return Ok((Caller::Anonymous, None));
    };
    let Some(row) = crate::db::auth::find_session(pool, &hash).await? else {
        return Ok((Caller::Anonymous, None));
    };
    if row.stale {
        crate::db::auth::touch_session(pool, &hash).await?;
    }
    let role = row.role()?;
    let scope = row.scope()?;
    let principal = Principal {
        account_id: row.account_id,
        role,
        worker_id: row.worker_id,
        employer_id: row.employer_id,
        team_role: row.team_role()?,
        scope,
    };
    let user = SessionUser {
        account_id: row.account_id,
        role,
        display_name: row.display_name,
        phone_masked: mask_phone(&row.phone),
        scope,
        scope_name: row.scope_name,
        has_password: row.has_password,
    };
    Ok((Caller::SignedIn(principal), Some(user)))
}

/// The hash of the session this request came with, to end it on sign-out or replace it on sign-in.
pub fn current_session_hash() -> Option<[u8; 32]> {
    session_hash()
}

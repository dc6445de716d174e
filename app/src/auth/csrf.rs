//! The server's half of CSRF protection (see [`crate::csrf`] for the scheme): an axum middleware that hands
//! every browser a token and refuses state-changing requests that do not repeat it.
//!
//! Deny by default: every POST, PUT, PATCH and DELETE needs the token, except the read-only public server
//! functions listed in [`READ_ONLY_ENDPOINTS`], which change nothing and are called by search engines'
//! renderers and benchmarks without a cookie.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::cookies::{set_cookie, Kind};
use crate::csrf::{from_cookies, is_well_formed, COOKIE, FIELD, HEADER};
use crate::error::AppError;
use crate::state::AppState;

/// This request's token, put into the request's extensions for the page renderer.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// Public server functions that only read. Anything not listed here needs the token.
pub const READ_ONLY_ENDPOINTS: &[&str] = &[
    "/api/postings/search",
    "/api/postings/get",
    "/api/map/layer",
    "/api/map/settings",
    "/api/markets/list",
    "/api/markets/get",
    "/api/fairs/next",
    "/api/trades",
    "/api/places",
    "/api/agencies/list",
    "/api/agencies/storefront",
];

/// The public API authenticates by a key in a header, never by a cookie: a request another site
/// forges in a browser carries no key, so there is nothing for a token to protect.
const KEY_AUTHENTICATED: &str = "/api/v1/";

/// Form bodies are read to find the field; nothing the site submits comes near this size.
const FORM_BODY_LIMIT: usize = 64 * 1024;

/// Whether a request may change something: any POST, PUT, PATCH or DELETE but the read-only server
/// functions. (Read-your-writes uses the same answer: [`crate::http::read_floor`].)
pub fn changes_state(request: &Request) -> bool {
    !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && !READ_ONLY_ENDPOINTS.contains(&request.uri().path())
}

pub async fn protect(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let cookie_token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookies| from_cookies(cookies).map(str::to_owned));

    let protected = changes_state(&request) && !request.uri().path().starts_with(KEY_AUTHENTICATED);

    if protected {
        let (verdict, rebuilt) = check(request, cookie_token.as_deref()).await;
        request = rebuilt;
        if let Err(reason) = verdict {
            tracing::warn!(
                path = %request.uri().path(),
                reason,
                "refused a state-changing request without a valid CSRF token"
            );
            return refusal();
        }
    }

    let (token, fresh) = match cookie_token {
        Some(token) => (token, false),
        None => (super::token::random_hex(), true),
    };
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let secure = super::session::wants_secure_cookies(&state.auth, request.headers());
    let mut response = next.run(request).await;
    // Pages only: a cookie on every script, style and image would make them uncacheable by proxies,
    // and a browser always loads a page before it can send anything.
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if fresh && is_page {
        // Readable by our scripts (that is the point of double-submit); Strict, since no other site
        // has any business sending it.
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(COOKIE, &token, 31_536_000, Kind::ReadableStrict, secure),
        );
    }
    response
}

/// Checks the request's origin and token; gives the request back, with its body intact.
async fn check(
    request: Request,
    cookie_token: Option<&str>,
) -> (Result<(), &'static str>, Request) {
    if !same_origin(&request) {
        return (Err("cross-site origin"), request);
    }
    let Some(expected) = cookie_token else {
        return (Err("no token cookie"), request);
    };
    if let Some(sent) = request.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        let verdict = if tokens_match(sent, expected) {
            Ok(())
        } else {
            Err("header token does not match")
        };
        return (verdict, request);
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (Err("no token header"), request);
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_BODY_LIMIT).await else {
        return (
            Err("form body too large or unreadable"),
            Request::from_parts(parts, Body::empty()),
        );
    };
    let verdict = form_token(&bytes)
        .filter(|sent| tokens_match(sent, expected))
        .map(|_| ())
        .ok_or("form token missing or wrong");
    (verdict, Request::from_parts(parts, Body::from(bytes)))
}

fn form_token(body: &[u8]) -> Option<String> {
    body.split(|&b| b == b'&').find_map(|pair| {
        let (name, value) = std::str::from_utf8(pair).ok()?.split_once('=')?;
        (name == FIELD).then(|| value.to_owned())
    })
}

fn tokens_match(sent: &str, expected: &str) -> bool {
    is_well_formed(sent) && bool::from(sent.as_bytes().ct_eq(expected.as_bytes()))
}

/// Browsers say where a request comes from; one from another site is refused even with a token.
fn same_origin(request: &Request) -> bool {
    let headers = request.headers();
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "cross-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

fn refusal() -> Response {
    let error = AppError::StalePage;
    let body = serde_json::to_string(&error).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_tokens_are_found_among_other_fields() {
        let token = "a".repeat(64);
        let body = format!("phone=13812345678&{FIELD}={token}&x=1");
        assert_eq!(form_token(body.as_bytes()), Some(token.clone()));
        assert_eq!(form_token(b"phone=1"), None);
        assert!(tokens_match(&token, &token));
        assert!(!tokens_match(&"b".repeat(64), &token));
        assert!(!tokens_match("short", &token));
    }
}

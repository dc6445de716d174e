//! Session cookies and lifetimes. The cookie holds a random token; the database holds its hash, the
//! account, and when the session ends.

use axum::http::{header, HeaderMap, HeaderValue};

use crate::model::Role;
use crate::state::AuthSettings;

pub const COOKIE: &str = "lingong_session";

/// How long a session lives: `idle` seconds without use, `absolute` seconds at most. Staff sessions are
/// short because staff screens are shared (a market hall's counter); workers and employers stay signed
/// in on their own phones for weeks, as they expect from any app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    pub idle_s: i64,
    pub absolute_s: i64,
}

pub fn lifetime(role: Role) -> Lifetime {
    const DAY: i64 = 24 * 3600;
    match role {
        Role::Worker | Role::Employer => Lifetime {
            idle_s: 14 * DAY,
            absolute_s: 60 * DAY,
        },
        Role::Staff | Role::Admin => Lifetime {
            idle_s: 2 * 3600,
            absolute_s: 12 * 3600,
        },
    }
}

/// Cookies are marked Secure when the deployment says it is served over TLS, or when the reverse proxy
/// in front says this request came over HTTPS.
pub fn wants_secure_cookies(settings: &AuthSettings, headers: &HeaderMap) -> bool {
    settings.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

/// The session token in a request's cookies, if it looks like one of ours.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| crate::csrf::is_well_formed(value))
}

/// `Set-Cookie` for a new session: HttpOnly (no script reads it), SameSite=Lax (a link from a text
/// message or a chat app still arrives signed in; forged requests are stopped by the CSRF token).
pub fn set_cookie(token: &str, max_age_s: i64, secure: bool) -> HeaderValue {
    let value = format!(
        "{COOKIE}={token}; Path=/; Max-Age={max_age_s}; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    );
    // The token is hex and the rest is fixed text, so this cannot fail; an empty cookie if it ever did.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "lingong_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
        )
    } else {
        HeaderValue::from_static("lingong_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    }
}

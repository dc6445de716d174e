//! Session cookies and lifetimes. The cookie holds a random token; the database holds its hash, the
//! account, and when the session ends.

use axum::http::{HeaderMap, HeaderValue};

use crate::cookies::{self, request_value, Kind};
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
    request_value(headers, COOKIE)
        .filter(|value| crate::csrf::is_well_formed(value))
        .map(str::to_owned)
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: &str, max_age_s: i64, secure: bool) -> HeaderValue {
    cookies::set_cookie(COOKIE, token, max_age_s, Kind::HttpOnly, secure)
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookies::set_cookie(COOKIE, "", 0, Kind::HttpOnly, secure)
}

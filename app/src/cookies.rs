//! This site's cookies: read on both sides, written by the server. The server reads the `Cookie`
//! header and an island reads `document.cookie`; both are `name=value` pairs joined by `; `, read here
//! and nowhere else. Writing `Set-Cookie` (attributes, expiry) is the well-kept `cookie` crate's, on the
//! server only: its date handling would add 9 KB (brotli) to the Wasm for reading a few pairs.

/// The value of the cookie `name` in a `Cookie` header (or `document.cookie`), if it is there. Our
/// values are hex, digits and dots, never quoted; a malformed pair is skipped.
pub fn value_of<'c>(cookies: &'c str, name: &str) -> Option<&'c str> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| n.trim() == name)
        .map(|(_, value)| value.trim())
}

/// The value of the cookie `name` among every `Cookie` header of a request.
#[cfg(feature = "ssr")]
pub fn request_value<'h>(headers: &'h axum::http::HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookies| value_of(cookies, name))
}

/// Who may read a cookie and when the browser sends it along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// For the server only (a session), sent when a link from a text message or a chat app is followed;
    /// forged requests are stopped by the CSRF token.
    HttpOnly,
    /// Readable by our scripts (preferences), sent like [`Kind::HttpOnly`].
    Readable,
    /// Readable by our scripts and never sent from another site's page (the CSRF token).
    ReadableStrict,
}

/// A `Set-Cookie` value for the whole site. A `max_age_s` of 0 clears the cookie. `value` must be
/// cookie-safe: the callers' are hex, digits and dots.
#[cfg(feature = "ssr")]
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age_s: i64,
    kind: Kind,
    secure: bool,
) -> axum::http::HeaderValue {
    use cookie::{Cookie, SameSite};
    let cookie = Cookie::build((name, value))
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age_s))
        .http_only(kind == Kind::HttpOnly)
        .same_site(match kind {
            Kind::ReadableStrict => SameSite::Strict,
            Kind::HttpOnly | Kind::Readable => SameSite::Lax,
        })
        .secure(secure)
        .build();
    // Fixed names around a safe value, so this cannot fail; an empty header if it ever did.
    axum::http::HeaderValue::from_str(&cookie.to_string())
        .unwrap_or_else(|_| axum::http::HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_others_and_nothing_else() {
        let cookies = "a=1; lingong_prefs=en.elder;b=2 ; lingong_prefs_x=no";
        assert_eq!(value_of(cookies, "lingong_prefs"), Some("en.elder"));
        assert_eq!(value_of(cookies, "b"), Some("2"));
        assert_eq!(value_of(cookies, "lingong"), None);
        assert_eq!(value_of("", "a"), None);
        assert_eq!(value_of("garbage;;=;a", "a"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn writes_what_it_reads_back() {
        let set = set_cookie("lingong_session", "abc123", 3600, Kind::HttpOnly, true);
        let set = set.to_str().expect("ascii");
        assert!(set.starts_with("lingong_session=abc123;"), "{set}");
        for part in [
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/",
            "Max-Age=3600",
        ] {
            assert!(set.contains(part), "{part} in {set}");
        }
        let strict = set_cookie("lingong_csrf", "ff", 60, Kind::ReadableStrict, false);
        let strict = strict.to_str().expect("ascii");
        assert!(
            strict.contains("SameSite=Strict")
                && !strict.contains("HttpOnly")
                && !strict.contains("Secure")
        );
        let pair = set.split(';').next().expect("pair");
        assert_eq!(value_of(pair, "lingong_session"), Some("abc123"));
    }
}

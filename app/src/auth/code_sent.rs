//! The number a sign-in code was just sent to, remembered for the sign-in page when the form was posted
//! before the Wasm arrived. Such a post ends in a redirect back to the page, which would otherwise come
//! back empty: no number, no word that the code is on its way, the role chosen forgotten.
//!
//! It lives in a short-lived HttpOnly cookie of the browser that typed it, never in the address (which
//! ends up in histories and logs), and is cleared once that browser signs in.

use axum::http::{HeaderMap, HeaderValue};

use crate::cookies::{self, request_value, Kind};
use crate::model::{CodeSent, Phone};

const COOKIE: &str = "lingong_code_sent";

/// As long as a code is worth typing in.
const MAX_AGE_S: i64 = 600;

/// `Set-Cookie` remembering that a code went to `phone`, for someone signing up as an employer or not.
pub fn set_cookie(phone: &Phone, employer: bool, secure: bool) -> HeaderValue {
    let value = format!(
        "{}{}",
        phone.as_str(),
        if employer { ".employer" } else { "" }
    );
    cookies::set_cookie(COOKIE, &value, MAX_AGE_S, Kind::HttpOnly, secure)
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookies::set_cookie(COOKIE, "", 0, Kind::HttpOnly, secure)
}

/// What a request's cookies remember, if it is well-formed (a browser may send anything).
pub fn from(headers: &HeaderMap) -> Option<CodeSent> {
    let value = request_value(headers, COOKIE)?;
    let (phone, employer) = match value.strip_suffix(".employer") {
        Some(phone) => (phone, true),
        None => (value, false),
    };
    Some(CodeSent {
        phone: Phone::parse(phone)?.as_str().to_owned(),
        employer,
    })
}

#[cfg(test)]
mod tests {
    use axum::http::header;

    use super::*;

    fn request_with(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("lingong_csrf=x; {pair}")).unwrap(),
        );
        headers
    }

    #[test]
    fn reads_back_what_it_sets_and_nothing_else() {
        let phone = Phone::parse("13912345678").unwrap();
        for employer in [false, true] {
            let cookie = set_cookie(&phone, employer, true);
            assert!(cookie.to_str().unwrap().contains("HttpOnly"));
            assert_eq!(
                from(&request_with(&cookie)),
                Some(CodeSent {
                    phone: "13912345678".into(),
                    employer
                })
            );
        }
        for forged in [
            "lingong_code_sent=<script>",
            "lingong_code_sent=1391234567.employer",
            "lingong_code_sent=",
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_str(forged).unwrap());
            assert_eq!(from(&headers), None, "{forged}");
        }
        assert_eq!(from(&request_with(&clear_cookie(false))), None);
    }
}

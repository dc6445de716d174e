//! Where a person goes back to after signing in (`/login?next=…`): a page of this site, never another
//! one. The sign-in page reads it from its address; the server checks it again before redirecting.

/// The sign-in page's address that comes back to `path` (a path with its query, as the location has it).
pub fn sign_in_href(path: &str) -> String {
    match next_param(path) {
        Some(param) => format!("/login?{param}"),
        None => "/login".to_owned(),
    }
}

/// The `next=…` query parameter that comes back to `path`, if it may be come back to.
pub fn next_param(path: &str) -> Option<String> {
    return_path(path).map(|path| format!("next={}", encode_component(&path)))
}

/// `raw` if it is a path of this site to come back to: it starts with one `/` (`//host` and `/\host`
/// are other hosts to a browser), holds no control characters or backslashes, is not the sign-in page
/// itself, and is of a sane length.
pub fn return_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let local = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && raw.len() <= 512
        && !raw.chars().any(|c| c.is_control() || c == '\\');
    let sign_in = raw == "/login" || raw.starts_with("/login?") || raw.starts_with("/login/");
    (local && !sign_in).then(|| raw.to_owned())
}

/// Percent-encodes a query parameter's value (everything but RFC 3986's unreserved characters and `/`).
pub(crate) fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_pages_are_returned_to() {
        for ok in [
            "/postings/12",
            "/postings/12?applied=1#apply",
            "/me",
            "/",
            "/search?q=帮厨",
        ] {
            assert_eq!(return_path(ok).as_deref(), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "postings/12",
            "//evil.example/x",
            "/\\evil.example",
            "/x\\y",
            "https://evil.example/",
            "javascript:alert(1)",
            "/x\nLocation: https://evil.example",
            "/login",
            "/login?next=/me",
            &format!("/{}", "a".repeat(600)),
        ] {
            assert_eq!(return_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_sign_in_link_carries_the_page_encoded() {
        assert_eq!(
            sign_in_href("/postings/12?x=1&y=2"),
            "/login?next=/postings/12%3Fx%3D1%26y%3D2"
        );
        assert_eq!(
            sign_in_href("/search?q=帮厨"),
            "/login?next=/search%3Fq%3D%E5%B8%AE%E5%8E%A8"
        );
        assert_eq!(sign_in_href("//evil.example"), "/login");
        assert_eq!(sign_in_href("/login?next=/me"), "/login");
    }
}

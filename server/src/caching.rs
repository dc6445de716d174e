//! How long browsers and proxies may keep what the site sends. A repeat visit on a phone should cost
//! the page's HTML and nothing else; HTML, which differs per person, is never kept by shared caches.
//! The bundles in `/pkg` set their own (see [`crate::bundles`]).

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy for `path` when its handler set none; `is_html` for pages.
pub fn policy(path: &str, is_html: bool) -> Option<&'static str> {
    if is_html {
        // Pages carry the person's name, counts and a per-response nonce.
        return Some("private, no-cache");
    }
    if path.starts_with("/leaflet-") {
        // The folder is named after Leaflet's version: a new version is a new address.
        return Some("public, max-age=31536000, immutable");
    }
    if path.starts_with("/map/")
        || path.starts_with("/icons/")
        || path == "/favicon.svg"
        || path == "/manifest.webmanifest"
        || path == "/robots.txt"
    {
        return Some("public, max-age=86400");
    }
    None
}

pub async fn headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) || !response.status().is_success() {
        return response;
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let Some(policy) = policy(&path, is_html) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn pages_stay_private_and_versioned_assets_are_kept() {
        assert_eq!(policy("/postings/1", true), Some("private, no-cache"));
        assert_eq!(
            policy("/leaflet-1.9.4/leaflet.js", false),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(
            policy("/map/jiangsu-cities.geojson", false),
            Some("public, max-age=86400")
        );
        assert_eq!(
            policy("/manifest.webmanifest", false),
            Some("public, max-age=86400")
        );
        assert_eq!(
            policy("/icons/icon-192.png", false),
            Some("public, max-age=86400")
        );
        assert_eq!(policy("/api/search", false), None);
    }
}

//! Security headers on every response, and the nonce that lets a page's own inline scripts run under
//! its Content-Security-Policy.
//!
//! A page may run scripts from this site only, plus the inline scripts the server wrote into it (the
//! hydration script and Leptos's streaming chunks), which carry this response's nonce. The Wasm needs
//! `'wasm-unsafe-eval'` to compile. `'unsafe-inline'` is never allowed for scripts: an injected
//! `<script>` or `onerror=` does nothing even if some text escaped its escaping.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

use app::state::AppState;

/// The policy of a page that carries `nonce`; `tile_origin` is the basemap's server, if one is set.
pub fn content_security_policy(nonce: &str, tile_origin: Option<&str>) -> String {
    let tiles = tile_origin.map(|o| format!(" {o}")).unwrap_or_default();
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:{tiles}; \
         connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `scheme://host[:port]` of a tile URL template, for the image sources the policy allows.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let valid = matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    valid.then(|| format!("{scheme}://{host}"))
}

/// The middleware: mints the nonce before the page renders (the renderer reads it from the request,
/// see [`provide_request_nonce`]) and sets the headers on whatever comes back.
pub async fn headers(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let https = state.auth.secure_cookies
        || request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let mut response = next.run(request).await;
    let tile_origin = state.map.tile_url.as_deref().and_then(origin_of);
    let h = response.headers_mut();
    if let Ok(policy) =
        HeaderValue::from_str(&content_security_policy(&nonce, tile_origin.as_deref()))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // For browsers older than frame-ancestors; no page is meant to be framed.
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Puts this request's nonce where Leptos looks for it, so the scripts it writes into the page carry it.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(nonce) = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned())
    {
        provide_context(nonce);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_never_allows_inline_scripts() {
        let policy = content_security_policy("abc", None);
        let script = policy
            .split(';')
            .find(|d| d.trim_start().starts_with("script-src"))
            .expect("script-src");
        assert!(script.contains("'nonce-abc'"));
        assert!(script.contains("'wasm-unsafe-eval'"));
        assert!(!script.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn tiles_are_allowed_from_their_origin_only() {
        assert_eq!(
            origin_of("https://t0.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&tk=KEY").as_deref(),
            Some("https://t0.tianditu.gov.cn")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/{z}/{x}/{y}.png").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://evil.example; script-src *"), None);
        assert!(content_security_policy("n", Some("https://t.example"))
            .contains("img-src 'self' data: https://t.example;"));
    }
}

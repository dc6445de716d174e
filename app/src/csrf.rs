//! Cross-site request forgery protection, the parts both sides share.
//!
//! Every browser holds a random token in the `lingong_csrf` cookie (double-submit). A state-changing
//! request must repeat it, either in the `x-csrf-token` header (server functions called from the Wasm, see
//! [`crate::api::client::CsrfClient`]) or in a `csrf_token` form field (plain forms, and the sign-in island's
//! before it hydrates, see [`CsrfField`]). Another site can make a browser send the cookie but can read neither the
//! cookie nor our pages, so it cannot repeat the token. The server's side is [`crate::auth::csrf`].

use leptos::prelude::*;

pub const COOKIE: &str = "lingong_csrf";
pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "csrf_token";

/// The token in a `Cookie` header (or `document.cookie`), if it looks like one of ours.
pub fn from_cookies(cookies: &str) -> Option<&str> {
    crate::cookies::value_of(cookies, COOKIE).filter(|value| is_well_formed(value))
}

/// Tokens are 32 random bytes in hex.
pub fn is_well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The token of this request (server) or this browser (client).
pub fn current_token() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::auth::csrf::CsrfToken>()
                    .cloned()
            })
            .map(|token| token.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        browser_token()
    }
}

/// Reads the token from `document.cookie`; the cookie is deliberately readable by our own scripts.
#[cfg(not(feature = "ssr"))]
pub fn browser_token() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let cookies = document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()?
            .cookie()
            .ok()?;
        from_cookies(&cookies).map(str::to_owned)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// The hidden field that carries the token in a form, for submissions made before hydration.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name=FIELD value=current_token().unwrap_or_default()/> }
}

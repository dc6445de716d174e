//! The HTTP status a failed server function answers with.

use leptos::prelude::use_context;

use crate::error::AppError;

/// Gives a failed server function the status its error deserves: 400 for bad input rather than the
/// framework's blanket 500, so clients, logs and monitors can tell a caller's mistake from an outage.
///
/// Not for a plain form's post: that browser wants its page back, and the framework
/// redirects it there with the error in the address, which a status set here would replace.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            if !wants_page_back() {
                response.set_status(error.status());
                if let Some(seconds) = error.retry_after_s() {
                    response.insert_header(
                        axum::http::header::RETRY_AFTER,
                        axum::http::HeaderValue::from(seconds),
                    );
                }
            }
        }
    }
    result
}

/// The framework's test before it redirects a form's browser back (HTML wanted), on a form's post;
/// a page rendered on the server also wants HTML but is a GET, and keeps its error status.
pub fn wants_page_back() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts.method == axum::http::Method::POST
            && parts
                .headers
                .get(axum::http::header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}

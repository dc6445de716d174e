//! Page data: what the server loads while it renders a page.
//!
//! In islands mode only the islands run in the browser, and they get their data as props. A Leptos
//! `Resource` would still write every value into the page as JSON for a hydration that never comes (26 KB
//! of the home page's 84 KB; BENCHMARKS.md), so page data is an [`AsyncDerived`] instead: loaded on the
//! server, awaited under `Suspense`, and never serialised.

use leptos::prelude::{untrack, AsyncDerived};

use crate::error::AppError;
use crate::model::SessionUser;

/// Data of a page; see the module's documentation.
pub type PageResource<T> = AsyncDerived<T>;

/// Starts loading a page's data as soon as the page is created: `fetcher` runs with the current value of
/// `source`, and again whenever the signals `source` reads change.
#[track_caller]
pub fn page_resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageResource<T>
where
    T: Send + Sync + 'static,
    S: 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    AsyncDerived::new(move || {
        let source = source();
        // Only `source` decides when to load again, as with a `Resource`.
        untrack(|| fetcher(source))
    })
}

/// The signed-in user, loaded once per page by the App.
pub type UserResource = PageResource<Result<Option<SessionUser>, AppError>>;

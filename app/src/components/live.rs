//! Live updates in the browser: one `EventSource` per page for the signed-in person (see
//! [`crate::live::events`] for the server side). The pages themselves are server HTML; on every event, and on
//! every reconnection (which is how a page catches up on what it missed while offline), the island fetches
//! the page again and puts its live parts in place: the header's unread count and the page's region with
//! the id [`LIVE_REGION`] (the feed, applications, applicants, a posting's own application).

use leptos::prelude::*;

/// The id of the part of a page that the live updates refresh.
pub const LIVE_REGION: &str = "live";

/// The id of the header's link to the messages, which carries the unread count.
pub const MESSAGES_LINK: &str = "messages-link";

/// The signed-in person's notification feed; the header shows its unread count.
pub type FeedResource =
    crate::resource::PageResource<Result<crate::model::NotificationFeed, crate::error::AppError>>;

/// Loads the feed for the header, once per page (server side; the page is re-fetched to update it).
pub fn provide_feed() {
    let feed: FeedResource =
        crate::resource::page_resource(|| (), |_| crate::api::notifications::my_notifications());
    provide_context(feed);
}

/// Keeps a signed-in person's page current, and says so while the connection is down. Lazy: only
/// signed-in people download it.
#[island(lazy)]
pub fn LiveUpdates() -> impl IntoView {
    crate::prefs::provide_prefs();
    let m = crate::i18n::use_market_texts();
    let connected = RwSignal::new(true);
    #[cfg(feature = "hydrate")]
    browser::connect(connected);
    view! {
        <p class="notice notice-warning live-notice" role="status" hidden=move || connected.get()>
            {move || m().reconnecting}
        </p>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;

    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{LIVE_REGION, MESSAGES_LINK};

    thread_local! {
        static LATEST: Cell<u64> = const { Cell::new(0) };
    }

    pub fn connect(connected: RwSignal<bool>) {
        let Ok(source) = web_sys::EventSource::new("/api/events") else {
            return;
        };
        let refresh = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            connected.set(true);
            let id = LATEST.with(|latest| {
                latest.set(latest.get() + 1);
                latest.get()
            });
            let url = window()
                .location()
                .href()
                .unwrap_or_else(|_| "/".to_owned());
            leptos::task::spawn_local(async move {
                let latest = move || LATEST.with(Cell::get) == id;
                crate::components::swap::refresh(
                    &url,
                    &[MESSAGES_LINK, LIVE_REGION],
                    false,
                    latest,
                )
                .await;
            });
        });
        for name in ["ready", "notification", "resync"] {
            let _ = source.add_event_listener_with_callback(name, refresh.as_ref().unchecked_ref());
        }
        // The browser reconnects by itself after an error; the page says so meanwhile.
        let lost = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            connected.set(false);
        });
        source.set_onerror(Some(lost.as_ref().unchecked_ref()));
        // One stream for the life of the page: the closures live as long.
        refresh.forget();
        lost.forget();
        std::mem::forget(source);
    }
}

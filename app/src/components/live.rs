//! Live updates in the browser: one `EventSource` per page (see [`crate::events`] for the server side).
//! Pages that show something the server may change (the feed, applications, applicants) read
//! [`LiveTick`] as the source of their resources, so they re-read whenever the server says so and after
//! every reconnection — which is how a page catches up on what it missed while offline.

use leptos::prelude::*;

use crate::pages::account::UserResource;
use crate::resource::page_resource;

/// Bumped on every event for the signed-in person (and on connecting, so pages catch up).
#[derive(Clone, Copy, Debug)]
pub struct LiveTick(pub ReadSignal<u64>);

/// Whether the live connection is up; `false` while the browser reconnects.
#[derive(Clone, Copy, Debug)]
pub struct LiveConnected(pub ReadSignal<bool>);

pub fn use_live_tick() -> ReadSignal<u64> {
    use_context::<LiveTick>()
        .map(|t| t.0)
        .unwrap_or_else(|| signal(0).0)
}

/// The signed-in person's notification feed, re-read on every [`LiveTick`]; the header shows its unread
/// count. Made once per page by the App, with the other page-wide resources, so that server and browser
/// create resources in the same order.
pub type FeedResource =
    crate::resource::PageResource<Result<crate::model::NotificationFeed, crate::error::AppError>>;

/// Opens the event stream once someone is signed in, and provides [`LiveTick`], [`LiveConnected`] and
/// the [`FeedResource`].
pub fn provide_live_updates(user: UserResource) {
    let (tick, set_tick) = signal(0u64);
    let (connected, set_connected) = signal(true);
    provide_context(LiveTick(tick));
    provide_context(LiveConnected(connected));
    let feed: FeedResource = page_resource(
        move || tick.get(),
        |_| crate::api::notifications::my_notifications(),
    );
    provide_context(feed);
    #[cfg(feature = "hydrate")]
    browser::connect(user, set_tick, set_connected);
    #[cfg(not(feature = "hydrate"))]
    let _ = (user, set_tick, set_connected);
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::pages::account::UserResource;

    pub fn connect(user: UserResource, tick: WriteSignal<u64>, connected: WriteSignal<bool>) {
        Effect::new(move |opened: Option<bool>| {
            if opened == Some(true) {
                return true;
            }
            let signed_in = matches!(user.get(), Some(Ok(Some(_))));
            if !signed_in {
                return false;
            }
            let Ok(source) = web_sys::EventSource::new("/api/events") else {
                return false;
            };
            let bump = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                connected.set(true);
                tick.update(|n| *n += 1);
            });
            for name in ["ready", "notification", "resync"] {
                let _ =
                    source.add_event_listener_with_callback(name, bump.as_ref().unchecked_ref());
            }
            // The browser reconnects by itself after an error; the page says so meanwhile.
            let lost = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                connected.set(false);
            });
            source.set_onerror(Some(lost.as_ref().unchecked_ref()));
            // One stream for the life of the page: the closures live as long.
            bump.forget();
            lost.forget();
            std::mem::forget(source);
            true
        });
    }
}

/// A line shown while the live connection is down.
#[component]
pub fn ReconnectingNotice() -> impl IntoView {
    let m = crate::i18n::use_market_texts();
    let connected = use_context::<LiveConnected>()
        .map(|c| c.0)
        .unwrap_or_else(|| signal(true).0);
    view! {
        <Show when=move || !connected.get()>
            <p class="notice notice-warning" role="status">{move || m().reconnecting}</p>
        </Show>
    }
}

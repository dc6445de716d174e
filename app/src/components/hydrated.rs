//! Whether this page is live yet. The Wasm starts only once the browser is idle after the first paint, so
//! on a weak network a page is plain HTML for a while: forms still post and links still go, but a control
//! that needs the Wasm (geolocation, a map) is shown disabled until then rather than doing nothing.

use leptos::prelude::*;

/// False on the server and while hydrating (so both render the same markup), true soon after in the
/// browser: in a task of its own after the island's hydration, so that what turns on with it (a Leaflet
/// map, above all) does not lengthen the hydration's task on a slow phone.
pub fn use_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| {
        set_timeout(move || set_hydrated.set(true), std::time::Duration::ZERO);
    });
    hydrated
}

/// Whether `target` has come onto the screen since the page went live: for work a person only needs once
/// they scroll to it, such as a posting's map below its details. Never turns false again. False on the
/// server.
pub fn use_on_screen(target: NodeRef<leptos::html::Div>) -> ReadSignal<bool> {
    let (seen, set_seen) = signal(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(element) = target.get() {
            browser::observe(&element, set_seen);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (target, set_seen);
    seen
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{IntersectionObserver, IntersectionObserverEntry};

    pub fn observe(element: &web_sys::Element, set_seen: WriteSignal<bool>) {
        let callback = Closure::<dyn Fn(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let shown = entries.iter().any(|e| {
                    e.unchecked_into::<IntersectionObserverEntry>()
                        .is_intersecting()
                });
                if shown {
                    set_seen.set(true);
                    observer.disconnect();
                }
            },
        );
        let Ok(observer) = IntersectionObserver::new(callback.as_ref().unchecked_ref()) else {
            // No observer (a very old browser): do the work at once rather than never.
            set_seen.set(true);
            return;
        };
        observer.observe(element);
        // The callback lives as long as the observer, which the page's cleanup disconnects.
        let held = SendWrapper::new((observer, callback));
        on_cleanup(move || held.0.disconnect());
    }
}

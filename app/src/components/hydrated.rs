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

//! Leaflet, the map library (45 KB and a style sheet), arrives only when a map is about to be drawn. On a
//! phone's search page the map waits behind 看地图, so a person who reads the list never downloads it,
//! and it no longer shares a weak network with the Wasm on the way to a live page.
//!
//! The loading itself is the hydration script's `lingongLeaflet()` (see `IslandHydration`), which also
//! starts it at once, beside the Wasm, on pages that draw a map straight away; this side only waits.

use leptos::prelude::*;

/// True once Leaflet's global `L` is there. Asks for it the first time `wanted` turns true; until then
/// nothing is downloaded. Always false on the server.
pub fn use_leaflet(wanted: impl Fn() -> bool + 'static) -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) || !wanted() {
            return asked.unwrap_or(false);
        }
        leptos::task::spawn_local(async move {
            match browser::load().await {
                Ok(()) => set_ready.set(true),
                // The map's box stays empty; the list beside it has everything the map shows.
                Err(error) => leptos::logging::warn!("the map library did not load: {error:?}"),
            }
        });
        true
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (wanted, set_ready);
    ready
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// The hydration script's loader: one promise for the page, settled when Leaflet's script and
        /// style sheet have arrived.
        #[wasm_bindgen(catch, js_name = lingongLeaflet)]
        fn lingong_leaflet() -> Result<js_sys::Promise, JsValue>;
    }

    pub async fn load() -> Result<(), JsValue> {
        wasm_bindgen_futures::JsFuture::from(lingong_leaflet()?).await?;
        Ok(())
    }
}

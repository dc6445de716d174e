//! The gig map (零工地图): the search's postings in the visible area — clusters with counts at low zoom,
//! single postings from [`crate::model::POSTINGS_ZOOM`] on — and the markets and stations, each with its own marker.
//! The server does the clustering; the browser only draws what it is sent. Everything on the map is
//! also in the list below it (WCAG 2.5.7: nothing needs dragging).

use leptos::prelude::*;
use leptos_leaflet::prelude::{JsRwSignal, MapContainer, Position};

use crate::components::hydrated::{use_hydrated, use_on_screen};
use crate::components::leaflet_loader::use_leaflet;
use crate::i18n::use_texts;
use crate::model::{City, Point, SearchQuery};

/// Where the map opens: the search's point, else its city's centre, else the whole province.
fn initial_view(query: &SearchQuery, cities: &[City]) -> (Position, f64) {
    if let Some(point) = query.near {
        return (Position::new(point.lat, point.lng), 12.0);
    }
    if let Some(city) = query
        .city
        .and_then(|code| cities.iter().find(|c| c.adcode == code))
    {
        return (Position::new(city.centre.lat, city.centre.lng), 10.0);
    }
    (Position::new(32.9, 119.5), 7.0)
}

/// Wider than this the map is always shown; narrower (a phone) it waits behind [`MapToggle`], so that
/// the count and the first results are on the first screen. The same width as the style sheet's; the
/// hydration script asks for Leaflet early on such a screen.
pub(crate) const MAP_ALWAYS_SHOWN: &str = "(min-width: 40rem)";

/// The gig map. `shown` is the phone's switch ([`MapToggle`]); a wide screen shows the map regardless.
#[component]
pub fn GigMap(query: Signal<SearchQuery>, cities: Vec<City>, shown: Signal<bool>) -> impl IntoView {
    let t = use_texts();
    // The map exists only in the browser: the server sends an empty box of the same size (so nothing
    // moves on a wide screen), and the Leaflet map replaces it once the page is live. leptos-leaflet
    // keeps browser-only handles in its signals, which must never be created on the server's threads.
    let live = use_hydrated();
    // On a phone the map is drawn only when asked for: it costs a cheap phone a second of work and the
    // map layer's data, which a person who reads the list never needs.
    let wanted = move || live.get() && (shown.get() || wide_screen());
    let leaflet = use_leaflet(wanted);
    let drawn = move || wanted() && leaflet.get();
    view! {
        <div id="gig-map" class="gig-map-wrap" class:shown=move || shown.get()>
            <Show when=drawn fallback=|| view! { <div class="gig-map"></div> }>
                <LiveMap query cities=cities.clone()/>
            </Show>
            <p class="map-note muted small">{move || t().map_note}</p>
        </div>
    }
}

/// The phone's map switch. Disabled until the page is live: the map needs the Wasm.
#[component]
pub fn MapToggle(shown: RwSignal<bool>) -> impl IntoView {
    let t = use_texts();
    let live = use_hydrated();
    view! {
        <button
            type="button"
            class="button-quiet map-toggle"
            aria-controls="gig-map"
            aria-expanded=move || if shown.get() { "true" } else { "false" }
            disabled=move || !live.get()
            on:click=move |_| shown.update(|s| *s = !*s)
        >
            {move || if shown.get() { t().hide_map } else { t().show_map }}
        </button>
    }
}

/// Whether the screen is wide enough for the map to be shown without asking.
fn wide_screen() -> bool {
    #[cfg(feature = "hydrate")]
    {
        window()
            .match_media(MAP_ALWAYS_SHOWN)
            .ok()
            .flatten()
            .is_some_and(|list| list.matches())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = MAP_ALWAYS_SHOWN;
        true
    }
}

/// A small map of one place (a posting's), with the markets and stations around it: an island of its own
/// on the posting's page.
#[island]
pub fn PlaceMap(point: Point, label: String) -> impl IntoView {
    // Drawn when scrolled to: on a phone the map is below the posting's details, and a person who
    // never scrolls there is spared the map library, its layers and their drawing.
    let place = NodeRef::new();
    let seen = use_on_screen(place);
    let leaflet = use_leaflet(move || seen.get());
    view! {
        <div class="place-map-box" node_ref=place>
            <Show when=move || leaflet.get() fallback=|| view! { <div class="place-map"></div> }>
                <LivePlaceMap point label=label.clone()/>
            </Show>
        </div>
    }
}

#[component]
fn LivePlaceMap(point: Point, label: String) -> impl IntoView {
    let map = JsRwSignal::new_local(None::<leaflet::Map>);
    #[cfg(feature = "hydrate")]
    browser::attach_place(map, point, label);
    #[cfg(not(feature = "hydrate"))]
    let _ = label;
    view! {
        <MapContainer
            class="place-map"
            center=Position::new(point.lat, point.lng)
            zoom=14.0
            min_zoom=6.0
            scroll_wheel_zoom=false
            map=map.write_only()
        />
    }
}

/// A map to pick a place on: a tap sets the point through `set_location`. `location` is the choice;
/// when it changes elsewhere (a market chosen in a list) the marker and the map follow.
#[component]
pub fn LocationPicker(
    location: Signal<Option<Point>>,
    set_location: SignalSetter<Option<Point>>,
    label: Signal<String>,
) -> impl IntoView {
    let live = use_hydrated();
    let leaflet = use_leaflet(move || live.get());
    view! {
        <Show when=move || leaflet.get() fallback=|| view! { <div class="picker-map"></div> }>
            <LivePicker location set_location label/>
        </Show>
    }
}

#[component]
fn LivePicker(
    location: Signal<Option<Point>>,
    set_location: SignalSetter<Option<Point>>,
    label: Signal<String>,
) -> impl IntoView {
    let map = JsRwSignal::new_local(None::<leaflet::Map>);
    // Jiangsu's centre at province zoom when nothing is chosen yet.
    let (centre, zoom) = match location.get_untracked() {
        Some(p) => (Position::new(p.lat, p.lng), 15.0),
        None => (Position::new(32.9, 119.4), 7.0),
    };
    #[cfg(feature = "hydrate")]
    browser::attach_picker(map, location, set_location, label);
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_location, label);
    view! {
        <MapContainer
            class="picker-map"
            center=centre
            zoom=zoom
            min_zoom=6.0
            scroll_wheel_zoom=false
            map=map.write_only()
        />
    }
}

#[component]
fn LiveMap(query: Signal<SearchQuery>, cities: Vec<City>) -> impl IntoView {
    let map = JsRwSignal::new_local(None::<leaflet::Map>);
    let (centre, zoom) = initial_view(&query.get_untracked(), &cities);
    #[cfg(feature = "hydrate")]
    browser::attach(map, query);
    view! {
        <MapContainer
            class="gig-map"
            center=centre
            zoom=zoom
            min_zoom=6.0
            scroll_wheel_zoom=false
            map=map.write_only()
        />
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use leptos_leaflet::prelude::JsRwSignal;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::api::fairs::next_fairs;
    use crate::api::map::{load_map_layer, load_map_settings};
    use crate::api::markets::list_markets;
    use crate::api::places::list_cities;
    use crate::i18n::{use_texts, Texts};
    use crate::model::POSTINGS_ZOOM;
    use crate::model::{
        format_pay, FairSummary, MapLayer, MapView, MarketKind, MarketSummary, SearchQuery,
    };

    #[wasm_bindgen]
    extern "C" {
        /// `L.divIcon`: the leaflet crate's binding constructs a plain icon instead.
        #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
        fn div_icon(options: &JsValue) -> leaflet::Icon;

        #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
        fn geo_json(data: &JsValue, options: &JsValue) -> leaflet::Layer;
    }

    /// `map.attributionControl.setPrefix(prefix)`.
    fn set_attribution_prefix(map: &leaflet::Map, prefix: &JsValue) {
        let control = js_sys::Reflect::get(map, &JsValue::from_str("attributionControl")).ok();
        let set_prefix = control
            .as_ref()
            .and_then(|c| js_sys::Reflect::get(c, &JsValue::from_str("setPrefix")).ok());
        if let (Some(control), Some(set_prefix)) = (
            control,
            set_prefix.and_then(|f| f.dyn_into::<js_sys::Function>().ok()),
        ) {
            let _ = set_prefix.call1(&control, prefix);
        }
    }

    /// Wires the map up once Leaflet has created it: background, markets, and the postings layer that
    /// follows both the search and the visible area.
    pub fn attach(map: JsRwSignal<Option<leaflet::Map>>, query: Signal<SearchQuery>) {
        let t = use_texts();
        let view = RwSignal::new(None::<MapView>);
        let postings_layer = StoredValue::new_local(None::<leaflet::LayerGroup>);

        on_ready(map, move |map| {
            let layer = leaflet::FeatureGroup::new();
            layer.add_to(map);
            zoom_into_clicked_clusters(map, &layer);
            postings_layer.set_value(Some(layer.unchecked_into()));
            let read_view = {
                let map = map.clone();
                move || {
                    let bounds = map.get_bounds();
                    let (sw, ne) = (bounds.get_south_west(), bounds.get_north_east());
                    view.set(Some(MapView {
                        west: sw.lng(),
                        south: sw.lat(),
                        east: ne.lng(),
                        north: ne.lat(),
                        zoom: map.get_zoom().round().clamp(3.0, 19.0) as u8,
                    }));
                }
            };
            read_view();
            map.on_move_end(Box::new(move |_| read_view()));
        });

        // A new point in the search moves the map there.
        Effect::new(move |previous: Option<Option<(f64, f64)>>| {
            let point = query.with(|q| q.near.map(|p| (p.lng, p.lat)));
            if let (Some(Some(_)) | Some(None), Some((lng, lat))) = (previous, point) {
                if previous != Some(point) {
                    if let Some(map) = map.get_untracked() {
                        map.set_view(&leaflet::LatLng::new(lat, lng), 12.0);
                    }
                }
            }
            point
        });

        let layer_data = LocalResource::new(move || {
            let query = query.get();
            let view = view.get();
            async move {
                match view {
                    Some(view) => load_map_layer(query, view).await.ok(),
                    None => None,
                }
            }
        });
        Effect::new(move |_| {
            let Some(Some(data)) = layer_data.get() else {
                return;
            };
            let Some(layer) = postings_layer.get_value() else {
                return;
            };
            let Some(map) = map.get_untracked() else {
                return;
            };
            layer.clear_layers();
            draw_postings(&map, &layer, data, t());
        });
    }

    /// The place map: background, markets, and the one place.
    pub fn attach_place(
        map: JsRwSignal<Option<leaflet::Map>>,
        point: crate::model::Point,
        label: String,
    ) {
        on_ready(map, move |map| {
            marker(
                point.lng,
                point.lat,
                &icon("map-posting map-here", "", 22.0),
                &label,
            )
            .add_to(map);
        });
    }

    /// The picker: background, markets (to see where the stations are), and the chosen point.
    pub fn attach_picker(
        map: JsRwSignal<Option<leaflet::Map>>,
        location: Signal<Option<crate::model::Point>>,
        set_location: SignalSetter<Option<crate::model::Point>>,
        label: Signal<String>,
    ) {
        let pin = StoredValue::new_local(None::<leaflet::Marker>);
        on_ready(map, move |map| {
            let on_click = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                let Some(position) = js_sys::Reflect::get(&event, &JsValue::from_str("latlng"))
                    .ok()
                    .map(|l| l.unchecked_into::<leaflet::LatLng>())
                else {
                    return;
                };
                // Five decimals: about a metre, more than a tap can mean.
                let round = |x: f64| (x * 100_000.0).round() / 100_000.0;
                set_location.set(crate::model::Point::new(
                    round(position.lng()),
                    round(position.lat()),
                ));
            });
            leaflet::Evented::on(map.unchecked_ref(), "click", on_click.as_ref());
            on_click.forget();
        });
        // The pin follows the choice, wherever it came from.
        Effect::new(move |previous: Option<Option<(f64, f64)>>| {
            let point = location.with(|l| l.map(|p| (p.lng, p.lat)));
            let Some(map) = map.get() else { return point };
            if let Some(old) = pin.get_value() {
                old.remove();
            }
            if let Some((lng, lat)) = point {
                let m = marker(
                    lng,
                    lat,
                    &icon("map-posting map-here", "", 22.0),
                    &label.get_untracked(),
                );
                m.add_to(&map);
                pin.set_value(Some(m));
                // A choice made elsewhere (a market from the list) brings the map to it.
                if previous.is_some() && previous != Some(point) {
                    let zoom = map.get_zoom().max(14.0);
                    map.set_view(&leaflet::LatLng::new(lat, lng), zoom);
                }
            } else {
                pin.set_value(None);
            }
            point
        });
    }

    /// Runs `then` once, when Leaflet has created the map, after what every map here has: no attribution
    /// prefix (Leaflet's carries a flag and a tiny link; public-sector maps show only the basemap's own
    /// attribution, when there is one), the background, and the markets and stations.
    fn on_ready(map: JsRwSignal<Option<leaflet::Map>>, then: impl Fn(&leaflet::Map) + 'static) {
        let t = use_texts();
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let Some(map) = map.get() else { return false };
            set_attribution_prefix(&map, &JsValue::FALSE);
            add_background(map.clone());
            add_markets(map.clone(), t());
            then(&map);
            true
        });
    }

    fn add_background(map: leaflet::Map) {
        spawn_local(async move {
            let settings = load_map_settings().await.unwrap_or_default();
            if let Some(url) = settings.tile_url {
                let (min, max) = (
                    f64::from(settings.tile_min_zoom),
                    f64::from(settings.tile_max_zoom),
                );
                let options = leaflet::TileLayerOptions::new();
                // Leaflet writes the attribution as HTML; it is the operator's text, kept as text.
                options.set_attribution(escape(&settings.tile_attribution));
                options.set_min_zoom(min);
                options.set_max_zoom(max);
                leaflet::TileLayer::new_options(&url, &options).add_to(&map);
                // No zooming past the tiles: beyond them the map would be blank.
                map.set_max_zoom(max);
                if map.get_zoom() > max {
                    map.set_zoom(max);
                }
                return;
            }
            // No basemap configured: the bundled city outlines, which work offline.
            let Ok(response) = gloo_net::http::Request::get("/map/jiangsu-cities.geojson")
                .send()
                .await
            else {
                return;
            };
            let Ok(text) = response.text().await else {
                return;
            };
            let Ok(data) = js_sys::JSON::parse(&text) else {
                return;
            };
            let style = js_sys::Object::new();
            for (key, value) in [
                ("color", JsValue::from_str("#8c1a14")),
                ("weight", JsValue::from_f64(1.0)),
                ("fillColor", JsValue::from_str("#f4f2ef")),
                ("fillOpacity", JsValue::from_f64(1.0)),
            ] {
                let _ = js_sys::Reflect::set(&style, &JsValue::from_str(key), &value);
            }
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str("style"), &style);
            let _ =
                js_sys::Reflect::set(&options, &JsValue::from_str("interactive"), &JsValue::FALSE);
            let outline = geo_json(&data, &options);
            outline.add_to(&map);
            add_place_labels(map).await;
        });
    }

    /// From this zoom on, the districts are named instead of the cities.
    const DISTRICT_LABELS_ZOOM: f64 = 9.0;

    /// The offline background's names: the cities' while the province shows, the districts' from a
    /// city's zoom on. Labels are text in a pane of their own, under the markers and never in the way
    /// of a tap; their size is the style sheet's, whatever the zoom.
    async fn add_place_labels(map: leaflet::Map) {
        let Ok(cities) = list_cities().await else {
            return;
        };
        // Stacked and made untouchable by the style sheet (`.leaflet-labels-pane`).
        map.create_pane_by_name(LABEL_PANE);
        let label = |lng: f64, lat: f64, name: &str| {
            let options = leaflet::MarkerOptions::new();
            options.set_icon(label_icon(name));
            options.set_interactive(false);
            options.set_keyboard(false);
            options.set_pane(LABEL_PANE.to_owned());
            leaflet::Marker::new_with_options(&leaflet::LatLng::new(lat, lng), &options)
        };
        let city_labels: Vec<_> = cities
            .iter()
            .map(|c| label(c.centre.lng, c.centre.lat, &c.name))
            .collect();
        let district_labels: Vec<_> = cities
            .iter()
            .flat_map(|c| c.districts.iter())
            .map(|d| label(d.centre.lng, d.centre.lat, &d.name))
            .collect();
        let layer = leaflet::LayerGroup::new();
        layer.add_to(&map);
        let redraw = {
            let map = map.clone();
            move || {
                layer.clear_layers();
                let shown = if map.get_zoom() < DISTRICT_LABELS_ZOOM {
                    &city_labels
                } else {
                    &district_labels
                };
                for label in shown {
                    label.add_to_layer_group(&layer);
                }
            }
        };
        redraw();
        map.on_zoom_end(Box::new(move |_| redraw()));
    }

    /// The pane of the place names: above the background, below every marker.
    const LABEL_PANE: &str = "labels";

    /// A name as a map label: centred on its point, sized by its text.
    fn label_icon(name: &str) -> leaflet::Icon {
        let options = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &v);
        };
        set("className", JsValue::from_str("map-label"));
        set(
            "html",
            JsValue::from_str(&format!("<span>{}</span>", escape(name))),
        );
        // No size of its own: the label is as wide as its text, its anchor moved to the middle by the
        // style sheet.
        set("iconSize", JsValue::NULL);
        div_icon(&options)
    }

    /// From this zoom on the markets and stations are shown: below it their markers would sit on top of
    /// the clusters (targets too close to tap apart); the markets page lists them all.
    const MARKETS_ZOOM: f64 = 10.0;

    /// A market's or station's marker, in pixels.
    const MARKET_SIZE: f64 = 34.0;

    fn add_markets(map: leaflet::Map, t: &'static Texts) {
        spawn_local(async move {
            // The fairs are an extra: a market without its next fair is still worth showing.
            let (markets, fairs) =
                futures::future::join(list_markets(None, None), next_fairs()).await;
            let Ok(markets) = markets else {
                return;
            };
            let fairs = fairs.unwrap_or_default();
            let markers: Vec<_> = markets
                .iter()
                .map(|market| {
                    let fair = fairs.iter().find(|f| f.market_slug == market.slug);
                    (market.location, market_marker(market, fair, t))
                })
                .collect();
            let layer = leaflet::LayerGroup::new();
            layer.add_to(&map);
            // Redrawn after every move: only the markers that can be tapped whole are shown.
            let show_when_close = {
                let map = map.clone();
                move || {
                    layer.clear_layers();
                    if map.get_zoom() < MARKETS_ZOOM {
                        return;
                    }
                    let mut clearance = Clearance::of(&map);
                    for (at, marker) in &markers {
                        if clearance.take(&map, at.lng, at.lat, MARKET_SIZE) {
                            marker.add_to_layer_group(&layer);
                        }
                    }
                }
            };
            show_when_close();
            map.on_move_end(Box::new(move |_| show_when_close()));
        });
    }

    fn icon(class: &str, html: &str, size: f64) -> leaflet::Icon {
        let options = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &v);
        };
        set("className", JsValue::from_str(class));
        set("html", JsValue::from_str(html));
        let pair = js_sys::Array::of2(&JsValue::from_f64(size), &JsValue::from_f64(size));
        set("iconSize", pair.into());
        div_icon(&options)
    }

    fn marker(lng: f64, lat: f64, icon: &leaflet::Icon, title: &str) -> leaflet::Marker {
        let options = leaflet::MarkerOptions::new();
        options.set_icon(icon.clone());
        options.set_title(title.to_owned());
        options.set_keyboard(true);
        leaflet::Marker::new_with_options(&leaflet::LatLng::new(lat, lng), &options)
    }

    fn market_marker(
        market: &MarketSummary,
        next_fair: Option<&FairSummary>,
        t: &'static Texts,
    ) -> leaflet::Marker {
        let (class, glyph) = match market.kind {
            MarketKind::Station => ("map-market map-station", "站"),
            _ => ("map-market", "市"),
        };
        // A market with a fair coming carries a mark, so that a worker scanning the map sees where.
        let class = match next_fair {
            Some(_) => format!("{class} map-market-fair"),
            None => class.to_owned(),
        };
        let m = marker(
            market.location.lng,
            market.location.lat,
            &icon(&class, glyph, MARKET_SIZE),
            &market.name,
        );
        // What it offers, in a line each: a worker looks for water, a charger or legal aid.
        let s = t.lang.station_texts();
        let offers = |names: Vec<&str>| match names.is_empty() {
            true => String::new(),
            false => format!("<br><small>{}</small>", escape(&names.join(" · "))),
        };
        let f = t.lang.fair_texts();
        let fair = match next_fair {
            None => String::new(),
            Some(fair) => format!(
                "<br><small>{}</small><br><a class=\"map-next-fair\" href=\"/fairs/{}\">{} · {}</a>",
                escape(f.next_fair),
                fair.id,
                escape(&(f.when)(
                    &fair.held_on.to_string(),
                    &fair.starts_at,
                    &fair.ends_at
                )),
                escape(&fair.title),
            ),
        };
        let html = format!(
            "<strong>{}</strong><br>{}{}{}{}<br><a href=\"/markets/{}\">{}</a>",
            escape(&market.name),
            escape(t.market_kind(market.kind)),
            offers(market.services.iter().map(|&x| s.service(x)).collect()),
            offers(market.amenities.iter().map(|&x| s.amenity(x)).collect()),
            fair,
            escape(&market.slug),
            escape(t.view_posting),
        );
        m.bind_popup_with_options(&JsValue::from_str(&html), &JsValue::UNDEFINED);
        // The name under the marker, always: a market is a place people are told to go to by name.
        let options = js_sys::Object::new();
        for (key, value) in [
            ("permanent", JsValue::TRUE),
            ("direction", JsValue::from_str("bottom")),
            ("className", JsValue::from_str("map-name")),
            ("interactive", JsValue::FALSE),
        ] {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), &value);
        }
        bind_tooltip(&m, &JsValue::from_str(&escape(&market.name)), &options);
        m
    }

    /// `layer.bindTooltip(content, options)`.
    fn bind_tooltip(layer: &leaflet::Marker, content: &JsValue, options: &JsValue) {
        let bind = js_sys::Reflect::get(layer, &JsValue::from_str("bindTooltip"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(bind) = bind {
            let _ = bind.call2(layer, content, options);
        }
    }

    /// One click handler for the whole layer, so redrawing the clusters creates no new closures: a click on
    /// a cluster zooms in around it; single postings open their popup instead.
    fn zoom_into_clicked_clusters(map: &leaflet::Map, layer: &leaflet::FeatureGroup) {
        let map = map.clone();
        let on_click = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            let get = |target: &JsValue, key: &str| {
                js_sys::Reflect::get(target, &JsValue::from_str(key)).ok()
            };
            let is_cluster = get(&event, "originalEvent")
                .and_then(|e| get(&e, "target"))
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.closest(".map-cluster").ok().flatten().is_some());
            let Some(position) =
                get(&event, "latlng").map(|l| l.unchecked_into::<leaflet::LatLng>())
            else {
                return;
            };
            if is_cluster {
                let next = (map.get_zoom() + 2.0).min(f64::from(POSTINGS_ZOOM));
                map.set_view(&position, next);
            }
        });
        leaflet::Evented::on(layer.unchecked_ref(), "click", on_click.as_ref());
        // Lives as long as the map: one handler per map, not per marker.
        on_click.forget();
    }

    /// Where on the map a marker can be tapped whole: not cut by the map's edge, not under a control
    /// (zoom buttons, attribution) or another marker (the markets', drawn first). A marker that is not is
    /// left out of this view; panning or zooming brings it in, and the lists below the map and on the
    /// markets page have everything.
    struct Clearance {
        width: f64,
        height: f64,
        /// The boxes taken, relative to the map.
        taken: Vec<(f64, f64, f64, f64)>,
    }

    impl Clearance {
        fn of(map: &leaflet::Map) -> Clearance {
            let size = map.get_size();
            let container = map.get_container();
            let origin = container.get_bounding_client_rect();
            let mut taken = Vec::new();
            for class in ["leaflet-control", "map-market"] {
                let found = container.get_elements_by_class_name(class);
                taken.extend(
                    (0..found.length())
                        .filter_map(|i| found.item(i))
                        .map(|element| {
                            let rect = element.get_bounding_client_rect();
                            let (left, top) =
                                (rect.left() - origin.left(), rect.top() - origin.top());
                            (left, top, left + rect.width(), top + rect.height())
                        }),
                );
            }
            Clearance {
                width: size.x(),
                height: size.y(),
                taken,
            }
        }

        /// Whether a marker of `size` pixels at the point fits; if it does, its box is taken.
        fn take(&mut self, map: &leaflet::Map, lng: f64, lat: f64, size: f64) -> bool {
            let at = map.lat_lng_to_container_point(&leaflet::LatLng::new(lat, lng));
            let half = size / 2.0;
            let (left, top, right, bottom) =
                (at.x() - half, at.y() - half, at.x() + half, at.y() + half);
            let fits = left >= 0.0
                && top >= 0.0
                && right <= self.width
                && bottom <= self.height
                && self
                    .taken
                    .iter()
                    .all(|&(l, t, r, b)| right <= l || left >= r || bottom <= t || top >= b);
            if fits {
                self.taken.push((left, top, right, bottom));
            }
            fits
        }
    }

    fn draw_postings(
        map: &leaflet::Map,
        layer: &leaflet::LayerGroup,
        data: MapLayer,
        t: &'static Texts,
    ) {
        let mut clearance = Clearance::of(map);
        match data {
            MapLayer::Clusters(clusters) => {
                for cluster in clusters {
                    // At most 44 px on a 60 px grid: never touching a neighbour.
                    let size = match cluster.count {
                        0..=9 => 32.0,
                        10..=99 => 38.0,
                        _ => 44.0,
                    };
                    if !clearance.take(map, cluster.lng, cluster.lat, size) {
                        continue;
                    }
                    let label = (t.cluster_label)(cluster.count);
                    let m = marker(
                        cluster.lng,
                        cluster.lat,
                        &icon("map-cluster", &cluster.count.to_string(), size),
                        &label,
                    );
                    m.add_to_layer_group(layer);
                }
            }
            MapLayer::Postings(postings) => {
                for posting in postings {
                    // 24 px apart at least (the smallest target a finger can tell apart), though drawn at 18.
                    if !clearance.take(map, posting.lng, posting.lat, 24.0) {
                        continue;
                    }
                    let pay = format!(
                        "{} {}",
                        format_pay(posting.pay_cents),
                        t.pay_unit(posting.pay_unit)
                    );
                    let m = marker(
                        posting.lng,
                        posting.lat,
                        &icon("map-posting", "", 18.0),
                        &posting.title,
                    );
                    let html = format!(
                        "<strong>{}</strong><br><span class=\"map-pay\">{}</span><br><a href=\"/postings/{}\">{}</a>",
                        escape(&posting.title),
                        escape(&pay),
                        posting.id,
                        escape(t.view_posting),
                    );
                    m.bind_popup_with_options(&JsValue::from_str(&html), &JsValue::UNDEFINED);
                    m.add_to_layer_group(layer);
                }
            }
        }
    }

    /// Text placed into popup HTML: titles are written by employers and must stay text.
    fn escape(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }
}

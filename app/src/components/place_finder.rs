//! Finding a posting's place without knowing where to tap (找地点): by a market's or station's name or
//! address, by a district's name, by a street the open postings' addresses name, or the phone's own
//! location. The offline map has no streets, so the
//! place chosen is described in words: the district around it and the nearest market or station.

use leptos::prelude::*;

use crate::components::hydrated::use_hydrated;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::{City, MarketSummary, Point};

/// Places offered for one search at most: a short list to tap, not a directory.
const MOST_RESULTS: usize = 8;

/// A place found.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundPlace {
    pub point: Point,
    /// The market or station it is, when it is one (its slug).
    pub market: Option<String>,
    /// Its street address, when it has one.
    pub address: Option<String>,
}

/// What a search finds: markets and stations by name or address, then districts by name.
fn find(needle: &str, markets: &[MarketSummary], cities: &[City]) -> Vec<(String, FoundPlace)> {
    let needle = needle.trim();
    if needle.is_empty() {
        return Vec::new();
    }
    let markets = markets
        .iter()
        .filter(|m| m.name.contains(needle) || m.address.contains(needle))
        .map(|m| {
            (
                format!("{} · {}", m.name, m.address),
                FoundPlace {
                    point: m.location,
                    market: Some(m.slug.clone()),
                    address: Some(m.address.clone()),
                },
            )
        });
    let districts = cities.iter().flat_map(|c| {
        c.districts
            .iter()
            .filter(move |d| d.name.contains(needle) || c.name.contains(needle))
            .map(move |d| {
                (
                    format!("{}{}", c.name, d.name),
                    FoundPlace {
                        point: d.centre,
                        market: None,
                        address: None,
                    },
                )
            })
    });
    markets.chain(districts).take(MOST_RESULTS).collect()
}

/// The words for a chosen point: the district whose centre is nearest, and the nearest market or
/// station with how far it is. `None` when the lists are not there to say it.
pub fn describe(
    point: Point,
    markets: &[MarketSummary],
    cities: &[City],
) -> Option<(String, Option<(String, u32)>)> {
    let by_distance = |a: &f64, b: &f64| a.total_cmp(b);
    let district = cities
        .iter()
        .flat_map(|c| c.districts.iter().map(move |d| (c, d)))
        .map(|(c, d)| (point.metres_to(d.centre), format!("{}{}", c.name, d.name)))
        .min_by(|a, b| by_distance(&a.0, &b.0))?
        .1;
    let market = markets
        .iter()
        .map(|m| (point.metres_to(m.location), m.name.clone()))
        .min_by(|a, b| by_distance(&a.0, &b.0))
        // Further than this, "near" says nothing.
        .filter(|(metres, _)| *metres <= 5_000.0)
        .map(|(metres, name)| (name, metres.round() as u32));
    Some((district, market))
}

/// The search box, its results, and "use my location". `on_found` gets what the person tapped.
#[component]
pub fn PlaceFinder(
    markets: StoredValue<Vec<MarketSummary>>,
    cities: StoredValue<Vec<City>>,
    on_found: Callback<FoundPlace>,
) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let hydrated = use_hydrated();
    let needle = RwSignal::new(String::new());
    let status = RwSignal::new(None::<&'static str>);
    let results = Memo::new(move |_| {
        let needle = needle.get();
        markets.with_value(|ms| cities.with_value(|cs| find(&needle, ms, cs)))
    });
    // Streets come from the server (the open postings' addresses name them), once two characters are
    // typed. An effect, so only the browser asks (a resource would hold the server's render back), and
    // only the answer to the latest needle is shown.
    let streets = RwSignal::new(Vec::<((String, String, i64), FoundPlace)>::new());
    Effect::new(move |_| {
        let street = needle.get().trim().to_owned();
        if street.chars().count() < crate::model::STREET_MIN_CHARS {
            streets.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let found = crate::api::places::find_streets(street.clone())
                .await
                .unwrap_or_default();
            if needle.get_untracked().trim() != street {
                return;
            }
            streets.set(
                found
                    .into_iter()
                    .map(|found| {
                        let place = FoundPlace {
                            point: found.point,
                            market: None,
                            address: Some(street.clone()),
                        };
                        ((found.area, street.clone(), found.postings), place)
                    })
                    .collect(),
            );
        });
    });
    let locate = move |_| {
        status.set(Some("locating"));
        current_position(
            move |point| {
                status.set(None);
                on_found.run(FoundPlace {
                    point,
                    market: None,
                    address: None,
                });
            },
            move || status.set(Some("refused")),
        );
    };
    view! {
        <div class="place-finder">
            <label for="place-search">{move || m().place_search_label}</label>
            <div class="near-row">
                <input id="place-search" type="search" autocomplete="off" enterkeyhint="search"
                    aria-controls="place-results"
                    prop:value=move || needle.get()
                    on:input=move |ev| needle.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default() }/>
                <button type="button" class="button-quiet near-me" disabled=move || !hydrated.get() on:click=locate>
                    {move || t().near_me}
                </button>
            </div>
            <p class="hint" role="status">{move || status.get().map(|key| match key {
                "locating" => t().locating,
                _ => m().place_location_refused,
            })}</p>
            <ul id="place-results" class="place-results" aria-live="polite">
                {move || results.get().into_iter().map(|(label, place)| view! {
                    <li>
                        <button type="button" class="button-quiet" on:click=move |_| {
                            on_found.run(place.clone());
                            needle.set(String::new());
                        }>{label}</button>
                    </li>
                }).collect_view()}
                {move || streets.get().into_iter().map(|((area, street, postings), place)| view! {
                    <li>
                        <button type="button" class="button-quiet" on:click=move |_| {
                            on_found.run(place.clone());
                            needle.set(String::new());
                        }>{move || (m().street_result)(&area, &street, postings)}</button>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The phone's position, once, when the person allows it: `found` with it, else `failed`.
pub fn current_position(found: impl FnOnce(Point) + 'static, failed: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        let Some(geolocation) = window().navigator().geolocation().ok() else {
            failed();
            return;
        };
        // Either callback may be the one that runs; whichever does takes `failed` with it.
        let failed = std::rc::Rc::new(std::cell::Cell::new(Some(failed)));
        let fail = {
            let failed = failed.clone();
            move || {
                if let Some(failed) = failed.take() {
                    failed();
                }
            }
        };
        let on_position = Closure::once_into_js({
            let fail = fail.clone();
            move |position: web_sys::Position| {
                let coords = position.coords();
                // Five decimals: about a metre, more than a phone's fix means.
                let round = |x: f64| (x * 100_000.0).round() / 100_000.0;
                match Point::new(round(coords.longitude()), round(coords.latitude())) {
                    Some(point) => found(point),
                    None => fail(),
                }
            }
        });
        let on_error = Closure::once_into_js({
            let fail = fail.clone();
            move |_: web_sys::PositionError| fail()
        });
        let options = web_sys::PositionOptions::new();
        options.set_timeout(10_000);
        options.set_maximum_age(300_000);
        if geolocation
            .get_current_position_with_error_callback_and_options(
                on_position.unchecked_ref(),
                Some(on_error.unchecked_ref()),
                &options,
            )
            .is_err()
        {
            fail();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = found;
        failed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{District, MarketKind};

    fn point(lng: f64, lat: f64) -> Point {
        Point { lng, lat }
    }

    fn places() -> (Vec<MarketSummary>, Vec<City>) {
        let market = MarketSummary {
            slug: "gulou-station".into(),
            name: "鼓楼零工驿站".into(),
            kind: MarketKind::Station,
            city_name: "南京市".into(),
            district_name: Some("鼓楼区".into()),
            address: "中山北路100号".into(),
            location: point(118.77, 32.07),
            location_approximate: false,
            distance_m: None,
            services: Vec::new(),
            amenities: Vec::new(),
        };
        let nanjing = City {
            adcode: 320100,
            name: "南京市".into(),
            labour_hotline: "025-12333".into(),
            rights_office_address: None,
            centre: point(118.80, 32.06),
            districts: vec![
                District {
                    adcode: 320106,
                    name: "鼓楼区".into(),
                    centre: point(118.77, 32.07),
                },
                District {
                    adcode: 320115,
                    name: "江宁区".into(),
                    centre: point(118.84, 31.95),
                },
            ],
        };
        (vec![market], vec![nanjing])
    }

    #[test]
    fn markets_and_districts_are_found_by_name_and_address() {
        let (markets, cities) = places();
        let found = find("鼓楼", &markets, &cities);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1.market.as_deref(), Some("gulou-station"));
        assert_eq!(found[1].0, "南京市鼓楼区");
        assert_eq!(find("中山北路", &markets, &cities).len(), 1);
        assert_eq!(
            find("江宁", &markets, &cities)[0].1.point,
            point(118.84, 31.95)
        );
        assert!(find("  ", &markets, &cities).is_empty());
        assert!(find("苏州", &markets, &cities).is_empty());
    }

    #[test]
    fn a_point_is_described_by_its_district_and_the_nearest_market() {
        let (markets, cities) = places();
        let (district, market) = describe(point(118.773, 32.071), &markets, &cities).unwrap();
        assert_eq!(district, "南京市鼓楼区");
        let (name, metres) = market.unwrap();
        assert_eq!(name, "鼓楼零工驿站");
        assert!((250..350).contains(&metres), "{metres}");
        // Far from every market: only the district.
        let (district, market) = describe(point(118.84, 31.95), &markets, &cities).unwrap();
        assert_eq!((district.as_str(), market), ("南京市江宁区", None));
    }
}

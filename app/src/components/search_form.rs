//! The search filters, shared by the list and the map. A plain GET form: without JavaScript it reloads
//! the page with the new URL. Once its island is live, a submission fetches the new page's HTML, puts its
//! heading and results in place of the old ones, and moves the map, without reloading the page; the URL
//! and the back button follow.

use leptos::prelude::*;

use crate::components::gig_map::MapToggle;
use crate::components::hydrated::use_hydrated;
use crate::components::trade_select::TradeSelect;
use crate::i18n::use_texts;
use crate::model::{
    City, DateFilter, PayTerms, PayUnit, PostingTag, SearchQuery, ShiftStart, SortOrder, Trade,
    RADII_KM,
};

/// Submits the form an input belongs to, as if its button had been pressed (so the router sees it).
pub fn submit_own_form(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let form = ev.target().and_then(|target| {
            target
                .dyn_ref::<web_sys::HtmlSelectElement>()
                .and_then(|select| select.form())
                .or_else(|| {
                    target
                        .dyn_ref::<web_sys::HtmlInputElement>()
                        .and_then(|input| input.form())
                })
        });
        if let Some(form) = form {
            let _ = form.request_submit();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[component]
pub fn SearchForm(
    query: RwSignal<SearchQuery>,
    trades: Vec<Trade>,
    cities: Vec<City>,
    /// The phone's map switch, which sits beside "more filters".
    map_shown: RwSignal<bool>,
) -> impl IntoView {
    let t = use_texts();
    #[cfg(feature = "hydrate")]
    browser::follow_history(query);
    let submitted = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submitted(ev, query);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let query: Signal<SearchQuery> = query.into();
    let initial = query.get_untracked();
    let advanced = initial.city.is_some()
        || initial.near.is_some()
        || initial.min_pay.is_some()
        || initial.max_hours.is_some()
        || initial.pay_terms.is_some()
        || initial.starts.is_some()
        || !initial.tags.is_empty()
        || initial.sort != SortOrder::Newest;
    let selected_trade = Signal::derive(move || query.get().trade);

    view! {
        <form method="get" action="/" class="search-form" role="search" on:submit=submitted>
            <div class="search-row">
                <label for="q" class="visually-hidden">{move || t().keyword_label}</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    maxlength="30"
                    enterkeyhint="search"
                    autocomplete="off"
                    placeholder=move || t().keyword_placeholder
                    value=initial.keyword.clone().unwrap_or_default()
                    prop:value=move || query.get().keyword.unwrap_or_default()
                />
                <button type="submit">{move || t().search_button}</button>
            </div>
            <div class="filter-row">
                <div class="field">
                    <label for="trade">{move || t().trade_label}</label>
                    <TradeSelect trades selected=selected_trade/>
                </div>
                <div class="field">
                    <label for="date">{move || t().date_label}</label>
                    <DateSelect query/>
                </div>
            </div>
            <div class="search-tools">
            <MapToggle shown=map_shown/>
            <details class="more-filters" open=advanced>
                <summary>{move || t().more_filters}</summary>
                <PlaceFields query cities/>
                <NearFields query/>
                <PayFields query/>
                <div class="field">
                    <label for="hours">{move || t().hours_label}</label>
                    <select
                        id="hours"
                        name="hours"
                        prop:value=move || query.get().max_hours.map(|h| h.to_string()).unwrap_or_default()
                    >
                        <option value="" selected=initial.max_hours.is_none()>{move || t().any_hours}</option>
                        {[2u8, 4, 6, 8]
                            .into_iter()
                            .map(|h| view! {
                                <option value=h.to_string() selected=initial.max_hours == Some(h)>
                                    {move || (t().at_most_hours)(h)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="filter-row">
                    <div class="field">
                        <label for="terms">{move || t().pay_terms_label}</label>
                        <select id="terms" name="terms"
                            prop:value=move || query.get().pay_terms.map(PayTerms::as_str).unwrap_or_default()>
                            <option value="" selected=initial.pay_terms.is_none()>{move || t().any_hours}</option>
                            {PayTerms::ALL
                                .into_iter()
                                .map(|terms| view! {
                                    <option value=terms.as_str() selected=initial.pay_terms == Some(terms)>
                                        {move || t().pay_terms(terms)}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="starts">{move || t().shift_start_label}</label>
                        <select id="starts" name="starts"
                            prop:value=move || query.get().starts.map(ShiftStart::as_str).unwrap_or_default()>
                            <option value="" selected=initial.starts.is_none()>{move || t().any_hours}</option>
                            {ShiftStart::ALL
                                .into_iter()
                                .map(|part| view! {
                                    <option value=part.as_str() selected=initial.starts == Some(part)>
                                        {move || t().shift_start(part)}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <fieldset class="field tags">
                    <legend>{move || t().groups_label}</legend>
                    {PostingTag::ALL
                        .into_iter()
                        .map(|tag| view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    name="tags"
                                    value=tag.as_str()
                                    checked=initial.tags.contains(&tag)
                                    prop:checked=move || query.get().tags.contains(&tag)
                                />
                                <span>{move || t().posting_tag(tag)}</span>
                            </label>
                        })
                        .collect_view()}
                </fieldset>
                <div class="field">
                    <label for="sort">{move || t().sort_label}</label>
                    <select id="sort" name="sort" prop:value=move || query.get().sort.as_str()>
                        {SortOrder::ALL
                            .into_iter()
                            .map(|sort| view! {
                                <option value=sort.as_str() selected=initial.sort == sort>
                                    {move || t().sort_name(sort)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="filter-actions">
                    <button type="submit">{move || t().apply_filters}</button>
                    <a href="/" class="button button-quiet">{move || t().clear_filters}</a>
                </div>
            </details>
            </div>
        </form>
    }
}

#[component]
fn DateSelect(query: Signal<SearchQuery>) -> impl IntoView {
    let t = use_texts();
    let initial = query.get_untracked().date;
    let options = [
        ("today", DateFilter::Today),
        ("tomorrow", DateFilter::Tomorrow),
        ("week", DateFilter::ThisWeek),
        ("any", DateFilter::Any),
    ];
    let name = move |date: DateFilter| t().date_name(date);
    view! {
        <select
            id="date"
            name="date"
            on:change=submit_own_form
            prop:value=move || match query.get().date {
                DateFilter::Today => "today",
                DateFilter::Tomorrow => "tomorrow",
                DateFilter::ThisWeek => "week",
                _ => "any",
            }
        >
            {options
                .into_iter()
                .map(|(value, date)| view! {
                    <option value=value selected=initial == date>{move || name(date)}</option>
                })
                .collect_view()}
        </select>
    }
}

/// City and district. Choosing a city submits (and forgets a district of another city), so the district
/// list that follows is that city's.
#[component]
fn PlaceFields(query: Signal<SearchQuery>, cities: Vec<City>) -> impl IntoView {
    let t = use_texts();
    let initial = query.get_untracked();
    let district_select = NodeRef::<leptos::html::Select>::new();
    let city_options = cities
        .iter()
        .map(|city| {
            view! {
                <option value=city.adcode.to_string() selected=initial.city == Some(city.adcode)>
                    {city.name.clone()}
                </option>
            }
        })
        .collect_view();
    let districts = move || {
        let city = query.get().city;
        cities
            .iter()
            .filter(|c| city.is_none() || city == Some(c.adcode))
            .flat_map(|c| c.districts.iter().map(move |d| (c.name.clone(), d.clone())))
            .map(|(city_name, district)| {
                let label = if city.is_some() { district.name.clone() } else { format!("{city_name} {}", district.name) };
                view! {
                    <option value=district.adcode.to_string() selected=initial.district == Some(district.adcode)>
                        {label}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            <label for="city">{move || t().city_label}</label>
            <select
                id="city"
                name="city"
                prop:value=move || query.get().city.map(|c| c.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    if let Some(select) = district_select.get_untracked() {
                        select.set_value("");
                    }
                    submit_own_form(ev);
                }
            >
                <option value="" selected=initial.city.is_none()>{move || t().all_cities}</option>
                {city_options}
            </select>
        </div>
        <div class="field">
            <label for="district">{move || t().district_label}</label>
            <select
                id="district"
                name="district"
                node_ref=district_select
                prop:value=move || query.get().district.map(|d| d.to_string()).unwrap_or_default()
            >
                <option value="" selected=initial.district.is_none()>{move || t().all_districts}</option>
                {districts}
            </select>
        </div>
    }
}

/// "Near me": the browser's location when the person allows it, with the radius. When the location is
/// refused or unavailable, the city and district pickers above do the job, and the message says so.
#[component]
fn NearFields(query: Signal<SearchQuery>) -> impl IntoView {
    let t = use_texts();
    // Geolocation needs the Wasm.
    let hydrated = use_hydrated();
    let initial = query.get_untracked();
    let lng_input = NodeRef::<leptos::html::Input>::new();
    let lat_input = NodeRef::<leptos::html::Input>::new();
    let status = RwSignal::new(None::<&'static str>);
    let has_point = move || query.get().near.is_some();
    let coordinate = |value: Option<f64>| value.map(|v| format!("{v:.5}")).unwrap_or_default();

    let locate = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        locate_and_submit(ev, lng_input, lat_input, status);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, lng_input, lat_input);
    };
    let forget = move |ev: leptos::ev::MouseEvent| {
        if let (Some(lng), Some(lat)) = (lng_input.get_untracked(), lat_input.get_untracked()) {
            lng.set_value("");
            lat.set_value("");
        }
        #[cfg(feature = "hydrate")]
        submit_button_form(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    view! {
        <div class="field near">
            <span class="field-label">{move || t().distance_label}</span>
            <input type="hidden" name="lng" node_ref=lng_input value=coordinate(initial.near.map(|p| p.lng))
                prop:value=move || coordinate(query.get().near.map(|p| p.lng))/>
            <input type="hidden" name="lat" node_ref=lat_input value=coordinate(initial.near.map(|p| p.lat))
                prop:value=move || coordinate(query.get().near.map(|p| p.lat))/>
            <div class="near-row">
                <Show
                    when=has_point
                    fallback=move || view! {
                        <button type="button" class="button-quiet near-me" disabled=move || !hydrated.get() on:click=locate>{move || t().near_me}</button>
                    }
                >
                    <button type="button" class="button-quiet near-me" disabled=move || !hydrated.get() on:click=forget>{move || t().near_me_clear}</button>
                </Show>
                <label for="r" class="visually-hidden">{move || t().distance_label}</label>
                <select id="r" name="r" disabled=move || !has_point()
                    prop:value=move || query.get().radius_km.map(|r| r.to_string()).unwrap_or_else(|| "5".into())>
                    {RADII_KM
                        .into_iter()
                        .map(|km| view! {
                            <option value=km.to_string() selected=initial.radius_km.unwrap_or(5) == km>
                                {move || (t().within_km)(km)}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
            <p class="hint" role="status">{move || status.get().map(|key| match key {
                "locating" => t().locating,
                _ => t().location_refused,
            })}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn submit_button_form(ev: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let form = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("form").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        let _ = form.request_submit();
    }
}

#[cfg(feature = "hydrate")]
fn locate_and_submit(
    ev: leptos::ev::MouseEvent,
    lng_input: NodeRef<leptos::html::Input>,
    lat_input: NodeRef<leptos::html::Input>,
    status: RwSignal<Option<&'static str>>,
) {
    status.set(Some("locating"));
    crate::components::place_finder::current_position(
        move |point| {
            if let (Some(lng), Some(lat)) = (lng_input.get_untracked(), lat_input.get_untracked()) {
                lng.set_value(&format!("{:.5}", point.lng));
                lat.set_value(&format!("{:.5}", point.lat));
            }
            status.set(None);
            submit_button_form(&ev);
        },
        move || status.set(Some("refused")),
    );
}

#[component]
fn PayFields(query: Signal<SearchQuery>) -> impl IntoView {
    let t = use_texts();
    let initial = query.get_untracked().min_pay;
    view! {
        <div class="field pay">
            <label for="pay">{move || t().min_pay_label}</label>
            <div class="pay-row">
                <input
                    id="pay"
                    name="pay"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max="100000"
                    step="1"
                    value=initial.map(|p| p.yuan.to_string()).unwrap_or_default()
                    prop:value=move || query.get().min_pay.map(|p| p.yuan.to_string()).unwrap_or_default()
                />
                <label for="unit" class="visually-hidden">{move || t().pay_unit_label}</label>
                <select id="unit" name="unit"
                    prop:value=move || query.get().min_pay.map(|p| p.unit).unwrap_or(PayUnit::Day).as_str()>
                    {PayUnit::ALL
                        .into_iter()
                        .map(|unit| view! {
                            <option value=unit.as_str() selected=initial.map(|p| p.unit).unwrap_or(PayUnit::Day) == unit>
                                {move || t().unit_name(unit)}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
        </div>
    }
}

/// The search in a browser's URL parameters (the address's, or a form's).
#[cfg(feature = "hydrate")]
pub fn query_from(
    params: &web_sys::UrlSearchParams,
) -> Result<SearchQuery, crate::model::BadParam> {
    SearchQuery::from_params(|name| {
        params
            .get_all(name)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    })
}

/// What makes the form live: submissions and the back button show the new results in place.
#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;

    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    use crate::model::SearchQuery;

    thread_local! {
        /// Only the newest navigation may change the page: an answer to an older one that arrives late
        /// is dropped.
        static LATEST: Cell<u64> = const { Cell::new(0) };
    }

    /// The parts of the page that depend on the search, by id: the island keeps the rest.
    const SWAPPED: [&str; 2] = ["search-heading", "results"];

    pub fn submitted(ev: leptos::ev::SubmitEvent, query: RwSignal<SearchQuery>) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
            return;
        };
        ev.prevent_default();
        show(params, query, true);
    }

    /// Back and forward show the search of the URL they lead to.
    pub fn follow_history(query: RwSignal<SearchQuery>) {
        let on_pop = Closure::<dyn Fn()>::new(move || {
            let search = window().location().search().unwrap_or_default();
            if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
                show(params, query, false);
            }
        });
        let _ =
            window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        // For the life of the page, as the island.
        on_pop.forget();
    }

    fn show(params: web_sys::UrlSearchParams, query: RwSignal<SearchQuery>, push: bool) {
        let Ok(next) = super::query_from(&params) else {
            // The server explains what is wrong with the filters, with the right status.
            let _ = window()
                .location()
                .assign(&format!("/?{}", String::from(params.to_string())));
            return;
        };
        let url = next.to_url();
        let id = LATEST.with(|latest| {
            latest.set(latest.get() + 1);
            latest.get()
        });
        if push {
            let _ = window()
                .history()
                .and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)));
        }
        query.set(next);
        leptos::task::spawn_local(async move {
            let latest = move || LATEST.with(Cell::get) == id;
            let shown = crate::components::swap::refresh(&url, &SWAPPED, true, latest).await;
            if !shown && latest() {
                // Offline or something unexpected: the ordinary page load says what is wrong.
                let _ = window().location().assign(&url);
            }
        });
    }
}

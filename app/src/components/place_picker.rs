//! Choosing a place: a city, then one of its districts.

use leptos::prelude::*;

use crate::i18n::use_texts;
use crate::model::City;

/// City and district pickers that keep the district inside the city.
#[component]
pub fn PlacePicker(
    cities: Vec<City>,
    city: RwSignal<Option<i32>>,
    district: RwSignal<Option<i32>>,
    #[prop(into)] id_prefix: String,
) -> impl IntoView {
    let t = use_texts();
    let cities = StoredValue::new(cities);
    let districts = move || {
        let chosen = city.get();
        cities.with_value(|cs| {
            cs.iter()
                .find(|c| Some(c.adcode) == chosen)
                .map(|c| c.districts.clone())
                .unwrap_or_default()
        })
    };
    let city_id = format!("{id_prefix}-city");
    let district_id = format!("{id_prefix}-district");
    view! {
        <div class="filter-row">
            <div class="field">
                <label for=city_id.clone()>{move || t().city_label}</label>
                <select id=city_id
                    prop:value=move || city.get().map(|c| c.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        city.set(event_target_value(&ev).parse().ok());
                        district.set(None);
                    }>
                    <option value="">{move || t().all_cities}</option>
                    {cities.with_value(|cs| cs.iter().map(|c| view! {
                        <option value=c.adcode.to_string() selected=city.get_untracked() == Some(c.adcode)>{c.name.clone()}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for=district_id.clone()>{move || t().district_label}</label>
                <select id=district_id
                    prop:value=move || district.get().map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |ev| district.set(event_target_value(&ev).parse().ok())>
                    <option value="">{move || t().all_districts}</option>
                    {move || districts().into_iter().map(|d| view! {
                        <option value=d.adcode.to_string() selected=district.get_untracked() == Some(d.adcode)>{d.name}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
}

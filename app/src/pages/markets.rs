use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::markets::{get_market, list_markets};
use crate::api::postings::search_postings;
use crate::components::feedback::{Failure, Loaded};
use crate::components::hydrated::use_hydrated;
use crate::components::page_title::{PageDescription, PageTitle, ShareCard};
use crate::components::posting_card::PostingCard;
use crate::error::AppError;
use crate::i18n::use_texts;
use crate::model::{MarketDetail, MarketSummary, Point, SearchQuery, DEFAULT_RADIUS_KM};
use crate::pages::not_found::Missing;
use crate::resource::page_resource;

/// Every market and station; with a point in the URL (from "nearest to me"), nearest first.
#[component]
pub fn MarketsPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let near = Memo::new(move |_| {
        query.with(|q| {
            let lng = q.get("lng")?.parse().ok()?;
            let lat = q.get("lat")?.parse().ok()?;
            Point::new(lng, lat)
        })
    });
    let markets = page_resource(move || near.get(), list_markets);
    view! {
        <PageTitle text=t().markets_heading/>
        <PageDescription text=t().site_tagline/>
        <section class="markets">
            <h1>{move || t().markets_heading}</h1>
            <NearestButton/>
            <Loaded data=markets let:markets>
                {view! {
                    <ul class="market-list">
                        {markets.into_iter().map(|m| view! { <MarketItem market=m/> }).collect_view()}
                    </ul>
                }}
            </Loaded>
        </section>
    }
}

/// Asks the browser where the person is and reloads the list nearest first. Without a location the
/// list stays grouped by city, which works as well for choosing.
#[island(lazy)]
fn NearestButton() -> impl IntoView {
    crate::prefs::provide_prefs();
    let t = use_texts();
    let hydrated = use_hydrated();
    let refused = RwSignal::new(false);
    let locate = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::closure::Closure;
            use wasm_bindgen::JsCast;
            let Some(geolocation) = window().navigator().geolocation().ok() else {
                refused.set(true);
                return;
            };
            let on_position = Closure::once_into_js(move |position: web_sys::Position| {
                let c = position.coords();
                let _ = window().location().assign(&format!(
                    "/markets?lng={:.5}&lat={:.5}",
                    c.longitude(),
                    c.latitude()
                ));
            });
            let on_error =
                Closure::once_into_js(move |_: web_sys::PositionError| refused.set(true));
            if geolocation
                .get_current_position_with_error_callback(
                    on_position.unchecked_ref(),
                    Some(on_error.unchecked_ref()),
                )
                .is_err()
            {
                refused.set(true);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        refused.set(false);
    };
    view! {
        <p><button type="button" disabled=move || !hydrated.get() on:click=locate>{move || t().nearest_to_me}</button></p>
        <p class="hint" role="status">{move || refused.get().then(|| t().location_refused)}</p>
    }
}

#[component]
fn MarketItem(market: MarketSummary) -> impl IntoView {
    let t = use_texts();
    let place = match &market.district_name {
        Some(d) => format!("{}{}", market.city_name, d),
        None => market.city_name.clone(),
    };
    view! {
        <li class="market-card">
            <A href=format!("/markets/{}", market.slug)>
                <span class="market-name">{market.name.clone()}</span>
            </A>
            <p class="muted">
                {move || t().market_kind(market.kind)}" · "{place}
                {market.distance_m.map(|m| view! { " · " <span class="distance">{move || (t().distance_away)(m)}</span> })}
            </p>
            <p class="muted">{market.address.clone()}</p>
        </li>
    }
}

/// One market or station: how to get there and what it offers, and today's postings around it.
#[component]
pub fn MarketPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let market = page_resource(move || slug.get(), get_market);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match market.await {
                    Ok(detail) => view! { <MarketView detail/> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <Missing message=|t| t.market_not_found back_href="/markets" back_label=|t| t.markets_heading/>
                    }
                    .into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MarketView(detail: MarketDetail) -> impl IntoView {
    let t = use_texts();
    let b = crate::i18n::use_board_texts();
    let m = detail.summary.clone();
    let nearby = SearchQuery {
        near: Some(m.location),
        radius_km: Some(DEFAULT_RADIUS_KM),
        ..Default::default()
    };
    let nearby_url = nearby.to_url();
    let postings = page_resource(move || nearby.clone(), search_postings);
    let hotline_href = format!("tel:{}", detail.labour_hotline.replace('-', ""));
    let list = |items: Vec<String>| {
        view! { <ul class="chips">{items.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }
    };
    view! {
        <PageTitle text=m.name.clone()/>
        <PageDescription text=format!("{} · {}", m.name, m.address)/>
        <ShareCard title=m.name.clone() description=format!("{} · {}", m.name, m.address)/>
        <article class="market-page">
            <p class="crumbs"><A href="/markets">{move || t().markets_heading}</A></p>
            <h1>{m.name.clone()}</h1>
            <p class="muted">{move || t().market_kind(m.kind)}</p>
            <p>
                <A href=format!("/boards/market/{}", m.slug) attr:class="button button-secondary">
                    {move || b().nav_boards}
                </A>
            </p>
            <dl class="facts">
                <div class="fact">
                    <dt>{move || t().place_heading}</dt>
                    <dd>
                        {m.address.clone()}
                        {m.location_approximate.then(|| view! { <br/><small class="muted">{move || t().approximate_location}</small> })}
                    </dd>
                </div>
                <div class="fact">
                    <dt>{move || t().opening_hours_heading}</dt>
                    <dd>{detail.opening_hours.clone().unwrap_or_else(|| t().hours_unknown.to_owned())}</dd>
                </div>
                <div class="fact">
                    <dt>{move || t().phone_heading}</dt>
                    <dd>
                        {match detail.phone.clone() {
                            Some(phone) => view! { <a href=format!("tel:{phone}")>{phone.clone()}</a> }.into_any(),
                            None => view! { <a href=hotline_href.clone()>{detail.labour_hotline.clone()}</a> }.into_any(),
                        }}
                    </dd>
                </div>
            </dl>
            {(!detail.description.is_empty()).then(|| view! { <p class="prose">{detail.description.clone()}</p> })}
            {(!detail.services.is_empty()).then(|| view! {
                <section><h2>{move || t().services_heading}</h2>{list(detail.services.clone())}</section>
            })}
            {(!detail.amenities.is_empty()).then(|| view! {
                <section><h2>{move || t().amenities_heading}</h2>{list(detail.amenities.clone())}</section>
            })}
            <crate::pages::buses::MarketBusesSection slug=m.slug.clone()/>
            <section>
                <h2>{move || t().postings_nearby}</h2>
                <Loaded data=postings let:loaded>
                    {match loaded {
                        results if results.hits.is_empty()  => view! { <p class="empty">{t().empty_search}</p> }.into_any(),
                        results => view! {
                            <ul class="posting-list">
                                {results.hits.into_iter().take(10).map(|hit| view! {
                                    <PostingCard posting=hit.posting distance_m=hit.distance_m from_market=true/>
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }}
                </Loaded>
                <p><A href=nearby_url attr:class="button">{move || t().see_all_nearby}</A></p>
            </section>
        </article>
    }
}

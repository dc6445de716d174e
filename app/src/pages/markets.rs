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
use crate::i18n::{use_station_texts, use_texts};
use crate::model::{
    MarketDetail, MarketService, MarketSummary, Point, SearchQuery, DEFAULT_RADIUS_KM,
};
use crate::pages::not_found::Missing;
use crate::resource::page_resource;

/// Every market and station, or those offering a service (`?offering=legal_aid`); with a point in the
/// URL (from "nearest to me"), nearest first.
#[component]
pub fn MarketsPage() -> impl IntoView {
    let t = use_texts();
    let s = use_station_texts();
    let query = use_query_map();
    let near = Memo::new(move |_| {
        query.with(|q| {
            let lng = q.get("lng")?.parse().ok()?;
            let lat = q.get("lat")?.parse().ok()?;
            Point::new(lng, lat)
        })
    });
    let offering = Memo::new(move |_| {
        query.with(|q| {
            q.get("offering")
                .and_then(|code| MarketService::parse(&code))
        })
    });
    let markets = page_resource(
        move || (near.get(), offering.get()),
        |(near, offering)| list_markets(near, offering),
    );
    view! {
        <PageTitle text=t().markets_heading/>
        <PageDescription text=t().site_tagline/>
        <section class="markets">
            <h1>{move || t().markets_heading}</h1>
            <NearestButton/>
            <p class="actions">
                <A href="/fairs" attr:class="button button-quiet">{move || crate::i18n::use_fair_texts()().fairs_title}</A>
                <A href="/courses" attr:class="button button-quiet">{move || crate::i18n::use_course_texts()().courses_title}</A>
            </p>
            {move || view! { <ServiceFilter near=near.get() offering=offering.get()/> }}
            <Loaded data=markets let:markets>
                {if markets.is_empty() {
                    view! { <p class="empty">{move || s().none_offering}</p> }.into_any()
                } else {
                    view! {
                        <ul class="market-list">
                            {markets.into_iter().map(|m| view! { <MarketItem market=m/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

/// The services a person can look for a station by, as links: they work before the Wasm, and the
/// point "nearest to me" gave stays in them.
#[component]
fn ServiceFilter(near: Option<Point>, offering: Option<MarketService>) -> impl IntoView {
    let s = use_station_texts();
    let href = move |service: Option<MarketService>| {
        let mut params = Vec::new();
        if let Some(p) = near {
            params.push(format!("lng={:.5}&lat={:.5}", p.lng, p.lat));
        }
        if let Some(service) = service {
            params.push(format!("offering={}", service.code()));
        }
        if params.is_empty() {
            "/markets".to_owned()
        } else {
            format!("/markets?{}", params.join("&"))
        }
    };
    let chip = move |service: Option<MarketService>| {
        let name = move || match service {
            Some(service) => s().service(service),
            None => s().any_service,
        };
        if service == offering {
            view! { <span class="chip chip-current" aria-current="true">{name}</span> }.into_any()
        } else {
            view! { <A href=href(service) attr:class="chip">{name}</A> }.into_any()
        }
    };
    view! {
        <nav class="facets service-filter" aria-label=move || s().offering_label>
            <div class="chip-row">
                <span class="chip-row-label">{move || s().offering_label}</span>
                {chip(None)}
                {MarketService::ALL.into_iter().map(|service| chip(Some(service))).collect_view()}
            </div>
        </nav>
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
            <MarketOffers services=market.services.clone() amenities=market.amenities.clone()/>
        </li>
    }
}

/// A market's services as chips and its amenities on a line: what a list shows of what it offers.
#[component]
fn MarketOffers(
    services: Vec<MarketService>,
    amenities: Vec<crate::model::Amenity>,
) -> impl IntoView {
    let s = use_station_texts();
    view! {
        {(!services.is_empty()).then(|| view! {
            <ul class="chips market-services">
                {services.into_iter().map(|service| view! { <li>{move || s().service(service)}</li> }).collect_view()}
            </ul>
        })}
        {(!amenities.is_empty()).then(|| {
            let line = move || {
                amenities.iter().map(|a| s().amenity(*a)).collect::<Vec<_>>().join(" · ")
            };
            view! { <p class="muted market-amenities">{line}</p> }
        })}
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
    let s = use_station_texts();
    let hotline_href = format!("tel:{}", detail.labour_hotline.replace('-', ""));
    view! {
        <PageTitle text=m.name.clone()/>
        <PageDescription text=format!("{} · {}", m.name, m.address)/>
        // Feed readers and partners find the market's newest postings from its page.
        <leptos_meta::Link rel="alternate" type_="application/atom+xml" href=format!("/markets/{}/feed.atom", m.slug)/>
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
            {(!m.services.is_empty()).then(|| view! {
                <section class="market-services">
                    <h2>{move || t().services_heading}</h2>
                    <ul class="chips">
                        {m.services.iter().map(|&service| view! { <li>{move || s().service(service)}</li> }).collect_view()}
                    </ul>
                </section>
            })}
            {(!m.amenities.is_empty()).then(|| view! {
                <section class="market-amenities">
                    <h2>{move || t().amenities_heading}</h2>
                    <ul class="chips">
                        {m.amenities.iter().map(|&amenity| view! { <li>{move || s().amenity(amenity)}</li> }).collect_view()}
                    </ul>
                </section>
            })}
            <crate::pages::stations::PolicyNotesSection slug=m.slug.clone()/>
            <crate::pages::fairs::MarketFairsSection slug=m.slug.clone()/>
            <crate::pages::buses::MarketBusesSection slug=m.slug.clone()/>
            <crate::pages::courses::MarketCoursesSection city_adcode=detail.city_adcode/>
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

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::places::list_cities;
use crate::api::postings::search_postings;
use crate::api::trades::list_trades;
use crate::components::facet_chips::FacetChips;
use crate::components::feedback::Failure;
use crate::components::gig_map::GigMap;
use crate::components::page_title::{PageDescription, PageTitle};
use crate::components::posting_card::PostingCard;
use crate::components::search_form::SearchForm;
use crate::error::AppError;
use crate::i18n::use_texts;
use crate::model::{City, Role, Trade};
use crate::model::{SearchQuery, SearchResults};
use crate::pages::for_you::SaveSearchBox;
use crate::pages::not_found::set_status;
use crate::resource::{page_resource, UserResource};

/// The job seeker's front door: today's postings, with every filter in the URL. The page works as plain
/// HTML (the filter form is a GET form). The browser runs only [`SearchIsland`]: the filters and the map;
/// the list stays server HTML, which the island swaps for the next search's without reloading the page.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| SearchQuery::from_params(|name| p.get_all(name).unwrap_or_default()))
    });
    let trades = page_resource(|| (), |_| list_trades());
    let cities = page_resource(|| (), |_| list_cities());
    let results = page_resource(
        move || query.get(),
        |query| async move {
            match query {
                Ok(query) => search_postings(query).await,
                Err(bad) => {
                    // Same status as the server function gives: the link is wrong.
                    set_status(400);
                    Err(AppError::invalid(bad.0))
                }
            }
        },
    );
    let user = expect_context::<UserResource>();
    let current = Signal::derive(move || query.get().unwrap_or_default());
    let heading = move || t().search_heading(current.get().date);

    view! {
        <PageTitle text=heading()/>
        <PageDescription text=t().site_tagline/>
        <section class="search">
            <h1 id="search-heading">{heading}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    // Without the taxonomy or the places the list still works; the pickers offer "all".
                    let trades = trades.await.unwrap_or_default();
                    let cities = cities.await.unwrap_or_default();
                    let worker = matches!(user.await, Ok(Some(u)) if u.role == Role::Worker);
                    view! {
                        <SearchIsland query=current.get_untracked() trades cities/>
                        {worker.then(|| view! { <SaveSearchBox/> })}
                    }
                })}
            </Transition>
            <div id="results">
                <Transition fallback=move || view! { <p class="loading" aria-busy="true">{t().loading}</p> }>
                    {move || Suspend::new(async move {
                        match results.await {
                            Ok(results) => view! { <ResultList results query=current.get_untracked()/> }.into_any(),
                            Err(error) => view! { <Failure error/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

/// The filters and the map: the part of the page the browser runs. They share one search, which changes
/// without a reload.
#[island]
fn SearchIsland(query: SearchQuery, trades: Vec<Trade>, cities: Vec<City>) -> impl IntoView {
    crate::prefs::provide_prefs();
    let query = RwSignal::new(query);
    let map_shown = RwSignal::new(false);
    view! {
        <SearchForm query trades cities=cities.clone() map_shown/>
        <GigMap query=query.into() cities shown=map_shown.into()/>
    }
}

#[component]
fn ResultList(results: SearchResults, query: SearchQuery) -> impl IntoView {
    let t = use_texts();
    let count = results.count;
    if results.hits.is_empty() {
        // The date chips may still point to a day that has work.
        return view! {
            <p class="result-count" role="status">{move || (t().result_count)(count)}</p>
            <FacetChips facets=results.facets query/>
            <p class="empty">{move || t().empty_search}</p>
        }
        .into_any();
    }
    let previous = (results.page > 0).then(|| query.with_page(results.page - 1).to_url());
    let next = results
        .has_next
        .then(|| query.with_page(results.page + 1).to_url());
    let page_number = results.page + 1;
    let from = query.near;
    view! {
        <p class="result-count" role="status">{move || (t().result_count)(count)}</p>
        <FacetChips facets=results.facets query=query.clone()/>
        <ul class="posting-list">
            {results
                .hits
                .into_iter()
                .map(|hit| view! { <PostingCard posting=hit.posting distance_m=hit.distance_m from/> })
                .collect_view()}
        </ul>
        <nav class="pager" aria-label=move || (t().page_of)(page_number)>
            {previous.map(|href| view! { <A href=href attr:class="button button-quiet" attr:rel="prev">{move || t().previous_page}</A> })}
            <span class="page-number">{move || (t().page_of)(page_number)}</span>
            {next.map(|href| view! { <A href=href attr:class="button" attr:rel="next">{move || t().next_page}</A> })}
        </nav>
    }
    .into_any()
}

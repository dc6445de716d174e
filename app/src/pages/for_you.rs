//! `/for-you` (为我推荐): recommendations with a one-line reason each, and the worker's saved searches
//! (job alerts). Also the "alert me about this search" box of the search page.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::matching::{recommended_postings, saved_searches, DeleteSavedSearch, SaveSearch};
use crate::components::feedback::{Failure, Loaded};
use crate::components::hydrated::use_hydrated;
use crate::components::page_title::PageTitle;
use crate::components::posting_card::PostingCard;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::SearchQuery;
use crate::resource::page_resource;

#[component]
pub fn ForYouPage() -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let recommendations = page_resource(|| (), |_| recommended_postings());
    view! {
        <PageTitle text=m().for_you_title/>
        <section class="for-you-page">
            <h1>{move || m().for_you_title}</h1>
            <p class="note">{move || m().for_you_intro}</p>
            <Loaded data=recommendations let:r>
                {view! {
                    {r.profile_incomplete.then(|| view! {
                        <p class="notice">{move || m().profile_incomplete}" "<A href="/me">{move || m().complete_profile}</A></p>
                    })}
                    {if r.items.is_empty() {
                        view! { <p class="empty">{move || m().no_recommendations}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="posting-list">
                                {r.items.into_iter().map(|item| {
                                    let reasons = item.reasons.clone();
                                    view! {
                                        <PostingCard posting=item.posting distance_m=item.distance_m from=None/>
                                        <li class="why" aria-hidden="false">
                                            {move || format!("{}{}", m().why, reasons.iter().map(|r| m().match_reason(*r)).collect::<Vec<_>>().join(if t().lang == crate::i18n::Lang::Zh { "、" } else { ", " }))}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                }}
            </Loaded>
            <crate::pages::courses::SuggestedCoursesSection/>
            <SavedSearches/>
        </section>
    }
}

#[component]
fn SavedSearches() -> impl IntoView {
    let _t = use_texts();
    let m = use_market_texts();
    let list = page_resource(|| (), |_| saved_searches());
    view! {
        <section class="account-section">
            <h2>{move || m().saved_searches_heading}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{move || m().no_saved_searches}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="review-list">
                                {list.into_iter().map(|s| {
                                    let id = s.id;
                                    view! {
                                        <li class="saved-search">
                                            <strong>{s.label.clone()}</strong>" "
                                            <A href=s.url.clone()>{move || m().open_search}</A>" "
                                            // The server sends the browser back to this page.
                                            <form class="inline-form" method="post" action=DeleteSavedSearch::url()>
                                                <CsrfField/>
                                                <input type="hidden" name="id" value=id/>
                                                <button type="submit" class="button-quiet">{move || m().delete}</button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(AppError::Unauthenticated | AppError::Forbidden) => ().into_any(),
                        Err(e) => view! { <Failure error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// "Alert me about this search", on the gig map's page for signed-in workers: an island of its own, out of
/// the job seeker's download. The search is the one in the address, which the filters keep current.
#[island(lazy)]
pub fn SaveSearchBox() -> impl IntoView {
    crate::prefs::provide_prefs();
    let _t = use_texts();
    let m = use_market_texts();
    let save = ServerAction::<SaveSearch>::new();
    let label = RwSignal::new(String::new());
    let texts = RwSignal::new(false);
    // The search travels as JSON, which only the Wasm can send.
    let hydrated = use_hydrated();
    view! {
        <details class="save-search">
            <summary>{move || m().save_search}</summary>
            <form class="account-form" on:submit=move |ev| {
                ev.prevent_default();
                let Some(query) = current_search() else {
                    return;
                };
                let mut name = label.get_untracked();
                if name.trim().is_empty() {
                    name = query.keyword.clone().unwrap_or_else(|| m().saved_searches_heading.to_owned());
                }
                save.dispatch(SaveSearch {
                    label: name,
                    query,
                    texts: Some(texts.get_untracked()),
                });
            }>
                <div class="field">
                    <label for="save-search-label">{move || m().save_search_label}</label>
                    <input id="save-search-label" type="text" maxlength="60" bind:value=label/>
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || texts.get()
                        on:change=move |ev| texts.set(event_target_checked(&ev))/>
                    {move || m().save_search_texts}
                </label>
                {move || match save.value().get() {
                    Some(Ok(_)) => view! { <p class="notice" role="status">{m().save_search_done}</p> }.into_any(),
                    Some(Err(e)) => view! { <Failure error=e/> }.into_any(),
                    None => ().into_any(),
                }}
                <button type="submit" disabled=move || !hydrated.get() || save.pending().get()>{move || m().save_search}</button>
            </form>
        </details>
    }
}

/// The search in the page's address; none (nothing to save) if it does not parse.
fn current_search() -> Option<SearchQuery> {
    #[cfg(feature = "hydrate")]
    {
        let search = window().location().search().ok()?;
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
        crate::components::search_form::query_from(&params).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

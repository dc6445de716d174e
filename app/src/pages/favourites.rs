//! 收藏 and 关注 for workers: the posting page's two buttons, and `/me/saved` listing what they kept.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::favourites::{keeping, my_kept, FollowEmployer, KeepPosting};
use crate::components::feedback::{Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::components::posting_card::PostingCard;
use crate::csrf::CsrfField;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::{FavouritePosting, FollowedEmployer, KeepState, PostingState};
use crate::resource::page_resource;

/// The posting page's 收藏 and 关注 buttons: plain forms, so they work before the Wasm; each posts to its
/// server function, which sends the browser back here with the new state.
#[component]
pub fn KeepButtons(posting_id: i64) -> impl IntoView {
    let m = use_market_texts();
    let state = page_resource(|| (), move |_| keeping(posting_id));
    view! {
        <div class="keep-buttons" id="keep">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(KeepState::SignedOut) => view! {
                            <A href=crate::model::return_path::sign_in_href(&format!("/postings/{posting_id}"))
                                attr:class="button button-quiet">{move || m().sign_in_to_keep}</A>
                        }
                        .into_any(),
                        Ok(KeepState::NotAWorker) => ().into_any(),
                        Ok(KeepState::Worker { favourite, following, employer_id }) => view! {
                            <form method="post" action=KeepPosting::url()>
                                <CsrfField/>
                                <input type="hidden" name="posting_id" value=posting_id/>
                                <input type="hidden" name="keep" value=(!favourite).to_string()/>
                                <button type="submit" class="button-quiet" aria-pressed=favourite.to_string()>
                                    {move || if favourite { m().kept } else { m().keep }}
                                </button>
                            </form>
                            <form method="post" action=FollowEmployer::url()>
                                <CsrfField/>
                                <input type="hidden" name="employer_id" value=employer_id/>
                                <input type="hidden" name="follow" value=(!following).to_string()/>
                                <input type="hidden" name="posting_id" value=posting_id/>
                                <button type="submit" class="button-quiet" aria-pressed=following.to_string()>
                                    {move || if following { m().following } else { m().follow }}
                                </button>
                            </form>
                        }
                        .into_any(),
                        Err(e) => view! { <Failure error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// `/me/saved` (我的收藏): the kept postings, where each stands now, and the followed organisations
/// with their newest open postings.
#[component]
pub fn KeptPage() -> impl IntoView {
    let m = use_market_texts();
    let kept = page_resource(|| (), |_| my_kept());
    view! {
        <PageTitle text=m().kept_title/>
        <section class="kept-page">
            <h1>{move || m().kept_title}</h1>
            <Loaded data=kept let:kept>
                <h2>{move || m().kept_postings_heading}</h2>
                {if kept.postings.is_empty() {
                    view! { <p class="empty">{move || m().no_kept_postings}</p> }.into_any()
                } else {
                    view! {
                        <ul class="posting-list kept-postings">
                            {kept.postings.into_iter().map(|k| view! { <KeptPosting kept=k/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
                <h2>{move || m().followed_heading}</h2>
                {if kept.employers.is_empty() {
                    view! { <p class="empty">{move || m().no_followed}</p> }.into_any()
                } else {
                    view! {
                        <ul class="managed-list followed-employers">
                            {kept.employers.into_iter().map(|e| view! { <Followed employer=e/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn KeptPosting(kept: FavouritePosting) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let id = kept.posting.id;
    let state = kept.state;
    view! {
        <li class="kept-posting">
            <ul class="posting-list">
                <PostingCard posting=kept.posting/>
            </ul>
            <div class="kept-actions">
                {(state != PostingState::Open).then(|| view! {
                    <span class="badge">{move || t().posting_state(state)}</span>
                })}
                <form method="post" action=KeepPosting::url()>
                    <CsrfField/>
                    <input type="hidden" name="posting_id" value=id/>
                    <input type="hidden" name="keep" value="false"/>
                    <input type="hidden" name="from_list" value="true"/>
                    <button type="submit" class="button-quiet">{move || m().unkeep}</button>
                </form>
            </div>
        </li>
    }
}

#[component]
fn Followed(employer: FollowedEmployer) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let open = employer.open_postings;
    view! {
        <li class="managed-posting followed-employer">
            <div class="managed-head">
                <h3>{employer.name.clone()}</h3>
                {employer.verified.then(|| view! { <span class="badge badge-verified">{move || t().verified_employer}</span> })}
            </div>
            <p class="muted">{move || (m().open_postings)(open)}</p>
            {(!employer.newest.is_empty()).then(|| view! {
                <ul class="followed-newest">
                    {employer.newest.into_iter().map(|p| {
                        let pay = crate::model::format_pay(p.pay_cents);
                        let unit = p.pay_unit;
                        view! {
                            <li>
                                <A href=format!("/postings/{}", p.id)>{p.title.clone()}</A>
                                " · "<strong>{pay}</strong>" "{move || t().pay_unit(unit)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <form method="post" action=FollowEmployer::url()>
                <CsrfField/>
                <input type="hidden" name="employer_id" value=employer.employer_id/>
                <input type="hidden" name="follow" value="false"/>
                <button type="submit" class="button-quiet">{move || m().unfollow}</button>
            </form>
        </li>
    }
}

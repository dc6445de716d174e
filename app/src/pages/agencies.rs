//! Human-resources service agencies (人力资源服务机构): the public list (`/agencies`) and an agency's
//! storefront (零工旗舰店, `/agencies/:id`), and the staff desk's licences to check. Plain server forms.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::agencies::{get_storefront, list_agencies, pending_licences, DecideLicence};
use crate::components::feedback::{feedback, Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::components::posting_card::PostingCard;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_agency_texts, use_texts};
use crate::model::{AgencyStorefront, LicenceReview};
use crate::pages::not_found::Missing;
use crate::resource::page_resource;

/// `/agencies`: the agencies staff checked, the most open postings first.
#[component]
pub fn AgenciesPage() -> impl IntoView {
    let ag = use_agency_texts();
    let agencies = page_resource(|| (), |_| list_agencies(None));
    view! {
        <PageTitle text=ag().list_title/>
        <section class="agencies-page">
            <h1>{move || ag().list_title}</h1>
            <p class="note">{move || ag().list_intro}</p>
            <Loaded data=agencies let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{move || ag().list_none}</p> }.into_any()
                } else {
                    view! {
                        <ul class="agency-list">
                            {list.into_iter().map(|a| {
                                let open = a.open_postings;
                                view! {
                                    <li class="agency">
                                        <A href=format!("/agencies/{}", a.employer_id)>{a.name}</A>
                                        <p class="muted">{a.city_name}" · "{move || (ag().open_postings)(open)}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

/// `/agencies/:id`: an agency's storefront (零工旗舰店).
#[component]
pub fn StorefrontPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let storefront = page_resource(id, |id| async move {
        match id {
            Some(id) => get_storefront(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match storefront.await {
                    Ok(s) => view! { <Storefront storefront=s/> }.into_any(),
                    Err(AppError::NotFound) => view! { <Missing message=|t| t.not_found_body back_href="/agencies" back_label=|t| t.back_home/> }.into_any(),
                    Err(e) => view! { <Failure error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Storefront(storefront: AgencyStorefront) -> impl IntoView {
    let ag = use_agency_texts();
    let s = storefront;
    let place = match &s.district_name {
        Some(d) => format!("{}{} {}", s.city_name, d, s.address),
        None => format!("{} {}", s.city_name, s.address),
    };
    let open = s.open_postings;
    let clients = s.clients;
    let markets = s.markets.clone();
    let districts = s.districts.join("、");
    view! {
        <PageTitle text=s.name.clone()/>
        <section class="storefront">
            <h1>{s.name.clone()}</h1>
            <p><span class="badge badge-verified">{move || ag().agency_badge}</span></p>
            <dl class="facts">
                <div class="fact">
                    <dt>{move || ag().licence_label}</dt>
                    <dd>{s.licence_no.clone()}</dd>
                </div>
                <div class="fact">
                    <dt>{move || ag().address_heading}</dt>
                    <dd>{place}</dd>
                </div>
            </dl>
            <p class="muted">{move || (ag().open_postings)(open)}{(clients > 0).then(|| view! { " · "{move || (ag().clients)(clients)} })}</p>
            {(!markets.is_empty()).then(move || view! {
                <section class="served-markets">
                    <h2>{move || ag().markets_heading}</h2>
                    <ul>
                        {markets.into_iter().map(|m| view! {
                            <li><A href=format!("/markets/{}", m.slug)>{m.name}</A>" · "{m.postings}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!districts.is_empty()).then(move || view! {
                <section class="served-districts">
                    <h2>{move || ag().districts_heading}</h2>
                    <p>{districts}</p>
                </section>
            })}
            <section>
                <h2>{move || ag().postings_heading}</h2>
                {if s.postings.is_empty() {
                    view! { <p class="empty">{move || ag().no_postings}</p> }.into_any()
                } else {
                    view! {
                        <ul class="posting-list">
                            {s.postings.into_iter().map(|posting| view! { <PostingCard posting distance_m=None/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
        </section>
    }
}

/// The staff desk's licences to check.
#[component]
pub fn StaffLicencesSection() -> impl IntoView {
    let ag = use_agency_texts();
    // Only an error comes back as the action's value (from the address the framework redirects to).
    let decide = ServerAction::<DecideLicence>::new();
    let pending = page_resource(|| (), |_| pending_licences());
    view! {
        <section class="account-section staff-licences">
            <h2>{move || ag().pending_heading}</h2>
            <p class="note">{move || ag().pending_intro}</p>
            {feedback(move || decide.value().get(), || crate::i18n::use_account_texts()().decided)}
            <Loaded data=pending let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{move || ag().pending_none}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {list.into_iter().map(|l| view! { <LicenceItem licence=l/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn LicenceItem(licence: LicenceReview) -> impl IntoView {
    let ag = use_agency_texts();
    let a = crate::i18n::use_account_texts();
    let l = licence;
    let id = l.employer_id;
    let reason_id = format!("licence-reason-{id}");
    let organisation = l.organisation;
    view! {
        <li class="review-item licence">
            <h3>{l.name.clone()}</h3>
            <p>{move || ag().licence_label}" "<code>{l.licence_no.clone()}</code></p>
            <p>{move || a().credit_code_short}" "<code>{l.credit_code.clone()}</code>" · "{move || (ag().organisation_status)(organisation)}</p>
            <p>{l.city_name.clone()}{l.district_name.clone().unwrap_or_default()}" · "{l.submitted_on.clone()}</p>
            <form method="post" action=DecideLicence::url()>
                <CsrfField/>
                <input type="hidden" name="employer_id" value=id/>
                <div class="field">
                    <label for=reason_id.clone()>{move || ag().reason_label}</label>
                    <input id=reason_id name="reason" type="text" maxlength="200"/>
                </div>
                <div class="filter-actions">
                    <button type="submit" name="verify" value="true" class="primary">{move || ag().verify}</button>
                    <button type="submit" name="verify" value="false" class="danger">{move || ag().reject}</button>
                </div>
            </form>
        </li>
    }
}

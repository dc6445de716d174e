//! The worker's side of applying: the posting page's one-tap apply, and "my applications" (我的报名),
//! which updates live when an employer decides.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::applications::{my_applications, standing_on, Apply, ConfirmPlace, Withdraw};
use crate::calendar::china_month_day_minute;
use crate::components::feedback::{Failure, Loaded};
use crate::components::live::LIVE_REGION;
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::navigation::navigation_links;
use crate::model::{
    format_pay, AcceptedPlace, ApplicationStatus, ApplyState, CallState, MyApplication,
};
use crate::pages::posting::NavigateButton;
use crate::resource::page_resource;

/// The apply box of a posting page: sign in, apply with an optional message, or see one's status and
/// withdraw. Server HTML with plain forms: each posts to its server function, which sends the browser back
/// here. Only an error comes back as an action's value (from the address the framework redirects to).
#[component]
pub fn ApplySection(posting_id: i64, open: bool) -> impl IntoView {
    let _t = use_texts();
    let m = use_market_texts();
    let apply = ServerAction::<Apply>::new();
    let withdraw = ServerAction::<Withdraw>::new();
    let state = page_resource(|| (), move |_| standing_on(posting_id));
    // Back from applying (see `posting_page_after`).
    let just_applied = leptos_router::hooks::use_query_map()
        .with_untracked(|query| query.get("applied").is_some());
    view! {
        <section class="apply-box" id="apply" aria-labelledby="apply-heading">
            <h2 id="apply-heading">{move || m().apply_heading}</h2>
            <div id=LIVE_REGION>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match state.await {
                            Ok(ApplyState::SignedOut) => view! {
                                <A href=crate::model::return_path::sign_in_href(&format!("/postings/{posting_id}"))
                                    attr:class="button primary">{move || m().sign_in_to_apply}</A>
                            }
                            .into_any(),
                            Ok(ApplyState::NotAWorker) => view! { <p class="muted">{move || m().not_a_worker}</p> }.into_any(),
                            Ok(ApplyState::CanApply { needs_name }) if open => view! {
                                <form class="account-form" method="post" action=Apply::url()>
                                    <CsrfField/>
                                    <input type="hidden" name="posting_id" value=posting_id/>
                                    {needs_name.then(|| view! {
                                        <p class="note">{move || m().apply_name_intro}</p>
                                        <div class="field">
                                            <label for="apply-name">{move || m().apply_name_label}</label>
                                            <input id="apply-name" name="name" type="text" maxlength="40"
                                                autocomplete="name" required/>
                                        </div>
                                        <div class="field">
                                            <label for="apply-birth-year">{move || m().apply_birth_year_label}</label>
                                            <input id="apply-birth-year" name="birth_year" type="number"
                                                inputmode="numeric" min="1930" max="2012"/>
                                        </div>
                                    })}
                                    <div class="field">
                                        <label for="apply-message">{move || m().apply_message_label}</label>
                                        <input id="apply-message" name="message" type="text" maxlength="200"/>
                                    </div>
                                    <button type="submit" class="primary apply-button">{move || m().apply}</button>
                                </form>
                            }
                            .into_any(),
                            Ok(ApplyState::CanApply { .. }) => ().into_any(),
                            Ok(ApplyState::Applied { application_id, status }) => view! {
                                {just_applied.then(|| view! {
                                    <p class="notice" role="status">{move || m().applied}</p>
                                })}
                                <p class="application-status">
                                    {move || m().your_application}
                                    <strong class=format!("badge application-{}", status.as_str())>{move || m().application_status(status)}</strong>
                                </p>
                                {status.may_become(ApplicationStatus::Withdrawn).then(|| view! {
                                    // Whether the shift is within 24 hours is on 我的报名; here the
                                    // server says so if a reason is missing.
                                    <WithdrawForm application_id holding=status == ApplicationStatus::Accepted late=false/>
                                })}
                                <p><A href="/me/applications">{move || m().my_applications_title}</A></p>
                            }
                            .into_any(),
                            Err(e) => view! { <Failure error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            {move || apply.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || withdraw.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        </section>
    }
}

/// `/me/applications`: every application and where it stands, live.
#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let withdraw = ServerAction::<Withdraw>::new();
    let list = page_resource(|| (), |_| my_applications());
    view! {
        <PageTitle text=m().my_applications_title/>
        <section class="applications-page">
            <h1>{move || m().my_applications_title}</h1>
            {move || withdraw.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <crate::pages::shift::WorkerShiftErrors/>
            <div id=LIVE_REGION>
                <Loaded data=list live=true let:loaded>
                    {match loaded {
                        list if list.is_empty() => view! {
                            <p class="empty">{move || m().no_applications}</p>
                            <A href="/" attr:class="button">{move || t().back_to_list}</A>
                        }
                        .into_any(),
                        list => view! {
                            <ul class="managed-list">
                                {list.into_iter().map(|a| view! { <MyApplicationRow application=a/> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }}
                </Loaded>
            </div>
        </section>
    }
}

#[component]
fn MyApplicationRow(application: MyApplication) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let status = application.status;
    let id = application.id;
    view! {
        <li class="managed-posting" id=format!("application-{id}") data-status=status.as_str()>
            <div class="managed-head">
                <h2><A href=format!("/postings/{}", application.posting_id)>{application.posting_title.clone()}</A></h2>
                <span class=format!("badge application-{}", status.as_str())>{move || m().application_status(status)}</span>
            </div>
            <p class="muted">
                {application.employer_name.clone()}" · "{format_pay(application.pay_cents)}" "{move || t().pay_unit(application.pay_unit)}
                " · "{move || (t().date_range)(application.start_date, application.end_date)}
            </p>
            {application.reason.clone().map(|r| view! { <p>{r}</p> })}
            {match application.place.clone() {
                Some(place) if status == ApplicationStatus::Accepted => view! {
                    <PlaceBox
                        application_id=id
                        employer=application.employer_name.clone()
                        start_date=application.start_date
                        contact_phone=application.contact_phone.clone()
                        place
                    />
                }
                .into_any(),
                _ => application.contact_phone.clone().map(|phone| {
                    let href = format!("tel:{phone}");
                    view! { <p>{move || m().contact_employer}<a class="button" href=href>{phone.clone()}</a></p> }
                })
                .into_any(),
            }}
            {application.shift.clone().map(|record| view! {
                <crate::pages::shift::WorkerShiftBox posting_id=application.posting_id record/>
                <p><A href=format!("/places/{id}") attr:class="button thread-link">{move || crate::i18n::use_shift_texts()().thread_link}</A></p>
            })}
            {status.may_become(ApplicationStatus::Withdrawn).then(|| view! {
                <WithdrawForm
                    application_id=id
                    holding=status == ApplicationStatus::Accepted
                    late=application.place.as_ref().is_some_and(|p| p.late_to_cancel)
                />
            })}
        </li>
    }
}

/// What a worker holding a place needs to get there (上岗信息): the time, the exact address with 导航,
/// whom to call, and the confirmation the employer waits for.
#[component]
fn PlaceBox(
    application_id: i64,
    employer: String,
    start_date: chrono::NaiveDate,
    contact_phone: Option<String>,
    place: AcceptedPlace,
) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let starts = place
        .start_time
        .or_else(|| chrono::NaiveTime::from_hms_opt(8, 0, 0))
        .unwrap_or_default();
    let navigation = navigation_links(place.location, &format!("{employer} {}", place.address));
    let confirm_by = china_month_day_minute(place.confirm_by);
    let contact = (!place.contact_name.is_empty()).then(|| place.contact_name.clone());
    view! {
        <section class="place-box" aria-label=move || m().place_heading>
            <h3>{move || m().place_heading}</h3>
            <p class="place-starts">{move || (m().place_starts)(start_date, starts)}</p>
            <p class="place-address">
                <span class="muted small">{move || m().place_address}</span>
                <br/>
                {place.address.clone()}
            </p>
            <NavigateButton links=navigation/>
            {(!place.bring.is_empty()).then(|| view! {
                <p class="place-bring">
                    <span class="muted small">{move || m().bring_label}</span>
                    <br/>
                    {place.bring.clone()}
                </p>
            })}
            {match contact_phone {
                Some(phone) => {
                    let href = format!("tel:{phone}");
                    view! {
                        <p class="place-contact">
                            {move || m().place_contact}" "{contact.clone()}" "
                            <a class="button" href=href>{phone.clone()}</a>
                        </p>
                    }
                    .into_any()
                }
                None => view! { <p class="muted">{move || m().place_no_phone}</p> }.into_any(),
            }}
            {match place.confirmed_at {
                Some(_) => view! {
                    <p class="badge badge-verified place-confirmed">{move || m().confirmed_attendance}</p>
                }
                .into_any(),
                // Once the shift has begun there is nothing left to confirm.
                None if place.begun => ().into_any(),
                None => view! {
                    <form method="post" action=ConfirmPlace::url() class="place-confirm">
                        <CsrfField/>
                        <input type="hidden" name="application_id" value=application_id/>
                        <p class="note">{move || (m().confirm_by)(&confirm_by)}</p>
                        <button type="submit" class="primary">{move || m().confirm_attendance}</button>
                    </form>
                }
                .into_any(),
            }}
            <p class="muted small">{move || t().hotline_hint}</p>
        </section>
    }
}

/// Withdrawing an application, or giving up a place: plain forms, so they work before the Wasm; the
/// server sends the browser back to the page it came from (the posting, or the list of applications).
/// A place is given up only after a second, deliberate tap (a disclosure that says what follows, with
/// a reason: required inside 24 hours of the shift).
#[component]
fn WithdrawForm(application_id: i64, holding: bool, late: bool) -> impl IntoView {
    let m = use_market_texts();
    let reason_id = format!("give-up-reason-{application_id}");
    if !holding {
        return view! {
            <form method="post" action=Withdraw::url()>
                <CsrfField/>
                <input type="hidden" name="application_id" value=application_id/>
                <button type="submit" class="button-quiet">{move || m().withdraw}</button>
            </form>
        }
        .into_any();
    }
    view! {
        <details class="give-up">
            <summary class="button button-quiet">{move || m().give_up_place}</summary>
            <form method="post" action=Withdraw::url()>
                <CsrfField/>
                <input type="hidden" name="application_id" value=application_id/>
                <p class="note">{move || if late { m().late_cancel_warning } else { m().give_up_warning }}</p>
                <div class="field">
                    <label for=reason_id.clone()>{move || m().cancel_reason_label}</label>
                    <input id=reason_id.clone() name="reason" type="text" maxlength="200" required=late/>
                </div>
                <button type="submit" class="danger">{move || m().give_up_confirm}</button>
            </form>
        </details>
    }
    .into_any()
}

/// 欢迎来电: a one-tap call for a signed-in worker when the employer welcomes calls. The number comes
/// from its own server function (counted per account), never with the page's data.
#[component]
pub fn CallBox(posting_id: i64) -> impl IntoView {
    let m = use_market_texts();
    let state = page_resource(
        || (),
        move |_| crate::api::postings::call_number(posting_id),
    );
    view! {
        <div class="call-box" id="call">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(CallState::Number(phone)) => {
                            let href = format!("tel:{}", phone.replace('-', ""));
                            view! {
                                <p class="muted">{move || m().calls_welcome}</p>
                                <a class="button primary call-button" href=href>
                                    {move || m().call_employer}" "{phone.clone()}
                                </a>
                            }
                            .into_any()
                        }
                        Ok(CallState::SignedOut) => view! {
                            <p class="muted">{move || m().calls_welcome}</p>
                            <A href=crate::model::return_path::sign_in_href(&format!("/postings/{posting_id}"))
                                attr:class="button">{move || m().sign_in_to_call}</A>
                        }
                        .into_any(),
                        Ok(CallState::NotOffered | CallState::NotAWorker) => ().into_any(),
                        Err(e) => view! { <Failure error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

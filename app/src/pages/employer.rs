//! Employers' pages (招工管理): the list of their postings, the posting editor, and each posting's
//! applicants. Built for a phone first; on a desktop the same pages simply get wider.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::employer::{
    my_postings, posting_applicants, DecideApplicant, RepostPosting, SetPostingStatus,
};
use crate::components::feedback::{Failure, Loaded};
use crate::components::live::LIVE_REGION;
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::{
    format_pay, Applicant, ApplicantList, ApplicationStatus, Decision, ManagedPosting,
    PostingStatus,
};
use crate::resource::page_resource;

/// `/employer`: the organisation's postings with what can be done to each.
#[component]
pub fn EmployerPage() -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    // Only an error comes back as an action's value (from the address the framework redirects to).
    let set_status = ServerAction::<SetPostingStatus>::new();
    let repost = ServerAction::<RepostPosting>::new();
    let postings = page_resource(|| (), |_| my_postings());
    view! {
        <PageTitle text=m().employer_title/>
        <section class="employer-page">
            <h1>{move || m().employer_title}</h1>
            <p class="note">{move || m().employer_intro}</p>
            <p class="actions">
                <A href="/employer/new" attr:class="button primary">{move || m().new_posting}</A>
                " "
                <A href="/employer/talent" attr:class="button">{move || crate::i18n::use_talent_texts()().heading}</A>
            </p>
            <ActionError value=Signal::derive(move || set_status.value().get().and_then(Result::err))/>
            <ActionError value=Signal::derive(move || repost.value().get().and_then(Result::err))/>
            <div id=LIVE_REGION>
                <Transition fallback=move || view! { <p class="loading">{t().loading}</p> }>
                    {move || Suspend::new(async move {
                        match postings.await {
                            Ok(list) if list.is_empty() => view! { <p class="empty">{move || m().no_postings}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="managed-list">
                                    {list.into_iter().map(|p| view! { <ManagedRow posting=p/> }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(AppError::Forbidden) => view! {
                                <p>{move || m().need_organisation}</p>
                                <A href="/me" attr:class="button">{move || crate::i18n::use_account_texts()().nav_my_account}</A>
                            }
                            .into_any(),
                            Err(e) => view! { <Failure error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            // Training courses, for an organisation (its postings loaded: an employer without one is
            // told above to register it).
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    postings.await.is_ok().then(|| view! { <crate::pages::courses::OrganisationCoursesSection/> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ActionError(value: Signal<Option<AppError>>) -> impl IntoView {
    let _t = use_texts();
    move || value.get().map(|e| view! { <Failure error=e/> })
}

#[component]
fn ManagedRow(posting: ManagedPosting) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let id = posting.id;
    let status = posting.status;
    let live = !posting.expired && matches!(status, PostingStatus::Open | PostingStatus::Filled);
    let pending = posting.pending_applicants;
    let (filled, headcount) = (posting.filled, posting.headcount);
    view! {
        <li class="managed-posting">
            <div class="managed-head">
                <h2><A href=format!("/employer/postings/{id}")>{posting.title.clone()}</A></h2>
                <span class=format!("badge status-{}", status.as_str())>
                    {move || if posting.expired && status != PostingStatus::Closed { m().expired } else { m().posting_status(status) }}
                </span>
            </div>
            <p class="muted">
                {posting.trade_name.clone()}" · "{format_pay(posting.pay_cents)}" "{move || t().pay_unit(posting.pay_unit)}
                " · "{move || (t().date_range)(posting.start_date, posting.end_date)}
            </p>
            <p>{move || (m().filled_of)(filled, headcount)}</p>
            // A form whose buttons each post their own status; the server then sends the browser back to
            // this list (a repost, to the new posting's editor).
            <form class="actions" method="post" action=SetPostingStatus::url()>
                <CsrfField/>
                <input type="hidden" name="id" value=id/>
                <A href=format!("/employer/postings/{id}/applicants") attr:class="button">{move || (m().applicants_link)(pending)}</A>
                {(status != PostingStatus::Closed).then(|| view! {
                    <A href=format!("/employer/postings/{id}") attr:class="button button-quiet">{move || m().edit}</A>
                })}
                {(status == PostingStatus::Draft).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Open.as_str() class="primary">{move || m().publish}</button>
                })}
                {(live && status == PostingStatus::Open).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Paused.as_str()>{move || m().pause}</button>
                })}
                {(status == PostingStatus::Paused && !posting.expired).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Open.as_str()>{move || m().resume}</button>
                })}
                {status.may_become(PostingStatus::Closed).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Closed.as_str() class="danger">{move || m().close}</button>
                })}
                <button type="submit" formaction=RepostPosting::url() class="button-quiet">
                    {move || m().repost}
                </button>
            </form>
        </li>
    }
}

/// `/employer/postings/:id/applicants`: who applied, and the decisions. Live: a new applicant appears
/// without reloading.
#[component]
pub fn ApplicantsPage() -> impl IntoView {
    let m = use_market_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    // Only an error comes back as the action's value (from the address the framework redirects to).
    let decide = ServerAction::<DecideApplicant>::new();
    let list = page_resource(id, |id| async move {
        match id {
            Some(id) => posting_applicants(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=m().applicants_title/>
        <section class="applicants-page">
            <ActionError value=Signal::derive(move || decide.value().get().and_then(Result::err))/>
            <crate::pages::shift::EmployerShiftErrors/>
            <div id=LIVE_REGION>
                <Loaded data=list live=true let:list>
                    {view! { <ApplicantListView list/> }}
                </Loaded>
            </div>
        </section>
    }
}

#[component]
fn ApplicantListView(list: ApplicantList) -> impl IntoView {
    let m = use_market_texts();
    let (filled, headcount) = (list.filled, list.headcount);
    let status = list.status;
    view! {
        <h1>{m().applicants_title}" · "{list.title.clone()}</h1>
        <p>
            <span class=format!("badge status-{}", status.as_str())>{move || m().posting_status(status)}</span>" "
            {move || (m().filled_of)(filled, headcount)}
        </p>
        <p><A href=format!("/employer/postings/{}", list.posting_id)>{move || m().edit}</A>" · "
           <A href=format!("/postings/{}", list.posting_id)>{move || m().view_posting}</A></p>
        <p><A href=format!("/employer/postings/{}/check-in", list.posting_id) attr:class="button primary check-in-screen-link">
            {move || crate::i18n::use_shift_texts()().check_in_screen_link}
        </A></p>
        {(filled > 0).then(|| view! { <crate::pages::place_thread::BroadcastForm posting_id=list.posting_id/> })}
        {if list.applicants.is_empty() {
            view! { <p class="empty">{move || m().no_applicants}</p> }.into_any()
        } else {
            view! {
                <ul class="applicant-list">
                    {list.applicants.into_iter().map(|a| view! { <ApplicantCard applicant=a/> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <p class="muted small">
            {move || m().employer_rights_body}
            <a href=format!("tel:{}", list.labour_hotline.replace('-', ""))>{list.labour_hotline.clone()}</a>
        </p>
    }
}

#[component]
fn ApplicantCard(applicant: Applicant) -> impl IntoView {
    let m = use_market_texts();
    let id = applicant.application_id;
    let status = applicant.status;
    let reason_id = format!("reason-{id}");
    let name = if applicant.name.is_empty() {
        "—".to_owned()
    } else {
        applicant.name.clone()
    };
    view! {
        <li class="applicant" data-status=status.as_str()>
            <div class="managed-head">
                <h2>{name}</h2>
                <span class=format!("badge application-{}", status.as_str())>{move || m().application_status(status)}</span>
                {(status == ApplicationStatus::Accepted).then(|| if applicant.confirmed {
                    view! { <span class="badge badge-verified">{move || m().confirmed}</span> }.into_any()
                } else {
                    view! { <span class="badge badge-unverified">{move || m().unconfirmed}</span> }.into_any()
                })}
                {applicant.cancelled_late.then(|| view! { <span class="badge badge-unverified">{move || m().cancelled_late}</span> })}
            </div>
            <p>
                {applicant.age.map(|a| view! { {move || (m().age)(a)}" · " })}
                {applicant.trade_match.then(|| view! { <span class="badge badge-verified">{move || m().trade_match}</span>" " })}
                {applicant.home_area.clone()}
                {applicant.distance_m.map(|d| view! { " · "{move || (m().from_home)(d)} })}
            </p>
            <p class="muted">{move || (m().history)(applicant.attended, applicant.no_shows)}</p>
            <crate::pages::shift::WorkerRecordLine record=applicant.record.clone()/>
            <p>
                {if applicant.phone_revealed {
                    let href = format!("tel:{}", applicant.phone);
                    view! { <a class="button" href=href>{applicant.phone.clone()}</a> }.into_any()
                } else {
                    view! { <span>{applicant.phone.clone()}</span>" "<span class="muted small">{move || m().phone_after_accept}</span> }.into_any()
                }}
            </p>
            {(!applicant.message.is_empty()).then(|| view! { <p class="prose">"“"{applicant.message.clone()}"”"</p> })}
            {applicant.reason.clone().map(|r| view! { <p class="muted">{r}</p> })}
            // Each button posts its own decision; the server sends the browser back to this list.
            <form method="post" action=DecideApplicant::url()>
                <CsrfField/>
                <input type="hidden" name="application_id" value=id/>
                <div class="actions">
                    {(status == ApplicationStatus::Pending).then(|| view! {
                        <button type="submit" name="decision" value=Decision::Accept.as_str() class="primary">{move || m().accept}</button>
                    })}
                    {matches!(status, ApplicationStatus::Accepted).then(|| view! {
                        <button type="submit" name="decision" value=Decision::Attended.as_str()>{move || m().attended}</button>
                        <button type="submit" name="decision" value=Decision::NoShow.as_str()>{move || m().no_show}</button>
                    })}
                </div>
                {(status == ApplicationStatus::Pending).then(|| view! {
                    <div class="field reject-row">
                        <label for=reason_id.clone()>{move || m().reason_optional}</label>
                        <input id=reason_id.clone() name="reason" type="text" maxlength="200"/>
                        <button type="submit" name="decision" value=Decision::Reject.as_str() class="danger">{move || m().reject}</button>
                    </div>
                })}
                {applicant.releasable.then(|| view! {
                    <p class="note">{move || m().release_hint}</p>
                    <button type="submit" name="decision" value=Decision::Release.as_str()>{move || m().release_place}</button>
                })}
            </form>
            {applicant.shift.clone().map(|record| view! {
                <crate::pages::shift::EmployerShiftPanel record/>
                <p><A href=format!("/places/{id}") attr:class="button thread-link">{move || crate::i18n::use_shift_texts()().thread_link}</A></p>
            })}
            // Cancelling a place the worker holds: a second, deliberate tap, saying what follows.
            {(status == ApplicationStatus::Accepted).then(|| {
                let late = applicant.late_to_cancel;
                view! {
                    <details class="give-up">
                        <summary class="button button-quiet">{move || m().cancel_place}</summary>
                        <form method="post" action=DecideApplicant::url()>
                            <CsrfField/>
                            <input type="hidden" name="application_id" value=id/>
                            <p class="note">{move || m().cancel_place_warning}</p>
                            <div class="field">
                                <label for=reason_id.clone()>{move || m().cancel_reason_label}</label>
                                <input id=reason_id.clone() name="reason" type="text" maxlength="200" required=late/>
                            </div>
                            <button type="submit" name="decision" value=Decision::Reject.as_str() class="danger">
                                {move || m().cancel_place_confirm}
                            </button>
                        </form>
                    </details>
                }
            })}
        </li>
    }
}

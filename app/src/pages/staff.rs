//! The staff desk (工作台): employers waiting for verification, account look-up and suspension, walk-in
//! registration at the counter, reports about postings, and the audit log of the staff member's scope.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::places::list_cities;
use crate::api::reports::{open_reports, HandleReport};
use crate::api::staff::{
    pending_organisations, recent_audit, DecideOrganisation, FindAccount, RegisterWalkIn,
    SetSuspension,
};
use crate::api::trades::list_trades;
use crate::components::feedback::{feedback, Failure, Loaded, SignInFirst};
use crate::components::page_title::PageTitle;
use crate::components::place_picker::PlacePicker;
use crate::components::trade_select::TradeChecklist;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_account_texts, use_market_texts, use_texts};
use crate::model::{OrganisationReview, Role, SessionUser, WalkInForm};
use crate::resource::{page_resource, UserResource};

#[component]
pub fn StaffPage() -> impl IntoView {
    let _t = use_texts();
    let a = use_account_texts();
    let b = crate::i18n::use_board_texts();
    let user = expect_context::<UserResource>();
    view! {
        <PageTitle text=a().staff_title/>
        <section class="account-page staff">
            <h1>{move || a().staff_title}</h1>
            <nav class="board-link">
                <A href="/staff/statistics" attr:class="button button-secondary">{move || b().statistics_link}</A>
                <A href="/boards" attr:class="button button-secondary">{move || b().nav_boards}</A>
            </nav>
            <Loaded data=user let:loaded>
                {match loaded {
                    Some(user) if matches!(user.role, Role::Staff | Role::Admin)  => {
                        view! { <StaffDesk user/> }.into_any()
                    }
                    Some(_) => view! { <Failure error=AppError::Forbidden/> }.into_any(),
                    None => view! { <SignInFirst/> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn StaffDesk(user: SessionUser) -> impl IntoView {
    let a = use_account_texts();
    let scope = user
        .scope_name
        .clone()
        .unwrap_or_else(|| a().role_name(user.role).to_owned());
    // Help cases are sensitive: the section is shown (and its list read, which is audited) only to
    // those who keep them.
    let keeps_help_cases =
        user.role == Role::Staff && user.scope.is_some_and(|scope| scope.keeps_help_cases());
    view! {
        <p class="signed-in-as">{move || format!("{}：{}", a().scope_label, scope)}</p>
        <PendingOrganisations/>
        <crate::pages::agencies::StaffLicencesSection/>
        <OpenReports/>
        <crate::pages::shift::WageCasesSection/>
        <crate::pages::place_thread::ReportedMessagesSection/>
        <crate::pages::shift::RatingAppealsSection/>
        <crate::pages::shift::NoShowAppealsSection/>
        <crate::pages::fairs::StaffFairsSection/>
        <crate::pages::buses::StaffBusesSection/>
        <crate::pages::courses::StaffCoursesSection/>
        <crate::pages::stations::StaffMarketsSection/>
        <crate::pages::stations::StaffPolicyNotesSection/>
        {keeps_help_cases.then(|| view! { <crate::pages::help::StaffHelpSection/> })}
        <AccountLookup/>
        <WalkInSection/>
        <AuditSection/>
        {(user.role == Role::Admin).then(|| view! { <crate::pages::developers::ApiKeysSection/> })}
    }
}

#[component]
fn PendingOrganisations() -> impl IntoView {
    let _t = use_texts();
    let a = use_account_texts();
    // Only an error comes back as the action's value (from the address the framework redirects to).
    let decide = ServerAction::<DecideOrganisation>::new();
    let pending = page_resource(|| (), |_| pending_organisations());
    view! {
        <section class="account-section">
            <h2>{move || a().pending_heading}</h2>
            {feedback(move || decide.value().get(), || use_account_texts()().decided)}
            <Loaded data=pending let:loaded>
                {match loaded {
                    list if list.is_empty()  => view! { <p class="empty">{a().no_pending}</p> }.into_any(),
                    list => view! {
                        <ul class="review-list">
                            {list.into_iter().map(|org| view! { <OrganisationItem org/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn OrganisationItem(org: OrganisationReview) -> impl IntoView {
    let a = use_account_texts();
    let id = org.id;
    let reason_id = format!("reason-{id}");
    view! {
        <li class="review-item">
            <h3>{org.name.clone()}</h3>
            <p>{move || a().credit_code_short}" "<code>{org.credit_code.clone()}</code></p>
            <p>{org.city_name.clone()}{org.district_name.clone().unwrap_or_default()}" "{org.address.clone()}</p>
            <p>{org.contact_name.clone()}" "{org.contact_phone.clone()}</p>
            <p>{move || a().registered_on}" "{org.registered_on.clone()}</p>
            // Each button posts its own decision; the server sends the browser back to this page.
            <form method="post" action=DecideOrganisation::url()>
                <CsrfField/>
                <input type="hidden" name="employer_id" value=id/>
                <div class="field">
                    <label for=reason_id.clone()>{move || a().reason_label}</label>
                    <input id=reason_id name="reason" type="text" maxlength="200"/>
                </div>
                <div class="filter-actions">
                    <button type="submit" name="verify" value="true" class="primary">
                        {move || a().verify}
                    </button>
                    <button type="submit" name="verify" value="false" class="danger">
                        {move || a().reject}
                    </button>
                </div>
            </form>
        </li>
    }
}

/// Reports about postings of the scope, oldest first; upholding one takes the posting down.
#[component]
fn OpenReports() -> impl IntoView {
    let _t = use_texts();
    let m = use_market_texts();
    // Only an error comes back as the action's value (from the address the framework redirects to).
    let handle = ServerAction::<HandleReport>::new();
    let reports = page_resource(|| (), |_| open_reports());
    view! {
        <section class="account-section">
            <h2>{move || m().reports_heading}</h2>
            {feedback(move || handle.value().get(), || use_market_texts()().handled)}
            <Loaded data=reports let:loaded>
                {match loaded {
                    list if list.is_empty()  => view! { <p class="empty">{m().no_reports}</p> }.into_any(),
                    list => view! {
                        <ul class="review-list">
                            {list.into_iter().map(|report| {
                                let id = report.id;
                                let note_id = format!("report-note-{id}");
                                let count = report.reports_on_posting;
                                view! {
                                    <li class="review-item">
                                        <h3><A href=format!("/postings/{}", report.posting_id)>{report.posting_title.clone()}</A></h3>
                                        <p>{report.employer_name.clone()}" · "{report.area.clone()}</p>
                                        <p><strong>{move || m().report_reason(report.reason)}</strong>" "{report.details.clone()}</p>
                                        <p class="muted">{move || (m().reports_on_posting)(count)}</p>
                                        // Each button posts its own decision; the server sends the browser back.
                                        <form method="post" action=HandleReport::url()>
                                            <CsrfField/>
                                            <input type="hidden" name="report_id" value=id/>
                                            <div class="field">
                                                <label for=note_id.clone()>{move || m().handling_note}</label>
                                                <input id=note_id name="note" type="text" maxlength="200"/>
                                            </div>
                                            <div class="filter-actions">
                                                <button type="submit" name="uphold" value="true" class="danger">
                                                    {move || m().uphold}
                                                </button>
                                                <button type="submit" name="uphold" value="false">
                                                    {move || m().dismiss}
                                                </button>
                                            </div>
                                        </form>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }}
            </Loaded>
        </section>
    }
}

/// Finding an account by phone number, and suspending or reinstating it: an island of its own.
#[island(lazy)]
fn AccountLookup() -> impl IntoView {
    crate::prefs::provide_prefs();
    let _t = use_texts();
    let a = use_account_texts();
    let phone = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let find = ServerAction::<FindAccount>::new();
    let suspend = ServerAction::<SetSuspension>::new();
    // After a change, look the account up again to show its new state.
    Effect::new(move |_| {
        if let Some(Ok(())) = suspend.value().get() {
            find.dispatch(FindAccount {
                phone: phone.get_untracked(),
            });
        }
    });
    view! {
        <section class="account-section">
            <h2>{move || a().accounts_heading}</h2>
            <form class="account-form" on:submit=move |ev| {
                ev.prevent_default();
                find.dispatch(FindAccount { phone: phone.get_untracked() });
            }>
                <div class="field">
                    <label for="lookup-phone">{move || a().phone_label}</label>
                    <div class="code-row">
                        <input id="lookup-phone" type="tel" inputmode="numeric" maxlength="20" bind:value=phone/>
                        <button type="submit">{move || a().find_account}</button>
                    </div>
                </div>
            </form>
            {move || match find.value().get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <Failure error=e/> }.into_any(),
                Some(Ok(None)) => view! { <p class="empty">{a().no_account}</p> }.into_any(),
                Some(Ok(Some(account))) => {
                    let suspended = account.suspended_reason.clone();
                    view! {
                        <div class="review-item">
                            <p>
                                <strong>{account.phone_masked.clone()}</strong>" · "{a().role_name(account.role)}
                                " · "{account.display_name.clone()}
                            </p>
                            <p>{match &suspended { Some(r) => (a().suspended_because)(r), None => a().active.to_owned() }}</p>
                            {if suspended.is_some() {
                                view! {
                                    <button type="button" on:click=move |_| { suspend.dispatch(SetSuspension { phone: phone.get_untracked(), reason: None }); }>
                                        {a().reinstate}
                                    </button>
                                }.into_any()
                            } else {
                                view! {
                                    <div class="field">
                                        <label for="suspend-reason">{a().reason_label}</label>
                                        <input id="suspend-reason" type="text" maxlength="200" bind:value=reason/>
                                    </div>
                                    <button type="button" class="danger" on:click=move |_| { suspend.dispatch(SetSuspension { phone: phone.get_untracked(), reason: Some(reason.get_untracked()) }); }>
                                        {a().suspend}
                                    </button>
                                }.into_any()
                            }}
                        </div>
                    }
                    .into_any()
                }
            }}
            {move || suspend.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        </section>
    }
}

#[component]
fn WalkInSection() -> impl IntoView {
    let _t = use_texts();
    let a = use_account_texts();
    let data = page_resource(
        || (),
        |_| async {
            let (trades, cities) = futures::join!(list_trades(), list_cities());
            Ok::<_, AppError>((trades?, cities?))
        },
    );
    view! {
        <section class="account-section">
            <h2>{move || a().walk_in_heading}</h2>
            <p class="note">{move || a().walk_in_intro}</p>
            <Loaded data=data let:loaded>
                {match loaded {
                    (trades, cities) => view! { <WalkInFormView trades cities/> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

/// Registering a walk-in worker at the market hall's desk: an island of its own.
#[island(lazy)]
fn WalkInFormView(
    trades: Vec<crate::model::Trade>,
    cities: Vec<crate::model::City>,
) -> impl IntoView {
    crate::prefs::provide_prefs();
    let a = use_account_texts();
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let birth_year = RwSignal::new(String::new());
    let city = RwSignal::new(None::<i32>);
    let district = RwSignal::new(None::<i32>);
    let selected = RwSignal::new(Vec::<String>::new());
    let register = ServerAction::<RegisterWalkIn>::new();
    view! {
        <form class="account-form" on:submit=move |ev| {
            ev.prevent_default();
            register.dispatch(RegisterWalkIn {
                form: WalkInForm {
                    phone: phone.get_untracked(),
                    name: name.get_untracked(),
                    birth_year: birth_year.get_untracked().trim().parse().ok(),
                    district_adcode: district.get_untracked(),
                    trades: selected.get_untracked(),
                    tags: Vec::new(),
                },
            });
        } novalidate>
            <div class="field">
                <label for="walk-in-phone">{move || a().phone_label}</label>
                <input id="walk-in-phone" type="tel" inputmode="numeric" maxlength="20" bind:value=phone/>
            </div>
            <div class="field">
                <label for="walk-in-name">{move || a().name_label}</label>
                <input id="walk-in-name" type="text" maxlength="40" bind:value=name/>
            </div>
            <div class="field">
                <label for="walk-in-birth">{move || a().birth_year_label}</label>
                <input id="walk-in-birth" type="number" inputmode="numeric" min="1930" max="2012" bind:value=birth_year/>
            </div>
            <PlacePicker cities city district id_prefix="walk-in"/>
            <fieldset class="field trades">
                <legend>{move || a().trades_label}</legend>
                <TradeChecklist trades selected/>
            </fieldset>
            {feedback(move || register.value().get(), || use_account_texts()().registered)}
            <button type="submit" class="primary" disabled=move || register.pending().get()>{move || a().register}</button>
        </form>
    }
}

#[component]
fn AuditSection() -> impl IntoView {
    let _t = use_texts();
    let a = use_account_texts();
    let entries = page_resource(|| (), |_| recent_audit());
    view! {
        <section class="account-section">
            <h2>{move || a().audit_heading}</h2>
            <Loaded data=entries let:entries>
                {view! {
                    <ul class="audit-list">
                        {entries.into_iter().map(|e| {
                            let refused = e.refused;
                            let at = e.at.clone();
                            view! {
                                <li class:refused=refused>
                                    <time>{at}</time>" "{move || a().audit_line(&e)}
                                    {refused.then(|| view! { " · "<strong>{a().audit_refused}</strong> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }}
            </Loaded>
        </section>
    }
}

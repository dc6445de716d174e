//! Graded help (困难零工帮扶): the staff desk's cases and a case's page (follow-ups, placements,
//! closing), and the worker's own page (the offer answered, consent withdrawn). Plain server forms.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::help_cases::{
    help_cases, own_help_case, read_help_case, AddHelpFollowup, AnswerHelpOffer, CloseHelpCase,
    OpenHelpCase, WithdrawHelpConsent,
};
use crate::components::feedback::{Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::i18n::use_help_texts;
use crate::model::{
    FollowUpKind, HelpCase, HelpCaseLine, HelpOutcome, HelpReason, HelpStatus, MyHelpCase,
    HELP_NOTE_MAX_CHARS,
};
use crate::resource::page_resource;

/// The staff desk's help cases, for those who keep them (see [`crate::model::StaffScope::keeps_help_cases`]:
/// the desk shows it to them only).
#[component]
pub fn StaffHelpSection() -> impl IntoView {
    let h = use_help_texts();
    let open = ServerAction::<OpenHelpCase>::new();
    let cases = page_resource(|| (), |_| help_cases());
    view! {
        <Loaded data=cases let:cases>
            {view! {
                <section class="account-section staff-help" id="help">
                    <h2>{move || h().staff_heading}</h2>
                    <p class="muted">{move || h().staff_intro}</p>
                    {move || open.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
                    <details class="shift-action new-help-case">
                        <summary class="button">{move || h().new_case}</summary>
                        <form method="post" action=OpenHelpCase::url() class="account-form">
                            <CsrfField/>
                            <div class="field">
                                <label for="help-phone">{move || h().phone_label}</label>
                                <input id="help-phone" name="phone" type="tel" inputmode="tel" autocomplete="off" maxlength="20" required/>
                            </div>
                            <fieldset class="field tags">
                                <legend>{move || h().reasons_legend}</legend>
                                {HelpReason::ALL.into_iter().map(|reason| view! {
                                    <label class="check">
                                        <input type="checkbox" name="reasons[]" value=reason.code()/>
                                        <span>{move || h().reason(reason)}</span>
                                    </label>
                                }).collect_view()}
                            </fieldset>
                            <fieldset class="field">
                                <legend>{move || h().consent_legend}</legend>
                                <label class="check">
                                    <input type="radio" name="consent" value="in_person" required/>
                                    <span>{move || h().consent_in_person}</span>
                                </label>
                                <label class="check">
                                    <input type="radio" name="consent" value="online"/>
                                    <span>{move || h().consent_online}</span>
                                </label>
                            </fieldset>
                            <button type="submit" class="primary">{move || h().open_case}</button>
                        </form>
                    </details>
                    {if cases.is_empty() {
                        view! { <p class="empty">{move || h().no_cases}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="review-list">
                                {cases.into_iter().map(|line| view! { <CaseLine line/> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                </section>
            }}
        </Loaded>
    }
}

#[component]
fn CaseLine(line: HelpCaseLine) -> impl IntoView {
    let h = use_help_texts();
    let reasons = line.reasons.clone();
    let facts = (line.opened_on.clone(), line.followups, line.placements);
    view! {
        <li class="review-item help-case-line" data-case=line.id>
            <p>
                <strong>{line.worker_name.clone()}</strong>" "{line.masked_phone.clone()}" · "{line.district_name.clone()}
                " "<span class="badge">{move || h().status(line.status)}</span>
            </p>
            <p class="muted">
                {move || reasons.iter().map(|r| h().reason(*r)).collect::<Vec<_>>().join("、")}
                " · "{move || (h().line_facts)(&facts.0, facts.1, facts.2)}
            </p>
            <A href=format!("/staff/help/{}", line.id) attr:class="button">{move || h().open_link}</A>
        </li>
    }
}

/// `/staff/help/{id}`: one case, read in full (and so audited).
#[component]
pub fn HelpCasePage() -> impl IntoView {
    let h = use_help_texts();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let followup = ServerAction::<AddHelpFollowup>::new();
    let close = ServerAction::<CloseHelpCase>::new();
    let case = page_resource(move || id.get(), read_help_case);
    view! {
        <PageTitle text=h().case_title/>
        <section class="account-page help-case">
            <p><A href="/staff#help">{move || h().back_to_cases}</A></p>
            <h1>{move || h().case_title}</h1>
            {move || followup.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || close.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=case let:case>
                <CaseView case/>
            </Loaded>
        </section>
    }
}

#[component]
fn CaseView(case: HelpCase) -> impl IntoView {
    let h = use_help_texts();
    let id = case.id;
    let phone = case.phone.clone();
    let reasons = case.reasons.clone();
    let consent = match case.consent_at.clone() {
        Some(at) => {
            let how = case.consent_method;
            view! { <p class="help-consent">{move || (h().consent_given)(h().consent(how), &at)}</p> }.into_any()
        }
        None => {
            view! { <p class="notice help-consent">{move || h().consent_awaited}</p> }.into_any()
        }
    };
    let closed = case
        .outcome
        .zip(case.closed_on.clone())
        .map(|(outcome, on)| {
            view! { <p class="help-closed">{move || (h().closed)(h().outcome(outcome), &on)}</p> }
        });
    let open = case.status == HelpStatus::Open;
    view! {
        <h2>{case.worker_name.clone()}</h2>
        <p>
            <a href=format!("tel:{phone}") class="button button-secondary">{move || h().call}" "{phone.clone()}</a>
        </p>
        <p class="muted">
            {case.district_name.clone()}" · "{move || h().status(case.status)}" · "
            {move || reasons.iter().map(|r| h().reason(*r)).collect::<Vec<_>>().join("、")}
        </p>
        {consent}
        {closed}
        <section class="help-followups">
            <h3>{move || h().followups_heading}</h3>
            {if case.followups.is_empty() {
                view! { <p class="empty">{move || h().no_followups}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {case.followups.into_iter().map(|f| view! {
                            <li class="help-followup">
                                <p>
                                    <strong>{move || h().kind(f.kind)}</strong>" · "{f.at.clone()}
                                    {(!f.by.is_empty()).then(|| view! { " · "{f.by.clone()} })}
                                </p>
                                {f.posting.clone().map(|(pid, title)| view! {
                                    <p><A href=format!("/postings/{pid}")>{title}</A></p>
                                })}
                                {(!f.note.is_empty()).then(|| view! { <p class="prose">{f.note.clone()}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
        <section class="help-placements">
            <h3>{move || h().placements_heading}</h3>
            {if case.placements.is_empty() {
                view! { <p class="empty">{move || h().no_placements}</p> }.into_any()
            } else {
                view! {
                    <ul class="review-list">
                        {case.placements.into_iter().map(|p| view! {
                            <li class="review-item help-placement">
                                <A href=format!("/postings/{}", p.posting_id)>{p.title.clone()}</A>
                                <p class="muted">{p.employer_name.clone()}" · "{p.on.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        {open.then(|| view! {
            <details class="shift-action add-followup" open>
                <summary class="button">{move || h().add_followup}</summary>
                <form method="post" action=AddHelpFollowup::url() class="account-form">
                    <CsrfField/>
                    <input type="hidden" name="case_id" value=id/>
                    <div class="field">
                        <label for="help-kind">{move || h().kind_label}</label>
                        <select id="help-kind" name="kind">
                            {FollowUpKind::ALL.into_iter().map(|k| view! {
                                <option value=k.code()>{move || h().kind(k)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="help-posting">{move || h().posting_label}</label>
                        <input id="help-posting" name="posting" type="text" inputmode="numeric" maxlength="20"
                            aria-describedby="help-posting-hint"/>
                        <small id="help-posting-hint" class="muted">{move || h().posting_hint}</small>
                    </div>
                    <div class="field">
                        <label for="help-note">{move || h().note_label}</label>
                        <textarea id="help-note" name="note" rows="3" maxlength=HELP_NOTE_MAX_CHARS></textarea>
                    </div>
                    <button type="submit" class="primary">{move || h().save_followup}</button>
                </form>
            </details>
            <details class="shift-action close-case">
                <summary class="button button-secondary">{move || h().close_case}</summary>
                <form method="post" action=CloseHelpCase::url() class="account-form">
                    <CsrfField/>
                    <input type="hidden" name="case_id" value=id/>
                    <div class="field">
                        <label for="help-outcome">{move || h().outcome_label}</label>
                        <select id="help-outcome" name="outcome">
                            {HelpOutcome::ALL.into_iter().map(|o| view! {
                                <option value=o.code()>{move || h().outcome(o)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="danger">{move || h().close_confirm}</button>
                </form>
            </details>
        })}
    }
}

/// `/me/help`: the worker's case, if any — the offer to answer, or what is kept and the way out.
#[component]
pub fn MyHelpPage() -> impl IntoView {
    let h = use_help_texts();
    let answer = ServerAction::<AnswerHelpOffer>::new();
    let withdraw = ServerAction::<WithdrawHelpConsent>::new();
    let case = page_resource(|| (), |_| own_help_case());
    view! {
        <PageTitle text=h().my_title/>
        <section class="account-page my-help">
            <h1>{move || h().my_title}</h1>
            {move || answer.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || withdraw.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=case let:case>
                {match case {
                    None => view! { <p class="empty">{move || h().my_none}</p> }.into_any(),
                    Some(case) => view! { <MyCase case/> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn MyCase(case: MyHelpCase) -> impl IntoView {
    let h = use_help_texts();
    let id = case.id;
    let district = case.district_name.clone();
    let reasons = case.reasons.clone();
    let reasons_line = move || {
        reasons
            .iter()
            .map(|r| h().reason(*r))
            .collect::<Vec<_>>()
            .join("、")
    };
    match case.status {
        HelpStatus::AwaitingConsent => view! {
            <p>{move || (h().offer_intro)(&district)}</p>
            <p class="muted">{reasons_line}</p>
            <p class="notice">{move || h().what_is_kept}</p>
            <form method="post" action=AnswerHelpOffer::url() class="help-answer">
                <CsrfField/>
                <input type="hidden" name="case_id" value=id/>
                <button type="submit" name="agree" value="true" class="primary">{move || h().agree}</button>
                <button type="submit" name="agree" value="false" class="button-secondary">{move || h().decline}</button>
            </form>
        }
        .into_any(),
        _ => {
            let at = case.consent_at.clone().unwrap_or_default();
            view! {
                <p>{move || (h().my_open)(&district, &at)}</p>
                <p class="muted">{reasons_line}" · "{move || (h().my_followups)(case.followups)}</p>
                <p class="notice">{move || h().what_is_kept}</p>
                <details class="shift-action withdraw-help">
                    <summary class="button button-secondary">{move || h().withdraw}</summary>
                    <form method="post" action=WithdrawHelpConsent::url()>
                        <CsrfField/>
                        <input type="hidden" name="case_id" value=id/>
                        <p>{move || h().withdraw_confirm}</p>
                        <button type="submit" class="danger">{move || h().withdraw}</button>
                    </form>
                </details>
            }
            .into_any()
        }
    }
}

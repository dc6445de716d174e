//! `/places/:id`: the messages about one place (留言), the same page for the worker and the employer.
//! The messages are the page's live region (a new one arrives without reloading); the form to write
//! stays outside it, so nothing typed is lost when the list refreshes. Plain forms throughout.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::place_messages::{
    read_place_thread, reported_messages, BroadcastMessage, DecideMessageReport, ReportMessage,
    WriteMessage,
};
use crate::calendar::china_month_day_minute;
use crate::components::feedback::{Failure, Loaded};
use crate::components::live::LIVE_REGION;
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::use_shift_texts;
use crate::model::{PlaceMessage, MESSAGE_MAX_CHARS};
use crate::resource::page_resource;

#[component]
pub fn PlaceThreadPage() -> impl IntoView {
    let s = use_shift_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let write = ServerAction::<WriteMessage>::new();
    let report = ServerAction::<ReportMessage>::new();
    let thread = page_resource(id, |id| async move {
        match id {
            Some(id) => read_place_thread(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=s().thread_title/>
        <section class="place-thread">
            {move || write.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || report.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=thread let:thread>
                <h1>{move || (s().thread_with)(&thread.other_party)}</h1>
                <p>
                    <A href=format!("/postings/{}", thread.posting_id)>{thread.posting_title.clone()}</A>
                    " · "
                    {if thread.reader_is_worker {
                        view! { <A href="/me/applications">{move || s().my_applications_link}</A> }.into_any()
                    } else {
                        view! {
                            <A href=format!("/employer/postings/{}/applicants", thread.posting_id)>
                                {move || crate::i18n::use_market_texts()().applicants_title}
                            </A>
                        }
                        .into_any()
                    }}
                </p>
                <p class="note">{move || s().thread_intro}</p>
                <div id=LIVE_REGION>
                    {if thread.messages.is_empty() {
                        view! { <p class="empty">{move || s().no_thread_messages}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="thread">
                                {thread.messages.iter().cloned().map(|m| view! { <MessageItem message=m/> }).collect_view()}
                            </ol>
                        }
                        .into_any()
                    }}
                </div>
                {if thread.open {
                    let application_id = thread.application_id;
                    view! {
                        <form method="post" action=WriteMessage::url() class="thread-write">
                            <CsrfField/>
                            <input type="hidden" name="application_id" value=application_id/>
                            <div class="field">
                                <label for="message-body">{move || s().message_label}</label>
                                <textarea id="message-body" name="body" rows="3" maxlength=MESSAGE_MAX_CHARS required></textarea>
                            </div>
                            <button type="submit" class="primary">{move || s().send}</button>
                        </form>
                    }
                    .into_any()
                } else {
                    view! { <p class="note">{move || s().thread_closed}</p> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

/// One message: who wrote it and when, its text as text, and (for the other side's) a report.
#[component]
fn MessageItem(message: PlaceMessage) -> impl IntoView {
    let s = use_shift_texts();
    let id = message.id;
    let reason_id = format!("report-{id}");
    view! {
        <li class=if message.mine { "thread-message mine" } else { "thread-message" } data-id=id>
            <p class="muted small">
                {message.mine.then(|| view! { {move || s().you}" · " })}
                {china_month_day_minute(message.created_at)}
                {message.broadcast.then(|| view! { " · "{move || s().broadcast_mark} })}
                {message.reported.then(|| view! { " · "<span class="badge badge-unverified">{move || s().reported}</span> })}
            </p>
            {if message.hidden {
                view! { <p class="muted thread-body thread-hidden">{move || s().message_hidden}</p> }.into_any()
            } else {
                view! { <p class="prose thread-body">{message.body.clone()}</p> }.into_any()
            }}
            {(!message.mine && !message.reported).then(|| view! {
                <details class="report-message">
                    <summary class="button button-quiet">{move || s().report_message}</summary>
                    <form method="post" action=ReportMessage::url()>
                        <CsrfField/>
                        <input type="hidden" name="message_id" value=id/>
                        <div class="field">
                            <label for=reason_id.clone()>{move || s().report_reason_label}</label>
                            <input id=reason_id.clone() name="reason" type="text" minlength="2" maxlength="200" required/>
                        </div>
                        <button type="submit" class="danger">{move || s().report_send}</button>
                    </form>
                </details>
            })}
        </li>
    }
}

/// The employer's message to every worker with a place on a posting, on the applicants page.
#[component]
pub fn BroadcastForm(posting_id: i64) -> impl IntoView {
    let s = use_shift_texts();
    let broadcast = ServerAction::<BroadcastMessage>::new();
    view! {
        <details class="shift-action broadcast">
            <summary class="button">{move || s().broadcast_heading}</summary>
            <form method="post" action=BroadcastMessage::url()>
                <CsrfField/>
                <input type="hidden" name="posting_id" value=posting_id/>
                <p class="note">{move || s().broadcast_hint}</p>
                <div class="field">
                    <label for="broadcast-body">{move || s().message_label}</label>
                    <textarea id="broadcast-body" name="body" rows="3" maxlength=MESSAGE_MAX_CHARS required></textarea>
                </div>
                <button type="submit" class="primary">{move || s().send}</button>
            </form>
        </details>
        {move || broadcast.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
    }
}

/// Reported messages on the staff desk.
#[component]
pub fn ReportedMessagesSection() -> impl IntoView {
    let s = use_shift_texts();
    let decide = ServerAction::<DecideMessageReport>::new();
    let reported = page_resource(|| (), |_| reported_messages());
    view! {
        <section class="account-section reported-messages">
            <h2>{move || s().reported_messages_heading}</h2>
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=reported let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{move || s().no_reported_messages}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {list.into_iter().map(|m| {
                                let by_worker = m.from_worker;
                                view! {
                                    <li class="review-item">
                                        <h3><A href=format!("/postings/{}", m.posting_id)>{m.posting_title.clone()}</A></h3>
                                        <p>{m.employer_name.clone()}" · "{m.worker_name.clone()}</p>
                                        <p class="muted">{china_month_day_minute(m.reported_at)}" · "{move || (s().written_by)(by_worker)}</p>
                                        <p class="prose">{m.body.clone()}</p>
                                        <p><strong>{move || s().report_reason_label}</strong>" "{m.reason.clone()}</p>
                                        <form method="post" action=DecideMessageReport::url() class="filter-actions">
                                            <CsrfField/>
                                            <input type="hidden" name="message_id" value=m.id/>
                                            <button type="submit" name="hide" value="true" class="danger">{move || s().hide_message}</button>
                                            <button type="submit" name="hide" value="false">{move || s().keep_message}</button>
                                        </form>
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

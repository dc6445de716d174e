//! "Report this posting" (举报), folded at the bottom of a posting page. Anyone may send one.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::reports::ReportPosting;
use crate::csrf::CsrfField;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::ReportReason;

#[component]
pub fn ReportForm(posting_id: i64) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let report = ServerAction::<ReportPosting>::new();
    let reason = RwSignal::new(ReportReason::Fake);
    let details = RwSignal::new(String::new());
    // Set by the server when it sends back the page of a report posted before the Wasm arrived. An
    // error comes back the same way, as the action's value; either way the form is shown open.
    let reported = leptos_router::hooks::use_query_map()
        .with_untracked(|query| query.get("reported").is_some());
    view! {
        <details class="report" id="report" open=move || reported || report.value().with(Option::is_some)>
            <summary>{move || m().report_heading}</summary>
            <p class="note">{move || m().report_intro}</p>
            // Posted as a plain form if the Wasm has not arrived yet; the server function reads the same fields.
            <form class="account-form" method="post" action=ReportPosting::url() on:submit=move |ev| {
                ev.prevent_default();
                report.dispatch(ReportPosting { posting_id, reason: reason.get_untracked(), details: details.get_untracked() });
            }>
                <CsrfField/>
                <input type="hidden" name="posting_id" value=posting_id/>
                <fieldset class="field">
                    <legend>{move || m().report_reason_label}</legend>
                    {ReportReason::ALL.into_iter().map(|r| view! {
                        <label class="check">
                            <input type="radio" name="reason" value=r.as_str() checked=reason.get_untracked() == r prop:checked=move || reason.get() == r on:change=move |_| reason.set(r)/>
                            {move || m().report_reason(r)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="report-details">{move || m().report_details_label}</label>
                    <textarea id="report-details" name="details" rows="3" maxlength="500" bind:value=details></textarea>
                </div>
                {move || match report.value().get() {
                    Some(Ok(())) => view! { <p class="notice" role="status">{m().report_done}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message(t())}</p> }.into_any(),
                    None if reported => view! { <p class="notice" role="status">{m().report_done}</p> }.into_any(),
                    None => ().into_any(),
                }}
                <button type="submit" class="danger" disabled=move || report.pending().get()>{move || m().report_submit}</button>
            </form>
        </details>
    }
}

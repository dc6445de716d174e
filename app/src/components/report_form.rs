//! "Report this posting" (举报), folded at the bottom of a posting page. Anyone may send one.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::reports::ReportPosting;
use crate::components::feedback::Failure;
use crate::csrf::CsrfField;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::ReportReason;

#[component]
pub fn ReportForm(posting_id: i64) -> impl IntoView {
    let _t = use_texts();
    let m = use_market_texts();
    // Only an error comes back as the action's value (from the address the framework redirects to).
    let report = ServerAction::<ReportPosting>::new();
    // Set by the server when it sends back the page of a report. Either way the form is shown open.
    let reported = leptos_router::hooks::use_query_map()
        .with_untracked(|query| query.get("reported").is_some());
    view! {
        <details class="report" id="report" open=move || reported || report.value().with(Option::is_some)>
            <summary>{move || m().report_heading}</summary>
            <p class="note">{move || m().report_intro}</p>
            <form class="account-form" method="post" action=ReportPosting::url()>
                <CsrfField/>
                <input type="hidden" name="posting_id" value=posting_id/>
                <fieldset class="field">
                    <legend>{move || m().report_reason_label}</legend>
                    {ReportReason::ALL.into_iter().map(|r| view! {
                        <label class="check">
                            <input type="radio" name="reason" value=r.as_str() checked=r == ReportReason::Fake/>
                            {move || m().report_reason(r)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="report-details">{move || m().report_details_label}</label>
                    <textarea id="report-details" name="details" rows="3" maxlength="500"></textarea>
                </div>
                {move || match report.value().get() {
                    Some(Err(e)) => view! { <Failure error=e/> }.into_any(),
                    _ if reported => view! { <p class="notice" role="status">{m().report_done}</p> }.into_any(),
                    _ => ().into_any(),
                }}
                <button type="submit" class="danger">{move || m().report_submit}</button>
            </form>
        </details>
    }
}

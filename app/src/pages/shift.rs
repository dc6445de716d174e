//! The shift after the match, on both sides: the worker checks in and out, sees the hours and the
//! payments and answers them, or takes unpaid wages to staff; the employer shows the rotating check-in
//! code, records what the worker could not, corrects hours and records payments; staff read a wage
//! case's evidence and decide it. Plain server forms throughout (they work before the Wasm, on the
//! cheapest phone); only checking in by location needs the browser, in an island.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::applications::my_applications;
use crate::api::no_show_appeals::{no_show_appeals, AppealNoShow, DecideNoShowAppeal};
use crate::api::ratings::{rating_appeals, AppealRating, DecideRatingAppeal, RatePlace};
use crate::api::shifts::{
    current_check_in_code, wage_case_detail, wage_cases, AnswerPayment, Clock, CorrectHours,
    DecideWageCase, OpenWageCase, RecordDay, RecordPayment,
};
use crate::calendar::china_month_day_minute;
use crate::components::feedback::{feedback, Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::ShiftTexts;
use crate::i18n::{use_shift_texts, use_texts};
use crate::model::{
    format_pay, CheckInCode, ClockDirection, PayMethod, PaymentStatus, ShiftRecord, WageCaseStatus,
    CHECK_IN_CODE_DIGITS, WAGE_CASE_AFTER_DAYS,
};
use crate::model::{
    EmployerRecord, NoShowAppeal, Rating, RatingTag, WorkerRecord, NO_SHOW_APPEAL_DAYS,
};
use crate::resource::page_resource;

/// An amount of money as people read it: "200元", "¥200".
fn money(lang: crate::i18n::Lang, cents: i64) -> String {
    let yuan = format_pay(i32::try_from(cents).unwrap_or(i32::MAX));
    match lang {
        crate::i18n::Lang::Zh => format!("{yuan}元"),
        crate::i18n::Lang::En => format!("¥{yuan}"),
    }
}

fn use_lang() -> impl Fn() -> crate::i18n::Lang + Copy + Send + Sync + 'static {
    let prefs = crate::prefs::use_prefs();
    move || prefs.map(|p| p.get().lang).unwrap_or_default()
}

/// The days worked and the payments, as both sides see them.
#[component]
fn ShiftFacts(record: ShiftRecord) -> impl IntoView {
    let t = use_texts();
    let s = use_shift_texts();
    let lang = use_lang();
    let unit = record.agreed_pay_unit;
    let agreed = record.agreed_pay_cents;
    let total = record.total_minutes();
    let worked = record.days.iter().filter(|d| d.minutes.is_some()).count();
    let due = record.estimated_due_cents();
    view! {
        <p class="agreed-pay">
            {move || (s().agreed_pay)(&format!("{} {}", format_pay(agreed), t().pay_unit(unit)))}
        </p>
        {(!record.days.is_empty()).then(|| view! {
            <h4>{move || s().days_heading}</h4>
            <ul class="shift-days">
                {record.days.iter().map(|d| {
                    let arrived = china_month_day_minute(d.checked_in_at);
                    let left = d.checked_out_at.map(china_month_day_minute);
                    let (in_by, out_by) = (d.check_in_by, d.check_out_by);
                    let minutes = d.minutes;
                    let corrected = d.corrected.clone();
                    view! {
                        <li class="shift-day">
                            <span>{move || (s().arrived_at)(&arrived)}" ("{move || s().check_method(in_by)}")"</span>
                            " · "
                            {match left.clone() {
                                Some(left) => view! {
                                    <span>{move || (s().left_at)(&left)}" ("{move || out_by.map(|m| s().check_method(m)).unwrap_or_default()}")"</span>
                                }.into_any(),
                                None => view! { <span class="muted">{move || s().still_at_work}</span> }.into_any(),
                            }}
                            {minutes.map(|m| view! { " · "<strong>{move || (s().minutes)(m)}</strong> })}
                            {corrected.map(|(m, note)| view! {
                                <br/><span class="note correction">{move || (s().corrected)(m, &note)}</span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(worked > 0).then(|| view! {
                <p class="shift-total">
                    {move || (s().worked_total)(worked, total)}
                    {due.map(|due| view! { " · "{move || (s().estimated_due)(&money(lang(), due))} })}
                </p>
            })}
        })}
    }
}

/// A payment's line: amount, how, when, and where the worker's answer stands.
#[component]
fn PaymentLine(payment: crate::model::Payment) -> impl IntoView {
    let s = use_shift_texts();
    let lang = use_lang();
    let status = payment.status;
    let method = payment.method;
    let amount = i64::from(payment.amount_cents);
    view! {
        <span class="payment-amount">{move || money(lang(), amount)}</span>
        " · "{move || s().pay_method(method)}" · "{payment.paid_on.to_string()}
        " "<span class=format!("badge payment-{}", status.as_str())>{move || s().payment_status(status)}</span>
        {(!payment.note.is_empty()).then(|| view! { <br/><span class="muted">{payment.note.clone()}</span> })}
        {payment.dispute_reason.clone().map(|r| view! { <br/><span class="note">{move || (s().disputed_because)(&r)}</span> })}
    }
}

/// The worker's side of a place once given (出勤与工资): check in and out, the hours, the payments to
/// answer, and asking staff for help with unpaid wages.
#[component]
pub fn WorkerShiftBox(posting_id: i64, record: ShiftRecord) -> impl IntoView {
    let s = use_shift_texts();
    let application_id = record.application_id;
    let case = record.wage_case;
    view! {
        <section class="shift-box" id=format!("shift-{application_id}") aria-label=move || s().shift_heading>
            <h3>{move || s().shift_heading}</h3>
            {record.may_check_in.then(|| view! { <ClockForm posting_id direction=ClockDirection::In/> })}
            {record.may_check_out.then(|| view! { <ClockForm posting_id direction=ClockDirection::Out/> })}
            <ShiftFacts record=record.clone()/>
            {(!record.payments.is_empty()).then(|| view! {
                <h4>{move || s().payments_heading}</h4>
                <ul class="payments">
                    {record.payments.iter().cloned().map(|p| {
                        let id = p.id;
                        let recorded = p.status == PaymentStatus::Recorded;
                        let reason_id = format!("dispute-{id}");
                        view! {
                            <li class="payment">
                                <PaymentLine payment=p/>
                                {recorded.then(|| view! {
                                    <form method="post" action=AnswerPayment::url() class="actions">
                                        <CsrfField/>
                                        <input type="hidden" name="payment_id" value=id/>
                                        <button type="submit" name="received" value="true" class="primary">{move || s().confirm_received}</button>
                                    </form>
                                    <details class="give-up">
                                        <summary class="button button-quiet">{move || s().dispute}</summary>
                                        <form method="post" action=AnswerPayment::url()>
                                            <CsrfField/>
                                            <input type="hidden" name="payment_id" value=id/>
                                            <input type="hidden" name="received" value="false"/>
                                            <div class="field">
                                                <label for=reason_id.clone()>{move || s().dispute_reason_label}</label>
                                                <input id=reason_id.clone() name="reason" type="text" minlength="2" maxlength="200" required/>
                                            </div>
                                            <button type="submit" class="danger">{move || s().dispute_submit}</button>
                                        </form>
                                    </details>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {case.map(|c| view! {
                <p class=format!("badge wage-case-{}", c.as_str())>{move || (s().case_state)(s().case_status(c))}</p>
            })}
            <RatingBox application_id ratings=record.ratings.clone() reader_is_worker=true/>
            {record.no_show_appeal.clone().map(|appeal| view! { <NoShowAppealLine appeal/> })}
            {record.may_appeal_no_show.then(|| {
                let reason_id = format!("no-show-reason-{application_id}");
                view! {
                    <details class="shift-action appeal no-show-appeal">
                        <summary class="button">{move || s().no_show_appeal}</summary>
                        <form method="post" action=AppealNoShow::url()>
                            <CsrfField/>
                            <input type="hidden" name="application_id" value=application_id/>
                            <p class="note">{move || (s().no_show_appeal_intro)(NO_SHOW_APPEAL_DAYS)}</p>
                            <div class="field">
                                <label for=reason_id.clone()>{move || s().appeal_reason_label}</label>
                                <input id=reason_id.clone() name="reason" type="text" minlength="2" maxlength="200" required/>
                            </div>
                            <button type="submit" class="danger">{move || s().appeal_send}</button>
                        </form>
                    </details>
                }
            })}
            {record.may_open_case.then(|| {
                let complaint_id = format!("complaint-{application_id}");
                view! {
                    <details class="ask-for-help">
                        <summary class="button button-quiet">{move || s().case_heading}</summary>
                        <form method="post" action=OpenWageCase::url()>
                            <CsrfField/>
                            <input type="hidden" name="application_id" value=application_id/>
                            <p class="note">{move || (s().case_intro)(WAGE_CASE_AFTER_DAYS)}</p>
                            <div class="field">
                                <label for=complaint_id.clone()>{move || s().complaint_label}</label>
                                <textarea id=complaint_id.clone() name="complaint" maxlength="500" rows="3"></textarea>
                            </div>
                            <button type="submit" class="danger">{move || s().open_case}</button>
                        </form>
                    </details>
                }
            })}
        </section>
    }
}

/// Checking in or out: the code typed (a plain form), or the phone's location (an island).
#[component]
fn ClockForm(posting_id: i64, direction: ClockDirection) -> impl IntoView {
    let s = use_shift_texts();
    let code_id = format!("code-{posting_id}-{direction:?}");
    let (value, label) = match direction {
        ClockDirection::In => ("in", s().check_in),
        ClockDirection::Out => ("out", s().check_out),
    };
    view! {
        <form method="post" action=Clock::url() class="clock-form">
            <CsrfField/>
            <input type="hidden" name="posting_id" value=posting_id/>
            <input type="hidden" name="direction" value=value/>
            <div class="field">
                <label for=code_id.clone()>{move || s().code_label}</label>
                <input id=code_id.clone() name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    pattern="[0-9０-９ ]*" maxlength="8" size=CHECK_IN_CODE_DIGITS required/>
            </div>
            <button type="submit" class="primary clock-button">{label}</button>
        </form>
        <LocationClock posting_id check_in=direction == ClockDirection::In/>
        <p class="muted small">{move || s().clock_window_hint}</p>
    }
}

/// Checking in or out by where the phone is: asks the browser, sends the position, reloads.
#[island(lazy)]
fn LocationClock(posting_id: i64, check_in: bool) -> impl IntoView {
    crate::prefs::provide_prefs();
    let s = use_shift_texts();
    let hydrated = crate::components::hydrated::use_hydrated();
    let state = RwSignal::new(None::<Result<(), AppError>>);
    let busy = RwSignal::new(false);
    #[cfg(not(feature = "hydrate"))]
    let _ = posting_id;
    let locate = move |_| {
        busy.set(true);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::closure::Closure;
            use wasm_bindgen::JsCast;
            let refused = move || {
                busy.set(false);
                state.set(Some(Err(AppError::refused("location_refused"))));
            };
            let Some(geolocation) = window().navigator().geolocation().ok() else {
                refused();
                return;
            };
            let on_position = Closure::once_into_js(move |position: web_sys::Position| {
                let c = position.coords();
                let (lng, lat) = (c.longitude(), c.latitude());
                leptos::task::spawn_local(async move {
                    let direction = if check_in {
                        ClockDirection::In
                    } else {
                        ClockDirection::Out
                    };
                    let done = crate::api::shifts::clock(
                        posting_id,
                        direction,
                        None,
                        Some(lng),
                        Some(lat),
                    )
                    .await;
                    busy.set(false);
                    if done.is_ok() {
                        let _ = window().location().reload();
                    }
                    state.set(Some(done));
                });
            });
            let on_error = Closure::once_into_js(move |_: web_sys::PositionError| refused());
            if geolocation
                .get_current_position_with_error_callback(
                    on_position.unchecked_ref(),
                    Some(on_error.unchecked_ref()),
                )
                .is_err()
            {
                refused();
            }
        }
    };
    view! {
        <p>
            <button type="button" class="location-clock" disabled=move || !hydrated.get() || busy.get() on:click=locate>
                {move || if busy.get() { s().locating } else if check_in { s().check_in_by_location } else { s().check_out_by_location }}
            </button>
        </p>
        <div role="status">
            {move || match state.get() {
                Some(Err(AppError::Refused { reason })) if reason == "location_refused" => {
                    view! { <p class="error">{s().location_refused}</p> }.into_any()
                }
                Some(Err(error)) => view! { <Failure error/> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}

/// `/check-in/:posting?code=`: where a worker's camera lands from the employer's QR code. One tap checks
/// in (or out, once in); the code travels in the form, so nothing happens on merely opening the link.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let s = use_shift_texts();
    let params = use_params_map();
    let posting_id = params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let code = use_query_map().with_untracked(|q| q.get("code").unwrap_or_default());
    let clock = ServerAction::<Clock>::new();
    let mine = page_resource(|| (), |_| my_applications());
    view! {
        <PageTitle text=s().check_in_title/>
        <section class="check-in-page">
            <h1>{move || s().check_in_title}</h1>
            {feedback(move || clock.value().get(), || use_shift_texts()().check_in)}
            <Loaded data=mine let:mine>
                {
                    let code = code.clone();
                    let place = mine.into_iter().find(|a| Some(a.posting_id) == posting_id);
                    match (posting_id, place) {
                        (Some(posting_id), Some(place)) => {
                            let record = place.shift.clone();
                            let (may_in, may_out) = record.as_ref().map_or((false, false), |r| (r.may_check_in, r.may_check_out));
                            view! {
                                <h2>{place.posting_title.clone()}</h2>
                                <p class="muted">{place.employer_name.clone()}</p>
                                {match (may_in, may_out) {
                                    (false, false) => view! {
                                        <p class="note">{move || if record.is_some() { s().outside_window } else { s().no_place_here }}</p>
                                    }.into_any(),
                                    _ => {
                                        let (value, label) = if may_in { ("in", s().check_in) } else { ("out", s().check_out) };
                                        view! {
                                            <form method="post" action=Clock::url() class="clock-form">
                                                <CsrfField/>
                                                <input type="hidden" name="posting_id" value=posting_id/>
                                                <input type="hidden" name="direction" value=value/>
                                                <div class="field">
                                                    <label for="check-in-code">{move || s().code_label}</label>
                                                    <input id="check-in-code" name="code" type="text" inputmode="numeric"
                                                        autocomplete="one-time-code" maxlength="8" value=code.clone() required/>
                                                </div>
                                                <button type="submit" class="primary clock-button">{label}</button>
                                            </form>
                                        }.into_any()
                                    }
                                }}
                            }
                            .into_any()
                        }
                        _ => view! { <p class="note">{move || s().no_place_here}</p> }.into_any(),
                    }
                }
            </Loaded>
            <p><A href="/me/applications">{move || s().my_applications_link}</A></p>
        </section>
    }
}

/// `/employer/postings/:id/check-in`: the employer's phone held up on site. The server draws the first
/// code; the island then fetches each next one as the last expires (the page never reloads, so nothing
/// flickers and nobody's reading is cut short; without the Wasm, reloading shows the current code).
#[component]
pub fn CheckInScreenPage() -> impl IntoView {
    let s = use_shift_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let screen = page_resource(id, |id| async move {
        match id {
            Some(id) => current_check_in_code(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=s().check_in_screen_link/>
        <section class="check-in-screen">
            <Loaded data=screen let:screen>
                <h1>{screen.title.clone()}</h1>
                <p class="note">{move || s().check_in_screen_hint}</p>
                <LiveCheckInCode screen=screen.clone()/>
                <p><A href=format!("/employer/postings/{}/applicants", screen.posting_id)>{move || crate::i18n::use_market_texts()().applicants_title}</A></p>
            </Loaded>
        </section>
    }
}

/// The code of the moment, its QR picture, the seconds it has left and today's arrivals, kept current.
#[island(lazy)]
fn LiveCheckInCode(screen: CheckInCode) -> impl IntoView {
    crate::prefs::provide_prefs();
    let s = use_shift_texts();
    let left = RwSignal::new(screen.valid_for);
    #[cfg(feature = "hydrate")]
    let posting_id = screen.posting_id;
    let screen = RwSignal::new(screen);
    #[cfg(feature = "hydrate")]
    {
        // One tick a second: the countdown, and the next code once this one has expired.
        let fetching = RwSignal::new(false);
        let tick = move || {
            let remaining = left.get_untracked().saturating_sub(1);
            left.set(remaining);
            if remaining == 0 && !fetching.get_untracked() {
                fetching.set(true);
                leptos::task::spawn_local(async move {
                    match current_check_in_code(posting_id).await {
                        Ok(next) => {
                            left.set(next.valid_for);
                            screen.set(next);
                        }
                        // Try again in a few seconds; the old code stays readable meanwhile.
                        Err(_) => left.set(3),
                    }
                    fetching.set(false);
                });
            }
        };
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        // Our own server drew this SVG from our own link: no person's text is in it.
        <div class="check-in-qr" inner_html=move || screen.with(|s| s.qr_svg.clone())></div>
        <p class="muted">{move || s().code_label}</p>
        <p class="check-in-digits">{move || screen.with(|s| s.code.clone())}</p>
        <p class="muted check-in-left">{move || (s().code_changes_in)(left.get())}</p>
        <p class="check-in-arrivals" role="status">
            {move || screen.with(|c| (s().arrived_of)(c.arrived, c.expected))}
        </p>
    }
}

/// The employer's side of a given place on the applicants page: the record, recording a day for the
/// worker, correcting a finished day's hours, recording a payment.
#[component]
pub fn EmployerShiftPanel(record: ShiftRecord) -> impl IntoView {
    let s = use_shift_texts();
    let application_id = record.application_id;
    // The forms' default day: a server component (no island), so the server's calendar.
    #[cfg(feature = "ssr")]
    let today = crate::calendar::today().to_string();
    #[cfg(not(feature = "ssr"))]
    let today = String::new();
    let case = record.wage_case;
    let finished: Vec<String> = record
        .days
        .iter()
        .filter(|d| d.minutes.is_some())
        .map(|d| d.work_date.to_string())
        .collect();
    let id = |what: &str| format!("{what}-{application_id}");
    view! {
        <section class="shift-box employer-shift" aria-label=move || s().shift_heading>
            <h3>{move || s().shift_heading}</h3>
            <ShiftFacts record=record.clone()/>
            {(!record.payments.is_empty()).then(|| view! {
                <h4>{move || s().payments_heading}</h4>
                <ul class="payments">
                    {record.payments.iter().cloned().map(|p| view! { <li class="payment"><PaymentLine payment=p/></li> }).collect_view()}
                </ul>
            })}
            {case.map(|c| view! {
                <p class=format!("badge wage-case-{}", c.as_str())>{move || (s().case_state)(s().case_status(c))}</p>
            })}
            <RatingBox application_id ratings=record.ratings.clone() reader_is_worker=false/>
            {record.no_show_appeal.clone().map(|appeal| view! { <NoShowAppealLine appeal/> })}
            <details class="shift-action">
                <summary class="button button-quiet">{move || s().record_day}</summary>
                <form method="post" action=RecordDay::url()>
                    <CsrfField/>
                    <input type="hidden" name="application_id" value=application_id/>
                    <p class="note">{move || s().record_day_intro}</p>
                    <div class="field">
                        <label for=id("work-date")>{move || s().work_date_label}</label>
                        <input id=id("work-date") name="work_date" type="date" value=today.clone() required/>
                    </div>
                    <div class="field">
                        <label for=id("arrived")>{move || s().arrived_label}</label>
                        <input id=id("arrived") name="arrived" type="time" required/>
                    </div>
                    <div class="field">
                        <label for=id("left")>{move || s().left_label}</label>
                        <input id=id("left") name="left" type="time"/>
                    </div>
                    <button type="submit">{move || s().save}</button>
                </form>
            </details>
            {(!finished.is_empty()).then(|| view! {
                <details class="shift-action">
                    <summary class="button button-quiet">{move || s().correct_hours}</summary>
                    <form method="post" action=CorrectHours::url()>
                        <CsrfField/>
                        <input type="hidden" name="application_id" value=application_id/>
                        <div class="field">
                            <label for=id("correct-date")>{move || s().work_date_label}</label>
                            <select id=id("correct-date") name="work_date">
                                {finished.iter().map(|d| view! { <option value=d.clone()>{d.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=id("hours")>{move || s().hours_label}</label>
                            <input id=id("hours") name="hours" type="number" inputmode="decimal" min="0" max="24" step="0.5" required/>
                        </div>
                        <div class="field">
                            <label for=id("correction-note")>{move || s().correction_note_label}</label>
                            <input id=id("correction-note") name="note" type="text" minlength="2" maxlength="200" required/>
                        </div>
                        <button type="submit">{move || s().save}</button>
                    </form>
                </details>
            })}
            {(!record.days.is_empty()).then(|| view! {
                <details class="shift-action">
                    <summary class="button">{move || s().record_payment}</summary>
                    <form method="post" action=RecordPayment::url()>
                        <CsrfField/>
                        <input type="hidden" name="application_id" value=application_id/>
                        <div class="field">
                            <label for=id("amount")>{move || s().amount_label}</label>
                            <input id=id("amount") name="amount" type="text" inputmode="decimal" maxlength="12" required/>
                        </div>
                        <div class="field">
                            <label for=id("method")>{move || s().method_label}</label>
                            <select id=id("method") name="method">
                                {PayMethod::ALL.into_iter().map(|m| view! { <option value=m.as_str()>{move || s().pay_method(m)}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=id("paid-on")>{move || s().paid_on_label}</label>
                            <input id=id("paid-on") name="paid_on" type="date" value=today.clone() max=today.clone() required/>
                        </div>
                        <div class="field">
                            <label for=id("payment-note")>{move || s().payment_note_label}</label>
                            <input id=id("payment-note") name="note" type="text" maxlength="200"/>
                        </div>
                        <button type="submit" class="primary">{move || s().record_payment}</button>
                    </form>
                </details>
            })}
        </section>
    }
}

/// The errors of the employer's shift forms, shown at the top of the applicants page.
#[component]
pub fn EmployerShiftErrors() -> impl IntoView {
    let record_day = ServerAction::<RecordDay>::new();
    let correct = ServerAction::<CorrectHours>::new();
    let pay = ServerAction::<RecordPayment>::new();
    view! {
        <RatingErrors/>
        {move || record_day.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        {move || correct.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        {move || pay.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
    }
}

/// The errors of the worker's shift forms, shown at the top of 我的报名.
#[component]
pub fn WorkerShiftErrors() -> impl IntoView {
    let clock = ServerAction::<Clock>::new();
    let answer = ServerAction::<AnswerPayment>::new();
    let open = ServerAction::<OpenWageCase>::new();
    let appeal = ServerAction::<AppealNoShow>::new();
    view! {
        <RatingErrors/>
        {move || appeal.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        {move || clock.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        {move || answer.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        {move || open.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
    }
}

/// The staff desk's wage cases (欠薪): open ones first.
#[component]
pub fn WageCasesSection() -> impl IntoView {
    let s = use_shift_texts();
    let cases = page_resource(|| (), |_| wage_cases());
    view! {
        <section class="account-section wage-cases" id="wage-cases">
            <h2>{move || s().cases_heading}</h2>
            <Loaded data=cases let:cases>
                {if cases.is_empty() {
                    view! { <p class="empty">{move || s().no_cases}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {cases.into_iter().map(|c| {
                                let status = c.status;
                                let by_worker = c.opened_by_worker;
                                view! {
                                    <li class="review-item" data-status=status.as_str()>
                                        <h3><A href=format!("/staff/wage-cases/{}", c.id)>{c.posting_title.clone()}</A></h3>
                                        <p>{c.employer_name.clone()}" · "{c.worker_name.clone()}" · "{c.area.clone()}</p>
                                        <p class="muted">
                                            {china_month_day_minute(c.opened_at)}" · "{move || s().opened_by(by_worker)}" "
                                            <span class=format!("badge wage-case-{}", status.as_str())>{move || s().case_status(status)}</span>
                                        </p>
                                        <A href=format!("/staff/wage-cases/{}", c.id) attr:class="button">{move || s().view_case}</A>
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

/// `/staff/wage-cases/:id`: one case with all its evidence, and the decision.
#[component]
pub fn WageCasePage() -> impl IntoView {
    let s = use_shift_texts();
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let decide = ServerAction::<DecideWageCase>::new();
    let case = page_resource(id, |id| async move {
        match id {
            Some(id) => wage_case_detail(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=s().case_title/>
        <section class="account-page wage-case">
            <p><A href="/staff#wage-cases">{move || s().back_to_staff}</A></p>
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=case let:case>
                {
                    let summary = case.summary.clone();
                    let status = summary.status;
                    let by_worker = summary.opened_by_worker;
                    let case_id = summary.id;
                    view! {
                        <h1>{move || s().case_title}" · "{summary.posting_title.clone()}</h1>
                        <p>
                            <span class=format!("badge wage-case-{}", status.as_str())>{move || s().case_status(status)}</span>" "
                            {move || s().opened_by(by_worker)}" · "{china_month_day_minute(summary.opened_at)}
                        </p>
                        <p>{summary.employer_name.clone()}" · "{summary.area.clone()}</p>
                        <p>
                            {move || s().worker_phone}" "{summary.worker_name.clone()}" "
                            <a class="button" href=format!("tel:{}", case.worker_phone)>{case.worker_phone.clone()}</a>
                        </p>
                        {case.employer_phone.clone().map(|phone| view! {
                            <p>{move || s().employer_phone}" "<a class="button" href=format!("tel:{}", phone.replace('-', ""))>{phone.clone()}</a></p>
                        })}
                        {(!case.complaint.is_empty()).then(|| view! {
                            <h2>{move || s().complaint_heading}</h2>
                            <p class="prose">{case.complaint.clone()}</p>
                        })}
                        <ShiftFacts record=case.record.clone()/>
                        {(!case.record.payments.is_empty()).then(|| view! {
                            <h2>{move || s().payments_heading}</h2>
                            <ul class="payments">
                                {case.record.payments.iter().cloned().map(|p| view! { <li class="payment"><PaymentLine payment=p/></li> }).collect_view()}
                            </ul>
                        })}
                        <h2>{move || s().timeline_heading}</h2>
                        <ol class="timeline">
                            {case.timeline.iter().cloned().map(|e| {
                                let kind = e.kind.clone();
                                view! {
                                    <li data-kind=e.kind.clone()>
                                        <time>{china_month_day_minute(e.at)}</time>" "
                                        <strong>{move || s().event(&kind)}</strong>
                                        {e.minutes.map(|m| view! { " · "{move || (s().minutes)(m)} })}
                                        {e.amount_cents.map(|c| view! { " · "{move || money(lang(), i64::from(c))} })}
                                        {e.method.clone().and_then(|m| PayMethod::parse(&m)).map(|m| view! { " · "{move || s().pay_method(m)} })}
                                        {e.reason.clone().map(|r| view! { <br/><span class="muted">{r}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        {(!case.messages.is_empty()).then(|| view! {
                            <h2>{move || s().thread_title}</h2>
                            <ol class="thread case-messages">
                                {case.messages.iter().cloned().map(|m| {
                                    let by_worker = m.from_worker;
                                    view! {
                                        <li class="thread-message">
                                            <p class="muted small">{china_month_day_minute(m.created_at)}" · "{move || (s().written_by)(by_worker)}</p>
                                            <p class="prose thread-body">{m.body.clone()}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        })}
                        {case.decision_note.clone().map(|n| view! { <p class="note">{move || (s().decided_note)(&n)}</p> })}
                        {(status == WageCaseStatus::Open).then(|| view! {
                            <h2>{move || s().decide_heading}</h2>
                            <form method="post" action=DecideWageCase::url()>
                                <CsrfField/>
                                <input type="hidden" name="case_id" value=case_id/>
                                <div class="field">
                                    <label for="case-note">{move || s().decision_note_label}</label>
                                    <textarea id="case-note" name="note" minlength="2" maxlength="500" rows="3" required></textarea>
                                </div>
                                <div class="filter-actions">
                                    {WageCaseStatus::DECISIONS.into_iter().map(|d| view! {
                                        <button type="submit" name="decision" value=d.as_str()
                                            class=if d == WageCaseStatus::Upheld { "danger" } else { "" }>
                                            {move || s().case_decision(d)}
                                        </button>
                                    }).collect_view()}
                                </div>
                            </form>
                        })}
                    }
                }
            </Loaded>
        </section>
    }
}

/// The errors of the rating forms (rating, appealing), on the page that has them.
#[component]
fn RatingErrors() -> impl IntoView {
    let rate = ServerAction::<RatePlace>::new();
    let appeal = ServerAction::<AppealRating>::new();
    view! {
        {move || rate.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
        {move || appeal.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
    }
}

/// A rating's stars and tags, read out.
#[component]
fn RatingLine(rating: Rating) -> impl IntoView {
    let s = use_shift_texts();
    let stars = rating.stars;
    let tags = rating.tags.clone();
    let appeal = rating.appeal;
    view! {
        <span class="stars" aria-label=move || (s().star_option)(stars)>{ShiftTexts::stars(stars)}</span>
        " "{move || s().rating_tag_line(&tags)}
        {appeal.map(|a| view! { " "<span class="badge badge-unverified">{move || s().appeal_state(a)}</span> })}
    }
}

/// Rating the other side of a place worked (评价), the two ratings as far as they are shown, and the
/// appeal of one received.
#[component]
fn RatingBox(
    application_id: i64,
    ratings: crate::model::PlaceRatings,
    reader_is_worker: bool,
) -> impl IntoView {
    let s = use_shift_texts();
    let nothing = !ratings.may_rate
        && ratings.given.is_none()
        && ratings.received.is_none()
        && !ratings.received_hidden;
    if nothing {
        return ().into_any();
    }
    let id = |what: &str| format!("{what}-{application_id}");
    let appealable = ratings
        .received
        .as_ref()
        .is_some_and(|r| r.appeal.is_none());
    view! {
        <div class="rating-box">
            <h4>{move || s().rating_heading}</h4>
            {ratings.given.clone().map(|r| view! {
                <p class="rating-given">{move || s().your_rating}"："<RatingLine rating=r.clone()/></p>
            })}
            {ratings.received.clone().map(|r| view! {
                <p class="rating-received">{move || s().their_rating}"："<RatingLine rating=r.clone()/></p>
            })}
            {ratings.received_hidden.then(|| view! { <p class="muted small">{move || s().rating_hidden}</p> })}
            {ratings.may_rate.then(|| view! {
                <details class="shift-action rate">
                    <summary class="button">{move || (s().rate_other)(reader_is_worker)}</summary>
                    <form method="post" action=RatePlace::url()>
                        <CsrfField/>
                        <input type="hidden" name="application_id" value=application_id/>
                        <fieldset class="stars-choice">
                            <legend>{move || s().stars_label}</legend>
                            {(1..=5i16).rev().map(|n| {
                                let input = format!("{}-{n}", id("stars"));
                                view! {
                                    <label for=input.clone() class="choice">
                                        <input id=input.clone() type="radio" name="stars" value=n required/>
                                        {move || (s().star_option)(n)}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <fieldset class="tags-choice">
                            <legend>{move || s().tags_label}</legend>
                            {RatingTag::for_rater(reader_is_worker).into_iter().enumerate().map(|(i, tag)| {
                                let input = format!("{}-{}", id("tag"), tag.as_str());
                                view! {
                                    <label for=input.clone() class="choice">
                                        <input id=input.clone() type="checkbox" name=format!("tags[{i}]") value=tag.as_str()/>
                                        {move || s().rating_tag(tag)}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="primary">{move || s().submit_rating}</button>
                    </form>
                </details>
            })}
            {appealable.then(|| view! {
                <details class="shift-action appeal">
                    <summary class="button button-quiet">{move || s().appeal}</summary>
                    <form method="post" action=AppealRating::url()>
                        <CsrfField/>
                        <input type="hidden" name="application_id" value=application_id/>
                        <div class="field">
                            <label for=id("appeal")>{move || s().appeal_reason_label}</label>
                            <input id=id("appeal") name="reason" type="text" minlength="2" maxlength="200" required/>
                        </div>
                        <button type="submit" class="danger">{move || s().appeal_send}</button>
                    </form>
                </details>
            })}
        </div>
    }
    .into_any()
}

/// A worker's record on the applicant's card: what employers said, and attendance. Nothing below the
/// minimum: a newcomer is not marked down for being new.
#[component]
pub fn WorkerRecordLine(record: WorkerRecord) -> impl IntoView {
    let s = use_shift_texts();
    let average = record
        .reputation
        .average_stars
        .map(|a| (a, record.reputation.ratings));
    let attendance = record
        .attendance_percent()
        .map(|p| (p, record.recent_places));
    let tags = record.reputation.top_tags.clone();
    (average.is_some() || attendance.is_some()).then(|| view! {
        <p class="record-line">
            {average.map(|(a, n)| view! { <span>{move || (s().stars_average)(a, n)}</span>" " })}
            {attendance.map(|(p, n)| view! { <span>{move || (s().attendance)(p, n)}</span>" " })}
            {move || s().rating_tag_line(&tags)}
        </p>
    })
}

/// An employer's record on its postings: pay on time, wage cases found true, what workers said.
#[component]
pub fn EmployerRecordLine(record: EmployerRecord) -> impl IntoView {
    let s = use_shift_texts();
    let average = record
        .reputation
        .average_stars
        .map(|a| (a, record.reputation.ratings));
    let on_time = record
        .paid_on_time_percent()
        .map(|p| (p, record.judged_places));
    let upheld = record.upheld_wage_cases;
    let tags = record.reputation.top_tags.clone();
    (average.is_some() || on_time.is_some() || upheld > 0).then(|| view! {
        <span class="record-line">
            {on_time.map(|(p, n)| view! { <span>{move || (s().paid_on_time)(p, n)}</span>" " })}
            {(upheld > 0).then(|| view! { <span class="badge badge-unverified">{move || (s().upheld_cases)(upheld)}</span>" " })}
            {average.map(|(a, n)| view! { <span>{move || (s().stars_average)(a, n)}</span>" " })}
            {move || s().rating_tag_line(&tags)}
        </span>
    })
}

/// Appeals against ratings on the staff desk: uphold (the rating stops counting) or reject.
#[component]
pub fn RatingAppealsSection() -> impl IntoView {
    let s = use_shift_texts();
    let decide = ServerAction::<DecideRatingAppeal>::new();
    let appeals = page_resource(|| (), |_| rating_appeals());
    view! {
        <section class="account-section rating-appeals">
            <h2>{move || s().appeals_heading}</h2>
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=appeals let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{move || s().no_appeals}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {list.into_iter().map(|a| {
                                let by_worker = a.by_worker;
                                let rating = Rating { stars: a.stars, tags: a.tags.clone(), appeal: None };
                                view! {
                                    <li class="review-item">
                                        <h3>{a.posting_title.clone()}</h3>
                                        <p>{a.employer_name.clone()}" · "{a.worker_name.clone()}</p>
                                        <p>{move || (s().rating_by)(by_worker)}"："<RatingLine rating=rating.clone()/></p>
                                        <p><strong>{move || s().appeal_reason_label}</strong>" "{a.reason.clone()}</p>
                                        <form method="post" action=DecideRatingAppeal::url() class="filter-actions">
                                            <CsrfField/>
                                            <input type="hidden" name="application_id" value=a.application_id/>
                                            <input type="hidden" name="by_worker" value=by_worker.to_string()/>
                                            <button type="submit" name="uphold" value="true" class="danger">{move || s().uphold_appeal}</button>
                                            <button type="submit" name="uphold" value="false">{move || s().reject_appeal}</button>
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

/// Where the worker's appeal against a recorded no-show stands, and their reason: both sides read it.
#[component]
fn NoShowAppealLine(appeal: NoShowAppeal) -> impl IntoView {
    let s = use_shift_texts();
    let status = appeal.status;
    view! {
        <p class="no-show-appeal-state">
            <span class=format!("badge badge-unverified appeal-{}", status.as_str())>{move || s().no_show_appeal_state(status)}</span>
            " "<span class="muted">{move || s().appeal_reason_label}"："</span>{appeal.reason.clone()}
        </p>
    }
}

/// Appeals against recorded no-shows on the staff desk: uphold (the no-show leaves the worker's
/// attendance) or reject, after calling both sides.
#[component]
pub fn NoShowAppealsSection() -> impl IntoView {
    let s = use_shift_texts();
    let decide = ServerAction::<DecideNoShowAppeal>::new();
    let appeals = page_resource(|| (), |_| no_show_appeals());
    view! {
        <section class="account-section no-show-appeals">
            <h2>{move || s().no_show_appeals_heading}</h2>
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=appeals let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{move || s().no_no_show_appeals}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {list.into_iter().map(|a| {
                                let (from, to) = (a.start_date.to_string(), a.end_date.to_string());
                                let (marked, appealed) = (china_month_day_minute(a.marked_at), china_month_day_minute(a.appealed_at));
                                view! {
                                    <li class="review-item">
                                        <h3>{a.posting_title.clone()}</h3>
                                        <p>{move || (s().shift_dates)(&from, &to)}</p>
                                        <p class="muted">{move || (s().no_show_marked)(&marked, &appealed)}</p>
                                        <p>
                                            {move || s().worker_phone}" "{a.worker_name.clone()}" "
                                            <a class="button" href=format!("tel:{}", a.worker_phone)>{a.worker_phone.clone()}</a>
                                        </p>
                                        <p>
                                            {move || s().employer_phone}" "{a.employer_name.clone()}" "
                                            {a.employer_phone.clone().map(|phone| view! {
                                                <a class="button" href=format!("tel:{}", phone.replace('-', ""))>{phone.clone()}</a>
                                            })}
                                        </p>
                                        <p><strong>{move || s().appeal_reason_label}</strong>" "{a.reason.clone()}</p>
                                        <form method="post" action=DecideNoShowAppeal::url() class="filter-actions">
                                            <CsrfField/>
                                            <input type="hidden" name="application_id" value=a.application_id/>
                                            <button type="submit" name="uphold" value="true" class="danger">{move || s().uphold_no_show}</button>
                                            <button type="submit" name="uphold" value="false">{move || s().reject_appeal}</button>
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

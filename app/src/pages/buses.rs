//! 零工巴士 on the market's page (a worker reserves a seat or gives it back) and for the market's staff
//! (publish a run, change its seats, cancel it, check riders on at the door). Plain server forms, like
//! the shift's: they work before the Wasm, on the cheapest phone.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::buses::{
    bus_boarding, buses_for_staff, market_buses, posting_buses, BoardRider, CancelBusRun,
    PublishBusRun, SetBusSeats, SetSeat,
};
use crate::calendar::china_month_day_minute;
use crate::components::feedback::{Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::i18n::use_service_texts;
use crate::model::{BusRun, BusTimetable, BusViewer, RunStatus, SeatStatus, BUS_SEATS_MAX};
use crate::resource::page_resource;

/// A run's facts: when, where to, where to get on, the seats, the postings it serves.
#[component]
fn RunFacts(run: BusRun) -> impl IntoView {
    let v = use_service_texts();
    let departs = china_month_day_minute(run.departs_at);
    let meeting_point = run.meeting_point.clone();
    let (left, seats) = (run.seats_left(), run.seats);
    let state = match (run.status, run.departed) {
        (RunStatus::Cancelled, _) => {
            let reason = run.cancel_reason.clone().unwrap_or_default();
            view! { <span class="badge badge-unverified">{move || (v().cancelled)(&reason)}</span> }
                .into_any()
        }
        (_, true) => view! { <span class="badge">{move || v().departed}</span> }.into_any(),
        _ if left == 0 => {
            view! { <span class="badge badge-unverified">{move || v().full}</span> }.into_any()
        }
        _ => view! { <span class="seats-left">{move || (v().seats_left)(left, seats)}</span> }
            .into_any(),
    };
    view! {
        <h3>{run.destination.clone()}</h3>
        <p><strong>{move || (v().departs)(&departs)}</strong>" · "{state}</p>
        <p>{move || (v().meeting_point)(&meeting_point)}</p>
        {(!run.postings.is_empty()).then(|| view! {
            <p>
                {move || v().serves}
                {run.postings.clone().into_iter().map(|p| view! {
                    <A href=format!("/postings/{}", p.id) attr:class="bus-posting">{p.title.clone()}</A>" "
                }).collect_view()}
            </p>
        })}
        {(!run.note.is_empty()).then(|| view! { <p class="muted">{run.note.clone()}</p> })}
    }
}

/// The 零工巴士 section of a market's page: the coming runs, and for a worker, their seat.
#[component]
pub fn MarketBusesSection(slug: String) -> impl IntoView {
    let back = format!("/markets/{slug}#buses");
    let timetable = page_resource(move || slug.clone(), market_buses);
    view! { <BusesSection timetable back always=true/> }
}

/// The runs serving a posting, on its page (nothing when none does): a worker takes a seat there too.
#[component]
pub fn PostingBusesSection(posting_id: i64) -> impl IntoView {
    let back = format!("/postings/{posting_id}#buses");
    let timetable = page_resource(move || posting_id, posting_buses);
    view! { <BusesSection timetable back always=false/> }
}

/// A timetable's runs with each one's seat action; `always`: shown even without runs (saying so).
#[component]
fn BusesSection(
    timetable: crate::resource::PageResource<Result<BusTimetable, crate::error::AppError>>,
    back: String,
    always: bool,
) -> impl IntoView {
    let v = use_service_texts();
    let seat = ServerAction::<SetSeat>::new();
    view! {
        <Loaded data=timetable let:timetable>
            {(always || !timetable.runs.is_empty()).then(|| {
                let viewer = timetable.viewer;
                let back = back.clone();
                view! {
                    <section class="buses" id="buses" aria-labelledby="buses-heading">
                        <h2 id="buses-heading">{move || v().buses_heading}</h2>
                        <p class="muted">{move || v().buses_intro}</p>
                        {move || seat.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
                        {if timetable.runs.is_empty() {
                            view! { <p class="empty">{move || v().no_buses}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="bus-runs">
                                    {timetable.runs.into_iter().map(|run| view! {
                                        <BusRunItem run viewer back=back.clone()/>
                                    }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }}
                    </section>
                }
            })}
        </Loaded>
    }
}

#[component]
fn BusRunItem(run: BusRun, viewer: BusViewer, back: String) -> impl IntoView {
    let v = use_service_texts();
    let id = run.id;
    let mine = run.my_seat.filter(|s| s.holds_seat());
    let may_reserve = run.open() && run.seats_left() > 0 && mine.is_none();
    let may_give_up = mine == Some(SeatStatus::Reserved) && !run.departed;
    view! {
        <li class="bus-run" data-run=id>
            <RunFacts run=run.clone()/>
            {mine.map(|s| view! { <p><span class="badge badge-verified my-seat">{move || v().seat_status(s)}</span></p> })}
            {match viewer {
                BusViewer::SignedOut if run.open() => view! {
                    <A href=crate::model::return_path::sign_in_href(&back) attr:class="button">
                        {move || v().sign_in_to_reserve}
                    </A>
                }
                .into_any(),
                BusViewer::Worker if may_reserve => view! {
                    <form method="post" action=SetSeat::url()>
                        <CsrfField/>
                        <input type="hidden" name="run_id" value=id/>
                        <input type="hidden" name="take" value="true"/>
                        <button type="submit" class="primary">{move || v().reserve}</button>
                    </form>
                }
                .into_any(),
                BusViewer::Worker if may_give_up => view! {
                    <details class="give-up">
                        <summary class="button button-quiet">{move || v().give_up}</summary>
                        <form method="post" action=SetSeat::url()>
                            <CsrfField/>
                            <input type="hidden" name="run_id" value=id/>
                            <input type="hidden" name="take" value="false"/>
                            <button type="submit" class="danger">{move || v().give_up}</button>
                        </form>
                    </details>
                }
                .into_any(),
                _ => ().into_any(),
            }}
        </li>
    }
}

/// The staff desk's 零工巴士: publish a run from a market in the caller's scope; the runs, each with its
/// boarding list.
#[component]
pub fn StaffBusesSection() -> impl IntoView {
    let v = use_service_texts();
    let publish = ServerAction::<PublishBusRun>::new();
    let buses = page_resource(|| (), |_| buses_for_staff());
    // The form's first day: a server component, so the server's calendar.
    #[cfg(feature = "ssr")]
    let today = crate::calendar::today().to_string();
    #[cfg(not(feature = "ssr"))]
    let today = String::new();
    view! {
        <section class="account-section staff-buses" id="buses">
            <h2>{move || v().staff_buses_heading}</h2>
            {move || publish.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=buses let:desk>
                {(!desk.markets.is_empty()).then(|| view! {
                    <details class="shift-action publish-bus">
                        <summary class="button">{move || v().publish_heading}</summary>
                        <form method="post" action=PublishBusRun::url() class="account-form">
                            <CsrfField/>
                            <div class="field">
                                <label for="bus-market">{move || v().market_label}</label>
                                <select id="bus-market" name="market_id">
                                    {desk.markets.iter().map(|m| view! { <option value=m.id>{m.name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="bus-date">{move || v().date_label}</label>
                                <input id="bus-date" name="date" type="date" value=today.clone() min=today.clone() required/>
                            </div>
                            <div class="field">
                                <label for="bus-time">{move || v().time_label}</label>
                                <input id="bus-time" name="time" type="time" required/>
                            </div>
                            <div class="field">
                                <label for="bus-destination">{move || v().destination_label}</label>
                                <input id="bus-destination" name="destination" type="text" minlength="2" maxlength="100"
                                    placeholder=move || v().destination_placeholder required/>
                            </div>
                            <div class="field">
                                <label for="bus-meeting-point">{move || v().meeting_point_label}</label>
                                <input id="bus-meeting-point" name="meeting_point" type="text" maxlength="100"
                                    placeholder=move || v().meeting_point_placeholder/>
                            </div>
                            <div class="field">
                                <label for="bus-seats">{move || v().seats_label}</label>
                                <input id="bus-seats" name="seats" type="number" inputmode="numeric" min="1"
                                    max=BUS_SEATS_MAX value="45" required/>
                            </div>
                            <div class="field">
                                <label for="bus-postings">{move || v().postings_label}</label>
                                <input id="bus-postings" name="postings" type="text" inputmode="numeric" maxlength="120"
                                    aria-describedby="bus-postings-hint"/>
                                <small id="bus-postings-hint" class="muted">{move || v().postings_hint}</small>
                            </div>
                            <div class="field">
                                <label for="bus-note">{move || v().note_label}</label>
                                <input id="bus-note" name="note" type="text" maxlength="200"/>
                            </div>
                            <button type="submit" class="primary">{move || v().publish}</button>
                        </form>
                    </details>
                })}
                {if desk.runs.is_empty() {
                    view! { <p class="empty">{move || v().no_staff_buses}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {desk.runs.into_iter().map(|run| {
                                let id = run.id;
                                let market = run.market_name.clone();
                                view! {
                                    <li class="review-item bus-run" data-run=id>
                                        <RunFacts run/>
                                        <p class="muted">{market}</p>
                                        <A href=format!("/staff/buses/{id}") attr:class="button">{move || v().boarding_list}</A>
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

/// The boarding list at the bus's door (上车名单): riders with their phones, checked on one by one; the
/// run's seats changed or the run cancelled.
#[component]
pub fn BoardingPage() -> impl IntoView {
    let v = use_service_texts();
    let params = use_params_map();
    let run_id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let board = ServerAction::<BoardRider>::new();
    let seats = ServerAction::<SetBusSeats>::new();
    let cancel = ServerAction::<CancelBusRun>::new();
    let list = page_resource(move || run_id.get(), bus_boarding);
    view! {
        <PageTitle text=v().boarding_title/>
        <section class="account-page boarding">
            <p><A href="/staff#buses">{move || crate::i18n::use_shift_texts()().back_to_staff}</A></p>
            <h1>{move || v().boarding_title}</h1>
            {move || board.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || seats.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || cancel.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=list let:list>
                {
                    let run = list.run.clone();
                    let id = run.id;
                    let open = run.open();
                    let reserved = list.riders.iter().filter(|r| r.status == SeatStatus::Reserved).count();
                    let boarded = list.riders.iter().filter(|r| r.status == SeatStatus::Boarded).count();
                    let may_board = list.may_board;
                    view! {
                        <div class="bus-run"><RunFacts run=run.clone()/></div>
                        <p class="riders-count">{move || (v().riders_count)(reserved, boarded)}</p>
                        {(!may_board).then(|| view! { <p class="note">{move || v().boarding_closed_hint}</p> })}
                        {if list.riders.is_empty() {
                            view! { <p class="empty">{move || v().no_riders}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="riders">
                                    {list.riders.into_iter().map(|r| {
                                        let status = r.status;
                                        view! {
                                            <li class="rider" data-status=status.as_str()>
                                                <span class="rider-name">{r.name.clone()}</span>" "
                                                <a class="button" href=format!("tel:{}", r.phone)>{r.phone.clone()}</a>" "
                                                <span class="badge">{move || v().seat_status(status)}</span>
                                                {(may_board && status == SeatStatus::Reserved).then(|| view! {
                                                    <form method="post" action=BoardRider::url() class="actions">
                                                        <CsrfField/>
                                                        <input type="hidden" name="run_id" value=id/>
                                                        <input type="hidden" name="worker_id" value=r.worker_id/>
                                                        <button type="submit" class="primary">{move || v().board}</button>
                                                    </form>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }}
                        {open.then(|| view! {
                            <details class="shift-action">
                                <summary class="button button-quiet">{move || v().change_seats}</summary>
                                <form method="post" action=SetBusSeats::url()>
                                    <CsrfField/>
                                    <input type="hidden" name="run_id" value=id/>
                                    <div class="field">
                                        <label for="bus-new-seats">{move || v().seats_label}</label>
                                        <input id="bus-new-seats" name="seats" type="number" inputmode="numeric"
                                            min="1" max=BUS_SEATS_MAX value=run.seats required/>
                                    </div>
                                    <button type="submit">{move || v().change_seats}</button>
                                </form>
                            </details>
                            <details class="shift-action give-up">
                                <summary class="button button-quiet">{move || v().cancel_run}</summary>
                                <form method="post" action=CancelBusRun::url()>
                                    <CsrfField/>
                                    <input type="hidden" name="run_id" value=id/>
                                    <div class="field">
                                        <label for="bus-cancel-reason">{move || v().cancel_reason_label}</label>
                                        <input id="bus-cancel-reason" name="reason" type="text" minlength="2" maxlength="200" required/>
                                    </div>
                                    <button type="submit" class="danger">{move || v().cancel_confirm}</button>
                                </form>
                            </details>
                        })}
                    }
                }
            </Loaded>
        </section>
    }
}

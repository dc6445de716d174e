//! Job fairs (招聘会): the calendar (`/fairs`, and on each market's page), a fair's page (a worker's
//! sign-up and pass, an employer's booth), the staff desk's fairs and a fair's desk at the door
//! (`/staff/fairs/{id}`, which a pass's QR code opens). Plain server forms: they work before the Wasm.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::fairs::{
    fairs_for_staff, list_fairs, read_fair, read_fair_desk, AskForBooth, BoothPresent, CancelFair,
    CheckInAtFair, DecideBooth, HoldFair, SignUpForFair,
};
use crate::components::feedback::{Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::components::route_id::route_id;
use crate::csrf::CsrfField;
use crate::i18n::use_fair_texts;
use crate::model::{
    BoothRequest, BoothStatus, FairDesk, FairDetail, FairSummary, FairTheme, FairViewer,
    FAIR_BOOTHS_MAX,
};
use crate::resource::page_resource;

/// A fair's facts: theme, when, where, booths, sign-ups, livestream, its series, or why it was
/// cancelled.
#[component]
fn FairFacts(fair: FairSummary) -> impl IntoView {
    let f = use_fair_texts();
    let theme = fair.theme;
    let when = (
        fair.held_on.to_string(),
        fair.starts_at.clone(),
        fair.ends_at.clone(),
    );
    let (booked, booths, signups, later) =
        (fair.booked, fair.booths, fair.signups, fair.series_later);
    let place = format!(
        "{}{}",
        fair.market_name,
        if fair.place.is_empty() {
            String::new()
        } else {
            format!(" · {}", fair.place)
        }
    );
    view! {
        <p>
            <span class="badge">{move || f().theme(theme)}</span>" "
            <strong>{move || (f().when)(&when.0, &when.1, &when.2)}</strong>
        </p>
        <p class="muted">{place}</p>
        {match fair.cancel_reason.clone() {
            Some(reason) => view! {
                <p><span class="badge badge-unverified fair-cancelled">{move || (f().cancelled)(&reason)}</span></p>
            }
            .into_any(),
            None => view! {
                <p class="muted">
                    {move || (f().booths_taken)(booked, booths)}" · "{move || (f().signed_up)(signups)}
                    {(later > 0).then(|| view! { " · "{move || (f().series_later)(later)} })}
                </p>
            }
            .into_any(),
        }}
        {fair.livestream_url.clone().map(|url| view! {
            <p><a href=url rel="noopener noreferrer nofollow" target="_blank" class="button button-quiet">{move || f().livestream}</a></p>
        })}
    }
}

#[component]
fn FairItem(fair: FairSummary) -> impl IntoView {
    let id = fair.id;
    let title = fair.title.clone();
    view! {
        <li class="review-item fair" data-fair=id>
            <h3><A href=format!("/fairs/{id}")>{title}</A></h3>
            <FairFacts fair/>
        </li>
    }
}

#[component]
fn FairList(fairs: Vec<FairSummary>) -> impl IntoView {
    let f = use_fair_texts();
    if fairs.is_empty() {
        view! { <p class="empty">{move || f().no_fairs}</p> }.into_any()
    } else {
        view! {
            <ul class="review-list fairs">
                {fairs.into_iter().map(|fair| view! { <FairItem fair/> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// `/fairs`: the fairs of the coming days at every market, soonest first.
#[component]
pub fn FairsPage() -> impl IntoView {
    let f = use_fair_texts();
    let fairs = page_resource(|| (), |_| list_fairs(None));
    view! {
        <PageTitle text=f().fairs_title/>
        <section class="account-page fairs-page">
            <h1>{move || f().fairs_title}</h1>
            <p class="note">{move || f().fairs_intro}</p>
            <Loaded data=fairs let:fairs>
                <FairList fairs/>
            </Loaded>
        </section>
    }
}

/// The coming fairs of a market, on its page (nothing when there are none).
#[component]
pub fn MarketFairsSection(slug: String) -> impl IntoView {
    let f = use_fair_texts();
    let fairs = page_resource(move || slug.clone(), |slug| list_fairs(Some(slug)));
    view! {
        <Loaded data=fairs let:fairs>
            {(!fairs.is_empty()).then(|| view! {
                <section class="fairs" id="fairs" aria-labelledby="fairs-heading">
                    <h2 id="fairs-heading">{move || f().market_heading}</h2>
                    <FairList fairs=fairs.into_iter().take(5).collect()/>
                    <p><A href="/fairs" attr:class="button">{move || f().all_fairs}</A></p>
                </section>
            })}
        </Loaded>
    }
}

/// `/fairs/{id}`: a fair with its employers and their postings; a worker signs up and shows their
/// pass there, an employer asks for a booth.
#[component]
pub fn FairPage() -> impl IntoView {
    let f = use_fair_texts();
    let id = route_id();
    let sign_up = ServerAction::<SignUpForFair>::new();
    let booth = ServerAction::<AskForBooth>::new();
    let detail = page_resource(move || id.get(), read_fair);
    view! {
        <PageTitle text=f().fair_title/>
        <section class="account-page fair-page">
            <p><A href="/fairs">{move || f().back_to_fairs}</A></p>
            {move || sign_up.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || booth.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=detail let:detail>
                <FairView detail/>
            </Loaded>
        </section>
    }
}

#[component]
fn FairView(detail: FairDetail) -> impl IntoView {
    let f = use_fair_texts();
    let fair = detail.fair.clone();
    let id = fair.id;
    view! {
        <h1>{fair.title.clone()}</h1>
        <div class="fair-facts"><FairFacts fair=fair.clone()/></div>
        {detail.serves.then(|| view! {
            <p><A href=format!("/staff/fairs/{id}") attr:class="button">{move || f().open_desk}</A></p>
        })}
        <SignUp detail=detail.clone()/>
        <Booth detail=detail.clone()/>
        <section class="fair-employers">
            <h2>{move || f().employers_heading}</h2>
            {if detail.employers.is_empty() {
                view! { <p class="empty">{move || f().no_employers}</p> }.into_any()
            } else {
                view! {
                    <ul class="review-list">
                        {detail.employers.into_iter().map(|e| view! {
                            <li class="review-item fair-employer" data-employer=e.employer_id>
                                <p>
                                    <strong>{e.name.clone()}</strong>
                                    {e.verified.then(|| view! { " "<span class="badge badge-verified">{move || f().verified}</span> })}
                                    {e.present.then(|| view! { " "<span class="badge">{move || f().present}</span> })}
                                </p>
                                <ul class="fair-postings">
                                    {e.postings.into_iter().map(|p| view! {
                                        <li><A href=format!("/postings/{}", p.id)>{p.title}</A></li>
                                    }).collect_view()}
                                </ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// The worker's side: sign up, the pass (its QR code and number), give the sign-up up.
#[component]
fn SignUp(detail: FairDetail) -> impl IntoView {
    let f = use_fair_texts();
    let id = detail.fair.id;
    let back = format!("/fairs/{id}");
    match (detail.viewer, detail.pass) {
        (FairViewer::SignedOut, _) if detail.open => view! {
            <p><A href=crate::model::return_path::sign_in_href(&back) attr:class="button primary">{move || f().sign_in_to_sign_up}</A></p>
        }
        .into_any(),
        (FairViewer::Worker, None) if detail.open => view! {
            <form method="post" action=SignUpForFair::url()>
                <CsrfField/>
                <input type="hidden" name="fair_id" value=id/>
                <input type="hidden" name="take" value="true"/>
                <button type="submit" class="primary">{move || f().sign_up}</button>
            </form>
        }
        .into_any(),
        (FairViewer::Worker, Some(pass)) => {
            let number = pass.pass_code.clone();
            view! {
                <section class="fair-pass" aria-labelledby="pass-heading">
                    <h2 id="pass-heading">{move || f().pass_heading}</h2>
                    {if pass.checked_in {
                        view! { <p><span class="badge badge-verified">{move || f().checked_in}</span></p> }.into_any()
                    } else {
                        view! {
                            <p class="note">{move || f().pass_hint}</p>
                            // Drawn by the server from the desk's address and the pass's number: no
                            // text anyone typed is in it.
                            <div class="pass-qr" role="img" aria-label=move || (f().pass_number)(&number) inner_html=pass.qr_svg.clone()></div>
                            <p class="pass-number">{move || (f().pass_number)(&pass.pass_code)}</p>
                            {detail.open.then(|| view! {
                                <details class="give-up">
                                    <summary class="button button-quiet">{move || f().give_up}</summary>
                                    <form method="post" action=SignUpForFair::url()>
                                        <CsrfField/>
                                        <input type="hidden" name="fair_id" value=id/>
                                        <input type="hidden" name="take" value="false"/>
                                        <button type="submit" class="danger">{move || f().give_up_confirm}</button>
                                    </form>
                                </details>
                            })}
                        }
                        .into_any()
                    }}
                </section>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// The employer's side: ask for a booth with some of its open postings, change them, withdraw.
#[component]
fn Booth(detail: FairDetail) -> impl IntoView {
    let f = use_fair_texts();
    let id = detail.fair.id;
    let Some(booth) = detail.booth.filter(|_| detail.open) else {
        return ().into_any();
    };
    let status = booth.status;
    let live = matches!(status, Some(BoothStatus::Requested | BoothStatus::Approved));
    view! {
        <section class="fair-booth account-section" aria-labelledby="booth-heading">
            <h2 id="booth-heading">{move || f().booth_heading}</h2>
            <p class="muted">{move || f().booth_intro}</p>
            {status.map(|s| view! { <p><span class="badge my-booth">{move || (f().booth_status)(f().booth(s))}</span></p> })}
            {if booth.open_postings.is_empty() {
                view! { <p class="empty">{move || f().no_open_postings}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=AskForBooth::url() class="account-form">
                        <CsrfField/>
                        <input type="hidden" name="fair_id" value=id/>
                        <fieldset class="field">
                            <legend>{move || f().booth_postings_legend}</legend>
                            {booth.open_postings.iter().map(|p| view! {
                                <label class="check">
                                    <input type="checkbox" name="postings[]" value=p.id checked=booth.brought.contains(&p.id)/>
                                    <span>{p.title.clone()}</span>
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="primary">{move || if live { f().change_booth } else { f().ask_for_booth }}</button>
                    </form>
                }
                .into_any()
            }}
            {live.then(|| view! {
                <form method="post" action=AskForBooth::url()>
                    <CsrfField/>
                    <input type="hidden" name="fair_id" value=id/>
                    <input type="hidden" name="withdraw" value="true"/>
                    <button type="submit" class="button-quiet">{move || f().withdraw_booth}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The staff desk's 招聘会: hold a fair (once or every chosen weekday) at a market of the scope; the
/// coming fairs, each with its desk.
#[component]
pub fn StaffFairsSection() -> impl IntoView {
    let f = use_fair_texts();
    let hold = ServerAction::<HoldFair>::new();
    let fairs = page_resource(|| (), |_| fairs_for_staff());
    // The form's first day: a server component, so the server's calendar.
    #[cfg(feature = "ssr")]
    let today = crate::calendar::today().to_string();
    #[cfg(not(feature = "ssr"))]
    let today = String::new();
    view! {
        <section class="account-section staff-fairs" id="fairs">
            <h2>{move || f().staff_heading}</h2>
            {move || hold.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=fairs let:desk>
                {(!desk.markets.is_empty()).then(|| view! {
                    <details class="shift-action hold-fair">
                        <summary class="button">{move || f().hold}</summary>
                        <form method="post" action=HoldFair::url() class="account-form">
                            <CsrfField/>
                            <div class="field">
                                <label for="fair-market">{move || f().market_label}</label>
                                <select id="fair-market" name="market_id">
                                    {desk.markets.iter().map(|m| view! { <option value=m.id>{m.name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="fair-theme">{move || f().theme_label}</label>
                                <select id="fair-theme" name="theme">
                                    {FairTheme::ALL.into_iter().map(|t| view! { <option value=t.code()>{move || f().theme(t)}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="fair-title">{move || f().title_label}</label>
                                <input id="fair-title" name="title" type="text" minlength="2" maxlength="60"
                                    placeholder=move || f().title_placeholder required/>
                            </div>
                            <div class="field">
                                <label for="fair-date">{move || f().date_label}</label>
                                <input id="fair-date" name="held_on" type="date" value=today.clone() min=today.clone() required/>
                            </div>
                            <div class="field">
                                <label for="fair-starts">{move || f().starts_label}</label>
                                <input id="fair-starts" name="starts_at" type="time" value="09:00" required/>
                            </div>
                            <div class="field">
                                <label for="fair-ends">{move || f().ends_label}</label>
                                <input id="fair-ends" name="ends_at" type="time" value="11:30" required/>
                            </div>
                            <div class="field">
                                <label for="fair-place">{move || f().place_label}</label>
                                <input id="fair-place" name="place" type="text" maxlength="100" placeholder=move || f().place_placeholder/>
                            </div>
                            <div class="field">
                                <label for="fair-booths">{move || f().booths_label}</label>
                                <input id="fair-booths" name="booths" type="number" inputmode="numeric" min="1" max=FAIR_BOOTHS_MAX value="20" required/>
                            </div>
                            <div class="field">
                                <label for="fair-livestream">{move || f().livestream_label}</label>
                                <input id="fair-livestream" name="livestream_url" type="url" maxlength="300" inputmode="url"/>
                            </div>
                            <fieldset class="field tags">
                                <legend>{move || f().repeat_legend}</legend>
                                {(1u8..=7).map(|d| view! {
                                    <label class="check">
                                        <input type="checkbox" name="weekdays[]" value=d/>
                                        <span>{move || f().weekday(d)}</span>
                                    </label>
                                }).collect_view()}
                            </fieldset>
                            <div class="field">
                                <label for="fair-until">{move || f().until_label}</label>
                                <input id="fair-until" name="until" type="date" min=today.clone()/>
                            </div>
                            <button type="submit" class="primary">{move || f().hold_button}</button>
                        </form>
                    </details>
                })}
                {if desk.fairs.is_empty() {
                    view! { <p class="empty">{move || f().no_staff_fairs}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list fairs">
                            {desk.fairs.into_iter().map(|fair| {
                                let id = fair.id;
                                let title = fair.title.clone();
                                view! {
                                    <li class="review-item fair" data-fair=id>
                                        <h3><A href=format!("/fairs/{id}")>{title}</A></h3>
                                        <FairFacts fair/>
                                        <A href=format!("/staff/fairs/{id}") attr:class="button">{move || f().open_desk}</A>
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

/// `/staff/fairs/{id}` (and `?pass=` when a pass's QR code opened it): the door, the booths, the
/// latest check-ins, cancelling.
#[component]
pub fn FairDeskPage() -> impl IntoView {
    let f = use_fair_texts();
    let id = route_id();
    let query = use_query_map();
    let scanned = Memo::new(move |_| query.with(|q| q.get("pass").filter(|p| !p.is_empty())));
    let check_in = ServerAction::<CheckInAtFair>::new();
    let decide = ServerAction::<DecideBooth>::new();
    let present = ServerAction::<BoothPresent>::new();
    let cancel = ServerAction::<CancelFair>::new();
    let desk = page_resource(move || id.get(), read_fair_desk);
    view! {
        <PageTitle text=f().desk_title/>
        <section class="account-page fair-desk">
            <p><A href="/staff#fairs">{move || f().back_to_staff}</A></p>
            <h1>{move || f().desk_title}</h1>
            {move || check_in.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || present.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || cancel.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=desk let:desk>
                <DeskView desk scanned=scanned.get_untracked()/>
            </Loaded>
        </section>
    }
}

#[component]
fn DeskView(desk: FairDesk, scanned: Option<String>) -> impl IntoView {
    let f = use_fair_texts();
    let fair = desk.fair.clone();
    let id = fair.id;
    let counts = (
        fair.signups,
        fair.checked_in,
        fair.booked,
        fair.booths,
        desk.hires,
    );
    let open = desk.open;
    let today = desk.today && !fair.cancelled;
    let (title, series_later) = (fair.title.clone(), fair.series_later);
    view! {
        <h2><A href=format!("/fairs/{id}")>{title}</A></h2>
        <div class="fair-facts"><FairFacts fair=fair.clone()/></div>
        <p class="fair-counts"><strong>{move || (f().counts)(counts.0, counts.1, counts.2, counts.3, counts.4)}</strong></p>
        <section class="fair-door" aria-labelledby="door-heading">
            <h3 id="door-heading">{move || f().door_heading}</h3>
            {if !today {
                view! { <p class="note">{move || f().door_closed}</p> }.into_any()
            } else {
                view! {
                    {scanned.map(|pass| view! {
                        <form method="post" action=CheckInAtFair::url() class="account-form scanned-pass">
                            <CsrfField/>
                            <input type="hidden" name="fair_id" value=id/>
                            <input type="hidden" name="pass" value=pass.clone()/>
                            <p><strong>{move || (f().scanned_pass)(&pass)}</strong></p>
                            <button type="submit" class="primary">{move || f().confirm_check_in}</button>
                        </form>
                    })}
                    <form method="post" action=CheckInAtFair::url() class="account-form check-in-phone">
                        <CsrfField/>
                        <input type="hidden" name="fair_id" value=id/>
                        <div class="field">
                            <label for="fair-phone">{move || f().phone_label}</label>
                            <input id="fair-phone" name="phone" type="tel" inputmode="tel" autocomplete="off" maxlength="20" required/>
                        </div>
                        <button type="submit">{move || f().check_in}</button>
                    </form>
                }
                .into_any()
            }}
        </section>
        <section class="fair-guests">
            <h3>{move || f().guests_heading}</h3>
            {if desk.guests.is_empty() {
                view! { <p class="empty">{move || f().no_guests}</p> }.into_any()
            } else {
                view! {
                    <ol class="fair-guest-list">
                        {desk.guests.into_iter().map(|g| view! {
                            <li class="fair-guest">{g.at}" "<strong>{g.name}</strong>" "{g.masked_phone}</li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
        <section class="fair-booths">
            <h3>{move || f().booths_heading}</h3>
            {if desk.booths.is_empty() {
                view! { <p class="empty">{move || f().no_booths}</p> }.into_any()
            } else {
                view! {
                    <ul class="review-list">
                        {desk.booths.into_iter().map(|b| view! { <BoothItem booth=b fair_id=id open today/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        {open.then(|| view! {
            <details class="shift-action give-up">
                <summary class="button button-quiet">{move || f().cancel_fair}</summary>
                <form method="post" action=CancelFair::url()>
                    <CsrfField/>
                    <input type="hidden" name="fair_id" value=id/>
                    <div class="field">
                        <label for="fair-cancel-reason">{move || f().cancel_reason_label}</label>
                        <input id="fair-cancel-reason" name="reason" type="text" minlength="2" maxlength="200" required/>
                    </div>
                    {(series_later > 0).then(|| view! {
                        <label class="check">
                            <input type="checkbox" name="series" value="true"/>
                            <span>{move || f().cancel_series}</span>
                        </label>
                    })}
                    <button type="submit" class="danger">{move || f().cancel_confirm}</button>
                </form>
            </details>
        })}
    }
}

#[component]
fn BoothItem(booth: BoothRequest, fair_id: i64, open: bool, today: bool) -> impl IntoView {
    let f = use_fair_texts();
    let employer_id = booth.employer_id;
    let status = booth.status;
    view! {
        <li class="review-item fair-booth-request" data-employer=employer_id data-status=status.as_str()>
            <p>
                <strong>{booth.name.clone()}</strong>" "
                <span class="badge">{move || f().booth(status)}</span>
                {booth.present.then(|| view! { " "<span class="badge badge-verified">{move || f().present}</span> })}
            </p>
            <ul class="fair-postings">
                {booth.postings.into_iter().map(|p| view! {
                    <li><A href=format!("/postings/{}", p.id)>{p.title}</A></li>
                }).collect_view()}
            </ul>
            {(open && status == BoothStatus::Requested).then(|| view! {
                <form method="post" action=DecideBooth::url() class="actions">
                    <CsrfField/>
                    <input type="hidden" name="fair_id" value=fair_id/>
                    <input type="hidden" name="employer_id" value=employer_id/>
                    <button type="submit" name="approve" value="true" class="primary">{move || f().approve}</button>
                    <button type="submit" name="approve" value="false" class="button-quiet">{move || f().reject}</button>
                </form>
            })}
            {(today && status == BoothStatus::Approved && !booth.present).then(|| view! {
                <form method="post" action=BoothPresent::url() class="actions">
                    <CsrfField/>
                    <input type="hidden" name="fair_id" value=fair_id/>
                    <input type="hidden" name="employer_id" value=employer_id/>
                    <button type="submit">{move || f().mark_present}</button>
                </form>
            })}
        </li>
    }
}

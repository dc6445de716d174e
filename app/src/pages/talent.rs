//! 找人才: the worker's consent on their account page and the invitations they decide
//! (`/me/invitations`), and the organisations' search of findable workers (`/employer/talent`). Plain
//! server forms; the search's filters are an island for the city's districts.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::places::list_cities;
use crate::api::talent::{
    my_findability, my_talent_invitations, search_talent, sent_talent_invitations,
    AnswerTalentInvitation, InviteTalent, SetFindable, WithdrawTalentInvitation,
};
use crate::api::trades::list_trades;
use crate::components::feedback::{Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_market_texts, use_talent_texts, use_texts};
use crate::model::{
    format_pay, Availability, City, InvitablePosting, ReceivedTalentInvitation,
    SentTalentInvitation, TalentCard, TalentInvitationStatus, TalentQuery, Trade, TradeCode,
    TALENT_ATTENDANCE_CHOICES, TALENT_NOTE_MAX_CHARS,
};
use crate::resource::page_resource;

/// The worker's consent to be found, on their account page.
#[component]
pub fn FindableSection() -> impl IntoView {
    let k = use_talent_texts();
    let save = ServerAction::<SetFindable>::new();
    let data = page_resource(|| (), |_| my_findability());
    view! {
        <section class="account-section findable" id="findable">
            <h2>{move || k().consent_heading}</h2>
            <p class="note">{move || k().consent_text}</p>
            {move || save.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=data let:f>
                {
                    let on = f.findable;
                    let since = f.since.clone().unwrap_or_default();
                    let decisions = f.decisions.clone();
                    view! {
                        <p class=if on { "findable-state on" } else { "findable-state" }>
                            {move || if on { (k().findable_on)(&since) } else { k().findable_off.to_owned() }}
                        </p>
                        <form method="post" action=SetFindable::url()>
                            <CsrfField/>
                            <input type="hidden" name="findable" value=if on { "false" } else { "true" }/>
                            <button type="submit" class=if on { "button-secondary" } else { "primary" }>
                                {move || if on { k().turn_off } else { k().turn_on }}
                            </button>
                        </form>
                        {(!decisions.is_empty()).then(|| view! {
                            <details class="consent-history">
                                <summary>{move || k().decisions_heading}</summary>
                                <ul>
                                    {decisions.into_iter().map(|(on, at)| view! {
                                        <li>{move || (k().decision_line)(on, &at)}</li>
                                    }).collect_view()}
                                </ul>
                            </details>
                        })}
                    }
                }
            </Loaded>
            <p><A href="/me/invitations" attr:class="button">{move || k().my_title}</A></p>
        </section>
    }
}

/// The invitations to apply the worker received (`/me/invitations`).
#[component]
pub fn MyTalentInvitationsPage() -> impl IntoView {
    let k = use_talent_texts();
    let answer = ServerAction::<AnswerTalentInvitation>::new();
    let invitations = page_resource(|| (), |_| my_talent_invitations());
    view! {
        <PageTitle text=k().my_title/>
        <section class="account-page my-invitations">
            <h1>{move || k().my_title}</h1>
            {move || answer.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=invitations let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{move || k().my_none}</p> }.into_any()
                } else {
                    view! {
                        <ul class="invitation-list">
                            {list.into_iter().map(|i| view! { <ReceivedInvitation invitation=i/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn ReceivedInvitation(invitation: ReceivedTalentInvitation) -> impl IntoView {
    let t = use_texts();
    let k = use_talent_texts();
    let i = invitation;
    let id = i.id;
    let organisation = i.organisation.clone();
    let pay = format_pay(i.pay_cents);
    let unit = i.pay_unit;
    let note = i.note.clone();
    let decide = i.status == TalentInvitationStatus::Pending && i.posting_open;
    let status = i.status;
    view! {
        <li class="invitation" data-status=status.as_str()>
            <p>
                <strong>{move || (k().received_line)(&organisation)}</strong>
                {i.verified.then(|| view! { " " <span class="badge">{move || k().verified}</span> })}
            </p>
            <p><A href=format!("/postings/{}", i.posting_id)>{i.posting_title.clone()}</A></p>
            <p class="muted">{pay}" "{move || t().pay_unit(unit)}" · "{i.start_date.clone()}" – "{i.end_date.clone()}</p>
            <p class="muted">{i.address.clone()}</p>
            {(!note.is_empty()).then(|| view! { <p class="note-from">{move || k().note_from}{note.clone()}</p> })}
            {if decide {
                view! {
                    <form method="post" action=AnswerTalentInvitation::url() class="invitation-answer">
                        <CsrfField/>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" name="accept" value="true" class="primary">{move || k().accept}</button>
                        <button type="submit" name="accept" value="false" class="button-secondary">{move || k().decline}</button>
                    </form>
                }
                .into_any()
            } else if status == TalentInvitationStatus::Pending {
                view! { <p class="muted">{move || k().posting_closed}</p> }.into_any()
            } else {
                view! { <p class="status">{move || (k().status)(status)}</p> }.into_any()
            }}
        </li>
    }
}

/// The organisations' search of findable workers (`/employer/talent`).
#[component]
pub fn TalentSearchPage() -> impl IntoView {
    let k = use_talent_texts();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|q| TalentQuery::from_pairs(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
    });
    let invite = ServerAction::<InviteTalent>::new();
    let withdraw = ServerAction::<WithdrawTalentInvitation>::new();
    let data = page_resource(
        move || query.get(),
        |query| async move {
            let (page, trades, cities) =
                futures::join!(search_talent(query.clone()), list_trades(), list_cities());
            Ok::<_, AppError>((query, page?, trades?, cities?))
        },
    );
    let sent = page_resource(|| (), |_| sent_talent_invitations());
    view! {
        <PageTitle text=k().heading/>
        <section class="talent-page">
            <h1>{move || k().heading}</h1>
            <p class="note">{move || k().intro}</p>
            <p class="notice">{move || k().privacy}</p>
            {move || invite.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || withdraw.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Transition fallback=move || view! { <p class="loading">{use_texts()().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((query, page, trades, cities)) => {
                            let postings = page.postings.clone();
                            let pager = pager(&query, page.more);
                            view! {
                                {view! { <TalentFilters query=query.clone() trades cities/> }.into_any()}
                                {if page.items.is_empty() {
                                    view! { <p class="empty">{move || k().no_results}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="talent-list">
                                            {page.items.into_iter().map(|card| view! { <TalentCardView card postings=postings.clone()/> }).collect_view()}
                                        </ul>
                                    }
                                    .into_any()
                                }}
                                {pager}
                            }
                            .into_any()
                        }
                        Err(AppError::Refused { reason }) if reason == "organisation_not_verified" => view! {
                            <p class="notice">{move || k().not_verified}</p>
                            <A href="/me" attr:class="button">{move || crate::i18n::use_account_texts()().nav_my_account}</A>
                        }
                        .into_any(),
                        Err(e) => view! { <Failure error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    sent.await.ok().map(|list| view! { <SentInvitations list/> })
                })}
            </Transition>
        </section>
    }
}

/// The previous and next pages' links.
fn pager(query: &TalentQuery, more: bool) -> AnyView {
    let k = use_talent_texts();
    let previous = (query.page > 0).then(|| TalentQuery {
        page: query.page - 1,
        ..query.clone()
    });
    let next = more.then(|| TalentQuery {
        page: query.page + 1,
        ..query.clone()
    });
    view! {
        <nav class="pager">
            {previous.map(|q| view! { <A href=q.to_url() attr:class="button" attr:rel="prev">{move || k().previous}</A> })}
            {next.map(|q| view! { <A href=q.to_url() attr:class="button" attr:rel="next">{move || k().next}</A> })}
        </nav>
    }
    .into_any()
}

/// The search's filters: a form sent by GET, so every search is an address to keep or share. An island,
/// for the chosen city's districts.
#[island]
fn TalentFilters(query: TalentQuery, trades: Vec<Trade>, cities: Vec<City>) -> impl IntoView {
    crate::prefs::provide_prefs();
    let k = use_talent_texts();
    let t = use_texts();
    let city = RwSignal::new(query.city);
    let district = RwSignal::new(query.district);
    let trade: Signal<Option<TradeCode>> = Signal::stored(query.trade.clone());
    let chosen = query.availability.clone();
    let attendance = query.min_attendance;
    view! {
        <form method="get" action="/employer/talent" class="talent-filters search-form">
            <div class="field">
                <label for="trade">{move || t().field_trade}</label>
                <crate::components::trade_select::TradeSelect trades selected=trade/>
            </div>
            <crate::components::place_picker::PlacePicker cities city district id_prefix="talent"/>
            <input type="hidden" name="city" prop:value=move || city.get().map(|c| c.to_string()).unwrap_or_default()
                value=query.city.map(|c| c.to_string()).unwrap_or_default()/>
            <input type="hidden" name="district" prop:value=move || district.get().map(|d| d.to_string()).unwrap_or_default()
                value=query.district.map(|d| d.to_string()).unwrap_or_default()/>
            <fieldset class="field checkbox-group">
                <legend>{move || k().when_label}</legend>
                {Availability::ALL.into_iter().map(|a| view! {
                    <label class="checkbox">
                        <input type="checkbox" name="when" value=a.as_str() checked=chosen.contains(&a)/>
                        {move || (k().availability)(a)}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="talent-attendance">{move || k().attendance_label}</label>
                <select id="talent-attendance" name="attendance">
                    <option value="" selected=attendance.is_none()>{move || k().attendance_any}</option>
                    {TALENT_ATTENDANCE_CHOICES.into_iter().map(|p| view! {
                        <option value=p.to_string() selected=attendance == Some(p)>{move || (k().attendance_at_least)(p)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary">{move || k().search}</button>
        </form>
    }
    .into_any()
}

#[component]
fn TalentCardView(card: TalentCard, postings: Vec<InvitablePosting>) -> impl IntoView {
    let t = use_texts();
    let k = use_talent_texts();
    let m = use_market_texts();
    let c = card;
    let who = c.surname.clone();
    let name = move || match &who {
        Some(s) => (k().courtesy)(s),
        None => k().no_name.to_owned(),
    };
    let age = c.age_decade;
    let area = c.area.clone();
    let availability = c.availability.clone();
    let record = c.record.clone();
    let attendance = record.attendance_percent();
    let places = record.recent_places;
    let stars = record.reputation.average_stars;
    let ratings = record.reputation.ratings;
    let expected = c.expected_pay;
    // Postings this worker was not invited to yet.
    let open: Vec<InvitablePosting> = postings
        .into_iter()
        .filter(|p| !c.invited_to.contains(&p.id))
        .collect();
    let invited_any = !c.invited_to.is_empty();
    let worker_id = c.worker_id;
    let select_id = format!("talent-posting-{worker_id}");
    let note_id = format!("talent-note-{worker_id}");
    view! {
        <li class="talent-card" data-worker=worker_id>
            <h2>{name}</h2>
            <p class="muted">
                {age.map(|d| view! { <span>{move || (k().age)(d)}</span>" · " })}
                {if area.is_empty() { k().no_area.to_owned() } else { area.clone() }}
            </p>
            <p>{c.trades.join("、")}</p>
            {(!availability.is_empty()).then(|| {
                let availability = availability.clone();
                view! {
                    <p class="muted">{move || k().when_label}"："{move || availability.iter().map(|a| (k().availability)(*a)).collect::<Vec<_>>().join("、")}</p>
                }
            })}
            {expected.map(|(cents, unit)| view! {
                <p class="muted">{move || (k().expects)(&format!("{} {}", format_pay(cents), t().pay_unit(unit)))}</p>
            })}
            <p class="record">
                {move || match attendance {
                    Some(p) => (k().attendance)(p, places),
                    None => k().no_record.to_owned(),
                }}
                {stars.filter(|_| ratings >= crate::model::RECORD_MIN).map(|s| view! { " · "{move || (k().stars)(s, ratings)} })}
            </p>
            {invited_any.then(|| view! { <p class="badge">{move || k().invited_already}</p> })}
            {if open.is_empty() && !invited_any {
                view! {
                    <p class="muted">{move || k().no_postings}" "<A href="/employer/new">{move || m().new_posting}</A></p>
                }
                .into_any()
            } else if open.is_empty() {
                ().into_any()
            } else {
                view! {
                    <details class="invite">
                        <summary class="button primary">{move || k().invite}</summary>
                        <form method="post" action=InviteTalent::url() class="invite-form">
                            <CsrfField/>
                            <input type="hidden" name="worker_id" value=worker_id/>
                            <div class="field">
                                <label for=select_id.clone()>{move || k().posting_label}</label>
                                <select id=select_id name="posting_id" required>
                                    {open.into_iter().map(|p| view! { <option value=p.id>{p.title}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=note_id.clone()>{move || k().note_label}</label>
                                <textarea id=note_id name="note" rows="2" maxlength=TALENT_NOTE_MAX_CHARS></textarea>
                                <p class="hint">{move || k().note_hint}</p>
                            </div>
                            <button type="submit" class="primary">{move || k().invite}</button>
                        </form>
                    </details>
                }
                .into_any()
            }}
        </li>
    }
}

#[component]
fn SentInvitations(list: Vec<SentTalentInvitation>) -> impl IntoView {
    let k = use_talent_texts();
    view! {
        <section class="sent-invitations" id="sent">
            <h2>{move || k().sent_heading}</h2>
            {if list.is_empty() {
                view! { <p class="empty">{move || k().sent_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="invitation-list">
                        {list.into_iter().map(|i| {
                            let who = i.surname.clone();
                            let title = i.posting_title.clone();
                            let status = i.status;
                            let line = move || {
                                let who = match &who {
                                    Some(s) => (k().courtesy)(s),
                                    None => k().no_name.to_owned(),
                                };
                                (k().sent_line)(&who, &title)
                            };
                            view! {
                                <li class="invitation" data-status=status.as_str()>
                                    <p>{line}</p>
                                    <p class="muted">{i.sent_at.clone()}" · "{move || (k().status)(status)}</p>
                                    {(!i.note.is_empty()).then(|| view! { <p class="note-from">{i.note.clone()}</p> })}
                                    {(status == TalentInvitationStatus::Pending).then(|| view! {
                                        <form method="post" action=WithdrawTalentInvitation::url()>
                                            <CsrfField/>
                                            <input type="hidden" name="id" value=i.id/>
                                            <button type="submit" class="button-secondary">{move || k().withdraw}</button>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

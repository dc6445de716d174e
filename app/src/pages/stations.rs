//! What a market or station says of itself, kept by its staff (opening hours, phone, services,
//! amenities), and its city's policy notes (政策咨询): read on the market's page, written at the staff
//! desk. Plain server forms: they work before the Wasm, on the cheapest phone.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::markets::{market_for_editing, served_markets, EditMarket};
use crate::api::policy_notes::{
    market_policy_notes, policy_notes_for_staff, PublishPolicyNote, RevisePolicyNote,
    WithdrawPolicyNote,
};
use crate::components::feedback::{Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::i18n::use_station_texts;
use crate::model::{
    Amenity, MarketService, PolicyTopic, StaffPolicyNote, OPENING_HOURS_MAX_CHARS,
    POLICY_BODY_MAX_CHARS, POLICY_TITLE_MAX_CHARS,
};
use crate::resource::page_resource;

/// The staff desk's list of the markets and stations the caller keeps, each a link to its editor.
#[component]
pub fn StaffMarketsSection() -> impl IntoView {
    let s = use_station_texts();
    let markets = page_resource(|| (), |_| served_markets());
    view! {
        <section class="account-section staff-markets" id="markets">
            <h2>{move || s().staff_markets_heading}</h2>
            <p class="muted">{move || s().staff_markets_intro}</p>
            <Loaded data=markets let:markets>
                <ul class="review-list">
                    {markets.into_iter().map(|m| view! {
                        <li class="review-item served-market">
                            <span class="market-name">{m.name.clone()}</span>
                            <A href=format!("/staff/markets/{}", m.slug) attr:class="button">{move || s().edit_market}</A>
                        </li>
                    }).collect_view()}
                </ul>
            </Loaded>
        </section>
    }
}

/// `/staff/markets/{slug}`: a market's opening hours, phone, services and amenities, edited.
#[component]
pub fn MarketEditorPage() -> impl IntoView {
    let s = use_station_texts();
    let params = use_params_map();
    let query = use_query_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let saved = move || query.with(|q| q.get("saved").is_some());
    let edit = ServerAction::<EditMarket>::new();
    let form = page_resource(move || slug.get(), market_for_editing);
    view! {
        <PageTitle text=s().editor_title/>
        <section class="account-page market-editor">
            <p><A href="/staff#markets">{move || crate::i18n::use_shift_texts()().back_to_staff}</A></p>
            <h1>{move || s().editor_title}</h1>
            {move || edit.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=form let:form>
                {
                    let market_href = format!("/markets/{}", form.slug);
                    view! {
                        <h2>{form.name.clone()}</h2>
                        {move || saved().then(|| view! { <p class="notice" role="status">{move || s().saved}</p> })}
                        <form method="post" action=EditMarket::url() class="account-form">
                            <CsrfField/>
                            <input type="hidden" name="slug" value=form.slug.clone()/>
                            <div class="field">
                                <label for="market-hours">{move || s().opening_hours_label}</label>
                                <input id="market-hours" name="opening_hours" type="text" maxlength=OPENING_HOURS_MAX_CHARS
                                    value=form.opening_hours.clone() placeholder=move || s().opening_hours_placeholder/>
                            </div>
                            <div class="field">
                                <label for="market-phone">{move || s().phone_label}</label>
                                <input id="market-phone" name="phone" type="tel" inputmode="tel" maxlength="20"
                                    value=form.phone.clone() aria-describedby="market-phone-hint"/>
                                <small id="market-phone-hint" class="muted">{move || s().phone_hint}</small>
                            </div>
                            <fieldset class="field tags">
                                <legend>{move || s().services_legend}</legend>
                                {MarketService::ALL.into_iter().map(|service| view! {
                                    <label class="check">
                                        <input type="checkbox" name="services[]" value=service.code()
                                            checked=form.services.contains(&service)/>
                                        <span>{move || s().service(service)}</span>
                                    </label>
                                }).collect_view()}
                            </fieldset>
                            <fieldset class="field tags">
                                <legend>{move || s().amenities_legend}</legend>
                                {Amenity::ALL.into_iter().map(|amenity| view! {
                                    <label class="check">
                                        <input type="checkbox" name="amenities[]" value=amenity.code()
                                            checked=form.amenities.contains(&amenity)/>
                                        <span>{move || s().amenity(amenity)}</span>
                                    </label>
                                }).collect_view()}
                            </fieldset>
                            <button type="submit" class="primary">{move || s().save}</button>
                        </form>
                        <p><A href=market_href attr:class="button button-secondary">{move || s().back_to_market}</A></p>
                    }
                }
            </Loaded>
        </section>
    }
}

/// The policy notes of the market's city, newest first, each opened with a tap. Nothing when there are
/// none.
#[component]
pub fn PolicyNotesSection(slug: String) -> impl IntoView {
    let s = use_station_texts();
    let notes = page_resource(move || slug.clone(), market_policy_notes);
    view! {
        <Loaded data=notes let:notes>
            {(!notes.is_empty()).then(|| view! {
                <section class="policy-notes" id="policy">
                    <h2>{move || s().policy_heading}</h2>
                    {notes.into_iter().map(|note| {
                        let published = note.published_on.clone();
                        let revised = note.revised_on.clone();
                        view! {
                            <details class="policy-note" data-note=note.id>
                                <summary>
                                    <span class="policy-title">{note.title.clone()}</span>
                                    <small class="muted">
                                        {move || s().topic(note.topic)}" · "{move || (s().published_on)(&published)}
                                        {revised.clone().map(|d| view! { " · "{move || (s().revised_on)(&d)} })}
                                    </small>
                                </summary>
                                // Rendered from Markdown and sanitised on the server (`crate::markdown`).
                                <div class="policy-body" inner_html=note.html.clone()></div>
                            </details>
                        }
                    }).collect_view()}
                </section>
            })}
        </Loaded>
    }
}

/// The staff desk's policy notes: publish one for a city the caller serves, edit or withdraw theirs.
/// Shown only to those who publish (city and province staff, admins).
#[component]
pub fn StaffPolicyNotesSection() -> impl IntoView {
    let s = use_station_texts();
    let publish = ServerAction::<PublishPolicyNote>::new();
    let revise = ServerAction::<RevisePolicyNote>::new();
    let withdraw = ServerAction::<WithdrawPolicyNote>::new();
    let desk = page_resource(|| (), |_| policy_notes_for_staff());
    view! {
        <Loaded data=desk let:desk>
            {(!desk.cities.is_empty()).then(|| view! {
                <section class="account-section staff-policy" id="policy-notes">
                    <h2>{move || s().staff_policy_heading}</h2>
                    {move || publish.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
                    {move || revise.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
                    {move || withdraw.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
                    <details class="shift-action new-policy-note">
                        <summary class="button">{move || s().new_note}</summary>
                        <form method="post" action=PublishPolicyNote::url() class="account-form">
                            <CsrfField/>
                            <div class="field">
                                <label for="policy-city">{move || s().city_label}</label>
                                <select id="policy-city" name="city_adcode">
                                    {desk.cities.iter().map(|c| view! { <option value=c.adcode>{c.name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <NoteFields prefix="policy-new" topic=PolicyTopic::Subsidy title=String::new() body=String::new()/>
                            <button type="submit" class="primary">{move || s().publish}</button>
                        </form>
                    </details>
                    {if desk.notes.is_empty() {
                        view! { <p class="empty">{move || s().no_notes}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="review-list">
                                {desk.notes.into_iter().map(|note| view! { <StaffNote note/> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                </section>
            })}
        </Loaded>
    }
}

#[component]
fn StaffNote(note: StaffPolicyNote) -> impl IntoView {
    let s = use_station_texts();
    let id = note.id;
    let prefix = format!("policy-{id}");
    let updated = note.updated_at.clone();
    view! {
        <li class="review-item policy-note-item" data-note=id>
            <p>
                <strong>{note.title.clone()}</strong>
                {note.withdrawn.then(|| view! { " "<span class="badge">{move || s().withdrawn}</span> })}
            </p>
            <p class="muted">
                {note.city_name.clone()}" · "{move || s().topic(note.topic)}" · "
                {move || (s().updated)(&updated)}
            </p>
            {(!note.withdrawn).then(|| view! {
                <details class="shift-action">
                    <summary class="button">{move || s().revise}</summary>
                    <form method="post" action=RevisePolicyNote::url() class="account-form">
                        <CsrfField/>
                        <input type="hidden" name="id" value=id/>
                        <NoteFields prefix=prefix.clone() topic=note.topic title=note.title.clone() body=note.body.clone()/>
                        <button type="submit" class="primary">{move || s().save_revision}</button>
                    </form>
                </details>
                <details class="shift-action">
                    <summary class="button button-secondary">{move || s().withdraw}</summary>
                    <form method="post" action=WithdrawPolicyNote::url()>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id/>
                        <p>{move || s().withdraw_confirm}</p>
                        <button type="submit" class="danger">{move || s().withdraw}</button>
                    </form>
                </details>
            })}
        </li>
    }
}

/// A note's topic, title and body, for publishing and for revising.
#[component]
fn NoteFields(
    #[prop(into)] prefix: String,
    topic: PolicyTopic,
    title: String,
    body: String,
) -> impl IntoView {
    let s = use_station_texts();
    let id = move |field: &str| format!("{prefix}-{field}");
    view! {
        <div class="field">
            <label for=id("topic")>{move || s().topic_label}</label>
            <select id=id("topic") name="topic">
                {PolicyTopic::ALL.into_iter().map(|option| view! {
                    <option value=option.code() selected=option == topic>{move || s().topic(option)}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=id("title")>{move || s().title_label}</label>
            <input id=id("title") name="title" type="text" minlength="2" maxlength=POLICY_TITLE_MAX_CHARS value=title required/>
        </div>
        <div class="field">
            <label for=id("body")>{move || s().body_label}</label>
            <textarea id=id("body") name="body" rows="10" minlength="2" maxlength=POLICY_BODY_MAX_CHARS required
                aria-describedby=id("body-hint")>{body}</textarea>
            <small id=id("body-hint") class="muted">{move || s().body_hint}</small>
        </div>
    }
}

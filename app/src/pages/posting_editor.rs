//! The posting editor (发布岗位): a new posting, or an edit of one of the organisation's own. The
//! editor is an island of its own, fetched only when an employer opens it; the server checks the form
//! again whatever the browser says (`api::employer::save_posting`).

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::employer::{posting_for_edit, SavePosting};
use crate::api::markets::list_markets;
use crate::api::places::list_cities;
use crate::api::trades::list_trades;
use crate::components::feedback::{failed_field, focus_first_invalid, Failure, FieldError, Loaded};
use crate::components::gig_map::LocationPicker;
use crate::components::page_title::PageTitle;
use crate::components::place_finder::{describe, FoundPlace, PlaceFinder};
use crate::error::AppError;
use crate::i18n::{use_market_texts, use_texts};
use crate::model::{
    format_pay, City, ContactPreference, MarketSummary, PayTerms, PayUnit, Point, PostingClient,
    PostingForm, PostingStatus, PostingTag, Trade, TradeCode,
};
use crate::resource::page_resource;

/// `/employer/new`: a new posting.
#[component]
pub fn NewPostingPage() -> impl IntoView {
    let m = use_market_texts();
    view! {
        <PageTitle text=m().new_title/>
        <section class="editor-page">
            <h1>{move || m().new_title}</h1>
            <EditorLoader id=None/>
        </section>
    }
}

/// `/employer/postings/:id`: edit one of the organisation's postings.
#[component]
pub fn EditPostingPage() -> impl IntoView {
    let m = use_market_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    view! {
        <PageTitle text=m().edit_title/>
        <section class="editor-page">
            <h1>{move || m().edit_title}</h1>
            {move || match id() {
                Some(id) => view! { <EditorLoader id=Some(id)/> }.into_any(),
                None => view! { <Failure error=AppError::NotFound/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn EditorLoader(id: Option<i64>) -> impl IntoView {
    let _t = use_texts();
    let data = page_resource(
        move || id,
        |id| async move {
            let (trades, markets, cities, organisation) = futures::join!(
                list_trades(),
                list_markets(None, None),
                list_cities(),
                crate::api::profiles::my_organisation()
            );
            // A checked human-resources agency may name the client it recruits for.
            let agency = organisation
                .ok()
                .flatten()
                .is_some_and(|o| o.hr_licence_status == Some(crate::model::Verification::Verified));
            let editing = match id {
                Some(id) => Some(posting_for_edit(id).await?),
                None => None,
            };
            // Without the places the editor still works: the map and the market list remain.
            Ok::<_, AppError>((
                trades?,
                markets?,
                cities.unwrap_or_default(),
                editing,
                agency,
            ))
        },
    );
    view! {
        <Loaded data=data let:loaded>
            {match loaded {
                (trades, markets, cities, editing, agency) => {
                    let (form, status) = match editing {
                        Some(e) => (e.form, Some(e.status)),
                        None => (new_posting_form(), None),
                    };
                    // A posting that names a client keeps its fields even if the licence lapsed, so
                    // the employer sees why saving is refused.
                    let agency = agency || form.client.is_some();
                    view! { <PostingEditor id status form trades markets cities agency/> }.into_any()
                }
            }}
        </Loaded>
    }
}

/// A new posting's form: a one-day job today, the commonest kind. Only the server renders the loader
/// (the editor gets the form as a prop), so only the server's clock counts.
fn new_posting_form() -> PostingForm {
    #[cfg(feature = "ssr")]
    {
        let today = crate::calendar::today();
        PostingForm {
            start_date: Some(today),
            end_date: Some(today),
            ..PostingForm::default()
        }
    }
    #[cfg(not(feature = "ssr"))]
    PostingForm::default()
}

/// The editor's fields as they stand: what the person typed, as text, until the form is read. A
/// half-typed number is not an error until they send it.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    trade: String,
    title: String,
    description: String,
    requirements: String,
    bring: String,
    address: String,
    location: Option<Point>,
    market: String,
    pay: String,
    unit: PayUnit,
    start: String,
    end: String,
    hours: String,
    /// "HH:MM", as a time field gives it.
    start_time: String,
    pay_terms: Option<PayTerms>,
    headcount: String,
    tags: Vec<PostingTag>,
    contact: ContactPreference,
    client_name: String,
    client_credit_code: String,
}

impl Draft {
    fn of(form: &PostingForm) -> Draft {
        Draft {
            trade: form
                .trade
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            title: form.title.clone(),
            description: form.description.clone(),
            requirements: form.requirements.clone(),
            bring: form.bring.clone(),
            address: form.address.clone(),
            location: form.location,
            market: form.market.clone().unwrap_or_default(),
            pay: form.pay_cents.map(format_pay).unwrap_or_default(),
            unit: form.pay_unit,
            start: form.start_date.map(|d| d.to_string()).unwrap_or_default(),
            end: form.end_date.map(|d| d.to_string()).unwrap_or_default(),
            hours: form
                .shift_minutes
                .map(|m| (f32::from(m) / 60.0).to_string())
                .unwrap_or_default(),
            start_time: form
                .start_time
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            pay_terms: form.pay_terms,
            headcount: form.headcount.map(|h| h.to_string()).unwrap_or_default(),
            tags: form.tags.clone(),
            contact: form.contact,
            client_name: form
                .client
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            client_credit_code: form
                .client
                .as_ref()
                .map(|c| c.credit_code.clone())
                .unwrap_or_default(),
        }
    }

    /// The form as the server takes it: what does not parse is missing, and the check names it.
    fn read(&self) -> PostingForm {
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        PostingForm {
            trade: TradeCode::parse(&self.trade),
            title: self.title.clone(),
            description: self.description.clone(),
            requirements: self.requirements.clone(),
            bring: self.bring.clone(),
            address: self.address.clone(),
            location: self.location,
            market: Some(self.market.clone()).filter(|m| !m.is_empty()),
            pay_cents: self
                .pay
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|y| y.is_finite() && *y >= 0.0 && *y <= 1e7)
                .map(|y| (y * 100.0).round() as i32),
            pay_unit: self.unit,
            start_date: date(&self.start),
            end_date: date(&self.end),
            shift_minutes: self
                .hours
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|h| h.is_finite() && *h >= 0.0 && *h <= 24.0)
                .map(|h| (h * 60.0).round() as i16),
            start_time: NaiveTime::parse_from_str(self.start_time.trim(), "%H:%M").ok(),
            pay_terms: self.pay_terms,
            headcount: self.headcount.trim().parse().ok(),
            tags: self.tags.clone(),
            contact: self.contact,
            client: (!self.client_name.trim().is_empty()
                || !self.client_credit_code.trim().is_empty())
            .then(|| PostingClient {
                name: self.client_name.clone(),
                credit_code: self.client_credit_code.clone(),
            }),
        }
    }
}

/// One field of the draft as a read and a write half, for `bind:` and the pieces that take a signal.
/// The read half is a memo, so typing in one field re-renders nothing that shows another.
fn field<T>(
    draft: RwSignal<Draft>,
    get: fn(&Draft) -> &T,
    set: fn(&mut Draft) -> &mut T,
) -> (Signal<T>, SignalSetter<T>)
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    (
        Memo::new(move |_| draft.with(|d| get(d).clone())).into(),
        SignalSetter::map(move |value| draft.update(|d| *set(d) = value)),
    )
}

/// The posting editor: an island of its own, fetched only when an employer opens it.
#[island(lazy)]
fn PostingEditor(
    id: Option<i64>,
    status: Option<PostingStatus>,
    form: PostingForm,
    trades: Vec<Trade>,
    markets: Vec<MarketSummary>,
    cities: Vec<City>,
    /// The organisation is a checked human-resources agency: the client's fields are offered.
    agency: bool,
) -> impl IntoView {
    crate::prefs::provide_prefs();
    let t = use_texts();
    let m = use_market_texts();
    let id = RwSignal::new(id);
    let status = RwSignal::new(status);
    let draft = RwSignal::new(Draft::of(&form));
    let trade = field(draft, |d| &d.trade, |d| &mut d.trade);
    let title = field(draft, |d| &d.title, |d| &mut d.title);
    let description = field(draft, |d| &d.description, |d| &mut d.description);
    let requirements = field(draft, |d| &d.requirements, |d| &mut d.requirements);
    let bring = field(draft, |d| &d.bring, |d| &mut d.bring);
    let client_name = field(draft, |d| &d.client_name, |d| &mut d.client_name);
    let client_credit_code = field(
        draft,
        |d| &d.client_credit_code,
        |d| &mut d.client_credit_code,
    );
    let address = field(draft, |d| &d.address, |d| &mut d.address);
    let (location, set_location) = field(draft, |d| &d.location, |d| &mut d.location);
    let pay = field(draft, |d| &d.pay, |d| &mut d.pay);
    let start = field(draft, |d| &d.start, |d| &mut d.start);
    let end = field(draft, |d| &d.end, |d| &mut d.end);
    let hours = field(draft, |d| &d.hours, |d| &mut d.hours);
    let headcount = field(draft, |d| &d.headcount, |d| &mut d.headcount);
    let start_time = field(draft, |d| &d.start_time, |d| &mut d.start_time);
    let bad_fields = RwSignal::new(Vec::<&'static str>::new());
    let save = ServerAction::<SavePosting>::new();
    let markets = StoredValue::new(markets);
    let cities = StoredValue::new(cities);
    // A place found by name or by the phone's location: a market's brings its address (unless one was
    // typed) and is the posting's market; anything else is not through a market.
    let on_found = Callback::new(move |found: FoundPlace| {
        draft.update(|d| {
            d.location = Some(found.point);
            if let Some(address) = found.address.filter(|_| d.address.is_empty()) {
                d.address = address;
            }
            d.market = found.market.unwrap_or_default();
        });
    });
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // A field is marked when the browser's check or the server names it.
    let marked = move |field: &'static str| {
        let server = failed_field(save.value().get());
        bad_fields.with(|b| b.contains(&field))
            || server.as_deref() == Some(field)
            || (field == "location" && server.as_deref() == Some("market"))
    };
    let problem =
        move |field: &'static str| Signal::derive(move || marked(field).then(|| field.to_owned()));
    Effect::new(move |_| {
        if !bad_fields.with(Vec::is_empty) || failed_field(save.value().get()).is_some() {
            focus_first_invalid(form_ref);
        }
    });

    let submit = move |publish: bool| {
        let form = draft.with_untracked(Draft::read);
        // The browser's check names every field at once; dates against "today" are the server's call.
        match form.check(NaiveDate::MIN, false) {
            Err(fields) => {
                // The server's verdict on the last save no longer stands beside the new marks.
                save.value().set(None);
                bad_fields.set(fields);
            }
            Ok(_) => {
                bad_fields.set(Vec::new());
                save.dispatch(SavePosting {
                    id: id.get_untracked(),
                    form,
                    publish,
                });
            }
        }
    };
    // A saved new posting becomes the one being edited.
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            id.set(Some(saved.id));
            status.set(Some(saved.status));
        }
    });
    let invalid = move |field: &'static str| move || marked(field).to_string();
    let is_new_or_draft = move || matches!(status.get(), None | Some(PostingStatus::Draft));
    let leaves: Vec<(Trade, Vec<Trade>)> = trades
        .iter()
        .filter(|s| s.parent_code.is_none())
        .map(|s| {
            (
                s.clone(),
                trades
                    .iter()
                    .filter(|x| x.parent_code.as_ref() == Some(&s.code))
                    .cloned()
                    .collect(),
            )
        })
        .collect();
    let leaves_all = leaves.clone();
    let trade_filter = RwSignal::new(String::new());
    let (initial_trade, initial_market, initial_unit, initial_terms) =
        draft.with_untracked(|d| (d.trade.clone(), d.market.clone(), d.unit, d.pay_terms));

    view! {
        <form class="account-form posting-editor" novalidate node_ref=form_ref on:submit=move |ev| { ev.prevent_default(); submit(true); }>
            <div class="field">
                <label for="posting-trade-search">{move || m().trade_search_label}</label>
                <input id="posting-trade-search" type="search" autocomplete="off" enterkeyhint="done"
                    aria-controls="posting-trade"
                    on:input=move |ev| {
                        let needle = event_target_value(&ev);
                        // One trade left: it is the one meant.
                        let found = matching_trades(&leaves_all, &needle);
                        if let [only] = found.as_slice() {
                            trade.1.set(only.clone());
                        }
                        trade_filter.set(needle);
                    }
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default() }/>
                <label for="posting-trade">{move || t().trade_label}</label>
                <select id="posting-trade" aria-describedby="posting-trade-error" aria-invalid=invalid("trade") bind:value=trade>
                    <option value="" selected=initial_trade.is_empty()>"—"</option>
                    // Grouped by sector; what the search leaves out is not offered.
                    {move || {
                        let shown = matching_trades(&leaves, &trade_filter.get());
                        leaves.iter().filter(|(_, members)| members.iter().any(|tr| shown.contains(&tr.code.to_string())))
                            .map(|(sector, members)| {
                                let sector = sector.clone();
                                view! {
                                    <optgroup label=move || sector.name_in(t().lang).to_owned()>
                                        {members.iter().filter(|tr| shown.contains(&tr.code.to_string())).cloned().map(|tr| {
                                            let code = tr.code.to_string();
                                            let selected = {
                                                let code = code.clone();
                                                move || trade.0.get() == code
                                            };
                                            view! { <option value=code prop:selected=selected>{move || tr.name_in(t().lang).to_owned()}</option> }
                                        }).collect_view()}
                                    </optgroup>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <FieldError id="posting-trade-error" problem=problem("trade")/>
            </div>
            <div class="field">
                <label for="posting-title">{move || m().title_label}</label>
                <input id="posting-title" aria-describedby="posting-title-error" type="text" maxlength="60" aria-invalid=invalid("title") bind:value=title/>
                <FieldError id="posting-title-error" problem=problem("title")/>
            </div>
            <div class="field">
                <label for="posting-description">{move || m().description_label}</label>
                <textarea id="posting-description" aria-describedby="posting-description-error" rows="4" maxlength="2000" aria-invalid=invalid("description") bind:value=description></textarea>
                <FieldError id="posting-description-error" problem=problem("description")/>
            </div>
            <div class="field">
                <label for="posting-requirements">{move || m().requirements_label}</label>
                <textarea id="posting-requirements" aria-describedby="posting-requirements-error" rows="2" maxlength="1000" aria-invalid=invalid("requirements") bind:value=requirements></textarea>
                <FieldError id="posting-requirements-error" problem=problem("requirements")/>
            </div>
            <div class="field">
                <label for="posting-bring">{move || m().bring_label}</label>
                <input id="posting-bring" type="text" aria-describedby="posting-bring-error" maxlength="200" aria-invalid=invalid("bring") placeholder=move || m().bring_placeholder bind:value=bring/>
                <FieldError id="posting-bring-error" problem=problem("bring")/>
            </div>
            {agency.then(|| {
                let ag = crate::i18n::use_agency_texts();
                view! {
                    <fieldset class="field client-fields">
                        <legend>{move || ag().client_section}</legend>
                        <p class="note">{move || ag().client_hint}</p>
                        <div class="field">
                            <label for="posting-client-name">{move || ag().client_name_label}</label>
                            <input id="posting-client-name" type="text" maxlength="100" aria-describedby="posting-client-name-error"
                                aria-invalid=invalid("client_name") bind:value=client_name/>
                            <FieldError id="posting-client-name-error" problem=problem("client_name")/>
                        </div>
                        <div class="field">
                            <label for="posting-client-code">{move || ag().client_code_label}</label>
                            <input id="posting-client-code" type="text" maxlength="18" autocapitalize="characters"
                                aria-describedby="posting-client-code-error" aria-invalid=invalid("client_credit_code")
                                bind:value=client_credit_code/>
                            <FieldError id="posting-client-code-error" problem=problem("client_credit_code")/>
                        </div>
                    </fieldset>
                }
            })}
            <fieldset class="field">
                <legend>{move || m().location_label}</legend>
                <p class="note">{move || m().location_hint}</p>
                <PlaceFinder markets cities on_found/>
                <LocationPicker location set_location label=title.0/>
                <p class="location-chosen" role="status">
                    {move || match location.get() {
                        Some(p) => {
                            let words = markets.with_value(|ms| cities.with_value(|cs| describe(p, ms, cs)));
                            match words {
                                Some((district, market)) => view! {
                                    <strong>{(m().location_near)(&district, market.as_ref().map(|(n, metres)| (n.as_str(), *metres)))}</strong>
                                    <br/>
                                    <span class="muted small">{(m().location_chosen)(p.lng, p.lat)}</span>
                                }.into_any(),
                                None => view! { {(m().location_chosen)(p.lng, p.lat)} }.into_any(),
                            }
                        }
                        None => view! { {m().location_none} }.into_any(),
                    }}
                </p>
                <label for="posting-market">{move || m().market_label}</label>
                <select id="posting-market" aria-invalid=invalid("location") aria-describedby="posting-location-error"
                    prop:value=move || draft.with(|d| d.market.clone())
                    on:change=move |ev| {
                        let slug = event_target_value(&ev);
                        let chosen = markets.with_value(|ms| ms.iter().find(|x| x.slug == slug).cloned());
                        // A market's place and address are the posting's, unless an address was typed.
                        draft.update(|d| {
                            if let Some(chosen) = chosen {
                                d.location = Some(chosen.location);
                                if d.address.is_empty() {
                                    d.address = chosen.address;
                                }
                            }
                            d.market = slug;
                        });
                    }>
                    <option value="" selected=initial_market.is_empty()>{move || m().no_market}</option>
                    {markets.with_value(|ms| ms.iter().map(|x| view! {
                        <option value=x.slug.clone() selected=initial_market == x.slug>{x.name.clone()}</option>
                    }).collect_view())}
                </select>
                <FieldError id="posting-location-error" problem=problem("location")/>
            </fieldset>
            <div class="field">
                <label for="posting-address">{move || m().work_address_label}</label>
                <input id="posting-address" aria-describedby="posting-address-error" type="text" maxlength="200" aria-invalid=invalid("work_address") bind:value=address/>
                <FieldError id="posting-address-error" problem=problem("work_address")/>
            </div>
            <div class="field">
                <label for="posting-pay">{move || m().pay_label}</label>
                <div class="pay-row">
                    <input id="posting-pay" aria-describedby="posting-pay-error" type="number" inputmode="decimal" min="1" max="100000" step="0.5" aria-invalid=invalid("wage") bind:value=pay/>
                    <select aria-label=move || t().pay_unit_label
                        on:change=move |ev| if let Some(u) = PayUnit::parse(&event_target_value(&ev)) { draft.update(|d| d.unit = u) }>
                        {PayUnit::ALL.into_iter().map(|u| view! {
                            <option value=u.as_str() selected=initial_unit == u>{move || t().unit_name(u)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <FieldError id="posting-pay-error" problem=problem("wage")/>
            </div>
            <div class="filter-row">
                <div class="field">
                    <label for="posting-start">{move || m().start_label}</label>
                    <input id="posting-start" aria-describedby="posting-start-error" type="date" aria-invalid=invalid("start_date") bind:value=start/>
                <FieldError id="posting-start-error" problem=problem("start_date")/>
                </div>
                <div class="field">
                    <label for="posting-end">{move || m().end_label}</label>
                    <input id="posting-end" aria-describedby="posting-end-error" type="date" aria-invalid=invalid("end_date") bind:value=end/>
                <FieldError id="posting-end-error" problem=problem("end_date")/>
                </div>
            </div>
            <div class="filter-row">
                <div class="field">
                    <label for="posting-hours">{move || m().shift_label}</label>
                    <input id="posting-hours" aria-describedby="posting-hours-error" type="number" inputmode="decimal" min="0.5" max="24" step="0.5" aria-invalid=invalid("shift") bind:value=hours/>
                <FieldError id="posting-hours-error" problem=problem("shift")/>
                </div>
                <div class="field">
                    <label for="posting-headcount">{move || m().headcount_label}</label>
                    <input id="posting-headcount" aria-describedby="posting-headcount-error" type="number" inputmode="numeric" min="1" max="999" aria-invalid=invalid("headcount") bind:value=headcount/>
                <FieldError id="posting-headcount-error" problem=problem("headcount")/>
                </div>
            </div>
            <div class="filter-row">
                <div class="field">
                    <label for="posting-start-time">{move || m().start_time_label}</label>
                    <input id="posting-start-time" aria-describedby="posting-start-time-error" type="time" step="300" aria-invalid=invalid("start_time") bind:value=start_time/>
                <FieldError id="posting-start-time-error" problem=problem("start_time")/>
                </div>
                <div class="field">
                    <label for="posting-pay-terms">{move || m().pay_terms_label}</label>
                    <select id="posting-pay-terms" aria-describedby="posting-pay-terms-error" aria-invalid=invalid("pay_terms")
                        on:change=move |ev| draft.update(|d| d.pay_terms = PayTerms::parse(&event_target_value(&ev)))>
                        <option value="" selected=initial_terms.is_none()>{move || m().choose_pay_terms}</option>
                        {PayTerms::ALL.into_iter().map(|terms| view! {
                            <option value=terms.as_str() selected=initial_terms == Some(terms)>{move || t().pay_terms(terms)}</option>
                        }).collect_view()}
                    </select>
                <FieldError id="posting-pay-terms-error" problem=problem("pay_terms")/>
                </div>
            </div>
            <fieldset class="field tags">
                <legend>{move || m().groups_label}</legend>
                {PostingTag::ALL.into_iter().map(|tag| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || draft.with(|d| d.tags.contains(&tag))
                            on:change=move |_| draft.update(|d| {
                                if let Some(i) = d.tags.iter().position(|x| *x == tag) { d.tags.remove(i); } else { d.tags.push(tag); }
                            })/>
                        {move || t().posting_tag(tag)}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="field">
                <legend>{move || m().contact_label}</legend>
                {ContactPreference::ALL.into_iter().map(|c| view! {
                    <label class="check">
                        <input type="radio" name="contact" prop:checked=move || draft.with(|d| d.contact == c) on:change=move |_| draft.update(|d| d.contact = c)/>
                        {move || match c {
                            ContactPreference::Platform => m().contact_platform,
                            ContactPreference::Phone => m().contact_phone,
                            ContactPreference::Calls => m().contact_calls,
                        }}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || {
                let bad = bad_fields.with(Vec::len);
                (bad > 0).then(|| view! { <p class="error" role="alert">{(m().check_marked)(bad)}</p> })
            }}
            {move || match save.value().get() {
                Some(Ok(saved)) => view! {
                    <div class="notice" role="status">
                        <p>{match saved.status {
                            PostingStatus::Draft => m().saved_draft,
                            _ if saved.similar.is_empty() && status.get_untracked() != Some(PostingStatus::Open) => m().saved_published,
                            _ => m().saved_changes,
                        }}</p>
                        {(!saved.similar.is_empty()).then(|| {
                            let similar = saved.similar.clone();
                            view! {
                                <p class="warning">{m().similar_warning}</p>
                                <ul>{similar.into_iter().map(|s| view! {
                                    <li><a href=format!("/postings/{}", s.id)>{s.title}</a>" · "{(t().date_range)(s.start_date, s.end_date)}</li>
                                }).collect_view()}</ul>
                            }
                        })}
                        {(saved.status != PostingStatus::Draft).then(|| view! {
                            <p><a href=format!("/postings/{}", saved.id)>{m().view_posting}</a></p>
                        })}
                    </div>
                }
                .into_any(),
                // A field the server named is marked at the field; anything else is said here.
                Some(Err(e)) if failed_field(Some(Err::<(), _>(e.clone()))).is_some() => {
                    view! { <p class="error" role="alert">{(m().check_marked)(1)}</p> }.into_any()
                }
                Some(Err(e)) => view! { <Failure error=e/> }.into_any(),
                None => ().into_any(),
            }}
            <div class="actions">
                <Show when=is_new_or_draft fallback=move || view! {
                    <button type="submit" class="primary" disabled=move || save.pending().get()>{move || m().save_changes}</button>
                }>
                    <button type="button" disabled=move || save.pending().get() on:click=move |_| submit(false)>{move || m().save_draft}</button>
                    <button type="submit" class="primary" disabled=move || save.pending().get()>{move || m().save_publish}</button>
                </Show>
                <a href="/employer" class="button button-quiet">{move || m().employer_title}</a>
            </div>
        </form>
    }
}

/// The codes of the trades whose name, or whose sector's name, holds `needle` (Chinese or English, any
/// case); every trade when it is blank.
fn matching_trades(sectors: &[(Trade, Vec<Trade>)], needle: &str) -> Vec<String> {
    let needle = needle.trim().to_lowercase();
    let hit = |trade: &Trade| {
        trade.name.contains(&needle) || trade.name_en.to_lowercase().contains(&needle)
    };
    sectors
        .iter()
        .flat_map(|(sector, members)| {
            let whole_sector = needle.is_empty() || hit(sector);
            members
                .iter()
                .filter(move |trade| whole_sector || hit(trade))
                .map(|trade| trade.code.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trade(code: &str, parent: Option<&str>, name: &str, name_en: &str) -> Trade {
        Trade {
            code: TradeCode::parse(code).expect("code"),
            parent_code: parent.map(|p| TradeCode::parse(p).expect("parent")),
            name: name.into(),
            name_en: name_en.into(),
        }
    }

    #[test]
    fn the_trade_search_finds_trades_and_whole_sectors() {
        let sectors = vec![
            (
                trade("catering", None, "餐饮服务", "Catering"),
                vec![
                    trade("kitchen_helper", Some("catering"), "帮厨", "Kitchen helper"),
                    trade("waiter", Some("catering"), "服务员", "Waiter / waitress"),
                ],
            ),
            (
                trade("household", None, "家政服务", "Household services"),
                vec![trade("cleaner", Some("household"), "保洁", "Cleaner")],
            ),
        ];
        assert_eq!(matching_trades(&sectors, "").len(), 3);
        assert_eq!(matching_trades(&sectors, " 保洁 "), vec!["cleaner"]);
        assert_eq!(matching_trades(&sectors, "WAIT"), vec!["waiter"]);
        assert_eq!(
            matching_trades(&sectors, "餐饮"),
            vec!["kitchen_helper", "waiter"]
        );
        assert!(matching_trades(&sectors, "焊工").is_empty());
    }
}

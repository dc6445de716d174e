//! Employers' pages (招工管理): the list of their postings, the posting editor, and each posting's
//! applicants. Built for a phone first; on a desktop the same pages simply get wider.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::employer::{
    my_postings, posting_applicants, posting_for_edit, DecideApplicant, RepostPosting, SavePosting,
    SetPostingStatus,
};
use crate::api::markets::list_markets;
use crate::api::trades::list_trades;
use crate::components::gig_map::LocationPicker;
use crate::components::live::LIVE_REGION;
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_market_texts, use_texts, Lang};
use crate::model::{
    format_pay, Applicant, ApplicantList, ApplicationStatus, ContactPreference, Decision,
    ManagedPosting, MarketSummary, PayUnit, PostingForm, PostingStatus, PostingTag, Trade,
    TradeCode,
};
use crate::pages::account::SignInFirst;
use crate::resource::page_resource;

/// `/employer`: the organisation's postings with what can be done to each.
#[component]
pub fn EmployerPage() -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    // Only an error comes back as an action's value (from the address the framework redirects to).
    let set_status = ServerAction::<SetPostingStatus>::new();
    let repost = ServerAction::<RepostPosting>::new();
    let postings = page_resource(|| (), |_| my_postings());
    view! {
        <PageTitle text=m().employer_title/>
        <section class="employer-page">
            <h1>{move || m().employer_title}</h1>
            <p class="note">{move || m().employer_intro}</p>
            <p><A href="/employer/new" attr:class="button primary">{move || m().new_posting}</A></p>
            <ActionError value=Signal::derive(move || set_status.value().get().and_then(Result::err))/>
            <ActionError value=Signal::derive(move || repost.value().get().and_then(Result::err))/>
            <div id=LIVE_REGION>
                <Transition fallback=move || view! { <p class="loading">{t().loading}</p> }>
                    {move || Suspend::new(async move {
                        match postings.await {
                            Ok(list) if list.is_empty() => view! { <p class="empty">{move || m().no_postings}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="managed-list">
                                    {list.into_iter().map(|p| view! { <ManagedRow posting=p/> }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                            Err(AppError::Forbidden) => view! {
                                <p>{move || m().need_organisation}</p>
                                <A href="/me" attr:class="button">{move || crate::i18n::use_account_texts()().nav_my_account}</A>
                            }
                            .into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.message(t())}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn ActionError(value: Signal<Option<AppError>>) -> impl IntoView {
    let t = use_texts();
    move || {
        value
            .get()
            .map(|e| view! { <p class="error" role="alert">{e.message(t())}</p> })
    }
}

#[component]
fn ManagedRow(posting: ManagedPosting) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let id = posting.id;
    let status = posting.status;
    let live = !posting.expired && matches!(status, PostingStatus::Open | PostingStatus::Filled);
    let pending = posting.pending_applicants;
    let (filled, headcount) = (posting.filled, posting.headcount);
    view! {
        <li class="managed-posting">
            <div class="managed-head">
                <h2><A href=format!("/employer/postings/{id}")>{posting.title.clone()}</A></h2>
                <span class=format!("badge status-{}", status.as_str())>
                    {move || if posting.expired && status != PostingStatus::Closed { m().expired } else { m().posting_status(status) }}
                </span>
            </div>
            <p class="muted">
                {posting.trade_name.clone()}" · "{format_pay(posting.pay_cents)}" "{move || t().pay_unit(posting.pay_unit)}
                " · "{move || (t().date_range)(posting.start_date, posting.end_date)}
            </p>
            <p>{move || (m().filled_of)(filled, headcount)}</p>
            // A form whose buttons each post their own status; the server then sends the browser back to
            // this list (a repost, to the new posting's editor).
            <form class="actions" method="post" action=SetPostingStatus::url()>
                <CsrfField/>
                <input type="hidden" name="id" value=id/>
                <A href=format!("/employer/postings/{id}/applicants") attr:class="button">{move || (m().applicants_link)(pending)}</A>
                {(status != PostingStatus::Closed).then(|| view! {
                    <A href=format!("/employer/postings/{id}") attr:class="button button-quiet">{move || m().edit}</A>
                })}
                {(status == PostingStatus::Draft).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Open.as_str() class="primary">{move || m().publish}</button>
                })}
                {(live && status == PostingStatus::Open).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Paused.as_str()>{move || m().pause}</button>
                })}
                {(status == PostingStatus::Paused && !posting.expired).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Open.as_str()>{move || m().resume}</button>
                })}
                {status.may_become(PostingStatus::Closed).then(|| view! {
                    <button type="submit" name="status" value=PostingStatus::Closed.as_str() class="danger">{move || m().close}</button>
                })}
                <button type="submit" formaction=RepostPosting::url() class="button-quiet">
                    {move || m().repost}
                </button>
            </form>
        </li>
    }
}

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
                None => view! { <p class="error" role="alert">{move || use_texts()().error_not_found}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn EditorLoader(id: Option<i64>) -> impl IntoView {
    let t = use_texts();
    let data = page_resource(
        move || id,
        |id| async move {
            let (trades, markets) = futures::join!(list_trades(), list_markets(None));
            let editing = match id {
                Some(id) => Some(posting_for_edit(id).await?),
                None => None,
            };
            Ok::<_, AppError>((trades?, markets?, editing))
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((trades, markets, editing)) => {
                        let (form, status) = match editing {
                            Some(e) => (e.form, Some(e.status)),
                            None => (PostingForm::default(), None),
                        };
                        view! { <PostingEditor id status form trades markets/> }.into_any()
                    }
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message(t())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn trade_name(trade: &Trade, lang: Lang) -> String {
    match lang {
        Lang::Zh => trade.name.clone(),
        Lang::En => trade.name_en.clone(),
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The posting editor: an island of its own, fetched only when an employer opens it.
#[island(lazy)]
fn PostingEditor(
    id: Option<i64>,
    status: Option<PostingStatus>,
    form: PostingForm,
    trades: Vec<Trade>,
    markets: Vec<MarketSummary>,
) -> impl IntoView {
    crate::prefs::provide_prefs();
    let t = use_texts();
    let m = use_market_texts();
    let id = RwSignal::new(id);
    let status = RwSignal::new(status);
    let trade = RwSignal::new(
        form.trade
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let title = RwSignal::new(form.title.clone());
    let description = RwSignal::new(form.description.clone());
    let requirements = RwSignal::new(form.requirements.clone());
    let address = RwSignal::new(form.address.clone());
    let location = RwSignal::new(form.location);
    let market = RwSignal::new(form.market.clone().unwrap_or_default());
    let pay = RwSignal::new(form.pay_cents.map(format_pay).unwrap_or_default());
    let unit = RwSignal::new(form.pay_unit);
    let start = RwSignal::new(form.start_date.map(|d| d.to_string()).unwrap_or_default());
    let end = RwSignal::new(form.end_date.map(|d| d.to_string()).unwrap_or_default());
    let hours = RwSignal::new(
        form.shift_minutes
            .map(|m| (f32::from(m) / 60.0).to_string())
            .unwrap_or_default(),
    );
    let headcount = RwSignal::new(form.headcount.map(|h| h.to_string()).unwrap_or_default());
    let tags = RwSignal::new(form.tags.clone());
    let contact = RwSignal::new(form.contact);
    let bad_fields = RwSignal::new(Vec::<&'static str>::new());
    let save = ServerAction::<SavePosting>::new();
    let markets = StoredValue::new(markets);

    let read_form = move || PostingForm {
        trade: TradeCode::parse(&trade.get_untracked()),
        title: title.get_untracked(),
        description: description.get_untracked(),
        requirements: requirements.get_untracked(),
        address: address.get_untracked(),
        location: location.get_untracked(),
        market: Some(market.get_untracked()).filter(|m| !m.is_empty()),
        pay_cents: pay
            .get_untracked()
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|y| y.is_finite() && *y >= 0.0 && *y <= 1e7)
            .map(|y| (y * 100.0).round() as i32),
        pay_unit: unit.get_untracked(),
        start_date: parse_date(&start.get_untracked()),
        end_date: parse_date(&end.get_untracked()),
        shift_minutes: hours
            .get_untracked()
            .trim()
            .parse::<f32>()
            .ok()
            .filter(|h| h.is_finite() && *h >= 0.0 && *h <= 24.0)
            .map(|h| (h * 60.0).round() as i16),
        headcount: headcount.get_untracked().trim().parse().ok(),
        tags: tags.get_untracked(),
        contact: contact.get_untracked(),
    };
    let submit = move |publish: bool| {
        let form = read_form();
        // The browser's check names every field at once; dates against "today" are the server's call.
        match form.check(NaiveDate::MIN, false) {
            Err(fields) => bad_fields.set(fields),
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
    let invalid =
        move |field: &'static str| move || bad_fields.with(|b| b.contains(&field)).to_string();
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
    let initial_trade = trade.get_untracked();
    let initial_market = market.get_untracked();

    view! {
        <form class="account-form posting-editor" novalidate on:submit=move |ev| { ev.prevent_default(); submit(true); }>
            <div class="field">
                <label for="posting-trade">{move || t().trade_label}</label>
                <select id="posting-trade" aria-invalid=invalid("trade") bind:value=trade>
                    <option value="" selected=initial_trade.is_empty()>"—"</option>
                    {leaves.into_iter().map(|(sector, members)| view! {
                        <optgroup label=move || trade_name(&sector, t().lang)>
                            {members.into_iter().map(|tr| {
                                let code = tr.code.to_string();
                                view! { <option value=code.clone() selected=initial_trade == code>{move || trade_name(&tr, t().lang)}</option> }
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="posting-title">{move || m().title_label}</label>
                <input id="posting-title" type="text" maxlength="60" aria-invalid=invalid("title") bind:value=title/>
            </div>
            <div class="field">
                <label for="posting-description">{move || m().description_label}</label>
                <textarea id="posting-description" rows="4" maxlength="2000" aria-invalid=invalid("description") bind:value=description></textarea>
            </div>
            <div class="field">
                <label for="posting-requirements">{move || m().requirements_label}</label>
                <textarea id="posting-requirements" rows="2" maxlength="1000" aria-invalid=invalid("requirements") bind:value=requirements></textarea>
            </div>
            <fieldset class="field">
                <legend>{move || m().location_label}</legend>
                <p class="note">{move || m().location_hint}</p>
                <LocationPicker location label=Signal::derive(move || title.get())/>
                <p class="location-chosen" role="status" aria-invalid=invalid("location")>
                    {move || match location.get() {
                        Some(p) => (m().location_chosen)(p.lng, p.lat),
                        None => m().location_none.to_owned(),
                    }}
                </p>
                <label for="posting-market">{move || m().market_label}</label>
                <select id="posting-market"
                    on:change=move |ev| {
                        let slug = event_target_value(&ev);
                        if let Some(chosen) = markets.with_value(|ms| ms.iter().find(|x| x.slug == slug).cloned()) {
                            location.set(Some(chosen.location));
                            if address.with_untracked(String::is_empty) {
                                address.set(chosen.address.clone());
                            }
                        }
                        market.set(slug);
                    }>
                    <option value="" selected=initial_market.is_empty()>{move || m().no_market}</option>
                    {markets.with_value(|ms| ms.iter().map(|x| view! {
                        <option value=x.slug.clone() selected=initial_market == x.slug>{x.name.clone()}</option>
                    }).collect_view())}
                </select>
            </fieldset>
            <div class="field">
                <label for="posting-address">{move || m().work_address_label}</label>
                <input id="posting-address" type="text" maxlength="200" aria-invalid=invalid("work_address") bind:value=address/>
            </div>
            <div class="field">
                <label for="posting-pay">{move || m().pay_label}</label>
                <div class="pay-row">
                    <input id="posting-pay" type="number" inputmode="decimal" min="1" max="100000" step="0.5" aria-invalid=invalid("wage") bind:value=pay/>
                    <select aria-label=move || t().pay_unit_label
                        on:change=move |ev| if let Some(u) = PayUnit::parse(&event_target_value(&ev)) { unit.set(u) }>
                        {PayUnit::ALL.into_iter().map(|u| view! {
                            <option value=u.as_str() selected=unit.get_untracked() == u>{move || t().unit_name(u)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="filter-row">
                <div class="field">
                    <label for="posting-start">{move || m().start_label}</label>
                    <input id="posting-start" type="date" aria-invalid=invalid("start_date") bind:value=start/>
                </div>
                <div class="field">
                    <label for="posting-end">{move || m().end_label}</label>
                    <input id="posting-end" type="date" aria-invalid=invalid("end_date") bind:value=end/>
                </div>
            </div>
            <div class="filter-row">
                <div class="field">
                    <label for="posting-hours">{move || m().shift_label}</label>
                    <input id="posting-hours" type="number" inputmode="decimal" min="0.5" max="24" step="0.5" aria-invalid=invalid("shift") bind:value=hours/>
                </div>
                <div class="field">
                    <label for="posting-headcount">{move || m().headcount_label}</label>
                    <input id="posting-headcount" type="number" inputmode="numeric" min="1" max="999" aria-invalid=invalid("headcount") bind:value=headcount/>
                </div>
            </div>
            <fieldset class="field tags">
                <legend>{move || m().groups_label}</legend>
                {PostingTag::ALL.into_iter().map(|tag| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || tags.with(|s| s.contains(&tag))
                            on:change=move |_| tags.update(|s| {
                                if let Some(i) = s.iter().position(|x| *x == tag) { s.remove(i); } else { s.push(tag); }
                            })/>
                        {move || t().posting_tag(tag)}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="field">
                <legend>{move || m().contact_label}</legend>
                {[ContactPreference::Platform, ContactPreference::Phone].into_iter().map(|c| view! {
                    <label class="check">
                        <input type="radio" name="contact" prop:checked=move || contact.get() == c on:change=move |_| contact.set(c)/>
                        {move || match c { ContactPreference::Platform => m().contact_platform, ContactPreference::Phone => m().contact_phone }}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || {
                let bad = bad_fields.get();
                (!bad.is_empty()).then(|| {
                    let names: Vec<&str> = bad.iter().map(|f| t().field_name(f)).collect();
                    view! { <p class="error" role="alert">{m().check_fields}{names.join("、")}</p> }
                })
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
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message(t())}</p> }.into_any(),
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

/// `/employer/postings/:id/applicants`: who applied, and the decisions. Live: a new applicant appears
/// without reloading.
#[component]
pub fn ApplicantsPage() -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    // Only an error comes back as the action's value (from the address the framework redirects to).
    let decide = ServerAction::<DecideApplicant>::new();
    let list = page_resource(id, |id| async move {
        match id {
            Some(id) => posting_applicants(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=m().applicants_title/>
        <section class="applicants-page">
            <ActionError value=Signal::derive(move || decide.value().get().and_then(Result::err))/>
            <div id=LIVE_REGION>
                <Transition fallback=move || view! { <p class="loading">{t().loading}</p> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(list) => view! { <ApplicantListView list/> }.into_any(),
                            Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.message(t())}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn ApplicantListView(list: ApplicantList) -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let (filled, headcount) = (list.filled, list.headcount);
    let status = list.status;
    view! {
        <h1>{m().applicants_title}" · "{list.title.clone()}</h1>
        <p>
            <span class=format!("badge status-{}", status.as_str())>{move || m().posting_status(status)}</span>" "
            {move || (m().filled_of)(filled, headcount)}
        </p>
        <p><A href=format!("/employer/postings/{}", list.posting_id)>{move || m().edit}</A>" · "
           <A href=format!("/postings/{}", list.posting_id)>{move || m().view_posting}</A></p>
        {if list.applicants.is_empty() {
            view! { <p class="empty">{move || m().no_applicants}</p> }.into_any()
        } else {
            view! {
                <ul class="applicant-list">
                    {list.applicants.into_iter().map(|a| view! { <ApplicantCard applicant=a/> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <p class="muted small">{move || t().rights_body}</p>
    }
}

#[component]
fn ApplicantCard(applicant: Applicant) -> impl IntoView {
    let m = use_market_texts();
    let id = applicant.application_id;
    let status = applicant.status;
    let reason_id = format!("reason-{id}");
    let name = if applicant.name.is_empty() {
        "—".to_owned()
    } else {
        applicant.name.clone()
    };
    view! {
        <li class="applicant" data-status=status.as_str()>
            <div class="managed-head">
                <h2>{name}</h2>
                <span class=format!("badge application-{}", status.as_str())>{move || m().application_status(status)}</span>
            </div>
            <p>
                {applicant.age.map(|a| view! { {move || (m().age)(a)}" · " })}
                {applicant.trade_match.then(|| view! { <span class="badge badge-verified">{move || m().trade_match}</span>" " })}
                {applicant.home_area.clone()}
                {applicant.distance_m.map(|d| view! { " · "{move || (m().from_home)(d)} })}
            </p>
            <p class="muted">{move || (m().history)(applicant.attended, applicant.no_shows)}</p>
            <p>
                {if applicant.phone_revealed {
                    let href = format!("tel:{}", applicant.phone);
                    view! { <a class="button" href=href>{applicant.phone.clone()}</a> }.into_any()
                } else {
                    view! { <span>{applicant.phone.clone()}</span>" "<span class="muted small">{move || m().phone_after_accept}</span> }.into_any()
                }}
            </p>
            {(!applicant.message.is_empty()).then(|| view! { <p class="prose">"“"{applicant.message.clone()}"”"</p> })}
            {applicant.reason.clone().map(|r| view! { <p class="muted">{r}</p> })}
            // Each button posts its own decision; the server sends the browser back to this list.
            <form method="post" action=DecideApplicant::url()>
                <CsrfField/>
                <input type="hidden" name="application_id" value=id/>
                <div class="actions">
                    {(status == ApplicationStatus::Pending).then(|| view! {
                        <button type="submit" name="decision" value=Decision::Accept.as_str() class="primary">{move || m().accept}</button>
                    })}
                    {matches!(status, ApplicationStatus::Accepted).then(|| view! {
                        <button type="submit" name="decision" value=Decision::Attended.as_str()>{move || m().attended}</button>
                        <button type="submit" name="decision" value=Decision::NoShow.as_str()>{move || m().no_show}</button>
                    })}
                </div>
                {status.may_become(ApplicationStatus::Rejected).then(|| view! {
                    <div class="field reject-row">
                        <label for=reason_id.clone()>{move || m().reason_optional}</label>
                        <input id=reason_id.clone() name="reason" type="text" maxlength="200"/>
                        <button type="submit" name="decision" value=Decision::Reject.as_str() class="danger">{move || m().reject}</button>
                    </div>
                })}
            </form>
        </li>
    }
}

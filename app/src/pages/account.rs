//! The person's own page (我的): a worker's profile and data rights, an employer's organisation, the
//! optional password, and signing out.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::accounts::{SetPassword, SignOut};
use crate::api::places::list_cities;
use crate::api::profiles::{
    my_organisation, my_worker_profile, DeleteMyAccount, SaveOrganisation, SaveWorkerProfile,
};
use crate::api::trades::list_trades;
use crate::components::feedback::{
    failed_field, feedback, focus_first_invalid, FieldError, Loaded, SignInFirst,
};
use crate::components::page_title::PageTitle;
use crate::components::place_picker::PlacePicker;
use crate::components::trade_select::TradeChecklist;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_account_texts, use_market_texts, use_texts};
use crate::model::{
    Availability, City, OrganisationForm, PayUnit, Role, SessionUser, Trade, Verification,
    WorkerProfile, WorkerTag,
};
use crate::resource::{page_resource, UserResource};

#[component]
pub fn AccountPage() -> impl IntoView {
    let _t = use_texts();
    let a = use_account_texts();
    let user = expect_context::<UserResource>();
    view! {
        <PageTitle text=a().my_account_title/>
        <section class="account-page">
            <h1>{move || a().my_account_title}</h1>
            <Loaded data=user let:loaded>
                {match loaded {
                    Some(user) => view! { <AccountSections user/> }.into_any(),
                    None => view! { <SignInFirst/> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn AccountSections(user: SessionUser) -> impl IntoView {
    let a = use_account_texts();
    let role = user.role;
    let phone = user.phone_masked.clone();
    view! {
        <p class="signed-in-as">{move || (a().signed_in_as)(a().role_name(role), &phone)}</p>
        {match role {
            Role::Worker => view! {
                <nav class="shortcuts" aria-label=move || use_market_texts()().links_heading>
                    <A href="/me/applications" attr:class="button">{move || use_market_texts()().my_applications_title}</A>
                    <A href=crate::api::favourites::KEPT_PAGE attr:class="button">{move || use_market_texts()().kept_title}</A>
                    <A href="/for-you" attr:class="button">{move || use_market_texts()().for_you_title}</A>
                    <A href="/messages" attr:class="button">{move || use_market_texts()().messages_title}</A>
                    <A href="/me/help" attr:class="button">{move || crate::i18n::use_help_texts()().my_title}</A>
                </nav>
                <WorkerProfileSection/>
                <crate::pages::talent::FindableSection/>
                <ShiftTextsSection/>
                <MyDataSection/>
            }
            .into_any(),
            Role::Employer => view! {
                <nav class="shortcuts" aria-label=move || use_market_texts()().links_heading>
                    <A href="/employer" attr:class="button primary">{move || use_market_texts()().employer_title}</A>
                    <A href="/messages" attr:class="button">{move || use_market_texts()().messages_title}</A>
                </nav>
                <crate::pages::team::ReceivedInvitationsSection/>
                <OrganisationSection/>
                <crate::pages::team::TeamSection/>
                <PasswordSection/>
            }
            .into_any(),
            Role::Staff | Role::Admin => view! {
                <p><A href="/staff" attr:class="button primary">{move || a().nav_staff}</A></p>
                <PasswordSection/>
            }
            .into_any(),
        }}
        <SignOutSection/>
    }
}

#[component]
fn WorkerProfileSection() -> impl IntoView {
    let _t = use_texts();
    let a = use_account_texts();
    let data = page_resource(
        || (),
        |_| async {
            let (profile, trades, cities) =
                futures::join!(my_worker_profile(), list_trades(), list_cities());
            Ok::<_, AppError>((profile?.0, trades?, cities?))
        },
    );
    view! {
        <section class="account-section">
            <h2>{move || a().profile_heading}</h2>
            <p class="note">{move || a().profile_intro}</p>
            <Loaded data=data let:loaded>
                {match loaded {
                    (profile, trades, cities) => view! { <WorkerProfileForm profile trades cities/> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

/// The worker's profile form: an island of its own, fetched only when this page is opened.
#[island(lazy)]
fn WorkerProfileForm(
    profile: WorkerProfile,
    trades: Vec<Trade>,
    cities: Vec<City>,
) -> impl IntoView {
    crate::prefs::provide_prefs();
    let t = use_texts();
    let a = use_account_texts();
    let name = RwSignal::new(profile.name.clone());
    let birth_year = RwSignal::new(
        profile
            .birth_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
    );
    let city = RwSignal::new(profile.home_city_adcode);
    let district = RwSignal::new(profile.home_district_adcode);
    let selected_trades = RwSignal::new(profile.trades.clone());
    let availability = RwSignal::new(profile.availability.clone());
    let tags = RwSignal::new(profile.tags.clone());
    let pay = RwSignal::new(
        profile
            .expected_pay_cents
            .map(|c| (c / 100).to_string())
            .unwrap_or_default(),
    );
    let unit = RwSignal::new(profile.expected_pay_unit.unwrap_or(PayUnit::Day));
    let save = ServerAction::<SaveWorkerProfile>::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pay_cents = pay
            .get_untracked()
            .trim()
            .parse::<i32>()
            .ok()
            .map(|y| y.saturating_mul(100));
        save.dispatch(SaveWorkerProfile {
            profile: WorkerProfile {
                name: name.get_untracked(),
                birth_year: birth_year.get_untracked().trim().parse().ok(),
                home_city_adcode: city.get_untracked(),
                home_district_adcode: district.get_untracked(),
                trades: selected_trades.get_untracked(),
                availability: availability.get_untracked(),
                tags: tags.get_untracked(),
                expected_pay_cents: pay_cents,
                expected_pay_unit: pay_cents.map(|_| unit.get_untracked()),
            },
        });
    };

    view! {
        <form class="account-form" on:submit=submit novalidate>
            <div class="field">
                <label for="name">{move || a().name_label}</label>
                <input id="name" type="text" maxlength="40" autocomplete="name" bind:value=name/>
            </div>
            <div class="field">
                <label for="birth-year">{move || a().birth_year_label}</label>
                <input id="birth-year" type="number" inputmode="numeric" min="1930" max="2012" bind:value=birth_year/>
            </div>
            <fieldset class="field">
                <legend>{move || a().home_area_label}</legend>
                <PlacePicker cities city district id_prefix="home"/>
            </fieldset>
            <fieldset class="field trades">
                <legend>{move || a().trades_label}</legend>
                <TradeChecklist trades selected=selected_trades/>
            </fieldset>
            <fieldset class="field tags">
                <legend>{move || a().availability_label}</legend>
                {Availability::ALL.into_iter().map(|slot| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || availability.with(|s| s.contains(&slot))
                            on:change=move |_| availability.update(|s| toggle(s, slot))/>
                        {move || a().availability_name(slot)}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="field tags">
                <legend>{move || a().tags_label}</legend>
                {WorkerTag::ALL.into_iter().map(|tag| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || tags.with(|s| s.contains(&tag))
                            on:change=move |_| tags.update(|s| toggle(s, tag))/>
                        {move || a().worker_tag_name(tag)}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="pay">{move || a().expected_pay_label}</label>
                <div class="pay-row">
                    <input id="pay" type="number" inputmode="numeric" min="1" max="100000" bind:value=pay/>
                    <select aria-label=move || t().pay_unit_label
                        prop:value=move || unit.get().as_str()
                        on:change=move |ev| if let Some(u) = PayUnit::parse(&event_target_value(&ev)) { unit.set(u) }>
                        {PayUnit::ALL.into_iter().map(|u| view! {
                            <option value=u.as_str() selected=unit.get_untracked() == u>{move || t().unit_name(u)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            {feedback(move || save.value().get(), || use_account_texts()().saved)}
            <button type="submit" class="primary" disabled=move || save.pending().get()>{move || a().save}</button>
        </form>
    }
}

fn toggle<T: PartialEq + Copy>(set: &mut Vec<T>, item: T) {
    if let Some(i) = set.iter().position(|x| *x == item) {
        set.remove(i);
    } else {
        set.push(item);
    }
}

/// 上岗短信 on or off: a plain form that works before the Wasm; the server sends the browser back here.
#[component]
fn ShiftTextsSection() -> impl IntoView {
    let a = use_account_texts();
    let on = page_resource(|| (), |_| crate::api::profiles::shift_texts_on());
    view! {
        <section class="account-section shift-texts">
            <h2>{move || a().shift_texts_heading}</h2>
            <Loaded data=on let:on>
                <p class="note">{move || if on { a().shift_texts_on } else { a().shift_texts_off }}</p>
                <form method="post" action=crate::api::profiles::SetShiftTexts::url()>
                    <CsrfField/>
                    <input type="hidden" name="on" value=if on { "false" } else { "true" }/>
                    <button type="submit" class=if on { "button-quiet" } else { "primary" }>
                        {move || if on { a().shift_texts_turn_off } else { a().shift_texts_turn_on }}
                    </button>
                </form>
            </Loaded>
        </section>
    }
}

/// Downloading one's data and deleting the account (the latter needs the Wasm, as a guard).
#[island(lazy)]
fn MyDataSection() -> impl IntoView {
    crate::prefs::provide_prefs();
    let t = use_texts();
    let a = use_account_texts();
    let confirm = RwSignal::new(String::new());
    let delete = ServerAction::<DeleteMyAccount>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href("/");
        }
    });
    view! {
        <section class="account-section">
            <h2>{move || a().my_data_heading}</h2>
            <p class="note">{move || a().my_data_intro}</p>
            <a class="button" href="/me/data" download="lingong-my-data.json" rel="external">{move || a().download_data}</a>
            <h2>{move || a().delete_heading}</h2>
            <p class="note">{move || a().delete_warning}</p>
            <form class="account-form" on:submit=move |ev| {
                ev.prevent_default();
                delete.dispatch(DeleteMyAccount { confirm: confirm.get_untracked() });
            }>
                <div class="field">
                    <label for="confirm-delete">{move || a().delete_confirm_label}</label>
                    <input id="confirm-delete" type="text" autocomplete="off" bind:value=confirm/>
                </div>
                <p class="error" role="alert">{move || delete.value().get().and_then(Result::err).map(|e| e.message(t()))}</p>
                <button type="submit" class="danger" disabled=move || delete.pending().get()>{move || a().delete_button}</button>
            </form>
        </section>
    }
}

#[component]
fn OrganisationSection() -> impl IntoView {
    let _t = use_texts();
    let a = use_account_texts();
    let data = page_resource(
        || (),
        |_| async {
            let (org, cities) = futures::join!(my_organisation(), list_cities());
            Ok::<_, AppError>((org?, cities?))
        },
    );
    view! {
        <section class="account-section">
            <h2>{move || a().organisation_heading}</h2>
            <p class="note">{move || a().organisation_intro}</p>
            <Loaded data=data let:loaded>
                {match loaded {
                    (org, cities) => {
                        let status = org.as_ref().map(|o| (o.verification, o.rejection_reason.clone()));
                        let licence = org.as_ref().and_then(|o| {
                            o.hr_licence_status.map(|v| (o.id, v, o.hr_licence_rejection.clone()))
                        });
                        let form = org.map(|o| o.form).unwrap_or_default();
                        view! {
                            {status.map(|(v, reason)| view! {
                                <p class=match v { Verification::Verified => "badge badge-verified", _ => "badge badge-unverified" }>
                                    {move || match v {
                                        Verification::Pending => a().status_pending.to_owned(),
                                        Verification::Verified => a().status_verified.to_owned(),
                                        Verification::Rejected => (a().status_rejected)(reason.as_deref().unwrap_or_default()),
                                    }}
                                </p>
                            })}
                            {licence.map(|(id, v, reason)| {
                                let ag = crate::i18n::use_agency_texts();
                                view! {
                                    <p class="licence-status">
                                        <span class=match v { Verification::Verified => "badge badge-verified", _ => "badge badge-unverified" }>
                                            {move || match v {
                                                Verification::Rejected => (ag().licence_rejected)(reason.as_deref().unwrap_or_default()),
                                                v => (ag().licence_status)(v).to_owned(),
                                            }}
                                        </span>
                                        {(v == Verification::Verified).then(|| view! {
                                            " "<A href=format!("/agencies/{id}")>{move || ag().storefront_link}</A>
                                        })}
                                    </p>
                                }
                            })}
                            <OrganisationFormView form cities/>
                        }
                        .into_any()
                    }
                }}
            </Loaded>
        </section>
    }
}

/// The organisation's details: an island of its own.
#[island(lazy)]
fn OrganisationFormView(form: OrganisationForm, cities: Vec<City>) -> impl IntoView {
    crate::prefs::provide_prefs();
    let a = use_account_texts();
    let name = RwSignal::new(form.name);
    let credit_code = RwSignal::new(form.credit_code);
    let city = RwSignal::new((form.city_adcode != 0).then_some(form.city_adcode));
    let district = RwSignal::new(form.district_adcode);
    let address = RwSignal::new(form.address);
    let contact_name = RwSignal::new(form.contact_name);
    let contact_phone = RwSignal::new(form.contact_phone);
    let hr_licence_no = RwSignal::new(form.hr_licence_no);
    let save = ServerAction::<SaveOrganisation>::new();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // The credit code's problems are said at the field (which one, never what the code should be).
    let credit_code_problem = Signal::derive(move || {
        failed_field(save.value().get()).filter(|f| f.starts_with("credit_code"))
    });
    Effect::new(move |_| {
        if failed_field(save.value().get()).is_some() {
            focus_first_invalid(form_ref);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveOrganisation {
            form: OrganisationForm {
                name: name.get_untracked(),
                credit_code: credit_code.get_untracked(),
                city_adcode: city.get_untracked().unwrap_or(0),
                district_adcode: district.get_untracked(),
                address: address.get_untracked(),
                contact_name: contact_name.get_untracked(),
                contact_phone: contact_phone.get_untracked(),
                hr_licence_no: hr_licence_no.get_untracked(),
            },
        });
    };
    let text_field = move |id: &'static str,
                           label: fn() -> &'static str,
                           value: RwSignal<String>,
                           max: &'static str,
                           autocomplete: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="text" maxlength=max autocomplete=autocomplete bind:value=value/>
            </div>
        }
    };
    view! {
        <form class="account-form" on:submit=submit novalidate node_ref=form_ref>
            {text_field("org-name", || use_account_texts()().org_name_label, name, "100", "organization")}
            <div class="field">
                <label for="credit-code">{move || a().credit_code_label}</label>
                <input id="credit-code" type="text" maxlength="18" autocapitalize="characters"
                    aria-describedby="credit-code-hint credit-code-error"
                    aria-invalid=move || credit_code_problem.get().is_some().to_string()
                    bind:value=credit_code/>
                <p id="credit-code-hint" class="hint">{move || a().credit_code_hint}</p>
                <FieldError id="credit-code-error" problem=credit_code_problem/>
            </div>
            <PlacePicker cities city district id_prefix="org"/>
            {text_field("org-address", || use_account_texts()().address_label, address, "200", "street-address")}
            {text_field("contact-name", || use_account_texts()().contact_name_label, contact_name, "40", "name")}
            <div class="field">
                <label for="contact-phone">{move || a().contact_phone_label}</label>
                <input id="contact-phone" type="tel" inputmode="numeric" maxlength="20" autocomplete="tel" bind:value=contact_phone/>
            </div>
            <div class="field">
                <label for="hr-licence">{move || crate::i18n::use_agency_texts()().licence_field}</label>
                <input id="hr-licence" type="text" maxlength="60" autocomplete="off"
                    aria-describedby="hr-licence-hint" bind:value=hr_licence_no/>
                <p id="hr-licence-hint" class="hint">{move || crate::i18n::use_agency_texts()().licence_hint}</p>
            </div>
            // Said at its field above, not again here.
            {feedback(
                move || save.value().get().filter(|r| credit_code_problem.get().is_none() || r.is_ok()),
                || use_account_texts()().saved,
            )}
            <button type="submit" class="primary" disabled=move || save.pending().get()>{move || a().save}</button>
        </form>
    }
}

/// Setting the optional password: an island of its own.
#[island(lazy)]
fn PasswordSection() -> impl IntoView {
    crate::prefs::provide_prefs();
    let a = use_account_texts();
    let password = RwSignal::new(String::new());
    let save = ServerAction::<SetPassword>::new();
    view! {
        <section class="account-section">
            <h2>{move || a().password_heading}</h2>
            <form class="account-form" on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(SetPassword { password: password.get_untracked() });
            }>
                <div class="field">
                    <label for="new-password">{move || a().password_label}</label>
                    <input id="new-password" type="password" autocomplete="new-password" maxlength="128"
                        aria-describedby="password-hint" bind:value=password/>
                    <p id="password-hint" class="hint">{move || a().password_hint}</p>
                </div>
                {feedback(move || save.value().get(), || use_account_texts()().password_saved)}
                <button type="submit" disabled=move || save.pending().get()>{move || a().set_password}</button>
            </form>
        </section>
    }
}

/// Signing out, here or everywhere: plain forms; the server sends the browser to the home page.
#[component]
fn SignOutSection() -> impl IntoView {
    let t = use_texts();
    let a = use_account_texts();
    // Only an error comes back as the action's value (from the address the framework redirects to).
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <section class="account-section sign-out">
            <p class="error" role="alert">{move || sign_out.value().get().and_then(Result::err).map(|e| e.message(t()))}</p>
            <form method="post" action=SignOut::url()>
                <CsrfField/>
                <input type="hidden" name="everywhere" value="false"/>
                <button type="submit">{move || a().sign_out}</button>
            </form>
            <form method="post" action=SignOut::url()>
                <CsrfField/>
                <input type="hidden" name="everywhere" value="true"/>
                <button type="submit" class="button-quiet">{move || a().sign_out_everywhere}</button>
            </form>
        </section>
    }
}

//! Sign-in and sign-up in one page (登录/注册): phone number, SMS code, done. No puzzle CAPTCHA (WCAG
//! 3.3.8); abuse is held back by rate limits on the server instead.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::accounts::{code_sent, RequestCode, SignInWithCode, SignInWithPassword};
use crate::components::page_title::{PageDescription, PageTitle};
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_account_texts, use_texts};
use crate::model::{CodeSent, Phone};
use crate::resource::page_resource;

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_texts();
    let a = use_account_texts();
    // A code asked for before the Wasm arrived: the server sent this page back and remembers the number.
    let sent = page_resource(|| (), |_| code_sent());
    // `?with=password` asks for the password form, so that switching works as a link before the Wasm.
    let (with_password, next) = leptos_router::hooks::use_query_map().with_untracked(|query| {
        (
            query.get("with").as_deref() == Some("password"),
            query
                .get("next")
                .and_then(|n| crate::model::return_path::return_path(&n)),
        )
    });

    view! {
        <PageTitle text=a().sign_in_title/>
        <PageDescription text=a().sign_in_intro/>
        <section class="account-page sign-in">
            <h1>{move || a().sign_in_title}</h1>
            <p>{move || a().sign_in_intro}</p>
            <Suspense fallback=move || view! { <p class="loading">{t().loading}</p> }>
                {move || {
                    let next = next.clone();
                    Suspend::new(async move {
                        view! { <SignInForm sent=sent.await.ok().flatten() with_password next/> }
                    })
                }}
            </Suspense>
            <p class="note">{move || a().privacy_note}</p>
        </section>
    }
}

/// The form: an island of its own, so that the number is checked at once and the code asked for without
/// leaving the page.
#[island(lazy)]
fn SignInForm(sent: Option<CodeSent>, with_password: bool, next: Option<String>) -> impl IntoView {
    crate::prefs::provide_prefs();
    let t = use_texts();
    let a = use_account_texts();
    // Also written as the fields' initial attributes: the server's HTML shows no bound property.
    let initial_phone = sent
        .as_ref()
        .map(|sent| sent.phone.clone())
        .unwrap_or_default();
    let initial_employer = sent.as_ref().is_some_and(|sent| sent.employer);
    let phone = RwSignal::new(initial_phone.clone());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(
        if initial_employer {
            "employer"
        } else {
            "worker"
        }
        .to_owned(),
    );
    let with_password = RwSignal::new(with_password);
    let next = StoredValue::new(next);
    // Shown beside the field at once; the server checks again.
    let phone_invalid = RwSignal::new(false);

    let send = ServerAction::<RequestCode>::new();
    let sign_in = ServerAction::<SignInWithCode>::new();
    let sign_in_pw = ServerAction::<SignInWithPassword>::new();

    let sent_before = StoredValue::new(
        sent.and_then(|sent| Phone::parse(&sent.phone))
            .map(|p| p.masked()),
    );
    let code_sent_to = move || match send.value().get() {
        Some(Ok(())) => Phone::parse(&phone.get_untracked()).map(|p| p.masked()),
        Some(Err(_)) => None,
        None => sent_before.get_value(),
    };
    let error = move || {
        let failed = |r: Option<Result<_, AppError>>| r.and_then(Result::err);
        failed(sign_in.value().get().map(|r| r.map(|_| ())))
            .or_else(|| failed(sign_in_pw.value().get().map(|r| r.map(|_| ()))))
            .or_else(|| failed(send.value().get()))
    };
    // Signed in: a full page load, so every part of the page (header included) sees the new session.
    Effect::new(move |_| {
        let target = sign_in
            .value()
            .get()
            .or_else(|| sign_in_pw.value().get())
            .and_then(Result::ok);
        if let Some(_target) = target {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href(&_target);
        }
    });

    let request_code = move |ev: leptos::ev::MouseEvent| {
        // The button posts the form to the code's server function when there is no Wasm; here the
        // page asks for the code itself and stays as it is.
        ev.prevent_default();
        if Phone::parse(&phone.get_untracked()).is_none() {
            phone_invalid.set(true);
            return;
        }
        phone_invalid.set(false);
        // The role is for a page coming back from the server; this one keeps its own.
        send.dispatch(RequestCode {
            phone: phone.get_untracked(),
            role: None,
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if with_password.get_untracked() {
            sign_in_pw.dispatch(SignInWithPassword {
                phone: phone.get_untracked(),
                password: password.get_untracked(),
                next: next.get_value(),
            });
        } else {
            sign_in.dispatch(SignInWithCode {
                phone: phone.get_untracked(),
                code: code.get_untracked(),
                role: Some(role.get_untracked()),
                next: next.get_value(),
            });
        }
    };

    view! {
        // Posted as a plain form if the Wasm has not arrived yet; the server function reads the same fields.
        <form class="account-form" method="post" novalidate on:submit=submit
            action=move || if with_password.get() { SignInWithPassword::url() } else { SignInWithCode::url() }>
            // The form's default button, which Enter presses: signing in, not the code's button below.
            <button type="submit" hidden tabindex="-1" aria-hidden="true"></button>
            <CsrfField/>
            {next.get_value().map(|next| view! { <input type="hidden" name="next" value=next/> })}
            <div class="field">
                <label for="phone">{move || a().phone_label}</label>
                <input
                    id="phone"
                    name="phone"
                    type="tel"
                    inputmode="numeric"
                    autocomplete="tel"
                    maxlength="20"
                    placeholder=move || a().phone_placeholder
                    aria-invalid=move || phone_invalid.get().to_string()
                    aria-describedby="phone-hint"
                    value=initial_phone
                    bind:value=phone
                />
                <p id="phone-hint" class="hint" role="status">
                    {move || {
                        phone_invalid
                            .get()
                            .then(|| format!("{}：{}", a().phone_label, a().phone_placeholder))
                    }}
                </p>
            </div>
            <Show
                when=move || with_password.get()
                fallback=move || {
                    view! {
                        <fieldset class="field role-choice">
                            <legend>{move || a().role_label}</legend>
                            <label class="check">
                                <input type="radio" name="role" value="worker"
                                    checked=!initial_employer
                                    prop:checked=move || role.get() == "worker"
                                    on:change=move |_| role.set("worker".to_owned())/>
                                {move || a().role_worker_choice}
                            </label>
                            <label class="check">
                                <input type="radio" name="role" value="employer"
                                    checked=initial_employer
                                    prop:checked=move || role.get() == "employer"
                                    on:change=move |_| role.set("employer".to_owned())/>
                                {move || a().role_employer_choice}
                            </label>
                        </fieldset>
                        <div class="field">
                            <label for="code">{move || a().code_label}</label>
                            <div class="code-row">
                                <input
                                    id="code"
                                    name="code"
                                    type="text"
                                    inputmode="numeric"
                                    autocomplete="one-time-code"
                                    maxlength="6"
                                    bind:value=code
                                />
                                <button type="submit" class="button-quiet send-code"
                                    formaction=RequestCode::url() formnovalidate
                                    disabled=move || send.pending().get()
                                    on:click=request_code>
                                    {move || a().send_code}
                                </button>
                            </div>
                            <p class="hint" role="status">
                                {move || code_sent_to().map(|p| (a().code_sent)(&p))}
                            </p>
                        </div>
                    }
                }
            >
                <div class="field">
                    <label for="password">{move || a().password_label}</label>
                    <input id="password" name="password" type="password"
                        autocomplete="current-password" maxlength="128" bind:value=password/>
                </div>
            </Show>
            <p class="error" role="alert">{move || error().map(|e| e.message(t()))}</p>
            <button type="submit" class="primary"
                disabled=move || sign_in.pending().get() || sign_in_pw.pending().get()>
                {move || a().sign_in_button}
            </button>
            // A link to the other form; once the Wasm runs, the page switches in place.
            <a class="button button-quiet"
                href=move || {
                    let base = if with_password.get() { "/login" } else { "/login?with=password" };
                    // The other form comes back to the same page.
                    match next.get_value().and_then(|n| crate::model::return_path::next_param(&n)) {
                        Some(param) if base.contains('?') => format!("{base}&{param}"),
                        Some(param) => format!("{base}?{param}"),
                        None => base.to_owned(),
                    }
                }
                on:click=move |ev| {
                    ev.prevent_default();
                    with_password.update(|p| *p = !*p);
                }>
                {move || if with_password.get() { a().use_code } else { a().use_password }}
            </a>
        </form>
    }
}

//! Sign-in and sign-up in one page (登录/注册): phone number, SMS code, done. No puzzle CAPTCHA (WCAG
//! 3.3.8); abuse is held back by rate limits on the server instead.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accounts::{RequestCode, SignInWithCode, SignInWithPassword};
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::{use_account_texts, use_texts};
use crate::model::Phone;

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_texts();
    let a = use_account_texts();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new("worker".to_owned());
    let with_password = RwSignal::new(false);
    // Shown beside the field at once; the server checks again.
    let phone_invalid = RwSignal::new(false);

    let send = ServerAction::<RequestCode>::new();
    let sign_in = ServerAction::<SignInWithCode>::new();
    let sign_in_pw = ServerAction::<SignInWithPassword>::new();

    let code_sent_to = move || match send.value().get() {
        Some(Ok(())) => Phone::parse(&phone.get_untracked()).map(|p| p.masked()),
        _ => None,
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

    let request_code = move |_| {
        if Phone::parse(&phone.get_untracked()).is_none() {
            phone_invalid.set(true);
            return;
        }
        phone_invalid.set(false);
        send.dispatch(RequestCode {
            phone: phone.get_untracked(),
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if with_password.get_untracked() {
            sign_in_pw.dispatch(SignInWithPassword {
                phone: phone.get_untracked(),
                password: password.get_untracked(),
            });
        } else {
            sign_in.dispatch(SignInWithCode {
                phone: phone.get_untracked(),
                code: code.get_untracked(),
                role: Some(role.get_untracked()),
            });
        }
    };

    view! {
        <Title text=move || a().sign_in_title/>
        <section class="account-page sign-in">
            <h1>{move || a().sign_in_title}</h1>
            <p>{move || a().sign_in_intro}</p>
            // Posted as a plain form if the Wasm has not arrived yet; the server function reads the same fields.
            <form class="account-form" method="post" action="/api/account/sign-in" on:submit=submit novalidate>
                <CsrfField/>
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
                                        prop:checked=move || role.get() == "worker"
                                        on:change=move |_| role.set("worker".to_owned())/>
                                    {move || a().role_worker_choice}
                                </label>
                                <label class="check">
                                    <input type="radio" name="role" value="employer"
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
                                    <button type="button" class="button-quiet send-code"
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
                <button type="button" class="button-quiet"
                    on:click=move |_| with_password.update(|p| *p = !*p)>
                    {move || if with_password.get() { a().use_code } else { a().use_password }}
                </button>
            </form>
            <p class="note">{move || a().privacy_note}</p>
        </section>
    }
}

//! How a page says that something failed or was done: in the person's language, announced to screen
//! readers (`role="alert"` / `role="status"`), and with a way to sign in when that is what is missing.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{use_account_texts, use_texts};
use crate::resource::PageResource;

/// The page being shown, path and query: from the request while rendering on the server, from the
/// address bar in the browser (islands have no router to ask).
pub fn current_page() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.uri.path_and_query().map(|p| p.as_str().to_owned()))
            .unwrap_or_else(|| "/".to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            let location = window().location();
            format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            )
        }
        #[cfg(not(feature = "hydrate"))]
        {
            "/".to_owned()
        }
    }
}

/// Shown instead of a page that needs a signed-in person; signing in comes back to it.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let t = use_texts();
    let a = use_account_texts();
    let href = crate::model::return_path::sign_in_href(&current_page());
    view! {
        <p>{move || t().error_unauthenticated}</p>
        // A plain link: pages are the server's, and the router's `A` would weigh on every island.
        <a href=href class="button primary">{move || a().nav_sign_in}</a>
    }
}

/// Why something could not be loaded or done. A page that needs a signed-in person offers to sign in.
#[component]
pub fn Failure(error: AppError) -> impl IntoView {
    let t = use_texts();
    match error {
        AppError::Unauthenticated => view! { <SignInFirst/> }.into_any(),
        error => {
            view! { <p class="error" role="alert">{move || error.message(t())}</p> }.into_any()
        }
    }
}

/// The line under a form after it was sent: done, or why not.
pub fn feedback(
    value: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
    done: fn() -> &'static str,
) -> impl IntoView {
    move || match value() {
        Some(Ok(())) => view! { <p class="notice" role="status">{done()}</p> }.into_any(),
        Some(Err(error)) => view! { <Failure error/> }.into_any(),
        None => ().into_any(),
    }
}

/// A page's data once it has loaded: "loading" until then (streamed in by the server), [`Failure`] if it
/// could not be loaded, else what `children` makes of it. The one loading shape of the pages. A `live`
/// page, re-read when its events say so, keeps showing what it has while the next reading loads.
#[component]
pub fn Loaded<T, V, F>(
    data: PageResource<Result<T, AppError>>,
    #[prop(optional)] live: bool,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let t = use_texts();
    let loading = move || view! { <p class="loading">{t().loading}</p> };
    let content = move || {
        let children = children.clone();
        Suspend::new(async move {
            match data.await {
                Ok(value) => children(value).into_any(),
                Err(error) => view! { <Failure error/> }.into_any(),
            }
        })
    };
    if live {
        view! { <Transition fallback=loading>{content}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback=loading>{content}</Suspense> }.into_any()
    }
}

/// The field a failed save names (`InvalidField`, `Conflict`): where its message belongs.
pub fn failed_field<T>(result: Option<Result<T, AppError>>) -> Option<String> {
    match result {
        Some(Err(AppError::InvalidField { field } | AppError::Conflict { field })) => Some(field),
        _ => None,
    }
}

/// A form's complaint about one field, shown under it (the field points at it with
/// `aria-describedby=id`). `problem` is the field's name as the errors name it, when it is this field's.
#[component]
pub fn FieldError(id: &'static str, problem: Signal<Option<String>>) -> impl IntoView {
    let t = use_texts();
    move || {
        problem.get().map(|field| {
            view! {
                <p class="field-error" id=id>
                    {move || format!("{}{}", t().error_field_prefix, t().field_name(&field))}
                </p>
            }
        })
    }
}

/// Moves the focus to the first field of `form` marked invalid, once the marks are drawn: the person
/// starts where the first problem is, and a screen reader reads its message.
pub fn focus_first_invalid(form: NodeRef<leptos::html::Form>) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let first = form.get_untracked().and_then(|form| {
            form.query_selector("[aria-invalid=\"true\"]")
                .ok()
                .flatten()
        });
        if let Some(field) = first.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = field.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = form;
}

//! How a page says that something failed or was done: in the person's language, announced to screen
//! readers (`role="alert"` / `role="status"`), and with a way to sign in when that is what is missing.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{use_account_texts, use_texts};
use crate::resource::PageResource;

/// Shown instead of a page that needs a signed-in person.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let t = use_texts();
    let a = use_account_texts();
    view! {
        <p>{move || t().error_unauthenticated}</p>
        // A plain link: pages are the server's, and the router's `A` would weigh on every island.
        <a href="/login" class="button primary">{move || a().nav_sign_in}</a>
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

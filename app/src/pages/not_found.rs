use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::use_texts;

/// Shown for any unknown address, with the 404 status on the server so crawlers and monitors see it too.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let t = use_texts();
    view! {
        <Title text=move || t().not_found_title/>
        <section class="not-found">
            <h1>{move || t().not_found_title}</h1>
            <p>{move || t().not_found_body}</p>
            <A href="/" attr:class="button">{move || t().back_home}</A>
        </section>
    }
}

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page_title::PageTitle;
use crate::i18n::{use_texts, Texts};

/// Sets the HTTP status of the page being rendered on the server; in the browser there is none to set.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Shown for any unknown address, with the 404 status on the server so crawlers and monitors see it too.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <Missing message=|t| t.not_found_body back_href="/" back_label=|t| t.back_home/> }
}

/// A page whose subject does not exist (an unknown posting or market): 404, what is missing, a way back.
#[component]
pub fn Missing(
    message: fn(&'static Texts) -> &'static str,
    back_href: &'static str,
    back_label: fn(&'static Texts) -> &'static str,
) -> impl IntoView {
    set_status(404);
    let t = use_texts();
    view! {
        <PageTitle text=t().not_found_title/>
        <section class="not-found">
            <h1>{move || t().not_found_title}</h1>
            <p>{move || message(t())}</p>
            <A href=back_href attr:class="button">{move || back_label(t())}</A>
        </section>
    }
}

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_texts;

/// The bar at the top of every page. The help hotline sits in the same place on every page, so a worker in
/// trouble never has to look for it.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let t = use_texts();
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main">{move || t().skip_to_content}</a>
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"零"</span>
                <span class="brand-name">{move || t().site_name}</span>
            </A>
            <a class="hotline" href="tel:12333" title=move || t().hotline_hint>
                <span class="hotline-label">{move || t().hotline_label}</span>
                <span class="hotline-number">"12333"</span>
            </a>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let t = use_texts();
    view! {
        <footer class="site-footer">
            <p>{move || t().hotline_hint}</p>
            <p>{move || t().footer_note}</p>
        </footer>
    }
}

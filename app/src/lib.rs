//! Lingong (零工市场): the application shared by the server (feature `ssr`) and the browser (feature
//! `hydrate`). Server-only modules ([`db`], [`state`]) are compiled out of the Wasm entirely.

pub mod api;
pub mod components;
pub mod csrf;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod prefs;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod live_boards;
#[cfg(feature = "ssr")]
pub mod search_cache;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::pages::{
    account::AccountPage,
    applications::MyApplicationsPage,
    boards::{BoardPage, BoardsPage},
    employer::{ApplicantsPage, EditPostingPage, EmployerPage, NewPostingPage},
    for_you::ForYouPage,
    home::HomePage,
    markets::{MarketPage, MarketsPage},
    messages::MessagesPage,
    not_found::NotFound,
    posting::PostingPage,
    sign_in::SignInPage,
    staff::StaffPage,
    statistics::StatisticsPage,
};

/// The HTML document around the application, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `lang` and the elder-mode class come from <Html> in the App, which knows the preferences.
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b4231b"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // Leaflet binds the global `L` that the map's Wasm uses; deferred scripts run in order,
                // before the hydration module.
                <link rel="stylesheet" href="/leaflet/leaflet.css"/>
                <script src="/leaflet/leaflet.js" defer></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let prefs = prefs::provide_prefs();
    let t = i18n::use_texts();
    // Who is signed in, once per page load; the header and the account pages read it.
    let user: pages::account::UserResource =
        Resource::new(|| (), |_| api::accounts::current_user());
    provide_context(user);
    components::live::provide_live_updates(user);

    view! {
        <Html {..} lang=move || prefs.get().lang.tag() class=move || if prefs.get().elder { "elder" } else { "" }/>
        <Stylesheet id="leptos" href="/pkg/lingong.css"/>
        <Title formatter=move |page: String| {
            if page.is_empty() { t().site_name.to_owned() } else { format!("{page} · {}", t().site_name) }
        }/>
        <Meta name="description" content=move || t().site_tagline/>
        <Router>
            <SiteHeader/>
            <main id="main">
                <Routes fallback=NotFound>
                    // Async: the page is sent once its data is ready, so the first HTML already holds the
                    // postings (for people on slow phones, for search engines, and for no-JS visitors).
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("postings"), ParamSegment("id")) view=PostingPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("markets") view=MarketsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("markets"), ParamSegment("slug")) view=MarketPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("login") view=SignInPage/>
                    <Route path=StaticSegment("me") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("staff") view=StaffPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("statistics")) view=StatisticsPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("boards") view=BoardsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("boards"), ParamSegment("kind"), ParamSegment("key")) view=BoardPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("me"), StaticSegment("applications")) view=MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("messages") view=MessagesPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("for-you") view=ForYouPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("employer") view=EmployerPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("new")) view=NewPostingPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("postings"), ParamSegment("id")) view=EditPostingPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("postings"), ParamSegment("id"), StaticSegment("applicants")) view=ApplicantsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// The Wasm entry point: attaches the browser's reactive system to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets tests (and curious developers) tell a live page from the server's HTML.
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

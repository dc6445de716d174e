//! Lingong (零工市场): the application shared by the server (feature `ssr`) and the browser (feature
//! `hydrate`). Server-only modules ([`db`], [`state`]) are compiled out of the Wasm entirely.

pub mod api;
pub mod calendar;
pub mod components;
pub mod csrf;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod prefs;
pub mod resource;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "hydrate")]
mod early_input;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod live_boards;
#[cfg(feature = "ssr")]
pub mod search_cache;
#[cfg(feature = "ssr")]
pub mod search_index;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, ParamSegment, SsrMode, StaticSegment};

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::pages::lazy::*;
use crate::pages::{
    home::HomePage,
    markets::{MarketPage, MarketsPage},
    not_found::NotFound,
    posting::PostingPage,
};
use crate::resource::page_resource;

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
                <IdleHydration options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Starts the Wasm once the page has painted and the browser is idle. Unlike Leptos's
/// `<HydrationScripts>` it sends no preload hints: on a weak network the half-megabyte of Wasm would
/// otherwise share the bandwidth with the stylesheet and the page itself, and delay their first paint by
/// seconds. Until the Wasm runs the page works as plain HTML (links, GET forms); a lazy route's pieces
/// are fetched when it hydrates.
#[component]
fn IdleHydration(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir);
    let js = options.output_name.to_string();
    // wasm-bindgen names the module `…_bg.wasm` unless cargo-leptos renamed it (as Leptos's own
    // script assumes, from the same variable).
    let wasm = match option_env!("LEPTOS_OUTPUT_NAME") {
        Some(_) => js.clone(),
        None => format!("{js}_bg"),
    };
    let script = format!(
        r#"(() => {{
  const hydrate = () => import("{pkg}/{js}.js").then((m) => m.default({{ module_or_path: "{pkg}/{wasm}.wasm" }}).then(() => m.hydrate()));
  if ("requestIdleCallback" in window) window.requestIdleCallback(hydrate, {{ timeout: 2000 }});
  else window.addEventListener("load", hydrate);
}})();"#
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let prefs = prefs::provide_prefs();
    let t = i18n::use_texts();
    // Who is signed in, once per page load; the header and the account pages read it.
    let user: pages::account::UserResource =
        page_resource(|| (), |_| api::accounts::current_user());
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
                    <Route path=StaticSegment("login") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("me") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("staff") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("statistics")) view={Lazy::<StatisticsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("boards") view={Lazy::<BoardsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("boards"), ParamSegment("kind"), ParamSegment("key")) view={Lazy::<BoardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("me"), StaticSegment("applications")) view={Lazy::<MyApplicationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("messages") view={Lazy::<MessagesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("for-you") view={Lazy::<ForYouRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("employer") view={Lazy::<EmployerRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("new")) view={Lazy::<NewPostingRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("postings"), ParamSegment("id")) view={Lazy::<EditPostingRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("postings"), ParamSegment("id"), StaticSegment("applicants")) view={Lazy::<ApplicantsRoute>::new()} ssr=SsrMode::Async/>
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
    // Asynchronous, for the lazy routes: a lazy page's pieces of Wasm are fetched before it hydrates.
    // An error only means the executor was already started.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        // What the person typed into the server's HTML survives hydration.
        let early = early_input::Watch::start(body.clone().into());
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        early.restore();
        // Lets tests (and curious developers) tell a live page from the server's HTML.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}

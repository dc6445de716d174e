//! Lingong (零工市场): the application shared by the server (feature `ssr`) and the browser (feature
//! `hydrate`). Server-only modules ([`db`], [`state`]) are compiled out of the Wasm entirely.

// An island's whole view is one type (the islands' wrapper keeps it whole where components are erased),
// and the largest forms nest deeper than the compiler's default limit when built without
// `--cfg erase_components`, as `cargo test` builds.
#![recursion_limit = "256"]

pub mod api;
pub mod calendar;
pub mod components;
pub mod cookies;
pub mod csrf;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod prefs;
pub mod resource;

#[cfg(feature = "ssr")]
pub mod alerts;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "hydrate")]
mod early_input;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod public_api;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Stylesheet};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::page_title::SiteTitle;
use crate::pages::{
    home::HomePage,
    markets::{MarketPage, MarketsPage},
    not_found::NotFound,
    posting::PostingPage,
};
use crate::resource::page_resource;

/// The file names of the site's bundles in `/pkg`. A build with `hash-files` (the release build) puts
/// each file's content hash into its name, so the server may tell browsers and proxies to keep them for
/// a year; the names come from the hash file cargo-leptos writes beside the server binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleNames {
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// The names carry content hashes: safe to cache as immutable.
    pub hashed: bool,
}

impl BundleNames {
    /// The names without hashes, as a build without `hash-files` writes them.
    pub fn plain(options: &LeptosOptions) -> Self {
        let name = options.output_name.to_string();
        // wasm-bindgen names the module `…_bg.wasm` unless cargo-leptos renamed it (as Leptos's own
        // script assumes, from the same variable).
        let wasm = match option_env!("LEPTOS_OUTPUT_NAME") {
            Some(_) => format!("{name}.wasm"),
            None => format!("{name}_bg.wasm"),
        };
        BundleNames {
            js: format!("{name}.js"),
            wasm,
            css: format!("{name}.css"),
            hashed: false,
        }
    }

    /// The names with the hashes of `hash_file`'s lines (`js: …`, `wasm: …`, `css: …`); `None` if one
    /// is missing.
    pub fn hashed(options: &LeptosOptions, hash_file: &str) -> Option<Self> {
        let hash = |kind: &str| {
            hash_file.lines().find_map(|line| {
                let (k, v) = line.split_once(':')?;
                (k.trim() == kind).then(|| v.trim().to_owned())
            })
        };
        let name = &options.output_name;
        Some(BundleNames {
            js: format!("{name}.{}.js", hash("js")?),
            wasm: format!("{name}.{}.wasm", hash("wasm")?),
            css: format!("{name}.{}.css", hash("css")?),
            hashed: true,
        })
    }

    /// What this server was built with: hashed names when the build hashed them (`LEPTOS_HASH_FILES`,
    /// at run or build time) and the hash file is beside the binary, plain names otherwise.
    #[cfg(feature = "ssr")]
    pub fn of_this_build(options: &LeptosOptions) -> Self {
        let wanted = std::env::var("LEPTOS_HASH_FILES")
            .ok()
            .or(option_env!("LEPTOS_HASH_FILES").map(str::to_owned))
            .is_some_and(|v| v == "true");
        if !wanted {
            return Self::plain(options);
        }
        let path = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
        match path.as_ref().map(std::fs::read_to_string) {
            Some(Ok(text)) => Self::hashed(options, &text).unwrap_or_else(|| {
                tracing::warn!(?path, "the hash file lacks a bundle: serving plain names");
                Self::plain(options)
            }),
            _ => {
                tracing::warn!(?path, "no hash file beside the server: serving plain names");
                Self::plain(options)
            }
        }
    }
}

/// The HTML document around the application, rendered on the server only.
pub fn shell(options: LeptosOptions, bundles: BundleNames) -> impl IntoView {
    provide_context(bundles.clone());
    view! {
        <!DOCTYPE html>
        // `lang` and the elder-mode class come from <Html> in the App, which knows the preferences.
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b4231b"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // Installable: the manifest names the icons; the service worker is registered once the
                // page has hydrated (see IslandHydration and server/src/pwa.rs).
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <AutoReload options=options.clone()/>
                <IslandHydration options bundles/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Brings the page to life: downloads the Wasm as soon as the page and its style sheet have arrived (a
/// module script runs only then), starts it once the page has painted and the browser is idle, then brings
/// each island (`<leptos-island>`) to life in document order; everything else on the page is the server's
/// HTML and stays so. Unlike Leptos's `<HydrationScripts>` it sends no preload hints: on a weak network the
/// Wasm would otherwise share the bandwidth with the style sheet and the page itself and delay their first
/// paint. A lazy island (`#[island(lazy)]`) fetches its own piece of Wasm when it hydrates. Until then
/// every page works as plain HTML: links, and forms that post to the server functions.
///
/// Each step runs in a task of its own (`pause`), so that a tap in between is answered and no single task
/// holds a cheap phone's main thread for long; the `lingong:` performance marks time the steps in the
/// browser's profiler.
///
/// It also loads Leaflet for the maps, only where one is drawn (`components::leaflet_loader`): at once,
/// beside the Wasm, where a map is drawn as soon as the page is live.
///
/// Then, in a secure context (HTTPS, or this machine), it registers the service worker (`/sw.js`, which
/// keeps the shell and the last pages seen for a visit without a network): after the page's own bundles
/// have arrived, so the worker's first copies come from the browser's cache, not the network again.
#[component]
fn IslandHydration(options: LeptosOptions, bundles: BundleNames) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir);
    let BundleNames { js, wasm, .. } = bundles;
    let wide = components::gig_map::MAP_ALWAYS_SHOWN;
    // Islands are not nested here, so a flat list in document order is the whole traversal.
    let script = format!(
        r#"(() => {{
  const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
  // Leaflet (the global `L` the maps' Wasm uses), loaded once for the page; its style sheet goes before
  // the site's, which adjusts it.
  let leaflet;
  window.lingongLeaflet = () => leaflet ??= new Promise((resolve, reject) => {{
    if (window.L) return resolve();
    const css = Object.assign(document.createElement("link"), {{ rel: "stylesheet", href: "/leaflet-1.9.4/leaflet.css" }});
    const js = Object.assign(document.createElement("script"), {{ src: "/leaflet-1.9.4/leaflet.js" }});
    const arrived = (el) => new Promise((ok, fail) => {{ el.onload = ok; el.onerror = fail; }});
    Promise.all([arrived(css), arrived(js)]).then(() => resolve(), (e) => {{ leaflet = undefined; reject(e); }});
    document.head.insertBefore(css, document.getElementById("leptos"));
    document.head.append(js);
  }});
  // A map drawn as soon as the page is live: the employer's picker, a posting's on the first screen,
  // the search map on a wide screen.
  const place = document.querySelector(".place-map");
  if (document.querySelector(".picker-map") ||
      (place && place.getBoundingClientRect().top < innerHeight) ||
      (matchMedia("{wide}").matches && document.querySelector(".gig-map"))) {{
    window.lingongLeaflet().catch(() => {{}});
  }}
  // Downloads now; runs when the browser is idle.
  const wasm = fetch("{pkg}/{wasm}");
  const bindings = import("{pkg}/{js}");
  const hydrate = async () => {{
    performance.mark("lingong:start");
    const m = await bindings;
    await m.default({{ module_or_path: wasm }});
    performance.mark("lingong:instantiated");
    await pause();
    m.hydrate();
    for (const island of document.querySelectorAll("leptos-island")) {{
      await pause();
      const start = m[island.dataset.component];
      if (start) await start(island);
      else console.warn("no Wasm for the island", island.dataset.component);
      performance.mark("lingong:island " + island.dataset.component);
    }}
    await pause();
    m.hydrated();
    performance.mark("lingong:hydrated");
  }};
  const register = () => {{
    if ("serviceWorker" in navigator && window.isSecureContext) {{
      navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("service worker:", e));
    }}
  }};
  const start = () => hydrate().finally(register);
  if ("requestIdleCallback" in window) window.requestIdleCallback(start, {{ timeout: 2000 }});
  else window.addEventListener("load", start);
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
    let user: resource::UserResource = page_resource(|| (), |_| api::accounts::current_user());
    provide_context(user);
    components::live::provide_feed();
    // The shell names the bundles of this build (hashed in a release build).
    let stylesheet = use_context::<BundleNames>()
        .map(|b| format!("/pkg/{}", b.css))
        .unwrap_or_else(|| "/pkg/lingong.css".to_owned());

    view! {
        <Html {..} lang=move || prefs.get().lang.tag() class=move || if prefs.get().elder { "elder" } else { "" }/>
        <Stylesheet id="leptos" href=stylesheet/>
        <SiteTitle site_name=t().site_name/>
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
                    <Route path=StaticSegment("login") view=pages::sign_in::SignInPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("me") view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("staff") view=pages::staff::StaffPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("statistics")) view=pages::statistics::StatisticsPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("boards") view=pages::boards::BoardsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("boards"), ParamSegment("kind"), ParamSegment("key")) view=pages::boards::BoardPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("me"), StaticSegment("applications")) view=pages::applications::MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("me"), StaticSegment("saved")) view=pages::favourites::KeptPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("messages") view=pages::messages::MessagesPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("for-you") view=pages::for_you::ForYouPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("employer") view=pages::employer::EmployerPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("new")) view=pages::posting_editor::NewPostingPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("postings"), ParamSegment("id")) view=pages::posting_editor::EditPostingPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("postings"), ParamSegment("id"), StaticSegment("applicants")) view=pages::employer::ApplicantsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("postings"), ParamSegment("id"), StaticSegment("check-in")) view=pages::shift::CheckInScreenPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("check-in"), ParamSegment("id")) view=pages::shift::CheckInPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("places"), ParamSegment("id")) view=pages::place_thread::PlaceThreadPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("wage-cases"), ParamSegment("id")) view=pages::shift::WageCasePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("buses"), ParamSegment("id")) view=pages::buses::BoardingPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("markets"), ParamSegment("slug")) view=pages::stations::MarketEditorPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("help"), ParamSegment("id")) view=pages::help::HelpCasePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("me"), StaticSegment("help")) view=pages::help::MyHelpPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("me"), StaticSegment("invitations")) view=pages::talent::MyTalentInvitationsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("employer"), StaticSegment("talent")) view=pages::talent::TalentSearchPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("agencies") view=pages::agencies::AgenciesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("agencies"), ParamSegment("id")) view=pages::agencies::StorefrontPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("courses") view=pages::courses::CoursesPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("fairs") view=pages::fairs::FairsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("developers"), StaticSegment("api")) view=pages::developers::DevelopersPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("fairs"), ParamSegment("id")) view=pages::fairs::FairPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("fairs"), ParamSegment("id")) view=pages::fairs::FairDeskPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("courses"), ParamSegment("id")) view=pages::courses::CoursePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("courses"), ParamSegment("id"), StaticSegment("roster")) view=pages::courses::CourseRosterPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static EARLY_INPUT: std::cell::RefCell<Option<early_input::Watch>> = const { std::cell::RefCell::new(None) };
}

/// The Wasm entry point, before the islands hydrate: starts the reactive system for them, and notes what
/// the person has already typed into the server's HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    if let Some(body) = document().body() {
        let watch = early_input::Watch::start(body.into());
        EARLY_INPUT.with(|w| *w.borrow_mut() = Some(watch));
    }
}

/// After every island has hydrated: puts back what hydration overwrote of the person's typing.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrated() {
    if let Some(watch) = EARLY_INPUT.with(|w| w.borrow_mut().take()) {
        watch.restore();
    }
    // Lets tests (and curious developers) tell a live page from the server's HTML.
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

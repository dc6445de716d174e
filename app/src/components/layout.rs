use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::prefs::SavePrefs;
use crate::components::live::{LiveUpdates, MESSAGES_LINK};
use crate::csrf::CsrfField;
use crate::i18n::{use_account_texts, use_market_texts, use_texts, Lang};
use crate::model::Role;
use crate::prefs::{use_prefs, Prefs};
use crate::resource::UserResource;

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
                <span class="brand-name brand-name-short">{move || t().site_name_short}</span>
            </A>
            <A href="/markets" attr:class="nav-link">{move || t().markets_nav}</A>
            <AccountLink/>
            <a class="hotline" href="tel:12333" title=move || t().hotline_hint>
                <span class="hotline-label">{move || t().hotline_label}</span>
                <span class="hotline-number">"12333"</span>
            </a>
            <PrefsToggles/>
        </header>
    }
}

/// "Sign in", or the way to one's own page once signed in.
#[component]
fn AccountLink() -> impl IntoView {
    let a = use_account_texts();
    let user = expect_context::<UserResource>();
    let feed = expect_context::<crate::components::live::FeedResource>();
    // Signing in from the header comes back to the page it was on.
    let location = leptos_router::hooks::use_location();
    let sign_in = Signal::derive(move || {
        let search = location.search.get();
        let page = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        crate::model::return_path::sign_in_href(&page)
    });
    view! {
        <Transition fallback=move || view! { <A href=move || sign_in.get() attr:class="nav-link">{move || a().nav_sign_in}</A> }>
            {move || Suspend::new(async move {
                match user.await.ok().flatten() {
                    Some(u) if matches!(u.role, Role::Staff | Role::Admin) => {
                        view! { <A href="/staff" attr:class="nav-link">{move || a().nav_staff}</A> }.into_any()
                    }
                    Some(_) => {
                        // Awaited here, so the page always carries the count it was rendered with: the
                        // live updates re-fetch the page to change it.
                        let unread = feed.await.map(|f| f.unread).unwrap_or(0);
                        view! {
                            <A href="/me" attr:class="nav-link">{move || a().nav_my_account}</A>
                            <MessagesLink unread/>
                            <LiveUpdates/>
                        }
                        .into_any()
                    }
                    None => view! { <A href=move || sign_in.get() attr:class="nav-link">{move || a().nav_sign_in}</A> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// "Messages", with the unread count; [`LiveUpdates`] swaps in a fresh one (by its id) on every event.
#[component]
fn MessagesLink(unread: i64) -> impl IntoView {
    let m = use_market_texts();
    view! {
        <A href="/messages" attr:class="nav-link messages-link" attr:id=MESSAGES_LINK>
            {move || m().nav_messages}
            // Always in the markup, hidden at zero, so a swapped-in link shows or hides it alike.
            <span class="unread-badge" hidden=unread == 0 aria-label=move || (m().unread)(unread)>
                {unread.min(99)}
            </span>
        </A>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let t = use_texts();
    let b = crate::i18n::use_board_texts();
    let d = crate::i18n::use_api_texts();
    let ag = crate::i18n::use_agency_texts();
    view! {
        <footer class="site-footer">
            <p>
                <A href="/boards" attr:class="footer-link">{move || b().nav_boards}</A>" · "
                <A href="/agencies" attr:class="footer-link">{move || ag().list_title}</A>" · "
                <A href="/developers/api" attr:class="footer-link">{move || d().footer_link}</A>
            </p>
            <p>{move || t().hotline_hint}</p>
            <p>{move || t().footer_note}</p>
        </footer>
    }
}

/// Elder mode and language, one tap each, on every page. Each toggle is a plain form: it posts to
/// [`SavePrefs`], which sets the cookie, and the page comes back in the new form, rendered by the server.
#[component]
fn PrefsToggles() -> impl IntoView {
    let t = use_texts();
    let prefs = use_prefs();
    let current = move || prefs.map(|p| p.get()).unwrap_or_default();
    let elder_toggled = Signal::derive(move || {
        let p = current();
        Prefs {
            elder: !p.elder,
            ..p
        }
    });
    let lang_toggled = Signal::derive(move || {
        let p = current();
        Prefs {
            lang: if p.lang == Lang::Zh {
                Lang::En
            } else {
                Lang::Zh
            },
            ..p
        }
    });
    view! {
        <div class="prefs" role="group">
            <PrefsForm next=elder_toggled>
                <button type="submit" class="pref-toggle" aria-pressed=move || current().elder.to_string()>
                    {move || if current().elder { t().standard_mode } else { t().elder_mode }}
                </button>
            </PrefsForm>
            <PrefsForm next=lang_toggled>
                <button type="submit" class="pref-toggle" lang=move || lang_toggled.get().lang.tag()>
                    {move || t().switch_language}
                </button>
            </PrefsForm>
        </div>
    }
}

/// One toggle's form: it asks for the preferences `next`.
#[component]
fn PrefsForm(next: Signal<Prefs>, children: Children) -> impl IntoView {
    view! {
        <form method="post" action=SavePrefs::url()>
            <CsrfField/>
            <input type="hidden" name="lang" value=move || next.get().lang.code()/>
            <input type="hidden" name="elder" value=move || next.get().elder.to_string()/>
            {children()}
        </form>
    }
}

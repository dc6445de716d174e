//! The document's `<title>` and its description.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// A page's title: plain text, fixed when the page renders.
///
/// Every page sets its title through this rather than `leptos_meta::Title` directly, for two reasons
/// found under attack and under load (issue 18):
/// - leptos_meta 0.8 writes the title into the head as it is, unescaped, so a posting titled
///   `</title><script>…` ran its script for every visitor. The text is escaped here, on the server.
/// - leptos_meta evaluates the title's text only when it injects the head into the first chunk of the
///   response, and that step runs outside the request's reactive arena (`Sandboxed` wraps the stream,
///   not the injection). A title that read a signal there found another request's arena, or none, and the
///   server panicked mid-response. A `String` reads nothing.
///
/// Islands never set the title (the browser's [`crate::components::swap`] copies it from the next
/// page's HTML as text), so nothing needs the unescaped text in the Wasm.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text=escape_on_server(text)/> }
}

/// Makes every page's title "page · site". The site's name is text taken now, for the same reason
/// [`PageTitle`] takes a `String`: the formatter runs where no signal may be read.
#[component]
pub fn SiteTitle(site_name: &'static str) -> impl IntoView {
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { site_name.to_owned() } else { format!("{page} · {site_name}") }
        }/>
    }
}

/// The page's description for search engines and link previews: one per page, so the site-wide tagline
/// is each public page's to choose rather than the shell's (a page with its own description had two).
#[component]
pub fn PageDescription(#[prop(into)] text: String) -> impl IntoView {
    view! { <Meta name="description" content=text/> }
}

/// What a link to the page shows when it is shared (WeChat, QQ and others read Open Graph): its title and
/// description, and its address when the page has a canonical one.
#[component]
pub fn ShareCard(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(optional, into)] url: Option<String>,
    /// A picture of the thing shared (a posting's card), 1200×630.
    #[prop(optional_no_strip)]
    image: Option<String>,
) -> impl IntoView {
    view! {
        <Meta property="og:type" content="website"/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        {url.map(|url| view! { <Meta property="og:url" content=url/> })}
        {image.map(|image| view! {
            <Meta property="og:image" content=image/>
            <Meta property="og:image:width" content="1200"/>
            <Meta property="og:image:height" content="630"/>
            <Meta name="twitter:card" content="summary_large_image"/>
        })}
    }
    // Type-erased: the pages that share it are deep enough already for the compiler's layout limits.
    .into_any()
}

#[cfg(feature = "ssr")]
fn escape_on_server(text: String) -> String {
    html_escape::encode_text(&text).into_owned()
}

#[cfg(not(feature = "ssr"))]
fn escape_on_server(text: String) -> String {
    text
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_title_stays_text() {
        assert_eq!(
            escape_on_server("</title><script>alert(1)</script> & co".into()),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
    }

    /// Only this module may use leptos_meta's `Title`: anything else could bring back the unescaped or
    /// the reactive title.
    #[test]
    fn pages_set_their_title_through_page_title() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("components/page_title.rs")
                {
                    let text = std::fs::read_to_string(&path).expect("read file");
                    if text.contains("<Title") || text.contains("leptos_meta::Title") {
                        offenders.push(path.display().to_string());
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "use PageTitle in {offenders:?}");
    }
}

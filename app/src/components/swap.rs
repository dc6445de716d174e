//! Showing fresh server HTML in place, without a reload: the browser fetches the page again and puts the
//! parts that changed (found by id) in place of the old ones. The islands that asked keep their state;
//! everything between them is the server's HTML, so the server stays the one place that renders it.

use wasm_bindgen::JsCast;

/// Fetches `url` and puts its elements with these ids in place of this page's. With `all`, every id must
/// be on both pages (a search's heading and results); without, whatever the two pages share is
/// refreshed (a live page's regions, the header's unread count). `wanted` is asked once the answer is in:
/// an answer overtaken by a newer request is dropped. False if nothing could be shown.
pub async fn refresh(url: &str, ids: &[&str], all: bool, wanted: impl Fn() -> bool) -> bool {
    let Ok(response) = gloo_net::http::Request::get(url).send().await else {
        return false;
    };
    if !response.ok() {
        return false;
    }
    let Ok(html) = response.text().await else {
        return false;
    };
    let Some(fresh) = web_sys::DomParser::new().ok().and_then(|p| {
        p.parse_from_string(&html, web_sys::SupportedType::TextHtml)
            .ok()
    }) else {
        return false;
    };
    if !wanted() {
        return true;
    }
    let page = leptos::prelude::document();
    let pairs: Vec<_> = ids
        .iter()
        .map(|id| (page.get_element_by_id(id), fresh.get_element_by_id(id)))
        .collect();
    if all
        && pairs
            .iter()
            .any(|(old, new)| old.is_none() || new.is_none())
    {
        return false;
    }
    for (old, new) in pairs {
        if let (Some(old), Some(new)) = (old, new) {
            // Adopting the new nodes (rather than copying markup) keeps their attributes exactly.
            if let Ok(new) = page.import_node_with_deep(&new, true) {
                if let Ok(new) = new.dyn_into::<web_sys::Element>() {
                    let _ = old.replace_with_with_node_1(&new);
                }
            }
        }
    }
    page.set_title(&fresh.title());
    true
}

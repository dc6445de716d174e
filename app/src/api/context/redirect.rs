//! Where a plain form (sent before the Wasm arrives) sends the browser back.

use super::request::request_headers;

/// Where a plain form about a posting sends the browser back: the
/// posting's page as the person had it, marked `{mark}=1` to say what happened, at `#{anchor}`.
pub fn posting_page_after(posting_id: i64, mark: &str, anchor: &str) -> String {
    let referer = request_headers()
        .get(axum::http::header::REFERER)
        .and_then(|r| r.to_str().ok())
        .map(str::to_owned);
    posting_page_marked(posting_id, referer.as_deref(), mark, anchor)
}

/// The posting's page as the referer had it (its query keeps the point distances are measured
/// from), marked; the plain page if the referer is another page, or missing.
pub fn posting_page_marked(
    posting_id: i64,
    referer: Option<&str>,
    mark: &str,
    anchor: &str,
) -> String {
    let page = format!("/postings/{posting_id}");
    let query = referer
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
        .map(|path| path.split('#').next().unwrap_or_default())
        .and_then(|path| match path.split_once('?') {
            Some((path, query)) => (path == page).then_some(query),
            None => (path == page).then_some(""),
        })
        .unwrap_or_default();
    let kept: Vec<&str> = query
        .split('&')
        // Neither an earlier mark nor an earlier error (which the framework puts in the address).
        .filter(|pair| {
            !pair.is_empty()
                && !["reported=", "applied=", "__path=", "__err="]
                    .iter()
                    .any(|name| pair.starts_with(name))
        })
        .collect();
    let mut target = page;
    target.push('?');
    for pair in kept {
        target.push_str(pair);
        target.push('&');
    }
    target.push_str(&format!("{mark}=1#{anchor}"));
    target
}

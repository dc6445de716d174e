//! The number a route names (`/courses/{id}`, `/fairs/{id}` …), read from its path.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The route's `{id}`, or 0 (which no row has: the page then answers "not found") when it is not a
/// number.
pub fn route_id() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    })
}

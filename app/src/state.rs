//! What the server hands to every request: Leptos's options and the database pool. `leptos_axum` provides
//! the whole state as context to server functions, so no global is needed.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;

use crate::model::MapSettings;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub map: MapSettings,
}

//! Server functions, one module per domain. Each one validates its input on the server (the browser's
//! checks are a convenience only), decides access, and calls into [`crate::db`].

pub mod map;
pub mod markets;
pub mod places;
pub mod postings;
pub mod trades;

#[cfg(feature = "ssr")]
mod context {
    use leptos::prelude::use_context;
    use sqlx::PgPool;

    use crate::error::AppError;
    use crate::state::AppState;

    /// The pool, from the state `leptos_axum` puts into every server function's context.
    pub fn pool() -> Result<PgPool, AppError> {
        use_context::<AppState>()
            .map(|state| state.pool)
            .ok_or_else(|| {
                tracing::error!("AppState missing from the server-function context");
                AppError::Internal
            })
    }

    /// Gives a failed server function the status its error deserves: 400 for bad input rather than the
    /// framework's blanket 500, so clients, logs and monitors can tell a caller's mistake from an outage.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(error.status());
            }
        }
        result
    }

    pub use crate::calendar::today;
}

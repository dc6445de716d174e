//! `GET /me/data`: the worker's own data as a file (PIPL's right to a copy).

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::auth::{decide, Action, Denial};
use crate::error::AppError;
use crate::state::AppState;

/// The worker's data as a JSON download (`GET /me/data`): an axum handler, so that a plain link works
/// on any phone. Only the owner gets it; everyone else gets 401.
pub(super) async fn download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let texts = super::lang_of(&headers).texts();
    let exported = async {
        let (caller, _) = crate::auth::current_from(&state.pool, &headers).await?;
        // Signed in but not a worker is 403, as everywhere (README, access tables).
        let principal =
            decide(&caller, &Action::ManageOwnWorkerProfile).map_err(|denial| match denial {
                Denial::Unauthenticated => AppError::Unauthenticated,
                Denial::Forbidden => AppError::Forbidden,
            })?;
        crate::db::workers::export_worker(&state.pool, principal.account_id)
            .await?
            .ok_or(AppError::NotFound)
    }
    .await;
    match exported {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"lingong-my-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(error) => {
            if error.status() == StatusCode::INTERNAL_SERVER_ERROR {
                tracing::error!(%error, "data export failed");
            }
            error.into_plain_response(texts)
        }
    }
}

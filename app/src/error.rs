//! The error type of the server-function layer: what the browser may learn about a failure, and no more.
//! Database details stay in the server log (see [`crate::db::DbError`]); the browser gets a kind it can
//! explain to the person in their language.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::Texts;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// A parameter the caller sent is malformed or out of range; `field` names it.
    #[error("invalid {field}")]
    InvalidInput { field: String },
    /// A field of a form the person filled in is malformed or out of range; `field` names it. Unlike
    /// [`AppError::InvalidInput`] (a parameter of a link), the message asks them to check what they typed.
    #[error("invalid field {field}")]
    InvalidField { field: String },
    #[error("not found")]
    NotFound,
    /// The request needs a signed-in caller and there is none (or the session has ended).
    #[error("not signed in")]
    Unauthenticated,
    /// The caller is signed in but this is not theirs to do.
    #[error("forbidden")]
    Forbidden,
    /// The page's anti-forgery token is missing or wrong: usually a page left open from before.
    #[error("stale page")]
    StalePage,
    /// Too many attempts; `retry_after_s` says when the next one can succeed.
    #[error("rate limited")]
    RateLimited { retry_after_s: u32 },
    /// The sign-in code is wrong, expired or used. One answer for all three, on purpose.
    #[error("code rejected")]
    CodeRejected,
    /// Phone number or password wrong; which of the two is not said.
    #[error("credentials rejected")]
    CredentialsRejected,
    /// The account is suspended by staff.
    #[error("account suspended")]
    Suspended,
    /// The value of `field` is already taken (a credit code registered by another organisation).
    #[error("{field} already registered")]
    Conflict { field: String },
    /// The request is well-formed and allowed, but the thing it acts on is not in a state that permits
    /// it (applying to a closed posting, accepting beyond the headcount); `reason` says which.
    #[error("refused: {reason}")]
    Refused { reason: String },
    /// The database (or another dependency) cannot be reached right now; trying again later may work.
    #[error("temporarily unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// The request never got a proper answer (network down, malformed response).
    #[error("request failed")]
    Transport,
}

impl AppError {
    pub fn conflict(field: &str) -> Self {
        AppError::Conflict {
            field: field.to_owned(),
        }
    }

    pub fn refused(reason: &str) -> Self {
        AppError::Refused {
            reason: reason.to_owned(),
        }
    }

    pub fn invalid_field(field: &str) -> Self {
        AppError::InvalidField {
            field: field.to_owned(),
        }
    }

    pub fn invalid(field: &str) -> Self {
        AppError::InvalidInput {
            field: field.to_owned(),
        }
    }

    /// One sentence for the person using the page.
    pub fn message(&self, t: &Texts) -> String {
        match self {
            AppError::InvalidInput { field } => {
                format!("{}{}", t.error_invalid_prefix, t.field_name(field))
            }
            AppError::InvalidField { field } => {
                format!("{}{}", t.error_field_prefix, t.field_name(field))
            }
            AppError::NotFound => t.error_not_found.to_owned(),
            AppError::Unauthenticated => t.error_unauthenticated.to_owned(),
            AppError::Forbidden => t.error_forbidden.to_owned(),
            AppError::StalePage => t.error_stale_page.to_owned(),
            AppError::RateLimited { retry_after_s } => (t.error_rate_limited)(*retry_after_s),
            AppError::CodeRejected => t.error_code_rejected.to_owned(),
            AppError::CredentialsRejected => t.error_credentials_rejected.to_owned(),
            AppError::Suspended => t.error_suspended.to_owned(),
            AppError::Conflict { field } => {
                format!("{}{}", t.error_conflict_prefix, t.field_name(field))
            }
            AppError::Refused { reason } => t.refusal(reason).to_owned(),
            AppError::Unavailable => t.error_unavailable.to_owned(),
            AppError::Internal => t.error_internal.to_owned(),
            AppError::Transport => t.error_transport.to_owned(),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status a server function answers with when it fails this way.
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            AppError::InvalidInput { .. } | AppError::InvalidField { .. } => {
                StatusCode::BAD_REQUEST
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthenticated | AppError::CredentialsRejected => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::StalePage | AppError::Suspended => {
                StatusCode::FORBIDDEN
            }
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::CodeRejected => StatusCode::BAD_REQUEST,
            AppError::Conflict { .. } | AppError::Refused { .. } => StatusCode::CONFLICT,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Transport => StatusCode::BAD_GATEWAY,
        }
    }

    /// When to try again, for the `Retry-After` header of a 503 or 429.
    pub fn retry_after_s(&self) -> Option<u32> {
        match self {
            AppError::RateLimited { retry_after_s } => Some(*retry_after_s),
            // About the pool's wait for a connection: by then a restarted database is usually back.
            AppError::Unavailable => Some(5),
            _ => None,
        }
    }

    /// This error as a plain HTTP response, for the handlers outside the server functions (downloads,
    /// streams): its status, `Retry-After` where it has one, and its sentence in the person's language.
    pub fn into_plain_response(self, t: &Texts) -> axum::response::Response {
        use axum::response::IntoResponse;
        let mut response = (
            self.status(),
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8",
            )],
            self.message(t),
        )
            .into_response();
        if let Some(seconds) = self.retry_after_s() {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The arguments could not be read: the caller sent something malformed. On the server this
            // runs inside the request's context, so the answer can say 400 instead of the default 500.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                let error = AppError::invalid("request");
                #[cfg(feature = "ssr")]
                if let Some(response) =
                    leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
                {
                    response.set_status(error.status());
                }
                error
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Transport,
            _ => AppError::Internal,
        }
    }
}

//! What a failed API request answers: a status, `Retry-After` where trying again later helps, and a
//! JSON body with a stable code for programs and a sentence for people. Database details stay in the
//! server log, as everywhere else.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::DbError;
use crate::i18n::Lang;

/// An error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable, for programs: `bad_parameter`, `not_found`, `unknown_api_key`, `revoked_api_key`,
    /// `api_key_required`, `import_not_allowed`, `rate_limited`, `unavailable`, `internal`.
    #[schema(schema_with = super::schema::problem_code)]
    pub error: String,
    /// For people, in the language `Accept-Language` asked for (Chinese by default).
    pub message: String,
    /// The query or path parameter that was refused, for `bad_parameter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Seconds until a request can succeed again, for `rate_limited` (also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
}

/// Why an API request failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ApiError {
    BadParameter(&'static str),
    NotFound,
    UnknownKey,
    RevokedKey,
    /// Partners only, and no key was presented.
    KeyRequired,
    /// The key may read but not push postings.
    ImportNotAllowed,
    RateLimited {
        retry_after_s: u32,
    },
    Unavailable,
    Internal,
}

/// Every code a [`Problem`] carries, in the document's order.
pub const PROBLEM_CODES: [&str; 9] = [
    "bad_parameter",
    "not_found",
    "unknown_api_key",
    "revoked_api_key",
    "api_key_required",
    "import_not_allowed",
    "rate_limited",
    "unavailable",
    "internal",
];

impl ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::BadParameter(_) => "bad_parameter",
            ApiError::NotFound => "not_found",
            ApiError::UnknownKey => "unknown_api_key",
            ApiError::RevokedKey => "revoked_api_key",
            ApiError::KeyRequired => "api_key_required",
            ApiError::ImportNotAllowed => "import_not_allowed",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal => "internal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::UnknownKey | ApiError::RevokedKey | ApiError::KeyRequired => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::ImportNotAllowed => StatusCode::FORBIDDEN,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn retry_after_s(&self) -> Option<u32> {
        match self {
            ApiError::RateLimited { retry_after_s } => Some(*retry_after_s),
            ApiError::Unavailable => Some(5),
            _ => None,
        }
    }

    /// The answer, its message in `lang`.
    pub fn respond(self, lang: Lang) -> Response {
        let t = lang.api_texts();
        let message = match &self {
            ApiError::BadParameter(name) => (t.bad_parameter)(name),
            ApiError::NotFound => t.not_found.to_owned(),
            ApiError::UnknownKey => t.unknown_key.to_owned(),
            ApiError::RevokedKey => t.revoked_key.to_owned(),
            ApiError::KeyRequired => t.key_required.to_owned(),
            ApiError::ImportNotAllowed => t.import_not_allowed.to_owned(),
            ApiError::RateLimited { retry_after_s } => (t.rate_limited)(*retry_after_s),
            ApiError::Unavailable => t.unavailable.to_owned(),
            ApiError::Internal => t.internal.to_owned(),
        };
        let body = Problem {
            error: self.code().to_owned(),
            message,
            parameter: match &self {
                ApiError::BadParameter(name) => Some((*name).to_owned()),
                _ => None,
            },
            retry_after: match &self {
                ApiError::RateLimited { retry_after_s } => Some(*retry_after_s),
                _ => None,
            },
        };
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after_s() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Unavailable(_) => {
                tracing::warn!(%error, "API request without a database");
                ApiError::Unavailable
            }
            error => {
                tracing::error!(%error, "API request failed");
                ApiError::Internal
            }
        }
    }
}

/// A handler's failure with the language to tell it in.
pub struct Failed(pub ApiError, pub Lang);

impl IntoResponse for Failed {
    fn into_response(self) -> Response {
        self.0.respond(self.1)
    }
}

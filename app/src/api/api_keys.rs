//! Partners' keys to the public API (`/api/v1`): admins make them, see them, and revoke them. Every
//! change is audited; a key's secret is shown once, to the admin who made it.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{ApiKey, ApiReference, NewApiKey};

/// Every key, the active ones first. Admins.
#[server(prefix = "/api", endpoint = "api-keys/list", client = CsrfClient)]
pub async fn list_api_keys() -> Result<Vec<ApiKey>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            super::context::authorize(&pool, Action::ManageApiKeys).await?;
            Ok(crate::db::api_keys::list(&pool).await?)
        }
        .await,
    )
}

/// Makes a key for a partner with its limit a minute, and whether it may push postings; the answer
/// holds the secret, this once. Admins; audited (without the secret).
#[server(prefix = "/api", endpoint = "api-keys/create", client = CsrfClient)]
pub async fn create_api_key(
    partner: String,
    per_minute: String,
    #[server(default)] may_import: bool,
) -> Result<NewApiKey, AppError> {
    use crate::auth::Action;
    use crate::model::{parse_partner, API_KEY_PER_MINUTE_MAX};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ManageApiKeys).await?;
            let partner = parse_partner(&partner).ok_or(AppError::invalid_field("partner"))?;
            let per_minute: u32 = per_minute
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=API_KEY_PER_MINUTE_MAX).contains(n))
                .ok_or(AppError::invalid_field("per_minute"))?;
            let mut tx = pool.begin().await?;
            let made = crate::db::api_keys::create(
                &mut tx,
                &partner,
                per_minute,
                may_import,
                principal.account_id,
            )
            .await?;
            super::context::audit_change(
                &mut tx,
                &principal,
                "create_api_key",
                ("api_keys", made.key.id),
                serde_json::json!({
                    "partner": partner, "prefix": made.key.prefix, "per_minute": per_minute,
                    "may_import": may_import,
                }),
            )
            .await?;
            tx.commit().await?;
            Ok(made)
        }
        .await,
    )
}

/// Revokes a key for good: requests with it are refused from now on. Admins; audited.
#[server(prefix = "/api", endpoint = "api-keys/revoke", client = CsrfClient)]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::api_keys::Revoked;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ManageApiKeys).await?;
            let mut tx = pool.begin().await?;
            match crate::db::api_keys::revoke(&mut tx, id, principal.account_id).await? {
                Revoked::Now => {}
                Revoked::Already => return Err(AppError::refused("api_key_revoked")),
                Revoked::NoSuchKey => return Err(AppError::NotFound),
            }
            super::context::audit_change(
                &mut tx,
                &principal,
                "revoke_api_key",
                ("api_keys", id),
                serde_json::json!({ "revoked": true }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The public API's reference, read from its OpenAPI document, for the developers' page. Public.
#[server(prefix = "/api", endpoint = "developers/api-reference")]
pub async fn read_api_reference() -> Result<ApiReference, AppError> {
    super::context::respond(Ok(crate::public_api::reference::reference()))
}

//! Matching for workers: "recommended for you" and saved searches (job alerts).
//!
//! One concern, three names on purpose: the domain's word is matching (精准匹配) here and in
//! [`crate::db::matching`]; the page a worker opens is named for what they see, `/for-you`
//! ([`crate::pages::for_you`]); an alert is what a saved search sends when a posting matches it.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{Recommendations, SavedSearch, SearchQuery};

/// Open postings for the signed-in worker, best first, each with the reasons it was chosen.
#[server(prefix = "/api", endpoint = "matching/recommendations", client = CsrfClient)]
pub async fn recommended_postings() -> Result<Recommendations, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            Ok(
                crate::db::matching::recommend(&pool, worker_id, super::context::today(), 20)
                    .await?,
            )
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "matching/saved-searches", client = CsrfClient)]
pub async fn saved_searches() -> Result<Vec<SavedSearch>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            Ok(crate::db::matching::saved_searches(&pool, worker_id).await?)
        }
        .await,
    )
}

/// Saves the search for alerts: the worker is notified when a new posting matches it, in the feed and,
/// with `texts`, by text message too (in the language of the page it was saved from).
#[server(prefix = "/api", endpoint = "matching/save-search", client = CsrfClient, input = Json)]
pub async fn save_search(
    label: String,
    query: SearchQuery,
    texts: Option<bool>,
) -> Result<i64, AppError> {
    use crate::auth::Action;
    use crate::db::DbError;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let label = super::context::clean_text(
                &label,
                crate::model::SAVED_SEARCH_LABEL_MAX_CHARS,
                "label",
            )?;
            if label.is_empty() {
                return Err(AppError::invalid_field("label"));
            }
            query.check().map_err(|bad| AppError::invalid(bad.0))?;
            if let Some(trade) = &query.trade {
                if !crate::db::trades::exists(&pool, trade).await? {
                    return Err(AppError::invalid("trade"));
                }
            }
            let alerts = crate::db::matching::AlertsBy {
                texts: texts.unwrap_or(false),
                lang: crate::prefs::from_request().lang,
            };
            let mut conn = pool.acquire().await?;
            match crate::db::matching::save_search(&mut conn, worker_id, &label, &query, alerts)
                .await
            {
                Ok(id) => Ok(id),
                Err(DbError::Constraint { constraint, .. })
                    if constraint == "saved_searches_limit" =>
                {
                    Err(AppError::refused("too_many_saved_searches"))
                }
                Err(DbError::Constraint { constraint, .. }) => {
                    tracing::warn!(constraint, "saved search refused by the database");
                    Err(AppError::invalid("request"))
                }
                Err(e) => Err(e.into()),
            }
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "matching/delete-search", client = CsrfClient)]
pub async fn delete_saved_search(id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            if crate::db::matching::delete_saved_search(&pool, worker_id, id).await? {
                Ok(())
            } else {
                Err(AppError::NotFound)
            }
        }
        .await,
    )
}

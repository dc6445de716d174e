use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{SearchQuery, SearchResults};

/// Searches open postings. Public: postings are what the market exists to show, and a summary carries
/// nothing personal. The browser's parsing of the URL is re-checked here: this is the boundary.
// JSON rather than the default form encoding: an all-default query would otherwise be an empty body that
// cannot be told apart from a missing argument.
#[server(prefix = "/api", endpoint = "postings/search", input = Json)]
pub async fn search_postings(query: SearchQuery) -> Result<SearchResults, AppError> {
    super::context::respond(
        async {
            query.check().map_err(|bad| AppError::invalid(bad.0))?;
            let pool = super::context::pool()?;
            // An unknown trade is the caller's mistake and gets named as such, not an empty list that
            // looks like a quiet market.
            if let Some(trade) = &query.trade {
                if !crate::db::trades::exists(&pool, trade).await? {
                    return Err(AppError::invalid("trade"));
                }
            }
            Ok(crate::db::postings::search(&pool, super::context::today(), &query).await?)
        }
        .await,
    )
}


use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{PostingPage, TodayQuery};

/// Today's open postings, newest first, optionally for one trade or sector. Public: postings are what the
/// market exists to show, and nothing personal is in a summary.
// JSON rather than the default form encoding: an all-default query would otherwise be an empty body that
// cannot be told apart from a missing argument.
#[server(prefix = "/api", endpoint = "postings/today", input = Json)]
pub async fn today_postings(query: TodayQuery) -> Result<PostingPage, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            // An unknown trade is the caller's mistake and gets named as such, not an empty list that
            // looks like a quiet market.
            if let Some(trade) = &query.trade {
                if !crate::db::trades::exists(&pool, trade).await? {
                    return Err(AppError::invalid("trade"));
                }
            }
            Ok(crate::db::postings::open_on_day(&pool, super::context::today(), &query).await?)
        }
        .await,
    )
}

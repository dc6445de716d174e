use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{CallState, Point, PostingDetail, SearchQuery, SearchResults};

/// Searches open postings. Public: postings are what the market exists to show, and a summary carries
/// nothing personal. The browser's parsing of the URL is re-checked here: this is the boundary.
// JSON rather than the default form encoding: an all-default query would otherwise be an empty body that
// cannot be told apart from a missing argument.
#[server(prefix = "/api", endpoint = "postings/search", input = Json)]
pub async fn search_postings(query: SearchQuery) -> Result<SearchResults, AppError> {
    super::context::respond(
        async {
            query.check().map_err(|bad| AppError::invalid(bad.0))?;
            let state = super::context::state()?;
            let today = super::context::today();
            Ok(state
                .search
                .answer(&super::context::read_pool()?, today, &query)
                .await?)
        }
        .await,
    )
}

/// The number to call about a posting, for a signed-in worker, when the employer welcomes calls and
/// the posting is open. Given one posting at a time and counted per account and per address (at most
/// 30 an hour and 100 a day; 300 an hour from one address), so the organisations' phones are not a
/// list to harvest.
#[server(prefix = "/api", endpoint = "postings/call", client = super::client::CsrfClient)]
pub async fn call_number(posting_id: i64) -> Result<CallState, AppError> {
    use crate::auth::sign_in::{enforce, Limit};
    use crate::auth::Caller;
    use crate::db::auth::AuthEvent;
    use crate::model::Role;
    const PER_ACCOUNT: [Limit; 2] = [
        Limit {
            max: 30,
            window_s: 3600,
        },
        Limit {
            max: 100,
            window_s: 24 * 3600,
        },
    ];
    // A market hall's workers share one address.
    const PER_ADDRESS: [Limit; 1] = [Limit {
        max: 300,
        window_s: 3600,
    }];
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let number =
                crate::db::postings::call_number(&mut tx, posting_id, super::context::today())
                    .await?
                    .ok_or(AppError::NotFound)?;
            let Some(number) = number else {
                return Ok(CallState::NotOffered);
            };
            let account = match caller {
                Caller::Anonymous => return Ok(CallState::SignedOut),
                Caller::SignedIn(p) if p.role == Role::Worker => p.account_id,
                Caller::SignedIn(_) => return Ok(CallState::NotAWorker),
            };
            // Counted by account, in the events' key column, and by address.
            let key = format!("account:{account}");
            let ip = crate::auth::client_ip();
            enforce(
                &mut tx,
                AuthEvent::ContactShown,
                Some(&key),
                None,
                &PER_ACCOUNT,
            )
            .await?;
            enforce(&mut tx, AuthEvent::ContactShown, None, ip, &PER_ADDRESS).await?;
            crate::db::auth::record_event(&mut tx, AuthEvent::ContactShown, Some(&key), ip).await?;
            tx.commit().await?;
            Ok(CallState::Number(number))
        }
        .await,
    )
}

/// One posting, for its page. Public, like the list; closed and expired postings are still shown (and say
/// so), drafts are not.
#[server(prefix = "/api", endpoint = "postings/get", input = Json)]
pub async fn get_posting(id: i64, from: Option<Point>) -> Result<PostingDetail, AppError> {
    super::context::respond(
        async {
            if id <= 0 {
                return Err(AppError::NotFound);
            }
            let state = super::context::state()?;
            let pool = super::context::read_pool()?;
            let mut detail = crate::db::postings::find(&pool, id, super::context::today())
                .await?
                .ok_or(AppError::NotFound)?;
            if let Some(from) = from {
                let from =
                    Point::new(from.lng, from.lat).ok_or_else(|| AppError::invalid("near"))?;
                detail.distance_m = Some(from.metres_to(detail.summary.location).round() as u32);
            }
            detail.canonical_url = format!("{}/postings/{id}", state.public_url);
            if state.share_cards.is_some() {
                detail.share_image = Some(format!("{}/postings/{id}/card.png", state.public_url));
            }
            detail.json_ld = json_ld::job_posting(&detail);
            Ok(detail)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod json_ld {
    use crate::model::PostingDetail;

    /// schema.org JobPosting, so search engines and job aggregators understand the page.
    pub fn job_posting(detail: &PostingDetail) -> String {
        let value = crate::public_api::schema_org::job_posting(
            &detail.summary,
            &detail.description,
            &detail.canonical_url,
            detail.posted_at,
        );
        // Inside <script>, "</" would end the element: keep every angle bracket and ampersand escaped.
        value
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }
}

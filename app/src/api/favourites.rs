//! 收藏 and 关注 for workers: keep a posting, follow its organisation, and the page listing both.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{KeepState, Kept};

/// The worker's page of both lists.
pub const KEPT_PAGE: &str = "/me/saved";

/// Keeps a posting (`keep`) or lets it go. A posted form goes back to the posting's page, or to the
/// worker's lists when it came from there (`from_list`).
#[server(prefix = "/api", endpoint = "favourites/keep", client = CsrfClient)]
pub async fn keep_posting(
    posting_id: i64,
    keep: bool,
    #[server(default)] from_list: Option<bool>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let kept =
                crate::db::favourites::set_favourite(&pool, worker_id, posting_id, keep).await;
            match kept {
                Ok(true) => {}
                Ok(false) => return Err(AppError::NotFound),
                Err(crate::db::DbError::Constraint { constraint, .. })
                    if constraint == "favourite_postings_limit" =>
                {
                    return Err(AppError::refused("too_many_favourites"))
                }
                Err(e) => return Err(e.into()),
            }
            if super::context::wants_page_back() {
                if from_list == Some(true) {
                    leptos_axum::redirect(KEPT_PAGE);
                } else {
                    leptos_axum::redirect(&super::context::posting_page_after(
                        posting_id, "kept", "keep",
                    ));
                }
            }
            Ok(())
        }
        .await,
    )
}

/// Follows an organisation (`follow`) or stops. A posted form goes back to the page it came from
/// when that is a posting's (given as `posting_id`), else to the worker's lists.
#[server(prefix = "/api", endpoint = "favourites/follow", client = CsrfClient)]
pub async fn follow_employer(
    employer_id: i64,
    follow: bool,
    #[server(default)] posting_id: Option<i64>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            match crate::db::favourites::set_follow(&pool, worker_id, employer_id, follow).await {
                Ok(true) => {}
                Ok(false) => return Err(AppError::NotFound),
                Err(crate::db::DbError::Constraint { constraint, .. })
                    if constraint == "followed_employers_limit" =>
                {
                    return Err(AppError::refused("too_many_follows"))
                }
                Err(e) => return Err(e.into()),
            }
            if super::context::wants_page_back() {
                match posting_id {
                    Some(posting_id) => leptos_axum::redirect(&super::context::posting_page_after(
                        posting_id, "kept", "keep",
                    )),
                    None => leptos_axum::redirect(KEPT_PAGE),
                }
            }
            Ok(())
        }
        .await,
    )
}

/// The worker's kept postings and followed organisations.
#[server(prefix = "/api", endpoint = "favourites/mine", client = CsrfClient)]
pub async fn my_kept() -> Result<Kept, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let today = crate::calendar::today();
            Ok(Kept {
                postings: crate::db::favourites::favourites(&pool, worker_id, today).await?,
                employers: crate::db::favourites::follows(&pool, worker_id, today).await?,
            })
        }
        .await,
    )
}

/// Whether the caller keeps a posting and follows its organisation: what the posting page's buttons
/// show. Never an error for a caller who keeps no lists; the state says why instead.
#[server(prefix = "/api", endpoint = "favourites/state", client = CsrfClient)]
pub async fn keeping(posting_id: i64) -> Result<KeepState, AppError> {
    use crate::auth::Caller;
    use crate::model::Role;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            Ok(match super::context::caller(&pool).await? {
                Caller::Anonymous => KeepState::SignedOut,
                Caller::SignedIn(p) => match (p.role, p.worker_id) {
                    (Role::Worker, Some(worker_id)) => {
                        crate::db::favourites::standing(&pool, worker_id, posting_id)
                            .await?
                            .ok_or(AppError::NotFound)?
                    }
                    _ => KeepState::NotAWorker,
                },
            })
        }
        .await,
    )
}

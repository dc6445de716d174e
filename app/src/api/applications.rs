//! Applying (报名) for workers: one tap, withdraw, and the status of every application.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{ApplyState, MyApplication};

/// Applies for a posting, with an optional short message to the employer.
#[server(prefix = "/api", endpoint = "applications/apply", client = CsrfClient)]
pub async fn apply(
    posting_id: i64,
    message: Option<String>,
    /// Asked for when the profile has no name yet (and then required); ignored when it has one.
    #[server(default)]
    name: Option<String>,
    /// Optional with the name: the year of birth, as the form's text.
    #[server(default)]
    birth_year: Option<String>,
) -> Result<i64, AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let message = super::context::clean_text(
                message.as_deref().unwrap_or(""),
                crate::model::APPLY_MESSAGE_MAX_CHARS,
                "message",
            )?;
            let name = super::context::clean_text(
                name.as_deref().unwrap_or(""),
                crate::model::NAME_MAX_CHARS,
                "name",
            )?;
            let birth_year = match birth_year.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(year) => Some(
                    year.parse::<i16>()
                        .ok()
                        .filter(|y| {
                            crate::model::birth_year_ok(
                                *y,
                                chrono::Datelike::year(&crate::calendar::today()),
                            )
                        })
                        .ok_or_else(|| AppError::invalid_field("birth_year"))?,
                ),
            };
            let mut tx = pool.begin().await?;
            // The employer decides on a name, not a blank: a profile without one gets it here. Whether
            // the posting may be applied for is said first; a refusal rolls the name back with the rest.
            let named =
                crate::db::workers::fill_in_name(&mut tx, worker_id, &name, birth_year).await?;
            let applied =
                crate::db::applications::apply(&mut tx, worker_id, posting_id, &message).await?;
            if !named {
                return Err(AppError::invalid_field("name"));
            }
            notifications::push(
                &mut tx,
                Recipients::Employer(applied.employer_id),
                notifications::New {
                    kind: NotificationKind::NewApplicant,
                    posting_id: Some(posting_id),
                    application_id: Some(applied.application_id),
                    title: &applied.title,
                    detail: "",
                },
            )
            .await?;
            tx.commit().await?;
            // The posted form's browser goes back to its page, which then says so.
            if super::context::wants_page_back() {
                leptos_axum::redirect(&super::context::posting_page_after(
                    posting_id, "applied", "apply",
                ));
            }
            Ok(applied.application_id)
        }
        .await,
    )
}

/// Withdraws one's own application, or gives up a place one holds (not after the shift was recorded).
/// Inside 24 hours of the shift giving up a place needs a reason, recorded with it.
#[server(prefix = "/api", endpoint = "applications/withdraw", client = CsrfClient)]
pub async fn withdraw(
    application_id: i64,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let reason = cancel_reason(reason.as_deref())?;
            let mut tx = pool.begin().await?;
            let withdrawn = crate::db::applications::withdraw(
                &mut tx,
                worker_id,
                application_id,
                reason.as_deref(),
            )
            .await?;
            notifications::push(
                &mut tx,
                Recipients::Employer(withdrawn.employer_id),
                notifications::New {
                    kind: NotificationKind::ApplicationWithdrawn,
                    posting_id: Some(withdrawn.posting_id),
                    application_id: Some(application_id),
                    title: &withdrawn.title,
                    detail: reason.as_deref().unwrap_or(""),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// A reason for giving up or cancelling a place: trimmed, none when blank, refused when too long or
/// carrying control characters.
#[cfg(feature = "ssr")]
pub(crate) fn cancel_reason(reason: Option<&str>) -> Result<Option<String>, AppError> {
    match reason.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(Some(super::context::clean_text(
            r,
            crate::model::REASON_MAX_CHARS,
            "reason",
        )?)),
        _ => Ok(None),
    }
}

/// The worker confirms they will come to the shift of a place they hold (确认到岗); the employer is told.
#[server(prefix = "/api", endpoint = "applications/confirm", client = CsrfClient)]
pub async fn confirm_place(application_id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            let confirmed =
                crate::db::applications::confirm(&mut tx, worker_id, application_id).await?;
            notifications::push(
                &mut tx,
                Recipients::Employer(confirmed.employer_id),
                notifications::New {
                    kind: NotificationKind::PlaceConfirmed,
                    posting_id: Some(confirmed.posting_id),
                    application_id: Some(application_id),
                    title: &confirmed.title,
                    detail: "",
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The worker's applications, most recently changed first.
#[server(prefix = "/api", endpoint = "applications/mine", client = CsrfClient)]
pub async fn my_applications() -> Result<Vec<MyApplication>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            Ok(crate::db::applications::mine(&pool, worker_id, 200).await?)
        }
        .await,
    )
}

/// Where the caller stands on a posting: what the posting page's apply button shows. Never an error
/// for a caller who may not apply; the state says why instead.
#[server(prefix = "/api", endpoint = "applications/state", client = CsrfClient)]
pub async fn standing_on(posting_id: i64) -> Result<ApplyState, AppError> {
    use crate::auth::Caller;
    use crate::model::Role;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            Ok(match super::context::caller(&pool).await? {
                Caller::Anonymous => ApplyState::SignedOut,
                Caller::SignedIn(p) => match (p.role, p.worker_id) {
                    (Role::Worker, Some(worker_id)) => {
                        crate::db::applications::apply_state(&pool, worker_id, posting_id).await?
                    }
                    _ => ApplyState::NotAWorker,
                },
            })
        }
        .await,
    )
}

//! Appeals against recorded no-shows (缺勤申诉): the worker appeals the marking on their place, the
//! staff who decide the posting's wage cases uphold or reject it.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::NoShowAppealCase;

/// The worker appeals the no-show an employer recorded on their place, once, within the days allowed,
/// with a reason staff read. The employer hears of it.
#[server(prefix = "/api", endpoint = "no-shows/appeal", client = CsrfClient)]
pub async fn appeal_no_show(application_id: i64, reason: String) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, APPEAL_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let reason = super::context::clean_text(&reason, APPEAL_MAX_CHARS, "reason")?;
            if reason.chars().count() < 2 {
                return Err(AppError::invalid_field("reason"));
            }
            let mut tx = pool.begin().await?;
            let place =
                crate::db::no_show_appeals::appeal(&mut tx, application_id, worker_id, &reason)
                    .await?;
            notifications::push(
                &mut tx,
                Recipients::Employer(place.employer_id),
                notifications::New {
                    kind: NotificationKind::NoShowAppealed,
                    posting_id: Some(place.posting_id),
                    application_id: Some(application_id),
                    title: &place.title,
                    detail: &reason,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Open no-show appeals about postings in the caller's scope, oldest first.
#[server(prefix = "/api", endpoint = "no-shows/appeals", client = CsrfClient)]
pub async fn no_show_appeals() -> Result<Vec<NoShowAppealCase>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::no_show_appeals::open_appeals(&pool, principal.scope, 100).await?)
        }
        .await,
    )
}

/// Staff decide a no-show appeal, once: upheld, the no-show leaves the worker's attendance. Both sides
/// hear of it. Audited.
#[server(prefix = "/api", endpoint = "no-shows/decide-appeal", client = CsrfClient)]
pub async fn decide_no_show_appeal(application_id: i64, uphold: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    use crate::db::notifications::{self, Recipients};
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let mut tx = pool.begin().await?;
            let area = crate::db::applications::posting_area(&mut tx, application_id)
                .await?
                .ok_or(AppError::NotFound)?;
            // The same staff who decide wage cases about the posting's place.
            let principal =
                super::context::authorize_as(&pool, &caller, Action::HandleWageCase { area })
                    .await?;
            let place = crate::db::no_show_appeals::decide(
                &mut tx,
                application_id,
                uphold,
                principal.account_id,
            )
            .await?;
            for recipients in [
                Recipients::Worker(place.worker_id),
                Recipients::Employer(place.employer_id),
            ] {
                notifications::push(
                    &mut tx,
                    recipients,
                    notifications::New {
                        kind: if uphold {
                            NotificationKind::NoShowUpheld
                        } else {
                            NotificationKind::NoShowRejected
                        },
                        posting_id: Some(place.posting_id),
                        application_id: Some(application_id),
                        title: &place.title,
                        detail: "",
                    },
                )
                .await?;
            }
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: if uphold {
                        "uphold_no_show_appeal"
                    } else {
                        "reject_no_show_appeal"
                    },
                    subject_table: "no_show_appeals",
                    subject_id: Some(application_id),
                    before: Some(serde_json::json!({ "status": "open" })),
                    after: Some(serde_json::json!({ "uphold": uphold })),
                    refused: false,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

//! Messages about a place (留言): the thread between a worker given a place and the employer, a message
//! to every worker of a posting at once, and reporting a message to staff. Limited per account; the
//! other side hears of each message through its notifications, live.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{PlaceThread, ReportedMessage};

/// Messages an account may write: enough for any arrangement, too few to spam with.
#[cfg(feature = "ssr")]
const MESSAGE_LIMITS: [crate::auth::sign_in::Limit; 2] = [
    crate::auth::sign_in::Limit {
        max: 20,
        window_s: 600,
    },
    crate::auth::sign_in::Limit {
        max: 200,
        window_s: 24 * 3600,
    },
];

/// The caller's side of a place (its thread, its ratings): a worker, or a member of an organisation.
#[cfg(feature = "ssr")]
pub(super) async fn side_of_caller(
    pool: &sqlx::PgPool,
) -> Result<(crate::auth::Principal, crate::db::place_messages::Side), AppError> {
    use crate::auth::{Action, Caller};
    use crate::db::place_messages::Side;
    use crate::model::Role;
    let caller = super::context::caller(pool).await?;
    match &caller {
        Caller::SignedIn(p) => match (p.role, p.worker_id, p.employer_id) {
            (Role::Worker, Some(worker), _) => return Ok((p.clone(), Side::Worker(worker))),
            (Role::Employer, _, Some(employer)) => {
                return Ok((p.clone(), Side::Employer(employer)))
            }
            _ => {}
        },
        Caller::Anonymous => {}
    }
    // Nobody else has places: refused (and a signed-in refusal audited) as a worker's action would be.
    super::context::authorize_as(pool, &caller, Action::ActAsWorker).await?;
    Err(AppError::Forbidden)
}

/// Counts a message against the account, refusing one over the limit.
#[cfg(feature = "ssr")]
async fn count_message(conn: &mut sqlx::PgConnection, account_id: i64) -> Result<(), AppError> {
    use crate::db::auth::AuthEvent;
    let key = format!("account:{account_id}");
    crate::auth::sign_in::enforce(
        conn,
        AuthEvent::MessageSent,
        Some(&key),
        None,
        &MESSAGE_LIMITS,
    )
    .await?;
    crate::db::auth::record_event(conn, AuthEvent::MessageSent, Some(&key), None).await?;
    Ok(())
}

/// A place's thread, for its worker or a member of the organisation.
#[server(prefix = "/api", endpoint = "places/thread", client = CsrfClient)]
pub async fn read_place_thread(application_id: i64) -> Result<PlaceThread, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (_, side) = side_of_caller(&pool).await?;
            crate::db::place_messages::thread(&pool, application_id, side)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Writes a message in a place's thread; the other side is told.
#[server(prefix = "/api", endpoint = "places/write", client = CsrfClient)]
pub async fn write_message(application_id: i64, body: String) -> Result<(), AppError> {
    use crate::db::notifications::{self, Recipients};
    use crate::db::place_messages::{self, MessageError, Side};
    use crate::model::{NotificationKind, MESSAGE_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let body = super::context::clean_text(&body, MESSAGE_MAX_CHARS, "body")?;
            if body.is_empty() {
                return Err(AppError::invalid_field("body"));
            }
            let (principal, side) = side_of_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let parties = place_messages::parties(&mut tx, application_id, side)
                .await?
                .ok_or(AppError::NotFound)?;
            if !parties.open {
                return Err(MessageError::Closed.into());
            }
            count_message(&mut tx, principal.account_id).await?;
            let from_worker = matches!(side, Side::Worker(_));
            place_messages::write(&mut tx, &parties, from_worker, principal.account_id, &body)
                .await?;
            let to = if from_worker {
                Recipients::Employer(parties.employer_id)
            } else {
                Recipients::Worker(parties.worker_id)
            };
            notifications::push(
                &mut tx,
                to,
                notifications::New {
                    kind: NotificationKind::PlaceMessage,
                    posting_id: Some(parties.posting_id),
                    application_id: Some(application_id),
                    title: &parties.title,
                    detail: &body
                        .chars()
                        .take(crate::model::MESSAGE_NOTICE_CHARS)
                        .collect::<String>(),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The employer writes to every worker holding a place on a posting at once (群发); how many.
#[server(prefix = "/api", endpoint = "places/broadcast", client = CsrfClient)]
pub async fn broadcast_message(posting_id: i64, body: String) -> Result<u32, AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, MESSAGE_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let body = super::context::clean_text(&body, MESSAGE_MAX_CHARS, "body")?;
            if body.is_empty() {
                return Err(AppError::invalid_field("body"));
            }
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::PostAsEmployer).await?;
            let mut tx = pool.begin().await?;
            let (owner, title) = crate::db::employer_postings::owner_and_title(&mut tx, posting_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let principal = super::context::authorize_as(
                &pool,
                &caller,
                Action::ManagePosting { employer_id: owner },
            )
            .await?;
            count_message(&mut tx, principal.account_id).await?;
            let written = crate::db::place_messages::broadcast(
                &mut tx,
                owner,
                posting_id,
                principal.account_id,
                &body,
            )
            .await?;
            let detail: String = body
                .chars()
                .take(crate::model::MESSAGE_NOTICE_CHARS)
                .collect();
            for &(application_id, worker_id) in &written {
                notifications::push(
                    &mut tx,
                    Recipients::Worker(worker_id),
                    notifications::New {
                        kind: NotificationKind::PlaceMessage,
                        posting_id: Some(posting_id),
                        application_id: Some(application_id),
                        title: &title,
                        detail: &detail,
                    },
                )
                .await?;
            }
            tx.commit().await?;
            Ok(u32::try_from(written.len()).unwrap_or(u32::MAX))
        }
        .await,
    )
}

/// The reader reports a message the other side wrote, once, with a reason; staff of the posting's
/// area see it.
#[server(prefix = "/api", endpoint = "places/report", client = CsrfClient)]
pub async fn report_message(message_id: i64, reason: String) -> Result<(), AppError> {
    use crate::model::MESSAGE_REPORT_MAX_CHARS;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason = super::context::clean_text(&reason, MESSAGE_REPORT_MAX_CHARS, "reason")?;
            if reason.chars().count() < 2 {
                return Err(AppError::invalid_field("reason"));
            }
            let (_, side) = side_of_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            crate::db::place_messages::report(&mut tx, message_id, side, &reason).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Staff of the posting's area decide a report once: the message hidden from both sides, or kept.
/// Audited.
#[server(prefix = "/api", endpoint = "places/decide-report", client = CsrfClient)]
pub async fn decide_message_report(message_id: i64, hide: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let mut tx = pool.begin().await?;
            let area = crate::db::place_messages::message_area(&mut tx, message_id)
                .await?
                .ok_or(AppError::NotFound)?;
            // The same staff who decide wage cases about the place the message is about.
            let principal =
                super::context::authorize_as(&pool, &caller, Action::HandleWageCase { area })
                    .await?;
            crate::db::place_messages::decide_report(
                &mut tx,
                message_id,
                hide,
                principal.account_id,
            )
            .await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: if hide {
                        "hide_reported_message"
                    } else {
                        "keep_reported_message"
                    },
                    subject_table: "place_messages",
                    subject_id: Some(message_id),
                    before: None,
                    after: Some(serde_json::json!({ "hidden": hide })),
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

/// Reported messages about postings in the caller's scope.
#[server(prefix = "/api", endpoint = "places/reported", client = CsrfClient)]
pub async fn reported_messages() -> Result<Vec<ReportedMessage>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::place_messages::reported_in_scope(&pool, principal.scope, 100).await?)
        }
        .await,
    )
}

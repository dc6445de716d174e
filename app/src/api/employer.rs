//! Employers' tools (用人单位): posting management and applicant management. Every function checks that
//! the caller belongs to the organisation owning the posting (or application) before touching it.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{
    ApplicantList, Decision, EditablePosting, ManagedPosting, PostingForm, PostingStatus,
    SavedPosting,
};

/// The caller's organisation's postings.
#[server(prefix = "/api", endpoint = "employer/postings", client = CsrfClient)]
pub async fn my_postings() -> Result<Vec<ManagedPosting>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::PostAsEmployer).await?;
            let employer_id = principal.employer_id.ok_or(AppError::Forbidden)?;
            Ok(
                crate::db::employer_postings::list(
                    &pool,
                    employer_id,
                    super::context::today(),
                    200,
                )
                .await?,
            )
        }
        .await,
    )
}

/// One of the organisation's postings, for its edit form.
#[server(prefix = "/api", endpoint = "employer/posting", client = CsrfClient)]
pub async fn posting_for_edit(id: i64) -> Result<EditablePosting, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let employer_id = authorize_owner(&pool, id).await?;
            crate::db::employer_postings::editable(&pool, employer_id, id, super::context::today())
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Creates (`id` = None) or edits a posting; `publish` publishes a new posting or a draft at once.
/// Applicants hear about changes to dates, hours, pay or place.
#[server(prefix = "/api", endpoint = "employer/save-posting", client = CsrfClient, input = Json)]
pub async fn save_posting(
    id: Option<i64>,
    form: PostingForm,
    publish: bool,
) -> Result<SavedPosting, AppError> {
    use crate::auth::Action;
    use crate::db::employer_postings as store;
    use crate::db::notifications::{self, PostingNews};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let principal =
                super::context::authorize_as(&pool, &caller, Action::PostAsEmployer).await?;
            let employer_id = principal.employer_id.ok_or(AppError::Forbidden)?;
            let today = super::context::today();
            let mut tx = pool.begin().await?;
            let locked = match id {
                Some(id) => {
                    let owner = store::owner(&mut tx, id).await?.ok_or(AppError::NotFound)?;
                    super::context::authorize_as(
                        &pool,
                        &caller,
                        Action::ManagePosting { employer_id: owner },
                    )
                    .await?;
                    Some(
                        store::lock(&mut tx, employer_id, id)
                            .await?
                            .ok_or(AppError::NotFound)?,
                    )
                }
                None => None,
            };
            if locked
                .as_ref()
                .is_some_and(|l| l.status == PostingStatus::Closed)
            {
                return Err(AppError::refused("posting_closed"));
            }
            // A posting that has begun keeps its start date; a new one cannot start in the past.
            let new_dates = locked.as_ref().is_none_or(|l| l.start_date >= today);
            let posting = form.check(today, new_dates).map_err(|fields| {
                AppError::invalid_field(fields.first().copied().unwrap_or("request"))
            })?;
            if !crate::db::trades::all_exist(&mut tx, &[posting.trade.to_string()]).await? {
                return Err(AppError::invalid_field("trade"));
            }
            if let Some(market) = &posting.market {
                if !store::market_exists(&mut tx, market).await? {
                    return Err(AppError::invalid_field("market"));
                }
            }
            if locked
                .as_ref()
                .is_some_and(|l| posting.headcount < l.filled)
            {
                return Err(AppError::invalid_field("headcount"));
            }
            let area = store::area_of(&mut tx, posting.location)
                .await?
                .ok_or_else(|| AppError::invalid_field("location"))?;
            if publish && store::organisation_rejected(&mut tx, employer_id).await? {
                return Err(AppError::refused("organisation_rejected"));
            }
            // Only a checked human-resources agency names a client (the database holds to it too).
            if posting.client.is_some()
                && !crate::db::agencies::is_verified_agency(&mut tx, employer_id).await?
            {
                return Err(AppError::refused("not_an_agency"));
            }
            let similar = store::similar_open(&mut tx, employer_id, id, &posting).await?;
            let (id, status) = match (id, locked) {
                (Some(id), Some(locked)) => {
                    let edited = store::update(&mut tx, employer_id, id, &posting, area)
                        .await
                        .map_err(client_refused)?
                        .ok_or(AppError::NotFound)?;
                    if edited.material && locked.status != PostingStatus::Draft {
                        notifications::tell_applicants(
                            &mut tx,
                            id,
                            &edited.title,
                            PostingNews::Changed,
                        )
                        .await?;
                    }
                    let status = if publish && locked.status == PostingStatus::Draft {
                        store::set_status(&mut tx, id, PostingStatus::Open).await?;
                        published(&mut tx, id, true).await?;
                        PostingStatus::Open
                    } else {
                        locked.status
                    };
                    (id, status)
                }
                _ => {
                    let status = if publish {
                        PostingStatus::Open
                    } else {
                        PostingStatus::Draft
                    };
                    let id = store::create(&mut tx, employer_id, &posting, area, status)
                        .await
                        .map_err(client_refused)?;
                    if publish {
                        published(&mut tx, id, true).await?;
                    }
                    (id, status)
                }
            };
            tx.commit().await?;
            tracing::info!(posting = id, ?status, "posting saved");
            Ok(SavedPosting {
                id,
                status,
                similar,
            })
        }
        .await,
    )
}

/// Publishes a draft, pauses, resumes or closes a posting. Pausing and closing tell the applicants.
#[server(prefix = "/api", endpoint = "employer/set-status", client = CsrfClient)]
pub async fn set_posting_status(id: i64, status: PostingStatus) -> Result<(), AppError> {
    use crate::db::employer_postings as store;
    use crate::db::notifications::{self, PostingNews};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let employer_id = authorize_owner(&pool, id).await?;
            let today = super::context::today();
            let mut tx = pool.begin().await?;
            let locked = store::lock(&mut tx, employer_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !locked.status.may_become(status) {
                return Err(AppError::refused("transition"));
            }
            if status == PostingStatus::Open {
                if locked.end_date < today {
                    return Err(AppError::refused("posting_expired"));
                }
                if locked.status == PostingStatus::Draft
                    && store::organisation_rejected(&mut tx, employer_id).await?
                {
                    return Err(AppError::refused("organisation_rejected"));
                }
            }
            store::set_status(&mut tx, id, status).await?;
            match status {
                PostingStatus::Paused | PostingStatus::Closed => {
                    notifications::tell_applicants(
                        &mut tx,
                        id,
                        &locked.title,
                        PostingNews::CalledOff,
                    )
                    .await?;
                }
                PostingStatus::Open => {
                    published(&mut tx, id, locked.status == PostingStatus::Draft).await?;
                }
                _ => {}
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Copies a posting into a new draft starting today, for the employer to adjust and publish.
#[server(prefix = "/api", endpoint = "employer/repost", client = CsrfClient)]
pub async fn repost_posting(id: i64) -> Result<i64, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let employer_id = authorize_owner(&pool, id).await?;
            let mut conn = pool.acquire().await?;
            let draft = crate::db::employer_postings::repost(
                &mut conn,
                employer_id,
                id,
                super::context::today(),
            )
            .await
            .map_err(client_refused)?
            .ok_or(AppError::NotFound)?;
            // The posted form's browser goes on to the new draft, to adjust and publish it.
            if super::context::wants_page_back() {
                leptos_axum::redirect(&format!("/employer/postings/{draft}"));
            }
            Ok(draft)
        }
        .await,
    )
}

/// A posting's applicants, with the phone number only of those holding a place.
#[server(prefix = "/api", endpoint = "employer/applicants", client = CsrfClient)]
pub async fn posting_applicants(id: i64) -> Result<ApplicantList, AppError> {
    use chrono::Datelike;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let employer_id = authorize_owner(&pool, id).await?;
            crate::db::applications::applicants(
                &pool,
                employer_id,
                id,
                super::context::today().year(),
            )
            .await?
            .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Accepts or rejects an applicant, cancels a place (a rejection of an accepted worker: inside 24 hours
/// of the shift with a reason), takes back a place left unconfirmed past its deadline, or records
/// attendance after the shift. Acceptance never goes beyond the headcount, however many are accepted at
/// once.
#[server(prefix = "/api", endpoint = "employer/decide", client = CsrfClient)]
pub async fn decide_applicant(
    application_id: i64,
    decision: Decision,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::db::shift_texts::{self, ShiftText};
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason = match decision {
                Decision::Reject => super::applications::cancel_reason(reason.as_deref())?,
                _ => None,
            };
            let caller = super::context::caller(&pool).await?;
            // Employers only, before revealing whether the application exists.
            super::context::authorize_as(&pool, &caller, Action::PostAsEmployer).await?;
            let mut tx = pool.begin().await?;
            let owner = crate::db::applications::owner_of(&mut tx, application_id)
                .await?
                .ok_or(AppError::NotFound)?;
            super::context::authorize_as(
                &pool,
                &caller,
                Action::ManagePosting { employer_id: owner },
            )
            .await?;
            let changed = crate::db::applications::decide(
                &mut tx,
                owner,
                application_id,
                decision,
                reason.as_deref(),
                super::context::today(),
            )
            .await?;
            let kind = match decision {
                Decision::Accept => NotificationKind::Accepted,
                Decision::Reject if changed.held_place => NotificationKind::PlaceCancelled,
                Decision::Reject => NotificationKind::Rejected,
                Decision::Attended | Decision::NoShow => NotificationKind::AttendanceRecorded,
                Decision::Release => NotificationKind::PlaceReleased,
            };
            // And a text, for what a worker who closed the browser must not miss.
            let text = match decision {
                Decision::Accept => Some(ShiftText::Accepted),
                Decision::Reject if changed.held_place => Some(ShiftText::PlaceCancelled),
                Decision::Release => Some(ShiftText::PlaceReleased),
                Decision::Reject | Decision::Attended | Decision::NoShow => None,
            };
            if let Some(text) = text {
                shift_texts::queue_for_application(
                    &mut tx,
                    application_id,
                    text,
                    reason.as_deref().unwrap_or(""),
                )
                .await?;
            }
            notifications::push(
                &mut tx,
                Recipients::Worker(changed.worker_id),
                notifications::New {
                    kind,
                    posting_id: Some(changed.posting_id),
                    application_id: Some(application_id),
                    title: &changed.title,
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

/// What follows a posting becoming open, in the same transaction: the map counts it at once, and on
/// its first publication it is queued for the saved searches' alerts (sent by the alerts job, see
/// [`crate::db::alerts`]: publishing never waits for the matching).
#[cfg(feature = "ssr")]
async fn published(
    tx: &mut sqlx::PgConnection,
    posting_id: i64,
    first_time: bool,
) -> Result<(), AppError> {
    crate::db::map::add_posting_to_cells(tx, posting_id).await?;
    if first_time {
        crate::db::alerts::queue(tx, posting_id).await?;
        tracing::info!(posting = posting_id, "published");
    }
    Ok(())
}

/// Decides [`crate::auth::Action::ManagePosting`] for the posting's owner; the organisation's id.
#[cfg(feature = "ssr")]
async fn authorize_owner(pool: &sqlx::PgPool, posting_id: i64) -> Result<i64, AppError> {
    use crate::auth::Action;
    let caller = super::context::caller(pool).await?;
    // Employers only, before revealing whether the posting exists.
    super::context::authorize_as(pool, &caller, Action::PostAsEmployer).await?;
    let mut conn = pool.acquire().await?;
    let owner = crate::db::employer_postings::owner(&mut conn, posting_id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::context::authorize_as(pool, &caller, Action::ManagePosting { employer_id: owner })
        .await?;
    Ok(owner)
}

/// A posting naming a client, refused by the database because its organisation is not (or no longer)
/// a checked agency: said as the check before it says it.
#[cfg(feature = "ssr")]
fn client_refused(e: crate::db::DbError) -> AppError {
    match e {
        crate::db::DbError::Constraint { constraint, .. }
            if constraint == "postings_client_by_agency" =>
        {
            AppError::refused("not_an_agency")
        }
        other => other.into(),
    }
}

//! 找人才: workers choose to be findable (their recorded consent); members of verified organisations
//! search them, see masked profiles and invite them to apply to a posting; the worker accepts (and so
//! applies) or declines. Consents, invitations and answers are audited.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{
    Findability, ReceivedTalentInvitation, SentTalentInvitation, TalentPage, TalentQuery,
};

/// Whether the signed-in worker is findable, and their decisions. Workers.
#[server(prefix = "/api", endpoint = "talent/consent", client = CsrfClient)]
pub async fn my_findability() -> Result<Findability, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal =
                super::context::authorize(&pool, Action::ManageOwnWorkerProfile).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            Ok(crate::db::talent::findability(&pool, worker_id).await?)
        }
        .await,
    )
}

/// Records the worker's decision to be findable by verified organisations, or no longer. Workers;
/// recorded with the wording shown and audited.
#[server(prefix = "/api", endpoint = "talent/consent/save", client = CsrfClient)]
pub async fn set_findable(findable: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal =
                super::context::authorize(&pool, Action::ManageOwnWorkerProfile).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let lang = crate::prefs::from_request().lang;
            let mut tx = pool.begin().await?;
            if crate::db::talent::record_consent(&mut tx, worker_id, findable, lang).await? {
                super::context::audit_change(
                    &mut tx,
                    &principal,
                    "talent_consent",
                    ("workers", worker_id),
                    serde_json::json!({
                        "findable": findable,
                        "wording": crate::model::TALENT_CONSENT_WORDING,
                    }),
                )
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// A page of findable workers matching the query, masked. Members of verified organisations.
#[server(prefix = "/api", endpoint = "talent/search", client = CsrfClient, input = Json)]
pub async fn search_talent(query: TalentQuery) -> Result<TalentPage, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (_, employer_id) = verified_member(&pool).await?;
            query.check().map_err(AppError::invalid)?;
            if let Some(trade) = &query.trade {
                if !crate::db::trades::exists(&pool, trade).await? {
                    return Err(AppError::invalid("trade"));
                }
            }
            if let Some(city) = query.city {
                let mut conn = pool.acquire().await?;
                if !crate::db::places::place_exists(&mut conn, city, query.district).await? {
                    return Err(AppError::invalid(if query.district.is_some() {
                        "district"
                    } else {
                        "city"
                    }));
                }
            }
            let lang = crate::prefs::from_request().lang;
            Ok(
                crate::db::talent::search(
                    &pool,
                    employer_id,
                    &query,
                    lang,
                    super::context::today(),
                )
                .await?,
            )
        }
        .await,
    )
}

/// Invites a findable worker to apply to one of the organisation's open postings, with an optional
/// note. Members of verified organisations; the worker is notified; audited.
#[server(prefix = "/api", endpoint = "talent/invite", client = CsrfClient)]
pub async fn invite_talent(
    worker_id: i64,
    posting_id: i64,
    #[server(default)] note: Option<String>,
) -> Result<(), AppError> {
    use crate::db::notifications::{self, Recipients};
    use crate::db::talent::Invited;
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (principal, employer_id) = verified_member(&pool).await?;
            let note = super::context::clean_text(
                note.as_deref().unwrap_or(""),
                crate::model::TALENT_NOTE_MAX_CHARS,
                "note",
            )?;
            let mut tx = pool.begin().await?;
            let (id, title, organisation) = match crate::db::talent::invite(
                &mut tx,
                employer_id,
                posting_id,
                worker_id,
                &note,
                principal.account_id,
            )
            .await?
            {
                Invited::Sent {
                    id,
                    title,
                    organisation,
                } => (id, title, organisation),
                Invited::NotFindable => return Err(AppError::refused("not_findable")),
                Invited::PostingNotOpen => return Err(AppError::refused("posting_not_open")),
                Invited::NotVerified => return Err(AppError::refused("organisation_not_verified")),
                Invited::AlreadyInvited => return Err(AppError::refused("talent_already_invited")),
            };
            notifications::push(
                &mut tx,
                Recipients::Worker(worker_id),
                notifications::New {
                    kind: NotificationKind::TalentInvited,
                    posting_id: Some(posting_id),
                    application_id: None,
                    title: &title,
                    detail: &organisation,
                },
            )
            .await?;
            super::context::audit_change(
                &mut tx,
                &principal,
                "invite_talent",
                ("talent_invitations", id),
                serde_json::json!({ "worker_id": worker_id, "posting_id": posting_id }),
            )
            .await?;
            tx.commit().await?;
            tracing::info!(invitation = id, "talent invitation sent");
            Ok(())
        }
        .await,
    )
}

/// The organisation's latest invitations and where they stand. Members of verified organisations.
#[server(prefix = "/api", endpoint = "talent/sent", client = CsrfClient)]
pub async fn sent_talent_invitations() -> Result<Vec<SentTalentInvitation>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (_, employer_id) = verified_member(&pool).await?;
            Ok(crate::db::talent::sent(&pool, employer_id).await?)
        }
        .await,
    )
}

/// Withdraws an invitation the worker has not answered. Members of the organisation; audited.
#[server(prefix = "/api", endpoint = "talent/withdraw", client = CsrfClient)]
pub async fn withdraw_talent_invitation(id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::talent::Decided;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            // Taking an invitation back needs no verification: an organisation whose verification was
            // withdrawn must still be able to.
            let principal = super::context::authorize(&pool, Action::FindTalent).await?;
            let employer_id = principal.employer_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            match crate::db::talent::withdraw(&mut tx, employer_id, id).await? {
                Decided::Now => {}
                Decided::NotFound => return Err(AppError::NotFound),
                _ => return Err(AppError::refused("invitation_decided")),
            }
            super::context::audit_change(
                &mut tx,
                &principal,
                "withdraw_talent_invitation",
                ("talent_invitations", id),
                serde_json::json!({ "status": "withdrawn" }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The signed-in worker's invitations, those waiting for an answer first. Workers.
#[server(prefix = "/api", endpoint = "talent/invitations", client = CsrfClient)]
pub async fn my_talent_invitations() -> Result<Vec<ReceivedTalentInvitation>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            Ok(crate::db::talent::received(&pool, worker_id).await?)
        }
        .await,
    )
}

/// The worker accepts an invitation (applying to the posting) or declines it. Workers, their own
/// invitations; the organisation is notified; audited.
#[server(prefix = "/api", endpoint = "talent/answer", client = CsrfClient)]
pub async fn answer_talent_invitation(id: i64, accept: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::db::talent::Decided;
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            let decided = crate::db::talent::answer(&mut tx, worker_id, id, accept).await?;
            let (employer_id, posting_id, title, after) = match decided {
                Decided::Applied {
                    application_id,
                    new_application,
                    employer_id,
                    posting_id,
                    title,
                } => {
                    // A new application is news to the organisation as any applicant is.
                    if new_application {
                        notifications::push(
                            &mut tx,
                            Recipients::Employer(employer_id),
                            notifications::New {
                                kind: NotificationKind::NewApplicant,
                                posting_id: Some(posting_id),
                                application_id: Some(application_id),
                                title: &title,
                                detail: "",
                            },
                        )
                        .await?;
                    }
                    let after = serde_json::json!({ "status": "accepted", "application_id": application_id });
                    (employer_id, posting_id, title, after)
                }
                Decided::Declined {
                    employer_id,
                    posting_id,
                    title,
                } => (employer_id, posting_id, title, serde_json::json!({ "status": "declined" })),
                Decided::NotFound => return Err(AppError::NotFound),
                Decided::Already | Decided::Now => {
                    return Err(AppError::refused("invitation_decided"))
                }
            };
            notifications::push(
                &mut tx,
                Recipients::Employer(employer_id),
                notifications::New {
                    kind: NotificationKind::TalentAnswered,
                    posting_id: Some(posting_id),
                    application_id: None,
                    title: &title,
                    detail: if accept { "" } else { "declined" },
                },
            )
            .await?;
            super::context::audit_change(
                &mut tx,
                &principal,
                "answer_talent_invitation",
                ("talent_invitations", id),
                after,
            )
            .await?;
            tx.commit().await?;
            if super::context::wants_page_back() {
                leptos_axum::redirect(&if accept {
                    super::context::posting_page_after(posting_id, "applied", "apply")
                } else {
                    "/me/invitations".to_owned()
                });
            }
            Ok(())
        }
        .await,
    )
}

/// The caller's organisation, when it is one staff have verified: only those look for people.
#[cfg(feature = "ssr")]
async fn verified_member(pool: &sqlx::PgPool) -> Result<(crate::auth::Principal, i64), AppError> {
    let principal = super::context::authorize(pool, crate::auth::Action::FindTalent).await?;
    let employer_id = principal.employer_id.ok_or(AppError::Forbidden)?;
    if !crate::db::talent::verified(pool, employer_id).await? {
        return Err(AppError::refused("organisation_not_verified"));
    }
    Ok((principal, employer_id))
}

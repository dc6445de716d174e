//! Organisation teams (单位成员): owners invite colleagues by phone number and remove them; members see
//! the team and may leave; the invitee accepts or declines. Every change is audited.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{ReceivedInvitation, Team};

/// The caller's organisation's team; `None` for an employer account that has no organisation yet.
/// Employer accounts.
#[server(prefix = "/api", endpoint = "team/get", client = CsrfClient)]
pub async fn my_team() -> Result<Option<Team>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::AnswerTeamInvitation).await?;
            match principal.employer_id {
                Some(employer_id) => {
                    Ok(crate::db::teams::team(&pool, employer_id, principal.account_id).await?)
                }
                None => Ok(None),
            }
        }
        .await,
    )
}

/// Invites a colleague by phone number, as owner or member. Owners; audited.
#[server(prefix = "/api", endpoint = "team/invite", client = CsrfClient)]
pub async fn invite_to_team(phone: String, role: String) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::teams::Invited;
    use crate::model::{Phone, TeamRole};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let employer_id = owned_team(&pool).await?;
            let principal =
                super::context::authorize(&pool, Action::ManageTeam { employer_id }).await?;
            let phone = Phone::parse(&phone).ok_or(AppError::invalid_field("phone"))?;
            let role = TeamRole::parse(&role).ok_or(AppError::invalid_field("role"))?;
            let mut tx = pool.begin().await?;
            let id = match crate::db::teams::invite(
                &mut tx,
                employer_id,
                phone.as_str(),
                role,
                principal.account_id,
            )
            .await?
            {
                Invited::Sent(id) => id,
                Invited::AlreadyMember => return Err(AppError::refused("already_member")),
                Invited::AlreadyInvited => return Err(AppError::refused("already_invited")),
            };
            super::context::audit_change(
                &mut tx,
                &principal,
                "invite_to_team",
                ("team_invitations", id),
                serde_json::json!({ "phone": phone.masked(), "role": role.as_str() }),
            )
            .await?;
            tx.commit().await?;
            tracing::info!(invitation = id, "team invitation sent");
            Ok(())
        }
        .await,
    )
}

/// Withdraws an invitation not yet answered. Owners; audited.
#[server(prefix = "/api", endpoint = "team/withdraw", client = CsrfClient)]
pub async fn withdraw_team_invitation(id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::teams::Decided;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let employer_id = owned_team(&pool).await?;
            let principal =
                super::context::authorize(&pool, Action::ManageTeam { employer_id }).await?;
            let mut tx = pool.begin().await?;
            match crate::db::teams::withdraw(&mut tx, employer_id, id, principal.account_id).await?
            {
                Decided::Now => {}
                Decided::NotFound => return Err(AppError::NotFound),
                _ => return Err(AppError::refused("invitation_decided")),
            }
            super::context::audit_change(
                &mut tx,
                &principal,
                "withdraw_team_invitation",
                ("team_invitations", id),
                serde_json::json!({ "status": "withdrawn" }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Takes a colleague out of the organisation (owners), or the caller themselves (leaving). The last
/// owner stays. Audited.
#[server(prefix = "/api", endpoint = "team/remove", client = CsrfClient)]
pub async fn remove_from_team(account_id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::teams::Removed;
    use crate::model::mask_phone;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let member =
                super::context::authorize_as(&pool, &caller, Action::PostAsEmployer).await?;
            let employer_id = member.employer_id.ok_or(AppError::Forbidden)?;
            let leaving = account_id == member.account_id;
            let principal = if leaving {
                member
            } else {
                super::context::authorize_as(&pool, &caller, Action::ManageTeam { employer_id })
                    .await?
            };
            let mut tx = pool.begin().await?;
            let phone = match crate::db::teams::remove(&mut tx, employer_id, account_id).await? {
                Removed::Now { phone } => phone,
                Removed::NotAMember => return Err(AppError::NotFound),
                Removed::LastOwner => return Err(AppError::refused("last_owner")),
            };
            super::context::audit_change(
                &mut tx,
                &principal,
                if leaving {
                    "leave_team"
                } else {
                    "remove_from_team"
                },
                ("accounts", account_id),
                serde_json::json!({ "employer_id": employer_id, "phone": mask_phone(&phone) }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Invitations waiting for the caller's answer (to their phone number). Employer accounts.
#[server(prefix = "/api", endpoint = "team/invitations", client = CsrfClient)]
pub async fn my_team_invitations() -> Result<Vec<ReceivedInvitation>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::AnswerTeamInvitation).await?;
            let phone = crate::db::teams::phone_of(&pool, principal.account_id).await?;
            Ok(crate::db::teams::received(&pool, &phone).await?)
        }
        .await,
    )
}

/// Accepts (joining the organisation) or declines an invitation to the caller's number. Employer
/// accounts; one organisation at a time; audited.
#[server(prefix = "/api", endpoint = "team/answer", client = CsrfClient)]
pub async fn answer_team_invitation(id: i64, accept: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::teams::Decided;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal =
                super::context::authorize(&pool, Action::AnswerTeamInvitation).await?;
            let phone = crate::db::teams::phone_of(&pool, principal.account_id).await?;
            let mut tx = pool.begin().await?;
            let decided =
                crate::db::teams::answer(&mut tx, id, principal.account_id, &phone, accept)
                    .await?;
            let after = match decided {
                Decided::Joined { employer_id, role } => {
                    serde_json::json!({ "status": "accepted", "employer_id": employer_id, "role": role.as_str() })
                }
                Decided::Now => serde_json::json!({ "status": "declined" }),
                Decided::NotFound => return Err(AppError::NotFound),
                Decided::InAnotherOrganisation => {
                    return Err(AppError::refused("in_another_organisation"))
                }
                Decided::Already => return Err(AppError::refused("invitation_decided")),
            };
            super::context::audit_change(
                &mut tx,
                &principal,
                "answer_team_invitation",
                ("team_invitations", id),
                after,
            )
            .await?;
            tx.commit().await?;
            if accept && super::context::wants_page_back() {
                leptos_axum::redirect("/employer");
            }
            Ok(())
        }
        .await,
    )
}

/// The caller's organisation, which [`crate::auth::Action::ManageTeam`] then decides about.
#[cfg(feature = "ssr")]
async fn owned_team(pool: &sqlx::PgPool) -> Result<i64, AppError> {
    let principal = super::context::authorize(pool, crate::auth::Action::PostAsEmployer).await?;
    principal.employer_id.ok_or(AppError::Forbidden)
}

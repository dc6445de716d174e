//! Who is calling, and whether they may do what they ask; refusals are logged and audited.

use sqlx::PgPool;

use crate::auth::{Action, Caller, Denial, Principal};
use crate::db::audit::{self, Record};
use crate::error::AppError;

/// The caller of this request, from its session.
pub async fn caller(pool: &PgPool) -> Result<Caller, AppError> {
    Ok(crate::auth::current(pool).await?.0)
}

/// Decides `action` for this request's caller (see [`crate::auth::access`]). A refusal is logged, and
/// a signed-in caller's refusal also goes to the audit log, so staff can see probing.
pub async fn authorize(pool: &PgPool, action: Action) -> Result<Principal, AppError> {
    let caller = caller(pool).await?;
    authorize_as(pool, &caller, action).await
}

/// [`authorize`] for a caller already loaded, when one request decides more than one action.
pub async fn authorize_as(
    pool: &PgPool,
    caller: &Caller,
    action: Action,
) -> Result<Principal, AppError> {
    match crate::auth::decide(caller, &action) {
        Ok(principal) => Ok(principal.clone()),
        Err(denial) => {
            tracing::warn!(?action, ?denial, "refused");
            if let Caller::SignedIn(p) = caller {
                let mut conn = pool.acquire().await?;
                audit::record(
                    &mut conn,
                    Record {
                        actor: Some((p.role, p.account_id)),
                        action: action_name(&action),
                        subject_table: "access",
                        subject_id: None,
                        before: None,
                        after: Some(serde_json::json!({ "requested": format!("{action:?}") })),
                        refused: true,
                    },
                )
                .await?;
            }
            Err(match denial {
                Denial::Unauthenticated => AppError::Unauthenticated,
                Denial::Forbidden => AppError::Forbidden,
            })
        }
    }
}

/// The caller of a staff request, loaded (and checked to be staff at all) before the request begins its
/// transaction: a request then holds one connection at a time, so a burst of them — at the door of a
/// bus or of a fair — cannot starve the pool.
pub async fn staff_caller(pool: &PgPool) -> Result<Caller, AppError> {
    let caller = caller(pool).await?;
    authorize_as(pool, &caller, Action::ReviewAsStaff).await?;
    Ok(caller)
}

/// Records in the audit log what `principal` did to a row: its table and id, and what it is now.
pub async fn audit_change(
    conn: &mut sqlx::PgConnection,
    principal: &Principal,
    action: &str,
    subject: (&str, i64),
    after: serde_json::Value,
) -> Result<(), AppError> {
    record_change(conn, principal, action, subject, None, after).await
}

/// [`audit_change`] of a row whose earlier state the record keeps too (a staff decision about it).
pub async fn audit_change_from(
    conn: &mut sqlx::PgConnection,
    principal: &Principal,
    action: &str,
    subject: (&str, i64),
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(), AppError> {
    record_change(conn, principal, action, subject, Some(before), after).await
}

async fn record_change(
    conn: &mut sqlx::PgConnection,
    principal: &Principal,
    action: &str,
    (subject_table, subject_id): (&str, i64),
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(
        conn,
        Record {
            actor: Some((principal.role, principal.account_id)),
            action,
            subject_table,
            subject_id: Some(subject_id),
            before,
            after: Some(after),
            refused: false,
        },
    )
    .await?;
    Ok(())
}

fn action_name(action: &Action) -> &'static str {
    match action {
        Action::ManageOwnSession => "manage_own_session",
        Action::SetOwnPassword => "set_own_password",
        Action::ManageOwnWorkerProfile => "manage_own_worker_profile",
        Action::RegisterOrganisation => "register_organisation",
        Action::EditOrganisation { .. } => "edit_organisation",
        Action::ReviewAsStaff => "review_as_staff",
        Action::DecideEmployer { .. } => "decide_employer",
        Action::SuspendAccount { .. } => "suspend_account",
        Action::RegisterWalkIn { .. } => "register_walk_in",
        Action::ReadAudit => "read_audit",
        Action::PostAsEmployer => "post_as_employer",
        Action::ManagePosting { .. } => "manage_posting",
        Action::ActAsWorker => "act_as_worker",
        Action::ReadOwnNotifications => "read_own_notifications",
        Action::HandleReport { .. } => "handle_report",
        Action::HandleWageCase { .. } => "handle_wage_case",
        Action::ReadAreaFigures { .. } => "read_area_figures",
        Action::ServeAtMarket { .. } => "serve_at_market",
        Action::PublishPolicyNotes { .. } => "publish_policy_notes",
        Action::KeepHelpCase { .. } => "keep_help_case",
        Action::OfferCourse { .. } => "offer_course",
        Action::KeepCourse { .. } => "keep_course",
        Action::ManageApiKeys => "manage_api_keys",
        Action::ManageTeam { .. } => "manage_team",
        Action::AnswerTeamInvitation => "answer_team_invitation",
        Action::FindTalent => "find_talent",
    }
}

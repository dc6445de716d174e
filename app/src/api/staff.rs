//! Staff tools for people (工作人员): verifying employers, suspending accounts, registering walk-in
//! workers at the counter, and the audit log. Every action is scoped and audited.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{AccountSummary, AuditEntry, OrganisationReview, WalkInForm};

/// Organisations of the caller's scope waiting for verification.
#[server(prefix = "/api", endpoint = "staff/pending-organisations", client = CsrfClient)]
pub async fn pending_organisations() -> Result<Vec<OrganisationReview>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(
                crate::db::organisations::pending_organisations(&pool, principal.scope, 100)
                    .await?,
            )
        }
        .await,
    )
}

/// Verifies an organisation, or rejects it with a reason the employer will read.
#[server(prefix = "/api", endpoint = "staff/decide-organisation", client = CsrfClient)]
pub async fn decide_organisation(
    employer_id: i64,
    verify: bool,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason = super::context::decision_reason(verify, reason.as_deref())?;
            let mut tx = pool.begin().await?;
            let area = crate::db::organisations::organisation_area(&mut tx, employer_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let principal =
                super::context::authorize(&pool, Action::DecideEmployer { area }).await?;
            let (before, after) = crate::db::organisations::decide_organisation(
                &mut tx,
                employer_id,
                verify,
                reason.as_deref(),
            )
            .await?
            .ok_or(AppError::NotFound)?;
            super::context::audit_change_from(
                &mut tx,
                &principal,
                if verify {
                    "verify_employer"
                } else {
                    "reject_employer"
                },
                ("employers", employer_id),
                before,
                after,
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Looks an account up by its phone number (the person at the counter says it). The number comes back
/// masked; staff already know it.
#[server(prefix = "/api", endpoint = "staff/find-account", client = CsrfClient)]
pub async fn find_account(phone: String) -> Result<Option<AccountSummary>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            let phone = crate::model::Phone::parse(&phone)
                .ok_or_else(|| AppError::invalid_field("phone"))?;
            let mut conn = pool.acquire().await?;
            Ok(
                crate::db::staff_desk::account_for_staff(&mut conn, phone.as_str())
                    .await?
                    .map(|(summary, _)| summary),
            )
        }
        .await,
    )
}

/// Suspends the account with this phone number (with a reason), or reinstates it (no reason).
#[server(prefix = "/api", endpoint = "staff/suspend", client = CsrfClient)]
pub async fn set_suspension(phone: String, reason: Option<String>) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            // Staff of any scope may try; whether this account is theirs is decided below.
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let phone = crate::model::Phone::parse(&phone)
                .ok_or_else(|| AppError::invalid_field("phone"))?;
            let reason = match reason.as_deref().map(str::trim) {
                Some(r) if !r.is_empty() => Some(super::context::clean_text(
                    r,
                    crate::model::REASON_MAX_CHARS,
                    "reason",
                )?),
                _ => None,
            };
            let mut tx = pool.begin().await?;
            let (target, area) = crate::db::staff_desk::account_for_staff(&mut tx, phone.as_str())
                .await?
                .ok_or(AppError::NotFound)?;
            let principal = super::context::authorize_as(
                &pool,
                &caller,
                Action::SuspendAccount {
                    target_role: target.role,
                    target_account_id: target.account_id,
                    area,
                },
            )
            .await?;
            let (before, after) = crate::db::staff_desk::set_suspension(
                &mut tx,
                target.account_id,
                reason.as_deref(),
            )
            .await?
            .ok_or(AppError::NotFound)?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: if reason.is_some() {
                        "suspend_account"
                    } else {
                        "reinstate_account"
                    },
                    subject_table: "accounts",
                    subject_id: Some(target.account_id),
                    before: Some(before),
                    after: Some(after),
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

/// Registers a worker at the counter (现场登记). Market staff register at their market; others name the
/// district. The person later signs in with the same phone and the profile becomes theirs.
#[server(prefix = "/api", endpoint = "staff/walk-in", client = CsrfClient, input = Json)]
pub async fn register_walk_in(form: WalkInForm) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    use crate::db::staff_desk::WalkIn;
    use crate::model::{Area, StaffScope};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            // Only staff get as far as having their form checked; the area is decided below.
            let caller = super::context::caller(&pool).await?;
            let staff = super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let phone = crate::model::Phone::parse(&form.phone)
                .ok_or_else(|| AppError::invalid_field("phone"))?;
            let mut form = form;
            form.name =
                super::context::clean_text(&form.name, crate::model::NAME_MAX_CHARS, "name")?;
            if form.name.is_empty() {
                return Err(AppError::invalid_field("name"));
            }
            let mut tx = pool.begin().await?;
            super::profiles::validate::trades(&mut tx, &mut form.trades).await?;
            // Where the registration happens: the caller's own market, else the district they chose.
            let market = match staff.scope {
                Some(StaffScope::Market { market_id, .. }) => Some(market_id),
                _ => None,
            };
            let area = match (market, form.district_adcode) {
                (Some(market_id), _) => crate::db::staff_desk::market_area(&mut tx, market_id)
                    .await?
                    .ok_or(AppError::NotFound)?,
                (None, Some(district)) => {
                    let city = district / 100 * 100;
                    if !crate::db::places::place_exists(&mut tx, city, Some(district)).await? {
                        return Err(AppError::invalid_field("district"));
                    }
                    Area {
                        city_adcode: city,
                        district_adcode: Some(district),
                        market_id: None,
                    }
                }
                (None, None) => return Err(AppError::invalid_field("district")),
            };
            let district = form.district_adcode.or(area.district_adcode);
            form.district_adcode = district.filter(|d| d / 100 * 100 == area.city_adcode);
            let principal =
                super::context::authorize_as(&pool, &caller, Action::RegisterWalkIn { area })
                    .await?;
            let worker_id = match crate::db::staff_desk::register_walk_in(
                &mut tx,
                &form,
                phone.as_str(),
                area.city_adcode,
                area.market_id,
            )
            .await?
            {
                WalkIn::Registered { worker_id } => worker_id,
                WalkIn::PhoneTaken => return Err(AppError::conflict("phone")),
            };
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "register_walk_in",
                    subject_table: "workers",
                    subject_id: Some(worker_id),
                    before: None,
                    after: Some(serde_json::json!({
                        "phone": phone.masked(),
                        "name": form.name,
                        "city_adcode": area.city_adcode,
                        "district_adcode": form.district_adcode,
                        "market_id": area.market_id,
                        "trades": form.trades,
                    })),
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

/// The newest audit entries of the caller's scope.
#[server(prefix = "/api", endpoint = "staff/audit", client = CsrfClient)]
pub async fn recent_audit() -> Result<Vec<AuditEntry>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReadAudit).await?;
            Ok(crate::db::audit::recent(&pool, principal.scope, 50).await?)
        }
        .await,
    )
}

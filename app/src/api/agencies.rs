//! Human-resources service agencies (人力资源服务机构): the public list and storefronts (零工旗舰店), and
//! the staff's check of agencies' licences (人力资源服务许可证), audited. An organisation gives its
//! licence number on its own form ([`super::profiles::save_organisation`]); an agency names a client on
//! a posting in the posting editor ([`super::employer::save_posting`]).

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{AgencyLine, AgencyStorefront, LicenceReview};

/// The agencies staff checked, of one city or all, the most open postings first. Public.
#[server(prefix = "/api", endpoint = "agencies/list", client = CsrfClient)]
pub async fn list_agencies(
    #[server(default)] city: Option<i32>,
) -> Result<Vec<AgencyLine>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            Ok(crate::db::agencies::agencies(&pool, city, super::context::today()).await?)
        }
        .await,
    )
}

/// A checked agency's storefront: its licence, open postings and the markets and districts they are
/// in. Public; 404 for any other organisation.
#[server(prefix = "/api", endpoint = "agencies/storefront", client = CsrfClient)]
pub async fn get_storefront(id: i64) -> Result<AgencyStorefront, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            crate::db::agencies::storefront(&pool, id, super::context::today())
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Licences in the caller's area waiting for a check. Staff and admins.
#[server(prefix = "/api", endpoint = "staff/pending-licences", client = CsrfClient)]
pub async fn pending_licences() -> Result<Vec<LicenceReview>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::agencies::pending_licences(&pool, principal.scope, 50).await?)
        }
        .await,
    )
}

/// Records the check of an agency's licence: verified, or not with a reason. Staff of an area
/// containing the organisation, and admins; audited.
#[server(prefix = "/api", endpoint = "staff/decide-licence", client = CsrfClient)]
pub async fn decide_licence(
    employer_id: i64,
    verify: bool,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::agencies::LicenceDecided;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let reason = super::context::decision_reason(verify, reason.as_deref())?;
            let area = {
                let mut conn = pool.acquire().await?;
                crate::db::organisations::organisation_area(&mut conn, employer_id).await?
            };
            let principal = match area {
                Some(area) => {
                    super::context::authorize_as(&pool, &caller, Action::DecideEmployer { area })
                        .await?
                }
                // Staff learn nothing of organisations that do not exist beyond that.
                None => {
                    super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
                    return Err(AppError::NotFound);
                }
            };
            let mut tx = pool.begin().await?;
            let (before, after) = match crate::db::agencies::decide_licence(
                &mut tx,
                employer_id,
                verify,
                reason.as_deref(),
            )
            .await?
            {
                LicenceDecided::Now { before, after } => (before, after),
                LicenceDecided::NotPending => return Err(AppError::refused("licence_not_pending")),
                LicenceDecided::NotFound => return Err(AppError::NotFound),
            };
            super::context::audit_change_from(
                &mut tx,
                &principal,
                if verify {
                    "verify_hr_licence"
                } else {
                    "reject_hr_licence"
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

//! Profiles: a worker's own (求职者资料) and an employer's organisation (用人单位). Each is read and changed
//! only by its owner; the worker can also download and delete theirs (PIPL).
//!
//! The page that shows them is the person's own, `/me` ([`crate::pages::account`]), which also holds
//! the password and signing out ([`super::accounts`]); the rows are in [`crate::db::workers`] and
//! [`crate::db::organisations`].

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{Organisation, OrganisationForm, WorkerProfile};

/// The signed-in worker's profile and their own full phone number.
#[server(prefix = "/api", endpoint = "profile/worker", client = CsrfClient)]
pub async fn my_worker_profile() -> Result<(WorkerProfile, String), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal =
                super::context::authorize(&pool, Action::ManageOwnWorkerProfile).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            crate::db::workers::worker_profile(&pool, worker_id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "profile/worker/save", client = CsrfClient, input = Json)]
pub async fn save_worker_profile(profile: WorkerProfile) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal =
                super::context::authorize(&pool, Action::ManageOwnWorkerProfile).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            let profile = validate::worker_profile(&mut tx, profile).await?;
            crate::db::workers::save_worker_profile(&mut tx, worker_id, &profile).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Deletes the worker's profile, applications and account for good. `confirm` must be the word the page
/// asks for, so a stray tap cannot do it.
#[server(prefix = "/api", endpoint = "profile/worker/delete", client = CsrfClient)]
pub async fn delete_my_account(confirm: String) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let state = super::context::state()?;
            let principal =
                super::context::authorize(&state.pool, Action::ManageOwnWorkerProfile).await?;
            if !matches!(confirm.trim(), "删除" | "DELETE" | "delete") {
                return Err(AppError::invalid_field("confirm"));
            }
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = state.pool.begin().await?;
            crate::db::workers::delete_worker(&mut tx, worker_id).await?;
            // The log keeps that it happened, and nothing of what was deleted.
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "delete_own_account",
                    subject_table: "workers",
                    subject_id: Some(worker_id),
                    before: None,
                    after: None,
                    refused: false,
                },
            )
            .await?;
            tx.commit().await?;
            super::context::clear_session_cookie(&state);
            tracing::info!(
                account_id = principal.account_id,
                "worker deleted their account"
            );
            Ok(())
        }
        .await,
    )
}

/// The employer's organisation, if it has registered one.
#[server(prefix = "/api", endpoint = "profile/organisation", client = CsrfClient)]
pub async fn my_organisation() -> Result<Option<Organisation>, AppError> {
    use crate::auth::{Action, Caller};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let employer_id = match &caller {
                Caller::SignedIn(p) if p.role == crate::model::Role::Employer => p.employer_id,
                _ => None,
            };
            let Some(employer_id) = employer_id else {
                // Either a new employer (nothing yet) or someone with no business here.
                super::context::authorize_as(&pool, &caller, Action::RegisterOrganisation).await?;
                return Ok(None);
            };
            super::context::authorize_as(&pool, &caller, Action::EditOrganisation { employer_id })
                .await?;
            let mut conn = pool.acquire().await?;
            Ok(crate::db::organisations::organisation(&mut conn, employer_id).await?)
        }
        .await,
    )
}

/// Registers the employer's organisation (first time) or saves changes to it. A changed name or credit
/// code sends it back to staff for verification.
#[server(prefix = "/api", endpoint = "profile/organisation/save", client = CsrfClient, input = Json)]
pub async fn save_organisation(form: OrganisationForm) -> Result<(), AppError> {
    use crate::auth::{Action, Caller};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let existing = match &caller {
                Caller::SignedIn(p) if p.role == crate::model::Role::Employer => p.employer_id,
                _ => None,
            };
            let action = match existing {
                Some(employer_id) => Action::EditOrganisation { employer_id },
                None => Action::RegisterOrganisation,
            };
            let principal = super::context::authorize_as(&pool, &caller, action).await?;
            let mut tx = pool.begin().await?;
            let form = validate::organisation(&mut tx, form).await?;
            let saved = match existing {
                Some(employer_id) => {
                    crate::db::organisations::update_organisation(&mut tx, employer_id, &form).await
                }
                None => crate::db::organisations::register_organisation(
                    &mut tx,
                    principal.account_id,
                    &form,
                )
                .await
                .map(|_| ()),
            };
            match saved {
                Err(crate::db::DbError::Constraint { constraint, .. })
                    if constraint == "employers_credit_code_key" =>
                {
                    return Err(AppError::conflict("credit_code"));
                }
                Err(crate::db::DbError::Constraint { constraint, .. })
                    if constraint == "employers_hr_licence_idx" =>
                {
                    return Err(AppError::conflict("hr_licence_no"));
                }
                other => other?,
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Server-side validation of the profile forms: the browser's checks are a convenience only.
#[cfg(feature = "ssr")]
pub(crate) mod validate {
    use sqlx::PgConnection;

    use super::super::context::clean_text;
    use crate::error::AppError;
    use crate::model::{
        check_credit_code, OrganisationForm, Phone, WorkerProfile, ADDRESS_MAX_CHARS,
        NAME_MAX_CHARS, ORGANISATION_NAME_MAX_CHARS, PAY_MAX_CENTS, PAY_MIN_CENTS,
    };

    pub async fn worker_profile(
        conn: &mut PgConnection,
        mut profile: WorkerProfile,
    ) -> Result<WorkerProfile, AppError> {
        profile.name = clean_text(&profile.name, NAME_MAX_CHARS, "name")?;
        if profile.birth_year.is_some_and(|y| {
            !crate::model::birth_year_ok(y, chrono::Datelike::year(&crate::calendar::today()))
        }) {
            return Err(AppError::invalid_field("birth_year"));
        }
        trades(conn, &mut profile.trades).await?;
        match (profile.home_city_adcode, profile.home_district_adcode) {
            (None, Some(_)) => return Err(AppError::invalid_field("district")),
            (Some(city), district) => {
                if !crate::db::places::place_exists(conn, city, district).await? {
                    return Err(AppError::invalid_field(if district.is_some() {
                        "district"
                    } else {
                        "city"
                    }));
                }
            }
            (None, None) => {}
        }
        match (profile.expected_pay_cents, profile.expected_pay_unit) {
            (None, None) => {}
            (Some(cents), Some(_)) if (PAY_MIN_CENTS..=PAY_MAX_CENTS).contains(&cents) => {}
            _ => return Err(AppError::invalid_field("pay")),
        }
        profile.availability.sort_by_key(|a| a.as_str());
        profile.availability.dedup();
        profile.tags.sort_by_key(|t| t.as_str());
        profile.tags.dedup();
        Ok(profile)
    }

    pub async fn trades(conn: &mut PgConnection, trades: &mut Vec<String>) -> Result<(), AppError> {
        trades.sort();
        trades.dedup();
        if trades.len() > 10
            || trades
                .iter()
                .any(|t| crate::model::TradeCode::parse(t).is_none())
            || !crate::db::trades::all_exist(conn, trades).await?
        {
            return Err(AppError::invalid_field("trades"));
        }
        Ok(())
    }

    pub async fn organisation(
        conn: &mut PgConnection,
        form: OrganisationForm,
    ) -> Result<OrganisationForm, AppError> {
        let name = clean_text(&form.name, ORGANISATION_NAME_MAX_CHARS, "org_name")?;
        if name.chars().count() < 2 {
            return Err(AppError::invalid_field("org_name"));
        }
        let credit_code = check_credit_code(&form.credit_code)
            .map_err(|problem| AppError::invalid_field(problem.field()))?;
        if !crate::db::places::place_exists(conn, form.city_adcode, form.district_adcode).await? {
            return Err(AppError::invalid_field(if form.district_adcode.is_some() {
                "district"
            } else {
                "city"
            }));
        }
        let contact_phone = Phone::parse(&form.contact_phone)
            .ok_or_else(|| AppError::invalid_field("contact_phone"))?;
        // Empty for an organisation that is no human-resources agency.
        let hr_licence_no = if form.hr_licence_no.trim().is_empty() {
            String::new()
        } else {
            crate::model::parse_hr_licence(&form.hr_licence_no)
                .ok_or_else(|| AppError::invalid_field("hr_licence_no"))?
        };
        Ok(OrganisationForm {
            name,
            credit_code,
            city_adcode: form.city_adcode,
            district_adcode: form.district_adcode,
            address: clean_text(&form.address, ADDRESS_MAX_CHARS, "address")?,
            contact_name: clean_text(&form.contact_name, NAME_MAX_CHARS, "contact_name")?,
            contact_phone: contact_phone.as_str().to_owned(),
            hr_licence_no,
        })
    }
}

/// Whether the signed-in worker gets texts about their shifts (上岗短信: accepted, changed, cancelled,
/// the evening-before reminder).
#[server(prefix = "/api", endpoint = "profile/shift-texts", client = CsrfClient)]
pub async fn shift_texts_on() -> Result<bool, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            Ok(crate::db::accounts::shift_texts(&pool, principal.account_id).await?)
        }
        .await,
    )
}

/// Turns the signed-in worker's shift texts on or off. A plain form: the server sends the browser back.
#[server(prefix = "/api", endpoint = "profile/shift-texts/set", client = CsrfClient)]
pub async fn set_shift_texts(on: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            Ok(crate::db::accounts::set_shift_texts(&pool, principal.account_id, on).await?)
        }
        .await,
    )
}

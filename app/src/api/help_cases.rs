//! Graded help (困难零工帮扶): the district's staff keep a case for a worker who consented; the worker
//! answers the offer, sees what is kept, and may withdraw at any time (the case is then deleted). Every
//! read of a case by staff and every change is audited: this is sensitive personal information (PIPL).

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{HelpCase, HelpCaseLine, MyHelpCase};

/// Staff who keep help cases: district, city and province staff (not a market's, not admins).
#[cfg(feature = "ssr")]
async fn case_keeper(
    pool: &sqlx::PgPool,
) -> Result<(crate::auth::Caller, crate::auth::Principal), AppError> {
    use crate::auth::Action;
    use crate::model::Role;
    let caller = super::context::caller(pool).await?;
    let principal = super::context::authorize_as(pool, &caller, Action::ReviewAsStaff).await?;
    let keeps = principal.role == Role::Staff
        && principal
            .scope
            .is_some_and(|scope| scope.keeps_help_cases());
    if !keeps {
        // Refused the way every refusal is, logged and audited: no area is theirs.
        let nowhere = crate::model::Area {
            city_adcode: 0,
            district_adcode: None,
            market_id: None,
        };
        super::context::authorize_as(pool, &caller, Action::KeepHelpCase { area: nowhere }).await?;
        return Err(AppError::Forbidden);
    }
    Ok((caller, principal))
}

#[cfg(feature = "ssr")]
async fn audit(
    conn: &mut sqlx::PgConnection,
    principal: &crate::auth::Principal,
    action: &str,
    case_id: Option<i64>,
    after: Option<serde_json::Value>,
) -> Result<(), AppError> {
    crate::db::audit::record(
        conn,
        crate::db::audit::Record {
            actor: Some((principal.role, principal.account_id)),
            action,
            subject_table: "help_cases",
            subject_id: case_id,
            before: None,
            after,
            refused: false,
        },
    )
    .await?;
    Ok(())
}

/// The cases of the caller's area (the phone masked). Reading the list is audited.
#[server(prefix = "/api", endpoint = "help/cases", client = CsrfClient)]
pub async fn help_cases() -> Result<Vec<HelpCaseLine>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (_, principal) = case_keeper(&pool).await?;
            let lines = crate::db::help_cases::in_scope(&pool, principal.scope).await?;
            let mut conn = pool.acquire().await?;
            audit(
                &mut conn,
                &principal,
                "read_help_cases",
                None,
                Some(
                    serde_json::json!({ "cases": lines.iter().map(|l| l.id).collect::<Vec<_>>() }),
                ),
            )
            .await?;
            Ok(lines)
        }
        .await,
    )
}

/// Staff open a case for a worker (found by phone) in the worker's district, or in their own when the
/// worker gave none: with consent given in person (a signed form), or asking the worker online.
#[server(prefix = "/api", endpoint = "help/open", client = CsrfClient)]
pub async fn open_help_case(
    phone: String,
    #[server(default)] reasons: Vec<String>,
    consent: String,
) -> Result<i64, AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::{ConsentMethod, HelpReason, NotificationKind, Phone, StaffScope};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (caller, principal) = case_keeper(&pool).await?;
            let phone = Phone::parse(&phone).ok_or(AppError::invalid_field("phone"))?;
            let chosen: Vec<&str> = reasons.iter().map(|r| r.trim()).collect();
            if chosen.iter().any(|c| HelpReason::parse(c).is_none()) {
                return Err(AppError::invalid_field("help_reasons"));
            }
            let reasons: Vec<HelpReason> = HelpReason::ALL
                .into_iter()
                .filter(|r| chosen.contains(&r.code()))
                .collect();
            if reasons.is_empty() {
                return Err(AppError::invalid_field("help_reasons"));
            }
            let consent =
                ConsentMethod::parse(consent.trim()).ok_or(AppError::invalid_field("consent"))?;
            let mut tx = pool.begin().await?;
            let (worker_id, home) = crate::db::help_cases::worker_by_phone(&mut tx, phone.as_str())
                .await?
                .ok_or(AppError::refused("help_no_worker"))?;
            let own = match principal.scope {
                Some(StaffScope::District {
                    district_adcode, ..
                }) => Some(district_adcode),
                _ => None,
            };
            let district = home.or(own).ok_or(AppError::refused("help_no_district"))?;
            let area = crate::model::Area {
                city_adcode: district / 100 * 100,
                district_adcode: Some(district),
                market_id: None,
            };
            super::context::authorize_as(&pool, &caller, Action::KeepHelpCase { area }).await?;
            let id = crate::db::help_cases::open(
                &mut tx,
                worker_id,
                district,
                &reasons,
                consent,
                principal.account_id,
            )
            .await?
            .ok_or(AppError::refused("help_case_exists"))?;
            if consent == ConsentMethod::Online {
                let district_name = crate::db::help_cases::district_name(&mut tx, district).await?;
                notifications::push(
                    &mut tx,
                    Recipients::Worker(worker_id),
                    notifications::New {
                        kind: NotificationKind::HelpOffered,
                        posting_id: None,
                        application_id: None,
                        title: &district_name,
                        detail: "",
                    },
                )
                .await?;
            }
            audit(
                &mut tx,
                &principal,
                "open_help_case",
                Some(id),
                // What the case says of the person stays in the case: deleted with it, never copied here.
                Some(serde_json::json!({ "district_adcode": district, "consent": consent.code() })),
            )
            .await?;
            tx.commit().await?;
            if super::context::wants_page_back() {
                leptos_axum::redirect(&format!("/staff/help/{id}"));
            }
            Ok(id)
        }
        .await,
    )
}

/// Locks a case and checks the caller keeps cases of its area.
#[cfg(feature = "ssr")]
async fn kept_case(
    pool: &sqlx::PgPool,
    caller: &crate::auth::Caller,
    tx: &mut sqlx::PgConnection,
    id: i64,
) -> Result<crate::db::help_cases::LockedCase, AppError> {
    use crate::auth::Action;
    let case = crate::db::help_cases::lock(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::context::authorize_as(pool, caller, Action::KeepHelpCase { area: case.area }).await?;
    Ok(case)
}

/// One case in full (the worker's phone, the follow-ups, the placements). Every read is audited.
#[server(prefix = "/api", endpoint = "help/case", client = CsrfClient)]
pub async fn read_help_case(id: i64) -> Result<HelpCase, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (caller, principal) = case_keeper(&pool).await?;
            let mut tx = pool.begin().await?;
            kept_case(&pool, &caller, &mut tx, id).await?;
            audit(&mut tx, &principal, "read_help_case", Some(id), None).await?;
            tx.commit().await?;
            crate::db::help_cases::read(&pool, id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Staff record what they did: a call, a visit, a referral (to an open posting by its number, which
/// the worker is told of, or to a fair or course named in the note), or a note. Open cases only.
#[server(prefix = "/api", endpoint = "help/follow-up", client = CsrfClient)]
pub async fn add_help_followup(
    case_id: i64,
    kind: String,
    #[server(default)] posting: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::db::notifications::{self, Recipients};
    use crate::model::{FollowUpKind, HelpStatus, NotificationKind, HELP_NOTE_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (caller, principal) = case_keeper(&pool).await?;
            let kind = FollowUpKind::parse(kind.trim()).ok_or(AppError::invalid_field("kind"))?;
            let note = super::context::clean_paragraphs(&note, HELP_NOTE_MAX_CHARS, "help_note")?;
            let posting_id = match posting.trim().trim_start_matches('#') {
                "" => None,
                number => Some(
                    number
                        .parse::<i64>()
                        .map_err(|_| AppError::invalid_field("posting"))?,
                ),
            };
            if posting_id.is_some() && kind != FollowUpKind::Referral {
                return Err(AppError::invalid_field("posting"));
            }
            if kind != FollowUpKind::Referral && note.chars().count() < 2 {
                return Err(AppError::invalid_field("help_note"));
            }
            let mut tx = pool.begin().await?;
            let case = kept_case(&pool, &caller, &mut tx, case_id).await?;
            if case.status != HelpStatus::Open {
                return Err(AppError::refused("help_case_not_open"));
            }
            let title = match posting_id {
                Some(id) => Some(
                    crate::db::help_cases::open_posting_title(&mut tx, id)
                        .await?
                        .ok_or(AppError::refused("help_posting_closed"))?,
                ),
                None => None,
            };
            crate::db::help_cases::add_followup(
                &mut tx,
                case_id,
                kind,
                posting_id,
                &note,
                principal.account_id,
            )
            .await?;
            if let (Some(id), Some(title)) = (posting_id, title) {
                let detail: String = note.chars().take(200).collect();
                notifications::push(
                    &mut tx,
                    Recipients::Worker(case.worker_id),
                    notifications::New {
                        kind: NotificationKind::HelpReferral,
                        posting_id: Some(id),
                        application_id: None,
                        title: &title,
                        detail: &detail,
                    },
                )
                .await?;
            }
            audit(
                &mut tx,
                &principal,
                "add_help_followup",
                Some(case_id),
                Some(serde_json::json!({ "kind": kind.code(), "posting_id": posting_id })),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Staff close an open case with its outcome. Once.
#[server(prefix = "/api", endpoint = "help/close", client = CsrfClient)]
pub async fn close_help_case(case_id: i64, outcome: String) -> Result<(), AppError> {
    use crate::model::{HelpOutcome, HelpStatus};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (caller, principal) = case_keeper(&pool).await?;
            let outcome =
                HelpOutcome::parse(outcome.trim()).ok_or(AppError::invalid_field("outcome"))?;
            let mut tx = pool.begin().await?;
            let case = kept_case(&pool, &caller, &mut tx, case_id).await?;
            if case.status != HelpStatus::Open {
                return Err(AppError::refused("help_case_not_open"));
            }
            crate::db::help_cases::close(&mut tx, case_id, outcome, principal.account_id).await?;
            audit(
                &mut tx,
                &principal,
                "close_help_case",
                Some(case_id),
                Some(serde_json::json!({ "outcome": outcome.code() })),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The worker's own current case, if any: what is kept and whether they are asked. Workers.
#[server(prefix = "/api", endpoint = "help/mine", client = CsrfClient)]
pub async fn own_help_case() -> Result<Option<MyHelpCase>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            Ok(crate::db::help_cases::mine(&pool, worker_id).await?)
        }
        .await,
    )
}

/// The worker's own case, locked.
#[cfg(feature = "ssr")]
async fn own_case(
    tx: &mut sqlx::PgConnection,
    worker_id: i64,
    case_id: i64,
) -> Result<crate::db::help_cases::LockedCase, AppError> {
    match crate::db::help_cases::lock(tx, case_id).await? {
        Some(case) if case.worker_id == worker_id => Ok(case),
        // Someone else's case is as unknown as a forged number.
        _ => Err(AppError::NotFound),
    }
}

/// The worker answers the offer: agreeing opens the case (consent stored with its time); declining
/// deletes it, leaving nothing behind.
#[server(prefix = "/api", endpoint = "help/answer", client = CsrfClient)]
pub async fn answer_help_offer(case_id: i64, agree: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::model::HelpStatus;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            let case = own_case(&mut tx, worker_id, case_id).await?;
            if case.status != HelpStatus::AwaitingConsent {
                return Err(AppError::refused("help_already_answered"));
            }
            if agree {
                crate::db::help_cases::consent(&mut tx, case_id).await?;
            } else {
                crate::db::help_cases::delete(&mut tx, case_id).await?;
            }
            audit(
                &mut tx,
                &principal,
                if agree {
                    "consent_help_case"
                } else {
                    "decline_help_case"
                },
                Some(case_id),
                None,
            )
            .await?;
            tx.commit().await?;
            if super::context::wants_page_back() {
                leptos_axum::redirect("/me/help");
            }
            Ok(())
        }
        .await,
    )
}

/// The worker withdraws consent: the case, its follow-ups and everything staff wrote are deleted.
#[server(prefix = "/api", endpoint = "help/withdraw", client = CsrfClient)]
pub async fn withdraw_help_consent(case_id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            own_case(&mut tx, worker_id, case_id).await?;
            crate::db::help_cases::delete(&mut tx, case_id).await?;
            audit(
                &mut tx,
                &principal,
                "withdraw_help_consent",
                Some(case_id),
                None,
            )
            .await?;
            tx.commit().await?;
            if super::context::wants_page_back() {
                leptos_axum::redirect("/me/help");
            }
            Ok(())
        }
        .await,
    )
}

//! The shift after the match: the worker checks in and out (签到/签退) by the employer's rotating code or
//! by location, the employer records what the worker could not and corrects hours, records payments the
//! worker confirms or disputes, and district staff decide wage cases (欠薪). Every step is authorised
//! here, enforced by the database, and written to the place's timeline.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{CheckInCode, ClockDirection, WageCase, WageCaseSummary};

/// The worker checks in or out of their place on a posting, proving presence by the code on the
/// employer's phone (scanned or typed) or by the phone's location within 300 m.
#[server(prefix = "/api", endpoint = "shifts/clock", client = CsrfClient)]
pub async fn clock(
    posting_id: i64,
    direction: ClockDirection,
    #[server(default)] code: Option<String>,
    #[server(default)] lng: Option<f64>,
    #[server(default)] lat: Option<f64>,
) -> Result<(), AppError> {
    use crate::auth::sign_in::{enforce, Limit};
    use crate::auth::{check_in_code, Action};
    use crate::db::auth::AuthEvent;
    use crate::db::shifts::{self, ShiftError, ShiftRefusal};
    use crate::model::{CheckMethod, CHECK_IN_RADIUS_M};
    // Three codes of a million are valid at any moment: ten wrong ones an hour leave guessing no chance.
    const WRONG_CODES: [Limit; 1] = [Limit {
        max: 10,
        window_s: 3600,
    }];
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let code = code.filter(|c| !c.trim().is_empty());
            let at = match (lng, lat) {
                (Some(lng), Some(lat)) if lng.is_finite() && lat.is_finite() => Some((lng, lat)),
                (None, None) => None,
                _ => return Err(AppError::invalid_field("location")),
            };
            let mut tx = pool.begin().await?;
            let place = shifts::held_place(&mut tx, worker_id, posting_id, at)
                .await?
                .ok_or(ShiftError::Refused(ShiftRefusal::NoPlace))?;
            let method = match (code, place.distance_m) {
                (Some(code), _) => {
                    let key = format!("account:{}", principal.account_id);
                    enforce(
                        &mut tx,
                        AuthEvent::CheckInCodeFailed,
                        Some(&key),
                        None,
                        &WRONG_CODES,
                    )
                    .await?;
                    let secret = shifts::check_in_secret(&mut tx, posting_id).await?;
                    if !check_in_code::verify(&secret, &code, check_in_code::now_unix()) {
                        // Counted outside the refused transaction, which rolls back.
                        drop(tx);
                        let mut conn = pool.acquire().await.map_err(crate::db::DbError::from)?;
                        crate::db::auth::record_event(
                            &mut conn,
                            AuthEvent::CheckInCodeFailed,
                            Some(&key),
                            None,
                        )
                        .await?;
                        return Err(ShiftError::Refused(ShiftRefusal::BadCode).into());
                    }
                    CheckMethod::Code
                }
                (None, Some(d)) if d <= CHECK_IN_RADIUS_M => CheckMethod::Location,
                (None, Some(_)) => return Err(ShiftError::Refused(ShiftRefusal::TooFar).into()),
                (None, None) => return Err(AppError::invalid_field("code")),
            };
            match direction {
                // A second check-in the same day changes nothing and is no error: the worker who taps
                // twice, or scans again, is simply checked in.
                ClockDirection::In => {
                    shifts::check_in(
                        &mut tx,
                        place.application_id,
                        super::context::today(),
                        method,
                    )
                    .await?;
                }
                ClockDirection::Out => {
                    shifts::check_out(&mut tx, place.application_id, method).await?;
                }
            }
            tx.commit().await?;
            if super::context::wants_page_back() {
                leptos_axum::redirect(&format!(
                    "/me/applications#application-{}",
                    place.application_id
                ));
            }
            Ok(())
        }
        .await,
    )
}

/// The employer's check-in screen for a posting: the code of the moment, as digits and as a QR
/// picture of the link a worker's camera opens.
#[server(prefix = "/api", endpoint = "shifts/code", client = CsrfClient)]
pub async fn current_check_in_code(posting_id: i64) -> Result<CheckInCode, AppError> {
    use crate::auth::{check_in_code, Action};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::PostAsEmployer).await?;
            let mut conn = pool.acquire().await.map_err(crate::db::DbError::from)?;
            let (owner, title) =
                crate::db::employer_postings::owner_and_title(&mut conn, posting_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
            super::context::authorize_as(
                &pool,
                &caller,
                Action::ManagePosting { employer_id: owner },
            )
            .await?;
            let secret = crate::db::shifts::check_in_secret(&mut conn, posting_id).await?;
            let (code, valid_for) = check_in_code::code_at(&secret, check_in_code::now_unix());
            let (expected, arrived) =
                crate::db::shifts::arrivals_today(&mut conn, posting_id, super::context::today())
                    .await?;
            let state = use_context::<crate::state::AppState>().ok_or(AppError::Internal)?;
            let link = format!("{}/check-in/{posting_id}?code={code}", state.public_url);
            Ok(CheckInCode {
                posting_id,
                title,
                qr_svg: crate::http::qr_svg(&link).ok_or(AppError::Internal)?,
                code,
                valid_for,
                expected,
                arrived,
            })
        }
        .await,
    )
}

/// The employer records a worker's arrival (and departure) on a day of the shift, for a worker who could
/// not check in themselves. A departure earlier than the arrival is on the next day (a night shift).
#[server(prefix = "/api", endpoint = "shifts/record-day", client = CsrfClient)]
pub async fn record_day(
    application_id: i64,
    work_date: chrono::NaiveDate,
    arrived: String,
    #[server(default)] left: Option<String>,
) -> Result<(), AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let arrived_at = super::context::china_time_on(work_date, &arrived, "arrived")?;
            let left_at = match left.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(left) => {
                    let at = super::context::china_time_on(work_date, left, "left")?;
                    Some(if at <= arrived_at {
                        at + chrono::Duration::days(1)
                    } else {
                        at
                    })
                }
            };
            let (mut tx, _, place) = employer_place(&pool, application_id).await?;
            crate::db::shifts::record_day(
                &mut tx,
                place.application_id,
                work_date,
                arrived_at,
                left_at,
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The caller's organisation's place, in a transaction, after checking the caller may manage it.
#[cfg(feature = "ssr")]
async fn employer_place(
    pool: &sqlx::PgPool,
    application_id: i64,
) -> Result<
    (
        sqlx::Transaction<'static, sqlx::Postgres>,
        crate::auth::Principal,
        crate::db::shifts::PlaceParties,
    ),
    AppError,
> {
    use crate::auth::Action;
    let caller = super::context::caller(pool).await?;
    // Employers only, before revealing whether the application exists.
    super::context::authorize_as(pool, &caller, Action::PostAsEmployer).await?;
    let mut tx = pool.begin().await?;
    let owner = crate::db::applications::owner_of(&mut tx, application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let principal =
        super::context::authorize_as(pool, &caller, Action::ManagePosting { employer_id: owner })
            .await?;
    let place = crate::db::shifts::employer_place(&mut tx, owner, application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tx, principal, place))
}

/// The employer corrects a finished day's hours, with a note; the worker is told and sees both.
#[server(prefix = "/api", endpoint = "shifts/correct-hours", client = CsrfClient)]
pub async fn correct_hours(
    application_id: i64,
    work_date: chrono::NaiveDate,
    hours: String,
    note: String,
) -> Result<(), AppError> {
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, SHIFT_NOTE_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            // Half hours, as the posting's shift length is given.
            let minutes = hours
                .trim()
                .replace('，', ".")
                .parse::<f64>()
                .ok()
                .filter(|h| h.is_finite() && (0.0..=24.0).contains(h))
                .map(|h| ((h * 2.0).round() * 30.0) as i16)
                .ok_or_else(|| AppError::invalid_field("hours"))?;
            let note = super::context::clean_text(&note, SHIFT_NOTE_MAX_CHARS, "note")?;
            if note.chars().count() < 2 {
                return Err(AppError::invalid_field("note"));
            }
            let (mut tx, _, place) = employer_place(&pool, application_id).await?;
            crate::db::shifts::correct_hours(&mut tx, application_id, work_date, minutes, &note)
                .await?;
            notifications::push(
                &mut tx,
                Recipients::Worker(place.worker_id),
                notifications::New {
                    kind: NotificationKind::HoursCorrected,
                    posting_id: Some(place.posting_id),
                    application_id: Some(application_id),
                    title: &place.title,
                    detail: &note,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The employer records a payment for a place worked: amount in yuan, how, on which day.
#[server(prefix = "/api", endpoint = "shifts/record-payment", client = CsrfClient)]
pub async fn record_payment(
    application_id: i64,
    amount: String,
    method: crate::model::PayMethod,
    paid_on: chrono::NaiveDate,
    #[server(default)] note: Option<String>,
) -> Result<(), AppError> {
    use crate::db::notifications::{self, Recipients};
    use crate::db::shifts::NewPayment;
    use crate::model::{NotificationKind, SHIFT_NOTE_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let amount_cents = crate::model::parse_yuan(&amount)
                .filter(|c| (1..=100_000_000).contains(c))
                .ok_or_else(|| AppError::invalid_field("amount"))?;
            let note = super::context::clean_text(
                note.as_deref().unwrap_or(""),
                SHIFT_NOTE_MAX_CHARS,
                "note",
            )?;
            if paid_on > super::context::today() {
                return Err(AppError::invalid_field("paid_on"));
            }
            let (mut tx, principal, place) = employer_place(&pool, application_id).await?;
            crate::db::shifts::record_payment(
                &mut tx,
                application_id,
                NewPayment {
                    amount_cents,
                    method,
                    paid_on,
                    note: &note,
                    recorded_by: principal.account_id,
                },
            )
            .await?;
            notifications::push(
                &mut tx,
                Recipients::Worker(place.worker_id),
                notifications::New {
                    kind: NotificationKind::PaymentRecorded,
                    posting_id: Some(place.posting_id),
                    application_id: Some(application_id),
                    title: &place.title,
                    detail: "",
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The worker confirms a payment was received, or disputes it with a reason. Once.
#[server(prefix = "/api", endpoint = "shifts/answer-payment", client = CsrfClient)]
pub async fn answer_payment(
    payment_id: i64,
    received: bool,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, SHIFT_NOTE_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let dispute = if received {
                None
            } else {
                let reason = super::context::clean_text(
                    reason.as_deref().unwrap_or(""),
                    SHIFT_NOTE_MAX_CHARS,
                    "reason",
                )?;
                if reason.chars().count() < 2 {
                    return Err(AppError::invalid_field("reason"));
                }
                Some(reason)
            };
            let mut tx = pool.begin().await?;
            let place = crate::db::shifts::answer_payment(
                &mut tx,
                worker_id,
                payment_id,
                dispute.as_deref(),
            )
            .await?;
            notifications::push(
                &mut tx,
                Recipients::Employer(place.employer_id),
                notifications::New {
                    kind: NotificationKind::PaymentAnswered,
                    posting_id: Some(place.posting_id),
                    application_id: Some(place.application_id),
                    title: &place.title,
                    detail: dispute.as_deref().unwrap_or(""),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The worker takes a place's unpaid or disputed pay to the staff of the posting's district (申请维权).
#[server(prefix = "/api", endpoint = "shifts/open-case", client = CsrfClient)]
pub async fn open_wage_case(application_id: i64, complaint: String) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, CASE_TEXT_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let complaint =
                super::context::clean_text(&complaint, CASE_TEXT_MAX_CHARS, "complaint")?;
            let mut tx = pool.begin().await?;
            let (_, place) =
                crate::db::shifts::open_case(&mut tx, worker_id, application_id, &complaint)
                    .await?;
            notifications::push(
                &mut tx,
                Recipients::Employer(place.employer_id),
                notifications::New {
                    kind: NotificationKind::WageCase,
                    posting_id: Some(place.posting_id),
                    application_id: Some(application_id),
                    title: &place.title,
                    detail: "",
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Wage cases in the caller's scope: open ones first, oldest first.
#[server(prefix = "/api", endpoint = "shifts/cases", client = CsrfClient)]
pub async fn wage_cases() -> Result<Vec<WageCaseSummary>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::shifts::cases_in_scope(&pool, principal.scope, 200).await?)
        }
        .await,
    )
}

/// One wage case with its evidence, for staff of its area. Reading it is audited: it shows both
/// parties' phone numbers.
#[server(prefix = "/api", endpoint = "shifts/case", client = CsrfClient)]
pub async fn wage_case_detail(case_id: i64) -> Result<WageCase, AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let mut tx = pool.begin().await?;
            let area = crate::db::shifts::case_area(&mut tx, case_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let principal =
                super::context::authorize_as(&pool, &caller, Action::HandleWageCase { area })
                    .await?;
            let case = crate::db::shifts::case_detail(&mut tx, case_id, super::context::today())
                .await?
                .ok_or(AppError::NotFound)?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "read_wage_case",
                    subject_table: "wage_cases",
                    subject_id: Some(case_id),
                    before: None,
                    after: None,
                    refused: false,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(case)
        }
        .await,
    )
}

/// Staff decide a wage case, once, with a note both parties read. Audited.
#[server(prefix = "/api", endpoint = "shifts/decide-case", client = CsrfClient)]
pub async fn decide_wage_case(
    case_id: i64,
    decision: crate::model::WageCaseStatus,
    note: String,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, WageCaseStatus, CASE_TEXT_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            if decision == WageCaseStatus::Open {
                return Err(AppError::invalid_field("decision"));
            }
            let note = super::context::clean_text(&note, CASE_TEXT_MAX_CHARS, "reason")?;
            if note.chars().count() < 2 {
                return Err(AppError::invalid_field("reason"));
            }
            let mut tx = pool.begin().await?;
            let area = crate::db::shifts::case_area(&mut tx, case_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let principal =
                super::context::authorize_as(&pool, &caller, Action::HandleWageCase { area })
                    .await?;
            let place = crate::db::shifts::decide_case(
                &mut tx,
                case_id,
                decision,
                principal.account_id,
                &note,
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
                        kind: NotificationKind::WageCase,
                        posting_id: Some(place.posting_id),
                        application_id: Some(place.application_id),
                        title: &place.title,
                        detail: &note,
                    },
                )
                .await?;
            }
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "decide_wage_case",
                    subject_table: "wage_cases",
                    subject_id: Some(case_id),
                    before: Some(serde_json::json!({ "status": "open" })),
                    after: Some(serde_json::json!({ "status": decision.as_str(), "note": note })),
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

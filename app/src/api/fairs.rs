//! Job fairs (招聘会): the public calendar and a fair's page; workers sign up and carry a pass;
//! employers ask for booths bringing their postings; staff of the market hold fairs (one-off or
//! recurring), decide booths, see employers arrive and check people in at the door.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{CheckedIn, FairDesk, FairDetail, FairSummary, StaffFairs};

/// Records a change to a fair in the audit log.
#[cfg(feature = "ssr")]
async fn audit(
    conn: &mut sqlx::PgConnection,
    principal: &crate::auth::Principal,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    super::context::audit_change(conn, principal, action, ("job_fairs", id), after).await
}

/// Checks that the caller serves at the fair's market; the principal to act as.
#[cfg(feature = "ssr")]
async fn serving_at_fair(
    pool: &sqlx::PgPool,
    caller: &crate::auth::Caller,
    conn: &mut sqlx::PgConnection,
    fair_id: i64,
) -> Result<crate::auth::Principal, AppError> {
    let market = crate::db::fairs::fair_place(conn, fair_id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::context::authorize_as(pool, caller, crate::auth::Action::ServeAtMarket { market }).await
}

/// Scheduled fairs of the coming days, soonest first: of one market, or all. Public.
#[server(prefix = "/api", endpoint = "fairs/list")]
pub async fn list_fairs(
    #[server(default)] market: Option<String>,
) -> Result<Vec<FairSummary>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::read_pool()?;
            let market = market.filter(|m| !m.is_empty());
            Ok(crate::db::fairs::upcoming(&pool, market.as_deref()).await?)
        }
        .await,
    )
}

/// Each market's next fair, soonest first: what the gig map's market popups show. Public.
#[server(prefix = "/api", endpoint = "fairs/next")]
pub async fn next_fairs() -> Result<Vec<FairSummary>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::read_pool()?;
            Ok(crate::db::fairs::next_per_market(&pool).await?)
        }
        .await,
    )
}

/// A fair's page: its employers and their postings, and for the viewer their pass (a worker) or their
/// booth (an employer). Public.
#[server(prefix = "/api", endpoint = "fairs/fair")]
pub async fn read_fair(id: i64) -> Result<FairDetail, AppError> {
    use crate::auth::{decide, Action, Caller};
    use crate::model::{FairPass, FairViewer, Role};
    super::context::respond(
        async {
            let state = super::context::state()?;
            let pool = state.pool.clone();
            let caller = super::context::caller(&pool).await?;
            let fair = crate::db::fairs::fair(&pool, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let employers = crate::db::fairs::employers(&pool, id).await?;
            let mut conn = pool.acquire().await?;
            let market = crate::db::fairs::fair_place(&mut conn, id)
                .await?
                .ok_or(AppError::NotFound)?;
            drop(conn);
            let serves = decide(&caller, &Action::ServeAtMarket { market }).is_ok();
            let open = !fair.cancelled && fair.held_on >= crate::calendar::today();
            let (viewer, pass, booth) = match &caller {
                Caller::Anonymous => (FairViewer::SignedOut, None, None),
                Caller::SignedIn(p) => match (p.role, p.worker_id, p.employer_id) {
                    (Role::Worker, Some(worker_id), _) => {
                        let pass = crate::db::fairs::pass(&pool, id, worker_id).await?.map(
                            |(pass_code, checked_in)| {
                                // What staff's camera opens: the fair's desk with this pass.
                                let url = format!(
                                    "{}/staff/fairs/{id}?pass={pass_code}",
                                    state.public_url
                                );
                                FairPass {
                                    qr_svg: crate::http::qr_svg(&url).unwrap_or_default(),
                                    pass_code,
                                    checked_in,
                                }
                            },
                        );
                        (FairViewer::Worker, pass, None)
                    }
                    (Role::Employer, _, Some(employer_id)) => (
                        FairViewer::Employer,
                        None,
                        Some(crate::db::fairs::booth(&pool, id, employer_id).await?),
                    ),
                    _ => (FairViewer::Other, None, None),
                },
            };
            Ok(FairDetail {
                fair,
                employers,
                viewer,
                open,
                pass,
                booth,
                serves,
            })
        }
        .await,
    )
}

/// The worker signs up for a fair (and gets a pass), or gives the sign-up up before being checked in.
#[server(prefix = "/api", endpoint = "fairs/sign-up", client = CsrfClient)]
pub async fn sign_up_for_fair(fair_id: i64, take: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            if take {
                crate::db::fairs::sign_up(&mut tx, fair_id, worker_id).await?;
            } else {
                crate::db::fairs::give_up(&mut tx, fair_id, worker_id).await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The employer asks for a booth bringing some of its open postings (or changes which), or withdraws
/// it. Audited.
#[server(prefix = "/api", endpoint = "fairs/booth", client = CsrfClient)]
pub async fn ask_for_booth(
    fair_id: i64,
    #[server(default)] postings: Vec<i64>,
    #[server(default)] withdraw: bool,
) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::PostAsEmployer).await?;
            let employer_id = principal.employer_id.ok_or(AppError::Forbidden)?;
            let mut postings = postings;
            postings.sort_unstable();
            postings.dedup();
            let mut tx = pool.begin().await?;
            if withdraw {
                crate::db::fairs::withdraw_booth(&mut tx, fair_id, employer_id).await?;
            } else {
                crate::db::fairs::request_booth(&mut tx, fair_id, employer_id, &postings).await?;
            }
            audit(
                &mut tx,
                &principal,
                if withdraw {
                    "withdraw_booth"
                } else {
                    "request_booth"
                },
                fair_id,
                serde_json::json!({ "employer_id": employer_id, "postings": postings }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The staff desk's fairs (of the markets in the caller's scope) and the markets they may hold them at.
#[server(prefix = "/api", endpoint = "fairs/staff", client = CsrfClient)]
pub async fn fairs_for_staff() -> Result<StaffFairs, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::fairs::in_scope(&pool, principal.scope).await?)
        }
        .await,
    )
}

/// Staff of a market hold a fair at it: on one day, or recurring on weekdays (1 = Monday … 7 = Sunday)
/// until a last day. Audited.
#[server(prefix = "/api", endpoint = "fairs/hold", client = CsrfClient)]
#[allow(clippy::too_many_arguments)]
pub async fn hold_fair(
    market_id: i32,
    theme: String,
    title: String,
    held_on: chrono::NaiveDate,
    starts_at: String,
    ends_at: String,
    #[server(default)] place: String,
    booths: i16,
    #[server(default)] livestream_url: String,
    #[server(default)] weekdays: Vec<u8>,
    #[server(default)] until: Option<chrono::NaiveDate>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::model::{
        parse_livestream_url, series_days, FairTheme, FAIR_BOOTHS_MAX, FAIR_LINE_MAX_CHARS,
        FAIR_TITLE_MAX_CHARS,
    };
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::staff_caller(&pool).await?;
            let theme = FairTheme::parse(&theme).ok_or(AppError::invalid_field("theme"))?;
            let title = super::context::clean_text(&title, FAIR_TITLE_MAX_CHARS, "fair_title")?;
            if title.chars().count() < 2 {
                return Err(AppError::invalid_field("fair_title"));
            }
            let place = super::context::clean_text(&place, FAIR_LINE_MAX_CHARS, "fair_place")?;
            let time = |t: &str, field| {
                chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M")
                    .map_err(|_| AppError::invalid_field(field))
            };
            let (starts, ends) = (time(&starts_at, "starts_at")?, time(&ends_at, "ends_at")?);
            if ends <= starts {
                return Err(AppError::invalid_field("ends_at"));
            }
            if !(1..=FAIR_BOOTHS_MAX).contains(&booths) {
                return Err(AppError::invalid_field("booths"));
            }
            let livestream = match livestream_url.trim() {
                "" => None,
                url => Some(
                    parse_livestream_url(url).ok_or(AppError::invalid_field("livestream_url"))?,
                ),
            };
            if held_on < crate::calendar::today() {
                return Err(AppError::refused("fair_past"));
            }
            let days =
                series_days(held_on, until, &weekdays).ok_or(AppError::invalid_field("until"))?;
            let mut tx = pool.begin().await?;
            let market = crate::db::buses::market_place(&mut tx, market_id)
                .await?
                .ok_or(AppError::invalid_field("market_id"))?;
            let principal =
                super::context::authorize_as(&pool, &caller, Action::ServeAtMarket { market })
                    .await?;
            let fair = crate::db::fairs::NewFair {
                market_id,
                theme,
                title: &title,
                starts_at: starts,
                ends_at: ends,
                place: &place,
                booths,
                livestream_url: livestream.as_deref(),
            };
            let id = crate::db::fairs::create(&mut tx, &fair, &days, principal.account_id).await?;
            audit(
                &mut tx,
                &principal,
                "hold_fair",
                id,
                serde_json::json!({
                    "market_id": market_id, "title": title, "theme": theme.code(), "days": days,
                    "starts_at": starts_at, "ends_at": ends_at, "booths": booths,
                }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Staff cancel a fair (and, asked, the later fairs of its series) with a reason; those signed up and
/// the employers with booths are told. Audited.
#[server(prefix = "/api", endpoint = "fairs/cancel", client = CsrfClient)]
pub async fn cancel_fair(
    fair_id: i64,
    reason: String,
    #[server(default)] series: bool,
) -> Result<(), AppError> {
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, FAIR_REASON_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason = super::context::clean_text(&reason, FAIR_REASON_MAX_CHARS, "fair_reason")?;
            if reason.chars().count() < 2 {
                return Err(AppError::invalid_field("fair_reason"));
            }
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let principal = serving_at_fair(&pool, &caller, &mut tx, fair_id).await?;
            let cancelled = crate::db::fairs::cancel(&mut tx, fair_id, &reason, series).await?;
            for (id, title) in &cancelled {
                for to in [Recipients::FairSignups(*id), Recipients::FairBooths(*id)] {
                    notifications::push_about_fair(
                        &mut tx,
                        to,
                        *id,
                        notifications::New {
                            kind: NotificationKind::FairCancelled,
                            posting_id: None,
                            application_id: None,
                            title,
                            detail: &reason,
                        },
                    )
                    .await?;
                }
            }
            audit(
                &mut tx,
                &principal,
                "cancel_fair",
                fair_id,
                serde_json::json!({
                    "reason": reason,
                    "fairs": cancelled.iter().map(|(id, _)| id).collect::<Vec<_>>(),
                }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// A fair's desk for the staff of its market: booths to decide, employers arriving, the latest
/// check-ins (phones masked), hires.
#[server(prefix = "/api", endpoint = "fairs/desk", client = CsrfClient)]
pub async fn read_fair_desk(fair_id: i64) -> Result<FairDesk, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::staff_caller(&pool).await?;
            let mut conn = pool.acquire().await?;
            serving_at_fair(&pool, &caller, &mut conn, fair_id).await?;
            drop(conn);
            crate::db::fairs::desk(&pool, fair_id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Staff approve a booth asked for (while booths are left) or reject it; the employer is told. Audited.
#[server(prefix = "/api", endpoint = "fairs/decide-booth", client = CsrfClient)]
pub async fn decide_booth(fair_id: i64, employer_id: i64, approve: bool) -> Result<(), AppError> {
    use crate::db::notifications::{self, Recipients};
    use crate::model::NotificationKind;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let principal = serving_at_fair(&pool, &caller, &mut tx, fair_id).await?;
            let title = crate::db::fairs::decide_booth(
                &mut tx,
                fair_id,
                employer_id,
                approve,
                principal.account_id,
            )
            .await?;
            notifications::push_about_fair(
                &mut tx,
                Recipients::Employer(employer_id),
                fair_id,
                notifications::New {
                    kind: NotificationKind::BoothDecided,
                    posting_id: None,
                    application_id: None,
                    title: &title,
                    detail: if approve { "" } else { "rejected" },
                },
            )
            .await?;
            audit(
                &mut tx,
                &principal,
                "decide_booth",
                fair_id,
                serde_json::json!({ "employer_id": employer_id, "approved": approve }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Staff see an employer with a booth arrive, on the fair's day (the big screen counts them).
#[server(prefix = "/api", endpoint = "fairs/present", client = CsrfClient)]
pub async fn booth_present(fair_id: i64, employer_id: i64) -> Result<(), AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            serving_at_fair(&pool, &caller, &mut tx, fair_id).await?;
            crate::db::fairs::mark_present(&mut tx, fair_id, employer_id).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Staff check a person in at the door, on the fair's day: by the pass their phone shows (its QR code
/// opens the desk with it) or by their phone number (a walk-in is signed up as they come).
#[server(prefix = "/api", endpoint = "fairs/check-in", client = CsrfClient)]
pub async fn check_in_at_fair(
    fair_id: i64,
    #[server(default)] pass: String,
    #[server(default)] phone: String,
) -> Result<CheckedIn, AppError> {
    use crate::db::fairs::AtTheDoor;
    use crate::model::{parse_pass_code, Phone};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let pass = match pass.trim() {
                "" => None,
                code => Some(parse_pass_code(code).ok_or(AppError::invalid_field("pass"))?),
            };
            let phone = match (&pass, phone.trim()) {
                (Some(_), _) => None,
                (None, number) => {
                    Some(Phone::parse(number).ok_or(AppError::invalid_field("phone"))?)
                }
            };
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let principal = serving_at_fair(&pool, &caller, &mut tx, fair_id).await?;
            let who = match (&pass, &phone) {
                (Some(code), _) => AtTheDoor::Pass(code),
                (None, Some(phone)) => AtTheDoor::Phone(phone.as_str()),
                (None, None) => return Err(AppError::invalid_field("phone")),
            };
            let checked =
                crate::db::fairs::check_in(&mut tx, fair_id, who, principal.account_id).await?;
            tx.commit().await?;
            Ok(checked)
        }
        .await,
    )
}

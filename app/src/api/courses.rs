//! Training courses (技能培训): public lists and pages; workers enrol and withdraw; an organisation
//! proposes courses and runs its own (capacity, cancellation, its learners); staff of the area decide
//! proposals and record attendance and completion; 为我推荐 suggests courses to workers whose trades
//! have few postings.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{
    CourseDetail, CourseRoster, CourseSuggestions, CourseSummary, OrganisationCourses, StaffCourses,
};

/// At most this many courses in a list.
#[cfg(feature = "ssr")]
const LIST_LIMIT: i64 = 50;

/// Records a change to a course in the audit log.
#[cfg(feature = "ssr")]
async fn audit(
    conn: &mut sqlx::PgConnection,
    principal: &crate::auth::Principal,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    super::context::audit_change(conn, principal, action, ("courses", id), after).await
}

/// The parties of a course, or 404.
#[cfg(feature = "ssr")]
async fn parties(
    conn: &mut sqlx::PgConnection,
    course_id: i64,
) -> Result<crate::db::courses::CourseParties, AppError> {
    crate::db::courses::parties(conn, course_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Approved courses not yet over, soonest first, in a city and a trade (or its sector) when asked.
/// Public.
#[server(prefix = "/api", endpoint = "courses/list")]
pub async fn list_courses(
    #[server(default)] city: Option<i32>,
    #[server(default)] trade: Option<String>,
) -> Result<Vec<CourseSummary>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let trade = trade.filter(|t| !t.is_empty());
            Ok(crate::db::courses::list(&pool, city, trade.as_deref(), LIST_LIMIT).await?)
        }
        .await,
    )
}

/// A course's page: what it is, and for the viewer, their place on it, the subsidy as it applies to
/// them, and whether its roster is theirs. A course not approved is shown only to its provider, its
/// partner, the staff who keep it and (cancelled) its learners. Public.
#[server(prefix = "/api", endpoint = "courses/course")]
pub async fn read_course(id: i64) -> Result<CourseDetail, AppError> {
    use crate::auth::{decide, Action, Caller};
    use crate::model::{CourseStatus, CourseViewer};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let (course, description) = crate::db::courses::course(&pool, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut conn = pool.acquire().await?;
            let parties = parties(&mut conn, id).await?;
            drop(conn);
            let provided_by_viewer = decide(
                &caller,
                &Action::OfferCourse {
                    provider_id: parties.provider_id,
                },
            )
            .is_ok();
            let partner = parties.partner_id.is_some_and(|partner_id| {
                decide(
                    &caller,
                    &Action::OfferCourse {
                        provider_id: partner_id,
                    },
                )
                .is_ok()
            });
            let keeper = decide(&caller, &Action::KeepCourse { area: parties.area }).is_ok();
            let worker_id = match &caller {
                Caller::SignedIn(p) => p.worker_id,
                Caller::Anonymous => None,
            };
            let mine = match worker_id {
                Some(worker_id) => crate::db::courses::enrolment(&pool, id, worker_id).await?,
                None => None,
            };
            // A learner of a cancelled course reads why from its page, as everyone else could before.
            let concerned = provided_by_viewer || partner || keeper || mine.is_some();
            if course.status != CourseStatus::Approved && !concerned {
                return Err(AppError::NotFound);
            }
            let viewer = match (&caller, worker_id) {
                (Caller::Anonymous, _) => CourseViewer::SignedOut,
                (_, Some(_)) => CourseViewer::Worker,
                (_, None) => CourseViewer::NotAWorker,
            };
            let subsidy = match worker_id {
                Some(worker_id) => Some(crate::db::courses::subsidy(&pool, id, worker_id).await?),
                None => None,
            };
            let enrolling = course.status == CourseStatus::Approved
                && crate::calendar::today() <= course.starts_on;
            Ok(CourseDetail {
                course,
                description,
                viewer,
                mine,
                subsidy,
                enrolling,
                roster_open: provided_by_viewer || partner || keeper,
                provided_by_viewer,
            })
        }
        .await,
    )
}

/// The worker enrols (agreeing or not that an 订单培训 partner learns of their completion), or
/// withdraws, until the first day. Never more learners than places.
#[server(prefix = "/api", endpoint = "courses/enrol", client = CsrfClient)]
pub async fn enrol_on_course(
    course_id: i64,
    take: bool,
    #[server(default)] partner_consent: bool,
) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            if take {
                crate::db::courses::enrol(&mut tx, course_id, worker_id, partner_consent).await?;
            } else {
                crate::db::courses::withdraw(&mut tx, course_id, worker_id).await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The caller's organisation's courses: those it gives and those it is the partner of.
#[server(prefix = "/api", endpoint = "courses/organisation", client = CsrfClient)]
pub async fn courses_of_organisation() -> Result<OrganisationCourses, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::PostAsEmployer).await?;
            let employer_id = principal.employer_id.ok_or(AppError::Forbidden)?;
            Ok(crate::db::courses::of_organisation(&pool, employer_id).await?)
        }
        .await,
    )
}

/// An organisation proposes a course; staff of its district decide. Audited.
#[server(prefix = "/api", endpoint = "courses/propose", client = CsrfClient)]
#[allow(clippy::too_many_arguments)]
pub async fn propose_course(
    trade: String,
    title: String,
    #[server(default)] description: String,
    district: i32,
    address: String,
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
    schedule: String,
    hours: i16,
    capacity: i16,
    #[server(default)] cost: String,
    #[server(default)] subsidy_eligible: bool,
    #[server(default)] partner_credit_code: String,
    #[server(default)] partner_places: String,
) -> Result<(), AppError> {
    use super::context::{clean_paragraphs, clean_text};
    use crate::auth::Action;
    use crate::model::{
        parse_credit_code, parse_yuan, COURSE_CAPACITY_MAX, COURSE_COST_MAX_CENTS, COURSE_DAYS_MAX,
        COURSE_DESCRIPTION_MAX_CHARS, COURSE_HOURS_MAX, COURSE_LINE_MAX_CHARS,
        COURSE_TITLE_MAX_CHARS,
    };
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let principal = super::context::authorize_as(&pool, &caller, Action::PostAsEmployer).await?;
            let provider_id = principal.employer_id.ok_or(AppError::Forbidden)?;
            super::context::authorize_as(&pool, &caller, Action::OfferCourse { provider_id }).await?;
            let at_least_two = |text: String, field: &str| {
                if text.chars().count() < 2 {
                    Err(AppError::invalid_field(field))
                } else {
                    Ok(text)
                }
            };
            let title = at_least_two(clean_text(&title, COURSE_TITLE_MAX_CHARS, "course_title")?, "course_title")?;
            let description =
                clean_paragraphs(&description, COURSE_DESCRIPTION_MAX_CHARS, "course_description")?;
            let address = at_least_two(clean_text(&address, COURSE_LINE_MAX_CHARS, "course_address")?, "course_address")?;
            let schedule = at_least_two(clean_text(&schedule, COURSE_LINE_MAX_CHARS, "schedule")?, "schedule")?;
            let trade = trade.trim();
            if trade.is_empty() || trade.len() > 40 {
                return Err(AppError::invalid_field("trade"));
            }
            if !(1..=COURSE_HOURS_MAX).contains(&hours) {
                return Err(AppError::invalid_field("course_hours"));
            }
            if !(1..=COURSE_CAPACITY_MAX).contains(&capacity) {
                return Err(AppError::invalid_field("capacity"));
            }
            let cost_cents = if cost.trim().is_empty() {
                0
            } else {
                parse_yuan(&cost)
                    .filter(|c| *c <= COURSE_COST_MAX_CENTS)
                    .ok_or(AppError::invalid_field("cost"))?
            };
            if starts_on < crate::calendar::today() {
                return Err(AppError::refused("course_past"));
            }
            if ends_on < starts_on || (ends_on - starts_on).num_days() > COURSE_DAYS_MAX {
                return Err(AppError::invalid_field("ends_on"));
            }
            let partner_credit_code = partner_credit_code.trim();
            let partner = if partner_credit_code.is_empty() {
                None
            } else {
                let code = parse_credit_code(partner_credit_code)
                    .ok_or(AppError::invalid_field("partner_credit_code"))?;
                let places: i16 = partner_places
                    .trim()
                    .parse()
                    .ok()
                    .filter(|p| (1..=capacity).contains(p))
                    .ok_or(AppError::invalid_field("partner_places"))?;
                Some((code, places))
            };
            let course = crate::db::courses::NewCourse {
                provider_id,
                trade_code: trade,
                title: &title,
                description: &description,
                district_adcode: district,
                address: &address,
                starts_on,
                ends_on,
                schedule: &schedule,
                hours,
                capacity,
                cost_cents,
                subsidy_eligible,
                partner: partner.as_ref().map(|(code, places)| (code.as_str(), *places)),
            };
            let mut tx = pool.begin().await?;
            let id = crate::db::courses::propose(&mut tx, &course, principal.account_id).await?;
            audit(
                &mut tx,
                &principal,
                "propose_course",
                id,
                serde_json::json!({
                    "title": title, "trade": trade, "district": district, "starts_on": starts_on,
                    "ends_on": ends_on, "capacity": capacity, "cost_cents": cost_cents,
                    "subsidy_eligible": subsidy_eligible,
                    "partner": partner.as_ref().map(|(code, places)| serde_json::json!({ "credit_code": code, "places": places })),
                }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The provider changes a course's capacity: never below the learners enrolled. Audited.
#[server(prefix = "/api", endpoint = "courses/capacity", client = CsrfClient)]
pub async fn set_course_capacity(course_id: i64, capacity: i16) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::model::COURSE_CAPACITY_MAX;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            if !(1..=COURSE_CAPACITY_MAX).contains(&capacity) {
                return Err(AppError::invalid_field("capacity"));
            }
            let caller = super::context::caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let parties = parties(&mut tx, course_id).await?;
            let principal = super::context::authorize_as(
                &pool,
                &caller,
                Action::OfferCourse {
                    provider_id: parties.provider_id,
                },
            )
            .await?;
            let before = crate::db::courses::set_capacity(&mut tx, course_id, capacity).await?;
            audit(
                &mut tx,
                &principal,
                "set_course_capacity",
                course_id,
                serde_json::json!({ "capacity": capacity, "was": before }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The provider, or staff who keep it, cancel a course not yet over, with a reason the learners
/// read. Audited.
#[server(prefix = "/api", endpoint = "courses/cancel", client = CsrfClient)]
pub async fn cancel_course(course_id: i64, reason: String) -> Result<(), AppError> {
    use crate::auth::{decide, Action};
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, COURSE_REASON_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason =
                super::context::clean_text(&reason, COURSE_REASON_MAX_CHARS, "course_reason")?;
            if reason.chars().count() < 2 {
                return Err(AppError::invalid_field("course_reason"));
            }
            let caller = super::context::caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let parties = parties(&mut tx, course_id).await?;
            let as_provider = Action::OfferCourse {
                provider_id: parties.provider_id,
            };
            // The provider first, silently; otherwise staff, refused (and audited) as every refusal is.
            let principal = match decide(&caller, &as_provider) {
                Ok(p) => p.clone(),
                Err(_) => {
                    super::context::authorize_as(
                        &pool,
                        &caller,
                        Action::KeepCourse { area: parties.area },
                    )
                    .await?
                }
            };
            let title =
                crate::db::courses::cancel(&mut tx, course_id, &reason, principal.account_id)
                    .await?;
            notifications::push_about_course(
                &mut tx,
                Recipients::Learners(course_id),
                course_id,
                notifications::New {
                    kind: NotificationKind::CourseCancelled,
                    posting_id: None,
                    application_id: None,
                    title: &title,
                    detail: &reason,
                },
            )
            .await?;
            audit(
                &mut tx,
                &principal,
                "cancel_course",
                course_id,
                serde_json::json!({ "status": "cancelled", "reason": reason }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The staff desk's courses: proposals to decide and courses running, in the caller's area.
#[server(prefix = "/api", endpoint = "courses/staff", client = CsrfClient)]
pub async fn courses_for_staff() -> Result<StaffCourses, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::courses::in_scope(&pool, principal.scope).await?)
        }
        .await,
    )
}

/// Staff of the course's area approve a proposal, or reject it with a reason; the provider is told.
/// Audited.
#[server(prefix = "/api", endpoint = "courses/decide", client = CsrfClient)]
pub async fn decide_course(
    course_id: i64,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, COURSE_REASON_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason =
                super::context::clean_text(&reason, COURSE_REASON_MAX_CHARS, "course_reason")?;
            if !approve && reason.chars().count() < 2 {
                return Err(AppError::invalid_field("course_reason"));
            }
            let caller = super::context::caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let parties = parties(&mut tx, course_id).await?;
            let principal = super::context::authorize_as(
                &pool,
                &caller,
                Action::KeepCourse { area: parties.area },
            )
            .await?;
            let (provider_id, title) = crate::db::courses::decide(
                &mut tx,
                course_id,
                approve,
                Some(&reason),
                principal.account_id,
            )
            .await?;
            notifications::push_about_course(
                &mut tx,
                Recipients::Employer(provider_id),
                course_id,
                notifications::New {
                    kind: NotificationKind::CourseDecided,
                    posting_id: None,
                    application_id: None,
                    title: &title,
                    detail: if approve { "" } else { &reason },
                },
            )
            .await?;
            audit(
                &mut tx,
                &principal,
                "decide_course",
                course_id,
                serde_json::json!({
                    "status": if approve { "approved" } else { "rejected" },
                    "reason": (!approve).then_some(&reason),
                }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Who the caller is to a course's roster, or a refusal.
#[cfg(feature = "ssr")]
async fn roster_role(
    pool: &sqlx::PgPool,
    caller: &crate::auth::Caller,
    parties: &crate::db::courses::CourseParties,
) -> Result<(crate::model::RosterRole, crate::auth::Principal), AppError> {
    use crate::auth::{decide, Action};
    use crate::model::RosterRole;
    let as_org = |provider_id| Action::OfferCourse { provider_id };
    if let Ok(p) = decide(caller, &as_org(parties.provider_id)) {
        return Ok((RosterRole::Provider, p.clone()));
    }
    if let Some(p) = parties
        .partner_id
        .and_then(|partner| decide(caller, &as_org(partner)).ok())
    {
        return Ok((RosterRole::Partner, p.clone()));
    }
    let p = super::context::authorize_as(pool, caller, Action::KeepCourse { area: parties.area })
        .await?;
    Ok((RosterRole::Staff, p))
}

/// A course's learners with their phones and attendance, on a day (today when not given): for staff
/// of its area, its provider and (graduates who agreed only) its partner. Audited: it shows phone
/// numbers in full.
#[server(prefix = "/api", endpoint = "courses/roster", client = CsrfClient)]
pub async fn read_course_roster(
    course_id: i64,
    #[server(default)] day: Option<chrono::NaiveDate>,
) -> Result<CourseRoster, AppError> {
    use crate::model::RosterRole;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let parties = parties(&mut tx, course_id).await?;
            let (role, principal) = roster_role(&pool, &caller, &parties).await?;
            audit(
                &mut tx,
                &principal,
                "read_course_roster",
                course_id,
                serde_json::json!({ "as": format!("{role:?}") }),
            )
            .await?;
            tx.commit().await?;
            let day = day.unwrap_or_else(crate::calendar::today);
            let (course, _) = crate::db::courses::course(&pool, course_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let (day_open, begun) = crate::db::courses::roster_days(&pool, course_id, day).await?;
            Ok(CourseRoster {
                course,
                role,
                day,
                day_open: day_open && role == RosterRole::Staff,
                may_complete: begun && role == RosterRole::Staff,
                learners: crate::db::courses::learners(&pool, course_id, role, day).await?,
            })
        }
        .await,
    )
}

/// Staff record who was present on a day of the course (those ticked; again is nothing new).
#[server(prefix = "/api", endpoint = "courses/attendance", client = CsrfClient)]
pub async fn record_course_attendance(
    course_id: i64,
    day: chrono::NaiveDate,
    #[server(default)] present: Vec<i64>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::model::COURSE_CAPACITY_MAX;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            if present.is_empty() || present.len() > COURSE_CAPACITY_MAX as usize {
                return Err(AppError::invalid_field("present"));
            }
            let caller = super::context::caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let parties = parties(&mut tx, course_id).await?;
            let principal = super::context::authorize_as(
                &pool,
                &caller,
                Action::KeepCourse { area: parties.area },
            )
            .await?;
            let mut present = present;
            present.sort_unstable();
            present.dedup();
            let added = crate::db::courses::record_attendance(
                &mut tx,
                course_id,
                day,
                &present,
                principal.account_id,
            )
            .await?;
            audit(
                &mut tx,
                &principal,
                "record_course_attendance",
                course_id,
                serde_json::json!({ "day": day, "present": present, "added": added }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Staff record a learner's completion with the certificate number: the course's trade joins the
/// worker's profile, the worker is told, and so is an 订单培训 partner the worker agreed to. Audited.
#[server(prefix = "/api", endpoint = "courses/complete", client = CsrfClient)]
pub async fn complete_course(
    course_id: i64,
    worker_id: i64,
    certificate_no: String,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::notifications::{self, Recipients};
    use crate::model::{mask_phone, parse_certificate_no, NotificationKind};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let certificate_no = parse_certificate_no(&certificate_no)
                .ok_or(AppError::invalid_field("certificate_no"))?;
            let caller = super::context::caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let parties = parties(&mut tx, course_id).await?;
            let principal = super::context::authorize_as(
                &pool,
                &caller,
                Action::KeepCourse { area: parties.area },
            )
            .await?;
            let done = crate::db::courses::complete(
                &mut tx,
                course_id,
                worker_id,
                &certificate_no,
                principal.account_id,
            )
            .await?;
            notifications::push_about_course(
                &mut tx,
                Recipients::Worker(worker_id),
                course_id,
                notifications::New {
                    kind: NotificationKind::CourseCompleted,
                    posting_id: None,
                    application_id: None,
                    title: &done.title,
                    detail: &certificate_no,
                },
            )
            .await?;
            if let Some(partner_id) = done.partner_id {
                // The worker agreed at enrolment that the partner learns who they are, to call them.
                let who = format!("{} {}", done.worker_name, done.worker_phone);
                notifications::push_about_course(
                    &mut tx,
                    Recipients::Employer(partner_id),
                    course_id,
                    notifications::New {
                        kind: NotificationKind::CourseGraduate,
                        posting_id: None,
                        application_id: None,
                        title: &done.title,
                        detail: &who,
                    },
                )
                .await?;
            }
            audit(
                &mut tx,
                &principal,
                "complete_course",
                course_id,
                serde_json::json!({
                    "worker": mask_phone(&done.worker_phone),
                    "certificate_no": certificate_no,
                    "trade_added": done.trade_added,
                    "partner_told": done.partner_id.is_some(),
                }),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// 为我推荐's courses for the signed-in worker (none when their trades have postings enough).
#[server(prefix = "/api", endpoint = "courses/suggested", client = CsrfClient)]
pub async fn suggested_courses() -> Result<CourseSuggestions, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            Ok(crate::db::courses::suggestions(&pool, worker_id).await?)
        }
        .await,
    )
}

//! Applications (报名) and their life: apply, withdraw, accept, reject, attendance.
//!
//! The headcount can never be over-filled: an acceptance locks the posting's row, checks what is left,
//! and the database's trigger and CHECK (filled <= headcount) refuse anything that slips past.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    mask_phone, AcceptedPlace, Applicant, ApplicantList, ApplicationStatus, ApplyState, Area,
    Decision, MyApplication, Point, TradeCode,
};

/// Why the database refused a change of an application.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The posting is not open (closed, paused, filled, expired) or does not exist.
    PostingNotOpen,
    /// The worker already has a live application on this posting.
    AlreadyApplied,
    /// No place left.
    Full,
    /// The application cannot go to that state from where it is.
    Transition,
    /// No such application for this caller.
    NotFound,
    /// A place is taken back only when left unconfirmed past its deadline.
    NotReleasable,
    /// Giving up or cancelling a place inside 24 hours of the shift needs a reason.
    LateReasonMissing,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ApplicationError {
    fn from(e: sqlx::Error) -> Self {
        match DbError::from(e) {
            DbError::Constraint { constraint, .. } if constraint == "applications_posting_open" => {
                ApplicationError::Refused(Refusal::PostingNotOpen)
            }
            DbError::Constraint { constraint, .. } if constraint == "applications_transition" => {
                ApplicationError::Refused(Refusal::Transition)
            }
            DbError::Constraint { constraint, .. } if constraint == "applications_release" => {
                ApplicationError::Refused(Refusal::NotReleasable)
            }
            DbError::Constraint { constraint, .. } if constraint == "applications_late_reason" => {
                ApplicationError::Refused(Refusal::LateReasonMissing)
            }
            other => ApplicationError::Db(other),
        }
    }
}

fn parse_status(s: &str) -> Result<ApplicationStatus, DbError> {
    ApplicationStatus::parse(s).ok_or_else(|| DbError::Corrupt {
        column: "applications.status",
        value: s.to_owned(),
    })
}

/// What an application change needs for its notifications.
#[derive(Debug)]
pub struct Changed {
    pub application_id: i64,
    pub posting_id: i64,
    pub employer_id: i64,
    pub worker_id: i64,
    pub title: String,
    /// The application held a place before this change (so a rejection cancels a place).
    pub held_place: bool,
}

/// Applies, or applies again after a withdrawal.
#[tracing::instrument(skip(conn, message), err)]
pub async fn apply(
    conn: &mut PgConnection,
    worker_id: i64,
    posting_id: i64,
    message: &str,
) -> Result<Changed, ApplicationError> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "INSERT INTO applications (posting_id, worker_id, message) VALUES ($1, $2, $3)
         ON CONFLICT (posting_id, worker_id) DO UPDATE
            SET status = 'pending', message = EXCLUDED.message
          WHERE applications.status = 'withdrawn'
         RETURNING id, (SELECT employer_id FROM postings WHERE id = $1),
                   (SELECT title FROM postings WHERE id = $1)",
    )
    .bind(posting_id)
    .bind(worker_id)
    .bind(message)
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| match DbError::from(e) {
        // The posting id is forged or gone.
        DbError::Constraint { constraint, .. } if constraint == "applications_posting_id_fkey" => {
            ApplicationError::Refused(Refusal::PostingNotOpen)
        }
        DbError::Constraint { constraint, .. } if constraint == "applications_posting_open" => {
            ApplicationError::Refused(Refusal::PostingNotOpen)
        }
        other => ApplicationError::Db(other),
    })?;
    let (application_id, employer_id, title) =
        row.ok_or(ApplicationError::Refused(Refusal::AlreadyApplied))?;
    Ok(Changed {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
        held_place: false,
    })
}

/// The worker withdraws their own application, or gives up a place they hold (before the shift: not
/// after attendance). Inside 24 hours of the shift giving up a place needs `reason` (the database
/// refuses otherwise) and is recorded as late.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn withdraw(
    conn: &mut PgConnection,
    worker_id: i64,
    application_id: i64,
    reason: Option<&str>,
) -> Result<Changed, ApplicationError> {
    // The old status is read under the row's lock, in the same statement.
    let row: Option<(i64, i64, String, bool)> = sqlx::query_as(
        "WITH held AS (
             SELECT id, status = 'accepted' AS held_place FROM applications
              WHERE id = $1 AND worker_id = $2 FOR UPDATE
         )
         UPDATE applications a
            SET status = 'withdrawn',
                cancel_reason = CASE WHEN held.held_place THEN $3 END
           FROM postings p, held
          WHERE a.id = held.id AND p.id = a.posting_id
         RETURNING a.posting_id, p.employer_id, p.title, held.held_place",
    )
    .bind(application_id)
    .bind(worker_id)
    .bind(reason)
    .fetch_optional(&mut *conn)
    .await?;
    let (posting_id, employer_id, title, held_place) =
        row.ok_or(ApplicationError::Refused(Refusal::NotFound))?;
    Ok(Changed {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
        held_place,
    })
}

/// The employer decides about an applicant of one of their postings.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn decide(
    conn: &mut PgConnection,
    employer_id: i64,
    application_id: i64,
    decision: Decision,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Changed, ApplicationError> {
    // The posting's row lock serialises every decision on it: concurrent acceptances queue here and each
    // sees the places the previous one left.
    let row: Option<(i64, i64, String, String, i16, i16, NaiveDate)> = sqlx::query_as(
        "SELECT a.posting_id, a.worker_id, a.status, p.status, p.headcount, p.filled, p.start_date
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.id = $1 AND p.employer_id = $2
            FOR UPDATE OF p, a",
    )
    .bind(application_id)
    .bind(employer_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (posting_id, worker_id, current, posting_status, headcount, filled, start_date) =
        row.ok_or(ApplicationError::Refused(Refusal::NotFound))?;
    let current = parse_status(&current)?;
    let to = decision.status();
    if !current.may_become(to) {
        return Err(ApplicationError::Refused(Refusal::Transition));
    }
    match decision {
        Decision::Accept => {
            if posting_status == "closed" {
                return Err(ApplicationError::Refused(Refusal::PostingNotOpen));
            }
            if filled >= headcount {
                return Err(ApplicationError::Refused(Refusal::Full));
            }
        }
        // Attendance is recorded once the shift has begun.
        Decision::Attended | Decision::NoShow if start_date > today => {
            return Err(ApplicationError::Refused(Refusal::Transition));
        }
        _ => {}
    }
    // Turning down an applicant gives them the reason; cancelling a place they held records it as the
    // cancellation's (the database requires one inside 24 hours of the shift).
    let cancelling = current == ApplicationStatus::Accepted && to == ApplicationStatus::Rejected;
    let title: String = sqlx::query_scalar(
        "UPDATE applications SET status = $2, decision_reason = $3, cancel_reason = $4 WHERE id = $1
         RETURNING (SELECT title FROM postings WHERE id = posting_id)",
    )
    .bind(application_id)
    .bind(to.as_str())
    .bind(reason.filter(|_| to == ApplicationStatus::Rejected && !cancelling))
    .bind(reason.filter(|_| cancelling))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| match DbError::from(e) {
        // Only reachable if a row was changed outside this function: the CHECK is the last word.
        DbError::Constraint { constraint, .. } if constraint.starts_with("postings_check") => {
            ApplicationError::Refused(Refusal::Full)
        }
        DbError::Constraint { constraint, .. } if constraint == "applications_transition" => {
            ApplicationError::Refused(Refusal::Transition)
        }
        DbError::Constraint { constraint, .. } if constraint == "applications_release" => {
            ApplicationError::Refused(Refusal::NotReleasable)
        }
        DbError::Constraint { constraint, .. } if constraint == "applications_late_reason" => {
            ApplicationError::Refused(Refusal::LateReasonMissing)
        }
        other => ApplicationError::Db(other),
    })?;
    Ok(Changed {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
        held_place: current == ApplicationStatus::Accepted,
    })
}

/// The worker confirms they will come to the shift of a place they hold (确认到岗). Only while the
/// place is held and the shift has not begun; once.
#[tracing::instrument(skip(conn), err)]
pub async fn confirm(
    conn: &mut PgConnection,
    worker_id: i64,
    application_id: i64,
) -> Result<Changed, ApplicationError> {
    let row: Option<(i64, i64, String, String, bool, bool)> = sqlx::query_as(
        "SELECT a.posting_id, p.employer_id, p.title, a.status, a.confirmed_at IS NOT NULL,
                now() >= lingong_shift_starts_at(p.start_date, p.start_time)
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.id = $1 AND a.worker_id = $2
            FOR UPDATE OF a",
    )
    .bind(application_id)
    .bind(worker_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (posting_id, employer_id, title, status, confirmed, begun) =
        row.ok_or(ApplicationError::Refused(Refusal::NotFound))?;
    if status != "accepted" || confirmed || begun {
        return Err(ApplicationError::Refused(Refusal::Transition));
    }
    sqlx::query("UPDATE applications SET confirmed_at = now() WHERE id = $1")
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    Ok(Changed {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
        held_place: true,
    })
}

#[derive(sqlx::FromRow)]
struct MyApplicationRow {
    id: i64,
    posting_id: i64,
    posting_title: String,
    employer_name: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    pay_cents: i32,
    pay_unit: String,
    status: String,
    decision_reason: Option<String>,
    contact_phone: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    holds_place: bool,
    address: String,
    lng: f64,
    lat: f64,
    start_time: Option<chrono::NaiveTime>,
    contact_name: String,
    bring: String,
    confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    confirm_by: Option<chrono::DateTime<chrono::Utc>>,
    late_to_cancel: bool,
    begun: bool,
}

/// The worker's applications, newest first.
#[tracing::instrument(skip(pool), err)]
pub async fn mine(
    pool: &PgPool,
    worker_id: i64,
    limit: i64,
) -> Result<Vec<MyApplication>, DbError> {
    let rows: Vec<MyApplicationRow> = sqlx::query_as(
        "SELECT a.id, a.posting_id, p.title AS posting_title, e.name AS employer_name, p.start_date,
                p.end_date, p.pay_cents, p.pay_unit, a.status,
                coalesce(a.cancel_reason, a.decision_reason) AS decision_reason,
                CASE WHEN a.status IN ('accepted', 'attended') AND p.contact_preference IN ('phone', 'calls')
                     THEN e.contact_phone END AS contact_phone,
                a.created_at, a.updated_at,
                a.status IN ('accepted', 'attended', 'no_show') AS holds_place,
                p.address, ST_X(p.location) AS lng, ST_Y(p.location) AS lat, p.start_time,
                e.contact_name, p.bring, a.confirmed_at,
                lingong_confirm_by(p.start_date, a.decided_at) AS confirm_by,
                now() > lingong_shift_starts_at(p.start_date, p.start_time) - interval '24 hours'
                  AS late_to_cancel,
                now() >= lingong_shift_starts_at(p.start_date, p.start_time) AS begun
           FROM applications a
           JOIN postings p ON p.id = a.posting_id
           JOIN employers e ON e.id = p.employer_id
          WHERE a.worker_id = $1
          ORDER BY a.updated_at DESC
          LIMIT $2",
    )
    .bind(worker_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut shifts = shift_records(
        pool,
        rows.iter().filter(|r| r.holds_place).map(|r| r.id),
        super::ratings::Reader::Worker,
    )
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(MyApplication {
                shift: shifts.remove(&r.id),
                id: r.id,
                posting_id: r.posting_id,
                posting_title: r.posting_title,
                employer_name: r.employer_name,
                start_date: r.start_date,
                end_date: r.end_date,
                pay_cents: r.pay_cents,
                pay_unit: super::employer_postings::parse_unit(&r.pay_unit)?,
                status: parse_status(&r.status)?,
                reason: r.decision_reason,
                contact_phone: r.contact_phone,
                place: match (r.holds_place, r.confirm_by) {
                    (true, Some(confirm_by)) => Some(AcceptedPlace {
                        address: r.address,
                        location: Point {
                            lng: r.lng,
                            lat: r.lat,
                        },
                        start_time: r.start_time,
                        contact_name: r.contact_name,
                        bring: r.bring,
                        confirmed_at: r.confirmed_at,
                        confirm_by,
                        late_to_cancel: r.late_to_cancel,
                        begun: r.begun,
                    }),
                    _ => None,
                },
                applied_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

/// The shift records of the given places (see [`super::shifts::records`]).
async fn shift_records(
    pool: &PgPool,
    application_ids: impl Iterator<Item = i64>,
    reader: super::ratings::Reader,
) -> Result<std::collections::HashMap<i64, crate::model::ShiftRecord>, DbError> {
    let ids: Vec<i64> = application_ids.collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut conn = pool.acquire().await?;
    super::shifts::records(&mut conn, &ids, crate::calendar::today(), reader).await
}

/// The worker's standing on one posting.
#[tracing::instrument(skip(pool), err)]
pub async fn apply_state(
    pool: &PgPool,
    worker_id: i64,
    posting_id: i64,
) -> Result<ApplyState, DbError> {
    let (row, needs_name): (Option<(i64, String)>, bool) = sqlx::query_as(
        "SELECT (SELECT (a.id, a.status) FROM applications a WHERE a.posting_id = $1 AND a.worker_id = $2),
                coalesce((SELECT w.name = '' FROM workers w WHERE w.id = $2), true)",
    )
    .bind(posting_id)
    .bind(worker_id)
    .fetch_one(pool)
    .await?;
    Ok(match row {
        None => ApplyState::CanApply { needs_name },
        Some((_, status)) if status == "withdrawn" => ApplyState::CanApply { needs_name },
        Some((application_id, status)) => ApplyState::Applied {
            application_id,
            status: parse_status(&status)?,
        },
    })
}

#[derive(sqlx::FromRow)]
struct ApplicantRow {
    id: i64,
    worker_id: i64,
    name: String,
    birth_year: Option<i16>,
    phone: String,
    trades: Vec<String>,
    trade_match: bool,
    home_area: Option<String>,
    distance_m: Option<f64>,
    attended: i64,
    no_shows: i64,
    message: String,
    status: String,
    decision_reason: Option<String>,
    cancel_reason: Option<String>,
    cancelled_late: bool,
    created_at: chrono::DateTime<chrono::Utc>,
    confirmed: bool,
    releasable: bool,
    late_to_cancel: bool,
}

/// A posting's applicants, for its employer: pending first, then accepted, then the rest. The phone
/// number is masked unless the applicant holds a place.
#[tracing::instrument(skip(pool), err)]
pub async fn applicants(
    pool: &PgPool,
    employer_id: i64,
    posting_id: i64,
    this_year: i32,
) -> Result<Option<ApplicantList>, DbError> {
    let head: Option<(String, i16, i16, String, String)> = sqlx::query_as(
        "SELECT p.title, p.headcount, p.filled, p.status, c.labour_hotline
           FROM postings p JOIN cities c ON c.adcode = p.city_adcode
          WHERE p.id = $1 AND p.employer_id = $2",
    )
    .bind(posting_id)
    .bind(employer_id)
    .fetch_optional(pool)
    .await?;
    let Some((title, headcount, filled, status, labour_hotline)) = head else {
        return Ok(None);
    };
    let rows: Vec<ApplicantRow> = sqlx::query_as(
        "SELECT a.id, w.id AS worker_id, w.name, w.birth_year, w.phone,
                coalesce(array_agg(wt.trade_code ORDER BY wt.trade_code) FILTER (WHERE wt.trade_code IS NOT NULL), '{}')
                  AS trades,
                bool_or(wt.trade_code = p.trade_code
                        OR wt.trade_code = (SELECT parent_code FROM trades WHERE code = p.trade_code)
                        OR (SELECT parent_code FROM trades WHERE code = wt.trade_code)
                           = (SELECT parent_code FROM trades WHERE code = p.trade_code)) IS TRUE
                  AS trade_match,
                (SELECT c.name || coalesce(d.name, '') FROM cities c
                   LEFT JOIN districts d ON d.adcode = w.home_district_adcode
                  WHERE c.adcode = w.home_city_adcode) AS home_area,
                ST_Distance(p.location::geography,
                            coalesce(w.home_location,
                                     (SELECT centre FROM districts WHERE adcode = w.home_district_adcode))::geography)
                  AS distance_m,
                (SELECT count(*) FROM applications h WHERE h.worker_id = w.id AND h.status = 'attended') AS attended,
                (SELECT count(*) FROM applications h WHERE h.worker_id = w.id AND h.status = 'no_show'
                    AND NOT EXISTS (SELECT 1 FROM no_show_appeals n
                                     WHERE n.application_id = h.id AND n.status = 'upheld')) AS no_shows,
                a.message, a.status, a.decision_reason, a.cancel_reason, a.cancelled_late, a.created_at,
                a.confirmed_at IS NOT NULL AS confirmed,
                (a.status = 'accepted' AND a.confirmed_at IS NULL
                 AND now() >= lingong_confirm_by(p.start_date, a.decided_at)) AS releasable,
                now() > lingong_shift_starts_at(p.start_date, p.start_time) - interval '24 hours'
                  AS late_to_cancel
           FROM applications a
           JOIN postings p ON p.id = a.posting_id
           JOIN workers w ON w.id = a.worker_id
           LEFT JOIN worker_trades wt ON wt.worker_id = w.id
          WHERE a.posting_id = $1 AND a.status <> 'withdrawn'
          GROUP BY a.id, w.id, p.id
          ORDER BY array_position(ARRAY['pending', 'accepted', 'attended', 'no_show', 'rejected', 'released'], a.status),
                   a.created_at
          LIMIT 500",
    )
    .bind(posting_id)
    .fetch_all(pool)
    .await?;
    let mut shifts = shift_records(
        pool,
        rows.iter()
            .filter(|r| matches!(r.status.as_str(), "accepted" | "attended" | "no_show"))
            .map(|r| r.id),
        super::ratings::Reader::Employer,
    )
    .await?;
    let mut records = {
        let ids: Vec<i64> = rows.iter().map(|r| r.worker_id).collect();
        let mut conn = pool.acquire().await?;
        super::ratings::worker_records(&mut conn, &ids).await?
    };
    let applicants = rows
        .into_iter()
        .map(|r| {
            let status = parse_status(&r.status)?;
            let revealed = matches!(
                status,
                ApplicationStatus::Accepted
                    | ApplicationStatus::Attended
                    | ApplicationStatus::NoShow
            );
            Ok(Applicant {
                application_id: r.id,
                name: r.name,
                age: r.birth_year.map(|y| this_year - i32::from(y)),
                phone: if revealed {
                    r.phone
                } else {
                    mask_phone(&r.phone)
                },
                phone_revealed: revealed,
                trades: r
                    .trades
                    .iter()
                    .filter_map(|t| TradeCode::parse(t))
                    .collect(),
                trade_match: r.trade_match,
                home_area: r.home_area,
                distance_m: r
                    .distance_m
                    .map(|m| m.round().clamp(0.0, u32::MAX as f64) as u32),
                attended: r.attended,
                no_shows: r.no_shows,
                message: r.message,
                status,
                reason: r.cancel_reason.or(r.decision_reason),
                applied_at: r.created_at,
                confirmed: r.confirmed,
                releasable: r.releasable,
                late_to_cancel: r.late_to_cancel,
                cancelled_late: r.cancelled_late,
                shift: shifts.remove(&r.id),
                record: records.remove(&r.worker_id).unwrap_or_default(),
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(Some(ApplicantList {
        posting_id,
        title,
        headcount,
        filled,
        status: super::employer_postings::parse_status(&status)?,
        applicants,
        labour_hotline,
    }))
}

/// The organisation owning the posting an application is for.
#[tracing::instrument(skip(conn), err)]
pub async fn owner_of(
    conn: &mut PgConnection,
    application_id: i64,
) -> Result<Option<i64>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT p.employer_id FROM applications a JOIN postings p ON p.id = a.posting_id WHERE a.id = $1",
    )
    .bind(application_id)
    .fetch_optional(conn)
    .await?)
}

impl From<ApplicationError> for crate::error::AppError {
    fn from(e: ApplicationError) -> Self {
        use crate::error::AppError;
        match e {
            ApplicationError::Refused(Refusal::PostingNotOpen) => {
                AppError::refused("posting_not_open")
            }
            ApplicationError::Refused(Refusal::AlreadyApplied) => {
                AppError::refused("already_applied")
            }
            ApplicationError::Refused(Refusal::Full) => AppError::refused("full"),
            ApplicationError::Refused(Refusal::Transition) => AppError::refused("transition"),
            ApplicationError::Refused(Refusal::NotFound) => AppError::NotFound,
            ApplicationError::Refused(Refusal::NotReleasable) => {
                AppError::refused("not_releasable")
            }
            ApplicationError::Refused(Refusal::LateReasonMissing) => {
                AppError::refused("late_reason_missing")
            }
            ApplicationError::Db(e) => e.into(),
        }
    }
}

/// Where a place's posting is: who may decide about the place (appeals, reports of its messages).
#[tracing::instrument(skip(conn), err)]
pub async fn posting_area(
    conn: &mut PgConnection,
    application_id: i64,
) -> Result<Option<Area>, DbError> {
    let row: Option<(i32, Option<i32>)> = sqlx::query_as(
        "SELECT p.city_adcode, p.district_adcode
           FROM applications a JOIN postings p ON p.id = a.posting_id WHERE a.id = $1",
    )
    .bind(application_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(city_adcode, district_adcode)| Area {
        city_adcode,
        district_adcode,
        market_id: None,
    }))
}

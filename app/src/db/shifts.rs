//! The shift after the match: check-in and check-out, hours and their corrections, payments and their
//! answers, wage cases (欠薪). The database enforces every life cycle here (migration 25); this module
//! turns its refusals into reasons a person can read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    Area, CaseMessage, CheckMethod, NoShowAppeal, PayMethod, Payment, PaymentStatus, ShiftDay,
    ShiftRecord, StaffScope, TimelineEvent, WageCase, WageCaseStatus, WageCaseSummary,
};

/// Why a step of a shift was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum ShiftRefusal {
    /// The caller holds no place on this posting (or the place was cancelled or marked a no-show).
    NoPlace,
    /// Not a day of the shift, or outside the day's window for checking in or out.
    OutsideWindow,
    /// The code is wrong or has changed.
    BadCode,
    /// Farther than 300 m from the place.
    TooFar,
    /// Checking out without having checked in.
    NotCheckedIn,
    /// An arrival, a departure, or an answer to a payment is recorded once.
    AlreadyRecorded,
    /// Payments and wage cases are for a place the worker came to.
    NotWorked,
    /// A wage case needs a place unpaid or in dispute, and there is one case per place.
    NoCaseToOpen,
    /// The case was decided already.
    CaseClosed,
    NotFound,
}

#[derive(Debug, thiserror::Error)]
pub enum ShiftError {
    #[error("refused: {0:?}")]
    Refused(ShiftRefusal),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ShiftError {
    fn from(e: sqlx::Error) -> Self {
        let refusal = |constraint: &str| match constraint {
            "shift_days_place" => Some(ShiftRefusal::NoPlace),
            "shift_days_window" | "shift_days_out_after_in" => Some(ShiftRefusal::OutsideWindow),
            "shift_days_once" | "shift_payments_transition" => Some(ShiftRefusal::AlreadyRecorded),
            "shift_days_correction" => Some(ShiftRefusal::NotCheckedIn),
            "shift_payments_place" => Some(ShiftRefusal::NotWorked),
            "wage_cases_transition" => Some(ShiftRefusal::CaseClosed),
            _ => None,
        };
        match DbError::from(e) {
            DbError::Constraint { constraint, source } => match refusal(&constraint) {
                Some(r) => ShiftError::Refused(r),
                None => ShiftError::Db(DbError::Constraint { constraint, source }),
            },
            other => ShiftError::Db(other),
        }
    }
}

impl From<ShiftError> for crate::error::AppError {
    fn from(e: ShiftError) -> Self {
        use crate::error::AppError;
        let reason = match e {
            ShiftError::Db(e) => return e.into(),
            ShiftError::Refused(ShiftRefusal::NotFound) => return AppError::NotFound,
            ShiftError::Refused(r) => match r {
                ShiftRefusal::NoPlace => "no_place",
                ShiftRefusal::OutsideWindow => "outside_window",
                ShiftRefusal::BadCode => "bad_code",
                ShiftRefusal::TooFar => "too_far",
                ShiftRefusal::NotCheckedIn => "not_checked_in",
                ShiftRefusal::AlreadyRecorded => "already_recorded",
                ShiftRefusal::NotWorked => "not_worked",
                ShiftRefusal::NoCaseToOpen => "no_case_to_open",
                ShiftRefusal::CaseClosed => "case_closed",
                ShiftRefusal::NotFound => unreachable!("handled above"),
            },
        };
        AppError::refused(reason)
    }
}

fn corrupt(column: &'static str, value: &str) -> DbError {
    DbError::Corrupt {
        column,
        value: value.to_owned(),
    }
}

/// A worker's place on a posting, for checking in or out.
#[derive(Debug)]
pub struct HeldPlace {
    pub application_id: i64,
    pub employer_id: i64,
    pub title: String,
    /// From the place to where the worker says they are, when they said.
    pub distance_m: Option<f64>,
}

/// The worker's place on a posting, if they hold one (or held it and came).
#[tracing::instrument(skip(conn), err)]
pub async fn held_place(
    conn: &mut PgConnection,
    worker_id: i64,
    posting_id: i64,
    at: Option<(f64, f64)>,
) -> Result<Option<HeldPlace>, DbError> {
    let row: Option<(i64, i64, String, Option<f64>)> = sqlx::query_as(
        "SELECT a.id, p.employer_id, p.title,
                CASE WHEN $3::float8 IS NOT NULL THEN
                     ST_Distance(p.location::geography, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography)
                END
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.posting_id = $1 AND a.worker_id = $2 AND a.status IN ('accepted', 'attended')",
    )
    .bind(posting_id)
    .bind(worker_id)
    .bind(at.map(|(lng, _)| lng))
    .bind(at.map(|(_, lat)| lat))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(application_id, employer_id, title, distance_m)| HeldPlace {
            application_id,
            employer_id,
            title,
            distance_m,
        },
    ))
}

/// The secret a posting's check-in codes are derived from, made on first use.
#[tracing::instrument(skip(conn), err)]
pub async fn check_in_secret(conn: &mut PgConnection, posting_id: i64) -> Result<Vec<u8>, DbError> {
    sqlx::query("INSERT INTO check_in_keys (posting_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(posting_id)
        .execute(&mut *conn)
        .await?;
    Ok(
        sqlx::query_scalar("SELECT secret FROM check_in_keys WHERE posting_id = $1")
            .bind(posting_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// The worker arrives, on `today` (China's date). `false` when they had already checked in that day.
#[tracing::instrument(skip(conn), err)]
pub async fn check_in(
    conn: &mut PgConnection,
    application_id: i64,
    today: NaiveDate,
    method: CheckMethod,
) -> Result<bool, ShiftError> {
    let inserted: Option<bool> = sqlx::query_scalar(
        "INSERT INTO shift_days (application_id, work_date, checked_in_at, check_in_by)
         VALUES ($1, $2, now(), $3)
         ON CONFLICT (application_id, work_date) DO NOTHING
         RETURNING true",
    )
    .bind(application_id)
    .bind(today)
    .bind(method.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(inserted.is_some())
}

/// The worker leaves: the latest day they arrived and have not left (a night shift leaves the next
/// calendar day).
#[tracing::instrument(skip(conn), err)]
pub async fn check_out(
    conn: &mut PgConnection,
    application_id: i64,
    method: CheckMethod,
) -> Result<i32, ShiftError> {
    let minutes: Option<Option<i32>> = sqlx::query_scalar(
        "UPDATE shift_days d SET checked_out_at = now(), check_out_by = $2
          WHERE d.application_id = $1 AND d.checked_out_at IS NULL
            AND d.work_date = (SELECT max(work_date) FROM shift_days WHERE application_id = $1)
         RETURNING lingong_minutes_worked(d)",
    )
    .bind(application_id)
    .bind(method.as_str())
    .fetch_optional(conn)
    .await?;
    minutes
        .flatten()
        .ok_or(ShiftError::Refused(ShiftRefusal::NotCheckedIn))
}

/// The employer records a day the worker did not check in for themselves (or a departure they did
/// not record), as the fallback the issue asks for.
#[tracing::instrument(skip(conn), err)]
pub async fn record_day(
    conn: &mut PgConnection,
    application_id: i64,
    work_date: NaiveDate,
    arrived: DateTime<Utc>,
    left: Option<DateTime<Utc>>,
) -> Result<(), ShiftError> {
    let written: Option<bool> = sqlx::query_scalar(
        "INSERT INTO shift_days (application_id, work_date, checked_in_at, check_in_by, checked_out_at, check_out_by)
         VALUES ($1, $2, $3, 'employer', $4, CASE WHEN $4::timestamptz IS NOT NULL THEN 'employer' END)
         ON CONFLICT (application_id, work_date) DO UPDATE
            SET checked_out_at = EXCLUDED.checked_out_at, check_out_by = EXCLUDED.check_out_by
          WHERE shift_days.checked_out_at IS NULL AND EXCLUDED.checked_out_at IS NOT NULL
         RETURNING true",
    )
    .bind(application_id)
    .bind(work_date)
    .bind(arrived)
    .bind(left)
    .fetch_optional(conn)
    .await?;
    written
        .map(|_| ())
        .ok_or(ShiftError::Refused(ShiftRefusal::AlreadyRecorded))
}

/// The employer corrects a finished day's hours, with a note the worker reads.
#[tracing::instrument(skip(conn, note), err)]
pub async fn correct_hours(
    conn: &mut PgConnection,
    application_id: i64,
    work_date: NaiveDate,
    minutes: i16,
    note: &str,
) -> Result<(), ShiftError> {
    let done = sqlx::query(
        "UPDATE shift_days SET corrected_minutes = $3, correction_note = $4, corrected_at = now()
          WHERE application_id = $1 AND work_date = $2",
    )
    .bind(application_id)
    .bind(work_date)
    .bind(minutes)
    .bind(note)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ShiftError::Refused(ShiftRefusal::NotCheckedIn));
    }
    Ok(())
}

/// A payment as the employer records it.
#[derive(Debug)]
pub struct NewPayment<'a> {
    pub amount_cents: i32,
    pub method: PayMethod,
    pub paid_on: NaiveDate,
    pub note: &'a str,
    pub recorded_by: i64,
}

#[tracing::instrument(skip(conn), err)]
pub async fn record_payment(
    conn: &mut PgConnection,
    application_id: i64,
    payment: NewPayment<'_>,
) -> Result<i64, ShiftError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO shift_payments (application_id, amount_cents, method, paid_on, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(application_id)
    .bind(payment.amount_cents)
    .bind(payment.method.as_str())
    .bind(payment.paid_on)
    .bind(payment.note)
    .bind(payment.recorded_by)
    .fetch_one(conn)
    .await?)
}

/// Whose a place is, and what it is called: for the notifications of a step.
#[derive(Debug)]
pub struct PlaceParties {
    pub application_id: i64,
    pub posting_id: i64,
    pub employer_id: i64,
    pub worker_id: i64,
    pub title: String,
}

/// The worker confirms receipt of a payment, or disputes it with a reason. Once.
#[tracing::instrument(skip(conn, dispute), err)]
pub async fn answer_payment(
    conn: &mut PgConnection,
    worker_id: i64,
    payment_id: i64,
    dispute: Option<&str>,
) -> Result<PlaceParties, ShiftError> {
    let row: Option<(i64, i64, i64, String, String)> = sqlx::query_as(
        "SELECT a.id, p.id, p.employer_id, p.title, s.status
           FROM shift_payments s
           JOIN applications a ON a.id = s.application_id
           JOIN postings p ON p.id = a.posting_id
          WHERE s.id = $1 AND a.worker_id = $2
            FOR UPDATE OF s",
    )
    .bind(payment_id)
    .bind(worker_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (application_id, posting_id, employer_id, title, status) =
        row.ok_or(ShiftError::Refused(ShiftRefusal::NotFound))?;
    if status != PaymentStatus::Recorded.as_str() {
        return Err(ShiftError::Refused(ShiftRefusal::AlreadyRecorded));
    }
    sqlx::query(
        "UPDATE shift_payments
            SET status = CASE WHEN $2::text IS NULL THEN 'confirmed' ELSE 'disputed' END,
                dispute_reason = $2, answered_at = now()
          WHERE id = $1",
    )
    .bind(payment_id)
    .bind(dispute)
    .execute(&mut *conn)
    .await?;
    Ok(PlaceParties {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
    })
}

/// A place whose pay is not settled: worked, and no payment confirmed or one in dispute.
const UNSETTLED: &str = "a.status = 'attended'
    AND (NOT EXISTS (SELECT 1 FROM shift_payments s WHERE s.application_id = a.id AND s.status = 'confirmed')
         OR EXISTS (SELECT 1 FROM shift_payments s WHERE s.application_id = a.id AND s.status = 'disputed'))";

/// The worker takes an unsettled place to the staff of the posting's district.
#[tracing::instrument(skip(conn, complaint), err)]
pub async fn open_case(
    conn: &mut PgConnection,
    worker_id: i64,
    application_id: i64,
    complaint: &str,
) -> Result<(i64, PlaceParties), ShiftError> {
    let row: Option<(i64, i64, i64, String)> = sqlx::query_as(&format!(
        "INSERT INTO wage_cases (application_id, city_adcode, district_adcode, opened_by, complaint)
         SELECT a.id, p.city_adcode, p.district_adcode, 'worker', $3
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.id = $1 AND a.worker_id = $2 AND {UNSETTLED}
         ON CONFLICT (application_id) DO NOTHING
         RETURNING id, (SELECT posting_id FROM applications WHERE id = $1),
                   (SELECT p.employer_id FROM applications a JOIN postings p ON p.id = a.posting_id WHERE a.id = $1),
                   (SELECT p.title FROM applications a JOIN postings p ON p.id = a.posting_id WHERE a.id = $1)"
    ))
    .bind(application_id)
    .bind(worker_id)
    .bind(complaint)
    .fetch_optional(&mut *conn)
    .await?;
    let (case_id, posting_id, employer_id, title) =
        row.ok_or(ShiftError::Refused(ShiftRefusal::NoCaseToOpen))?;
    Ok((
        case_id,
        PlaceParties {
            application_id,
            posting_id,
            employer_id,
            worker_id,
            title,
        },
    ))
}

/// The daily sweep: every place still unsettled `after_days` after its shift's planned end becomes a
/// wage case. Safe to run on several instances at once (one case per place). Returns the new cases'
/// places.
#[tracing::instrument(skip(conn), err)]
pub async fn open_overdue_cases(
    conn: &mut PgConnection,
    after_days: i32,
) -> Result<Vec<PlaceParties>, DbError> {
    let rows: Vec<(i64, i64, i64, i64, String)> = sqlx::query_as(&format!(
        "WITH opened AS (
             INSERT INTO wage_cases (application_id, city_adcode, district_adcode, opened_by)
             SELECT a.id, p.city_adcode, p.district_adcode, 'overdue'
               FROM applications a JOIN postings p ON p.id = a.posting_id
              WHERE {UNSETTLED}
                AND lingong_check_in_closes(p.end_date, p.start_time, p.shift_minutes)
                    < now() - make_interval(days => $1)
                AND NOT EXISTS (SELECT 1 FROM wage_cases c WHERE c.application_id = a.id)
             ON CONFLICT (application_id) DO NOTHING
             RETURNING application_id)
         SELECT a.id, p.id, p.employer_id, a.worker_id, p.title
           FROM opened o JOIN applications a ON a.id = o.application_id JOIN postings p ON p.id = a.posting_id"
    ))
    .bind(after_days)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(application_id, posting_id, employer_id, worker_id, title)| PlaceParties {
                application_id,
                posting_id,
                employer_id,
                worker_id,
                title,
            },
        )
        .collect())
}

#[derive(sqlx::FromRow)]
struct RecordHead {
    id: i64,
    agreed_pay_cents: i32,
    agreed_pay_unit: String,
    wage_case: Option<String>,
    may_check_in: bool,
    unsettled: bool,
    appeal_reason: Option<String>,
    appeal_status: Option<String>,
    appealed_at: Option<chrono::DateTime<chrono::Utc>>,
    may_appeal_no_show: bool,
}

#[derive(sqlx::FromRow)]
struct DayRow {
    application_id: i64,
    work_date: NaiveDate,
    checked_in_at: DateTime<Utc>,
    check_in_by: String,
    checked_out_at: Option<DateTime<Utc>>,
    check_out_by: Option<String>,
    minutes: Option<i32>,
    corrected_minutes: Option<i16>,
    correction_note: Option<String>,
    may_check_out: bool,
}

#[derive(sqlx::FromRow)]
struct PaymentRow {
    id: i64,
    application_id: i64,
    amount_cents: i32,
    method: String,
    paid_on: NaiveDate,
    note: String,
    status: String,
    dispute_reason: Option<String>,
}

/// The shift records of the given places that were given (accepted, worked or missed), by
/// application. `today` is China's date.
#[tracing::instrument(skip(conn, application_ids), err)]
pub async fn records(
    conn: &mut PgConnection,
    application_ids: &[i64],
    today: NaiveDate,
    reader: super::ratings::Reader,
) -> Result<HashMap<i64, ShiftRecord>, DbError> {
    if application_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let heads: Vec<RecordHead> = sqlx::query_as(&format!(
        "SELECT a.id, a.agreed_pay_cents, a.agreed_pay_unit,
                (SELECT c.status FROM wage_cases c WHERE c.application_id = a.id) AS wage_case,
                (a.status IN ('accepted', 'attended')
                 AND $2 BETWEEN p.start_date AND p.end_date
                 AND now() BETWEEN lingong_check_in_opens($2, p.start_time)
                               AND lingong_check_in_closes($2, p.start_time, p.shift_minutes)
                 AND NOT EXISTS (SELECT 1 FROM shift_days d WHERE d.application_id = a.id AND d.work_date = $2))
                  AS may_check_in,
                ({UNSETTLED}) AS unsettled,
                n.reason AS appeal_reason, n.status AS appeal_status, n.appealed_at,
                (a.status = 'no_show' AND n.application_id IS NULL
                 AND EXISTS (SELECT 1 FROM application_events e
                              WHERE e.application_id = a.id AND e.kind = 'no_show'
                                AND e.at > now() - make_interval(days => lingong_no_show_appeal_days())))
                  AS may_appeal_no_show
           FROM applications a JOIN postings p ON p.id = a.posting_id
           LEFT JOIN no_show_appeals n ON n.application_id = a.id
          WHERE a.id = ANY($1) AND a.agreed_pay_cents IS NOT NULL"
    ))
    .bind(application_ids)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let days: Vec<DayRow> = sqlx::query_as(
        "SELECT d.application_id, d.work_date, d.checked_in_at, d.check_in_by, d.checked_out_at,
                d.check_out_by, lingong_minutes_worked(d) AS minutes, d.corrected_minutes,
                d.correction_note,
                (d.checked_out_at IS NULL
                 AND now() <= lingong_check_out_closes(d.work_date, p.start_time, p.shift_minutes)) AS may_check_out
           FROM shift_days d
           JOIN applications a ON a.id = d.application_id
           JOIN postings p ON p.id = a.posting_id
          WHERE d.application_id = ANY($1)
          ORDER BY d.work_date",
    )
    .bind(application_ids)
    .fetch_all(&mut *conn)
    .await?;
    let payments: Vec<PaymentRow> = sqlx::query_as(
        "SELECT id, application_id, amount_cents, method, paid_on, note, status, dispute_reason
           FROM shift_payments WHERE application_id = ANY($1) ORDER BY recorded_at",
    )
    .bind(application_ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut ratings = super::ratings::place_ratings(&mut *conn, application_ids, reader).await?;
    let mut records = HashMap::with_capacity(heads.len());
    for h in heads {
        let wage_case = h
            .wage_case
            .as_deref()
            .map(|s| WageCaseStatus::parse(s).ok_or_else(|| corrupt("wage_cases.status", s)))
            .transpose()?;
        records.insert(
            h.id,
            ShiftRecord {
                application_id: h.id,
                agreed_pay_cents: h.agreed_pay_cents,
                agreed_pay_unit: super::employer_postings::parse_unit(&h.agreed_pay_unit)?,
                days: vec![],
                payments: vec![],
                may_check_in: h.may_check_in,
                may_check_out: false,
                may_open_case: h.unsettled && wage_case.is_none(),
                wage_case,
                ratings: ratings.remove(&h.id).unwrap_or_default(),
                no_show_appeal: match (h.appeal_reason, h.appeal_status, h.appealed_at) {
                    (Some(reason), Some(status), Some(appealed_at)) => Some(NoShowAppeal {
                        reason,
                        status: super::no_show_appeals::status_of(&status)?,
                        appealed_at,
                    }),
                    _ => None,
                },
                may_appeal_no_show: h.may_appeal_no_show,
            },
        );
    }
    for d in days {
        let Some(record) = records.get_mut(&d.application_id) else {
            continue;
        };
        record.may_check_out |= d.may_check_out;
        record.days.push(ShiftDay {
            work_date: d.work_date,
            checked_in_at: d.checked_in_at,
            check_in_by: CheckMethod::parse(&d.check_in_by)
                .ok_or_else(|| corrupt("shift_days.check_in_by", &d.check_in_by))?,
            checked_out_at: d.checked_out_at,
            check_out_by: d
                .check_out_by
                .as_deref()
                .map(|m| CheckMethod::parse(m).ok_or_else(|| corrupt("shift_days.check_out_by", m)))
                .transpose()?,
            minutes: d.minutes,
            corrected: d
                .corrected_minutes
                .zip(d.correction_note)
                .map(|(m, note)| (i32::from(m), note)),
        });
    }
    for p in payments {
        let Some(record) = records.get_mut(&p.application_id) else {
            continue;
        };
        record.payments.push(Payment {
            id: p.id,
            amount_cents: p.amount_cents,
            method: PayMethod::parse(&p.method)
                .ok_or_else(|| corrupt("shift_payments.method", &p.method))?,
            paid_on: p.paid_on,
            note: p.note,
            status: PaymentStatus::parse(&p.status)
                .ok_or_else(|| corrupt("shift_payments.status", &p.status))?,
            dispute_reason: p.dispute_reason,
        });
    }
    Ok(records)
}

/// Today's check-in screen figures of a posting: places held for today, and arrivals.
#[tracing::instrument(skip(conn), err)]
pub async fn arrivals_today(
    conn: &mut PgConnection,
    posting_id: i64,
    today: NaiveDate,
) -> Result<(u32, u32), DbError> {
    let (expected, arrived): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE a.status IN ('accepted', 'attended')),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM shift_days d
                                                WHERE d.application_id = a.id AND d.work_date = $2))
           FROM applications a WHERE a.posting_id = $1",
    )
    .bind(posting_id)
    .bind(today)
    .fetch_one(conn)
    .await?;
    Ok((
        u32::try_from(expected).unwrap_or(0),
        u32::try_from(arrived).unwrap_or(0),
    ))
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    application_id: i64,
    posting_id: i64,
    posting_title: String,
    employer_name: String,
    worker_name: String,
    area: String,
    opened_at: DateTime<Utc>,
    opened_by: String,
    status: String,
}

impl CaseRow {
    fn summary(self) -> Result<WageCaseSummary, DbError> {
        Ok(WageCaseSummary {
            id: self.id,
            application_id: self.application_id,
            posting_id: self.posting_id,
            posting_title: self.posting_title,
            employer_name: self.employer_name,
            worker_name: self.worker_name,
            area: self.area,
            opened_at: self.opened_at,
            opened_by_worker: self.opened_by == "worker",
            status: WageCaseStatus::parse(&self.status)
                .ok_or_else(|| corrupt("wage_cases.status", &self.status))?,
        })
    }
}

const CASE_COLUMNS: &str = "c.id, c.application_id, a.posting_id, p.title AS posting_title,
    e.name AS employer_name, w.name AS worker_name, ci.name || coalesce(d.name, '') AS area,
    c.opened_at, c.opened_by, c.status
  FROM wage_cases c
  JOIN applications a ON a.id = c.application_id
  JOIN postings p ON p.id = a.posting_id
  JOIN employers e ON e.id = p.employer_id
  JOIN workers w ON w.id = a.worker_id
  JOIN cities ci ON ci.adcode = c.city_adcode
  LEFT JOIN districts d ON d.adcode = c.district_adcode";

/// Wage cases in a staff member's scope: the open ones oldest first, then the latest decided.
#[tracing::instrument(skip(pool), err)]
pub async fn cases_in_scope(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<WageCaseSummary>, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    let rows: Vec<CaseRow> = sqlx::query_as(&format!(
        "SELECT {CASE_COLUMNS}
          WHERE ($1::int IS NULL OR c.city_adcode = $1)
            AND ($2::int IS NULL OR c.district_adcode = $2)
          ORDER BY c.status <> 'open', CASE WHEN c.status = 'open' THEN c.opened_at END,
                   c.closed_at DESC
          LIMIT $3"
    ))
    .bind(city)
    .bind(district)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(CaseRow::summary).collect()
}

/// Where a case is, for deciding who may see and decide it.
#[tracing::instrument(skip(conn), err)]
pub async fn case_area(conn: &mut PgConnection, case_id: i64) -> Result<Option<Area>, DbError> {
    let row: Option<(i32, Option<i32>)> =
        sqlx::query_as("SELECT city_adcode, district_adcode FROM wage_cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(city_adcode, district_adcode)| Area {
        city_adcode,
        district_adcode,
        market_id: None,
    }))
}

/// A case with its evidence: the place's record and every step of its timeline.
#[tracing::instrument(skip(conn), err)]
pub async fn case_detail(
    conn: &mut PgConnection,
    case_id: i64,
    today: NaiveDate,
) -> Result<Option<WageCase>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Detail {
        #[sqlx(flatten)]
        case: CaseRow,
        complaint: String,
        worker_phone: String,
        employer_phone: Option<String>,
        decision_note: Option<String>,
    }
    let row: Option<Detail> = sqlx::query_as(&format!(
        "SELECT c.complaint, w.phone AS worker_phone,
                coalesce(e.contact_phone,
                         (SELECT phone FROM accounts WHERE employer_id = e.id ORDER BY id LIMIT 1))
                  AS employer_phone,
                c.decision_note, {CASE_COLUMNS}
          WHERE c.id = $1"
    ))
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let application_id = row.case.application_id;
    let mut records = records(
        conn,
        &[application_id],
        today,
        super::ratings::Reader::Staff,
    )
    .await?;
    let record = records
        .remove(&application_id)
        .ok_or_else(|| corrupt("applications.agreed_pay_cents", "NULL"))?;
    let timeline = timeline(conn, application_id).await?;
    let messages: Vec<(bool, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT from_worker, body, created_at FROM place_messages WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(WageCase {
        messages: messages
            .into_iter()
            .map(|(from_worker, body, created_at)| CaseMessage {
                from_worker,
                body,
                created_at,
            })
            .collect(),
        summary: row.case.summary()?,
        complaint: row.complaint,
        worker_phone: row.worker_phone,
        employer_phone: row.employer_phone,
        record,
        timeline,
        decision_note: row.decision_note,
    }))
}

/// Every step of a place's life, in order.
#[tracing::instrument(skip(conn), err)]
pub async fn timeline(
    conn: &mut PgConnection,
    application_id: i64,
) -> Result<Vec<TimelineEvent>, DbError> {
    let rows: Vec<(
        DateTime<Utc>,
        String,
        Option<NaiveDate>,
        Option<i32>,
        Option<i32>,
        Option<String>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT at, kind, work_date, minutes, amount_cents, method, reason
           FROM application_events WHERE application_id = $1 ORDER BY at, id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(at, kind, work_date, minutes, amount_cents, method, reason)| TimelineEvent {
                at,
                kind,
                work_date,
                minutes,
                amount_cents,
                method,
                reason,
            },
        )
        .collect())
}

/// Staff decide an open case, once. Returns the place's parties for the notifications.
#[tracing::instrument(skip(conn, note), err)]
pub async fn decide_case(
    conn: &mut PgConnection,
    case_id: i64,
    decision: WageCaseStatus,
    decided_by: i64,
    note: &str,
) -> Result<PlaceParties, ShiftError> {
    let row: Option<(i64, i64, i64, i64, String)> = sqlx::query_as(
        "UPDATE wage_cases c SET status = $2, closed_at = now(), closed_by = $3, decision_note = $4
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE c.id = $1 AND a.id = c.application_id
         RETURNING a.id, p.id, p.employer_id, a.worker_id, p.title",
    )
    .bind(case_id)
    .bind(decision.as_str())
    .bind(decided_by)
    .bind(note)
    .fetch_optional(conn)
    .await?;
    let (application_id, posting_id, employer_id, worker_id, title) =
        row.ok_or(ShiftError::Refused(ShiftRefusal::NotFound))?;
    Ok(PlaceParties {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
    })
}

/// The parties of a place, checked to belong to an employer.
#[tracing::instrument(skip(conn), err)]
pub async fn employer_place(
    conn: &mut PgConnection,
    employer_id: i64,
    application_id: i64,
) -> Result<Option<PlaceParties>, DbError> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT a.posting_id, a.worker_id, p.title
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.id = $1 AND p.employer_id = $2",
    )
    .bind(application_id)
    .bind(employer_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(posting_id, worker_id, title)| PlaceParties {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
    }))
}

/// Open wage cases in a scope: the staff board's and the statistics' figure.
#[tracing::instrument(skip(pool), err)]
pub async fn open_case_count(pool: &PgPool, scope: Option<StaffScope>) -> Result<i64, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM wage_cases
          WHERE status = 'open' AND ($1::int IS NULL OR city_adcode = $1)
            AND ($2::int IS NULL OR district_adcode = $2)",
    )
    .bind(city)
    .bind(district)
    .fetch_one(pool)
    .await?)
}

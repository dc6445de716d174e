//! Training courses (migration 35): proposals, staff decisions, enrolments up to capacity, attendance
//! and completion. A place is taken under the course's row lock, and the database's count and CHECK
//! refuse one too many whatever the path; its triggers hold each life.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    Area, CourseStatus, CourseSuggestions, CourseSummary, EnrolmentStatus, Learner, MyEnrolment,
    OrganisationCourses, RosterRole, StaffCourses, StaffScope, Subsidy, COURSE_SUGGESTIONS,
    FEW_POSTINGS,
};

/// Why a change to a course or an enrolment was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CourseRefusal {
    /// Every place is taken.
    Full,
    /// Not open to enrolment: not approved, cancelled, or its first day has passed.
    Closed,
    AlreadyEnrolled,
    /// The worker is not enrolled (to withdraw, be recorded present or complete).
    NotEnrolled,
    /// A capacity below the learners already enrolled.
    BelowEnrolled,
    /// The first day has passed.
    Past,
    /// Not a trade one can be trained in (a sector, or unknown).
    Trade,
    /// No organisation has that credit code, or it is the provider itself.
    Partner,
    /// The providing organisation was rejected by staff.
    ProviderRejected,
    /// Staff decided about it already, or it is over.
    Decided,
    /// Completion before the course has begun.
    NotStarted,
    /// Attendance for a day the course does not run, or one to come.
    Day,
    /// No such district in the province.
    District,
}

impl CourseRefusal {
    pub fn code(self) -> &'static str {
        match self {
            CourseRefusal::Full => "course_full",
            CourseRefusal::Closed => "course_closed",
            CourseRefusal::AlreadyEnrolled => "course_already_enrolled",
            CourseRefusal::NotEnrolled => "course_not_enrolled",
            CourseRefusal::BelowEnrolled => "course_below_enrolled",
            CourseRefusal::Past => "course_past",
            CourseRefusal::Trade => "course_trade",
            CourseRefusal::Partner => "course_partner",
            CourseRefusal::ProviderRejected => "course_provider_rejected",
            CourseRefusal::Decided => "course_decided",
            CourseRefusal::NotStarted => "course_not_started",
            CourseRefusal::Day => "course_day",
            CourseRefusal::District => "course_district",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    #[error("refused: {0:?}")]
    Refused(CourseRefusal),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for CourseError {
    fn from(e: sqlx::Error) -> Self {
        match DbError::from(e) {
            // The last word when two paths race past the checks below.
            DbError::Constraint { constraint, .. } if constraint == "courses_enrolled" => {
                CourseError::Refused(CourseRefusal::Full)
            }
            DbError::Constraint { constraint, .. } if constraint == "course_enrolments_life" => {
                CourseError::Refused(CourseRefusal::Closed)
            }
            DbError::Constraint { constraint, .. } if constraint == "courses_life" => {
                CourseError::Refused(CourseRefusal::Decided)
            }
            DbError::Constraint { constraint, .. } if constraint == "course_attendance_day" => {
                CourseError::Refused(CourseRefusal::Day)
            }
            other => CourseError::Db(other),
        }
    }
}

impl From<CourseError> for crate::error::AppError {
    fn from(e: CourseError) -> Self {
        use crate::error::AppError;
        match e {
            CourseError::Refused(r) => AppError::refused(r.code()),
            CourseError::NotFound => AppError::NotFound,
            CourseError::Db(e) => e.into(),
        }
    }
}

/// The columns of a [`CourseSummary`], over [`COURSE_FROM`].
const SUMMARY_COLUMNS: &str =
    "c.id, c.title, c.trade_code, t.name AS trade_name, t.name_en AS trade_name_en,
    pr.name AS provider_name, ci.name AS city_name, d.name AS district_name, c.address, c.starts_on,
    c.ends_on, c.schedule, c.hours, c.capacity, c.enrolled, c.cost_cents, c.subsidy_eligible,
    pa.name AS partner_name, c.partner_places, c.status, c.status_reason";

const COURSE_FROM: &str = "courses c
    JOIN trades t ON t.code = c.trade_code
    JOIN employers pr ON pr.id = c.provider_id
    JOIN cities ci ON ci.adcode = c.city_adcode
    JOIN districts d ON d.adcode = c.district_adcode
    LEFT JOIN employers pa ON pa.id = c.partner_id";

#[derive(sqlx::FromRow)]
struct CourseRow {
    id: i64,
    title: String,
    trade_code: String,
    trade_name: String,
    trade_name_en: String,
    provider_name: String,
    city_name: String,
    district_name: String,
    address: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    schedule: String,
    hours: i16,
    capacity: i16,
    enrolled: i16,
    cost_cents: i32,
    subsidy_eligible: bool,
    partner_name: Option<String>,
    partner_places: Option<i16>,
    status: String,
    status_reason: Option<String>,
}

impl TryFrom<CourseRow> for CourseSummary {
    type Error = DbError;

    fn try_from(r: CourseRow) -> Result<Self, DbError> {
        Ok(CourseSummary {
            id: r.id,
            title: r.title,
            trade_code: r.trade_code,
            trade_name: r.trade_name,
            trade_name_en: r.trade_name_en,
            provider_name: r.provider_name,
            city_name: r.city_name,
            district_name: r.district_name,
            address: r.address,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            schedule: r.schedule,
            hours: r.hours,
            capacity: r.capacity,
            enrolled: r.enrolled,
            cost_cents: r.cost_cents,
            subsidy_eligible: r.subsidy_eligible,
            partner_name: r.partner_name,
            partner_places: r.partner_places,
            status: super::stored(r.status, "courses.status", CourseStatus::parse)?,
            status_reason: r.status_reason,
        })
    }
}

async fn summaries(
    pool: &PgPool,
    condition: &str,
    order: &str,
    bind: impl FnOnce(
        sqlx::query::QueryAs<'_, sqlx::Postgres, CourseRow, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::QueryAs<
        '_,
        sqlx::Postgres,
        CourseRow,
        sqlx::postgres::PgArguments,
    >,
) -> Result<Vec<CourseSummary>, DbError> {
    let sql =
        format!("SELECT {SUMMARY_COLUMNS} FROM {COURSE_FROM} WHERE {condition} ORDER BY {order}");
    let rows = bind(sqlx::query_as(&sql)).fetch_all(pool).await?;
    rows.into_iter().map(CourseSummary::try_from).collect()
}

/// A course as checked by the server function, ready to store.
#[derive(Debug)]
pub struct NewCourse<'a> {
    pub provider_id: i64,
    pub trade_code: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub district_adcode: i32,
    pub address: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub schedule: &'a str,
    pub hours: i16,
    pub capacity: i16,
    pub cost_cents: i32,
    pub subsidy_eligible: bool,
    /// The partner's credit code (统一社会信用代码) and the places it promises.
    pub partner: Option<(&'a str, i16)>,
}

/// Stores a proposal. The trade must be one a person is trained in (not a sector), the partner an
/// organisation other than the provider, and the provider not rejected by staff.
#[tracing::instrument(skip(conn, course), fields(provider = course.provider_id), err)]
pub async fn propose(
    conn: &mut PgConnection,
    course: &NewCourse<'_>,
    proposed_by: i64,
) -> Result<i64, CourseError> {
    let provider_rejected: Option<bool> =
        sqlx::query_scalar("SELECT verification_status = 'rejected' FROM employers WHERE id = $1")
            .bind(course.provider_id)
            .fetch_optional(&mut *conn)
            .await?;
    if provider_rejected != Some(false) {
        return Err(CourseError::Refused(CourseRefusal::ProviderRejected));
    }
    let leaf: Option<bool> =
        sqlx::query_scalar("SELECT parent_code IS NOT NULL FROM trades WHERE code = $1")
            .bind(course.trade_code)
            .fetch_optional(&mut *conn)
            .await?;
    if leaf != Some(true) {
        return Err(CourseError::Refused(CourseRefusal::Trade));
    }
    let district: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM districts WHERE adcode = $1)")
            .bind(course.district_adcode)
            .fetch_one(&mut *conn)
            .await?;
    if !district {
        return Err(CourseError::Refused(CourseRefusal::District));
    }
    let partner = match course.partner {
        None => None,
        Some((credit_code, places)) => {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM employers WHERE credit_code = $1 AND verification_status <> 'rejected'",
            )
            .bind(credit_code)
            .fetch_optional(&mut *conn)
            .await?;
            match id {
                Some(id) if id != course.provider_id => Some((id, places)),
                _ => return Err(CourseError::Refused(CourseRefusal::Partner)),
            }
        }
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO courses (provider_id, trade_code, title, description, city_adcode, district_adcode,
                              address, starts_on, ends_on, schedule, hours, capacity, cost_cents,
                              subsidy_eligible, partner_id, partner_places, proposed_by)
         VALUES ($1, $2, $3, $4, $5 / 100 * 100, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         RETURNING id",
    )
    .bind(course.provider_id)
    .bind(course.trade_code)
    .bind(course.title)
    .bind(course.description)
    .bind(course.district_adcode)
    .bind(course.address)
    .bind(course.starts_on)
    .bind(course.ends_on)
    .bind(course.schedule)
    .bind(course.hours)
    .bind(course.capacity)
    .bind(course.cost_cents)
    .bind(course.subsidy_eligible)
    .bind(partner.map(|(id, _)| id))
    .bind(partner.map(|(_, places)| places))
    .bind(proposed_by)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| match DbError::from(e) {
        DbError::Constraint { constraint, .. } if constraint == "courses_life" => {
            CourseError::Refused(CourseRefusal::Past)
        }
        other => CourseError::Db(other),
    })?;
    Ok(id)
}

/// Who a course concerns: where it is held (whose staff keep it), its provider and its partner.
#[derive(Clone, Copy, Debug)]
pub struct CourseParties {
    pub area: Area,
    pub provider_id: i64,
    pub partner_id: Option<i64>,
}

#[tracing::instrument(skip(conn), err)]
pub async fn parties(
    conn: &mut PgConnection,
    course_id: i64,
) -> Result<Option<CourseParties>, DbError> {
    let row: Option<(i32, i32, i64, Option<i64>)> = sqlx::query_as(
        "SELECT city_adcode, district_adcode, provider_id, partner_id FROM courses WHERE id = $1",
    )
    .bind(course_id)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map(|(city, district, provider_id, partner_id)| CourseParties {
            area: Area {
                city_adcode: city,
                district_adcode: Some(district),
                market_id: None,
            },
            provider_id,
            partner_id,
        }),
    )
}

/// Approved courses not yet over, soonest first: in a city, in a trade (or its sector's), or all.
#[tracing::instrument(skip(pool), err)]
pub async fn list(
    pool: &PgPool,
    city: Option<i32>,
    trade: Option<&str>,
    limit: i64,
) -> Result<Vec<CourseSummary>, DbError> {
    let trade = trade.map(str::to_owned);
    summaries(
        pool,
        "c.status = 'approved' AND c.ends_on >= lingong_china_today()
         AND ($1::int IS NULL OR c.city_adcode = $1)
         AND ($2::text IS NULL OR c.trade_code = $2 OR t.parent_code = $2)",
        "c.starts_on, c.id LIMIT $3",
        move |q| q.bind(city).bind(trade).bind(limit),
    )
    .await
}

/// A course with its description, whatever its status (the page says it).
#[tracing::instrument(skip(pool), err)]
pub async fn course(
    pool: &PgPool,
    course_id: i64,
) -> Result<Option<(CourseSummary, String)>, DbError> {
    let mut found = summaries(pool, "c.id = $1", "c.id", |q| q.bind(course_id)).await?;
    let Some(summary) = found.pop() else {
        return Ok(None);
    };
    let description: String = sqlx::query_scalar("SELECT description FROM courses WHERE id = $1")
        .bind(course_id)
        .fetch_one(pool)
        .await?;
    Ok(Some((summary, description)))
}

/// The worker's place on a course.
#[tracing::instrument(skip(pool), err)]
pub async fn enrolment(
    pool: &PgPool,
    course_id: i64,
    worker_id: i64,
) -> Result<Option<MyEnrolment>, DbError> {
    let row: Option<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT e.status, e.certificate_no,
                (SELECT count(*) FROM course_attendance a WHERE a.course_id = e.course_id AND a.worker_id = e.worker_id)
           FROM course_enrolments e WHERE e.course_id = $1 AND e.worker_id = $2",
    )
    .bind(course_id)
    .bind(worker_id)
    .fetch_optional(pool)
    .await?;
    row.map(|(status, certificate_no, days_present)| {
        Ok(MyEnrolment {
            status: super::stored(status, "course_enrolments.status", EnrolmentStatus::parse)?,
            days_present,
            certificate_no,
        })
    })
    .transpose()
}

/// The subsidy as it applies to the worker: one subsidised course completed a (China) year.
#[tracing::instrument(skip(pool), err)]
pub async fn subsidy(pool: &PgPool, course_id: i64, worker_id: i64) -> Result<Subsidy, DbError> {
    let (offered, used): (bool, bool) = sqlx::query_as(
        "SELECT c.subsidy_eligible,
                EXISTS (SELECT 1 FROM course_enrolments e JOIN courses o ON o.id = e.course_id
                         WHERE e.worker_id = $2 AND e.status = 'completed' AND o.subsidy_eligible
                           AND o.id <> c.id
                           AND date_trunc('year', e.completed_at AT TIME ZONE 'Asia/Shanghai')
                               = date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai'))
           FROM courses c WHERE c.id = $1",
    )
    .bind(course_id)
    .bind(worker_id)
    .fetch_one(pool)
    .await?;
    Ok(match (offered, used) {
        (false, _) => Subsidy::NotOffered,
        (true, true) => Subsidy::UsedThisYear,
        (true, false) => Subsidy::Eligible,
    })
}

/// Locks a course for a change of its places: (status, first day not passed, capacity, enrolled,
/// begun).
async fn lock(
    conn: &mut PgConnection,
    course_id: i64,
) -> Result<(String, bool, i16, i16, bool), CourseError> {
    let row: Option<(String, bool, i16, i16, bool)> = sqlx::query_as(
        "SELECT status, lingong_china_today() <= starts_on, capacity, enrolled,
                lingong_china_today() >= starts_on
           FROM courses WHERE id = $1 FOR UPDATE",
    )
    .bind(course_id)
    .fetch_optional(conn)
    .await?;
    row.ok_or(CourseError::NotFound)
}

/// The worker enrols (or enrols again after withdrawing), up to the first day. Never one more than the
/// capacity: the course's row lock queues concurrent enrolments, and each sees the places the previous
/// one left.
#[tracing::instrument(skip(conn), err)]
pub async fn enrol(
    conn: &mut PgConnection,
    course_id: i64,
    worker_id: i64,
    partner_consent: bool,
) -> Result<(), CourseError> {
    let (status, enrolling, capacity, enrolled, _) = lock(&mut *conn, course_id).await?;
    if status != "approved" || !enrolling {
        return Err(CourseError::Refused(CourseRefusal::Closed));
    }
    let holds: Option<bool> = sqlx::query_scalar(
        "SELECT status IN ('enrolled', 'completed') FROM course_enrolments
          WHERE course_id = $1 AND worker_id = $2",
    )
    .bind(course_id)
    .bind(worker_id)
    .fetch_optional(&mut *conn)
    .await?;
    if holds == Some(true) {
        return Err(CourseError::Refused(CourseRefusal::AlreadyEnrolled));
    }
    if enrolled >= capacity {
        return Err(CourseError::Refused(CourseRefusal::Full));
    }
    let done: Option<bool> = sqlx::query_scalar(
        "INSERT INTO course_enrolments (course_id, worker_id, partner_consent)
         SELECT $1, $2, $3 AND partner_id IS NOT NULL FROM courses WHERE id = $1
         ON CONFLICT (course_id, worker_id) DO UPDATE
            SET status = 'enrolled', partner_consent = excluded.partner_consent
          WHERE course_enrolments.status = 'withdrawn'
         RETURNING true",
    )
    .bind(course_id)
    .bind(worker_id)
    .bind(partner_consent)
    .fetch_optional(&mut *conn)
    .await?;
    done.map(|_| ())
        .ok_or(CourseError::Refused(CourseRefusal::AlreadyEnrolled))
}

/// The worker withdraws, up to the first day: the place goes back to the course.
#[tracing::instrument(skip(conn), err)]
pub async fn withdraw(
    conn: &mut PgConnection,
    course_id: i64,
    worker_id: i64,
) -> Result<(), CourseError> {
    let (_, enrolling, _, _, _) = lock(&mut *conn, course_id).await?;
    if !enrolling {
        return Err(CourseError::Refused(CourseRefusal::Closed));
    }
    let done = sqlx::query(
        "UPDATE course_enrolments SET status = 'withdrawn'
          WHERE course_id = $1 AND worker_id = $2 AND status = 'enrolled'",
    )
    .bind(course_id)
    .bind(worker_id)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CourseError::Refused(CourseRefusal::NotEnrolled));
    }
    Ok(())
}

/// The provider changes the capacity: never below the learners enrolled. Returns the capacity before.
#[tracing::instrument(skip(conn), err)]
pub async fn set_capacity(
    conn: &mut PgConnection,
    course_id: i64,
    capacity: i16,
) -> Result<i16, CourseError> {
    let (status, _, before, enrolled, _) = lock(&mut *conn, course_id).await?;
    if !(status == "proposed" || status == "approved") {
        return Err(CourseError::Refused(CourseRefusal::Decided));
    }
    if capacity < enrolled {
        return Err(CourseError::Refused(CourseRefusal::BelowEnrolled));
    }
    sqlx::query("UPDATE courses SET capacity = $2 WHERE id = $1")
        .bind(course_id)
        .bind(capacity)
        .execute(conn)
        .await
        .map_err(|e| match DbError::from(e) {
            // The partner's places must fit in the course.
            DbError::Constraint { constraint, .. } if constraint == "courses_partner" => {
                CourseError::Refused(CourseRefusal::BelowEnrolled)
            }
            other => CourseError::Db(other),
        })?;
    Ok(before)
}

/// Staff approve a proposal, or reject it with a reason. Returns the provider and the title, to tell
/// the provider.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn decide(
    conn: &mut PgConnection,
    course_id: i64,
    approve: bool,
    reason: Option<&str>,
    by: i64,
) -> Result<(i64, String), CourseError> {
    let (status, _, _, _, _) = lock(&mut *conn, course_id).await?;
    if status != "proposed" {
        return Err(CourseError::Refused(CourseRefusal::Decided));
    }
    let row: (i64, String) = sqlx::query_as(
        "UPDATE courses SET status = $2, status_reason = $3, decided_by = $4, decided_at = now()
          WHERE id = $1 RETURNING provider_id, title",
    )
    .bind(course_id)
    .bind(if approve { "approved" } else { "rejected" })
    .bind(if approve { None } else { reason })
    .bind(by)
    .fetch_one(conn)
    .await?;
    Ok(row)
}

/// The provider or staff cancel a course not yet over, with a reason; its title, to tell the learners.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn cancel(
    conn: &mut PgConnection,
    course_id: i64,
    reason: &str,
    by: i64,
) -> Result<String, CourseError> {
    let (status, _, _, _, _) = lock(&mut *conn, course_id).await?;
    let over: bool =
        sqlx::query_scalar("SELECT ends_on < lingong_china_today() FROM courses WHERE id = $1")
            .bind(course_id)
            .fetch_one(&mut *conn)
            .await?;
    if !(status == "proposed" || status == "approved") || over {
        return Err(CourseError::Refused(CourseRefusal::Decided));
    }
    let title: String = sqlx::query_scalar(
        "UPDATE courses SET status = 'cancelled', status_reason = $2,
                decided_by = coalesce(decided_by, $3), decided_at = coalesce(decided_at, now())
          WHERE id = $1 RETURNING title",
    )
    .bind(course_id)
    .bind(reason)
    .bind(by)
    .fetch_one(conn)
    .await?;
    Ok(title)
}

/// The courses an organisation gives and those it is the partner of, newest first.
#[tracing::instrument(skip(pool), err)]
pub async fn of_organisation(
    pool: &PgPool,
    employer_id: i64,
) -> Result<OrganisationCourses, DbError> {
    Ok(OrganisationCourses {
        offered: summaries(pool, "c.provider_id = $1", "c.id DESC LIMIT 100", |q| {
            q.bind(employer_id)
        })
        .await?,
        partnered: summaries(pool, "c.partner_id = $1", "c.id DESC LIMIT 100", |q| {
            q.bind(employer_id)
        })
        .await?,
    })
}

/// The staff desk's courses: proposals in the scope, oldest first, and approved courses not yet over,
/// soonest first.
#[tracing::instrument(skip(pool), err)]
pub async fn in_scope(pool: &PgPool, scope: Option<StaffScope>) -> Result<StaffCourses, DbError> {
    let (city, district) = super::organisations::scope_filter(scope);
    let area =
        "($1::int IS NULL OR c.city_adcode = $1) AND ($2::int IS NULL OR c.district_adcode = $2)";
    Ok(StaffCourses {
        proposed: summaries(
            pool,
            &format!("c.status = 'proposed' AND {area}"),
            "c.id LIMIT 100",
            |q| q.bind(city).bind(district),
        )
        .await?,
        running: summaries(
            pool,
            &format!("c.status = 'approved' AND c.ends_on >= lingong_china_today() AND {area}"),
            "c.starts_on, c.id LIMIT 100",
            |q| q.bind(city).bind(district),
        )
        .await?,
    })
}

/// Whether `day` is one attendance may be recorded for, and whether the course has begun.
#[tracing::instrument(skip(pool), err)]
pub async fn roster_days(
    pool: &PgPool,
    course_id: i64,
    day: NaiveDate,
) -> Result<(bool, bool), DbError> {
    let row: (bool, bool) = sqlx::query_as(
        "SELECT status = 'approved' AND $2 BETWEEN starts_on AND least(ends_on, lingong_china_today()),
                status = 'approved' AND lingong_china_today() >= starts_on
           FROM courses WHERE id = $1",
    )
    .bind(course_id)
    .bind(day)
    .fetch_one(pool)
    .await?;
    Ok(row)
}

/// A course's learners with their attendance, and whether each was present on `day`. The partner
/// reads only the graduates who agreed to be introduced; others read everyone on the course.
#[tracing::instrument(skip(pool), err)]
pub async fn learners(
    pool: &PgPool,
    course_id: i64,
    role: RosterRole,
    day: NaiveDate,
) -> Result<Vec<Learner>, DbError> {
    let only = match role {
        RosterRole::Partner => "AND e.status = 'completed' AND e.partner_consent",
        RosterRole::Staff | RosterRole::Provider => "AND e.status IN ('enrolled', 'completed')",
    };
    let rows: Vec<(i64, String, String, String, i64, bool, Option<String>, bool)> =
        sqlx::query_as(&format!(
            "SELECT w.id, w.name, w.phone, e.status,
                    (SELECT count(*) FROM course_attendance a WHERE a.course_id = e.course_id AND a.worker_id = w.id),
                    EXISTS (SELECT 1 FROM course_attendance a
                             WHERE a.course_id = e.course_id AND a.worker_id = w.id AND a.day = $2),
                    e.certificate_no, e.partner_consent
               FROM course_enrolments e JOIN workers w ON w.id = e.worker_id
              WHERE e.course_id = $1 {only}
              ORDER BY e.enrolled_at, w.id"
        ))
        .bind(course_id)
        .bind(day)
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(
            |(worker_id, name, phone, status, days_present, present, certificate_no, consent)| {
                Ok(Learner {
                    worker_id,
                    name,
                    phone,
                    status: super::stored(
                        status,
                        "course_enrolments.status",
                        EnrolmentStatus::parse,
                    )?,
                    days_present,
                    present,
                    certificate_no,
                    partner_consent: consent,
                })
            },
        )
        .collect()
}

/// Staff record the learners present on a day: those listed are present (again is nothing new).
/// Returns how many were newly recorded.
#[tracing::instrument(skip(conn, workers), fields(workers = workers.len()), err)]
pub async fn record_attendance(
    conn: &mut PgConnection,
    course_id: i64,
    day: NaiveDate,
    workers: &[i64],
    by: i64,
) -> Result<u64, CourseError> {
    let on_course: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM course_enrolments
          WHERE course_id = $1 AND worker_id = ANY($2) AND status IN ('enrolled', 'completed')",
    )
    .bind(course_id)
    .bind(workers)
    .fetch_one(&mut *conn)
    .await?;
    if on_course != workers.len() as i64 {
        return Err(CourseError::Refused(CourseRefusal::NotEnrolled));
    }
    let done = sqlx::query(
        "INSERT INTO course_attendance (course_id, worker_id, day, recorded_by)
         SELECT $1, unnest($2::bigint[]), $3, $4
         ON CONFLICT DO NOTHING",
    )
    .bind(course_id)
    .bind(workers)
    .bind(day)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// A completion as the learner's and partner's notifications need it.
#[derive(Debug)]
pub struct Completion {
    pub title: String,
    pub worker_name: String,
    pub worker_phone: String,
    /// The partner to tell, when the learner agreed.
    pub partner_id: Option<i64>,
    /// The trade was new on the worker's profile.
    pub trade_added: bool,
}

/// Staff record a learner's completion with the certificate number, from the first day on; the
/// course's trade joins the worker's profile.
#[tracing::instrument(skip(conn), err)]
pub async fn complete(
    conn: &mut PgConnection,
    course_id: i64,
    worker_id: i64,
    certificate_no: &str,
    by: i64,
) -> Result<Completion, CourseError> {
    let (status, _, _, _, begun) = lock(&mut *conn, course_id).await?;
    if status != "approved" {
        return Err(CourseError::Refused(CourseRefusal::Closed));
    }
    if !begun {
        return Err(CourseError::Refused(CourseRefusal::NotStarted));
    }
    let consent: Option<bool> = sqlx::query_scalar(
        "UPDATE course_enrolments
            SET status = 'completed', certificate_no = $3, completed_at = now(), completed_by = $4
          WHERE course_id = $1 AND worker_id = $2 AND status = 'enrolled'
         RETURNING partner_consent",
    )
    .bind(course_id)
    .bind(worker_id)
    .bind(certificate_no)
    .bind(by)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(consent) = consent else {
        return Err(CourseError::Refused(CourseRefusal::NotEnrolled));
    };
    let trade_added = sqlx::query(
        "INSERT INTO worker_trades (worker_id, trade_code)
         SELECT $2, trade_code FROM courses WHERE id = $1
         ON CONFLICT DO NOTHING",
    )
    .bind(course_id)
    .bind(worker_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    let (title, partner_id, worker_name, worker_phone): (String, Option<i64>, String, String) =
        sqlx::query_as(
            "SELECT c.title, c.partner_id, w.name, w.phone
               FROM courses c, workers w WHERE c.id = $1 AND w.id = $2",
        )
        .bind(course_id)
        .bind(worker_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Completion {
        title,
        worker_name,
        worker_phone,
        partner_id: partner_id.filter(|_| consent),
        trade_added,
    })
}

/// 为我推荐's courses: when the worker's trades have fewer than [`FEW_POSTINGS`] open postings in
/// their city (anywhere, without a home city), courses with places in other trades, starting from
/// today, in their city, those whose trades have the most open postings there first.
#[tracing::instrument(skip(pool), err)]
pub async fn suggestions(pool: &PgPool, worker_id: i64) -> Result<CourseSuggestions, DbError> {
    let postings_in_trades: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (
            SELECT 1 FROM postings p
             WHERE p.status = 'open' AND p.end_date >= lingong_china_today()
               AND p.trade_code IN (SELECT trade_code FROM worker_trades WHERE worker_id = $1)
               AND p.city_adcode = coalesce((SELECT home_city_adcode FROM workers WHERE id = $1), p.city_adcode)
             LIMIT $2) few",
    )
    .bind(worker_id)
    .bind(FEW_POSTINGS)
    .fetch_one(pool)
    .await?;
    if postings_in_trades >= FEW_POSTINGS {
        return Ok(CourseSuggestions {
            postings_in_trades,
            courses: Vec::new(),
        });
    }
    let courses = summaries(
        pool,
        "c.status = 'approved' AND c.starts_on >= lingong_china_today() AND c.enrolled < c.capacity
         AND c.city_adcode = coalesce((SELECT home_city_adcode FROM workers WHERE id = $1), c.city_adcode)
         AND c.trade_code NOT IN (SELECT trade_code FROM worker_trades WHERE worker_id = $1)
         AND NOT EXISTS (SELECT 1 FROM course_enrolments e WHERE e.course_id = c.id AND e.worker_id = $1)",
        "(SELECT count(*) FROM postings p
           WHERE p.trade_code = c.trade_code AND p.city_adcode = c.city_adcode AND p.status = 'open'
             AND p.end_date >= lingong_china_today()) DESC, c.starts_on, c.id LIMIT $2",
        |q| q.bind(worker_id).bind(COURSE_SUGGESTIONS as i64),
    )
    .await?;
    Ok(CourseSuggestions {
        postings_in_trades,
        courses,
    })
}

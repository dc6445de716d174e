//! Job fairs (migration 36): fairs and their series, booths and the postings they bring, sign-ups
//! with their passes, check-ins at the door, hires counted. A booth is approved under the fair's row
//! lock, and the database's count and CHECK refuse one booth too many whatever the path; triggers hold
//! each life.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    mask_phone, BoardPlace, BoothRequest, BoothStatus, CheckedIn, FairDesk, FairEmployer,
    FairGuest, FairMarket, FairPosting, FairSummary, FairTheme, MyBooth, StaffFairs, StaffScope,
    FAIRS_DAYS_AHEAD, FAIR_BOOTH_POSTINGS_MAX, FAIR_HIRE_DAYS,
};

/// Why a change to a fair, a booth or a sign-up was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FairRefusal {
    /// Every booth is taken.
    Full,
    /// The fair was cancelled or is past.
    Closed,
    /// The door opens on the fair's day only.
    NotToday,
    /// No worker has that phone number.
    NoWorker,
    /// No sign-up of this fair has that pass.
    NoPass,
    /// Postings that are not the employer's own open ones, or too many.
    Postings,
    AlreadySignedUp,
    /// Nothing to give up: not signed up, or checked in already.
    NotSignedUp,
    /// The booth is not waiting for a decision (or not approved, to be marked present).
    BoothDecided,
    /// The day is past.
    Past,
}

impl FairRefusal {
    pub fn code(self) -> &'static str {
        match self {
            FairRefusal::Full => "fair_full",
            FairRefusal::Closed => "fair_closed",
            FairRefusal::NotToday => "fair_not_today",
            FairRefusal::NoWorker => "fair_no_worker",
            FairRefusal::NoPass => "fair_no_pass",
            FairRefusal::Postings => "fair_postings",
            FairRefusal::AlreadySignedUp => "fair_already_signed_up",
            FairRefusal::NotSignedUp => "fair_not_signed_up",
            FairRefusal::BoothDecided => "fair_booth_decided",
            FairRefusal::Past => "fair_past",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FairError {
    #[error("refused: {0:?}")]
    Refused(FairRefusal),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for FairError {
    fn from(e: sqlx::Error) -> Self {
        match DbError::from(e) {
            // The last word when two paths race past the checks below.
            DbError::Constraint { constraint, .. } if constraint == "job_fairs_booked" => {
                FairError::Refused(FairRefusal::Full)
            }
            DbError::Constraint { constraint, .. } if constraint == "job_fairs_life" => {
                FairError::Refused(FairRefusal::Past)
            }
            DbError::Constraint { constraint, .. }
                if constraint == "fair_booths_life" || constraint == "fair_signups_life" =>
            {
                FairError::Refused(FairRefusal::Closed)
            }
            DbError::Constraint { constraint, .. } if constraint == "fair_booth_postings_own" => {
                FairError::Refused(FairRefusal::Postings)
            }
            other => FairError::Db(other),
        }
    }
}

impl From<FairError> for crate::error::AppError {
    fn from(e: FairError) -> Self {
        use crate::error::AppError;
        match e {
            FairError::Refused(r) => AppError::refused(r.code()),
            FairError::NotFound => AppError::NotFound,
            FairError::Db(e) => e.into(),
        }
    }
}

/// The columns of a [`FairSummary`], over `job_fairs f JOIN markets m`.
const SUMMARY: &str = "SELECT f.id, m.slug AS market_slug, m.name AS market_name, f.theme, f.title, f.held_on,
        to_char(f.starts_at, 'HH24:MI') AS starts_at, to_char(f.ends_at, 'HH24:MI') AS ends_at,
        f.place, f.booths, f.booked, f.livestream_url, f.status = 'cancelled' AS cancelled, f.cancel_reason,
        (SELECT count(*) FROM fair_signups s WHERE s.fair_id = f.id) AS signups,
        (SELECT count(*) FROM fair_signups s WHERE s.fair_id = f.id AND s.checked_in_at IS NOT NULL) AS checked_in,
        (SELECT count(*) FROM job_fairs o
          WHERE o.series_id = f.series_id AND o.held_on > f.held_on AND o.status = 'scheduled') AS series_later
   FROM job_fairs f JOIN markets m ON m.id = f.market_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    market_slug: String,
    market_name: String,
    theme: String,
    title: String,
    held_on: NaiveDate,
    starts_at: String,
    ends_at: String,
    place: String,
    booths: i16,
    booked: i16,
    livestream_url: Option<String>,
    cancelled: bool,
    cancel_reason: Option<String>,
    signups: i64,
    checked_in: i64,
    series_later: i64,
}

impl TryFrom<SummaryRow> for FairSummary {
    type Error = DbError;

    fn try_from(r: SummaryRow) -> Result<Self, DbError> {
        Ok(FairSummary {
            id: r.id,
            market_slug: r.market_slug,
            market_name: r.market_name,
            theme: super::stored(r.theme, "job_fairs.theme", FairTheme::parse)?,
            title: r.title,
            held_on: r.held_on,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            place: r.place,
            booths: r.booths,
            booked: r.booked,
            livestream_url: r.livestream_url,
            cancelled: r.cancelled,
            cancel_reason: r.cancel_reason,
            signups: r.signups,
            checked_in: r.checked_in,
            series_later: r.series_later,
        })
    }
}

fn summaries(rows: Vec<SummaryRow>) -> Result<Vec<FairSummary>, DbError> {
    rows.into_iter().map(FairSummary::try_from).collect()
}

/// A fair (or series) as checked by the server function, ready to store.
#[derive(Debug)]
pub struct NewFair<'a> {
    pub market_id: i32,
    pub theme: FairTheme,
    pub title: &'a str,
    pub starts_at: chrono::NaiveTime,
    pub ends_at: chrono::NaiveTime,
    pub place: &'a str,
    pub booths: i16,
    pub livestream_url: Option<&'a str>,
}

/// Stores a fair on each of `days` (a series when more than one); the first fair's id.
#[tracing::instrument(skip(conn, fair), fields(market = fair.market_id, days = days.len()), err)]
pub async fn create(
    conn: &mut PgConnection,
    fair: &NewFair<'_>,
    days: &[NaiveDate],
    created_by: i64,
) -> Result<i64, FairError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO job_fairs (market_id, theme, title, held_on, starts_at, ends_at, place, booths,
                                livestream_url, created_by)
         SELECT $1, $2, $3, day, $5, $6, $7, $8, $9, $10 FROM unnest($4::date[]) AS day
         ORDER BY day RETURNING id",
    )
    .bind(fair.market_id)
    .bind(fair.theme.code())
    .bind(fair.title)
    .bind(days)
    .bind(fair.starts_at)
    .bind(fair.ends_at)
    .bind(fair.place)
    .bind(fair.booths)
    .bind(fair.livestream_url)
    .bind(created_by)
    .fetch_all(&mut *conn)
    .await?;
    let first = ids.iter().copied().min().ok_or(FairError::NotFound)?;
    if ids.len() > 1 {
        sqlx::query("UPDATE job_fairs SET series_id = $1 WHERE id = ANY($2)")
            .bind(first)
            .bind(&ids)
            .execute(&mut *conn)
            .await?;
    }
    Ok(first)
}

/// Where a fair's market is: who runs it.
#[tracing::instrument(skip(conn), err)]
pub async fn fair_place(
    conn: &mut PgConnection,
    fair_id: i64,
) -> Result<Option<BoardPlace>, DbError> {
    let market: Option<i32> = sqlx::query_scalar("SELECT market_id FROM job_fairs WHERE id = $1")
        .bind(fair_id)
        .fetch_optional(&mut *conn)
        .await?;
    match market {
        Some(market_id) => super::buses::market_place(conn, market_id).await,
        None => Ok(None),
    }
}

/// Scheduled fairs from today for [`FAIRS_DAYS_AHEAD`] days, soonest first: at one market, or all.
#[tracing::instrument(skip(pool), err)]
pub async fn upcoming(pool: &PgPool, market: Option<&str>) -> Result<Vec<FairSummary>, DbError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE f.status = 'scheduled'
            AND f.held_on BETWEEN lingong_china_today() AND lingong_china_today() + $1::int
            AND ($2::text IS NULL OR m.slug = $2)
          ORDER BY f.held_on, f.starts_at, f.id LIMIT 100"
    ))
    .bind(FAIRS_DAYS_AHEAD as i32)
    .bind(market)
    .fetch_all(pool)
    .await?;
    summaries(rows)
}

/// Each market's next scheduled fair within the calendar's days, for the map's market popups: one row
/// per market however many fairs a recurring series has put in the calendar.
#[tracing::instrument(skip(pool), err)]
pub async fn next_per_market(pool: &PgPool) -> Result<Vec<FairSummary>, DbError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "SELECT * FROM ({SUMMARY} WHERE f.id IN (
             SELECT DISTINCT ON (n.market_id) n.id FROM job_fairs n
              WHERE n.status = 'scheduled'
                AND n.held_on BETWEEN lingong_china_today() AND lingong_china_today() + $1::int
              ORDER BY n.market_id, n.held_on, n.starts_at, n.id)) next
          ORDER BY held_on, starts_at, id"
    ))
    .bind(FAIRS_DAYS_AHEAD as i32)
    .fetch_all(pool)
    .await?;
    summaries(rows)
}

#[tracing::instrument(skip(pool), err)]
pub async fn fair(pool: &PgPool, fair_id: i64) -> Result<Option<FairSummary>, DbError> {
    let row: Option<SummaryRow> = sqlx::query_as(&format!("{SUMMARY} WHERE f.id = $1"))
        .bind(fair_id)
        .fetch_optional(pool)
        .await?;
    row.map(FairSummary::try_from).transpose()
}

/// The postings each booth of a fair brings, by employer.
async fn brought(
    pool: &PgPool,
    fair_id: i64,
    open_only: bool,
) -> Result<Vec<(i64, FairPosting)>, DbError> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT bp.employer_id, p.id, p.title FROM fair_booth_postings bp JOIN postings p ON p.id = bp.posting_id
          WHERE bp.fair_id = $1 AND (NOT $2 OR p.status = 'open')
          ORDER BY bp.employer_id, p.id",
    )
    .bind(fair_id)
    .bind(open_only)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(employer, id, title)| (employer, FairPosting { id, title }))
        .collect())
}

fn postings_of(all: &[(i64, FairPosting)], employer_id: i64) -> Vec<FairPosting> {
    all.iter()
        .filter(|(e, _)| *e == employer_id)
        .map(|(_, p)| p.clone())
        .collect()
}

/// The employers with an approved booth, present first, with the open postings they bring.
#[tracing::instrument(skip(pool), err)]
pub async fn employers(pool: &PgPool, fair_id: i64) -> Result<Vec<FairEmployer>, DbError> {
    let rows: Vec<(i64, String, bool, bool)> = sqlx::query_as(
        "SELECT e.id, e.name, e.verification_status = 'verified', b.present_at IS NOT NULL
           FROM fair_booths b JOIN employers e ON e.id = b.employer_id
          WHERE b.fair_id = $1 AND b.status = 'approved'
          ORDER BY b.present_at IS NULL, b.decided_at, e.id",
    )
    .bind(fair_id)
    .fetch_all(pool)
    .await?;
    let postings = brought(pool, fair_id, true).await?;
    Ok(rows
        .into_iter()
        .map(|(employer_id, name, verified, present)| FairEmployer {
            employer_id,
            name,
            verified,
            present,
            postings: postings_of(&postings, employer_id),
        })
        .collect())
}

/// A worker's pass for a fair: its code, and whether it has been used.
#[tracing::instrument(skip(pool), err)]
pub async fn pass(
    pool: &PgPool,
    fair_id: i64,
    worker_id: i64,
) -> Result<Option<(String, bool)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT pass_code, checked_in_at IS NOT NULL FROM fair_signups WHERE fair_id = $1 AND worker_id = $2",
    )
    .bind(fair_id)
    .bind(worker_id)
    .fetch_optional(pool)
    .await?)
}

/// An employer's booth at a fair, and the open postings it may bring.
#[tracing::instrument(skip(pool), err)]
pub async fn booth(pool: &PgPool, fair_id: i64, employer_id: i64) -> Result<MyBooth, DbError> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM fair_booths WHERE fair_id = $1 AND employer_id = $2",
    )
    .bind(fair_id)
    .bind(employer_id)
    .fetch_optional(pool)
    .await?;
    let brought: Vec<i64> = sqlx::query_scalar(
        "SELECT posting_id FROM fair_booth_postings WHERE fair_id = $1 AND employer_id = $2 ORDER BY posting_id",
    )
    .bind(fair_id)
    .bind(employer_id)
    .fetch_all(pool)
    .await?;
    let open: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, title FROM postings
          WHERE employer_id = $1 AND status = 'open' AND end_date >= lingong_china_today()
          ORDER BY id DESC LIMIT 50",
    )
    .bind(employer_id)
    .fetch_all(pool)
    .await?;
    Ok(MyBooth {
        status: status
            .map(|s| super::stored(s, "fair_booths.status", BoothStatus::parse))
            .transpose()?,
        brought,
        open_postings: open
            .into_iter()
            .map(|(id, title)| FairPosting { id, title })
            .collect(),
    })
}

/// Locks a fair: (scheduled, its day not past, is today, booths, booked).
async fn lock(
    conn: &mut PgConnection,
    fair_id: i64,
) -> Result<(bool, bool, bool, i16, i16), FairError> {
    let row: Option<(bool, bool, bool, i16, i16)> = sqlx::query_as(
        "SELECT status = 'scheduled', held_on >= lingong_china_today(), held_on = lingong_china_today(),
                booths, booked
           FROM job_fairs WHERE id = $1 FOR UPDATE",
    )
    .bind(fair_id)
    .fetch_optional(conn)
    .await?;
    row.ok_or(FairError::NotFound)
}

/// A new pass's code: 16 hex digits from the operating system's generator.
fn new_pass_code() -> String {
    crate::auth::token::random_hex().chars().take(16).collect()
}

/// The worker signs up (before or on the fair's day).
#[tracing::instrument(skip(conn), err)]
pub async fn sign_up(
    conn: &mut PgConnection,
    fair_id: i64,
    worker_id: i64,
) -> Result<(), FairError> {
    let (scheduled, to_come, _, _, _) = lock(&mut *conn, fair_id).await?;
    if !scheduled || !to_come {
        return Err(FairError::Refused(FairRefusal::Closed));
    }
    let done = sqlx::query(
        "INSERT INTO fair_signups (fair_id, worker_id, pass_code) VALUES ($1, $2, $3)
         ON CONFLICT (fair_id, worker_id) DO NOTHING",
    )
    .bind(fair_id)
    .bind(worker_id)
    .bind(new_pass_code())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(FairError::Refused(FairRefusal::AlreadySignedUp));
    }
    Ok(())
}

/// The worker gives up their sign-up, before being checked in.
#[tracing::instrument(skip(conn), err)]
pub async fn give_up(
    conn: &mut PgConnection,
    fair_id: i64,
    worker_id: i64,
) -> Result<(), FairError> {
    let done = sqlx::query(
        "DELETE FROM fair_signups WHERE fair_id = $1 AND worker_id = $2 AND checked_in_at IS NULL",
    )
    .bind(fair_id)
    .bind(worker_id)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(FairError::Refused(FairRefusal::NotSignedUp));
    }
    Ok(())
}

/// The employer asks for a booth bringing `postings` (its own open ones), or changes what an asked or
/// approved booth brings; a rejected or withdrawn booth is asked for again.
#[tracing::instrument(skip(conn), err)]
pub async fn request_booth(
    conn: &mut PgConnection,
    fair_id: i64,
    employer_id: i64,
    postings: &[i64],
) -> Result<(), FairError> {
    let (scheduled, to_come, _, _, _) = lock(&mut *conn, fair_id).await?;
    if !scheduled || !to_come {
        return Err(FairError::Refused(FairRefusal::Closed));
    }
    let own: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM postings
          WHERE id = ANY($1) AND employer_id = $2 AND status = 'open' AND end_date >= lingong_china_today()",
    )
    .bind(postings)
    .bind(employer_id)
    .fetch_one(&mut *conn)
    .await?;
    if postings.is_empty()
        || postings.len() > FAIR_BOOTH_POSTINGS_MAX
        || own != postings.len() as i64
    {
        return Err(FairError::Refused(FairRefusal::Postings));
    }
    sqlx::query(
        "INSERT INTO fair_booths (fair_id, employer_id) VALUES ($1, $2)
         ON CONFLICT (fair_id, employer_id) DO UPDATE SET status = 'requested', decided_by = NULL, decided_at = NULL
          WHERE fair_booths.status IN ('rejected', 'withdrawn')",
    )
    .bind(fair_id)
    .bind(employer_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM fair_booth_postings WHERE fair_id = $1 AND employer_id = $2")
        .bind(fair_id)
        .bind(employer_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO fair_booth_postings (fair_id, employer_id, posting_id)
         SELECT $1, $2, unnest($3::bigint[])",
    )
    .bind(fair_id)
    .bind(employer_id)
    .bind(postings)
    .execute(conn)
    .await?;
    Ok(())
}

/// The employer withdraws its booth (asked for, or approved and not yet present).
#[tracing::instrument(skip(conn), err)]
pub async fn withdraw_booth(
    conn: &mut PgConnection,
    fair_id: i64,
    employer_id: i64,
) -> Result<(), FairError> {
    let (scheduled, to_come, _, _, _) = lock(&mut *conn, fair_id).await?;
    if !scheduled || !to_come {
        return Err(FairError::Refused(FairRefusal::Closed));
    }
    let done = sqlx::query(
        "UPDATE fair_booths SET status = 'withdrawn'
          WHERE fair_id = $1 AND employer_id = $2 AND status IN ('requested', 'approved') AND present_at IS NULL",
    )
    .bind(fair_id)
    .bind(employer_id)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(FairError::Refused(FairRefusal::BoothDecided));
    }
    Ok(())
}

/// Staff approve a booth asked for (while one is left) or reject it; the fair's title, to tell the
/// employer.
#[tracing::instrument(skip(conn), err)]
pub async fn decide_booth(
    conn: &mut PgConnection,
    fair_id: i64,
    employer_id: i64,
    approve: bool,
    by: i64,
) -> Result<String, FairError> {
    let (scheduled, to_come, _, booths, booked) = lock(&mut *conn, fair_id).await?;
    if !scheduled || !to_come {
        return Err(FairError::Refused(FairRefusal::Closed));
    }
    if approve && booked >= booths {
        return Err(FairError::Refused(FairRefusal::Full));
    }
    let done = sqlx::query(
        "UPDATE fair_booths SET status = $3, decided_by = $4, decided_at = now()
          WHERE fair_id = $1 AND employer_id = $2 AND status = 'requested'",
    )
    .bind(fair_id)
    .bind(employer_id)
    .bind(if approve { "approved" } else { "rejected" })
    .bind(by)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(FairError::Refused(FairRefusal::BoothDecided));
    }
    let title: String = sqlx::query_scalar("SELECT title FROM job_fairs WHERE id = $1")
        .bind(fair_id)
        .fetch_one(conn)
        .await?;
    Ok(title)
}

/// Staff see an employer with an approved booth arrive, on the day.
#[tracing::instrument(skip(conn), err)]
pub async fn mark_present(
    conn: &mut PgConnection,
    fair_id: i64,
    employer_id: i64,
) -> Result<(), FairError> {
    let (scheduled, _, today, _, _) = lock(&mut *conn, fair_id).await?;
    if !scheduled {
        return Err(FairError::Refused(FairRefusal::Closed));
    }
    if !today {
        return Err(FairError::Refused(FairRefusal::NotToday));
    }
    let done = sqlx::query(
        "UPDATE fair_booths SET present_at = now()
          WHERE fair_id = $1 AND employer_id = $2 AND status = 'approved' AND present_at IS NULL",
    )
    .bind(fair_id)
    .bind(employer_id)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(FairError::Refused(FairRefusal::BoothDecided));
    }
    Ok(())
}

/// Whom a pass or a phone number names at the door.
pub enum AtTheDoor<'a> {
    Pass(&'a str),
    /// A worker's phone: signed up or not (a walk-in is signed up as they come in).
    Phone(&'a str),
}

/// Staff check a person in on the fair's day; again is no error (the desk says so).
#[tracing::instrument(skip(conn, who), err)]
pub async fn check_in(
    conn: &mut PgConnection,
    fair_id: i64,
    who: AtTheDoor<'_>,
    by: i64,
) -> Result<CheckedIn, FairError> {
    let (scheduled, _, today, _, _) = lock(&mut *conn, fair_id).await?;
    if !scheduled {
        return Err(FairError::Refused(FairRefusal::Closed));
    }
    if !today {
        return Err(FairError::Refused(FairRefusal::NotToday));
    }
    let worker_id: i64 = match who {
        AtTheDoor::Pass(code) => sqlx::query_scalar(
            "SELECT worker_id FROM fair_signups WHERE fair_id = $1 AND pass_code = $2",
        )
        .bind(fair_id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(FairError::Refused(FairRefusal::NoPass))?,
        AtTheDoor::Phone(phone) => {
            let id: i64 = sqlx::query_scalar("SELECT id FROM workers WHERE phone = $1")
                .bind(phone)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(FairError::Refused(FairRefusal::NoWorker))?;
            sqlx::query(
                "INSERT INTO fair_signups (fair_id, worker_id, pass_code) VALUES ($1, $2, $3)
                 ON CONFLICT (fair_id, worker_id) DO NOTHING",
            )
            .bind(fair_id)
            .bind(id)
            .bind(new_pass_code())
            .execute(&mut *conn)
            .await?;
            id
        }
    };
    let first: Option<bool> = sqlx::query_scalar(
        "UPDATE fair_signups SET checked_in_at = now(), checked_in_by = $3
          WHERE fair_id = $1 AND worker_id = $2 AND checked_in_at IS NULL RETURNING true",
    )
    .bind(fair_id)
    .bind(worker_id)
    .bind(by)
    .fetch_optional(&mut *conn)
    .await?;
    let (name, phone): (String, String) =
        sqlx::query_as("SELECT name, phone FROM workers WHERE id = $1")
            .bind(worker_id)
            .fetch_one(conn)
            .await?;
    Ok(CheckedIn {
        name,
        masked_phone: mask_phone(&phone),
        again: first.is_none(),
    })
}

/// Staff cancel a fair (and, asked, the later fairs of its series) with a reason; the fairs cancelled
/// (id, title), to tell who signed up and the employers with booths.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn cancel(
    conn: &mut PgConnection,
    fair_id: i64,
    reason: &str,
    with_series: bool,
) -> Result<Vec<(i64, String)>, FairError> {
    let (scheduled, to_come, _, _, _) = lock(&mut *conn, fair_id).await?;
    if !scheduled || !to_come {
        return Err(FairError::Refused(FairRefusal::Closed));
    }
    Ok(sqlx::query_as(
        "UPDATE job_fairs o SET status = 'cancelled', cancel_reason = $2
           FROM job_fairs f
          WHERE f.id = $1 AND o.status = 'scheduled'
            AND (o.id = f.id OR ($3 AND o.series_id = f.series_id AND o.held_on > f.held_on))
         RETURNING o.id, o.title",
    )
    .bind(fair_id)
    .bind(reason)
    .bind(with_series)
    .fetch_all(conn)
    .await?)
}

/// Hires made through the fair `f`: places decided for the postings its approved booths bring, for
/// people checked in at it, from its day until [`FAIR_HIRE_DAYS`] after (a condition on `f`).
pub(super) fn hires_sql() -> String {
    format!(
        "(SELECT count(*) FROM applications a
           WHERE a.status IN ('accepted', 'attended')
             AND a.decided_at >= f.held_on::timestamp AT TIME ZONE 'Asia/Shanghai'
             AND a.decided_at < (f.held_on + {days})::timestamp AT TIME ZONE 'Asia/Shanghai'
             AND a.posting_id IN (SELECT bp.posting_id FROM fair_booth_postings bp
                                    JOIN fair_booths b ON b.fair_id = bp.fair_id AND b.employer_id = bp.employer_id
                                   WHERE bp.fair_id = f.id AND b.status = 'approved')
             AND a.worker_id IN (SELECT s.worker_id FROM fair_signups s
                                  WHERE s.fair_id = f.id AND s.checked_in_at IS NOT NULL))",
        days = FAIR_HIRE_DAYS + 1
    )
}

/// The staff's desk of a fair: booths asked for and decided, the latest check-ins, hires.
#[tracing::instrument(skip(pool), err)]
pub async fn desk(pool: &PgPool, fair_id: i64) -> Result<Option<FairDesk>, DbError> {
    let Some(summary) = fair(pool, fair_id).await? else {
        return Ok(None);
    };
    let (today, open, hires): (bool, bool, i64) = sqlx::query_as(&format!(
        "SELECT f.held_on = lingong_china_today(),
                f.status = 'scheduled' AND f.held_on >= lingong_china_today(), {}
           FROM job_fairs f WHERE f.id = $1",
        hires_sql()
    ))
    .bind(fair_id)
    .fetch_one(pool)
    .await?;
    let rows: Vec<(i64, String, bool, String, bool)> = sqlx::query_as(
        "SELECT e.id, e.name, e.verification_status = 'verified', b.status, b.present_at IS NOT NULL
           FROM fair_booths b JOIN employers e ON e.id = b.employer_id
          WHERE b.fair_id = $1 AND b.status IN ('requested', 'approved')
          ORDER BY b.status = 'approved', b.requested_at, e.id",
    )
    .bind(fair_id)
    .fetch_all(pool)
    .await?;
    let postings = brought(pool, fair_id, false).await?;
    let booths = rows
        .into_iter()
        .map(|(employer_id, name, verified, status, present)| {
            Ok(BoothRequest {
                employer_id,
                name,
                verified,
                status: super::stored(status, "fair_booths.status", BoothStatus::parse)?,
                present,
                postings: postings_of(&postings, employer_id),
            })
        })
        .collect::<Result<_, DbError>>()?;
    let guests: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT w.name, w.phone, to_char(s.checked_in_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI')
           FROM fair_signups s JOIN workers w ON w.id = s.worker_id
          WHERE s.fair_id = $1 AND s.checked_in_at IS NOT NULL
          ORDER BY s.checked_in_at DESC LIMIT 20",
    )
    .bind(fair_id)
    .fetch_all(pool)
    .await?;
    Ok(Some(FairDesk {
        fair: summary,
        today,
        open,
        booths,
        guests: guests
            .into_iter()
            .map(|(name, phone, at)| FairGuest {
                name,
                masked_phone: mask_phone(&phone),
                at,
            })
            .collect(),
        hires,
    }))
}

/// The staff desk's fairs: the markets of the scope and their fairs from today on.
#[tracing::instrument(skip(pool), err)]
pub async fn in_scope(pool: &PgPool, scope: Option<StaffScope>) -> Result<StaffFairs, DbError> {
    let markets = super::buses::markets_in_scope(pool, scope)
        .await?
        .into_iter()
        .map(|m| FairMarket {
            id: m.id,
            name: m.name,
        })
        .collect();
    let (city, district, market) = super::organisations::market_scope_filter(scope);
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE f.held_on BETWEEN lingong_china_today() AND lingong_china_today() + $4::int
            AND ($1::int IS NULL OR m.city_adcode = $1) AND ($2::int IS NULL OR m.district_adcode = $2)
            AND ($3::int IS NULL OR m.id = $3)
          ORDER BY f.held_on, f.starts_at, f.id LIMIT 100"
    ))
    .bind(city)
    .bind(district)
    .bind(market)
    .bind(FAIRS_DAYS_AHEAD as i32)
    .fetch_all(pool)
    .await?;
    Ok(StaffFairs {
        markets,
        fairs: summaries(rows)?,
    })
}

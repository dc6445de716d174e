//! 零工巴士 (migration 32): runs from a market to a work site and the seats on them. A seat is taken
//! under the run's row lock, and the database's count and CHECK refuse one too many whatever the path.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    BoardPlace, BoardingList, BusMarket, BusPosting, BusRider, BusRun, RunStatus, SeatStatus,
    StaffScope, BUS_DAYS_AHEAD,
};

/// Why a change to a run or a seat was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BusRefusal {
    /// Every seat is taken.
    Full,
    /// The run was cancelled or has left.
    Closed,
    /// The worker holds a seat on it already.
    AlreadyReserved,
    /// The worker holds no seat to give up or board.
    NoSeat,
    /// Fewer seats than are taken.
    BelowTaken,
    /// Boarding is an hour before departure until two after.
    BoardingClosed,
    /// The departure is not to come.
    Past,
    /// A posting number that is not an open posting.
    Postings,
}

impl BusRefusal {
    pub fn code(self) -> &'static str {
        match self {
            BusRefusal::Full => "bus_full",
            BusRefusal::Closed => "bus_closed",
            BusRefusal::AlreadyReserved => "bus_already_reserved",
            BusRefusal::NoSeat => "bus_no_seat",
            BusRefusal::BelowTaken => "bus_below_taken",
            BusRefusal::BoardingClosed => "bus_boarding_closed",
            BusRefusal::Past => "bus_past",
            BusRefusal::Postings => "bus_postings",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("refused: {0:?}")]
    Refused(BusRefusal),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for BusError {
    fn from(e: sqlx::Error) -> Self {
        match DbError::from(e) {
            // The last word when two paths race past the checks below.
            DbError::Constraint { constraint, .. } if constraint == "bus_runs_seats_taken" => {
                BusError::Refused(BusRefusal::Full)
            }
            DbError::Constraint { constraint, .. } if constraint == "bus_runs_future" => {
                BusError::Refused(BusRefusal::Past)
            }
            DbError::Constraint { constraint, .. }
                if constraint == "bus_seats_transition" || constraint == "bus_runs_final" =>
            {
                BusError::Refused(BusRefusal::Closed)
            }
            other => BusError::Db(other),
        }
    }
}

impl From<BusError> for crate::error::AppError {
    fn from(e: BusError) -> Self {
        use crate::error::AppError;
        match e {
            BusError::Refused(r) => AppError::refused(r.code()),
            BusError::NotFound => AppError::NotFound,
            BusError::Db(e) => e.into(),
        }
    }
}

/// A run as checked by the server function, ready to store.
#[derive(Debug)]
pub struct NewRun<'a> {
    pub market_id: i32,
    pub departs_at: DateTime<Utc>,
    pub destination: &'a str,
    pub meeting_point: &'a str,
    pub seats: i16,
    pub note: &'a str,
    pub postings: &'a [i64],
}

/// Where a market is: who may run its services.
#[tracing::instrument(skip(conn), err)]
pub async fn market_place(
    conn: &mut PgConnection,
    market_id: i32,
) -> Result<Option<BoardPlace>, DbError> {
    let row: Option<(i32, Option<i32>)> =
        sqlx::query_as("SELECT city_adcode, district_adcode FROM markets WHERE id = $1")
            .bind(market_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(city, district)| BoardPlace {
        city_adcode: Some(city),
        district_adcode: district,
        market_id: Some(market_id),
    }))
}

/// Where a run's market is.
#[tracing::instrument(skip(conn), err)]
pub async fn run_place(
    conn: &mut PgConnection,
    run_id: i64,
) -> Result<Option<BoardPlace>, DbError> {
    let market: Option<i32> = sqlx::query_scalar("SELECT market_id FROM bus_runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&mut *conn)
        .await?;
    match market {
        Some(market_id) => market_place(conn, market_id).await,
        None => Ok(None),
    }
}

/// Publishes a run with the postings it serves, which must be open.
#[tracing::instrument(skip(conn), err)]
pub async fn publish(
    conn: &mut PgConnection,
    run: &NewRun<'_>,
    created_by: i64,
) -> Result<i64, BusError> {
    let open: i64 =
        sqlx::query_scalar("SELECT count(*) FROM postings WHERE id = ANY($1) AND status = 'open'")
            .bind(run.postings)
            .fetch_one(&mut *conn)
            .await?;
    if open != run.postings.len() as i64 {
        return Err(BusError::Refused(BusRefusal::Postings));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bus_runs (market_id, departs_at, destination, meeting_point, seats, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(run.market_id)
    .bind(run.departs_at)
    .bind(run.destination)
    .bind(run.meeting_point)
    .bind(run.seats)
    .bind(run.note)
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO bus_run_postings (run_id, posting_id) SELECT $1, unnest($2::bigint[])",
    )
    .bind(id)
    .bind(run.postings)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Locks a run for a change of its seats: its status, whether it has left, its seats and those taken.
async fn lock_run(
    conn: &mut PgConnection,
    run_id: i64,
) -> Result<(String, bool, i16, i16), BusError> {
    let row: Option<(String, bool, i16, i16)> = sqlx::query_as(
        "SELECT status, departs_at <= now(), seats, taken FROM bus_runs WHERE id = $1 FOR UPDATE",
    )
    .bind(run_id)
    .fetch_optional(conn)
    .await?;
    row.ok_or(BusError::NotFound)
}

/// The worker takes a seat, or takes back one given up. Never one more than the run has: the run's row
/// lock queues concurrent reservations, and each sees the seats the previous one left.
#[tracing::instrument(skip(conn), err)]
pub async fn reserve(conn: &mut PgConnection, run_id: i64, worker_id: i64) -> Result<(), BusError> {
    let (status, departed, seats, taken) = lock_run(&mut *conn, run_id).await?;
    if status != "scheduled" || departed {
        return Err(BusError::Refused(BusRefusal::Closed));
    }
    let holds: Option<bool> = sqlx::query_scalar(
        "SELECT status IN ('reserved', 'boarded') FROM bus_seats WHERE run_id = $1 AND worker_id = $2",
    )
    .bind(run_id)
    .bind(worker_id)
    .fetch_optional(&mut *conn)
    .await?;
    if holds == Some(true) {
        return Err(BusError::Refused(BusRefusal::AlreadyReserved));
    }
    if taken >= seats {
        return Err(BusError::Refused(BusRefusal::Full));
    }
    let done: Option<bool> = sqlx::query_scalar(
        "INSERT INTO bus_seats (run_id, worker_id) VALUES ($1, $2)
         ON CONFLICT (run_id, worker_id) DO UPDATE SET status = 'reserved'
          WHERE bus_seats.status = 'cancelled'
         RETURNING true",
    )
    .bind(run_id)
    .bind(worker_id)
    .fetch_optional(&mut *conn)
    .await?;
    done.map(|_| ())
        .ok_or(BusError::Refused(BusRefusal::AlreadyReserved))
}

/// The worker gives a reserved seat back, before the run leaves.
#[tracing::instrument(skip(conn), err)]
pub async fn give_up(conn: &mut PgConnection, run_id: i64, worker_id: i64) -> Result<(), BusError> {
    let (_, departed, _, _) = lock_run(&mut *conn, run_id).await?;
    if departed {
        return Err(BusError::Refused(BusRefusal::Closed));
    }
    let done = sqlx::query(
        "UPDATE bus_seats SET status = 'cancelled'
          WHERE run_id = $1 AND worker_id = $2 AND status = 'reserved'",
    )
    .bind(run_id)
    .bind(worker_id)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(BusError::Refused(BusRefusal::NoSeat));
    }
    Ok(())
}

/// Staff change the number of seats (another bus): never below those taken.
#[tracing::instrument(skip(conn), err)]
pub async fn set_seats(conn: &mut PgConnection, run_id: i64, seats: i16) -> Result<(), BusError> {
    let (status, departed, _, taken) = lock_run(&mut *conn, run_id).await?;
    if status != "scheduled" || departed {
        return Err(BusError::Refused(BusRefusal::Closed));
    }
    if seats < taken {
        return Err(BusError::Refused(BusRefusal::BelowTaken));
    }
    sqlx::query("UPDATE bus_runs SET seats = $2 WHERE id = $1")
        .bind(run_id)
        .bind(seats)
        .execute(conn)
        .await?;
    Ok(())
}

/// Staff cancel a run that has not left, with a reason; where it was going, to tell the riders.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn cancel(
    conn: &mut PgConnection,
    run_id: i64,
    reason: &str,
) -> Result<String, BusError> {
    let (status, departed, _, _) = lock_run(&mut *conn, run_id).await?;
    if status != "scheduled" || departed {
        return Err(BusError::Refused(BusRefusal::Closed));
    }
    let destination: String = sqlx::query_scalar(
        "UPDATE bus_runs SET status = 'cancelled', cancel_reason = $2 WHERE id = $1
         RETURNING destination",
    )
    .bind(run_id)
    .bind(reason)
    .fetch_one(conn)
    .await?;
    Ok(destination)
}

/// Whether riders of a run may be boarded now (a condition on `bus_runs`).
const BOARDING_OPEN: &str = "status = 'scheduled'
    AND now() BETWEEN lingong_bus_boarding_opens(departs_at) AND lingong_bus_boarding_closes(departs_at)";

/// Staff see a rider get on, in the boarding window.
#[tracing::instrument(skip(conn), err)]
pub async fn board(
    conn: &mut PgConnection,
    run_id: i64,
    worker_id: i64,
    by: i64,
) -> Result<(), BusError> {
    let open: Option<bool> = sqlx::query_scalar(&format!(
        "SELECT {BOARDING_OPEN} FROM bus_runs WHERE id = $1"
    ))
    .bind(run_id)
    .fetch_optional(&mut *conn)
    .await?;
    if !open.ok_or(BusError::NotFound)? {
        return Err(BusError::Refused(BusRefusal::BoardingClosed));
    }
    let done = sqlx::query(
        "UPDATE bus_seats SET status = 'boarded', boarded_by = $3
          WHERE run_id = $1 AND worker_id = $2 AND status = 'reserved'",
    )
    .bind(run_id)
    .bind(worker_id)
    .bind(by)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(BusError::Refused(BusRefusal::NoSeat));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    market_slug: String,
    market_name: String,
    departs_at: DateTime<Utc>,
    destination: String,
    meeting_point: String,
    note: String,
    seats: i16,
    taken: i16,
    status: String,
    cancel_reason: Option<String>,
    departed: bool,
    my_seat: Option<String>,
}

const RUN_COLUMNS: &str = "r.id, m.slug AS market_slug, m.name AS market_name, r.departs_at,
    r.destination, r.meeting_point, r.note, r.seats, r.taken, r.status, r.cancel_reason,
    r.departs_at <= now() AS departed,
    (SELECT s.status FROM bus_seats s WHERE s.run_id = r.id AND s.worker_id = $1) AS my_seat
    FROM bus_runs r JOIN markets m ON m.id = r.market_id";

/// The rows as runs, with the postings they serve.
async fn runs_of(conn: &mut PgConnection, rows: Vec<RunRow>) -> Result<Vec<BusRun>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT l.run_id, p.id, p.title FROM bus_run_postings l JOIN postings p ON p.id = l.posting_id
          WHERE l.run_id = ANY($1) ORDER BY p.id",
    )
    .bind(&ids)
    .fetch_all(conn)
    .await?;
    let mut postings: HashMap<i64, Vec<BusPosting>> = HashMap::new();
    for (run, id, title) in links {
        postings
            .entry(run)
            .or_default()
            .push(BusPosting { id, title });
    }
    rows.into_iter()
        .map(|r| {
            Ok(BusRun {
                postings: postings.remove(&r.id).unwrap_or_default(),
                id: r.id,
                market_slug: r.market_slug,
                market_name: r.market_name,
                departs_at: r.departs_at,
                destination: r.destination,
                meeting_point: r.meeting_point,
                note: r.note,
                seats: r.seats,
                taken: r.taken,
                status: RunStatus::parse(&r.status).ok_or_else(|| DbError::Corrupt {
                    column: "bus_runs.status",
                    value: r.status.clone(),
                })?,
                cancel_reason: r.cancel_reason,
                departed: r.departed,
                my_seat: r
                    .my_seat
                    .as_deref()
                    .map(|s| {
                        SeatStatus::parse(s).ok_or_else(|| DbError::Corrupt {
                            column: "bus_seats.status",
                            value: s.to_owned(),
                        })
                    })
                    .transpose()?,
            })
        })
        .collect()
}

/// A market's runs from two hours ago to [`BUS_DAYS_AHEAD`] days ahead, soonest first, with the
/// worker's seat on each. `None` when there is no such market.
#[tracing::instrument(skip(pool), err)]
pub async fn of_market(
    pool: &PgPool,
    slug: &str,
    worker_id: Option<i64>,
) -> Result<Option<Vec<BusRun>>, DbError> {
    let mut conn = pool.acquire().await?;
    let market: Option<i32> = sqlx::query_scalar("SELECT id FROM markets WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(market_id) = market else {
        return Ok(None);
    };
    let rows: Vec<RunRow> = sqlx::query_as(&format!(
        "SELECT {RUN_COLUMNS}
          WHERE r.market_id = $2
            AND r.departs_at BETWEEN now() - interval '2 hours' AND now() + make_interval(days => $3)
          ORDER BY r.departs_at, r.id
          LIMIT 50"
    ))
    .bind(worker_id)
    .bind(market_id)
    .bind(BUS_DAYS_AHEAD as i32)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(runs_of(&mut conn, rows).await?))
}

/// The runs serving a posting that have not long left, soonest first, with the worker's seat on each.
#[tracing::instrument(skip(pool), err)]
pub async fn for_posting(
    pool: &PgPool,
    posting_id: i64,
    worker_id: Option<i64>,
) -> Result<Vec<BusRun>, DbError> {
    let mut conn = pool.acquire().await?;
    let rows: Vec<RunRow> = sqlx::query_as(&format!(
        "SELECT {RUN_COLUMNS}
          WHERE r.id IN (SELECT run_id FROM bus_run_postings WHERE posting_id = $2)
            AND r.departs_at BETWEEN now() - interval '2 hours' AND now() + make_interval(days => $3)
          ORDER BY r.departs_at, r.id
          LIMIT 5"
    ))
    .bind(worker_id)
    .bind(posting_id)
    .bind(BUS_DAYS_AHEAD as i32)
    .fetch_all(&mut *conn)
    .await?;
    runs_of(&mut conn, rows).await
}

/// The markets staff of `scope` run services at, by name.
#[tracing::instrument(skip(pool), err)]
pub async fn markets_in_scope(
    pool: &PgPool,
    scope: Option<StaffScope>,
) -> Result<Vec<BusMarket>, DbError> {
    let (city, district, market) = super::organisations::market_scope_filter(scope);
    let rows: Vec<(i32, String)> = sqlx::query_as(
        "SELECT id, name FROM markets
          WHERE ($1::int IS NULL OR city_adcode = $1)
            AND ($2::int IS NULL OR district_adcode = $2)
            AND ($3::int IS NULL OR id = $3)
          ORDER BY name",
    )
    .bind(city)
    .bind(district)
    .bind(market)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| BusMarket { id, name })
        .collect())
}

/// The runs of the markets in a staff member's scope that have not long left, soonest first.
#[tracing::instrument(skip(pool), err)]
pub async fn in_scope(pool: &PgPool, scope: Option<StaffScope>) -> Result<Vec<BusRun>, DbError> {
    let (city, district, market) = super::organisations::market_scope_filter(scope);
    let mut conn = pool.acquire().await?;
    let rows: Vec<RunRow> = sqlx::query_as(&format!(
        "SELECT {RUN_COLUMNS}
          WHERE r.departs_at >= now() - interval '2 hours'
            AND ($2::int IS NULL OR m.city_adcode = $2)
            AND ($3::int IS NULL OR m.district_adcode = $3)
            AND ($4::int IS NULL OR m.id = $4)
          ORDER BY r.departs_at, r.id
          LIMIT 100"
    ))
    .bind(None::<i64>)
    .bind(city)
    .bind(district)
    .bind(market)
    .fetch_all(&mut *conn)
    .await?;
    runs_of(&mut conn, rows).await
}

/// A run and its riders, reserved and boarded first, for the staff at the door.
#[tracing::instrument(skip(pool), err)]
pub async fn boarding_list(pool: &PgPool, run_id: i64) -> Result<Option<BoardingList>, DbError> {
    let mut conn = pool.acquire().await?;
    let rows: Vec<RunRow> = sqlx::query_as(&format!("SELECT {RUN_COLUMNS} WHERE r.id = $2"))
        .bind(None::<i64>)
        .bind(run_id)
        .fetch_all(&mut *conn)
        .await?;
    let Some(run) = runs_of(&mut conn, rows).await?.pop() else {
        return Ok(None);
    };
    let may_board: bool = sqlx::query_scalar(&format!(
        "SELECT {BOARDING_OPEN} FROM bus_runs WHERE id = $1"
    ))
    .bind(run_id)
    .fetch_one(&mut *conn)
    .await?;
    let riders: Vec<(i64, String, String, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT w.id, w.name, w.phone, s.status, s.reserved_at
           FROM bus_seats s JOIN workers w ON w.id = s.worker_id
          WHERE s.run_id = $1
          ORDER BY array_position(ARRAY['reserved', 'boarded', 'cancelled'], s.status), s.reserved_at",
    )
    .bind(run_id)
    .fetch_all(&mut *conn)
    .await?;
    let riders = riders
        .into_iter()
        .map(|(worker_id, name, phone, status, reserved_at)| {
            Ok(BusRider {
                worker_id,
                name,
                phone,
                status: SeatStatus::parse(&status).ok_or_else(|| DbError::Corrupt {
                    column: "bus_seats.status",
                    value: status.clone(),
                })?,
                reserved_at,
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(Some(BoardingList {
        run,
        riders,
        may_board,
    }))
}

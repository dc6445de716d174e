//! 零工巴士: a market's runs for workers (reserve a seat, give it up), and for the market's staff
//! (publish a run, change its seats, cancel it, board riders at the door).

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{BoardingList, BusTimetable, StaffBuses};

/// Who is asking, for a timetable: what it offers them, and the worker whose seats it shows.
#[cfg(feature = "ssr")]
async fn viewer(pool: &sqlx::PgPool) -> Result<(crate::model::BusViewer, Option<i64>), AppError> {
    use crate::model::BusViewer;
    Ok(match super::context::caller(pool).await? {
        crate::auth::Caller::SignedIn(p) => match p.worker_id {
            Some(id) => (BusViewer::Worker, Some(id)),
            None => (BusViewer::NotAWorker, None),
        },
        crate::auth::Caller::Anonymous => (BusViewer::SignedOut, None),
    })
}

/// A market's runs of the coming days, with the signed-in worker's seat on each. Public.
#[server(prefix = "/api", endpoint = "buses/market")]
pub async fn market_buses(slug: String) -> Result<BusTimetable, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (viewer, worker_id) = viewer(&pool).await?;
            let runs = crate::db::buses::of_market(&pool, &slug, worker_id)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(BusTimetable { runs, viewer })
        }
        .await,
    )
}

/// The runs serving a posting (shown on its page), with the signed-in worker's seat on each. Public.
#[server(prefix = "/api", endpoint = "buses/posting")]
pub async fn posting_buses(posting_id: i64) -> Result<BusTimetable, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let (viewer, worker_id) = viewer(&pool).await?;
            let runs = crate::db::buses::for_posting(&pool, posting_id, worker_id).await?;
            Ok(BusTimetable { runs, viewer })
        }
        .await,
    )
}

/// The worker takes a seat on a run (or takes back one given up), or gives theirs back before the run
/// leaves. Never more riders than seats.
#[server(prefix = "/api", endpoint = "buses/seat", client = CsrfClient)]
pub async fn set_seat(run_id: i64, take: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ActAsWorker).await?;
            let worker_id = principal.worker_id.ok_or(AppError::Forbidden)?;
            let mut tx = pool.begin().await?;
            if take {
                crate::db::buses::reserve(&mut tx, run_id, worker_id).await?;
            } else {
                crate::db::buses::give_up(&mut tx, run_id, worker_id).await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The staff desk's runs (of the markets in the caller's scope) and the markets they may publish from.
#[server(prefix = "/api", endpoint = "buses/staff", client = CsrfClient)]
pub async fn buses_for_staff() -> Result<StaffBuses, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            let scope = principal.scope;
            Ok(StaffBuses {
                markets: crate::db::buses::markets_in_scope(&pool, scope).await?,
                runs: crate::db::buses::in_scope(&pool, scope).await?,
            })
        }
        .await,
    )
}

/// Staff of a market publish a run from it. Audited.
#[server(prefix = "/api", endpoint = "buses/publish", client = CsrfClient)]
#[allow(clippy::too_many_arguments)]
pub async fn publish_bus_run(
    market_id: i32,
    date: chrono::NaiveDate,
    time: String,
    destination: String,
    #[server(default)] meeting_point: String,
    seats: i16,
    #[server(default)] note: String,
    #[server(default)] postings: String,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    use crate::model::{parse_posting_ids, BUS_NOTE_MAX_CHARS, BUS_PLACE_MAX_CHARS, BUS_SEATS_MAX};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let destination =
                super::context::clean_text(&destination, BUS_PLACE_MAX_CHARS, "destination")?;
            if destination.chars().count() < 2 {
                return Err(AppError::invalid_field("destination"));
            }
            let meeting_point =
                super::context::clean_text(&meeting_point, BUS_PLACE_MAX_CHARS, "meeting_point")?;
            let note = super::context::clean_text(&note, BUS_NOTE_MAX_CHARS, "note")?;
            if !(1..=BUS_SEATS_MAX).contains(&seats) {
                return Err(AppError::invalid_field("seats"));
            }
            let postings =
                parse_posting_ids(&postings).ok_or(AppError::invalid_field("postings"))?;
            let departs_at = super::context::china_time_on(date, &time, "time")?;
            if departs_at <= chrono::Utc::now() {
                return Err(AppError::refused("bus_past"));
            }
            let mut tx = pool.begin().await?;
            let market = crate::db::buses::market_place(&mut tx, market_id)
                .await?
                .ok_or(AppError::invalid_field("market_id"))?;
            let principal =
                super::context::authorize_as(&pool, &caller, Action::ServeAtMarket { market })
                    .await?;
            let run = crate::db::buses::NewRun {
                market_id,
                departs_at,
                destination: &destination,
                meeting_point: &meeting_point,
                seats,
                note: &note,
                postings: &postings,
            };
            let id = crate::db::buses::publish(&mut tx, &run, principal.account_id).await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "publish_bus_run",
                    subject_table: "bus_runs",
                    subject_id: Some(id),
                    before: None,
                    after: Some(serde_json::json!({
                        "market_id": market_id,
                        "departs_at": departs_at,
                        "seats": seats,
                        "postings": postings,
                    })),
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

/// Checks that the caller serves at the run's market; the principal to act as.
#[cfg(feature = "ssr")]
async fn serving_at_run(
    pool: &sqlx::PgPool,
    caller: &crate::auth::Caller,
    tx: &mut sqlx::PgConnection,
    run_id: i64,
) -> Result<crate::auth::Principal, AppError> {
    use crate::auth::Action;
    let market = crate::db::buses::run_place(tx, run_id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::context::authorize_as(pool, caller, Action::ServeAtMarket { market }).await
}

/// Staff change a run's seats (another bus); never below those taken. Audited.
#[server(prefix = "/api", endpoint = "buses/set-seats", client = CsrfClient)]
pub async fn set_bus_seats(run_id: i64, seats: i16) -> Result<(), AppError> {
    use crate::db::audit::{self, Record};
    use crate::model::BUS_SEATS_MAX;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            if !(1..=BUS_SEATS_MAX).contains(&seats) {
                return Err(AppError::invalid_field("seats"));
            }
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let principal = serving_at_run(&pool, &caller, &mut tx, run_id).await?;
            crate::db::buses::set_seats(&mut tx, run_id, seats).await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "set_bus_seats",
                    subject_table: "bus_runs",
                    subject_id: Some(run_id),
                    before: None,
                    after: Some(serde_json::json!({ "seats": seats })),
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

/// Staff cancel a run with a reason the riders read. Audited.
#[server(prefix = "/api", endpoint = "buses/cancel", client = CsrfClient)]
pub async fn cancel_bus_run(run_id: i64, reason: String) -> Result<(), AppError> {
    use crate::db::audit::{self, Record};
    use crate::db::notifications::{self, Recipients};
    use crate::model::{NotificationKind, BUS_NOTE_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason = super::context::clean_text(&reason, BUS_NOTE_MAX_CHARS, "reason")?;
            if reason.chars().count() < 2 {
                return Err(AppError::invalid_field("reason"));
            }
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let principal = serving_at_run(&pool, &caller, &mut tx, run_id).await?;
            let destination = crate::db::buses::cancel(&mut tx, run_id, &reason).await?;
            notifications::push(
                &mut tx,
                Recipients::BusRiders(run_id),
                notifications::New {
                    kind: NotificationKind::BusCancelled,
                    posting_id: None,
                    application_id: None,
                    title: &destination,
                    detail: &reason,
                },
            )
            .await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "cancel_bus_run",
                    subject_table: "bus_runs",
                    subject_id: Some(run_id),
                    before: Some(serde_json::json!({ "status": "scheduled" })),
                    after: Some(serde_json::json!({ "status": "cancelled", "reason": reason })),
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

/// A run's boarding list: its riders with their phones, for the staff at the door. Audited (it shows
/// phone numbers in full).
#[server(prefix = "/api", endpoint = "buses/boarding", client = CsrfClient)]
pub async fn bus_boarding(run_id: i64) -> Result<BoardingList, AppError> {
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let principal = serving_at_run(&pool, &caller, &mut tx, run_id).await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "read_boarding_list",
                    subject_table: "bus_runs",
                    subject_id: Some(run_id),
                    before: None,
                    after: None,
                    refused: false,
                },
            )
            .await?;
            tx.commit().await?;
            crate::db::buses::boarding_list(&pool, run_id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Staff see a rider get on, from an hour before departure until two after.
#[server(prefix = "/api", endpoint = "buses/board", client = CsrfClient)]
pub async fn board_rider(run_id: i64, worker_id: i64) -> Result<(), AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::staff_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            let principal = serving_at_run(&pool, &caller, &mut tx, run_id).await?;
            crate::db::buses::board(&mut tx, run_id, worker_id, principal.account_id).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

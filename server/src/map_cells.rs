//! Keeps the map's precomputed clusters fresh: today's cells are looked at every minute, tomorrow's every
//! fifth minute (fewer people look ahead), by whichever server instance gets the lock first; the others
//! skip that round. A rebuild costs a few seconds of database time at 1.1 M postings (BENCHMARKS.md), so
//! it runs only when a posting has changed since the last one, and regardless once an hour.

use std::time::{Duration, Instant};

use app::db::map::CellsRound;
use sqlx::PgPool;
use tokio::time::MissedTickBehavior;

const EVERY: Duration = Duration::from_secs(60);

/// Every this many rounds the cells are rebuilt even when no posting changed: a round's check cannot
/// see postings deleted outright (only the demo data's reseeding does that).
const ALWAYS_EVERY_ROUNDS: u64 = 60;

pub fn spawn(pool: PgPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        for round in 0u64.. {
            tick.tick().await;
            let today = app::calendar::today();
            let tomorrow = today.succ_opt().filter(|_| round % 5 == 0);
            for day in [Some(today), tomorrow].into_iter().flatten() {
                let started = Instant::now();
                let always = round % ALWAYS_EVERY_ROUNDS == 0;
                match app::db::map::rebuild_cells(&pool, day, always).await {
                    Ok(CellsRound::Rebuilt) => {
                        tracing::info!(%day, ms = started.elapsed().as_millis() as u64, "map cells rebuilt")
                    }
                    Ok(CellsRound::Current) => {
                        tracing::debug!(%day, "map cells current: no posting changed")
                    }
                    Ok(CellsRound::Busy) => {
                        tracing::debug!(%day, "map cells being rebuilt by another instance")
                    }
                    // The map falls back to grouping per request; the next round tries again.
                    Err(error) => tracing::warn!(%day, %error, "map cells not rebuilt"),
                }
            }
        }
    });
}

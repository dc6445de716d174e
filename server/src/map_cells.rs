//! Keeps the map's precomputed clusters fresh: today's cells are rebuilt every minute, tomorrow's every
//! fifth minute (fewer people look ahead), by whichever server instance gets the lock first; the others
//! skip that round. A rebuild costs a few seconds of database time at 1.1 M postings (BENCHMARKS.md).

use std::time::{Duration, Instant};

use sqlx::PgPool;
use tokio::time::MissedTickBehavior;

const EVERY: Duration = Duration::from_secs(60);

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
                match app::db::map::rebuild_cells(&pool, day).await {
                    Ok(true) => {
                        tracing::info!(%day, ms = started.elapsed().as_millis() as u64, "map cells rebuilt")
                    }
                    Ok(false) => {
                        tracing::debug!(%day, "map cells being rebuilt by another instance")
                    }
                    // The map falls back to grouping per request; the next round tries again.
                    Err(error) => tracing::warn!(%day, %error, "map cells not rebuilt"),
                }
            }
        }
    });
}

//! Keeps the map's precomputed clusters fresh: today's and tomorrow's cells are rebuilt every minute by
//! whichever server instance gets the lock first; the others skip that round.

use std::time::{Duration, Instant};

use sqlx::PgPool;
use tokio::time::MissedTickBehavior;

const EVERY: Duration = Duration::from_secs(60);

pub fn spawn(pool: PgPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let today = app::calendar::today();
            for day in [Some(today), today.succ_opt()].into_iter().flatten() {
                let started = Instant::now();
                match app::db::map::rebuild_cells(&pool, day).await {
                    Ok(true) => tracing::info!(%day, ms = started.elapsed().as_millis() as u64, "map cells rebuilt"),
                    Ok(false) => tracing::debug!(%day, "map cells being rebuilt by another instance"),
                    // The map falls back to grouping per request; the next round tries again.
                    Err(error) => tracing::warn!(%day, %error, "map cells not rebuilt"),
                }
            }
        }
    });
}

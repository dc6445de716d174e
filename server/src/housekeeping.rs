//! Deletes what has stopped counting for anything — ended sessions, old sign-in codes and rate-limit
//! events — every ten minutes. Any instance may do it; the deletes are idempotent.

use std::time::Duration;

use sqlx::PgPool;

pub fn spawn(pool: PgPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(error) = app::db::auth::purge_expired(&pool).await {
                tracing::warn!(%error, "expired sessions and codes not purged");
            }
        }
    });
}

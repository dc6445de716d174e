//! Reads on streaming replicas (只读副本): which server a read goes to.
//!
//! PostgreSQL's own physical replication keeps the replicas; this module only chooses. Writes, sessions,
//! rate limits, `LISTEN` and every transaction that writes use the primary (`AppState::pool`); the reads
//! the public asks for most (searches, map, posting, market and board pages, statistics, the search
//! index) ask [`Replicas::for_reading`] and get a replica that is in use and has replayed far enough,
//! or the primary.
//!
//! How far a replica has got is measured in the primary's WAL positions (LSN), not in clocks: the
//! monitor samples the primary's flushed position and each replica's replayed position every
//! [`ReplicaSettings::check_every`]. A replica's lag is how long ago the primary first stood beyond
//! where the replica is now; one that lags more than [`ReplicaSettings::max_lag`], does not answer,
//! or is not a standby any more is taken out, and comes back by itself once it is within the limit.
//!
//! Read-your-writes: a request that wrote leaves the primary's position in a cookie (see
//! [`crate::http::read_floor`]); that person's reads go only to a replica known to have replayed it,
//! else to the primary. A board told of a change waits briefly for a replica to catch up with it
//! ([`Replicas::caught_up`]).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde::Serialize;
use sqlx::PgPool;
use tokio::time::Instant;

use super::DbError;

/// A position in the primary's write-ahead log, in bytes from its start (`pg_lsn - '0/0'`).
pub type Lsn = i64;

/// How the replicas are watched.
#[derive(Clone, Copy, Debug)]
pub struct ReplicaSettings {
    /// A replica further behind than this is taken out.
    pub max_lag: Duration,
    /// How often the primary's and the replicas' positions are read.
    pub check_every: Duration,
}

impl Default for ReplicaSettings {
    fn default() -> Self {
        ReplicaSettings {
            max_lag: Duration::from_secs(10),
            check_every: Duration::from_millis(500),
        }
    }
}

/// What a replica is doing, as the health endpoint and the server log tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaState {
    /// Not checked yet: no reads until the first check finds it in use.
    Starting,
    /// Answers and is within the limit: reads go to it.
    InUse,
    /// Further behind than the limit: taken out until it catches up.
    Lagging,
    /// Did not answer the last check.
    Unreachable,
    /// Answers but is not replaying (promoted, or pointed at the wrong server): never read from.
    NotAStandby,
}

/// One replica, as `/healthz` reports it.
#[derive(Clone, Debug, Serialize)]
pub struct ReplicaHealth {
    /// Host and port (never the password).
    pub name: String,
    pub state: ReplicaState,
    /// How far behind it was at the last check, in milliseconds (none when it did not answer).
    pub lag_ms: Option<u64>,
}

#[derive(Debug)]
struct Replica {
    name: String,
    pool: PgPool,
    status: RwLock<Status>,
}

#[derive(Clone, Copy, Debug)]
struct Status {
    state: ReplicaState,
    replayed: Lsn,
    lag: Option<Duration>,
}

#[derive(Debug)]
struct Inner {
    primary: PgPool,
    replicas: Vec<Replica>,
    settings: ReplicaSettings,
    next: AtomicUsize,
    /// The primary's flushed position at each check, oldest first, kept for a few lag limits.
    history: Mutex<VecDeque<(Instant, Lsn)>>,
    /// Set once the first check is done.
    checked: tokio::sync::watch::Sender<bool>,
}

/// The replicas of this instance, and the choice of where a read goes. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Replicas {
    inner: Option<Arc<Inner>>,
}

impl Replicas {
    /// Reads on the primary only (no `DATABASE_REPLICA_URL`).
    pub fn none() -> Replicas {
        Replicas::default()
    }

    /// The replicas, named by host and port, each with its own pool; none is read from before the
    /// monitor ([`Replicas::watch`]) has found it in use.
    pub fn new(
        primary: PgPool,
        replicas: Vec<(String, PgPool)>,
        settings: ReplicaSettings,
    ) -> Self {
        if replicas.is_empty() {
            return Replicas::none();
        }
        let replicas = replicas
            .into_iter()
            .map(|(name, pool)| Replica {
                name,
                pool,
                status: RwLock::new(Status {
                    state: ReplicaState::Starting,
                    replayed: 0,
                    lag: None,
                }),
            })
            .collect();
        Replicas {
            inner: Some(Arc::new(Inner {
                primary,
                replicas,
                settings,
                next: AtomicUsize::new(0),
                history: Mutex::new(VecDeque::new()),
                checked: tokio::sync::watch::channel(false).0,
            })),
        }
    }

    /// Whether any replica is configured (else every read is on the primary and nothing is tracked).
    pub fn configured(&self) -> bool {
        self.inner.is_some()
    }

    /// Where a read goes: a replica in use that has replayed `floor` (the reader's last write, if
    /// any), taking turns; else `primary`.
    pub fn for_reading(&self, primary: &PgPool, floor: Option<Lsn>) -> PgPool {
        self.pick(floor)
            .map_or_else(|| primary.clone(), |r| r.pool.clone())
    }

    fn pick(&self, floor: Option<Lsn>) -> Option<&Replica> {
        let inner = self.inner.as_ref()?;
        let n = inner.replicas.len();
        let start = inner.next.fetch_add(1, Ordering::Relaxed);
        (0..n).map(|i| &inner.replicas[(start + i) % n]).find(|r| {
            let status = r.status();
            status.state == ReplicaState::InUse && floor.is_none_or(|f| status.replayed >= f)
        })
    }

    /// The primary's position now: what a reader who has just seen a change (a board told of it, a
    /// person who just wrote) needs a replica to have replayed. None without replicas, where it is
    /// not needed.
    #[tracing::instrument(skip_all, err)]
    pub async fn primary_position(&self) -> Result<Option<Lsn>, DbError> {
        let Some(inner) = &self.inner else {
            return Ok(None);
        };
        Ok(Some(flushed(&inner.primary).await?))
    }

    /// Where a read that must see position `floor` goes, waiting up to `patience` for a replica in use
    /// to replay it (asking the replica itself, so the wait ends as soon as it has); else the primary.
    pub async fn caught_up(&self, primary: &PgPool, floor: Lsn, patience: Duration) -> PgPool {
        let Some(inner) = &self.inner else {
            return primary.clone();
        };
        let deadline = Instant::now() + patience;
        loop {
            if let Some(replica) = self.pick(Some(floor)) {
                return replica.pool.clone();
            }
            if Instant::now() >= deadline {
                return primary.clone();
            }
            for replica in &inner.replicas {
                if replica.status().state != ReplicaState::InUse {
                    continue;
                }
                if let Ok(Ok(replayed)) =
                    tokio::time::timeout(Duration::from_millis(200), replayed(&replica.pool)).await
                {
                    replica.note_replayed(replayed);
                }
            }
            tokio::time::sleep(Duration::from_millis(50).min(patience)).await;
        }
    }

    /// Waits (up to `patience`) for the monitor's first check, so that what starts reading with the
    /// server (the search index's first load) can read from a replica rather than find none in use yet.
    pub async fn settled(&self, patience: Duration) {
        if let Some(inner) = &self.inner {
            let mut checked = inner.checked.subscribe();
            let _ = tokio::time::timeout(patience, checked.wait_for(|done| *done)).await;
        }
    }

    /// Each replica's state, for `/healthz`.
    pub fn health(&self) -> Vec<ReplicaHealth> {
        let Some(inner) = &self.inner else {
            return Vec::new();
        };
        inner
            .replicas
            .iter()
            .map(|r| {
                let status = r.status();
                ReplicaHealth {
                    name: r.name.clone(),
                    state: status.state,
                    lag_ms: status
                        .lag
                        .map(|l| u64::try_from(l.as_millis()).unwrap_or(u64::MAX)),
                }
            })
            .collect()
    }

    /// Watches the replicas until `stopped` resolves: every `check_every`, the primary's position and
    /// each replica's, and the states that follow from them.
    pub fn watch(&self, stopped: impl std::future::Future<Output = ()> + Send + 'static) {
        let Some(inner) = self.inner.clone() else {
            return;
        };
        tokio::spawn(async move {
            tokio::pin!(stopped);
            loop {
                inner.check().await;
                tokio::select! {
                    () = &mut stopped => break,
                    () = tokio::time::sleep(inner.settings.check_every) => {}
                }
            }
        });
    }

    /// One round of the monitor, now (tests use it to see a change without waiting for the timer).
    pub async fn check_now(&self) {
        if let Some(inner) = &self.inner {
            inner.check().await;
        }
    }
}

impl Inner {
    #[tracing::instrument(skip_all)]
    async fn check(&self) {
        let timeout = self.settings.check_every.max(Duration::from_secs(1));
        let now = Instant::now();
        match tokio::time::timeout(timeout, flushed(&self.primary)).await {
            Ok(Ok(position)) => {
                let mut history = self.history.lock().unwrap_or_else(|e| e.into_inner());
                // Two checks at once (a test's and the timer's) keep the samples in time order.
                if history.back().is_none_or(|(at, _)| *at <= now) {
                    history.push_back((now, position));
                }
                // Enough to tell a lag of three limits; older samples say nothing more.
                let keep = self.settings.max_lag * 3;
                while history.len() > 1 && history.front().is_some_and(|(at, _)| now - *at > keep) {
                    history.pop_front();
                }
            }
            // The primary is away: the replicas' lag cannot be told; leave them as they were.
            Ok(Err(error)) => {
                tracing::warn!(%error, "cannot read the primary's position");
                return;
            }
            Err(_) => {
                tracing::warn!("the primary did not tell its position in time");
                return;
            }
        }
        let readings = futures::future::join_all(
            self.replicas
                .iter()
                .map(|r| async { tokio::time::timeout(timeout, standby_position(&r.pool)).await }),
        )
        .await;
        for (replica, reading) in self.replicas.iter().zip(readings) {
            let status = match reading {
                Ok(Ok(Some(replayed))) => {
                    let lag = self.lag_of(replayed, now);
                    Status {
                        state: if lag > self.settings.max_lag {
                            ReplicaState::Lagging
                        } else {
                            ReplicaState::InUse
                        },
                        replayed,
                        lag: Some(lag),
                    }
                }
                Ok(Ok(None)) => Status {
                    state: ReplicaState::NotAStandby,
                    replayed: 0,
                    lag: None,
                },
                Ok(Err(_)) | Err(_) => Status {
                    state: ReplicaState::Unreachable,
                    replayed: 0,
                    lag: None,
                },
            };
            replica.set(status);
        }
        self.checked.send_replace(true);
    }

    /// How long ago the primary first stood beyond `replayed`: zero if it never did in the samples
    /// kept, the age of the oldest sample kept if it already had then.
    fn lag_of(&self, replayed: Lsn, now: Instant) -> Duration {
        let history = self.history.lock().unwrap_or_else(|e| e.into_inner());
        history
            .iter()
            .find(|(_, position)| *position > replayed)
            .map_or(Duration::ZERO, |(at, _)| now - *at)
    }
}

impl Replica {
    fn status(&self) -> Status {
        *self.status.read().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, status: Status) {
        let before = {
            let mut held = self.status.write().unwrap_or_else(|e| e.into_inner());
            std::mem::replace(&mut *held, status).state
        };
        if before != status.state {
            let lag_ms = status.lag.map(|l| l.as_millis());
            if status.state == ReplicaState::InUse {
                tracing::info!(replica = %self.name, ?lag_ms, "replica in use");
            } else {
                tracing::warn!(replica = %self.name, state = ?status.state, ?lag_ms, "replica taken out");
            }
        }
    }

    /// A position the replica was just seen to have replayed (never moves it back).
    fn note_replayed(&self, replayed: Lsn) {
        let mut held = self.status.write().unwrap_or_else(|e| e.into_inner());
        held.replayed = held.replayed.max(replayed);
    }
}

/// The primary's flushed position: everything a committed transaction wrote is at or before it.
async fn flushed(primary: &PgPool) -> Result<Lsn, DbError> {
    Ok(
        sqlx::query_scalar("SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::int8")
            .fetch_one(primary)
            .await?,
    )
}

/// What a standby has replayed; None from a server that is not one.
async fn standby_position(replica: &PgPool) -> Result<Option<Lsn>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT CASE WHEN pg_is_in_recovery() THEN (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::int8 END",
    )
    .fetch_one(replica)
    .await?)
}

async fn replayed(replica: &PgPool) -> Result<Lsn, DbError> {
    Ok(standby_position(replica).await?.unwrap_or(0))
}

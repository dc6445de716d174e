//! Live boards on the server: one shared, coalesced board per place for all its viewers, pushed whole.
//!
//! The database announces every board change on `lingong_events` (see the `…07_boards` migration); every
//! instance hears every change, so a board served by one instance shows changes made through another.
//! For each place that has viewers on this instance, one task re-reads the board when a change inside
//! the place arrives — at most once per [`MIN_GAP`], however many changes and viewers there are — and
//! puts it into a `watch` channel. Viewers read the latest board from the channel: a viewer that stops
//! reading holds one board at most and never slows the others, and a viewer that reconnects gets the
//! current board at once, which is how it catches up on whatever it missed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use sqlx::PgPool;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;
use tracing::Instrument;

use crate::db::boards::LocatedBoard;
use crate::db::replicas::Replicas;
use crate::live::events::{Event, EventHub};
use crate::model::BoardScope;

/// The shortest time between two readings of one board: bounds the database work of a busy place to
/// a few queries a second, and adds at most this much to the time a change takes to show.
const MIN_GAP: Duration = Duration::from_millis(200);

/// A board is re-read at least this often even without changes: the day turns, postings expire.
const REFRESH: Duration = Duration::from_secs(60);

/// How long a board told of a change waits for a replica to replay it before reading the primary:
/// a replica in use is usually there within milliseconds, and a big screen should not lag a second.
const REPLICA_PATIENCE: Duration = Duration::from_secs(1);

/// How soon a browser reconnects after losing the stream (server restart, network drop).
const RETRY: Duration = Duration::from_secs(1);

/// One reading of a board, written out once as a whole Server-Sent Event and shared by all its viewers:
/// sending it to five thousand of them copies no bytes (`Bytes` is reference-counted).
#[derive(Debug)]
pub struct Frame {
    pub change: i64,
    pub event: Bytes,
}

impl Frame {
    fn new(change: i64, json: &str) -> Frame {
        // JSON from serde has no raw newlines, so the data fits on one `data:` line.
        let event = format!(
            "event: board\nid: {change}\nretry: {}\ndata: {json}\n\n",
            RETRY.as_millis()
        );
        Frame {
            change,
            event: Bytes::from(event),
        }
    }

    /// The board's JSON, as sent (for tests).
    pub fn json(&self) -> &str {
        let text = std::str::from_utf8(&self.event).unwrap_or_default();
        text.split_once("data: ")
            .map_or("", |(_, data)| data.trim_end())
    }
}

type Latest = watch::Sender<Option<Arc<Frame>>>;

/// The places with viewers on this instance, and their latest boards.
#[derive(Clone, Debug)]
pub struct BoardHub {
    pool: PgPool,
    replicas: Replicas,
    events: EventHub,
    boards: Arc<Mutex<HashMap<BoardScope, Arc<Latest>>>>,
}

impl BoardHub {
    pub fn new(pool: PgPool, replicas: Replicas, events: EventHub) -> Self {
        BoardHub {
            pool,
            replicas,
            events,
            boards: Arc::default(),
        }
    }

    /// How many places have viewers here.
    pub fn places(&self) -> usize {
        self.places_lock().len()
    }

    /// Subscribes to a place's board, starting its reader if it is the place's first viewer here.
    pub fn subscribe(&self, board: LocatedBoard) -> watch::Receiver<Option<Arc<Frame>>> {
        let mut boards = self.places_lock();
        if let Some(latest) = boards.get(&board.scope) {
            return latest.subscribe();
        }
        let (latest, receiver) = watch::channel(None);
        let latest = Arc::new(latest);
        boards.insert(board.scope.clone(), latest.clone());
        // Subscribed before the first reading, so no change between the two is missed.
        let changes = self.events.subscribe();
        let span = tracing::info_span!("board", scope = ?board.scope);
        tokio::spawn(
            self.clone()
                .keep_fresh(board, latest, changes)
                .instrument(span),
        );
        receiver
    }

    /// Re-reads one board whenever it changes, until its last viewer here has gone.
    async fn keep_fresh(
        self,
        board: LocatedBoard,
        latest: Arc<Latest>,
        mut changes: broadcast::Receiver<Event>,
    ) {
        let mut stale = true;
        // Told of a change: the reading must show it, from a replica that has replayed it.
        let mut changed = false;
        let mut last_read = Instant::now() - MIN_GAP;
        loop {
            if stale {
                tokio::time::sleep_until(last_read + MIN_GAP).await;
                last_read = Instant::now();
                let after_change = std::mem::take(&mut changed);
                let source = self.source(after_change).await;
                match crate::db::boards::board(&source, &board).await {
                    Ok(reading) => {
                        stale = false;
                        match serde_json::to_string(&reading) {
                            Ok(json) => {
                                latest.send_replace(Some(Arc::new(Frame::new(
                                    reading.change,
                                    &json,
                                ))));
                            }
                            Err(error) => tracing::error!(%error, "cannot serialise a board"),
                        }
                    }
                    // The database is away: viewers keep the last board while this tries again (and
                    // the change still needs a server that has it).
                    Err(error) => {
                        changed |= after_change;
                        tracing::warn!(%error, "cannot read a board");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
            if stale {
                if self.forget_if_unwatched(&board.scope, &latest) {
                    return;
                }
                continue;
            }
            tokio::select! {
                change = changes.recv() => match change {
                    Ok(Event::Board { city, district, market, .. }) => {
                        let shown = board.place.shows(city, district, market);
                        stale |= shown;
                        changed |= shown;
                    }
                    Ok(Event::Notification { .. } | Event::Alerts { .. }) => {}
                    // Changes may have been missed: read again.
                    Ok(Event::Resync) | Err(broadcast::error::RecvError::Lagged(_)) => stale = true,
                    // The server is going away; nothing more will change.
                    Err(broadcast::error::RecvError::Closed) => {
                        self.forget(&board.scope);
                        return;
                    }
                },
                _ = tokio::time::sleep_until(last_read + REFRESH) => stale = true,
                _ = latest.closed() => {}
            }
            if self.forget_if_unwatched(&board.scope, &latest) {
                return;
            }
        }
    }

    /// Where a board is read from: any replica in use for a periodic reading; after a change, one that
    /// has replayed the primary's position now (which is past the change: its announcement came after
    /// its commit), waiting up to [`REPLICA_PATIENCE`] for one to get there, else the primary.
    async fn source(&self, after_change: bool) -> PgPool {
        if !after_change {
            return self.replicas.for_reading(&self.pool, None);
        }
        match self.replicas.primary_position().await {
            Ok(Some(position)) => {
                self.replicas
                    .caught_up(&self.pool, position, REPLICA_PATIENCE)
                    .await
            }
            Ok(None) => self.pool.clone(),
            Err(error) => {
                tracing::warn!(%error, "cannot read the primary's position");
                self.pool.clone()
            }
        }
    }

    /// Drops a place nobody here watches any more. Decided under the lock [`Self::subscribe`] takes, so
    /// a viewer arriving at that moment either gets this board or starts a new one.
    fn forget_if_unwatched(&self, scope: &BoardScope, latest: &Latest) -> bool {
        if latest.receiver_count() > 0 {
            return false;
        }
        let mut boards = self.places_lock();
        if latest.receiver_count() > 0 {
            return false;
        }
        boards.remove(scope);
        tracing::debug!("no viewers left");
        true
    }

    fn forget(&self, scope: &BoardScope) {
        self.places_lock().remove(scope);
    }

    /// The map of places; a panic elsewhere while it was held leaves it usable (it holds no invariant
    /// beyond its entries).
    fn places_lock(&self) -> std::sync::MutexGuard<'_, HashMap<BoardScope, Arc<Latest>>> {
        self.boards
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

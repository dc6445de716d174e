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
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;
use tracing::Instrument;

use crate::db::boards::LocatedBoard;
use crate::events::{Event, EventHub};
use crate::model::BoardScope;
use crate::state::AppState;

/// The shortest time between two readings of one board: bounds the database work of a busy place to
/// a few queries a second, and adds at most this much to the time a change takes to show.
const MIN_GAP: Duration = Duration::from_millis(200);

/// A board is re-read at least this often even without changes: the day turns, postings expire.
const REFRESH: Duration = Duration::from_secs(60);

/// Streams end after this long and the browser reconnects by itself; connections do not live forever.
const STREAM_LIFETIME: Duration = Duration::from_secs(30 * 60);

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

/// Sent every 15 s on a quiet stream so proxies and the browser keep it open (an SSE comment).
const KEEP_ALIVE: &[u8] = b":\n\n";
const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(15);

type Latest = watch::Sender<Option<Arc<Frame>>>;

/// The places with viewers on this instance, and their latest boards.
#[derive(Clone, Debug)]
pub struct BoardHub {
    pool: PgPool,
    events: EventHub,
    boards: Arc<Mutex<HashMap<BoardScope, Arc<Latest>>>>,
}

impl BoardHub {
    pub fn new(pool: PgPool, events: EventHub) -> Self {
        BoardHub {
            pool,
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
        let mut last_read = Instant::now() - MIN_GAP;
        loop {
            if stale {
                tokio::time::sleep_until(last_read + MIN_GAP).await;
                last_read = Instant::now();
                match crate::db::boards::board(&self.pool, &board).await {
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
                    // The database is away: viewers keep the last board while this tries again.
                    Err(error) => {
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
                        stale |= board.place.shows(city, district, market);
                    }
                    Ok(Event::Notification { .. }) => {}
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

/// `GET /api/boards/{kind}/{key}/events`: a board's live stream, for anyone (boards are public; the
/// staff-only numbers are not in it). Each `board` event carries the whole board as JSON, with the
/// number of the last change it reflects as the event id. A reconnecting browser sends that id back
/// (`Last-Event-ID`); it gets the current board unless it already has it.
pub async fn stream(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(scope) = BoardScope::parse(&kind, &key) else {
        return (StatusCode::NOT_FOUND, "no such board").into_response();
    };
    let board = match crate::db::boards::locate(&state.pool, &scope).await {
        Ok(Some(board)) => board,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such board").into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot look a board up");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let seen: Option<i64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let latest = state.boards.subscribe(board);
    let closed = state.events.closed();
    let deadline = Instant::now() + STREAM_LIFETIME;
    // The first board: the current one, unless the browser says it has it already (`Last-Event-ID`).
    // After that, every new reading: a reading can differ from the last without a new change number
    // (the day turned, a posting expired), so readings are not compared.
    let frames = futures::stream::unfold(
        (latest, seen, true),
        move |(mut latest, seen, first)| async move {
            if first {
                let frame = latest.borrow_and_update().clone();
                if let Some(frame) = frame.filter(|f| Some(f.change) != seen) {
                    return Some((
                        Ok::<_, Infallible>(frame.event.clone()),
                        (latest, None, false),
                    ));
                }
            }
            loop {
                tokio::select! {
                    changed = latest.changed() => {
                        if changed.is_err() {
                            return None;
                        }
                        let frame = latest.borrow_and_update().clone();
                        if let Some(frame) = frame {
                            return Some((Ok(frame.event.clone()), (latest, None, false)));
                        }
                    }
                    _ = tokio::time::sleep(KEEP_ALIVE_EVERY) => {
                        return Some((Ok(Bytes::from_static(KEEP_ALIVE)), (latest, None, false)));
                    }
                    _ = tokio::time::sleep_until(deadline) => return None,
                }
            }
        },
    );
    use futures::StreamExt;
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-store")
        // Tells nginx not to buffer the stream.
        .header("x-accel-buffering", "no")
        .body(Body::from_stream(frames.take_until(closed)))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

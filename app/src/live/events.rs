//! Live events: PostgreSQL `LISTEN/NOTIFY` → this server's fan-out → Server-Sent Events to open pages.
//!
//! Every instance listens on the same channel, so a change committed through one instance reaches pages
//! served by any other. The events only say "something new for you"; the page then reads the feed, which
//! lives in PostgreSQL, so a dropped connection, a lagging page or a restarted server loses nothing: on
//! (re)connecting, and on `resync`, the page reads again.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::broadcast;

use crate::auth::Caller;
use crate::state::AppState;

/// The channel the database's triggers announce on.
pub const CHANNEL: &str = "lingong_events";

/// How many events the fan-out buffers for a slow page before that page is told to resync instead: a
/// subscriber that never reads costs at most this much memory, and never stalls the others.
const BUFFER: usize = 1024;

/// A stream ends after this long and the browser reconnects by itself (EventSource does): a suspended
/// account or an ended session stops receiving within this time.
const STREAM_LIFETIME: Duration = Duration::from_secs(30 * 60);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A notification for an account.
    Notification { account_id: i64, id: i64 },
    /// Something on the boards of a place changed (0 = no district / no market). `change` numbers the
    /// changes across all instances (the boards' event ids).
    Board {
        change: i64,
        city: i32,
        district: i32,
        market: i32,
    },
    /// Events may have been missed (the listener reconnected): every page reads again.
    Resync,
}

impl Event {
    /// Reads a payload of the `lingong_events` channel.
    pub fn parse(payload: &str) -> Option<Event> {
        let mut parts = payload.split(':');
        match (parts.next()?, parts.next(), parts.next(), parts.next()) {
            ("notification", Some(account), Some(id), None) => Some(Event::Notification {
                account_id: account.parse().ok()?,
                id: id.parse().ok()?,
            }),
            ("board", Some(change), Some(city), Some(district)) => {
                let market = parts.next()?;
                if parts.next().is_some() {
                    return None;
                }
                Some(Event::Board {
                    change: change.parse().ok()?,
                    city: city.parse().ok()?,
                    district: district.parse().ok()?,
                    market: market.parse().ok()?,
                })
            }
            _ => None,
        }
    }
}

/// The fan-out: one database listener per server, any number of subscribers.
#[derive(Clone, Debug)]
pub struct EventHub {
    sender: broadcast::Sender<Event>,
    /// Set when the server shuts down: open streams end, so a graceful shutdown does not wait for them.
    closing: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
}

impl Default for EventHub {
    fn default() -> Self {
        EventHub {
            sender: broadcast::channel(BUFFER).0,
            closing: std::sync::Arc::new(tokio::sync::watch::channel(false).0),
        }
    }
}

impl EventHub {
    /// Ends every open stream (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once the server is shutting down.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }

    /// How many pages are subscribed right now.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Listens on the channel for as long as the server runs. A lost connection is replaced by a new
    /// listener; whatever was announced meanwhile is unknown, so once it listens again subscribers are
    /// told to resync.
    pub fn spawn_listener(&self, pool: PgPool) -> tokio::task::JoinHandle<()> {
        let sender = self.sender.clone();
        tokio::spawn(async move {
            loop {
                let mut listener = match PgListener::connect_with(&pool).await {
                    Ok(listener) => listener,
                    Err(error) => {
                        tracing::warn!(%error, "event listener cannot connect; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "cannot LISTEN; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
                tracing::info!(channel = CHANNEL, "listening for events");
                let _ = sender.send(Event::Resync);
                loop {
                    // `try_recv`, not `recv`: `recv` reconnects by itself and never says that it did,
                    // so the notifications lost meanwhile would go unnoticed. `Ok(None)` is that loss.
                    match listener.try_recv().await {
                        Ok(Some(notification)) => match Event::parse(notification.payload()) {
                            // No subscribers is not an error: nobody has a page open.
                            Some(event) => {
                                let _ = sender.send(event);
                            }
                            None => {
                                tracing::warn!(payload = notification.payload(), "unknown event")
                            }
                        },
                        // A new listener: the resync goes out only once LISTEN is in place again (the
                        // outer loop), or a change committed between the pages' re-read and the new
                        // LISTEN would be missed.
                        Ok(None) => {
                            tracing::warn!("event listener lost its connection; reconnecting");
                            break;
                        }
                        Err(error) => {
                            tracing::warn!(%error, "event listener failed; reconnecting");
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            break;
                        }
                    }
                }
            }
        })
    }
}

/// `GET /api/events`: the signed-in caller's live events as Server-Sent Events. Event names:
/// `ready` (connected: read the feed now), `notification` (data: its id), `resync` (read again).
pub async fn stream(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let account_id = match crate::auth::current_from(&state.pool, &headers).await {
        Ok((Caller::SignedIn(principal), _)) => principal.account_id,
        Ok((Caller::Anonymous, _)) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read the session of an event stream");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let receiver = state.events.subscribe();
    let closed = state.events.closed();
    let deadline = tokio::time::Instant::now() + STREAM_LIFETIME;
    let start = futures::stream::iter([Ok::<_, Infallible>(
        SseEvent::default().event("ready").data(""),
    )]);
    let events = futures::stream::unfold(receiver, move |mut receiver| async move {
        loop {
            let next = tokio::time::timeout_at(deadline, receiver.recv()).await;
            let event = match next {
                Err(_elapsed) => return None,
                Ok(Ok(Event::Board { .. })) => continue,
                Ok(Ok(Event::Notification { account_id: to, id })) if to == account_id => {
                    SseEvent::default()
                        .event("notification")
                        .id(id.to_string())
                        .data(id.to_string())
                }
                Ok(Ok(Event::Notification { .. })) => continue,
                Ok(Ok(Event::Resync)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => {
                    SseEvent::default().event("resync").data("")
                }
                Ok(Err(broadcast::error::RecvError::Closed)) => return None,
            };
            return Some((Ok::<_, Infallible>(event), receiver));
        }
    });
    use futures::StreamExt;
    Sse::new(start.chain(events).take_until(closed))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads() {
        assert_eq!(
            Event::parse("notification:12:345"),
            Some(Event::Notification {
                account_id: 12,
                id: 345
            })
        );
        assert_eq!(Event::parse("notification:12"), None);
        assert_eq!(Event::parse("notification:x:1"), None);
        assert_eq!(Event::parse("other:1:2"), None);
        assert_eq!(Event::parse("notification:1:2:3"), None);
        assert_eq!(
            Event::parse("board:9:320100:320106:0"),
            Some(Event::Board {
                change: 9,
                city: 320100,
                district: 320106,
                market: 0
            })
        );
        assert_eq!(Event::parse("board:9:320100:320106"), None);
        assert_eq!(Event::parse("board:9:320100:320106:0:1"), None);
        assert_eq!(Event::parse("board:x:320100:320106:0"), None);
    }
}

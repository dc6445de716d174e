//! Live events: PostgreSQL `LISTEN/NOTIFY` → this server's fan-out → Server-Sent Events to open pages.
//!
//! Every instance listens on the same channel, so a change committed through one instance reaches pages
//! served by any other. The events only say "something new for you"; the page then reads the feed, which
//! lives in PostgreSQL, so a dropped connection, a lagging page or a restarted server loses nothing: on
//! (re)connecting, and on `resync`, the page reads again.

use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::broadcast;

/// The channel the database's triggers announce on.
pub const CHANNEL: &str = "lingong_events";

/// How many events the fan-out buffers for a slow page before that page is told to resync instead: a
/// subscriber that never reads costs at most this much memory, and never stalls the others.
const BUFFER: usize = 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A notification for an account.
    Notification { account_id: i64, id: i64 },
    /// New or grown saved-search alerts for these accounts (in ascending order): a batch of alerts is
    /// announced in a few events, not one a notification.
    Alerts { accounts: std::sync::Arc<[i64]> },
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
        if let Some(list) = payload.strip_prefix("alerts:") {
            let mut accounts = list
                .split(',')
                .map(|a| a.parse().ok())
                .collect::<Option<Vec<i64>>>()?;
            accounts.sort_unstable();
            return Some(Event::Alerts {
                accounts: accounts.into(),
            });
        }
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

    /// Resolves once the server is shutting down or `pool` is closed (as a test's is at its end): what
    /// runs beside the requests stops then, and gives its connections back.
    pub fn stopped(&self, pool: &PgPool) -> impl std::future::Future<Output = ()> + Send + 'static {
        let (closed, pool_closed) = (self.closed(), pool.close_event());
        async move {
            tokio::select! {
                () = closed => {}
                () = pool_closed => {}
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }

    /// How many pages are subscribed right now.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Listens on the channel for as long as the server runs (until [`EventHub::stopped`]). A lost
    /// connection is replaced by a new listener; whatever was announced meanwhile is unknown, so once it
    /// listens again subscribers are told to resync.
    pub fn spawn_listener(&self, pool: PgPool) -> tokio::task::JoinHandle<()> {
        let sender = self.sender.clone();
        let stopped = self.stopped(&pool);
        let listen = async move {
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
        };
        tokio::spawn(async move {
            tokio::select! {
                () = listen => {}
                () = stopped => tracing::debug!("event listener stopped"),
            }
        })
    }
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
        assert_eq!(
            Event::parse("alerts:12,3,45"),
            Some(Event::Alerts {
                accounts: vec![3, 12, 45].into()
            })
        );
        assert_eq!(Event::parse("alerts:12,x"), None);
        assert_eq!(Event::parse("alerts:"), None);
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

//! `GET /api/events`: a signed-in person's live events (new messages), from the event hub.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

use crate::auth::Caller;
use crate::live::events::Event;
use crate::state::AppState;

/// A stream ends after this long and the browser reconnects by itself (EventSource does): a suspended
/// account or an ended session stops receiving within this time.
const STREAM_LIFETIME: Duration = Duration::from_secs(30 * 60);

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
                Ok(Ok(Event::Alerts { accounts }))
                    if accounts.binary_search(&account_id).is_ok() =>
                {
                    SseEvent::default().event("notification").data("")
                }
                Ok(Ok(Event::Alerts { .. })) => continue,
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

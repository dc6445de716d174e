//! Read-your-writes across replicas: a request that may have written leaves the primary's position
//! (its WAL LSN, after the write committed) in a short-lived cookie; the person's next requests read
//! only from a replica that has replayed that far ([`crate::db::replicas`]), else from the primary.
//!
//! Without replicas this does nothing and sets no cookie. A forged value can only send its sender's
//! own reads to the primary.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::cookies::{request_value, set_cookie, Kind};
use crate::db::replicas::Lsn;
use crate::state::AppState;

/// The cookie: the primary's position after the person's last write, in decimal.
pub const COOKIE: &str = "lingong_wrote";

/// Long enough for any replica still in use to replay the write (they are taken out beyond
/// `LINGONG_REPLICA_MAX_LAG_MS`, 10 s by default); after that it sends nobody to the primary.
const KEEP_S: i64 = 60;

/// The position this request's reads must see, put into the request's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadFloor(pub Lsn);

pub async fn track(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if !state.replicas.configured() {
        return next.run(request).await;
    }
    if let Some(floor) =
        request_value(request.headers(), COOKIE).and_then(|v| v.parse::<Lsn>().ok())
    {
        request.extensions_mut().insert(ReadFloor(floor));
    }
    let writes = crate::auth::csrf::changes_state(&request);
    let secure = crate::auth::session::wants_secure_cookies(&state.auth, request.headers());
    let mut response = next.run(request).await;
    let status = response.status();
    if writes && (status.is_success() || status.is_redirection()) {
        // Read after the handler committed: at or past its commit.
        match state.replicas.primary_position().await {
            Ok(Some(position)) => {
                response.headers_mut().append(
                    header::SET_COOKIE,
                    set_cookie(
                        COOKIE,
                        &position.to_string(),
                        KEEP_S,
                        Kind::HttpOnly,
                        secure,
                    ),
                );
            }
            Ok(None) => {}
            // The write is done; without the mark the person may briefly see the page as it was.
            Err(error) => {
                tracing::warn!(%error, "cannot read the primary's position after a write")
            }
        }
    }
    response
}

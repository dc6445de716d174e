//! Who may ask the API how often: a partner's key carries its own limit, requests without a key are
//! counted per address under the deployment's (tighter) one. The counting is governor's GCRA, per
//! instance and in memory — no database write per request; behind N instances a key may get up to N
//! times its limit, which the per-minute figures an admin sets allow for.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::problem::ApiError;
use crate::auth::ClientIp;
use crate::state::AppState;

/// The deployment's settings for the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiSettings {
    /// Requests a minute from one address without a key (`LINGONG_API_ANONYMOUS_PER_MINUTE`).
    pub anonymous_per_minute: u32,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            anonymous_per_minute: 60,
        }
    }
}

/// The counters of this instance.
#[derive(Clone)]
pub struct ApiLimits(Arc<Counters>);

struct Counters {
    anonymous_per_minute: NonZeroU32,
    anonymous: DefaultKeyedRateLimiter<IpAddr>,
    /// One limiter per key: each key has its own quota, which a keyed limiter cannot hold.
    keys: Mutex<HashMap<i64, Arc<DefaultDirectRateLimiter>>>,
    checks: AtomicU64,
}

impl std::fmt::Debug for ApiLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiLimits")
            .field("anonymous_per_minute", &self.0.anonymous_per_minute)
            .finish_non_exhaustive()
    }
}

/// Forgetting addresses not seen for a while, this often: the map of addresses stays small.
const FORGET_EVERY: u64 = 10_000;

/// Seconds until `not_until`, at least one (what `Retry-After` can say).
fn seconds_until(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> u32 {
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    (wait.as_millis().div_ceil(1000) as u32).max(1)
}

impl ApiLimits {
    pub fn new(settings: ApiSettings) -> Self {
        let anonymous_per_minute =
            NonZeroU32::new(settings.anonymous_per_minute).unwrap_or(NonZeroU32::MIN);
        ApiLimits(Arc::new(Counters {
            anonymous_per_minute,
            anonymous: RateLimiter::keyed(Quota::per_minute(anonymous_per_minute)),
            keys: Mutex::new(HashMap::new()),
            checks: AtomicU64::new(0),
        }))
    }

    /// Counts a request from an address without a key: the seconds to wait when over the limit.
    fn anonymous(&self, ip: IpAddr) -> Result<(), u32> {
        if self.0.checks.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
            self.0.anonymous.retain_recent();
        }
        self.0.anonymous.check_key(&ip).map_err(seconds_until)
    }

    /// Counts a request with key `id`, whose limit is `per_minute`.
    fn keyed(&self, id: i64, per_minute: u32) -> Result<(), u32> {
        let limiter = {
            // A poisoned lock only means another request panicked mid-insert; the map is still whole.
            let mut keys = self.0.keys.lock().unwrap_or_else(|p| p.into_inner());
            keys.entry(id)
                .or_insert_with(|| {
                    let quota = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
                    Arc::new(RateLimiter::direct(Quota::per_minute(quota)))
                })
                .clone()
        };
        limiter.check().map_err(seconds_until)
    }
}

/// A request made with a partner's key, for the handlers that only partners may call.
#[derive(Clone, Debug)]
pub struct PartnerKey {
    pub id: i64,
    /// Whose key it is: a partner's postings are known by its name and its own ids.
    pub partner: String,
    pub may_import: bool,
}

/// The key a request presents: `Authorization: Bearer …` or `X-Api-Key: …`.
fn presented_key(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| headers.get("x-api-key").and_then(|v| v.to_str().ok()))
        .map(str::trim)
}

/// Lets a request through if its key is good and it is within its limit.
pub async fn enforce(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let lang = super::lang_of(request.headers());
    let counted = match presented_key(request.headers()) {
        Some(secret) if !crate::model::is_well_formed_secret(secret) => Err(ApiError::UnknownKey),
        Some(secret) => match crate::db::api_keys::presented(&state.pool, secret).await {
            Ok(None) => Err(ApiError::UnknownKey),
            Ok(Some(key)) if key.revoked => Err(ApiError::RevokedKey),
            Ok(Some(key)) => {
                request.extensions_mut().insert(PartnerKey {
                    id: key.id,
                    partner: key.partner,
                    may_import: key.may_import,
                });
                state
                    .api_limits
                    .keyed(key.id, key.per_minute)
                    .map(|()| key.per_minute)
                    .map_err(|retry_after_s| ApiError::RateLimited { retry_after_s })
            }
            Err(error) => Err(error.into()),
        },
        None => {
            let ip = request
                .extensions()
                .get::<ClientIp>()
                .map(|ClientIp(ip)| *ip)
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            state
                .api_limits
                .anonymous(ip)
                .map(|()| state.api_limits.0.anonymous_per_minute.get())
                .map_err(|retry_after_s| ApiError::RateLimited { retry_after_s })
        }
    };
    match counted {
        Ok(limit) => {
            let mut response = next.run(request).await;
            response
                .headers_mut()
                .insert("x-ratelimit-limit", HeaderValue::from(limit));
            response
        }
        Err(error) => {
            if let ApiError::RateLimited { .. } = error {
                tracing::info!("API request over its limit");
            }
            error.respond(lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_own_limit_and_an_address_the_anonymous_one() {
        let limits = ApiLimits::new(ApiSettings {
            anonymous_per_minute: 2,
        });
        let home = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        assert_eq!(limits.anonymous(home), Ok(()));
        assert_eq!(limits.anonymous(home), Ok(()));
        let wait = limits.anonymous(home).expect_err("over the limit");
        assert!((1..=30).contains(&wait), "{wait}");
        assert_eq!(limits.anonymous(other), Ok(()));
        for _ in 0..5 {
            assert_eq!(limits.keyed(7, 5), Ok(()));
        }
        assert!(limits.keyed(7, 5).is_err());
        assert_eq!(limits.keyed(8, 5), Ok(()));
    }

    #[test]
    fn keys_are_read_from_either_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(presented_key(&headers), None);
        headers.insert("x-api-key", HeaderValue::from_static("lg_abc"));
        assert_eq!(presented_key(&headers), Some("lg_abc"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer lg_def"),
        );
        assert_eq!(presented_key(&headers), Some("lg_def"));
    }
}

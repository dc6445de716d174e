//! Markets and stations (零工市场 / 零工驿站): where they are, what they offer, when they open.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::postings::Location;
use super::problem::{ApiError, Failed, Problem};
use crate::model::{MarketDetail, MarketService, MarketSummary, Point};
use crate::state::AppState;

/// A market or station.
#[derive(Debug, Serialize, ToSchema)]
pub struct Market {
    /// Its short name in addresses, e.g. `sq-siyang`.
    pub slug: String,
    /// Its page on the site.
    pub url: String,
    pub name: String,
    #[schema(schema_with = super::schema::market_kind)]
    pub kind: String,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    pub address: String,
    pub location: Location,
    /// The location is only known to the district or street.
    pub location_approximate: bool,
    /// From the request's point (`lng`, `lat`), in metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
    #[schema(schema_with = super::schema::services)]
    pub services: Vec<String>,
    #[schema(schema_with = super::schema::amenities)]
    pub amenities: Vec<String>,
}

impl Market {
    pub fn new(m: MarketSummary, public_url: &str) -> Self {
        Market {
            url: format!("{public_url}/markets/{}", m.slug),
            slug: m.slug,
            name: m.name,
            kind: m.kind.as_str().to_owned(),
            city: m.city_name,
            district: m.district_name,
            address: m.address,
            location: m.location.into(),
            location_approximate: m.location_approximate,
            distance_m: m.distance_m,
            services: m.services.iter().map(|s| s.code().to_owned()).collect(),
            amenities: m.amenities.iter().map(|a| a.code().to_owned()).collect(),
        }
    }
}

/// A market's page.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarketFull {
    pub market: Market,
    /// What it specialises in, for a specialised market.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    /// As its staff write them, e.g. 周一至周五 8:30–17:00.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<String>,
    /// The market's own service phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub description: String,
    /// The city's labour inspection hotline (劳动保障监察).
    pub labour_hotline: String,
}

impl MarketFull {
    fn new(m: MarketDetail, public_url: &str) -> Self {
        MarketFull {
            market: Market::new(m.summary, public_url),
            specialty: m.specialty,
            opening_hours: m.opening_hours,
            phone: m.phone,
            description: m.description,
            labour_hotline: m.labour_hotline,
        }
    }
}

/// Which markets, and in what order.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MarketFilter {
    /// Only those offering this service.
    #[param(schema_with = super::schema::service)]
    service: Option<String>,
    /// Nearest first from this point (WGS-84), with `lat`.
    lng: Option<f64>,
    lat: Option<f64>,
}

/// Every market and station: by city, or nearest first from a point.
#[utoipa::path(
    get,
    path = "/api/v1/markets",
    tag = "markets",
    params(MarketFilter),
    responses(
        (status = 200, description = "Markets and stations", body = Vec<Market>),
        (status = 400, description = "A filter is malformed", body = Problem),
        (status = 401, description = "The key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security((), ("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip(state, headers))]
pub async fn markets(
    State(state): State<AppState>,
    filter: Result<Query<MarketFilter>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    let Ok(Query(filter)) = filter else {
        return Failed(ApiError::BadParameter("lng"), lang).into_response();
    };
    let offering = match filter.service.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => match MarketService::parse(code) {
            Some(service) => Some(service),
            None => return Failed(ApiError::BadParameter("service"), lang).into_response(),
        },
    };
    let near = match (filter.lng, filter.lat) {
        (None, None) => None,
        (Some(lng), Some(lat)) => match Point::new(lng, lat) {
            Some(point) => Some(point),
            None => return Failed(ApiError::BadParameter("lng"), lang).into_response(),
        },
        _ => return Failed(ApiError::BadParameter("lng"), lang).into_response(),
    };
    match crate::db::markets::list(&state.reading(None), near, offering).await {
        Ok(markets) => (
            super::cache_for(60),
            Json(
                markets
                    .into_iter()
                    .map(|m| Market::new(m, &state.public_url))
                    .collect::<Vec<_>>(),
            ),
        )
            .into_response(),
        Err(error) => Failed(error.into(), lang).into_response(),
    }
}

/// One market or station.
#[utoipa::path(
    get,
    path = "/api/v1/markets/{slug}",
    tag = "markets",
    params(("slug" = String, Path, description = "The market's short name, e.g. sq-siyang")),
    responses(
        (status = 200, description = "The market", body = MarketFull),
        (status = 404, description = "No such market", body = Problem),
        (status = 401, description = "The key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security((), ("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip(state, headers))]
pub async fn market(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    if !crate::model::is_market_slug(&slug) {
        return Failed(ApiError::NotFound, lang).into_response();
    }
    match crate::db::markets::find(&state.reading(None), &slug).await {
        Ok(Some(market)) => (
            super::cache_for(60),
            Json(MarketFull::new(market, &state.public_url)),
        )
            .into_response(),
        Ok(None) => Failed(ApiError::NotFound, lang).into_response(),
        Err(error) => Failed(error.into(), lang).into_response(),
    }
}

//! What is coming at the markets: job fairs (招聘会) and training courses (技能培训).

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ApiError, Failed, Problem};
use crate::model::{CourseSummary, FairSummary, TradeCode};
use crate::state::AppState;

/// A job fair to come.
#[derive(Debug, Serialize, ToSchema)]
pub struct Fair {
    pub id: i64,
    /// Its page on the site, where workers sign up.
    pub url: String,
    pub market_slug: String,
    pub market_name: String,
    #[schema(schema_with = super::schema::fair_theme)]
    pub theme: String,
    pub title: String,
    pub held_on: NaiveDate,
    /// China Standard Time, HH:MM.
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    pub starts_at: String,
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    pub ends_at: String,
    /// Where in the market, when it says.
    pub place: String,
    pub booths: i16,
    pub booths_taken: i16,
    /// 直播送岗: where it is streamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub livestream_url: Option<String>,
    pub signups: i64,
    pub checked_in: i64,
}

impl Fair {
    fn new(f: FairSummary, public_url: &str) -> Self {
        Fair {
            url: format!("{public_url}/fairs/{}", f.id),
            id: f.id,
            market_slug: f.market_slug,
            market_name: f.market_name,
            theme: f.theme.code().to_owned(),
            title: f.title,
            held_on: f.held_on,
            starts_at: f.starts_at,
            ends_at: f.ends_at,
            place: f.place,
            booths: f.booths,
            booths_taken: f.booked,
            livestream_url: f.livestream_url,
            signups: f.signups,
            checked_in: f.checked_in,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FairFilter {
    /// Only this market's, by its short name.
    market: Option<String>,
}

/// Job fairs of the coming weeks, soonest first (at most 100).
#[utoipa::path(
    get,
    path = "/api/v1/fairs",
    tag = "calendar",
    params(FairFilter),
    responses(
        (status = 200, description = "Scheduled fairs", body = Vec<Fair>),
        (status = 400, description = "A filter is malformed", body = Problem),
        (status = 401, description = "The key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security((), ("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip(state, headers))]
pub async fn fairs(
    State(state): State<AppState>,
    filter: Result<Query<FairFilter>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    let Ok(Query(filter)) = filter else {
        return Failed(ApiError::BadParameter("market"), lang).into_response();
    };
    let market = filter.market.filter(|m| !m.is_empty());
    if market.as_ref().is_some_and(|m| m.len() > 60) {
        return Failed(ApiError::BadParameter("market"), lang).into_response();
    }
    match crate::db::fairs::upcoming(&state.reading(None), market.as_deref()).await {
        Ok(fairs) => (
            super::cache_for(60),
            Json(
                fairs
                    .into_iter()
                    .map(|f| Fair::new(f, &state.public_url))
                    .collect::<Vec<_>>(),
            ),
        )
            .into_response(),
        Err(error) => Failed(error.into(), lang).into_response(),
    }
}

/// An approved training course not yet over.
#[derive(Debug, Serialize, ToSchema)]
pub struct Course {
    pub id: i64,
    /// Its page on the site, where workers enrol.
    pub url: String,
    pub title: String,
    #[schema(pattern = "^[a-z][a-z0-9_]{1,39}$")]
    pub trade: String,
    pub trade_name: String,
    pub trade_name_en: String,
    pub provider: String,
    pub city: String,
    pub district: String,
    pub address: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// As the provider writes it, e.g. 每周六 9:00–16:00.
    pub schedule: String,
    pub hours: i16,
    pub capacity: i16,
    pub enrolled: i16,
    /// The fee in fen; 0 is free.
    pub cost_cents: i32,
    /// Eligible for the training subsidy (培训补贴).
    pub subsidy_eligible: bool,
    /// 订单培训: the employer promising places to graduates, and how many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_places: Option<i16>,
}

impl Course {
    fn new(c: CourseSummary, public_url: &str) -> Self {
        Course {
            url: format!("{public_url}/courses/{}", c.id),
            id: c.id,
            title: c.title,
            trade: c.trade_code,
            trade_name: c.trade_name,
            trade_name_en: c.trade_name_en,
            provider: c.provider_name,
            city: c.city_name,
            district: c.district_name,
            address: c.address,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            schedule: c.schedule,
            hours: c.hours,
            capacity: c.capacity,
            enrolled: c.enrolled,
            cost_cents: c.cost_cents,
            subsidy_eligible: c.subsidy_eligible,
            partner: c.partner_name,
            partner_places: c.partner_places,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseFilter {
    /// A city's administrative code, e.g. 320100.
    #[param(minimum = 110000, maximum = 829999)]
    city: Option<i32>,
    /// A trade or a whole sector, by code.
    #[param(pattern = "^[a-z][a-z0-9_]{1,39}$")]
    trade: Option<String>,
}

/// Training courses to come or under way, soonest first (at most 50).
#[utoipa::path(
    get,
    path = "/api/v1/courses",
    tag = "calendar",
    params(CourseFilter),
    responses(
        (status = 200, description = "Approved courses", body = Vec<Course>),
        (status = 400, description = "A filter is malformed", body = Problem),
        (status = 401, description = "The key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security((), ("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip(state, headers))]
pub async fn courses(
    State(state): State<AppState>,
    filter: Result<Query<CourseFilter>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    let Ok(Query(filter)) = filter else {
        return Failed(ApiError::BadParameter("city"), lang).into_response();
    };
    if filter
        .city
        .is_some_and(|c| !(110_000..=829_999).contains(&c) || c % 100 != 0)
    {
        return Failed(ApiError::BadParameter("city"), lang).into_response();
    }
    let trade = match filter.trade.as_deref().filter(|t| !t.is_empty()) {
        None => None,
        Some(code) => match TradeCode::parse(code) {
            Some(trade) => Some(trade),
            None => return Failed(ApiError::BadParameter("trade"), lang).into_response(),
        },
    };
    let found = crate::db::courses::list(
        &state.reading(None),
        filter.city,
        trade.as_ref().map(TradeCode::as_str),
        50,
    )
    .await;
    match found {
        Ok(courses) => (
            super::cache_for(60),
            Json(
                courses
                    .into_iter()
                    .map(|c| Course::new(c, &state.public_url))
                    .collect::<Vec<_>>(),
            ),
        )
            .into_response(),
        Err(error) => Failed(error.into(), lang).into_response(),
    }
}

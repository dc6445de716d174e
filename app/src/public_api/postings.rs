//! Posting search and a posting (零工岗位), through the site's own search: the same index, the same
//! filters, the same order, so partners and the site never disagree about what is open.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::markets::Market;
use super::problem::{ApiError, Failed, Problem};
use crate::model::{
    PostingDetail, PostingState, PostingSummary, ResultCount, SearchQuery, SEARCH_PAGE_SIZE,
};
use crate::search::SearchError;
use crate::state::AppState;

/// A WGS-84 point.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lng: f64,
    pub lat: f64,
}

impl From<crate::model::Point> for Location {
    fn from(p: crate::model::Point) -> Self {
        Location {
            lng: p.lng,
            lat: p.lat,
        }
    }
}

/// An open gig (零工岗位) as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Posting {
    pub id: i64,
    /// Its page on the site.
    pub url: String,
    pub title: String,
    /// The trade (工种) code, e.g. `kitchen_helper`.
    #[schema(pattern = "^[a-z][a-z0-9_]{1,39}$")]
    pub trade: String,
    pub trade_name: String,
    pub trade_name_en: String,
    /// The organisation offering it.
    pub employer: String,
    /// Checked by the market's staff (已认证).
    pub employer_verified: bool,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    pub address: String,
    pub location: Location,
    /// Pay in fen (分, a hundredth of a yuan) per `pay_unit`.
    pub pay_cents: i32,
    #[schema(schema_with = super::schema::pay_unit)]
    pub pay_unit: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The working day's length, in minutes.
    pub shift_minutes: i16,
    /// When work starts (上班时间), China Standard Time; absent when the posting does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    pub start_time: Option<String>,
    /// Absent when the posting does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::pay_terms)]
    pub pay_terms: Option<String>,
    /// Places offered, and places already taken.
    pub headcount: i16,
    pub filled: i16,
    #[schema(schema_with = super::schema::tags)]
    pub tags: Vec<String>,
    /// From the search's point (`lng`, `lat`), in metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
}

impl Posting {
    pub(super) fn new(p: PostingSummary, distance_m: Option<u32>, public_url: &str) -> Self {
        Posting {
            url: format!("{public_url}/postings/{}", p.id),
            id: p.id,
            title: p.title,
            trade: p.trade_code.as_str().to_owned(),
            trade_name: p.trade_name,
            trade_name_en: p.trade_name_en,
            employer: p.employer_name,
            employer_verified: p.employer_verified,
            city: p.city_name,
            district: p.district_name,
            address: p.address,
            location: p.location.into(),
            pay_cents: p.pay_cents,
            pay_unit: p.pay_unit.as_str().to_owned(),
            start_date: p.start_date,
            end_date: p.end_date,
            shift_minutes: p.shift_minutes,
            start_time: p.start_time.map(|t| t.format("%H:%M").to_string()),
            pay_terms: p.pay_terms.map(|t| t.as_str().to_owned()),
            headcount: p.headcount,
            filled: p.filled,
            tags: p.tags.iter().map(|t| t.as_str().to_owned()).collect(),
            distance_m,
        }
    }
}

/// One page of a search.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostingPage {
    /// The first day of the date window (China Standard Time).
    pub day: NaiveDate,
    /// How many postings match; with `total_is_lower_bound`, at least this many.
    pub total: u32,
    pub total_is_lower_bound: bool,
    /// Zero-based.
    pub page: u32,
    pub page_size: u32,
    pub has_next: bool,
    pub postings: Vec<Posting>,
}

/// The search's filters: the site's, by the same names (a search on the site and here with the same
/// query string find the same postings). All optional.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read by `SearchQuery::from_params`; this struct describes them
pub struct PostingSearch {
    /// Keyword in the title, trade, employer or address (at most 30 characters).
    q: Option<String>,
    /// A trade (工种) or a whole sector, by code.
    #[param(pattern = "^[a-z][a-z0-9_]{1,39}$")]
    trade: Option<String>,
    /// A city's administrative code (6 digits ending in 00), e.g. 320100 for 南京.
    #[param(minimum = 110000, maximum = 829999)]
    city: Option<i32>,
    /// A district's administrative code, e.g. 320106 for 鼓楼区.
    #[param(minimum = 110000, maximum = 829999)]
    district: Option<i32>,
    /// Longitude (WGS-84) of the point to search around; with `lat`.
    lng: Option<f64>,
    /// Latitude (WGS-84); with `lng`.
    lat: Option<f64>,
    /// Radius around the point in km: 1, 3, 5, 10, 20 or 50 (default 10).
    r: Option<u16>,
    /// At least this pay, in whole yuan per `unit`.
    #[param(minimum = 1, maximum = 100000)]
    pay: Option<u32>,
    /// The unit of `pay` (default day).
    #[param(schema_with = super::schema::pay_unit)]
    unit: Option<String>,
    /// today (default), tomorrow, week, any, or a day (YYYY-MM-DD).
    date: Option<String>,
    /// The longest working day acceptable, in hours.
    #[param(minimum = 1, maximum = 24)]
    hours: Option<u8>,
    /// Groups that must all be welcome, comma-separated or repeated.
    #[param(schema_with = super::schema::tags, style = Form, explode)]
    tags: Option<Vec<String>>,
    /// Settled this way.
    #[param(schema_with = super::schema::pay_terms)]
    terms: Option<String>,
    /// Starting in this part of the day.
    #[param(schema_with = super::schema::shift_start)]
    starts: Option<String>,
    #[param(schema_with = super::schema::sort_order)]
    sort: Option<String>,
    /// Zero-based page of 20 (the first 1 000 results can be paged through).
    page: Option<u32>,
}

/// Searches open postings.
#[utoipa::path(
    get,
    path = "/api/v1/postings",
    tag = "postings",
    params(PostingSearch),
    responses(
        (status = 200, description = "A page of open postings", body = PostingPage),
        (status = 400, description = "A filter is malformed", body = Problem),
        (status = 401, description = "The key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security((), ("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip_all, fields(query))]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let search = SearchQuery::from_params(|name| {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    });
    let search = match search {
        Ok(search) => search,
        Err(bad) => return Failed(ApiError::BadParameter(bad.0), lang).into_response(),
    };
    let today = crate::calendar::today();
    let results = match state
        .search
        .answer(&state.reading(None), today, &search)
        .await
    {
        Ok(results) => results,
        Err(SearchError::UnknownTrade) => {
            return Failed(ApiError::BadParameter("trade"), lang).into_response()
        }
        Err(SearchError::Db(error)) => return Failed(error.into(), lang).into_response(),
    };
    let (total, total_is_lower_bound) = match results.count {
        ResultCount::Exactly(n) => (n, false),
        ResultCount::AtLeast(n) => (n, true),
    };
    let page = PostingPage {
        day: results.day,
        total,
        total_is_lower_bound,
        page: results.page,
        page_size: SEARCH_PAGE_SIZE,
        has_next: results.has_next,
        postings: results
            .hits
            .into_iter()
            .map(|hit| Posting::new(hit.posting, hit.distance_m, &state.public_url))
            .collect(),
    };
    (super::cache_for(15), Json(page)).into_response()
}

/// A posting's page, whatever has become of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostingFull {
    pub posting: Posting,
    #[schema(schema_with = super::schema::posting_state)]
    pub state: String,
    pub description: String,
    pub requirements: String,
    /// What to bring (携带物品).
    pub bring: String,
    pub posted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The city's labour inspection hotline (劳动保障监察), for wage disputes.
    pub labour_hotline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights_office_address: Option<String>,
    /// The market or station nearest the work.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_market: Option<Market>,
}

/// Every `state` a posting can be in, as [`PostingFull::state`] says it.
pub const STATES: [&str; 5] = ["open", "filled", "paused", "closed", "expired"];

fn state_code(state: PostingState) -> &'static str {
    match state {
        PostingState::Open => STATES[0],
        PostingState::Filled => STATES[1],
        PostingState::Paused => STATES[2],
        PostingState::Closed => STATES[3],
        PostingState::Expired => STATES[4],
    }
}

impl PostingFull {
    fn new(d: PostingDetail, public_url: &str) -> Self {
        PostingFull {
            posting: Posting::new(d.summary, None, public_url),
            state: state_code(d.state).to_owned(),
            description: d.description,
            requirements: d.requirements,
            bring: d.bring,
            posted_at: d.posted_at,
            updated_at: d.updated_at,
            labour_hotline: d.labour_hotline,
            rights_office_address: d.rights_office_address,
            nearest_market: d.nearest_market.map(|m| Market::new(m, public_url)),
        }
    }
}

/// One posting, open or not (its state says).
#[utoipa::path(
    get,
    path = "/api/v1/postings/{id}",
    tag = "postings",
    params(("id" = i64, Path, description = "The posting's number")),
    responses(
        (status = 200, description = "The posting", body = PostingFull),
        (status = 404, description = "No such posting", body = Problem),
        (status = 401, description = "The key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security((), ("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip(state, headers))]
pub async fn posting(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return Failed(ApiError::NotFound, lang).into_response();
    };
    match crate::db::postings::find(&state.reading(None), id, crate::calendar::today()).await {
        Ok(Some(detail)) => (
            super::cache_for(15),
            Json(PostingFull::new(detail, &state.public_url)),
        )
            .into_response(),
        Ok(None) => Failed(ApiError::NotFound, lang).into_response(),
        Err(error) => Failed(error.into(), lang).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use utoipa::IntoParams;

    use super::*;

    #[test]
    fn the_document_names_every_filter_the_search_reads() {
        let read = RefCell::new(Vec::new());
        let _ = SearchQuery::from_params(|name| {
            read.borrow_mut().push(name.to_owned());
            Vec::new()
        });
        let mut read = read.into_inner();
        read.sort();
        read.dedup();
        let mut documented: Vec<String> = PostingSearch::into_params(|| None)
            .into_iter()
            .map(|p| p.name)
            .collect();
        documented.sort();
        assert_eq!(documented, read);
    }
}

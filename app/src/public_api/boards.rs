//! Today's figures of a market, district, city or the province: what the live boards show everyone.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::{ApiError, Failed, Problem};
use crate::model::{BoardScope, BoardTotals};
use crate::state::AppState;

/// Today's counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct Totals {
    /// 在招岗位: postings open today.
    pub open_postings: i64,
    /// 用工需求: places still to fill in them.
    pub places_wanted: i64,
    /// 今日新发布: postings published today.
    pub published: i64,
    /// 今日报名: applications made today.
    pub applications: i64,
    /// 今日录用: places filled today.
    pub fills: i64,
}

impl From<BoardTotals> for Totals {
    fn from(t: BoardTotals) -> Self {
        Totals {
            open_postings: t.open_postings,
            places_wanted: t.places_wanted,
            published: t.published,
            applications: t.applications,
            fills: t.fills,
        }
    }
}

/// One trade's demand today.
#[derive(Debug, Serialize, ToSchema)]
pub struct TradeFigures {
    pub trade: String,
    pub trade_name: String,
    pub trade_name_en: String,
    pub totals: Totals,
}

/// One place within the board's: cities of the province, districts of a city, markets of a district.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaFigures {
    pub name: String,
    #[schema(schema_with = super::schema::board_kind)]
    pub kind: String,
    /// With `kind`, the address of its own board: `/api/v1/boards/{kind}/{key}`.
    pub key: String,
    pub totals: Totals,
}

/// A board's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardFigures {
    /// The market's, district's or city's name, or 江苏省.
    pub name: String,
    /// The day counted (China Standard Time).
    pub day: NaiveDate,
    /// When they were read, HH:MM:SS China Standard Time.
    pub read_at: String,
    pub totals: Totals,
    /// The trades wanting most places, most first.
    pub trades: Vec<TradeFigures>,
    pub areas: Vec<AreaFigures>,
}

fn kind_and_key(scope: &BoardScope) -> (&'static str, String) {
    match scope {
        BoardScope::Province => ("province", "jiangsu".to_owned()),
        BoardScope::City(code) => ("city", code.to_string()),
        BoardScope::District(code) => ("district", code.to_string()),
        BoardScope::Market(slug) => ("market", slug.clone()),
    }
}

/// Today's figures of a place, as its live board shows them (refreshed on every change).
#[utoipa::path(
    get,
    path = "/api/v1/boards/{kind}/{key}",
    tag = "boards",
    params(
        ("kind" = String, Path, description = "province, city, district or market"),
        ("key" = String, Path, description = "jiangsu; a city's or district's administrative code; a market's short name"),
    ),
    responses(
        (status = 200, description = "The figures", body = BoardFigures),
        (status = 404, description = "No such place", body = Problem),
        (status = 401, description = "The key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security((), ("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip(state, headers))]
pub async fn board(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    let Some(scope) = BoardScope::parse(&kind, &key) else {
        return Failed(ApiError::NotFound, lang).into_response();
    };
    let located = match crate::db::boards::locate(&state.reading(None), &scope).await {
        Ok(Some(located)) => located,
        Ok(None) => return Failed(ApiError::NotFound, lang).into_response(),
        Err(error) => return Failed(error.into(), lang).into_response(),
    };
    let board = match crate::db::boards::board(&state.reading(None), &located).await {
        Ok(board) => board,
        Err(error) => return Failed(error.into(), lang).into_response(),
    };
    let Ok(day) = NaiveDate::parse_from_str(&board.day, "%Y-%m-%d") else {
        tracing::error!(day = %board.day, "a board's day is not a date");
        return Failed(ApiError::Internal, lang).into_response();
    };
    let figures = BoardFigures {
        name: board.name,
        day,
        read_at: board.read_at,
        totals: board.totals.into(),
        trades: board
            .trades
            .into_iter()
            .map(|t| TradeFigures {
                trade: t.trade_code,
                trade_name: t.trade_name,
                trade_name_en: t.trade_name_en,
                totals: t.totals.into(),
            })
            .collect(),
        areas: board
            .areas
            .into_iter()
            .map(|a| {
                let (kind, key) = kind_and_key(&a.board);
                AreaFigures {
                    name: a.name,
                    kind: kind.to_owned(),
                    key,
                    totals: a.totals.into(),
                }
            })
            .collect(),
    };
    (super::cache_for(5), Json(figures)).into_response()
}

//! The boards' plain handlers: the live stream of a board, its QR code, and the staff's statistics as a
//! spreadsheet.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use crate::api::boards::server::{locate, statistics_request};
use crate::error::AppError;
use crate::http::read_floor::ReadFloor;
use crate::model::{BoardScope, Statistics};
use crate::state::AppState;

/// Streams end after this long and the browser reconnects by itself; connections do not live forever.
const STREAM_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Sent every 15 s on a quiet stream so proxies and the browser keep it open (an SSE comment).
const KEEP_ALIVE: &[u8] = b":\n\n";
const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(15);

/// `GET /api/boards/{kind}/{key}/events`: a board's live stream, for anyone (boards are public; the
/// staff-only numbers are not in it). Each `board` event carries the whole board as JSON, with the
/// number of the last change it reflects as the event id. A reconnecting browser sends that id back
/// (`Last-Event-ID`); it gets the current board unless it already has it.
pub(super) async fn stream(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(scope) = BoardScope::parse(&kind, &key) else {
        return (StatusCode::NOT_FOUND, "no such board").into_response();
    };
    let board = match crate::db::boards::locate(&state.reading(None), &scope).await {
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

/// `GET /staff/statistics.csv?period=day[&kind=city&key=320100]`: the statistics as a spreadsheet that
/// Excel and WPS open correctly (UTF-8 with a byte-order mark, CRLF line ends, quoted text).
pub(super) async fn statistics_csv(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    floor: Option<axum::Extension<ReadFloor>>,
    headers: HeaderMap,
) -> Response {
    let lang = super::lang_of(&headers);
    let texts = lang.texts();
    let result = async {
        let (caller, _) = crate::auth::current_from(&state.pool, &headers).await?;
        let (board, period) = statistics_request(
            &state.pool,
            &caller,
            query.get("period").map(String::as_str).unwrap_or("day"),
            query.get("kind").map(String::as_str),
            query.get("key").map(String::as_str),
        )
        .await?;
        Ok::<_, AppError>(
            crate::db::boards::statistics(&state.reading(floor.map(|f| f.0)), &board, period)
                .await?,
        )
    }
    .await;
    match result {
        Ok(statistics) => {
            let file = format!(
                "attachment; filename=\"lingong-statistics-{}-{}.csv\"",
                statistics.board.kind(),
                statistics.period.as_str()
            );
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, file),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                csv(&statistics, lang.board_texts()),
            )
                .into_response()
        }
        Err(error) => {
            if error.status() == StatusCode::INTERNAL_SERVER_ERROR {
                tracing::error!(%error, "statistics export failed");
            }
            error.into_plain_response(texts)
        }
    }
}

/// `GET /api/boards/{kind}/{key}/qr.svg`: a QR code of the place's page (the market's own page for a
/// market, else the board), for phones in the hall to open it. Drawn here so the Wasm stays small.
pub(super) async fn qr_code(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
) -> Response {
    let board = match locate(&state.reading(None), &kind, &key).await {
        Ok(board) => board,
        Err(error) => return (error.status(), "no such board").into_response(),
    };
    // From the configured address: a Host header is the client's to choose, and the code is cached.
    let path = board.market_path.unwrap_or_else(|| board.scope.path());
    let url = format!("{}{path}", state.public_url);
    match super::qr_svg(&url) {
        Some(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            svg,
        )
            .into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The statistics as CSV for spreadsheets: a byte-order mark (without it Excel reads UTF-8 as the
/// local code page and the Chinese turns to mojibake), CRLF line ends, every text field quoted.
fn csv(statistics: &Statistics, t: &crate::i18n::BoardTexts) -> String {
    fn text(s: &str) -> String {
        // A leading = + - @ would make a spreadsheet evaluate the cell: names come from the database,
        // so defuse them.
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{s}")
        } else {
            s.to_owned()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    }
    let mut out = String::from("\u{feff}");
    let mut line = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(vec![
        text(&statistics.scope_name),
        text(t.period(statistics.period)),
    ]);
    line(vec![text(t.section_periods)]);
    line(
        [
            t.period_start,
            t.stat_published,
            t.places_published,
            t.stat_applications,
            t.stat_fills,
            t.median_to_first,
            t.wage_cases_opened,
            t.wage_cases_upheld,
        ]
        .iter()
        .map(|h| text(h))
        .collect(),
    );
    for p in &statistics.periods {
        line(vec![
            p.start.clone(),
            p.published.to_string(),
            p.places_published.to_string(),
            p.applications.to_string(),
            p.fills.to_string(),
            p.median_minutes_to_first_applicant
                .map(|m| format!("{m:.1}"))
                .unwrap_or_default(),
            p.wage_cases_opened.to_string(),
            p.wage_cases_upheld.to_string(),
        ]);
    }
    for (heading, column, rows) in [
        (t.by_trade, t.trade, &statistics.by_trade),
        (
            t.by_area,
            t.area_column(&statistics.board),
            &statistics.by_area,
        ),
    ] {
        if rows.is_empty() {
            continue;
        }
        line(Vec::new());
        line(vec![text(heading)]);
        line(
            [
                column,
                t.stat_published,
                t.places_published,
                t.stat_applications,
                t.stat_fills,
            ]
            .iter()
            .map(|h| text(h))
            .collect(),
        );
        for row in rows.iter() {
            line(vec![
                text(t.breakdown_name(row, &statistics.board)),
                row.published.to_string(),
                row.places_published.to_string(),
                row.applications.to_string(),
                row.fills.to_string(),
            ]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::{BreakdownRow, Period, PeriodFigures};

    #[test]
    fn csv_opens_in_excel() {
        let statistics = Statistics {
            board: BoardScope::City(320100),
            scope_name: "南京市".into(),
            period: Period::Day,
            periods: vec![PeriodFigures {
                start: "2026-11-25".into(),
                published: 3,
                places_published: 12,
                applications: 7,
                fills: 2,
                median_minutes_to_first_applicant: Some(42.0),
                wage_cases_opened: 1,
                wage_cases_upheld: 0,
            }],
            by_trade: vec![BreakdownRow {
                name: Some("=HYPERLINK(\"x\")".into()),
                name_en: None,
                published: 1,
                places_published: 2,
                applications: 3,
                fills: 4,
            }],
            by_area: vec![BreakdownRow {
                name: None,
                name_en: None,
                published: 5,
                places_published: 6,
                applications: 7,
                fills: 8,
            }],
            open_help_cases: 0,
            help_placements_month: 0,
        };
        let csv = csv(&statistics, Lang::Zh.board_texts());
        assert!(csv.starts_with("\u{feff}\"南京市\""));
        assert!(csv.contains("\r\n2026-11-25,3,12,7,2,42.0,1,0\r\n"));
        // Formula defused, quotes doubled.
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\",1,2,3,4\r\n"));
        // Each breakdown headed by what its rows are; the city's postings with no district named so.
        assert!(csv.contains("\r\n\"工种\",\"发布岗位\""));
        assert!(csv.contains("\r\n\"区县\",\"发布岗位\""));
        assert!(csv.contains("\r\n\"未注明区县\",5,6,7,8\r\n"));
        assert!(!csv.contains("—"));
        assert!(csv.lines().all(|l| !l.contains('\n')));
    }
}

//! Live boards (public) and the staff's numbers and statistics (scoped). The live stream itself is in
//! [`crate::live_boards`].

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{Board, StaffFigures, Statistics};

/// Today's board of a market, district, city or the province, as everyone may see it.
#[server(prefix = "/api", endpoint = "board", client = CsrfClient)]
pub async fn get_board(kind: String, key: String) -> Result<Board, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let board = server::locate(&pool, &kind, &key).await?;
            Ok(crate::db::boards::board(&pool, &board).await?)
        }
        .await,
    )
}

/// The staff-only numbers of a board: for staff of the place (or of an area containing it) and admins.
#[server(prefix = "/api", endpoint = "board/staff-figures", client = CsrfClient)]
pub async fn board_staff_figures(kind: String, key: String) -> Result<StaffFigures, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let board = server::locate(&pool, &kind, &key).await?;
            super::context::authorize_as(
                &pool,
                &caller,
                Action::ReadAreaFigures { place: board.place },
            )
            .await?;
            Ok(crate::db::boards::staff_figures(&pool, &board.place).await?)
        }
        .await,
    )
}

/// Statistics of the caller's area, or of a place inside it (`kind`/`key` as in a board's address).
#[server(prefix = "/api", endpoint = "staff/statistics", client = CsrfClient)]
pub async fn area_statistics(
    period: String,
    kind: Option<String>,
    key: Option<String>,
) -> Result<Statistics, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            let (board, period) = server::statistics_request(
                &pool,
                &caller,
                &period,
                kind.as_deref(),
                key.as_deref(),
            )
            .await?;
            Ok(crate::db::boards::statistics(&pool, &board, period).await?)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod server {
    use sqlx::PgPool;

    use crate::auth::{Action, Caller};
    use crate::db::boards::LocatedBoard;
    use crate::error::AppError;
    use crate::model::{BoardScope, Period, Role};

    pub async fn locate(pool: &PgPool, kind: &str, key: &str) -> Result<LocatedBoard, AppError> {
        let scope = BoardScope::parse(kind, key).ok_or(AppError::NotFound)?;
        crate::db::boards::locate(pool, &scope)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Which place and period a statistics request is for, and whether the caller may see it: their own
    /// area when no place is named (admins: the province).
    pub async fn statistics_request(
        pool: &PgPool,
        caller: &Caller,
        period: &str,
        kind: Option<&str>,
        key: Option<&str>,
    ) -> Result<(LocatedBoard, Period), AppError> {
        let period = Period::parse(period).ok_or_else(|| AppError::invalid("period"))?;
        let board = match (kind, key, caller) {
            (Some(kind), Some(key), _) => locate(pool, kind, key).await?,
            (_, _, Caller::SignedIn(p)) if p.role == Role::Staff => match &p.scope {
                Some(scope) => crate::db::boards::locate_staff_scope(pool, scope)
                    .await?
                    .ok_or(AppError::NotFound)?,
                None => return Err(AppError::Forbidden),
            },
            _ => locate(pool, "province", "jiangsu").await?,
        };
        super::super::context::authorize_as(
            pool,
            caller,
            Action::ReadAreaFigures { place: board.place },
        )
        .await?;
        Ok((board, period))
    }
}

/// `GET /staff/statistics.csv?period=day[&kind=city&key=320100]`: the statistics as a spreadsheet that
/// Excel and WPS open correctly (UTF-8 with a byte-order mark, CRLF line ends, quoted text).
#[cfg(feature = "ssr")]
pub async fn statistics_csv(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;

    let lang = crate::prefs::Prefs::from_cookies(
        headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    )
    .lang;
    let texts = lang.texts();
    let result = async {
        let (caller, _) = crate::auth::current_from(&state.pool, &headers).await?;
        let (board, period) = server::statistics_request(
            &state.pool,
            &caller,
            query.get("period").map(String::as_str).unwrap_or("day"),
            query.get("kind").map(String::as_str),
            query.get("key").map(String::as_str),
        )
        .await?;
        Ok::<_, AppError>(crate::db::boards::statistics(&state.pool, &board, period).await?)
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
#[cfg(feature = "ssr")]
pub async fn qr_code(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::extract::Path((kind, key)): axum::extract::Path<(String, String)>,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;

    let board = match server::locate(&state.pool, &kind, &key).await {
        Ok(board) => board,
        Err(error) => return (error.status(), "no such board").into_response(),
    };
    // From the configured address: a Host header is the client's to choose, and the code is cached.
    let path = board.market_path.unwrap_or_else(|| board.scope.path());
    let url = format!("{}{path}", state.public_url);
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            (
                [
                    (header::CONTENT_TYPE, "image/svg+xml"),
                    (header::CACHE_CONTROL, "public, max-age=3600"),
                ],
                svg,
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(%error, %url, "cannot draw a QR code");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The statistics as CSV for spreadsheets: a byte-order mark (without it Excel reads UTF-8 as the
/// local code page and the Chinese turns to mojibake), CRLF line ends, every text field quoted.
#[cfg(feature = "ssr")]
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
        ]);
    }
    for (heading, rows) in [
        (t.by_trade, &statistics.by_trade),
        (t.by_area, &statistics.by_area),
    ] {
        if rows.is_empty() {
            continue;
        }
        line(Vec::new());
        line(vec![text(heading)]);
        line(
            [
                t.place,
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
                text(&row.name),
                row.published.to_string(),
                row.places_published.to_string(),
                row.applications.to_string(),
                row.fills.to_string(),
            ]);
        }
    }
    out
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::{BoardScope, BreakdownRow, Period, PeriodFigures};

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
            }],
            by_trade: vec![BreakdownRow {
                name: "=HYPERLINK(\"x\")".into(),
                published: 1,
                places_published: 2,
                applications: 3,
                fills: 4,
            }],
            by_area: Vec::new(),
        };
        let csv = csv(&statistics, Lang::Zh.board_texts());
        assert!(csv.starts_with("\u{feff}\"南京市\""));
        assert!(csv.contains("\r\n2026-11-25,3,12,7,2,42.0\r\n"));
        // Formula defused, quotes doubled.
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\",1,2,3,4\r\n"));
        assert!(!csv.contains("按地区"));
        assert!(csv.lines().all(|l| !l.contains('\n')));
    }
}

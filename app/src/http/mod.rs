//! The plain HTTP handlers beside the pages and the server functions: the live streams, the QR code,
//! the statistics spreadsheet and the worker's data download. They are plain axum handlers because a
//! browser opens them as they are (an `EventSource`, an `<img>`, a download link), not through a server
//! function's client. Each decides access itself, as the server functions do (README, access tables).
//!
//! May use everything server-side (`auth`, `db`, the live hubs); the pages never import it.

mod boards;
mod events;
mod feeds;
mod my_data;
pub mod read_floor;
pub mod share_card;

use axum::http::{header, HeaderMap};
use axum::routing::get;
use axum::Router;

use crate::i18n::Lang;
use crate::state::AppState;

/// The routes of this module, merged into the site's router by the server binary.
/// A QR code of a link, as SVG (the big screen's, the check-in screen's). None, logged, for a link too
/// long to encode.
pub fn qr_svg(url: &str) -> Option<String> {
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => Some(
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build(),
        ),
        Err(error) => {
            tracing::error!(%error, %url, "cannot draw a QR code");
            None
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/data", get(my_data::download))
        .route("/api/events", get(events::stream))
        .route("/api/boards/{kind}/{key}/events", get(boards::stream))
        .route("/api/boards/{kind}/{key}/qr.svg", get(boards::qr_code))
        .route("/staff/statistics.csv", get(boards::statistics_csv))
        .route("/postings/{id}/card.png", get(share_card::posting_card))
        .route("/robots.txt", get(feeds::robots))
        .route("/sitemap.xml", get(feeds::sitemap_index))
        .route("/sitemaps/{file}", get(feeds::sitemap_part))
        .route("/markets/{slug}/feed.atom", get(feeds::market_feed))
        .route("/trades/{code}/feed.atom", get(feeds::trade_feed))
}

/// The language of the person asking, from their preferences cookie, for a download's error text.
fn lang_of(headers: &HeaderMap) -> Lang {
    crate::prefs::Prefs::from_cookies(
        headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    )
    .lang
}

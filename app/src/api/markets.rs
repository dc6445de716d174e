use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{MarketDetail, MarketSummary, Point};

/// Every market and station, nearest first when the caller says where they are. Public.
#[server(prefix = "/api", endpoint = "markets/list")]
pub async fn list_markets(near: Option<Point>) -> Result<Vec<MarketSummary>, AppError> {
    super::context::respond(
        async {
            if near.is_some_and(|p| Point::new(p.lng, p.lat).is_none()) {
                return Err(AppError::invalid("near"));
            }
            let pool = super::context::pool()?;
            Ok(crate::db::markets::list(&pool, near).await?)
        }
        .await,
    )
}

/// One market's page. Public.
#[server(prefix = "/api", endpoint = "markets/get")]
pub async fn get_market(slug: String) -> Result<MarketDetail, AppError> {
    super::context::respond(
        async {
            // Slugs are short and plain; anything else cannot name a market.
            if slug.len() > 60
                || !slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(AppError::NotFound);
            }
            let pool = super::context::pool()?;
            crate::db::markets::find(&pool, &slug)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

//! Markets and stations (零工市场 / 零工驿站): the public's lists and pages, and what their staff keep
//! up to date (opening hours, phone, services, amenities).

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{
    MarketDetail, MarketService, MarketServicesForm, MarketSummary, Point, ServedMarket,
};

/// Every market and station, or those offering a service; nearest first when the caller says where
/// they are. Public.
#[server(prefix = "/api", endpoint = "markets/list")]
pub async fn list_markets(
    near: Option<Point>,
    #[server(default)] offering: Option<MarketService>,
) -> Result<Vec<MarketSummary>, AppError> {
    super::context::respond(
        async {
            if near.is_some_and(|p| Point::new(p.lng, p.lat).is_none()) {
                return Err(AppError::invalid("near"));
            }
            let pool = super::context::read_pool()?;
            Ok(crate::db::markets::list(&pool, near, offering).await?)
        }
        .await,
    )
}

/// One market's page. Public.
#[server(prefix = "/api", endpoint = "markets/get")]
pub async fn get_market(slug: String) -> Result<MarketDetail, AppError> {
    super::context::respond(
        async {
            if !crate::model::is_market_slug(&slug) {
                return Err(AppError::NotFound);
            }
            let pool = super::context::read_pool()?;
            crate::db::markets::find(&pool, &slug)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// The markets and stations the caller keeps (their market, or those of their area). Staff.
#[server(prefix = "/api", endpoint = "markets/served", client = CsrfClient)]
pub async fn served_markets() -> Result<Vec<ServedMarket>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::markets::served(&pool, principal.scope).await?)
        }
        .await,
    )
}

/// What staff edit of a market, as it stands. Staff serving at the market.
#[server(prefix = "/api", endpoint = "markets/for-editing", client = CsrfClient)]
pub async fn market_for_editing(slug: String) -> Result<MarketServicesForm, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let mut conn = pool.acquire().await?;
            let (_, market, form) = crate::db::markets::for_editing(&mut conn, &slug, false)
                .await?
                .ok_or(AppError::NotFound)?;
            super::context::authorize_as(&pool, &caller, Action::ServeAtMarket { market }).await?;
            Ok(form)
        }
        .await,
    )
}

/// Staff keep what a market says of itself: opening hours, phone, services and amenities from the
/// vocabularies. Audited with the lists before and after.
#[server(prefix = "/api", endpoint = "markets/edit", client = CsrfClient)]
pub async fn edit_market(
    slug: String,
    #[server(default)] opening_hours: String,
    #[server(default)] phone: String,
    #[server(default)] services: Vec<String>,
    #[server(default)] amenities: Vec<String>,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    use crate::model::{parse_market_phone, Amenity, OPENING_HOURS_MAX_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let opening_hours = super::context::clean_text(
                &opening_hours,
                OPENING_HOURS_MAX_CHARS,
                "opening_hours",
            )?;
            let phone = match phone.trim() {
                "" => String::new(),
                typed => {
                    parse_market_phone(typed).ok_or(AppError::invalid_field("market_phone"))?
                }
            };
            // Kept in the vocabulary's order, each once, whatever order the form sent.
            let services_chosen: Vec<&str> = services.iter().map(|c| c.trim()).collect();
            let amenities_chosen: Vec<&str> = amenities.iter().map(|c| c.trim()).collect();
            if services_chosen
                .iter()
                .any(|c| MarketService::parse(c).is_none())
            {
                return Err(AppError::invalid_field("services"));
            }
            if amenities_chosen.iter().any(|c| Amenity::parse(c).is_none()) {
                return Err(AppError::invalid_field("amenities"));
            }
            let mut tx = pool.begin().await?;
            let (id, market, before) = crate::db::markets::for_editing(&mut tx, &slug, true)
                .await?
                .ok_or(AppError::NotFound)?;
            let principal =
                super::context::authorize_as(&pool, &caller, Action::ServeAtMarket { market })
                    .await?;
            let after = MarketServicesForm {
                opening_hours,
                phone,
                services: MarketService::ALL
                    .into_iter()
                    .filter(|s| services_chosen.contains(&s.code()))
                    .collect(),
                amenities: Amenity::ALL
                    .into_iter()
                    .filter(|a| amenities_chosen.contains(&a.code()))
                    .collect(),
                ..before.clone()
            };
            if after != before {
                crate::db::markets::save_services(&mut tx, id, &after).await?;
                audit::record(
                    &mut tx,
                    Record {
                        actor: Some((principal.role, principal.account_id)),
                        action: "edit_market_services",
                        subject_table: "markets",
                        subject_id: Some(i64::from(id)),
                        before: Some(
                            serde_json::to_value(&before).map_err(|_| AppError::Internal)?,
                        ),
                        after: Some(serde_json::to_value(&after).map_err(|_| AppError::Internal)?),
                        refused: false,
                    },
                )
                .await?;
            }
            tx.commit().await?;
            if super::context::wants_page_back() {
                leptos_axum::redirect(&format!("/staff/markets/{slug}?saved=1"));
            }
            Ok(())
        }
        .await,
    )
}

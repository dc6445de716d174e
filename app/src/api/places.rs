use leptos::prelude::*;

use crate::error::AppError;
use crate::model::City;

/// Cities and their districts, for the place pickers. Public.
#[server(prefix = "/api", endpoint = "places")]
pub async fn list_cities() -> Result<Vec<City>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            Ok(crate::db::places::cities(&pool).await?)
        }
        .await,
    )
}

/// Streets the open postings' addresses name (`street`: at least two characters), for the employer's
/// place picker: where each is in each district. For employers with an organisation, who place postings.
#[server(prefix = "/api", endpoint = "places/streets", client = super::client::CsrfClient)]
pub async fn find_streets(street: String) -> Result<Vec<crate::model::KnownStreet>, AppError> {
    use crate::auth::Action;
    use crate::model::{STREET_MAX_CHARS, STREET_MIN_CHARS};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            super::context::authorize(&pool, Action::PostAsEmployer).await?;
            let street = super::context::clean_text(&street, STREET_MAX_CHARS, "street")?;
            if street.chars().count() < STREET_MIN_CHARS {
                return Err(AppError::invalid_field("street"));
            }
            Ok(crate::db::places::streets(&pool, &street).await?)
        }
        .await,
    )
}

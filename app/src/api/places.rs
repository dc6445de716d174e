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

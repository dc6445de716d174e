use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Trade;

/// The trade taxonomy, for filters and forms. Public.
#[server(prefix = "/api", endpoint = "trades")]
pub async fn list_trades() -> Result<Vec<Trade>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            Ok(crate::db::trades::list(&pool).await?)
        }
        .await,
    )
}

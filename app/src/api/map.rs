use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{MapLayer, MapSettings, MapView, SearchQuery};

/// What the gig map shows for a search and a view: clusters below [`crate::model::POSTINGS_ZOOM`], single postings
/// from there on. Public, like the list.
#[server(prefix = "/api", endpoint = "map/layer", input = Json)]
pub async fn load_map_layer(query: SearchQuery, view: MapView) -> Result<MapLayer, AppError> {
    super::context::respond(
        async {
            query.check().map_err(|bad| AppError::invalid(bad.0))?;
            let view = view.clipped();
            if !view.is_valid() {
                return Err(AppError::invalid("view"));
            }
            let state = super::context::state()?;
            let today = super::context::today();
            Ok(state
                .search
                .map_layer(&super::context::read_pool()?, today, &query, view)
                .await?)
        }
        .await,
    )
}

/// The configured basemap, if any.
#[server(prefix = "/api", endpoint = "map/settings")]
pub async fn load_map_settings() -> Result<MapSettings, AppError> {
    use_context::<crate::state::AppState>()
        .map(|state| state.map.clone())
        .ok_or(AppError::Internal)
}

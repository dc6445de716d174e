//! Live boards (public) and the staff's numbers and statistics (scoped). The live stream itself is in
//! [`crate::live::boards`].

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{Board, StaffFigures, Statistics};

/// Today's board of a market, district, city or the province, as everyone may see it.
#[server(prefix = "/api", endpoint = "board", client = CsrfClient)]
pub async fn get_board(kind: String, key: String) -> Result<Board, AppError> {
    super::context::respond(
        async {
            let pool = super::context::read_pool()?;
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
            // Decided on the primary (the session); counted on a replica.
            let reading = super::context::read_pool()?;
            Ok(crate::db::boards::statistics(&reading, &board, period).await?)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
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

//! The notification feed (消息). The live part is the event stream, [`crate::live::events`].

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::NotificationFeed;

/// The caller's newest notifications and the unread count; empty when nobody is signed in (the
/// header asks on every page).
#[server(prefix = "/api", endpoint = "notifications/feed", client = CsrfClient)]
pub async fn my_notifications() -> Result<NotificationFeed, AppError> {
    use crate::auth::{Action, Caller};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            if caller == Caller::Anonymous {
                return Ok(NotificationFeed::default());
            }
            let principal =
                super::context::authorize_as(&pool, &caller, Action::ReadOwnNotifications).await?;
            Ok(crate::db::notifications::feed(&pool, principal.account_id, 50).await?)
        }
        .await,
    )
}

/// Marks the caller's notifications up to `up_to` as read.
#[server(prefix = "/api", endpoint = "notifications/read", client = CsrfClient)]
pub async fn mark_notifications_read(up_to: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReadOwnNotifications).await?;
            Ok(crate::db::notifications::mark_read(&pool, principal.account_id, up_to).await?)
        }
        .await,
    )
}

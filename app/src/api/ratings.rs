//! Ratings both ways after a worked shift (评价): rating the other side once, appealing a rating one
//! received, and staff deciding appeals.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{RatingAppeal, RatingTag};

/// Rates the other side of a place worked: 1–5 stars and up to four of one's side's fixed tags. Once.
#[server(prefix = "/api", endpoint = "ratings/rate", client = CsrfClient)]
pub async fn rate_place(
    application_id: i64,
    stars: i16,
    #[server(default)] tags: Vec<RatingTag>,
) -> Result<(), AppError> {
    use crate::db::place_messages::Side;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            if !(1..=5).contains(&stars) {
                return Err(AppError::invalid_field("stars"));
            }
            let (_, side) = super::place_messages::side_of_caller(&pool).await?;
            let by_worker = matches!(side, Side::Worker(_));
            let mut tags = tags;
            tags.sort_by_key(|t| t.as_str());
            tags.dedup();
            if tags
                .iter()
                .any(|t| !RatingTag::for_rater(by_worker).contains(t))
            {
                return Err(AppError::invalid_field("tags"));
            }
            let mut tx = pool.begin().await?;
            crate::db::ratings::rate(&mut tx, application_id, side, stars, &tags).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Appeals a rating the caller received (申诉), once it is shown, with a reason staff read.
#[server(prefix = "/api", endpoint = "ratings/appeal", client = CsrfClient)]
pub async fn appeal_rating(application_id: i64, reason: String) -> Result<(), AppError> {
    use crate::model::APPEAL_MAX_CHARS;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let reason = super::context::clean_text(&reason, APPEAL_MAX_CHARS, "reason")?;
            if reason.chars().count() < 2 {
                return Err(AppError::invalid_field("reason"));
            }
            let (_, side) = super::place_messages::side_of_caller(&pool).await?;
            let mut tx = pool.begin().await?;
            crate::db::ratings::appeal(&mut tx, application_id, side, &reason).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Open appeals about postings in the caller's scope.
#[server(prefix = "/api", endpoint = "ratings/appeals", client = CsrfClient)]
pub async fn rating_appeals() -> Result<Vec<RatingAppeal>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::ratings::open_appeals(&pool, principal.scope, 100).await?)
        }
        .await,
    )
}

/// Staff decide an appeal, once: upholding it takes the rating out of every figure. Audited.
#[server(prefix = "/api", endpoint = "ratings/decide-appeal", client = CsrfClient)]
pub async fn decide_rating_appeal(
    application_id: i64,
    by_worker: bool,
    uphold: bool,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let mut tx = pool.begin().await?;
            let area = crate::db::applications::posting_area(&mut tx, application_id)
                .await?
                .ok_or(AppError::NotFound)?;
            // The same staff who decide wage cases about the posting's place.
            let principal =
                super::context::authorize_as(&pool, &caller, Action::HandleWageCase { area })
                    .await?;
            crate::db::ratings::decide_appeal(
                &mut tx,
                application_id,
                by_worker,
                uphold,
                principal.account_id,
            )
            .await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: if uphold {
                        "uphold_rating_appeal"
                    } else {
                        "reject_rating_appeal"
                    },
                    subject_table: "place_ratings",
                    subject_id: Some(application_id),
                    before: None,
                    after: Some(serde_json::json!({ "by_worker": by_worker, "uphold": uphold })),
                    refused: false,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

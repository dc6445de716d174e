//! Policy notes (政策咨询): read on a city's market pages, written by its staff.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{PolicyNote, StaffPolicyNotes};

/// The policy notes of the city a market is in, rendered. Public.
#[server(prefix = "/api", endpoint = "policy-notes/market")]
pub async fn market_policy_notes(slug: String) -> Result<Vec<PolicyNote>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let notes = crate::db::policy_notes::published_at_market(&pool, &slug)
                .await?
                .ok_or(AppError::NotFound)?;
            notes
                .into_iter()
                .map(|note| {
                    Ok(PolicyNote {
                        id: note.id,
                        topic: note.topic()?,
                        html: crate::markdown::render(&note.body),
                        title: note.title,
                        published_on: note.published_on,
                        revised_on: note.revised_on,
                    })
                })
                .collect()
        }
        .await,
    )
}

/// The staff desk's notes: the cities the caller publishes for, and theirs. Staff.
#[server(prefix = "/api", endpoint = "policy-notes/staff", client = CsrfClient)]
pub async fn policy_notes_for_staff() -> Result<StaffPolicyNotes, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            let cities = crate::db::policy_notes::cities_for(&pool, principal.scope).await?;
            let adcodes: Vec<i32> = cities.iter().map(|c| c.adcode).collect();
            let notes = crate::db::policy_notes::of_cities(&pool, &adcodes).await?;
            Ok(StaffPolicyNotes { cities, notes })
        }
        .await,
    )
}

/// A note's text, checked: topic from the list, title 2–60 characters on one line, body 2–8000 in
/// paragraphs.
#[cfg(feature = "ssr")]
struct CheckedNote {
    topic: crate::model::PolicyTopic,
    title: String,
    body: String,
}

#[cfg(feature = "ssr")]
fn check_note(topic: &str, title: &str, body: &str) -> Result<CheckedNote, AppError> {
    use crate::model::{PolicyTopic, POLICY_BODY_MAX_CHARS, POLICY_TITLE_MAX_CHARS};
    let topic = PolicyTopic::parse(topic.trim()).ok_or(AppError::invalid_field("topic"))?;
    let title = super::context::clean_text(title, POLICY_TITLE_MAX_CHARS, "policy_title")?;
    if title.chars().count() < 2 {
        return Err(AppError::invalid_field("policy_title"));
    }
    let body = super::context::clean_paragraphs(body, POLICY_BODY_MAX_CHARS, "policy_body")?;
    if body.chars().count() < 2 {
        return Err(AppError::invalid_field("policy_body"));
    }
    Ok(CheckedNote { topic, title, body })
}

#[cfg(feature = "ssr")]
impl CheckedNote {
    fn text(&self) -> crate::db::policy_notes::NoteText<'_> {
        crate::db::policy_notes::NoteText {
            topic: self.topic.code(),
            title: &self.title,
            body: &self.body,
        }
    }
}

/// City staff publish a note for their city (the province's staff for any). Audited.
#[server(prefix = "/api", endpoint = "policy-notes/publish", client = CsrfClient)]
pub async fn publish_policy_note(
    city_adcode: i32,
    topic: String,
    title: String,
    body: String,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let note = check_note(&topic, &title, &body)?;
            let principal = super::context::authorize_as(
                &pool,
                &caller,
                Action::PublishPolicyNotes { city_adcode },
            )
            .await?;
            let mut tx = pool.begin().await?;
            let id = crate::db::policy_notes::publish(
                &mut tx,
                city_adcode,
                &note.text(),
                principal.account_id,
            )
            .await
            .map_err(|e| match e {
                // The only reference a caller names: a city that does not exist.
                crate::db::DbError::Constraint { constraint, .. }
                    if constraint == "policy_notes_city_adcode_fkey" =>
                {
                    AppError::invalid_field("city_adcode")
                }
                other => other.into(),
            })?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "publish_policy_note",
                    subject_table: "policy_notes",
                    subject_id: Some(id),
                    before: None,
                    after: Some(
                        serde_json::json!({ "city_adcode": city_adcode, "note": note.text() }),
                    ),
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

/// Locks a note and checks the caller may change it: the principal to act as, and the note. The caller
/// is loaded before the transaction begins: a request holds one connection at a time, so any number
/// of them at once cannot starve the pool.
#[cfg(feature = "ssr")]
async fn note_to_change(
    pool: &sqlx::PgPool,
    caller: &crate::auth::Caller,
    tx: &mut sqlx::PgConnection,
    id: i64,
) -> Result<(crate::auth::Principal, crate::db::policy_notes::LockedNote), AppError> {
    use crate::auth::Action;
    let note = crate::db::policy_notes::lock(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let principal = super::context::authorize_as(
        pool,
        caller,
        Action::PublishPolicyNotes {
            city_adcode: note.city_adcode,
        },
    )
    .await?;
    if note.withdrawn {
        return Err(AppError::refused("policy_note_withdrawn"));
    }
    Ok((principal, note))
}

/// Staff of the note's city revise it while it is published. Audited with the text before and after.
#[server(prefix = "/api", endpoint = "policy-notes/revise", client = CsrfClient)]
pub async fn revise_policy_note(
    id: i64,
    topic: String,
    title: String,
    body: String,
) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let note = check_note(&topic, &title, &body)?;
            let mut tx = pool.begin().await?;
            let (principal, before) = note_to_change(&pool, &caller, &mut tx, id).await?;
            crate::db::policy_notes::revise(&mut tx, id, &note.text(), principal.account_id)
                .await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "revise_policy_note",
                    subject_table: "policy_notes",
                    subject_id: Some(id),
                    before: Some(serde_json::json!({
                        "topic": before.topic, "title": before.title, "body": before.body,
                    })),
                    after: Some(serde_json::json!(note.text())),
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

/// Staff of the note's city withdraw it (no longer in force): once, for good. Audited.
#[server(prefix = "/api", endpoint = "policy-notes/withdraw", client = CsrfClient)]
pub async fn withdraw_policy_note(id: i64) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let mut tx = pool.begin().await?;
            let (principal, before) = note_to_change(&pool, &caller, &mut tx, id).await?;
            crate::db::policy_notes::withdraw(&mut tx, id, principal.account_id).await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: "withdraw_policy_note",
                    subject_table: "policy_notes",
                    subject_id: Some(id),
                    before: Some(serde_json::json!({ "title": before.title })),
                    after: None,
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

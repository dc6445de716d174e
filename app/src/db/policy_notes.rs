//! Policy notes (政策咨询) of a city, as written (Markdown); rendering is the reader's side.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{PolicyCity, PolicyTopic, StaffPolicyNote, StaffScope};

/// A published note as stored, for a market page.
#[derive(Debug, sqlx::FromRow)]
pub struct PublishedNote {
    pub id: i64,
    pub topic: String,
    pub title: String,
    pub body: String,
    pub published_on: String,
    pub revised_on: Option<String>,
}

fn topic(code: String) -> Result<PolicyTopic, DbError> {
    super::stored(code, "policy_notes.topic", PolicyTopic::parse)
}

impl PublishedNote {
    pub fn topic(&self) -> Result<PolicyTopic, DbError> {
        topic(self.topic.clone())
    }
}

/// The published notes of the city a market is in, newest first; `None` when no market has the slug.
#[tracing::instrument(skip(pool), err)]
pub async fn published_at_market(
    pool: &PgPool,
    market_slug: &str,
) -> Result<Option<Vec<PublishedNote>>, DbError> {
    let city: Option<i32> = sqlx::query_scalar("SELECT city_adcode FROM markets WHERE slug = $1")
        .bind(market_slug)
        .fetch_optional(pool)
        .await?;
    let Some(city) = city else {
        return Ok(None);
    };
    let notes = sqlx::query_as(
        "SELECT id, topic, title, body,
                to_char(published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS published_on,
                CASE WHEN (updated_at AT TIME ZONE 'Asia/Shanghai')::date > (published_at AT TIME ZONE 'Asia/Shanghai')::date
                     THEN to_char(updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') END AS revised_on
           FROM policy_notes
          WHERE city_adcode = $1 AND status = 'published'
          ORDER BY published_at DESC, id DESC
          LIMIT 20",
    )
    .bind(city)
    .fetch_all(pool)
    .await?;
    Ok(Some(notes))
}

/// The cities staff of `scope` publish notes for: their city, or every city for the province's staff
/// and admins (`None`). District and market staff publish for none.
#[tracing::instrument(skip(pool), err)]
pub async fn cities_for(
    pool: &PgPool,
    scope: Option<StaffScope>,
) -> Result<Vec<PolicyCity>, DbError> {
    let city = match scope {
        None | Some(StaffScope::Province) => None,
        Some(StaffScope::City { city_adcode }) => Some(city_adcode),
        Some(StaffScope::District { .. } | StaffScope::Market { .. }) => return Ok(Vec::new()),
    };
    let rows: Vec<(i32, String)> = sqlx::query_as(
        "SELECT adcode, name FROM cities WHERE $1::int IS NULL OR adcode = $1 ORDER BY adcode",
    )
    .bind(city)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(adcode, name)| PolicyCity { adcode, name })
        .collect())
}

#[derive(sqlx::FromRow)]
struct StaffNoteRow {
    id: i64,
    city_name: String,
    topic: String,
    title: String,
    body: String,
    withdrawn: bool,
    published_on: String,
    updated_at: String,
}

/// The notes of some cities, newest first: published ones, then the last withdrawn.
#[tracing::instrument(skip(pool), err)]
pub async fn of_cities(pool: &PgPool, cities: &[i32]) -> Result<Vec<StaffPolicyNote>, DbError> {
    let rows: Vec<StaffNoteRow> = sqlx::query_as(
        "SELECT n.id, c.name AS city_name, n.topic, n.title, n.body, n.status = 'withdrawn' AS withdrawn,
                to_char(n.published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS published_on,
                to_char(n.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS updated_at
           FROM policy_notes n JOIN cities c ON c.adcode = n.city_adcode
          WHERE n.city_adcode = ANY($1)
          ORDER BY n.status = 'withdrawn', n.published_at DESC, n.id DESC
          LIMIT 100",
    )
    .bind(cities)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(StaffPolicyNote {
                id: row.id,
                city_name: row.city_name,
                topic: topic(row.topic)?,
                title: row.title,
                body: row.body,
                withdrawn: row.withdrawn,
                published_on: row.published_on,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// What a note says, checked by the caller.
#[derive(Debug, serde::Serialize)]
pub struct NoteText<'a> {
    pub topic: &'static str,
    pub title: &'a str,
    pub body: &'a str,
}

#[tracing::instrument(skip(conn, text), err)]
pub async fn publish(
    conn: &mut PgConnection,
    city_adcode: i32,
    text: &NoteText<'_>,
    author: i64,
) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO policy_notes (city_adcode, topic, title, body, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(city_adcode)
    .bind(text.topic)
    .bind(text.title)
    .bind(text.body)
    .bind(author)
    .fetch_one(conn)
    .await?)
}

/// A note locked for a change: its city, whether it is withdrawn, and its text as it stands.
#[derive(Debug, sqlx::FromRow)]
pub struct LockedNote {
    pub city_adcode: i32,
    pub withdrawn: bool,
    pub topic: String,
    pub title: String,
    pub body: String,
}

#[tracing::instrument(skip(conn), err)]
pub async fn lock(conn: &mut PgConnection, id: i64) -> Result<Option<LockedNote>, DbError> {
    Ok(sqlx::query_as(
        "SELECT city_adcode, status = 'withdrawn' AS withdrawn, topic, title, body
           FROM policy_notes WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

#[tracing::instrument(skip(conn, text), err)]
pub async fn revise(
    conn: &mut PgConnection,
    id: i64,
    text: &NoteText<'_>,
    editor: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE policy_notes SET topic = $2, title = $3, body = $4, updated_by = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(text.topic)
    .bind(text.title)
    .bind(text.body)
    .bind(editor)
    .execute(conn)
    .await?;
    Ok(())
}

#[tracing::instrument(skip(conn), err)]
pub async fn withdraw(conn: &mut PgConnection, id: i64, by: i64) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE policy_notes SET status = 'withdrawn', withdrawn_at = now(), updated_by = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

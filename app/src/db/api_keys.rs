//! Partners' API keys: made, listed, revoked, and looked up by their secret's hash on every request.

use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{ApiKey, NewApiKey};

const KEY: &str = "SELECT k.id, k.partner, k.prefix, k.per_minute, k.may_import,
        to_char(k.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS created_at,
        COALESCE(NULLIF(a.display_name, ''), overlay(a.phone placing '****' from 4 for 4)) AS created_by,
        to_char(k.last_used_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS last_used_at,
        to_char(k.revoked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS revoked_at
   FROM api_keys k JOIN accounts a ON a.id = k.created_by";

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    partner: String,
    prefix: String,
    per_minute: i32,
    may_import: bool,
    created_at: String,
    created_by: String,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
}

impl From<KeyRow> for ApiKey {
    fn from(row: KeyRow) -> Self {
        ApiKey {
            id: row.id,
            partner: row.partner,
            prefix: row.prefix,
            // The CHECK keeps it between 1 and 100 000.
            per_minute: row.per_minute.max(1) as u32,
            may_import: row.may_import,
            created_at: row.created_at,
            created_by: row.created_by,
            last_used_at: row.last_used_at,
            revoked_at: row.revoked_at,
        }
    }
}

/// Every key, the active ones first, newest first.
#[tracing::instrument(skip(pool), err)]
pub async fn list(pool: &PgPool) -> Result<Vec<ApiKey>, DbError> {
    let rows: Vec<KeyRow> = sqlx::query_as(&format!(
        "{KEY} ORDER BY k.revoked_at IS NOT NULL, k.id DESC"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(ApiKey::from).collect())
}

/// Makes a key for `partner`: its secret is returned this once and kept only as a hash.
#[tracing::instrument(skip(conn), err)]
pub async fn create(
    conn: &mut PgConnection,
    partner: &str,
    per_minute: u32,
    may_import: bool,
    created_by: i64,
) -> Result<NewApiKey, DbError> {
    let secret = format!("lg_{}", &crate::auth::token::random_hex()[..48]);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (partner, prefix, secret_sha256, per_minute, may_import, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(partner)
    .bind(&secret[..11])
    .bind(crate::auth::token::digest(&[&secret]).as_slice())
    .bind(per_minute as i32)
    .bind(may_import)
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await?;
    let row: KeyRow = sqlx::query_as(&format!("{KEY} WHERE k.id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(NewApiKey {
        key: row.into(),
        secret,
    })
}

/// What revoking a key came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Revoked {
    Now,
    Already,
    NoSuchKey,
}

/// Revokes a key for good. Of several admins revoking at once, one does it.
#[tracing::instrument(skip(conn), err)]
pub async fn revoke(conn: &mut PgConnection, id: i64, by: i64) -> Result<Revoked, DbError> {
    let done = sqlx::query(
        "UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 1 {
        return Ok(Revoked::Now);
    }
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM api_keys WHERE id = $1)")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(match exists {
        true => Revoked::Already,
        false => Revoked::NoSuchKey,
    })
}

/// A key presented with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresentedKey {
    pub id: i64,
    pub partner: String,
    pub per_minute: u32,
    pub may_import: bool,
    pub revoked: bool,
}

/// The key whose secret this is, if any. Marks it used, at most once a minute (a write per request
/// would cost more than the request).
#[tracing::instrument(skip_all, err)]
pub async fn presented(pool: &PgPool, secret: &str) -> Result<Option<PresentedKey>, DbError> {
    let row: Option<(i64, String, i32, bool, bool, bool)> = sqlx::query_as(
        "SELECT id, partner, per_minute, may_import, revoked_at IS NOT NULL,
                last_used_at IS NULL OR last_used_at < now() - interval '1 minute'
           FROM api_keys WHERE secret_sha256 = $1",
    )
    .bind(crate::auth::token::digest(&[secret]).as_slice())
    .fetch_optional(pool)
    .await?;
    let Some((id, partner, per_minute, may_import, revoked, stale)) = row else {
        return Ok(None);
    };
    if stale && !revoked {
        sqlx::query(
            "UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .execute(pool)
        .await?;
    }
    Ok(Some(PresentedKey {
        id,
        partner,
        per_minute: per_minute.max(1) as u32,
        may_import,
        revoked,
    }))
}

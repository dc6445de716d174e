//! The trade taxonomy (工种).

use sqlx::PgPool;

use super::DbError;
use crate::model::{Trade, TradeCode};

#[derive(sqlx::FromRow)]
struct TradeRow {
    code: String,
    parent_code: Option<String>,
    name: String,
    name_en: String,
}

impl TryFrom<TradeRow> for Trade {
    type Error = DbError;
    fn try_from(row: TradeRow) -> Result<Self, DbError> {
        let code = |value: String, column| {
            TradeCode::parse(&value).ok_or(DbError::Corrupt { column, value })
        };
        Ok(Trade {
            code: code(row.code, "trades.code")?,
            parent_code: row
                .parent_code
                .map(|p| code(p, "trades.parent_code"))
                .transpose()?,
            name: row.name,
            name_en: row.name_en,
        })
    }
}

/// All trades, each sector followed by its trades, in the taxonomy's order.
#[tracing::instrument(skip(pool), err)]
pub async fn list(pool: &PgPool) -> Result<Vec<Trade>, DbError> {
    let rows: Vec<TradeRow> = sqlx::query_as(
        "SELECT t.code, t.parent_code, t.name, t.name_en
           FROM trades t
           LEFT JOIN trades p ON p.code = t.parent_code
          ORDER BY COALESCE(p.sort_order, t.sort_order), t.parent_code NULLS FIRST, t.sort_order, t.code",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Trade::try_from).collect()
}

/// Whether a code names a trade or a sector.
#[tracing::instrument(skip(pool), err)]
pub async fn exists(pool: &PgPool, code: &TradeCode) -> Result<bool, DbError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM trades WHERE code = $1)")
            .bind(code.as_str())
            .fetch_one(pool)
            .await?,
    )
}

/// Whether every code names a trade (not a sector) of the taxonomy.
#[tracing::instrument(skip(conn))]
pub async fn all_exist(conn: &mut sqlx::PgConnection, codes: &[String]) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) = cardinality($1::text[])
           FROM trades WHERE code = ANY($1) AND parent_code IS NOT NULL",
    )
    .bind(codes)
    .fetch_one(conn)
    .await?)
}

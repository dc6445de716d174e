//! The gig map: postings of the visible area, clustered by the server at low zoom so the browser never
//! draws thousands of markers.

use chrono::NaiveDate;
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::postings::push_filters;
use super::DbError;
use crate::model::{Cluster, MapPosting, MapView, PayUnit, SearchQuery, MAX_MAP_POSTINGS};

fn push_view(qb: &mut QueryBuilder<'_, Postgres>, view: MapView) {
    qb.push(" AND p.location && ST_MakeEnvelope(")
        .push_bind(view.west)
        .push(", ")
        .push_bind(view.south)
        .push(", ")
        .push_bind(view.east)
        .push(", ")
        .push_bind(view.north)
        .push(", 4326)");
}

/// Counts per grid cell of the view, placed at the mean position of the cell's postings.
#[tracing::instrument(skip(pool), err)]
pub async fn clusters(pool: &PgPool, today: NaiveDate, query: &SearchQuery, view: MapView) -> Result<Vec<Cluster>, DbError> {
    let cell = view.cell_degrees();
    let mut qb = QueryBuilder::<Postgres>::new(
        "SELECT count(*)::bigint AS n, avg(ST_X(p.location)) AS lng, avg(ST_Y(p.location)) AS lat FROM postings p",
    );
    push_filters(&mut qb, query, query.date.window(today));
    push_view(&mut qb, view);
    qb.push(" GROUP BY floor(ST_X(p.location) / ")
        .push_bind(cell)
        .push("), floor(ST_Y(p.location) / ")
        .push_bind(cell)
        .push(")");
    let rows: Vec<(i64, f64, f64)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(n, lng, lat)| Cluster { lng, lat, count: u32::try_from(n).unwrap_or(u32::MAX) })
        .collect())
}

#[derive(sqlx::FromRow)]
struct MapPostingRow {
    id: i64,
    title: String,
    pay_cents: i32,
    pay_unit: String,
    lng: f64,
    lat: f64,
}

/// Single postings of the view, newest first, bounded.
#[tracing::instrument(skip(pool), err)]
pub async fn postings(pool: &PgPool, today: NaiveDate, query: &SearchQuery, view: MapView) -> Result<Vec<MapPosting>, DbError> {
    let mut qb = QueryBuilder::<Postgres>::new(
        "SELECT p.id, p.title, p.pay_cents, p.pay_unit, ST_X(p.location) AS lng, ST_Y(p.location) AS lat FROM postings p",
    );
    push_filters(&mut qb, query, query.date.window(today));
    push_view(&mut qb, view);
    qb.push(" ORDER BY p.id DESC LIMIT ").push_bind(MAX_MAP_POSTINGS as i64);
    let rows: Vec<MapPostingRow> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|row| {
            Ok(MapPosting {
                pay_unit: PayUnit::parse(&row.pay_unit)
                    .ok_or(DbError::Corrupt { column: "postings.pay_unit", value: row.pay_unit })?,
                id: row.id,
                title: row.title,
                pay_cents: row.pay_cents,
                lng: row.lng,
                lat: row.lat,
            })
        })
        .collect()
}

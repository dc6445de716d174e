//! The gig map: postings of the visible area, clustered by the server at low zoom so the browser never
//! draws thousands of markers.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

use super::postings::push_filters;
use super::DbError;
use crate::model::{
    cell_degrees, Cluster, DateFilter, MapPosting, MapView, PayUnit, SearchQuery, MAX_MAP_POSTINGS,
    PRECOMPUTED_ZOOMS,
};

/// A day's precomputed cells are used while they were built, or found current, at most this long ago
/// (tomorrow's are looked at every five minutes).
const CELLS_FRESH_FOR: &str = "7 minutes";

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

/// Counts per grid cell of the view, placed at the cell's centre: from the
/// precomputed cells when the search allows it, else grouped from the postings.
#[tracing::instrument(skip(pool), err)]
pub async fn clusters(
    pool: &PgPool,
    today: NaiveDate,
    query: &SearchQuery,
    view: MapView,
) -> Result<Vec<Cluster>, DbError> {
    if let Some(day) = precomputed_day(query, today, view) {
        if let Some(clusters) = precomputed_clusters(pool, day, query, view).await? {
            return Ok(clusters);
        }
    }
    grouped_clusters(pool, today, query, view).await
}

/// The single day whose cells can answer this search, if any: only the trade filter is kept per cell.
fn precomputed_day(query: &SearchQuery, today: NaiveDate, view: MapView) -> Option<NaiveDate> {
    let plain = SearchQuery {
        trade: None,
        date: query.date,
        ..SearchQuery::default()
    };
    let single_day = !matches!(query.date, DateFilter::ThisWeek | DateFilter::Any);
    let (from, _) = query.date.window(today);
    (PRECOMPUTED_ZOOMS.contains(&view.zoom)
        && single_day
        && *query
            == SearchQuery {
                trade: query.trade.clone(),
                ..plain
            })
    .then_some(from)
}

async fn precomputed_clusters(
    pool: &PgPool,
    day: NaiveDate,
    query: &SearchQuery,
    view: MapView,
) -> Result<Option<Vec<Cluster>>, DbError> {
    let fresh: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM map_cell_builds WHERE day = $1 AND built_at > now() - interval '{CELLS_FRESH_FOR}')"
    ))
    .bind(day)
    .fetch_one(pool)
    .await?;
    if !fresh {
        return Ok(None);
    }
    let cell = view.cell_degrees();
    let cells = |degrees: f64| (degrees / cell).floor() as i32;
    let mut qb = QueryBuilder::<Postgres>::new(
        "SELECT sum(postings)::bigint, cx, cy
           FROM map_cells WHERE day = ",
    );
    qb.push_bind(day)
        .push(" AND zoom = ")
        .push_bind(i16::from(view.zoom))
        .push(" AND cx BETWEEN ")
        .push_bind(cells(view.west))
        .push(" AND ")
        .push_bind(cells(view.east))
        .push(" AND cy BETWEEN ")
        .push_bind(cells(view.south))
        .push(" AND ")
        .push_bind(cells(view.north));
    if let Some(trade) = &query.trade {
        qb.push(" AND trade_code IN (SELECT code FROM trades WHERE code = ")
            .push_bind(trade.as_str().to_owned())
            .push(" OR parent_code = ")
            .push_bind(trade.as_str().to_owned())
            .push(")");
    }
    qb.push(" GROUP BY cx, cy");
    let rows: Vec<(i64, i32, i32)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(Some(to_clusters(rows, cell)))
}

/// Clusters sit at the centres of their cells: a regular grid keeps neighbouring circles apart, so each
/// stays a whole touch target (WCAG 2.5.8), which positions averaged within the cells would not.
fn to_clusters(rows: Vec<(i64, i32, i32)>, cell: f64) -> Vec<Cluster> {
    rows.into_iter()
        .map(|(n, cx, cy)| Cluster {
            lng: (f64::from(cx) + 0.5) * cell,
            lat: (f64::from(cy) + 0.5) * cell,
            count: u32::try_from(n).unwrap_or(u32::MAX),
        })
        .collect()
}

/// What a round of [`rebuild_cells`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellsRound {
    Rebuilt,
    /// No posting had changed since the last build: the cells were only marked current.
    Current,
    /// Another instance holds the lock.
    Busy,
}

/// How far before the last build a posting's change still counts as after it: `updated_at` is when a
/// transaction began, so one that began just before the build may have committed after its snapshot.
const CHANGE_MARGIN: &str = "10 seconds";

/// Recomputes one day's cells for every precomputed zoom, in one transaction, and drops days past.
/// Unless `always`, a day whose cells were built and since which no posting changed is only marked
/// current: at 1.1 M postings a rebuild takes a core for seconds, every minute, on a quiet market too.
/// Several servers may call this: an advisory lock lets one build while the others skip.
#[tracing::instrument(skip(pool), err)]
pub async fn rebuild_cells(
    pool: &PgPool,
    day: NaiveDate,
    always: bool,
) -> Result<CellsRound, DbError> {
    let mut tx = pool.begin().await?;
    let locked: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtext('lingong.map_cells'))")
            .fetch_one(&mut *tx)
            .await?;
    if !locked {
        return Ok(CellsRound::Busy);
    }
    if !always {
        // Bounded by now(): rows stamped in the future (imported data) would otherwise count as a
        // change in every round.
        let current: bool = sqlx::query_scalar(&format!(
            "SELECT EXISTS (SELECT 1 FROM map_cell_builds b WHERE b.day = $1
                    AND NOT EXISTS (SELECT 1 FROM postings p
                                     WHERE p.updated_at > b.built_at - interval '{CHANGE_MARGIN}'
                                       AND p.updated_at <= now()))"
        ))
        .bind(day)
        .fetch_one(&mut *tx)
        .await?;
        if current {
            // As good as a build now: what changes later is stamped later, or within the margin.
            sqlx::query("UPDATE map_cell_builds SET built_at = now() WHERE day = $1")
                .bind(day)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(CellsRound::Current);
        }
    }
    let zooms: Vec<i16> = PRECOMPUTED_ZOOMS.map(i16::from).collect();
    let cells: Vec<f64> = PRECOMPUTED_ZOOMS.map(cell_degrees).collect();
    sqlx::query("DELETE FROM map_cells WHERE day = $1 OR day < $1 - 1")
        .bind(day)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM map_cell_builds WHERE day = $1 OR day < $1 - 1")
        .bind(day)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO map_cells (day, zoom, cx, cy, trade_code, postings, sum_lng, sum_lat)
         SELECT $1, z.zoom, floor(ST_X(p.location) / z.cell)::integer, floor(ST_Y(p.location) / z.cell)::integer,
                p.trade_code, count(*), sum(ST_X(p.location)), sum(ST_Y(p.location))
           FROM postings p
          CROSS JOIN unnest($2::smallint[], $3::float8[]) AS z (zoom, cell)
          WHERE p.status = 'open' AND p.start_date <= $1 AND p.end_date >= $1
          GROUP BY 2, 3, 4, 5",
    )
    .bind(day)
    .bind(&zooms)
    .bind(&cells)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO map_cell_builds (day) VALUES ($1)")
        .bind(day)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(CellsRound::Rebuilt)
}

/// Adds a just-published posting to the precomputed cells of the days already built, so the map's
/// clusters count it at once instead of at the next rebuild (within a minute). Skipped, not waited for,
/// while a rebuild holds the lock: that rebuild, or the next one a minute later, counts it. Closing or
/// pausing needs no such step; the rebuild drops them within the minute and their page says so.
#[tracing::instrument(skip(conn), err)]
pub async fn add_posting_to_cells(conn: &mut PgConnection, posting_id: i64) -> Result<(), DbError> {
    add_postings_to_cells(conn, &[posting_id]).await
}

/// [`add_posting_to_cells`] for many postings at once (a partner's import).
#[tracing::instrument(skip(conn, posting_ids), fields(postings = posting_ids.len()), err)]
pub async fn add_postings_to_cells(
    conn: &mut PgConnection,
    posting_ids: &[i64],
) -> Result<(), DbError> {
    let free: bool = sqlx::query_scalar(
        "SELECT pg_try_advisory_xact_lock_shared(hashtext('lingong.map_cells'))",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !free {
        return Ok(());
    }
    let zooms: Vec<i16> = PRECOMPUTED_ZOOMS.map(i16::from).collect();
    let cells: Vec<f64> = PRECOMPUTED_ZOOMS.map(cell_degrees).collect();
    // Summed per cell first: ON CONFLICT may not meet the same cell twice in one statement.
    sqlx::query(
        "INSERT INTO map_cells AS m (day, zoom, cx, cy, trade_code, postings, sum_lng, sum_lat)
         SELECT b.day, z.zoom, floor(ST_X(p.location) / z.cell)::integer AS cx,
                floor(ST_Y(p.location) / z.cell)::integer AS cy, p.trade_code,
                count(*), sum(ST_X(p.location)), sum(ST_Y(p.location))
           FROM postings p
           JOIN map_cell_builds b ON b.day BETWEEN p.start_date AND p.end_date
          CROSS JOIN unnest($2::smallint[], $3::float8[]) AS z (zoom, cell)
          WHERE p.id = ANY($1) AND p.status = 'open'
          GROUP BY 1, 2, 3, 4, 5
         ON CONFLICT (day, zoom, cx, cy, trade_code) DO UPDATE
            SET postings = m.postings + EXCLUDED.postings, sum_lng = m.sum_lng + EXCLUDED.sum_lng,
                sum_lat = m.sum_lat + EXCLUDED.sum_lat",
    )
    .bind(posting_ids)
    .bind(&zooms)
    .bind(&cells)
    .execute(conn)
    .await?;
    Ok(())
}

async fn grouped_clusters(
    pool: &PgPool,
    today: NaiveDate,
    query: &SearchQuery,
    view: MapView,
) -> Result<Vec<Cluster>, DbError> {
    let cell = view.cell_degrees();
    let mut qb =
        QueryBuilder::<Postgres>::new("SELECT count(*)::bigint AS n, floor(ST_X(p.location) / ");
    qb.push_bind(cell)
        .push(")::integer AS cx, floor(ST_Y(p.location) / ")
        .push_bind(cell)
        .push(")::integer AS cy FROM postings p");
    push_filters(&mut qb, query, query.date.window(today));
    push_view(&mut qb, view);
    qb.push(" GROUP BY 2, 3");
    let rows: Vec<(i64, i32, i32)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(to_clusters(rows, cell))
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
pub async fn postings(
    pool: &PgPool,
    today: NaiveDate,
    query: &SearchQuery,
    view: MapView,
) -> Result<Vec<MapPosting>, DbError> {
    let mut qb = QueryBuilder::<Postgres>::new(
        "SELECT p.id, p.title, p.pay_cents, p.pay_unit, ST_X(p.location) AS lng, ST_Y(p.location) AS lat FROM postings p",
    );
    push_filters(&mut qb, query, query.date.window(today));
    push_view(&mut qb, view);
    qb.push(" ORDER BY p.id DESC LIMIT ")
        .push_bind(MAX_MAP_POSTINGS as i64);
    let rows: Vec<MapPostingRow> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|row| {
            Ok(MapPosting {
                pay_unit: PayUnit::parse(&row.pay_unit).ok_or(DbError::Corrupt {
                    column: "postings.pay_unit",
                    value: row.pay_unit,
                })?,
                id: row.id,
                title: row.title,
                pay_cents: row.pay_cents,
                lng: row.lng,
                lat: row.lat,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_support::{posting, today, world, BASE, P};
    use crate::model::TradeCode;

    fn view(zoom: u8) -> MapView {
        MapView {
            west: 118.0,
            south: 31.5,
            east: 119.5,
            north: 32.5,
            zoom,
        }
    }

    fn sorted(mut clusters: Vec<Cluster>) -> Vec<(u32, i64, i64)> {
        // Positions compared to about a metre: sums and averages may differ in the last bits.
        let mut out: Vec<_> = clusters
            .drain(..)
            .map(|c| {
                (
                    c.count,
                    (c.lng * 1e5).round() as i64,
                    (c.lat * 1e5).round() as i64,
                )
            })
            .collect();
        out.sort();
        out
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn precomputed_cells_give_the_same_clusters_as_grouping(pool: PgPool) {
        world(&pool).await;
        for (i, trade) in ["waiter", "kitchen_helper", "general_worker"]
            .iter()
            .cycle()
            .take(30)
            .enumerate()
        {
            let offset = i as f64 * 0.013;
            posting(
                &pool,
                P {
                    trade,
                    lng: 118.3 + offset,
                    lat: 31.7 + offset / 2.0,
                    ..BASE
                },
            )
            .await;
        }
        posting(
            &pool,
            P {
                status: "paused",
                ..BASE
            },
        )
        .await;
        posting(
            &pool,
            P {
                start: "2026-11-25",
                end: "2026-11-25",
                ..BASE
            },
        )
        .await;

        let catering = SearchQuery {
            trade: TradeCode::parse("catering"),
            ..Default::default()
        };
        for zoom in [7, 9, 11] {
            for query in [SearchQuery::default(), catering.clone()] {
                let grouped = grouped_clusters(&pool, today(), &query, view(zoom))
                    .await
                    .unwrap();
                assert_eq!(
                    grouped.iter().map(|c| c.count).sum::<u32>(),
                    if query.trade.is_some() { 20 } else { 30 }
                );
                assert_eq!(
                    rebuild_cells(&pool, today(), true).await.unwrap(),
                    CellsRound::Rebuilt
                );
                let precomputed = precomputed_clusters(&pool, today(), &query, view(zoom))
                    .await
                    .unwrap()
                    .unwrap();
                assert_eq!(sorted(precomputed), sorted(grouped), "zoom {zoom}");
            }
        }
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn a_round_after_no_change_only_marks_the_cells_current(pool: PgPool) {
        world(&pool).await;
        let first = posting(&pool, BASE).await;
        posting(&pool, BASE).await;
        let counted = |pool: PgPool| async move {
            precomputed_clusters(&pool, today(), &SearchQuery::default(), view(9))
                .await
                .unwrap()
                .expect("fresh cells")
                .iter()
                .map(|c| c.count)
                .sum::<u32>()
        };
        assert_eq!(
            rebuild_cells(&pool, today(), false).await.unwrap(),
            CellsRound::Rebuilt,
            "no cells yet"
        );
        assert_eq!(counted(pool.clone()).await, 2);

        // The postings were stamped well before this (pretended) build.
        sqlx::query("UPDATE map_cell_builds SET built_at = now() + interval '1 minute'")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(
            rebuild_cells(&pool, today(), false).await.unwrap(),
            CellsRound::Current
        );
        assert_eq!(counted(pool.clone()).await, 2);

        sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
            .bind(first)
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(
            rebuild_cells(&pool, today(), false).await.unwrap(),
            CellsRound::Rebuilt
        );
        assert_eq!(counted(pool.clone()).await, 1);
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn filters_the_cells_cannot_answer_fall_back_to_grouping(pool: PgPool) {
        world(&pool).await;
        posting(&pool, BASE).await;
        posting(
            &pool,
            P {
                title: "急招帮厨",
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        rebuild_cells(&pool, today(), true).await.unwrap();

        let keyword = SearchQuery {
            keyword: Some("帮厨".into()),
            ..Default::default()
        };
        assert_eq!(precomputed_day(&keyword, today(), view(9)), None);
        let found = clusters(&pool, today(), &keyword, view(9)).await.unwrap();
        assert_eq!(found.iter().map(|c| c.count).sum::<u32>(), 1);

        // Without a fresh build the cells are not trusted.
        sqlx::query("UPDATE map_cell_builds SET built_at = now() - interval '1 hour'")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(
            precomputed_clusters(&pool, today(), &SearchQuery::default(), view(9))
                .await
                .unwrap(),
            None
        );
        let all = clusters(&pool, today(), &SearchQuery::default(), view(9))
            .await
            .unwrap();
        assert_eq!(all.iter().map(|c| c.count).sum::<u32>(), 2);
        assert_eq!(
            precomputed_day(&SearchQuery::default(), today(), view(14)),
            None
        );
    }
}

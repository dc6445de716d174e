//! Matching (精准匹配, 靶向推介): recommendations for a worker, saved searches, and the alerts a new
//! posting sends to the saved searches it matches.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::model::{
    DateFilter, MatchReason, MinPay, Point, PostingTag, Recommendation, Recommendations,
    SavedSearch, SearchQuery, TradeCode,
};

/// How many of the nearest matching postings are scored. Bounds the work per request whatever the
/// density of a city centre (the composite GiST index hands them out nearest first).
const CANDIDATES: i64 = 200;
/// What scoring needs of a candidate, read by the index scan that finds it.
const CANDIDATE_COLUMNS: &str =
    "p.id, p.trade_code, p.pay_unit, p.pay_cents, p.tags, p.published_at, p.created_at, p.location";
/// Postings further than this from home are not recommended.
const RADIUS_M: f64 = 30_000.0;

#[derive(sqlx::FromRow)]
struct RecommendationRow {
    #[sqlx(flatten)]
    posting: super::postings::PostingSummaryRow,
    distance_m: Option<f64>,
    trade_exact: bool,
    trade_sector: bool,
    pays_enough: bool,
    group_welcome: bool,
    is_new: bool,
}

/// Up to `limit` open postings for the worker, best first. Score: trade (3, or 1.5 for the same
/// sector), distance from home (up to 2), pay at least the expectation (1), a welcomed group (1),
/// recency (up to 1).
#[tracing::instrument(skip(pool), err)]
pub async fn recommend(
    pool: &PgPool,
    worker_id: i64,
    today: NaiveDate,
    limit: i64,
) -> Result<Recommendations, DbError> {
    let profile: Option<(Vec<String>, Option<f64>, Option<f64>)> = sqlx::query_as(
        "SELECT coalesce((SELECT array_agg(trade_code) FROM worker_trades WHERE worker_id = w.id), '{}'),
                ST_X(coalesce(w.home_location, d.centre, c.centre)), ST_Y(coalesce(w.home_location, d.centre, c.centre))
           FROM workers w
           LEFT JOIN districts d ON d.adcode = w.home_district_adcode
           LEFT JOIN cities c ON c.adcode = w.home_city_adcode
          WHERE w.id = $1",
    )
    .bind(worker_id)
    .fetch_optional(pool)
    .await?;
    let Some((trades, lng, lat)) = profile else {
        return Ok(Recommendations::default());
    };
    let home = lng.zip(lat);
    let profile_incomplete = trades.is_empty() && home.is_none();
    // The candidates' WHERE and ORDER: nearest first from home when known (within the trades, when
    // listed), else the newest. Then every candidate is scored in the same statement.
    let candidates = match (home.is_some(), trades.is_empty()) {
        (true, false) => {
            "WHERE p.status = 'open' AND p.trade_code = ANY($2)
                AND p.start_date <= $5 + 7 AND p.end_date >= $5
              ORDER BY p.location <-> ST_SetSRID(ST_MakePoint($3, $4), 4326)
              LIMIT $6"
        }
        (true, true) => {
            "WHERE p.status = 'open' AND p.start_date <= $5 + 7 AND p.end_date >= $5
              ORDER BY p.location <-> ST_SetSRID(ST_MakePoint($3, $4), 4326)
              LIMIT $6"
        }
        (false, false) => {
            "WHERE p.status = 'open' AND p.trade_code = ANY($2)
                AND p.start_date <= $5 + 7 AND p.end_date >= $5
              ORDER BY p.id DESC
              LIMIT $6"
        }
        (false, true) => {
            "WHERE p.status = 'open' AND p.start_date <= $5 AND p.end_date >= $5
              ORDER BY p.start_date DESC, p.end_date, p.id DESC
              LIMIT $6"
        }
    };
    // The worker's own trades plus the other trades of the same sectors.
    let expanded: Vec<String> = if trades.is_empty() {
        Vec::new()
    } else {
        sqlx::query_scalar(
            "SELECT code FROM trades
              WHERE code = ANY($1)
                 OR parent_code IN (SELECT parent_code FROM trades WHERE code = ANY($1))",
        )
        .bind(&trades)
        .fetch_all(pool)
        .await?
    };
    let rows: Vec<RecommendationRow> = sqlx::query_as(&format!(
        "WITH w AS (
             SELECT expected_pay_cents, expected_pay_unit,
                    ARRAY(SELECT CASE t WHEN 'older' THEN 'older_friendly' WHEN 'disabled' THEN 'disabled_friendly'
                                        WHEN 'fisher' THEN 'fisher' WHEN 'parent' THEN 'parent_flexible' END
                            FROM unnest(tags) t) AS welcome
               FROM workers WHERE id = $1),
         c AS (SELECT {CANDIDATE_COLUMNS} FROM postings p {candidates}),
         facts AS (
             SELECT c.id,
                    CASE WHEN $3::float8 IS NULL THEN NULL
                         ELSE ST_Distance(c.location::geography, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography)
                    END AS distance_m,
                    c.trade_code = ANY($7) AS trade_exact,
                    c.trade_code = ANY($2) AND NOT c.trade_code = ANY($7) AS trade_sector,
                    (w.expected_pay_unit = c.pay_unit AND c.pay_cents >= w.expected_pay_cents) IS TRUE AS pays_enough,
                    c.tags && w.welcome AS group_welcome,
                    c.published_at > now() - interval '1 day' AS is_new,
                    extract(epoch FROM now() - coalesce(c.published_at, c.created_at)) / 86400.0 AS age_days
               FROM c CROSS JOIN w),
         -- Scored and cut to the page before the summary's joins, which then run for 20 rows only.
         top AS (
             SELECT f.*,
                    CASE WHEN f.trade_exact THEN 3 WHEN f.trade_sector THEN 1.5 ELSE 0 END
                    + CASE WHEN f.distance_m IS NULL THEN 0 ELSE 2 * (1 - f.distance_m / {RADIUS_M}) END
                    + f.pays_enough::int + f.group_welcome::int
                    + greatest(0, 1 - f.age_days / 7) AS score
               FROM facts f
              WHERE f.distance_m IS NULL OR f.distance_m <= {RADIUS_M}
              ORDER BY score DESC, f.id DESC
              LIMIT $8)
         SELECT {summary}, s.distance_m, s.trade_exact, s.trade_sector, s.pays_enough, s.group_welcome, s.is_new
           {joins}
           JOIN top s ON s.id = p.id
          ORDER BY s.score DESC, p.id DESC",
        summary = super::postings::SUMMARY_COLUMNS,
        joins = super::postings::SUMMARY_JOINS,
    ))
    .bind(worker_id)
    .bind(&expanded)
    .bind(lng)
    .bind(lat)
    .bind(today)
    .bind(CANDIDATES)
    .bind(&trades)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let mut reasons = Vec::new();
            if r.trade_exact {
                reasons.push(MatchReason::Trade);
            } else if r.trade_sector {
                reasons.push(MatchReason::Sector);
            }
            if r.distance_m.is_some_and(|d| d <= 5_000.0) {
                reasons.push(MatchReason::Near);
            }
            if r.pays_enough {
                reasons.push(MatchReason::Pay);
            }
            if r.group_welcome {
                reasons.push(MatchReason::Group);
            }
            if r.is_new {
                reasons.push(MatchReason::New);
            }
            Ok(Recommendation {
                posting: r.posting.try_into()?,
                distance_m: r
                    .distance_m
                    .map(|m| m.round().clamp(0.0, u32::MAX as f64) as u32),
                reasons,
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(Recommendations {
        items,
        profile_incomplete,
    })
}

/// How a saved search's alerts reach the worker besides the feed.
#[derive(Clone, Copy, Debug, Default)]
pub struct AlertsBy {
    /// Also by text message.
    pub texts: bool,
    /// The language the texts are written in.
    pub lang: crate::i18n::Lang,
}

/// Saves a search for alerts. The caller has checked the query ([`SearchQuery::check`]). The database
/// files it under its routes and resolves its keyword to trades as it is saved (migration 14).
#[tracing::instrument(skip(conn, query), err)]
pub async fn save_search(
    conn: &mut PgConnection,
    worker_id: i64,
    label: &str,
    query: &SearchQuery,
    alerts: AlertsBy,
) -> Result<i64, DbError> {
    let tags: Vec<&str> = query.tags.iter().map(|t| t.as_str()).collect();
    let radius_m = query
        .near
        .map(|_| i32::from(query.radius_km.unwrap_or(crate::model::DEFAULT_RADIUS_KM)) * 1000);
    Ok(sqlx::query_scalar(
        "INSERT INTO saved_searches (worker_id, label, keyword, trade_code, city_adcode, district_adcode, centre,
                                     radius_m, min_pay_cents, min_pay_unit, max_shift_minutes, tags, search_url,
                                     text_alerts, lang, pay_terms, shift_start)
         VALUES ($1, $2, $3, $4, $5, $6,
                 CASE WHEN $7::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($7, $8), 4326) END,
                 $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         RETURNING id",
    )
    .bind(worker_id)
    .bind(label)
    .bind(query.keyword.as_deref())
    .bind(query.trade.as_ref().map(|t| t.as_str()))
    .bind(query.city)
    .bind(query.district)
    .bind(query.near.map(|p| p.lng))
    .bind(query.near.map(|p| p.lat))
    .bind(radius_m)
    .bind(query.min_pay.map(|p| i64::from(p.yuan) * 100).map(|c| c.min(i64::from(i32::MAX)) as i32))
    .bind(query.min_pay.map(|p| p.unit.as_str()))
    .bind(query.max_hours.map(|h| i16::from(h) * 60))
    .bind(&tags)
    .bind(saved_url(query))
    .bind(alerts.texts)
    .bind(alerts.lang.code())
    .bind(query.pay_terms.map(|t| t.as_str()))
    .bind(query.starts.map(|s| s.as_str()))
    .fetch_one(conn)
    .await?)
}

/// The search page's link for a saved search: the filters without a page or a date (an alert is about
/// whatever is new, whenever it runs).
pub fn saved_url(query: &SearchQuery) -> String {
    let mut q = query.with_page(0);
    q.date = DateFilter::Any;
    let url = q.to_url();
    if url.starts_with("/?") {
        url
    } else {
        "/?".to_owned()
    }
}

#[derive(sqlx::FromRow)]
struct SavedRow {
    id: i64,
    label: String,
    keyword: Option<String>,
    trade_code: Option<String>,
    city_adcode: Option<i32>,
    district_adcode: Option<i32>,
    lng: Option<f64>,
    lat: Option<f64>,
    radius_m: Option<i32>,
    min_pay_cents: Option<i32>,
    min_pay_unit: Option<String>,
    max_shift_minutes: Option<i16>,
    tags: Vec<String>,
    pay_terms: Option<String>,
    shift_start: Option<String>,
    search_url: String,
}

#[tracing::instrument(skip(pool), err)]
pub async fn saved_searches(pool: &PgPool, worker_id: i64) -> Result<Vec<SavedSearch>, DbError> {
    let rows: Vec<SavedRow> = sqlx::query_as(
        "SELECT id, label, keyword, trade_code, city_adcode, district_adcode, ST_X(centre) AS lng,
                ST_Y(centre) AS lat, radius_m, min_pay_cents, min_pay_unit, max_shift_minutes, tags, pay_terms, shift_start,
                search_url
           FROM saved_searches WHERE worker_id = $1 ORDER BY id",
    )
    .bind(worker_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SavedSearch {
            id: r.id,
            label: r.label,
            query: SearchQuery {
                keyword: r.keyword,
                trade: r.trade_code.as_deref().and_then(TradeCode::parse),
                city: r.city_adcode,
                district: r.district_adcode,
                near: r.lng.zip(r.lat).and_then(|(lng, lat)| Point::new(lng, lat)),
                radius_km: r.radius_m.map(|m| (m / 1000) as u16),
                min_pay: r
                    .min_pay_cents
                    .zip(r.min_pay_unit.as_deref())
                    .and_then(|(c, u)| {
                        Some(MinPay {
                            yuan: (c / 100) as u32,
                            unit: crate::model::PayUnit::parse(u)?,
                        })
                    }),
                max_hours: r.max_shift_minutes.map(|m| (m / 60) as u8),
                tags: r.tags.iter().filter_map(|t| PostingTag::parse(t)).collect(),
                pay_terms: r
                    .pay_terms
                    .as_deref()
                    .and_then(crate::model::PayTerms::parse),
                starts: r
                    .shift_start
                    .as_deref()
                    .and_then(crate::model::ShiftStart::parse),
                date: DateFilter::Any,
                ..SearchQuery::default()
            },
            url: r.search_url,
        })
        .collect())
}

#[tracing::instrument(skip(pool), err)]
pub async fn delete_saved_search(pool: &PgPool, worker_id: i64, id: i64) -> Result<bool, DbError> {
    Ok(
        sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND worker_id = $2")
            .bind(id)
            .bind(worker_id)
            .execute(pool)
            .await?
            .rows_affected()
            == 1,
    )
}

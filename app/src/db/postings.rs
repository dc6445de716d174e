//! Postings (零工岗位): the job seeker's search.

use chrono::NaiveDate;
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::DbError;
use crate::model::{
    DateFilter, Facets, PayTerms, PayUnit, PlaceFacet, Point, PostingDetail, PostingState,
    PostingSummary, PostingTag, ResultCount, SearchHit, SearchQuery, SearchResults, SortOrder,
    TradeCode, TradeFacet, DATE_FACETS, DAY_PAY_FACETS_YUAN, SEARCH_PAGE_SIZE, SEARCH_RESULT_CAP,
};

#[derive(sqlx::FromRow)]
pub(super) struct PostingSummaryRow {
    id: i64,
    title: String,
    trade_code: String,
    trade_name: String,
    trade_name_en: String,
    employer_name: String,
    employer_verified: bool,
    city_name: String,
    district_name: Option<String>,
    address: String,
    lng: f64,
    lat: f64,
    pay_cents: i32,
    pay_unit: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    shift_minutes: i16,
    start_time: Option<chrono::NaiveTime>,
    pay_terms: Option<String>,
    headcount: i16,
    filled: i16,
    tags: Vec<String>,
}

impl TryFrom<PostingSummaryRow> for PostingSummary {
    type Error = DbError;
    fn try_from(row: PostingSummaryRow) -> Result<Self, DbError> {
        let pay_unit = PayUnit::parse(&row.pay_unit).ok_or_else(|| DbError::Corrupt {
            column: "postings.pay_unit",
            value: row.pay_unit.clone(),
        })?;
        let trade_code = TradeCode::parse(&row.trade_code).ok_or_else(|| DbError::Corrupt {
            column: "postings.trade_code",
            value: row.trade_code.clone(),
        })?;
        let mut tags = row
            .tags
            .iter()
            .map(|t| {
                PostingTag::parse(t).ok_or_else(|| DbError::Corrupt {
                    column: "postings.tags",
                    value: t.clone(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pay_terms = row
            .pay_terms
            .map(|terms| {
                PayTerms::parse(&terms).ok_or(DbError::Corrupt {
                    column: "postings.pay_terms",
                    value: terms,
                })
            })
            .transpose()?;
        // Always in the same order, whatever order they were ticked in.
        tags.sort_by_key(|&tag| PostingTag::ALL.iter().position(|&t| t == tag));
        tags.dedup();
        Ok(PostingSummary {
            id: row.id,
            title: row.title,
            trade_code,
            trade_name: row.trade_name,
            trade_name_en: row.trade_name_en,
            employer_name: row.employer_name,
            employer_verified: row.employer_verified,
            city_name: row.city_name,
            district_name: row.district_name,
            address: row.address,
            location: Point {
                lng: row.lng,
                lat: row.lat,
            },
            pay_cents: row.pay_cents,
            pay_unit,
            start_date: row.start_date,
            end_date: row.end_date,
            shift_minutes: row.shift_minutes,
            start_time: row.start_time,
            pay_terms,
            headcount: row.headcount,
            filled: row.filled,
            tags,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SearchHitRow {
    #[sqlx(flatten)]
    posting: PostingSummaryRow,
    distance_m: Option<i32>,
}

pub(super) const SUMMARY_COLUMNS: &str = "p.id, p.title, p.trade_code, t.name AS trade_name, t.name_en AS trade_name_en,
       e.name AS employer_name, e.verification_status = 'verified' AS employer_verified,
       c.name AS city_name, d.name AS district_name, p.address,
       ST_X(p.location) AS lng, ST_Y(p.location) AS lat,
       p.pay_cents, p.pay_unit, p.start_date, p.end_date, p.shift_minutes, p.start_time, p.pay_terms,
       p.headcount, p.filled, p.tags";

pub(super) const SUMMARY_JOINS: &str = " FROM postings p
       JOIN trades t ON t.code = p.trade_code
       JOIN employers e ON e.id = p.employer_id
       JOIN cities c ON c.adcode = p.city_adcode
       LEFT JOIN districts d ON d.adcode = p.district_adcode";

#[derive(sqlx::FromRow)]
struct SearchRow {
    #[sqlx(flatten)]
    hit: SearchHitRow,
    total: i64,
}

/// Open postings matching a search, one page, with an honestly capped count and without the facets
/// ([`facets`] counts them). `today` is the first day of every date window (China Standard Time).
///
/// One statement does both: the matches are found once, at most one past the cap, in the search's order;
/// the count is taken from them and the page is cut from them.
#[tracing::instrument(skip(pool), err)]
pub async fn search(
    pool: &PgPool,
    today: NaiveDate,
    query: &SearchQuery,
) -> Result<SearchResults, DbError> {
    let window = query.date.window(today);
    let sort = query.effective_sort();

    let mut qb = QueryBuilder::<Postgres>::new("WITH matches AS (SELECT p.id, p.day_pay_cents, ");
    match query.near {
        Some(point) => {
            qb.push("ST_Distance(p.location::geography, ");
            push_point(&mut qb, point);
            qb.push("::geography)::integer AS distance_m");
        }
        None => {
            qb.push("NULL::integer AS distance_m");
        }
    }
    qb.push(" FROM postings p");
    push_filters(&mut qb, query, window);
    if sort == SortOrder::Newest && rare_keyword(pool, query).await? {
        // "+ 0" keeps the planner from walking the primary key newest-first and filtering row by row,
        // which for a keyword in a handful of titles reads the whole table (4 s at 1.1 M postings); the
        // few matches come from the title-grams index and are sorted instead.
        qb.push(" ORDER BY p.id + 0 DESC");
    } else {
        qb.push(" ORDER BY ").push(order_by(sort, "p"));
    }
    qb.push(" LIMIT ")
        .push_bind(i64::from(SEARCH_RESULT_CAP) + 1)
        .push(") SELECT ");
    qb.push(SUMMARY_COLUMNS);
    qb.push(", m.distance_m, (SELECT count(*) FROM matches) AS total FROM (SELECT * FROM matches m ORDER BY ");
    qb.push(order_by(sort, "m"));
    // One row more than a page tells whether a next page exists.
    qb.push(" LIMIT ")
        .push_bind(i64::from(SEARCH_PAGE_SIZE) + 1)
        .push(" OFFSET ")
        .push_bind(i64::from(query.page * SEARCH_PAGE_SIZE))
        .push(") m JOIN postings p ON p.id = m.id");
    qb.push(&SUMMARY_JOINS[" FROM postings p".len()..]);
    qb.push(" ORDER BY ").push(order_by(sort, "m"));
    let rows: Vec<SearchRow> = qb.build_query_as().fetch_all(pool).await?;

    let total = rows.first().map_or(0, |row| row.total);
    let has_next = rows.len() > SEARCH_PAGE_SIZE as usize
        && (query.page + 1) * SEARCH_PAGE_SIZE < SEARCH_RESULT_CAP;
    let hits = rows
        .into_iter()
        .take(SEARCH_PAGE_SIZE as usize)
        .map(|row| {
            Ok(SearchHit {
                distance_m: row.hit.distance_m.and_then(|d| u32::try_from(d).ok()),
                posting: PostingSummary::try_from(row.hit.posting)?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let count = if total > i64::from(SEARCH_RESULT_CAP) {
        ResultCount::AtLeast(SEARCH_RESULT_CAP)
    } else {
        ResultCount::Exactly(total as u32)
    };
    Ok(SearchResults {
        day: window.0,
        hits,
        count,
        page: query.page,
        has_next,
        // Counted apart ([`facets`]): the in-memory index answers almost every search, facets included.
        facets: Facets::default(),
    })
}

#[derive(sqlx::FromRow)]
struct FacetRow {
    value: String,
    name: String,
    name_en: String,
    count: i64,
}

#[derive(sqlx::FromRow)]
struct PlaceFacetRow {
    adcode: i32,
    name: String,
    count: i64,
}

/// How a search's matches divide ([`Facets`]), counted by PostgreSQL: a few grouped counts over all of
/// them, which at 1.1 M postings takes up to a second province-wide. Answers come from the in-memory
/// index ([`crate::search`]) once it has loaded; this is what it is tested against.
#[tracing::instrument(skip(pool), err)]
pub async fn facets(
    pool: &PgPool,
    today: NaiveDate,
    query: &SearchQuery,
) -> Result<Facets, DbError> {
    let window = query.date.window(today);
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);

    // Sectors, or the trades of the sector searched for; none below a single trade.
    let sector: Option<Option<String>> = match &query.trade {
        None => Some(None),
        Some(code) => {
            let is_sector: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM trades WHERE code = $1 AND parent_code IS NULL)",
            )
            .bind(code.as_str())
            .fetch_one(pool)
            .await?;
            is_sector.then(|| Some(code.as_str().to_owned()))
        }
    };
    let trades: Vec<FacetRow> = match sector {
        None => Vec::new(),
        Some(sector) => {
            let mut qb = QueryBuilder::<Postgres>::new(
                "SELECT f.code AS value, f.name, f.name_en, m.count FROM (SELECT ",
            );
            qb.push(if sector.is_none() {
                "coalesce(t.parent_code, t.code)"
            } else {
                "t.code"
            });
            qb.push(" AS code, count(*) AS count FROM postings p JOIN trades t ON t.code = p.trade_code");
            push_filters(&mut qb, query, window);
            if let Some(sector) = sector {
                qb.push(" AND t.parent_code = ").push_bind(sector);
            }
            qb.push(" GROUP BY 1) m JOIN trades f ON f.code = m.code");
            qb.build_query_as().fetch_all(pool).await?
        }
    };

    // Cities, or the districts of the city searched for; none below a district.
    let places: Vec<PlaceFacetRow> = match (query.city, query.district) {
        (None, None) => {
            let mut qb = QueryBuilder::<Postgres>::new(
                "SELECT c.adcode, c.name, m.count FROM (SELECT p.city_adcode AS adcode, count(*) AS count
                   FROM postings p",
            );
            push_filters(&mut qb, query, window);
            qb.push(" GROUP BY 1) m JOIN cities c ON c.adcode = m.adcode");
            qb.build_query_as().fetch_all(pool).await?
        }
        (Some(_), None) => {
            let mut qb = QueryBuilder::<Postgres>::new(
                "SELECT d.adcode, d.name, m.count FROM (SELECT p.district_adcode AS adcode, count(*) AS count
                   FROM postings p",
            );
            push_filters(&mut qb, query, window);
            qb.push(" GROUP BY 1) m JOIN districts d ON d.adcode = m.adcode AND d.city_adcode = ")
                .push_bind(query.city);
            qb.build_query_as().fetch_all(pool).await?
        }
        (_, Some(_)) => Vec::new(),
    };

    let mut qb = QueryBuilder::<Postgres>::new("SELECT ARRAY[");
    for (i, yuan) in DAY_PAY_FACETS_YUAN.into_iter().enumerate() {
        if i > 0 {
            qb.push(", ");
        }
        qb.push("count(*) FILTER (WHERE p.pay_unit = 'day' AND p.pay_cents >= ")
            .push_bind(i64::from(yuan) * 100)
            .push(")");
    }
    qb.push("] FROM postings p");
    push_filters(&mut qb, query, window);
    let day_pay: Vec<i64> = qb.build_query_scalar().fetch_one(pool).await?;

    // Every filter but the dates, counted on each date window instead.
    let mut qb = QueryBuilder::<Postgres>::new("SELECT ARRAY[");
    for (i, date) in DATE_FACETS.into_iter().enumerate() {
        let (from, to) = date.window(today);
        if i > 0 {
            qb.push(", ");
        }
        qb.push("count(*) FILTER (WHERE p.start_date <= ")
            .push_bind(to)
            .push(" AND p.end_date >= ")
            .push_bind(from)
            .push(")");
    }
    qb.push("] FROM postings p");
    push_filters(&mut qb, query, DateFilter::Any.window(today));
    let dates: Vec<i64> = qb.build_query_scalar().fetch_one(pool).await?;

    let mut facets = Facets {
        trades: trades
            .into_iter()
            .map(|row| {
                Ok(TradeFacet {
                    code: TradeCode::parse(&row.value).ok_or(DbError::Corrupt {
                        column: "trades.code",
                        value: row.value.clone(),
                    })?,
                    name: row.name,
                    name_en: row.name_en,
                    count: count(row.count),
                })
            })
            .collect::<Result<_, DbError>>()?,
        places: places
            .into_iter()
            .map(|row| PlaceFacet {
                adcode: row.adcode,
                name: row.name,
                count: count(row.count),
            })
            .collect(),
        day_pay: DAY_PAY_FACETS_YUAN
            .into_iter()
            .zip(day_pay.into_iter().map(count))
            .collect(),
        dates: DATE_FACETS
            .into_iter()
            .zip(dates.into_iter().map(count))
            .collect(),
    };
    facets.sort();
    Ok(facets)
}

/// Titles containing a keyword beyond which "newest first" is best served by walking the postings
/// newest-first; below it, by collecting the matches through the title-grams index.
const RARE_KEYWORD_MATCHES: i64 = 2000;

/// Whether a search is for a keyword that few open titles contain and that names no trade, without a
/// distance (which the spatial index answers first anyway). Counting stops at the threshold, so this costs
/// about a millisecond for a rare keyword and tens of milliseconds for the commonest single characters.
async fn rare_keyword(pool: &PgPool, query: &SearchQuery) -> Result<bool, DbError> {
    let Some(keyword) = &query.keyword else {
        return Ok(false);
    };
    if query.near.is_some() {
        return Ok(false);
    }
    Ok(sqlx::query_scalar(
        "SELECT cardinality(lingong_keyword_trades($1)) = 0
            AND (SELECT count(*) FROM (SELECT 1 FROM postings p
                                        WHERE p.status = 'open' AND p.title_grams @> (SELECT lingong_grams($1))
                                        LIMIT $2) m) < $2",
    )
    .bind(keyword)
    .bind(RARE_KEYWORD_MATCHES)
    .fetch_one(pool)
    .await?)
}

/// The order of a sort, over the columns of `table` (`p` for postings, `m` for the matches).
fn order_by(sort: SortOrder, table: &str) -> String {
    match sort {
        SortOrder::Newest => format!("{table}.id DESC"),
        // Exact metres: a point always comes with a radius, so only the postings inside it are sorted.
        SortOrder::Nearest if table == "p" => "distance_m, p.id DESC".to_owned(),
        SortOrder::Nearest => format!("{table}.distance_m, {table}.id DESC"),
        SortOrder::HighestPay => format!("{table}.day_pay_cents DESC NULLS LAST, {table}.id DESC"),
    }
}

pub(super) fn push_point(qb: &mut QueryBuilder<'_, Postgres>, point: Point) {
    qb.push("ST_SetSRID(ST_MakePoint(")
        .push_bind(point.lng)
        .push(", ")
        .push_bind(point.lat)
        .push("), 4326)");
}

/// The WHERE clause shared by the count and the page. Every value is bound, never spliced.
pub(super) fn push_filters(
    qb: &mut QueryBuilder<'_, Postgres>,
    query: &SearchQuery,
    (from, to): (NaiveDate, NaiveDate),
) {
    qb.push(" WHERE p.status = 'open' AND p.start_date <= ")
        .push_bind(to)
        .push(" AND p.end_date >= ")
        .push_bind(from);

    if let Some(keyword) = &query.keyword {
        // The one meaning of a keyword (migration 13, `app::search::keyword`): the title says it, or it
        // names the posting's trade. The title-grams index finds the candidate titles. Both sub-selects are
        // computed once per statement: the pool's generic plans would otherwise compute them again for
        // every row that the spatial index brings (3 of the 8 ms of a 5 km search; BENCHMARKS.md), and
        // ARRAY(…) gives the planner a list of codes it can look up in an index.
        qb.push(" AND ((p.title_grams @> (SELECT lingong_grams(")
            .push_bind(keyword.clone());
        qb.push(")) AND lingong_title_says(p.title, ")
            .push_bind(keyword.clone());
        qb.push(")) OR p.trade_code = ANY(ARRAY(SELECT unnest(lingong_keyword_trades(")
            .push_bind(keyword.clone())
            .push(")))))");
    }
    if let Some(trade) = &query.trade {
        qb.push(" AND p.trade_code = ANY(ARRAY(SELECT code FROM trades WHERE code = ")
            .push_bind(trade.as_str().to_owned())
            .push(" OR parent_code = ")
            .push_bind(trade.as_str().to_owned())
            .push("))");
    }
    if let Some(city) = query.city {
        qb.push(" AND p.city_adcode = ").push_bind(city);
    }
    if let Some(district) = query.district {
        qb.push(" AND p.district_adcode = ").push_bind(district);
    }
    if let (Some(point), Some(radius_km)) = (query.near, query.radius_km) {
        let radius_m = f64::from(radius_km) * 1000.0;
        // The box lets the GiST index cut the candidates; ST_DWithin on geography gives exact metres.
        let dy = f64::from(radius_km) / 110.57;
        let dx = f64::from(radius_km) / (111.32 * point.lat.to_radians().cos().max(0.01));
        qb.push(" AND p.location && ST_Expand(");
        push_point(qb, point);
        qb.push(", ")
            .push_bind(dx)
            .push("::float8, ")
            .push_bind(dy)
            .push("::float8)");
        qb.push(" AND ST_DWithin(p.location::geography, ");
        push_point(qb, point);
        qb.push("::geography, ").push_bind(radius_m).push(")");
    }
    if let Some(pay) = query.min_pay {
        qb.push(" AND p.pay_unit = ")
            .push_bind(pay.unit.as_str())
            .push(" AND p.pay_cents >= ")
            .push_bind(i64::from(pay.yuan) * 100);
    }
    if let Some(hours) = query.max_hours {
        qb.push(" AND p.shift_minutes <= ")
            .push_bind(i32::from(hours) * 60);
    }
    if !query.tags.is_empty() {
        let tags: Vec<String> = query.tags.iter().map(|t| t.as_str().to_owned()).collect();
        qb.push(" AND p.tags @> ").push_bind(tags);
    }
    if let Some(terms) = query.pay_terms {
        qb.push(" AND p.pay_terms = ").push_bind(terms.as_str());
    }
    if let Some(starts) = query.starts {
        qb.push(" AND lingong_shift_start(p.start_time) = ")
            .push_bind(starts.as_str());
    }
}

/// Where a posting with this stored status and last day stands for a reader `today`.
pub(super) fn state_of(
    status: &str,
    end_date: NaiveDate,
    today: NaiveDate,
) -> Result<PostingState, DbError> {
    Ok(match status {
        _ if end_date < today => PostingState::Expired,
        "open" => PostingState::Open,
        "filled" => PostingState::Filled,
        "paused" => PostingState::Paused,
        "closed" => PostingState::Closed,
        _ => {
            return Err(DbError::Corrupt {
                column: "postings.status",
                value: status.to_owned(),
            })
        }
    })
}

#[derive(sqlx::FromRow)]
struct PostingDetailRow {
    #[sqlx(flatten)]
    summary: PostingSummaryRow,
    status: String,
    description: String,
    requirements: String,
    bring: String,
    client_name: Option<String>,
    by_agency: bool,
    city_adcode: i32,
    labour_hotline: String,
    rights_office_address: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    calls_welcome: bool,
    employer_id: i64,
}

/// A posting as its page shows it. Drafts are the employer's own business and are not found here.
#[tracing::instrument(skip(pool), err)]
pub async fn find(
    pool: &PgPool,
    id: i64,
    today: NaiveDate,
) -> Result<Option<PostingDetail>, DbError> {
    let row: Option<PostingDetailRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS}, p.status, p.description, p.requirements, p.bring, p.client_name,
                coalesce(e.hr_licence_status = 'verified', false) AS by_agency, p.city_adcode,
                c.labour_hotline, c.rights_office_address, p.created_at, p.updated_at,
                p.contact_preference = 'calls' AS calls_welcome, p.employer_id
         {SUMMARY_JOINS}
          WHERE p.id = $1 AND p.status <> 'draft'"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let summary = PostingSummary::try_from(row.summary)?;
    let state = state_of(&row.status, summary.end_date, today)?;
    let nearest_market = super::markets::nearest(pool, summary.location).await?;
    let employer_record = {
        let mut conn = pool.acquire().await?;
        super::ratings::employer_record(&mut conn, row.employer_id).await?
    };
    Ok(Some(PostingDetail {
        employer_record,
        summary,
        state,
        description: row.description,
        requirements: row.requirements,
        bring: row.bring,
        client_name: row.client_name,
        agency_id: row.by_agency.then_some(row.employer_id),
        city_adcode: row.city_adcode,
        labour_hotline: row.labour_hotline,
        rights_office_address: row.rights_office_address,
        posted_at: row.created_at,
        updated_at: row.updated_at,
        nearest_market,
        distance_m: None,
        json_ld: String::new(),
        canonical_url: String::new(),
        calls_welcome: row.calls_welcome,
        share_image: None,
    }))
}

/// The number to call about a posting, for a caller who may: the organisation's contact phone while
/// the posting is open and welcomes calls, else `None`. `Err` only when there is no such posting.
#[tracing::instrument(skip(conn), err)]
pub async fn call_number(
    conn: &mut sqlx::PgConnection,
    id: i64,
    today: NaiveDate,
) -> Result<Option<Option<String>>, DbError> {
    let row: Option<(bool, Option<String>)> = sqlx::query_as(
        "SELECT p.contact_preference = 'calls' AND p.status = 'open' AND p.end_date >= $2,
                e.contact_phone
           FROM postings p JOIN employers e ON e.id = p.employer_id
          WHERE p.id = $1 AND p.status <> 'draft'",
    )
    .bind(id)
    .bind(today)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(offered, phone)| phone.filter(|_| offered)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_support::{posting, today, world, BASE, P};
    use crate::model::{DateFilter, MinPay};

    async fn ids(pool: &PgPool, query: SearchQuery) -> Vec<i64> {
        search(pool, today(), &query)
            .await
            .unwrap()
            .hits
            .iter()
            .map(|h| h.posting.id)
            .collect()
    }

    fn trade(code: &str) -> Option<TradeCode> {
        TradeCode::parse(code)
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn only_open_postings_in_the_date_window_newest_first(pool: PgPool) {
        world(&pool).await;
        let a = posting(
            &pool,
            P {
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        let b = posting(
            &pool,
            P {
                start: "2026-11-20",
                end: "2026-11-30",
                ..BASE
            },
        )
        .await;
        let tomorrow = posting(
            &pool,
            P {
                start: "2026-11-25",
                end: "2026-11-26",
                ..BASE
            },
        )
        .await;
        posting(
            &pool,
            P {
                start: "2026-11-01",
                end: "2026-11-23",
                ..BASE
            },
        )
        .await;
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
                status: "draft",
                ..BASE
            },
        )
        .await;

        let results = search(&pool, today(), &SearchQuery::default())
            .await
            .unwrap();
        assert_eq!(
            results
                .hits
                .iter()
                .map(|h| h.posting.id)
                .collect::<Vec<_>>(),
            vec![b, a]
        );
        assert_eq!(results.count, ResultCount::Exactly(2));
        assert!(!results.has_next);
        let first = &results.hits[1].posting;
        assert_eq!(first.trade_name, "帮厨");
        assert_eq!(first.district_name.as_deref(), Some("江宁区"));
        assert!(first.employer_verified);
        assert!((first.location.lng - 118.82).abs() < 1e-9);

        let week = SearchQuery {
            date: DateFilter::ThisWeek,
            ..Default::default()
        };
        assert_eq!(ids(&pool, week).await, vec![tomorrow, b, a]);
        let on_tomorrow = SearchQuery {
            date: DateFilter::Tomorrow,
            ..Default::default()
        };
        assert_eq!(ids(&pool, on_tomorrow).await, vec![tomorrow, b]);
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn a_sector_stands_for_all_its_trades(pool: PgPool) {
        world(&pool).await;
        let kitchen = posting(
            &pool,
            P {
                trade: "kitchen_helper",
                ..BASE
            },
        )
        .await;
        let waiter = posting(&pool, BASE).await;
        posting(
            &pool,
            P {
                trade: "general_worker",
                ..BASE
            },
        )
        .await;

        assert_eq!(
            ids(
                &pool,
                SearchQuery {
                    trade: trade("kitchen_helper"),
                    ..Default::default()
                }
            )
            .await,
            vec![kitchen]
        );
        assert_eq!(
            ids(
                &pool,
                SearchQuery {
                    trade: trade("catering"),
                    ..Default::default()
                }
            )
            .await,
            vec![waiter, kitchen]
        );
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn short_chinese_keywords_synonyms_and_pinyin_find_postings(pool: PgPool) {
        world(&pool).await;
        let titled = posting(
            &pool,
            P {
                title: "酒店急招帮厨 日结",
                ..BASE
            },
        )
        .await;
        let by_trade = posting(
            &pool,
            P {
                trade: "kitchen_helper",
                title: "后厨招人",
                ..BASE
            },
        )
        .await;
        let factory = posting(
            &pool,
            P {
                trade: "general_worker",
                title: "电子厂普工 100%准时发薪",
                ..BASE
            },
        )
        .await;
        let keyword = |k: &str| SearchQuery {
            keyword: Some(k.to_owned()),
            ..Default::default()
        };

        assert_eq!(ids(&pool, keyword("帮厨")).await, vec![by_trade, titled]);
        assert_eq!(
            ids(&pool, keyword("切配")).await,
            vec![by_trade],
            "a synonym names the trade"
        );
        assert_eq!(
            ids(&pool, keyword("BC")).await,
            vec![by_trade],
            "pinyin initials, any case"
        );
        assert_eq!(ids(&pool, keyword("流水线")).await, vec![factory]);
        assert_eq!(
            ids(&pool, keyword("厨帮")).await,
            Vec::<i64>::new(),
            "characters in the wrong order"
        );
        assert_eq!(ids(&pool, keyword("100%")).await, vec![factory]);
        assert_eq!(
            ids(&pool, keyword("%")).await,
            vec![factory],
            "% is a character, not a wildcard"
        );
        assert_eq!(
            ids(&pool, keyword("'; drop table postings; --")).await,
            Vec::<i64>::new()
        );
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn distance_limits_and_orders_the_results(pool: PgPool) {
        world(&pool).await;
        let centre = Point {
            lng: 118.80,
            lat: 32.00,
        };
        // About 1 km and 3 km north of the centre, and 8 km east.
        let one = posting(
            &pool,
            P {
                lng: 118.80,
                lat: 32.009,
                ..BASE
            },
        )
        .await;
        let three = posting(
            &pool,
            P {
                lng: 118.80,
                lat: 32.027,
                ..BASE
            },
        )
        .await;
        let eight = posting(
            &pool,
            P {
                lng: 118.885,
                lat: 32.00,
                ..BASE
            },
        )
        .await;

        let near = |radius_km, sort| SearchQuery {
            near: Some(centre),
            radius_km: Some(radius_km),
            sort,
            ..Default::default()
        };
        assert_eq!(
            ids(&pool, near(5, SortOrder::Newest)).await,
            vec![three, one]
        );
        assert_eq!(
            ids(&pool, near(10, SortOrder::Nearest)).await,
            vec![one, three, eight]
        );
        let results = search(&pool, today(), &near(10, SortOrder::Nearest))
            .await
            .unwrap();
        let metres: Vec<u32> = results.hits.iter().map(|h| h.distance_m.unwrap()).collect();
        assert!((950..1_050).contains(&metres[0]), "{metres:?}");
        assert!((7_800..8_300).contains(&metres[2]), "{metres:?}");
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn pay_hours_and_groups_filter_and_pay_sorts_across_units(pool: PgPool) {
        world(&pool).await;
        let low_day = posting(
            &pool,
            P {
                pay_cents: 15000,
                ..BASE
            },
        )
        .await;
        let high_day = posting(
            &pool,
            P {
                pay_cents: 26000,
                shift_minutes: 240,
                tags: &["older_friendly"],
                ..BASE
            },
        )
        .await;
        // 30 yuan an hour for 10 hours is 300 a day; 6,600 a month is 300 a day too but sorts after by id.
        let hourly = posting(
            &pool,
            P {
                pay_cents: 3000,
                unit: "hour",
                shift_minutes: 600,
                ..BASE
            },
        )
        .await;
        let piece = posting(
            &pool,
            P {
                pay_cents: 800,
                unit: "piece",
                tags: &["older_friendly", "fisher"],
                ..BASE
            },
        )
        .await;

        let min_pay = SearchQuery {
            min_pay: Some(MinPay {
                yuan: 200,
                unit: PayUnit::Day,
            }),
            ..Default::default()
        };
        assert_eq!(ids(&pool, min_pay).await, vec![high_day]);
        let short = SearchQuery {
            max_hours: Some(4),
            ..Default::default()
        };
        assert_eq!(ids(&pool, short).await, vec![high_day]);
        let older = SearchQuery {
            tags: vec![PostingTag::OlderFriendly],
            ..Default::default()
        };
        assert_eq!(ids(&pool, older).await, vec![piece, high_day]);
        let both = SearchQuery {
            tags: vec![PostingTag::OlderFriendly, PostingTag::Fisher],
            ..Default::default()
        };
        assert_eq!(ids(&pool, both).await, vec![piece]);
        let by_pay = SearchQuery {
            sort: SortOrder::HighestPay,
            ..Default::default()
        };
        assert_eq!(
            ids(&pool, by_pay).await,
            vec![hourly, high_day, low_day, piece]
        );
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn pages_follow_each_other_without_gaps_or_repeats(pool: PgPool) {
        world(&pool).await;
        let mut all = Vec::new();
        for _ in 0..45 {
            all.push(posting(&pool, BASE).await);
        }
        all.reverse();

        let mut seen = Vec::new();
        for page in 0..3 {
            let results = search(
                &pool,
                today(),
                &SearchQuery {
                    page,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(results.count, ResultCount::Exactly(45));
            assert_eq!(results.has_next, page < 2);
            seen.extend(results.hits.iter().map(|h| h.posting.id));
        }
        assert_eq!(seen, all);
    }
}

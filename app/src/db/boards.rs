//! Live boards and statistics. Both read `board_tallies` (kept by triggers, see the `…07_boards`
//! migration): a board sums the few thousand rows of today, statistics the rows of a range of days.

use sqlx::{PgPool, Postgres, QueryBuilder};

use super::DbError;
use crate::model::{
    AreaRow, Board, BoardBus, BoardFair, BoardPlace, BoardScope, BoardTotals, BreakdownRow,
    FeedPosting, PayUnit, Period, PeriodFigures, StaffFigures, StaffScope, Statistics, TradeDemand,
    BOARD_FEED, BOARD_TRADES, FEED_BURST,
};

/// A board's place, as found in the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocatedBoard {
    pub scope: BoardScope,
    pub place: BoardPlace,
    pub name: String,
    pub market_path: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    name: String,
    city_adcode: Option<i32>,
    district_adcode: Option<i32>,
    market_id: Option<i32>,
}

/// Looks the board's place up; `None` when there is no such market, district or city.
#[tracing::instrument(skip(pool), err)]
pub async fn locate(pool: &PgPool, scope: &BoardScope) -> Result<Option<LocatedBoard>, DbError> {
    let row: Option<PlaceRow> = match scope {
        BoardScope::Province => {
            return Ok(Some(LocatedBoard {
                scope: scope.clone(),
                place: BoardPlace {
                    city_adcode: None,
                    district_adcode: None,
                    market_id: None,
                },
                name: "江苏省".to_owned(),
                market_path: None,
            }))
        }
        BoardScope::City(adcode) => {
            sqlx::query_as(
                "SELECT name, adcode AS city_adcode, NULL::integer AS district_adcode, NULL::integer AS market_id
                   FROM cities WHERE adcode = $1",
            )
            .bind(adcode)
            .fetch_optional(pool)
            .await?
        }
        BoardScope::District(adcode) => {
            sqlx::query_as(
                "SELECT name, city_adcode, adcode AS district_adcode, NULL::integer AS market_id
                   FROM districts WHERE adcode = $1",
            )
            .bind(adcode)
            .fetch_optional(pool)
            .await?
        }
        BoardScope::Market(slug) => {
            sqlx::query_as(
                "SELECT name, city_adcode, district_adcode, id AS market_id FROM markets WHERE slug = $1",
            )
            .bind(slug)
            .fetch_optional(pool)
            .await?
        }
    };
    Ok(row.map(|row| LocatedBoard {
        scope: scope.clone(),
        market_path: match scope {
            BoardScope::Market(slug) => Some(format!("/markets/{slug}")),
            _ => None,
        },
        place: BoardPlace {
            city_adcode: row.city_adcode,
            district_adcode: row.district_adcode,
            market_id: row.market_id,
        },
        name: row.name,
    }))
}

/// Builds today's tallies if no server has yet today (the first board after midnight, or a database
/// restored from a backup). Returns whether it built them. Instances and boards that get here at the
/// same moment wait for the first one's rebuild instead of repeating it.
#[tracing::instrument(skip(pool), err)]
pub async fn ensure_today(pool: &PgPool) -> Result<bool, DbError> {
    const BUILT: &str = "SELECT EXISTS (SELECT 1 FROM board_tally_days WHERE day = board_today())";
    if sqlx::query_scalar::<_, bool>(BUILT).fetch_one(pool).await? {
        return Ok(false);
    }
    let mut tx = pool.begin().await?;
    // The rebuild's own lock, taken first (advisory locks are re-entrant within a session).
    sqlx::query("SELECT pg_advisory_xact_lock(board_lock_key())")
        .execute(&mut *tx)
        .await?;
    if sqlx::query_scalar::<_, bool>(BUILT)
        .fetch_one(&mut *tx)
        .await?
    {
        return Ok(false);
    }
    sqlx::query("SELECT board_tallies_rebuild(board_today(), board_today())")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Rebuilds the tallies of the last `days` days from the postings (after a bulk load).
#[tracing::instrument(skip(pool), err)]
pub async fn rebuild(pool: &PgPool, days: i32) -> Result<(), DbError> {
    sqlx::query("SELECT board_tallies_rebuild(board_today() - $1, board_today())")
        .bind(days)
        .execute(pool)
        .await?;
    Ok(())
}

/// The tallies' condition for a place (`t` is `board_tallies`).
fn push_tally_place(qb: &mut QueryBuilder<'_, Postgres>, place: &BoardPlace) {
    if let Some(market) = place.market_id {
        qb.push(" AND t.market_id = ").push_bind(market);
    } else if let Some(district) = place.district_adcode {
        qb.push(" AND t.district_adcode = ").push_bind(district);
    } else if let Some(city) = place.city_adcode {
        qb.push(" AND t.city_adcode = ").push_bind(city);
    }
}

/// The postings' condition for a place (`p` is `postings`).
fn push_posting_place(qb: &mut QueryBuilder<'_, Postgres>, place: &BoardPlace) {
    if let Some(market) = place.market_id {
        qb.push(" AND p.market_id = ").push_bind(market);
    } else if let Some(district) = place.district_adcode {
        qb.push(" AND p.district_adcode = ").push_bind(district);
    } else if let Some(city) = place.city_adcode {
        qb.push(" AND p.city_adcode = ").push_bind(city);
    }
}

#[derive(sqlx::FromRow)]
struct TotalsRow {
    open_postings: i64,
    places_wanted: i64,
    published: i64,
    applications: i64,
    fills: i64,
}

impl From<TotalsRow> for BoardTotals {
    fn from(row: TotalsRow) -> Self {
        BoardTotals {
            open_postings: row.open_postings,
            places_wanted: row.places_wanted,
            published: row.published,
            applications: row.applications,
            fills: row.fills,
        }
    }
}

const TOTALS: &str = "coalesce(sum(t.open_postings), 0)::bigint AS open_postings,
    coalesce(sum(t.places_wanted), 0)::bigint AS places_wanted,
    coalesce(sum(t.published), 0)::bigint AS published,
    coalesce(sum(t.applications), 0)::bigint AS applications,
    coalesce(sum(t.fills), 0)::bigint AS fills";

#[derive(sqlx::FromRow)]
struct TradeRow {
    code: String,
    name: String,
    name_en: String,
    #[sqlx(flatten)]
    totals: TotalsRow,
}

#[derive(sqlx::FromRow)]
struct AreaTallyRow {
    name: String,
    key: String,
    #[sqlx(flatten)]
    totals: TotalsRow,
}

#[derive(sqlx::FromRow)]
struct FeedRow {
    id: i64,
    title: String,
    trade_name: String,
    trade_name_en: String,
    pay_cents: i32,
    pay_unit: String,
    places_left: i32,
    place_name: String,
    published: String,
    /// Published within the last minute.
    recent: bool,
}

/// Today's board of a place, as everyone may see it.
#[tracing::instrument(skip(pool, board), fields(scope = ?board.scope), err)]
pub async fn board(pool: &PgPool, board: &LocatedBoard) -> Result<Board, DbError> {
    ensure_today(pool).await?;
    let place = &board.place;
    // Read first: the board then reflects at least every change numbered up to here.
    let (change, day, read_at): (i64, String, String) = sqlx::query_as(
        "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM board_change_seq),
                board_today()::text, to_char(now() AT TIME ZONE 'Asia/Shanghai', 'HH24:MI:SS')",
    )
    .fetch_one(pool)
    .await?;

    let mut qb = QueryBuilder::new(format!(
        "SELECT {TOTALS} FROM board_tallies t WHERE t.day = board_today()"
    ));
    push_tally_place(&mut qb, place);
    let totals: TotalsRow = qb.build_query_as().fetch_one(pool).await?;

    let mut qb = QueryBuilder::new(format!(
        "SELECT tr.code, tr.name, tr.name_en, {TOTALS} FROM board_tallies t
           JOIN trades tr ON tr.code = t.trade_code
          WHERE t.day = board_today()"
    ));
    push_tally_place(&mut qb, place);
    qb.push(
        " GROUP BY tr.code, tr.name, tr.name_en HAVING sum(t.places_wanted) > 0 OR sum(t.applications) > 0",
    )
    .push(" ORDER BY places_wanted DESC, applications DESC, tr.code LIMIT ")
    .push_bind(BOARD_TRADES as i64);
    let trades: Vec<TradeRow> = qb.build_query_as().fetch_all(pool).await?;

    let areas = areas(pool, place).await?;

    let mut qb = QueryBuilder::new(
        "SELECT p.id, p.title, tr.name AS trade_name, tr.name_en AS trade_name_en, p.pay_cents, p.pay_unit,
                (p.headcount - p.filled)::integer AS places_left,
                coalesce(d.name, c.name) AS place_name,
                to_char(p.published_at AT TIME ZONE 'Asia/Shanghai',
                        CASE WHEN (p.published_at AT TIME ZONE 'Asia/Shanghai')::date = board_today()
                             THEN 'HH24:MI' ELSE 'MM-DD' END) AS published,
                p.published_at > now() - interval '60 seconds' AS recent
           FROM postings p
           JOIN trades tr ON tr.code = p.trade_code
           JOIN cities c ON c.adcode = p.city_adcode
           LEFT JOIN districts d ON d.adcode = p.district_adcode
          WHERE p.status = 'open' AND p.published_at <= now() AND p.end_date >= board_today()",
    );
    push_posting_place(&mut qb, place);
    qb.push(" ORDER BY p.published_at DESC, p.id DESC LIMIT ")
        .push_bind(FEED_BURST as i64);
    let mut feed: Vec<FeedRow> = qb.build_query_as().fetch_all(pool).await?;
    // The newest dozen, and in a burst everything of the last minute: a reading comes at most every
    // 200 ms and a viewer may skip one, so each posting stays in the frames for a minute and every
    // viewer meets it at least once however many are published at once.
    let mut kept = 0;
    feed.retain(|row| {
        kept += 1;
        kept <= BOARD_FEED || row.recent
    });

    let buses = todays_buses(pool, place).await?;
    let fairs = todays_fairs(pool, place).await?;

    Ok(Board {
        buses,
        fairs,
        scope: board.scope.clone(),
        name: board.name.clone(),
        market_path: board.market_path.clone(),
        change,
        day,
        read_at,
        totals: totals.into(),
        trades: trades
            .into_iter()
            .map(|row| TradeDemand {
                trade_code: row.code,
                trade_name: row.name,
                trade_name_en: row.name_en,
                totals: row.totals.into(),
            })
            .collect(),
        areas,
        newest: feed
            .into_iter()
            .map(|row| {
                Ok(FeedPosting {
                    pay_unit: PayUnit::parse(&row.pay_unit).ok_or(DbError::Corrupt {
                        column: "postings.pay_unit",
                        value: row.pay_unit,
                    })?,
                    id: row.id,
                    title: row.title,
                    trade_name: row.trade_name,
                    trade_name_en: row.trade_name_en,
                    pay_cents: row.pay_cents,
                    places_left: row.places_left,
                    place_name: row.place_name,
                    published: row.published,
                })
            })
            .collect::<Result<_, DbError>>()?,
    })
}

/// Today's 零工巴士 runs from the markets of a board's place, soonest first.
async fn todays_buses(pool: &PgPool, place: &BoardPlace) -> Result<Vec<BoardBus>, DbError> {
    let mut qb = QueryBuilder::new(
        "SELECT r.id, to_char(r.departs_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') AS departs,
                r.destination, m.name AS market_name, r.seats, r.taken, r.status = 'cancelled' AS cancelled
           FROM bus_runs r JOIN markets m ON m.id = r.market_id
          WHERE r.departs_at >= board_today()::timestamp AT TIME ZONE 'Asia/Shanghai'
            AND r.departs_at < (board_today() + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'",
    );
    match (place.market_id, place.district_adcode, place.city_adcode) {
        (Some(market), _, _) => qb.push(" AND m.id = ").push_bind(market),
        (None, Some(district), _) => qb.push(" AND m.district_adcode = ").push_bind(district),
        (None, None, Some(city)) => qb.push(" AND m.city_adcode = ").push_bind(city),
        (None, None, None) => &mut qb,
    };
    qb.push(" ORDER BY r.departs_at, r.id LIMIT ")
        .push_bind(BOARD_FEED as i64);
    Ok(qb
        .build_query_as::<BoardBusRow>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Today's job fairs at the markets of a board's place, soonest first.
async fn todays_fairs(pool: &PgPool, place: &BoardPlace) -> Result<Vec<BoardFair>, DbError> {
    let mut qb = QueryBuilder::new(
        "SELECT f.id, f.title, m.name AS market_name,
                to_char(f.starts_at, 'HH24:MI') || '–' || to_char(f.ends_at, 'HH24:MI') AS hours,
                (SELECT count(*) FROM fair_booths b
                  WHERE b.fair_id = f.id AND b.status = 'approved' AND b.present_at IS NOT NULL) AS present,
                f.booked,
                (SELECT count(*) FROM fair_booth_postings bp
                   JOIN fair_booths b ON b.fair_id = bp.fair_id AND b.employer_id = bp.employer_id
                   JOIN postings p ON p.id = bp.posting_id
                  WHERE bp.fair_id = f.id AND b.status = 'approved' AND p.status = 'open') AS postings,
                (SELECT count(*) FROM fair_signups s
                  WHERE s.fair_id = f.id AND s.checked_in_at IS NOT NULL) AS checked_in,
                f.status = 'cancelled' AS cancelled
           FROM job_fairs f JOIN markets m ON m.id = f.market_id
          WHERE f.held_on = board_today()",
    );
    match (place.market_id, place.district_adcode, place.city_adcode) {
        (Some(market), _, _) => qb.push(" AND m.id = ").push_bind(market),
        (None, Some(district), _) => qb.push(" AND m.district_adcode = ").push_bind(district),
        (None, None, Some(city)) => qb.push(" AND m.city_adcode = ").push_bind(city),
        (None, None, None) => &mut qb,
    };
    qb.push(" ORDER BY f.starts_at, f.id LIMIT ")
        .push_bind(BOARD_FEED as i64);
    Ok(qb
        .build_query_as::<BoardFairRow>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[derive(sqlx::FromRow)]
struct BoardFairRow {
    id: i64,
    title: String,
    market_name: String,
    hours: String,
    present: i64,
    booked: i16,
    postings: i64,
    checked_in: i64,
    cancelled: bool,
}

impl From<BoardFairRow> for BoardFair {
    fn from(r: BoardFairRow) -> Self {
        BoardFair {
            id: r.id,
            title: r.title,
            market_name: r.market_name,
            hours: r.hours,
            present: r.present,
            booked: r.booked,
            postings: r.postings,
            checked_in: r.checked_in,
            cancelled: r.cancelled,
        }
    }
}

#[derive(sqlx::FromRow)]
struct BoardBusRow {
    id: i64,
    departs: String,
    destination: String,
    market_name: String,
    seats: i16,
    taken: i16,
    cancelled: bool,
}

impl From<BoardBusRow> for BoardBus {
    fn from(r: BoardBusRow) -> Self {
        BoardBus {
            id: r.id,
            departs: r.departs,
            destination: r.destination,
            market_name: r.market_name,
            seats: r.seats,
            taken: r.taken,
            cancelled: r.cancelled,
        }
    }
}

/// The places inside a board's place, each with its own totals: cities of the province, districts of a
/// city, markets of a district. Places with nothing today are listed too (at zero), so a quiet district
/// is seen to be quiet rather than missing.
async fn areas(pool: &PgPool, place: &BoardPlace) -> Result<Vec<AreaRow>, DbError> {
    let (sql, kind): (&str, fn(String) -> Option<BoardScope>) =
        match (place.market_id, place.district_adcode, place.city_adcode) {
            (Some(_), _, _) => return Ok(Vec::new()),
            (None, Some(_), _) => (
                "SELECT m.name, m.slug AS key, {TOTALS} FROM markets m
                   LEFT JOIN board_tallies t ON t.market_id = m.id AND t.day = board_today()
                  WHERE m.district_adcode = $1 GROUP BY m.id, m.name, m.slug",
                |key| Some(BoardScope::Market(key)),
            ),
            (None, None, Some(_)) => (
                "SELECT d.name, d.adcode::text AS key, {TOTALS} FROM districts d
                   LEFT JOIN board_tallies t ON t.district_adcode = d.adcode AND t.day = board_today()
                  WHERE d.city_adcode = $1 GROUP BY d.adcode, d.name",
                |key| key.parse().ok().map(BoardScope::District),
            ),
            (None, None, None) => (
                "SELECT c.name, c.adcode::text AS key, {TOTALS} FROM cities c
                   LEFT JOIN board_tallies t ON t.city_adcode = c.adcode AND t.day = board_today()
                  WHERE $1::integer IS NULL GROUP BY c.adcode, c.name",
                |key| key.parse().ok().map(BoardScope::City),
            ),
        };
    let sql = format!(
        "{} ORDER BY places_wanted DESC, key",
        sql.replace("{TOTALS}", TOTALS)
    );
    let rows: Vec<AreaTallyRow> = sqlx::query_as(&sql)
        .bind(place.district_adcode.or(place.city_adcode))
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AreaRow {
                board: kind(row.key.clone()).ok_or(DbError::Corrupt {
                    column: "board area key",
                    value: row.key,
                })?,
                name: row.name,
                totals: row.totals.into(),
            })
        })
        .collect()
}

/// The numbers only staff of the place see.
#[tracing::instrument(skip(pool), err)]
pub async fn staff_figures(pool: &PgPool, place: &BoardPlace) -> Result<StaffFigures, DbError> {
    let mut qb = QueryBuilder::new(
        "SELECT
           (SELECT count(*) FROM applications a JOIN postings p ON p.id = a.posting_id
             WHERE a.status = 'pending'",
    );
    push_posting_place(&mut qb, place);
    qb.push(
        "), (SELECT count(*) FROM posting_reports r JOIN postings p ON p.id = r.posting_id
             WHERE r.status = 'open'",
    );
    push_posting_place(&mut qb, place);
    qb.push(
        "), (SELECT count(*) FROM applications a JOIN postings p ON p.id = a.posting_id
             WHERE a.status = 'no_show'
               AND a.updated_at >= (board_today()::timestamp AT TIME ZONE 'Asia/Shanghai')",
    );
    push_posting_place(&mut qb, place);
    // Organisations belong to a city and maybe a district, never to a market: a market's staff see
    // those of the market's district.
    qb.push("), (SELECT count(*) FROM employers e WHERE e.verification_status = 'pending'");
    if let Some(district) = place.district_adcode {
        qb.push(" AND e.district_adcode = ").push_bind(district);
    } else if let Some(city) = place.city_adcode {
        qb.push(" AND e.city_adcode = ").push_bind(city);
    }
    qb.push(
        "), (SELECT count(*) FROM wage_cases c JOIN applications a ON a.id = c.application_id
              JOIN postings p ON p.id = a.posting_id
             WHERE c.status = 'open'",
    );
    push_posting_place(&mut qb, place);
    qb.push(")");
    let (pending_decisions, open_reports, no_shows_today, employers_waiting, open_wage_cases): (
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = qb.build_query_as().fetch_one(pool).await?;
    let (open_help_cases, help_placements_month) = super::help_cases::figures(pool, place).await?;
    Ok(StaffFigures {
        pending_decisions,
        open_reports,
        employers_waiting,
        no_shows_today,
        open_wage_cases,
        open_help_cases,
        help_placements_month,
    })
}

#[derive(sqlx::FromRow)]
struct PeriodRow {
    start: String,
    published: i64,
    places_published: i64,
    applications: i64,
    fills: i64,
}

#[derive(sqlx::FromRow)]
struct MedianRow {
    start: String,
    minutes: Option<f64>,
}

#[derive(sqlx::FromRow)]
struct WageCasesRow {
    start: String,
    opened: i64,
    upheld: i64,
}

#[derive(sqlx::FromRow)]
struct BreakdownTallyRow {
    name: Option<String>,
    name_en: Option<String>,
    published: i64,
    places_published: i64,
    applications: i64,
    fills: i64,
}

impl From<BreakdownTallyRow> for BreakdownRow {
    fn from(row: BreakdownTallyRow) -> Self {
        BreakdownRow {
            name: row.name,
            name_en: row.name_en,
            published: row.published,
            places_published: row.places_published,
            applications: row.applications,
            fills: row.fills,
        }
    }
}

const FLOWS: &str = "coalesce(sum(t.published), 0)::bigint AS published,
    coalesce(sum(t.places_published), 0)::bigint AS places_published,
    coalesce(sum(t.applications), 0)::bigint AS applications,
    coalesce(sum(t.fills), 0)::bigint AS fills";

/// Statistics of a place: the last 30 days, 12 weeks or 12 months, every period listed (empty ones at
/// zero) so a chart's gaps are real gaps.
#[tracing::instrument(skip(pool, board), fields(scope = ?board.scope), err)]
pub async fn statistics(
    pool: &PgPool,
    board: &LocatedBoard,
    period: Period,
) -> Result<Statistics, DbError> {
    let (unit, count) = match period {
        Period::Day => ("day", 30),
        Period::Week => ("week", 12),
        Period::Month => ("month", 12),
    };
    let place = &board.place;
    // The first day of the oldest period, and the periods themselves.
    let first_sql = format!(
        "(date_trunc('{unit}', board_today()::timestamp) - interval '{} {unit}')::date",
        count - 1
    );
    let mut qb = QueryBuilder::new(format!(
        "SELECT to_char(s.start, 'YYYY-MM-DD') AS start, {FLOWS}
           FROM generate_series({first_sql}, board_today(), interval '1 {unit}') AS s(start)
           LEFT JOIN board_tallies t
                  ON t.day >= s.start AND t.day < s.start + interval '1 {unit}'"
    ));
    push_tally_place(&mut qb, place);
    qb.push(" GROUP BY s.start ORDER BY s.start");
    let rows: Vec<PeriodRow> = qb.build_query_as().fetch_all(pool).await?;

    // Time to the first applicant, from the applications of the range (indexed by time) to their
    // postings: bounded by the range's applications, not by all postings.
    let mut qb = QueryBuilder::new(format!(
        "SELECT to_char(date_trunc('{unit}', p.published_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS start,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_at - p.published_at) / 60)
                    AS minutes
           FROM (SELECT a.posting_id, min(a.created_at) AS first_at FROM applications a
                  WHERE a.created_at >= ({first_sql}::timestamp AT TIME ZONE 'Asia/Shanghai')
                  GROUP BY a.posting_id) f
           JOIN postings p ON p.id = f.posting_id
          WHERE p.published_at >= ({first_sql}::timestamp AT TIME ZONE 'Asia/Shanghai')
            AND f.first_at >= p.published_at"
    ));
    push_posting_place(&mut qb, place);
    qb.push(" GROUP BY 1");
    let medians: Vec<MedianRow> = qb.build_query_as().fetch_all(pool).await?;

    let mut qb = QueryBuilder::new(format!(
        "SELECT to_char(date_trunc('{unit}', c.opened_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS start,
                count(*) AS opened, count(*) FILTER (WHERE c.status = 'upheld') AS upheld
           FROM wage_cases c
           JOIN applications a ON a.id = c.application_id
           JOIN postings p ON p.id = a.posting_id
          WHERE c.opened_at >= ({first_sql}::timestamp AT TIME ZONE 'Asia/Shanghai')"
    ));
    push_posting_place(&mut qb, place);
    qb.push(" GROUP BY 1");
    let wage_cases: Vec<WageCasesRow> = qb.build_query_as().fetch_all(pool).await?;

    let mut qb = QueryBuilder::new(format!(
        "SELECT tr.name, tr.name_en, {FLOWS} FROM board_tallies t JOIN trades tr ON tr.code = t.trade_code
          WHERE t.day >= {first_sql}"
    ));
    push_tally_place(&mut qb, place);
    qb.push(" GROUP BY tr.name, tr.name_en HAVING sum(t.published) + sum(t.applications) > 0 ORDER BY places_published DESC, tr.name");
    let by_trade: Vec<BreakdownTallyRow> = qb.build_query_as().fetch_all(pool).await?;

    let area_sql = match (place.market_id, place.district_adcode, place.city_adcode) {
        (Some(_), _, _) => None,
        (None, Some(_), _) => Some(
            "SELECT m.name, NULL::text AS name_en, {FLOWS} FROM board_tallies t
               LEFT JOIN markets m ON m.id = t.market_id
              WHERE t.day >= {FIRST}",
        ),
        (None, None, Some(_)) => Some(
            "SELECT d.name, NULL::text AS name_en, {FLOWS} FROM board_tallies t
               LEFT JOIN districts d ON d.adcode = t.district_adcode
              WHERE t.day >= {FIRST}",
        ),
        (None, None, None) => Some(
            "SELECT c.name, NULL::text AS name_en, {FLOWS} FROM board_tallies t JOIN cities c ON c.adcode = t.city_adcode
              WHERE t.day >= {FIRST}",
        ),
    };
    let by_area = match area_sql {
        None => Vec::new(),
        Some(sql) => {
            let mut qb =
                QueryBuilder::new(sql.replace("{FLOWS}", FLOWS).replace("{FIRST}", &first_sql));
            push_tally_place(&mut qb, place);
            // The rest (no market, no district) last.
            qb.push(" GROUP BY 1 ORDER BY 1 IS NULL, places_published DESC, 1");
            qb.build_query_as::<BreakdownTallyRow>()
                .fetch_all(pool)
                .await?
        }
    };
    let (open_help_cases, help_placements_month) = super::help_cases::figures(pool, place).await?;

    Ok(Statistics {
        board: board.scope.clone(),
        scope_name: board.name.clone(),
        period,
        periods: rows
            .into_iter()
            .map(|row| {
                let cases = wage_cases.iter().find(|c| c.start == row.start);
                PeriodFigures {
                    median_minutes_to_first_applicant: medians
                        .iter()
                        .find(|m| m.start == row.start)
                        .and_then(|m| m.minutes),
                    wage_cases_opened: cases.map_or(0, |c| c.opened),
                    wage_cases_upheld: cases.map_or(0, |c| c.upheld),
                    start: row.start,
                    published: row.published,
                    places_published: row.places_published,
                    applications: row.applications,
                    fills: row.fills,
                }
            })
            .collect(),
        by_trade: by_trade.into_iter().map(Into::into).collect(),
        by_area: by_area.into_iter().map(Into::into).collect(),
        open_help_cases,
        help_placements_month,
    })
}

/// The board of a staff member's own area.
#[tracing::instrument(skip(pool), err)]
pub async fn locate_staff_scope(
    pool: &PgPool,
    scope: &StaffScope,
) -> Result<Option<LocatedBoard>, DbError> {
    let board = match *scope {
        StaffScope::Province => BoardScope::Province,
        StaffScope::City { city_adcode } => BoardScope::City(city_adcode),
        StaffScope::District {
            district_adcode, ..
        } => BoardScope::District(district_adcode),
        StaffScope::Market { market_id, .. } => {
            let slug: Option<String> = sqlx::query_scalar("SELECT slug FROM markets WHERE id = $1")
                .bind(market_id)
                .fetch_optional(pool)
                .await?;
            match slug {
                Some(slug) => BoardScope::Market(slug),
                None => return Ok(None),
            }
        }
    };
    locate(pool, &board).await
}

//! Postings (零工岗位): reading them for lists.

use chrono::NaiveDate;
use sqlx::PgPool;

use super::DbError;
use crate::model::{PayUnit, PostingCursor, PostingPage, PostingSummary, PostingTag, TodayQuery, TradeCode, PAGE_SIZE};

#[derive(sqlx::FromRow)]
struct PostingSummaryRow {
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
    pay_cents: i32,
    pay_unit: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    shift_minutes: i16,
    headcount: i16,
    filled: i16,
    tags: Vec<String>,
}

impl TryFrom<PostingSummaryRow> for PostingSummary {
    type Error = DbError;
    fn try_from(row: PostingSummaryRow) -> Result<Self, DbError> {
        let pay_unit = PayUnit::parse(&row.pay_unit)
            .ok_or_else(|| DbError::Corrupt { column: "postings.pay_unit", value: row.pay_unit.clone() })?;
        let trade_code = TradeCode::parse(&row.trade_code)
            .ok_or_else(|| DbError::Corrupt { column: "postings.trade_code", value: row.trade_code.clone() })?;
        let tags = row
            .tags
            .iter()
            .map(|t| PostingTag::parse(t).ok_or_else(|| DbError::Corrupt { column: "postings.tags", value: t.clone() }))
            .collect::<Result<_, _>>()?;
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
            pay_cents: row.pay_cents,
            pay_unit,
            start_date: row.start_date,
            end_date: row.end_date,
            shift_minutes: row.shift_minutes,
            headcount: row.headcount,
            filled: row.filled,
            tags,
        })
    }
}

/// Open postings that run on `day`, newest first, one page at a time. A trade code may name a sector,
/// which then stands for all of its trades.
#[tracing::instrument(skip(pool), err)]
pub async fn open_on_day(pool: &PgPool, day: NaiveDate, query: &TodayQuery) -> Result<PostingPage, DbError> {
    // One row more than a page tells whether there is a next page without a COUNT over the whole day.
    let rows: Vec<PostingSummaryRow> = sqlx::query_as(
        "SELECT p.id, p.title, p.trade_code, t.name AS trade_name, t.name_en AS trade_name_en,
                e.name AS employer_name, e.verification_status = 'verified' AS employer_verified,
                c.name AS city_name, d.name AS district_name, p.address,
                p.pay_cents, p.pay_unit, p.start_date, p.end_date, p.shift_minutes, p.headcount, p.filled, p.tags
           FROM postings p
           JOIN trades t ON t.code = p.trade_code
           JOIN employers e ON e.id = p.employer_id
           JOIN cities c ON c.adcode = p.city_adcode
           LEFT JOIN districts d ON d.adcode = p.district_adcode
          WHERE p.status = 'open'
            AND p.start_date <= $1 AND p.end_date >= $1
            AND ($2::text IS NULL OR p.trade_code = $2 OR t.parent_code = $2)
            AND ($3::bigint IS NULL OR p.id < $3)
          ORDER BY p.id DESC
          LIMIT $4",
    )
    .bind(day)
    .bind(query.trade.as_ref().map(TradeCode::as_str))
    .bind(query.before.map(|c| c.before_id))
    .bind(PAGE_SIZE + 1)
    .fetch_all(pool)
    .await?;

    let has_more = rows.len() as i64 > PAGE_SIZE;
    let items = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(PostingSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let next = match (has_more, items.last()) {
        (true, Some(last)) => Some(PostingCursor { before_id: last.id }),
        _ => None,
    };
    Ok(PostingPage { day, items, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal market: one city, one district, a sector with two trades, one employer.
    async fn world(pool: &PgPool) {
        sqlx::raw_sql(
            "INSERT INTO cities (adcode, name, area_code, labour_hotline, centre)
                 VALUES (320100, '南京市', '025', '025-12333', ST_SetSRID(ST_MakePoint(118.797, 32.060), 4326));
             INSERT INTO districts (adcode, city_adcode, name, centre)
                 VALUES (320115, 320100, '江宁区', ST_SetSRID(ST_MakePoint(118.84, 31.95), 4326));
             INSERT INTO trades (code, parent_code, name, name_en, pinyin_initials) VALUES
                 ('catering', NULL, '餐饮服务', 'Catering', 'cyfw'),
                 ('kitchen_helper', 'catering', '帮厨', 'Kitchen helper', 'bc'),
                 ('waiter', 'catering', '服务员', 'Waiter', 'fwy'),
                 ('manufacturing', NULL, '生产制造', 'Manufacturing', 'sczz'),
                 ('general_worker', 'manufacturing', '普工', 'General worker', 'pg');
             INSERT INTO employers (credit_code, name, city_adcode, verification_status, verified_at)
                 VALUES ('91350100M000100Y43', '南京鑫达餐饮管理有限公司', 320100, 'verified', now());",
        )
        .execute(pool)
        .await
        .unwrap();
    }

    async fn posting(pool: &PgPool, trade: &str, start: &str, end: &str, status: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                                   pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, status)
             VALUES ((SELECT id FROM employers LIMIT 1), $1, '急招' || $1, '江宁区双龙大道1号',
                     ST_SetSRID(ST_MakePoint(118.82, 31.94), 4326), 320100, 320115,
                     20000, 'day', $2::date, $3::date, 480, 3, $4)
             RETURNING id",
        )
        .bind(trade)
        .bind(start)
        .bind(end)
        .bind(status)
        .fetch_one(pool)
        .await
        .unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn query(trade: Option<&str>, before: Option<i64>) -> TodayQuery {
        TodayQuery {
            trade: trade.map(|t| TradeCode::parse(t).unwrap()),
            before: before.map(|before_id| PostingCursor { before_id }),
        }
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn only_open_postings_running_today_are_listed_newest_first(pool: PgPool) {
        world(&pool).await;
        let a = posting(&pool, "kitchen_helper", "2026-11-24", "2026-11-24", "open").await;
        let b = posting(&pool, "waiter", "2026-11-20", "2026-11-30", "open").await;
        posting(&pool, "waiter", "2026-11-25", "2026-11-26", "open").await; // tomorrow
        posting(&pool, "waiter", "2026-11-01", "2026-11-23", "open").await; // ended yesterday
        posting(&pool, "waiter", "2026-11-24", "2026-11-24", "paused").await;
        posting(&pool, "waiter", "2026-11-24", "2026-11-24", "draft").await;

        let page = open_on_day(&pool, day(), &TodayQuery::default()).await.unwrap();
        assert_eq!(page.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![b, a]);
        assert_eq!(page.next, None);
        let first = &page.items[1];
        assert_eq!(first.trade_name, "帮厨");
        assert_eq!(first.district_name.as_deref(), Some("江宁区"));
        assert!(first.employer_verified);
        assert_eq!(first.pay_unit, PayUnit::Day);
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn a_sector_stands_for_all_its_trades(pool: PgPool) {
        world(&pool).await;
        let kitchen = posting(&pool, "kitchen_helper", "2026-11-24", "2026-11-24", "open").await;
        let waiter = posting(&pool, "waiter", "2026-11-24", "2026-11-24", "open").await;
        posting(&pool, "general_worker", "2026-11-24", "2026-11-24", "open").await;

        let ids = |page: PostingPage| page.items.iter().map(|p| p.id).collect::<Vec<_>>();
        let trade = open_on_day(&pool, day(), &query(Some("kitchen_helper"), None)).await.unwrap();
        assert_eq!(ids(trade), vec![kitchen]);
        let sector = open_on_day(&pool, day(), &query(Some("catering"), None)).await.unwrap();
        assert_eq!(ids(sector), vec![waiter, kitchen]);
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn pages_follow_each_other_without_gaps_or_repeats(pool: PgPool) {
        world(&pool).await;
        let mut all = Vec::new();
        for _ in 0..(PAGE_SIZE * 2 + 5) {
            all.push(posting(&pool, "waiter", "2026-11-24", "2026-11-24", "open").await);
        }
        all.reverse();

        let mut seen = Vec::new();
        let mut cursor = None;
        let mut pages = 0;
        loop {
            let page = open_on_day(&pool, day(), &TodayQuery { trade: None, before: cursor }).await.unwrap();
            assert!(page.items.len() as i64 <= PAGE_SIZE);
            seen.extend(page.items.iter().map(|p| p.id));
            pages += 1;
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, all);
    }
}

//! Fixtures for the database tests: a small, fully specified market.

use chrono::NaiveDate;
use sqlx::PgPool;

/// A minimal market: one city, one district, two sectors, one employer.
pub async fn world(pool: &PgPool) {
    sqlx::raw_sql(
        "INSERT INTO cities (adcode, name, area_code, labour_hotline, centre)
             VALUES (320100, '南京市', '025', '025-12333', ST_SetSRID(ST_MakePoint(118.797, 32.060), 4326));
         INSERT INTO districts (adcode, city_adcode, name, centre)
             VALUES (320115, 320100, '江宁区', ST_SetSRID(ST_MakePoint(118.84, 31.95), 4326));
         INSERT INTO trades (code, parent_code, name, name_en, pinyin_initials, synonyms) VALUES
             ('catering', NULL, '餐饮服务', 'Catering', 'cyfw', '{}'),
             ('kitchen_helper', 'catering', '帮厨', 'Kitchen helper', 'bc', '{切配,打荷}'),
             ('waiter', 'catering', '服务员', 'Waiter', 'fwy', '{}'),
             ('manufacturing', NULL, '生产制造', 'Manufacturing', 'sczz', '{}'),
             ('general_worker', 'manufacturing', '普工', 'General worker', 'pg', '{流水线}');
         INSERT INTO employers (credit_code, name, city_adcode, verification_status, verified_at)
             VALUES ('91350100M000100Y43', '南京鑫达餐饮管理有限公司', 320100, 'verified', now());",
    )
    .execute(pool)
    .await
    .unwrap();
}

/// What varies between test postings; everything else is a plain day job in Jiangning.
pub struct P {
    pub trade: &'static str,
    pub title: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub status: &'static str,
    pub lng: f64,
    pub lat: f64,
    pub pay_cents: i32,
    pub unit: &'static str,
    pub shift_minutes: i16,
    pub tags: &'static [&'static str],
}

pub const BASE: P = P {
    trade: "waiter",
    title: "招服务员",
    start: "2026-11-24",
    end: "2026-11-24",
    status: "open",
    lng: 118.82,
    lat: 31.94,
    pay_cents: 20000,
    unit: "day",
    shift_minutes: 480,
    tags: &[],
};

pub async fn posting(pool: &PgPool, p: P) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, status, tags)
         VALUES ((SELECT id FROM employers LIMIT 1), $1, $2, '双龙大道1号',
                 ST_SetSRID(ST_MakePoint($3, $4), 4326), 320100, 320115,
                 $5, $6, $7::date, $8::date, $9, 3, $10, $11)
         RETURNING id",
    )
    .bind(p.trade)
    .bind(p.title)
    .bind(p.lng)
    .bind(p.lat)
    .bind(p.pay_cents)
    .bind(p.unit)
    .bind(p.start)
    .bind(p.end)
    .bind(p.shift_minutes)
    .bind(p.status)
    .bind(p.tags)
    .fetch_one(pool)
    .await
    .unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

//! Fixtures for the database tests: a small, fully specified market.

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::model::{
    DateFilter, MinPay, PayTerms, PayUnit, Point, PostingTag, SearchQuery, ShiftStart, SortOrder,
    TradeCode, RADII_KM,
};

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

/// A small deterministic generator, so that the postings and queries are the same on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next(items.len())]
    }
    pub fn coin(&mut self, one_in: usize) -> bool {
        self.next(one_in) == 0
    }
}

const TITLES: [&str; 8] = [
    "急招帮厨",
    "酒店服务员",
    "流水线普工",
    "切配工日结",
    "服务员（晚班）",
    "Helper 帮厨",
    "包装工",
    "餐厅打荷",
];
const TRADES: [&str; 3] = ["kitchen_helper", "waiter", "general_worker"];
const DAYS: [&str; 5] = [
    "2026-11-22",
    "2026-11-24",
    "2026-11-25",
    "2026-11-28",
    "2026-12-20",
];
const TAGS: [&[&str]; 4] = [
    &[],
    &["older_friendly"],
    &["older_friendly", "fisher"],
    &["parent_flexible"],
];

/// `world` with a second district and city, and `count` generated postings over them: every trade,
/// title, date, status, pay unit, hours and group of the tests' vocabulary.
pub async fn market(pool: &PgPool, random: &mut Lcg, count: usize) {
    world(pool).await;
    // A second district and a second city, so that the places' facets have something to divide.
    sqlx::raw_sql(
        "INSERT INTO cities (adcode, name, area_code, labour_hotline, centre)
             VALUES (320200, '无锡市', '0510', '0510-12333', ST_SetSRID(ST_MakePoint(120.31, 31.49), 4326));
         INSERT INTO districts (adcode, city_adcode, name, centre) VALUES
             (320106, 320100, '鼓楼区', ST_SetSRID(ST_MakePoint(118.77, 32.07), 4326)),
             (320211, 320200, '滨湖区', ST_SetSRID(ST_MakePoint(120.27, 31.55), 4326));",
    )
    .execute(pool)
    .await
    .unwrap();
    for _ in 0..count {
        let start = random.next(DAYS.len() - 1);
        let unit = random.pick(&["hour", "day", "day", "month", "piece"]);
        let id = posting(
            pool,
            P {
                trade: random.pick(&TRADES),
                title: random.pick(&TITLES),
                start: DAYS[start],
                end: DAYS[start + random.next(DAYS.len() - start)],
                status: random.pick(&["open", "open", "open", "open", "closed", "draft"]),
                lng: 118.80 + (random.next(4001) as f64 - 2000.0) / 10_000.0,
                lat: 32.00 + (random.next(4001) as f64 - 2000.0) / 10_000.0,
                pay_cents: 1000 * (1 + random.next(40)) as i32,
                unit,
                shift_minutes: 60 * (2 + random.next(10)) as i16,
                tags: random.pick(&TAGS),
            },
        )
        .await;
        let (city, district) = random.pick(&[
            (320100, Some(320115)),
            (320100, Some(320115)),
            (320100, Some(320106)),
            (320100, None),
            (320200, Some(320211)),
        ]);
        let start_time = random.pick(&[
            None,
            Some("04:59"),
            Some("05:00"),
            Some("08:30"),
            Some("12:00"),
            Some("17:59"),
            Some("18:00"),
            Some("23:30"),
        ]);
        let pay_terms = random.pick(&[
            None,
            Some("daily"),
            Some("daily"),
            Some("weekly"),
            Some("monthly"),
            Some("on_completion"),
        ]);
        sqlx::query(
            "UPDATE postings SET city_adcode = $1, district_adcode = $2, start_time = $4::time,
                                 pay_terms = $5
              WHERE id = $3",
        )
        .bind(city)
        .bind(district)
        .bind(id)
        .bind(start_time)
        .bind(pay_terms)
        .execute(pool)
        .await
        .unwrap();
    }
}

/// A generated search over the vocabulary of [`market`]: every filter present or not.
pub fn query(random: &mut Lcg) -> SearchQuery {
    let mut q = SearchQuery::default();
    if random.coin(2) {
        q.keyword = Some(
            random
                .pick(&[
                    "帮厨",
                    "服务",
                    "工",
                    "bc",
                    "切配",
                    "helper",
                    "餐饮",
                    "潜水员",
                    "HELPER",
                    "服务员（晚班",
                    "er 帮",
                ])
                .to_owned(),
        );
    }
    if random.coin(3) {
        q.trade = TradeCode::parse(random.pick(&[
            "catering",
            "kitchen_helper",
            "waiter",
            "manufacturing",
        ]));
    }
    if random.coin(4) {
        q.district = Some(random.pick(&[320115, 320106, 320211]));
    }
    if random.coin(5) {
        q.city = Some(random.pick(&[320100, 320200]));
    }
    if random.coin(2) {
        q.near = Point::new(
            118.80 + (random.next(2001) as f64 - 1000.0) / 10_000.0,
            32.00 + (random.next(2001) as f64 - 1000.0) / 10_000.0,
        );
        q.radius_km = Some(random.pick(&RADII_KM));
    }
    if random.coin(4) {
        q.min_pay = Some(MinPay {
            yuan: 10 * random.next(40) as u32,
            unit: random.pick(&PayUnit::ALL),
        });
    }
    if random.coin(4) {
        q.max_hours = Some(2 + random.next(10) as u8);
    }
    if random.coin(4) {
        q.tags = vec![random.pick(&PostingTag::ALL)];
    }
    if random.coin(4) {
        q.pay_terms = Some(random.pick(&PayTerms::ALL));
    }
    if random.coin(4) {
        q.starts = Some(random.pick(&ShiftStart::ALL));
    }
    q.date = random.pick(&[
        DateFilter::Today,
        DateFilter::Tomorrow,
        DateFilter::ThisWeek,
        DateFilter::Any,
        DateFilter::On(NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date")),
    ]);
    q.sort = random.pick(&SortOrder::ALL);
    q.page = random.pick(&[0, 0, 0, 1, 3, 12, 49]);
    q
}

/// The site's running parts (the database listener, the board hub, the jobs), started as the server
/// starts them, with texts going to `sms`.
pub fn started(
    pool: &PgPool,
    sms: std::sync::Arc<dyn crate::auth::sms::SmsGateway>,
) -> crate::state::AppState {
    crate::state::AppState::start(
        pool.clone(),
        crate::state::Settings {
            leptos_options: leptos::prelude::LeptosOptions::builder()
                .output_name("lingong")
                .build(),
            map: Default::default(),
            auth: Default::default(),
            public_url: "https://lingong.example.cn".to_owned(),
            sms,
            share_cards: None,
            jobs: Default::default(),
            api: Default::default(),
            replicas: crate::db::replicas::Replicas::none(),
        },
    )
}

//! What the HTTP tests share: the site started as the server starts it ([`router`], through
//! `AppState::start`), a world of accounts of every role ([`world`]), their sessions, and requests sent
//! the way a browser or the Wasm sends them ([`send`]).

use std::sync::Arc;

use app::auth::sms::MemorySms;
use app::auth::token::{digest, random_hex};
use app::db::replicas::Replicas;
use app::model::{OrganisationForm, Role, StaffScope};
use app::public_api::ApiSettings;
use app::state::{AppState, AuthSettings, Settings};
use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tower::ServiceExt;

pub(crate) const GULOU: i32 = 320106;
pub(crate) const JIANGNING: i32 = 320115;
pub(crate) const NANJING: i32 = 320100;

pub(crate) fn router(pool: &PgPool, sms: MemorySms) -> Router {
    // Tests call the public API far more often than a minute's anonymous limit allows.
    router_with_api(
        pool,
        sms,
        ApiSettings {
            anonymous_per_minute: 100_000,
        },
    )
}

/// [`router`] with the public API's settings given.
pub(crate) fn router_with_api(pool: &PgPool, sms: MemorySms, api: ApiSettings) -> Router {
    router_with(pool, sms, api, Replicas::none())
}

/// [`router`] reading from `replicas`.
pub(crate) fn router_with_replicas(pool: &PgPool, replicas: Replicas) -> Router {
    router_with(
        pool,
        MemorySms::default(),
        ApiSettings {
            anonymous_per_minute: 100_000,
        },
        replicas,
    )
}

fn router_with(pool: &PgPool, sms: MemorySms, api: ApiSettings, replicas: Replicas) -> Router {
    let options = LeptosOptions::builder().output_name("lingong").build();
    let bundles = crate::web::bundles(&options);
    crate::web::router(
        AppState::start(
            pool.clone(),
            Settings {
                leptos_options: options,
                map: Default::default(),
                auth: AuthSettings::default(),
                public_url: "https://lingong.example.cn".to_owned(),
                sms: Arc::new(sms),
                share_cards: None,
                jobs: Default::default(),
                api,
                replicas,
            },
        ),
        bundles,
    )
}

/// How a test request carries (or fails to carry) the anti-forgery token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Csrf {
    Header,
    Missing,
    Wrong,
}

pub(crate) struct Call<'a> {
    pub(crate) path: &'a str,
    pub(crate) body: String,
    pub(crate) json: bool,
}

pub(crate) fn form(path: &str, body: &str) -> Call<'static> {
    Call {
        path: Box::leak(path.to_owned().into_boxed_str()),
        body: body.to_owned(),
        json: false,
    }
}

pub(crate) fn json(path: &str, body: serde_json::Value) -> Call<'static> {
    Call {
        path: Box::leak(path.to_owned().into_boxed_str()),
        body: body.to_string(),
        json: true,
    }
}

pub(crate) async fn send(
    router: &Router,
    call: &Call<'_>,
    session: Option<&str>,
    csrf: Csrf,
) -> (StatusCode, String) {
    let cookie_token = "c".repeat(64);
    let mut cookies = format!("lingong_csrf={cookie_token}");
    if let Some(session) = session {
        cookies.push_str(&format!("; lingong_session={session}"));
    }
    let mut request = Request::post(call.path)
        .header(header::COOKIE, cookies)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "application/json")
        .header(
            header::CONTENT_TYPE,
            if call.json {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            },
        );
    match csrf {
        Csrf::Header => request = request.header("x-csrf-token", &cookie_token),
        Csrf::Wrong => request = request.header("x-csrf-token", "d".repeat(64)),
        Csrf::Missing => {}
    }
    let response = router
        .clone()
        .oneshot(
            request
                .body(Body::from(call.body.clone()))
                .expect("request"),
        )
        .await
        .expect("router answers");
    let status = response.status();
    let body = to_bytes(response.into_body(), 1 << 20).await.expect("body");
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A plain request (a GET of the public API, a feed, a preflight) with headers: the status, the
/// headers and the body.
pub(crate) async fn request(
    router: &Router,
    method: axum::http::Method,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    request_with_body(router, method, path, headers, Body::empty()).await
}

/// [`request`] with a body (a partner's push).
pub(crate) async fn request_with_body(
    router: &Router,
    method: axum::http::Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Body,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "localhost");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router
        .clone()
        .oneshot(request.body(body).expect("request"))
        .await
        .expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), 64 << 20)
        .await
        .expect("body");
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// Waits until the site's database listener listens, and its first resync has gone out.
pub(crate) async fn until_listening(pool: &PgPool) {
    for _ in 0..250 {
        let listening: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
              WHERE query LIKE 'LISTEN%' AND datname = current_database()",
        )
        .fetch_one(pool)
        .await
        .expect("pg_stat_activity");
        if listening > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the site's listener never listened");
}

pub(crate) async fn session_for(pool: &PgPool, account_id: i64) -> String {
    let token = random_hex();
    let mut conn = pool.acquire().await.expect("connection");
    app::db::auth::insert_session(
        &mut conn,
        &digest(&[&token]),
        account_id,
        3600,
        7200,
        "test",
        None,
    )
    .await
    .expect("session");
    token
}

pub(crate) struct World {
    pub(crate) gulou_market: i32,
    pub(crate) pending_employer: i64,
    pub(crate) target_phone: &'static str,
    pub(crate) callers: Vec<(&'static str, Option<i64>)>,
}

impl World {
    /// The account of one of the callers, by its name in the matrix ("district staff" …).
    pub(crate) fn account(&self, name: &str) -> i64 {
        self.callers
            .iter()
            .find(|(caller, _)| *caller == name)
            .and_then(|(_, id)| *id)
            .expect("a caller of the matrix")
    }
}

pub(crate) async fn world(pool: &PgPool) -> World {
    crate::seed::reference::load(pool)
        .await
        .expect("reference data");
    let mut c = pool.acquire().await.expect("connection");
    let gulou_market: i32 = sqlx::query_scalar(
        "INSERT INTO markets (slug, name, kind, city_adcode, district_adcode, address, location)
         VALUES ('test-gulou-station', '测试鼓楼驿站', 'station', 320100, 320106, '中山路1号',
                 ST_SetSRID(ST_MakePoint(118.77, 32.07), 4326)) RETURNING id",
    )
    .fetch_one(&mut *c)
    .await
    .expect("market");
    use app::db::accounts as a;
    let worker = a::create_worker_account(&mut c, "13900000001")
        .await
        .expect("worker");
    let target = a::create_worker_account(&mut c, "13900000009")
        .await
        .expect("target");
    sqlx::query("UPDATE workers SET home_city_adcode = 320100, home_district_adcode = 320106")
        .execute(&mut *c)
        .await
        .expect("home area");
    let employer = a::create_employer_account(&mut c, "13900000002")
        .await
        .expect("employer");
    app::db::organisations::register_organisation(
        &mut c,
        employer,
        &OrganisationForm {
            name: "南京测试餐饮有限公司".into(),
            credit_code: "91110000802100433B".into(),
            city_adcode: NANJING,
            district_adcode: Some(GULOU),
            address: "中山路2号".into(),
            contact_name: "王经理".into(),
            contact_phone: "13900000002".into(),
            hr_licence_no: String::new(),
        },
    )
    .await
    .expect("organisation");
    let new_employer = a::create_employer_account(&mut c, "13900000003")
        .await
        .expect("new employer");
    let pending_employer: i64 = sqlx::query_scalar(
        "INSERT INTO employers (credit_code, name, city_adcode, district_adcode, contact_phone)
         VALUES ('91110108551385082Q', '鼓楼待审核家政有限公司', 320100, 320106, '13912345678') RETURNING id",
    )
    .fetch_one(&mut *c)
    .await
    .expect("pending employer");
    let staff = |phone: &'static str, role: Role, scope: Option<StaffScope>| (phone, role, scope);
    let mut callers = vec![
        ("anonymous", None),
        ("worker", Some(worker.account_id)),
        ("employer", Some(employer)),
        ("new employer", Some(new_employer)),
    ];
    for (name, (phone, role, scope)) in [
        (
            "market staff",
            staff(
                "13900000004",
                Role::Staff,
                Some(StaffScope::Market {
                    market_id: gulou_market,
                    city_adcode: NANJING,
                    district_adcode: Some(GULOU),
                }),
            ),
        ),
        (
            "district staff",
            staff(
                "13900000005",
                Role::Staff,
                Some(StaffScope::District {
                    city_adcode: NANJING,
                    district_adcode: GULOU,
                }),
            ),
        ),
        (
            "other district staff",
            staff(
                "13900000006",
                Role::Staff,
                Some(StaffScope::District {
                    city_adcode: NANJING,
                    district_adcode: JIANGNING,
                }),
            ),
        ),
        (
            "city staff",
            staff(
                "13900000007",
                Role::Staff,
                Some(StaffScope::City {
                    city_adcode: NANJING,
                }),
            ),
        ),
        (
            "province staff",
            staff("13900000008", Role::Staff, Some(StaffScope::Province)),
        ),
        ("admin", staff("13900000010", Role::Admin, None)),
    ] {
        let id = a::upsert_staff_account(&mut c, phone, role, scope, name)
            .await
            .expect("staff");
        callers.push((name, Some(id)));
    }
    let _ = target;
    World {
        gulou_market,
        pending_employer,
        target_phone: "13900000009",
        callers,
    }
}

/// Inserts an open posting of the test organisation in 鼓楼, a week from now; its id.
pub(crate) async fn market_posting(pool: &PgPool, title: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount)
         VALUES ((SELECT employer_id FROM accounts WHERE phone = '13900000002'), 'kitchen_helper', $1,
                 '中山路3号', ST_SetSRID(ST_MakePoint(118.78, 32.06), 4326), 320100, 320106, 20000, 'day',
                 current_date + 7, current_date + 8, 480, 3)
         RETURNING id",
    )
    .bind(title)
    .fetch_one(pool)
    .await
    .expect("posting")
}

pub(crate) fn outcome(status: StatusCode) -> char {
    match status {
        StatusCode::OK => 'Y',
        StatusCode::UNAUTHORIZED => 'U',
        StatusCode::FORBIDDEN => '-',
        StatusCode::CONFLICT => 'C',
        // Someone else's row, answered as if it did not exist.
        StatusCode::NOT_FOUND => 'N',
        _ => '?',
    }
}

/// What one caller's single call on something made for them alone came to: `call`, sent as `caller`
/// (a name and an account, from `World::callers`), must answer `want`, and `changed` (a query of one
/// boolean about `subject`) must say it took effect exactly when it was allowed.
pub(crate) async fn check_once(
    pool: &PgPool,
    router: &Router,
    caller: &(&'static str, Option<i64>),
    want: char,
    call: &Call<'_>,
    changed: &str,
    subject: i64,
    failures: &mut Vec<String>,
) {
    let (name, account) = caller;
    let session = match account {
        Some(id) => Some(session_for(pool, *id).await),
        None => None,
    };
    let (status, body) = send(router, call, session.as_deref(), Csrf::Header).await;
    let done: bool = sqlx::query_scalar(changed)
        .bind(subject)
        .fetch_one(pool)
        .await
        .expect("whether it changed");
    if outcome(status) != want || done != (want == 'Y') {
        failures.push(format!(
            "{} × {name}: expected {want}, got {status} {body}, changed {done}",
            call.path
        ));
    }
}

pub(crate) async fn check_row(
    pool: &PgPool,
    router: &Router,
    w: &World,
    call: &Call<'_>,
    expected: &str,
    failures: &mut Vec<String>,
) {
    assert_eq!(expected.len(), w.callers.len(), "{}", call.path);
    for ((name, account), want) in w.callers.iter().zip(expected.chars()) {
        // Each call starts from the same state: a fresh session, the target active, the employer pending.
        sqlx::raw_sql(&format!(
            "UPDATE accounts SET status = 'active', suspended_reason = NULL;
             UPDATE employers SET verification_status = 'pending', verified_at = NULL, rejection_reason = NULL
              WHERE id = {}",
            w.pending_employer
        ))
        .execute(pool)
        .await
        .expect("reset");
        let session = match account {
            Some(id) => Some(session_for(pool, *id).await),
            None => None,
        };
        let (status, body) = send(router, call, session.as_deref(), Csrf::Header).await;
        if outcome(status) != want {
            failures.push(format!(
                "{} × {name}: expected {want}, got {status} {body}",
                call.path
            ));
        }
        if want != 'Y' && call.path.contains("decide-organisation") {
            let status: String =
                sqlx::query_scalar("SELECT verification_status FROM employers WHERE id = $1")
                    .bind(w.pending_employer)
                    .fetch_one(pool)
                    .await
                    .expect("status");
            if status != "pending" {
                failures.push(format!(
                    "{} × {name}: refused but changed the employer",
                    call.path
                ));
            }
        }
        if want != 'Y' && call.path.contains("suspend") {
            let suspended: i64 =
                sqlx::query_scalar("SELECT count(*) FROM accounts WHERE status = 'suspended'")
                    .fetch_one(pool)
                    .await
                    .expect("count");
            if suspended != 0 {
                failures.push(format!(
                    "{} × {name}: refused but suspended someone",
                    call.path
                ));
            }
        }
    }
}

/// Sends a form as the holder of `session` and checks that it is refused, its answer naming `expected`
/// (a field, a reason, or "notfound").
pub(crate) async fn expect_refused(
    router: &Router,
    session: &str,
    path: &str,
    body: &str,
    expected: &str,
) {
    let (status, answer) = send(router, &form(path, body), Some(session), Csrf::Header).await;
    assert!(
        !status.is_success() && answer.to_lowercase().contains(&expected.to_lowercase()),
        "{path} {body}: {status} {answer}"
    );
}

/// A form's body with some fields changed: `change`'s fields replace the form's of the same name
/// (a list's `name%5B%5D` fields are added to it instead).
pub(crate) fn form_with(good: &str, change: &str) -> String {
    let mut fields: Vec<(&str, &str)> = good
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    for (k, v) in change.split('&').filter_map(|kv| kv.split_once('=')) {
        if !k.ends_with("%5D") {
            fields.retain(|(key, _)| *key != k);
        }
        fields.push((k, v));
    }
    fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The worker registered with `phone`.
pub(crate) async fn worker_id(pool: &PgPool, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM workers WHERE phone = $1")
        .bind(phone)
        .fetch_one(pool)
        .await
        .expect("worker")
}

/// The one number a query counts.
pub(crate) async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

//! Accounts and access, tested through the real router against real PostgreSQL: the access matrix of
//! every mutating server function, CSRF, the sign-in code's lifecycle, rate limits, masking and the
//! walk-in claim flow.

use std::sync::Arc;

use app::auth::sign_in::{check_code, send_code};
use app::auth::sms::MemorySms;
use app::auth::token::{digest, random_hex};
use app::error::AppError;
use app::i18n::Lang;
use app::model::{OrganisationForm, Phone, Role, StaffScope};
use app::state::{AppState, AuthSettings};
use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tower::ServiceExt;

const GULOU: i32 = 320106;
const JIANGNING: i32 = 320115;
const NANJING: i32 = 320100;

pub(crate) fn router(pool: &PgPool, sms: MemorySms) -> Router {
    let events = app::events::EventHub::default();
    let options = LeptosOptions::builder().output_name("lingong").build();
    let bundles = crate::web::bundles(&options);
    let searches = app::search_cache::SearchCache::listening_to(&events);
    crate::web::router(
        AppState {
            leptos_options: options,
            pool: pool.clone(),
            map: Default::default(),
            auth: AuthSettings::default(),
            public_url: "https://lingong.example.cn".to_owned(),
            sms: Arc::new(sms),
            boards: app::live_boards::BoardHub::new(pool.clone(), events.clone()),
            searches: searches.clone(),
            search_index: app::search_index::SearchIndex::following(
                pool.clone(),
                &events,
                searches,
            ),
            events,
        },
        bundles,
    )
}

/// How a test request carries (or fails to carry) the anti-forgery token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Csrf {
    Header,
    Missing,
    Wrong,
}

struct Call<'a> {
    path: &'a str,
    body: String,
    json: bool,
}

fn form(path: &str, body: &str) -> Call<'static> {
    Call {
        path: Box::leak(path.to_owned().into_boxed_str()),
        body: body.to_owned(),
        json: false,
    }
}

fn json(path: &str, body: serde_json::Value) -> Call<'static> {
    Call {
        path: Box::leak(path.to_owned().into_boxed_str()),
        body: body.to_string(),
        json: true,
    }
}

async fn send(
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
    gulou_market: i32,
    pending_employer: i64,
    target_phone: &'static str,
    pub(crate) callers: Vec<(&'static str, Option<i64>)>,
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
    a::register_organisation(
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

/// Every mutating server function × every kind of caller: only the allowed succeed, the others get 401
/// (not signed in) or 403, and a refused call changes nothing.
#[sqlx::test]
async fn access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let organisation = |code: &str| {
        serde_json::json!({ "form": {
            "name": "南京测试餐饮有限公司", "credit_code": code, "city_adcode": NANJING,
            "district_adcode": GULOU, "address": "中山路2号", "contact_name": "王经理",
            "contact_phone": "13900000002" } })
    };
    let profile = serde_json::json!({ "profile": {
        "name": "张三", "birth_year": 1970, "home_city_adcode": NANJING, "home_district_adcode": GULOU,
        "trades": ["kitchen_helper"], "availability": ["weekdays"], "tags": ["older"],
        "expected_pay_cents": 20000, "expected_pay_unit": "day" } });

    // Columns: anonymous, worker, employer, new employer, market staff, district staff, other district
    // staff, city staff, province staff, admin. 'Y' allowed (200), 'U' 401, '-' 403, 'C' 409.
    let rows: Vec<(Call, &str)> = vec![
        (
            form("/api/account/sign-out", "everywhere=false"),
            "UYYYYYYYYY",
        ),
        (
            form("/api/account/password", "password=long+enough+1"),
            "U-YYYYYYYY",
        ),
        (form("/api/profile/worker", ""), "UY--------"),
        (
            json("/api/profile/worker/save", profile.clone()),
            "UY--------",
        ),
        // The new employer may register an organisation, but not with a code another one holds: 409.
        (
            json(
                "/api/profile/organisation/save",
                organisation("91110000802100433B"),
            ),
            "U-YC------",
        ),
        (form("/api/staff/pending-organisations", ""), "U---YYYYYY"),
        (
            form(
                "/api/staff/find-account",
                &format!("phone={}", w.target_phone),
            ),
            "U---YYYYYY",
        ),
        (form("/api/staff/audit", ""), "U---YYYYYY"),
        (
            form(
                "/api/staff/decide-organisation",
                &format!("employer_id={}&verify=true", w.pending_employer),
            ),
            "U---YY-YYY",
        ),
        (
            form(
                "/api/staff/suspend",
                &format!("phone={}&reason=%E6%B5%8B%E8%AF%95", w.target_phone),
            ),
            "U---YY-YYY",
        ),
    ];

    let mut failures = Vec::new();
    let mut walk_in_phone = 13_900_000_100_u64;
    for (call, expected) in &rows {
        check_row(&pool, &router, &w, call, expected, &mut failures).await;
    }
    // Walk-in registration needs a fresh phone per attempt.
    for ((name, account), want) in w.callers.iter().zip("U---YY-YYY".chars()) {
        walk_in_phone += 1;
        let call = json(
            "/api/staff/walk-in",
            serde_json::json!({ "form": { "phone": walk_in_phone.to_string(), "name": "李四",
                "birth_year": 1968, "district_adcode": GULOU, "trades": ["general_worker"], "tags": [] } }),
        );
        let session = match account {
            Some(id) => Some(session_for(&pool, *id).await),
            None => None,
        };
        let (status, body) = send(&router, &call, session.as_deref(), Csrf::Header).await;
        let registered: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM workers WHERE phone = $1)")
                .bind(walk_in_phone.to_string())
                .fetch_one(&pool)
                .await
                .expect("query");
        if outcome(status) != want || registered != (want == 'Y') {
            failures.push(format!(
                "walk-in × {name}: expected {want}, got {status} {body}, registered {registered}"
            ));
        }
    }
    // Deleting one's account last: it removes the worker.
    check_row(
        &pool,
        &router,
        &w,
        &form("/api/profile/worker/delete", "confirm=%E5%88%A0%E9%99%A4"),
        "UY--------",
        &mut failures,
    )
    .await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every refusal of a signed-in caller is in the audit log.
    let refused: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE outcome = 'refused'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert!(refused >= 40, "only {refused} refusals logged");
    let _ = w.gulou_market;
}

fn outcome(status: StatusCode) -> char {
    match status {
        StatusCode::OK => 'Y',
        StatusCode::UNAUTHORIZED => 'U',
        StatusCode::FORBIDDEN => '-',
        StatusCode::CONFLICT => 'C',
        _ => '?',
    }
}

async fn check_row(
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

/// State-changing requests without the token, with a wrong one, or from another site are refused and
/// change nothing; the form-field route works for forms sent before the Wasm loads.
#[sqlx::test]
async fn csrf_tokens_are_required(pool: PgPool) {
    let w = world(&pool).await;
    let sms = MemorySms::default();
    let router = router(&pool, sms.clone());
    let call = form("/api/account/code", "phone=13812345678");
    assert_eq!(
        send(&router, &call, None, Csrf::Missing).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&router, &call, None, Csrf::Wrong).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(sms.count(), 0, "a refused request sent a code");

    let admin = w.callers.last().and_then(|(_, id)| *id).expect("admin");
    let session = session_for(&pool, admin).await;
    let suspend = form(
        "/api/staff/suspend",
        &format!("phone={}&reason=x", w.target_phone),
    );
    let (status, body) = send(&router, &suspend, Some(&session), Csrf::Missing).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("StalePage"), "{body}");

    // Cross-site: refused even with the right token.
    let request = Request::post("/api/account/code")
        .header(header::COOKIE, format!("lingong_csrf={}", "c".repeat(64)))
        .header("x-csrf-token", "c".repeat(64))
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("phone=13812345678"))
        .expect("request");
    assert_eq!(
        router
            .clone()
            .oneshot(request)
            .await
            .expect("answer")
            .status(),
        StatusCode::FORBIDDEN
    );
    let suspended: i64 =
        sqlx::query_scalar("SELECT count(*) FROM accounts WHERE status = 'suspended'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(suspended, 0);

    // The token in the form body, as a form posted before hydration sends it.
    let with_field = form(
        "/api/account/code",
        &format!("phone=13812345678&csrf_token={}", "c".repeat(64)),
    );
    assert_eq!(
        send(&router, &with_field, None, Csrf::Missing).await.0,
        StatusCode::OK
    );
    assert_eq!(sms.count(), 1);

    // A page load hands out a token cookie that scripts can read and other sites cannot send.
    let page = router
        .clone()
        .oneshot(
            Request::get("/no/such/page")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answer");
    let cookie = page
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        cookie.starts_with("lingong_csrf=") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // Only pages hand it out: scripts, styles and probes stay cacheable.
    let health = router
        .clone()
        .oneshot(
            Request::get("/healthz")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answer");
    assert!(health.headers().get(header::SET_COOKIE).is_none());
}

#[sqlx::test]
async fn sign_in_codes_expire_die_and_work_once(pool: PgPool) {
    crate::seed::reference::load(&pool)
        .await
        .expect("reference");
    let sms = MemorySms::default();
    let phone = Phone::parse("138 1234 5678").expect("phone");
    send_code(&pool, &sms, &phone, None, Lang::Zh)
        .await
        .expect("sent");
    let code = sms.last_code(phone.as_str()).expect("code in the outbox");

    let wrong = if code == "000000" { "000001" } else { "000000" };
    assert_eq!(
        check_code(&pool, &phone, wrong, Role::Worker, None).await,
        Err(AppError::CodeRejected)
    );
    let (account, role) = check_code(&pool, &phone, &code, Role::Worker, None)
        .await
        .expect("signed in");
    assert_eq!(role, Role::Worker);
    // Single use.
    assert_eq!(
        check_code(&pool, &phone, &code, Role::Worker, None).await,
        Err(AppError::CodeRejected)
    );
    // The same account next time, whatever role is asked for.
    sqlx::query("DELETE FROM auth_events")
        .execute(&pool)
        .await
        .expect("reset limits");
    send_code(&pool, &sms, &phone, None, Lang::En)
        .await
        .expect("sent");
    let code = sms.last_code(phone.as_str()).expect("code");
    assert_eq!(
        check_code(&pool, &phone, &code, Role::Employer, None).await,
        Ok((account, Role::Worker))
    );

    // Expired codes are refused.
    sqlx::query("DELETE FROM auth_events")
        .execute(&pool)
        .await
        .expect("reset limits");
    send_code(&pool, &sms, &phone, None, Lang::Zh)
        .await
        .expect("sent");
    let code = sms.last_code(phone.as_str()).expect("code");
    sqlx::query("UPDATE login_codes SET created_at = now() - interval '10 minutes', expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .expect("age the code");
    assert_eq!(
        check_code(&pool, &phone, &code, Role::Worker, None).await,
        Err(AppError::CodeRejected)
    );

    // Five wrong guesses kill a code, even if the sixth is right.
    sqlx::query("DELETE FROM auth_events")
        .execute(&pool)
        .await
        .expect("reset limits");
    send_code(&pool, &sms, &phone, None, Lang::Zh)
        .await
        .expect("sent");
    let code = sms.last_code(phone.as_str()).expect("code");
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for _ in 0..5 {
        assert_eq!(
            check_code(&pool, &phone, wrong, Role::Worker, None).await,
            Err(AppError::CodeRejected)
        );
    }
    assert_eq!(
        check_code(&pool, &phone, &code, Role::Worker, None).await,
        Err(AppError::CodeRejected)
    );

    // Codes are stored hashed only.
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM login_codes WHERE encode(code_hash, 'escape') LIKE '%' || $1 || '%'",
    )
    .bind(&code)
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(stored, 0);
}

#[sqlx::test]
async fn sending_and_guessing_are_rate_limited(pool: PgPool) {
    crate::seed::reference::load(&pool)
        .await
        .expect("reference");
    let sms = MemorySms::default();
    let phone = Phone::parse("13812345678").expect("phone");
    let ip = Some("203.0.113.7".parse().expect("ip"));
    send_code(&pool, &sms, &phone, ip, Lang::Zh)
        .await
        .expect("first code");
    let again = send_code(&pool, &sms, &phone, ip, Lang::Zh).await;
    assert!(
        matches!(again, Err(AppError::RateLimited { retry_after_s }) if (1..=60).contains(&retry_after_s)),
        "{again:?}"
    );
    assert_eq!(sms.count(), 1);

    // Per address: thirty codes an hour from one address, whatever the phones.
    for n in 0..29 {
        let other = Phone::parse(&format!("1370000{n:04}")).expect("phone");
        send_code(&pool, &sms, &other, ip, Lang::Zh)
            .await
            .expect("within the address limit");
    }
    let other = Phone::parse("13799999999").expect("phone");
    assert!(matches!(
        send_code(&pool, &sms, &other, ip, Lang::Zh).await,
        Err(AppError::RateLimited { .. })
    ));

    // Ten wrong codes in an hour lock the phone out, even with the right code.
    let code = sms.last_code(phone.as_str()).expect("code");
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for _ in 0..10 {
        let _ = check_code(&pool, &phone, wrong, Role::Worker, None).await;
    }
    assert!(matches!(
        check_code(&pool, &phone, &code, Role::Worker, None).await,
        Err(AppError::RateLimited { .. })
    ));
    let accounts: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(accounts, 0);
}

/// Staff register a walk-in worker; the person later signs in with the same phone and the profile is
/// theirs. Staff see only masked numbers.
#[sqlx::test]
async fn walk_in_profiles_are_claimed_and_numbers_masked(pool: PgPool) {
    let w = world(&pool).await;
    let sms = MemorySms::default();
    let router = router(&pool, sms.clone());
    let district_staff = w
        .callers
        .iter()
        .find(|(n, _)| *n == "district staff")
        .and_then(|(_, id)| *id)
        .expect("staff");
    let session = session_for(&pool, district_staff).await;
    let call = json(
        "/api/staff/walk-in",
        serde_json::json!({ "form": { "phone": "13655556666", "name": "赵六", "birth_year": 1965,
            "district_adcode": GULOU, "trades": ["general_worker"], "tags": ["older"] } }),
    );
    let (status, body) = send(&router, &call, Some(&session), Csrf::Header).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The same number twice is a conflict, not a second profile.
    assert_eq!(
        send(&router, &call, Some(&session), Csrf::Header).await.0,
        StatusCode::CONFLICT
    );

    let (status, body) = send(
        &router,
        &form("/api/staff/find-account", "phone=13900000009"),
        Some(&session),
        Csrf::Header,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("139****0009") && !body.contains("13900000009"),
        "{body}"
    );
    let (_, body) = send(
        &router,
        &form("/api/staff/pending-organisations", ""),
        Some(&session),
        Csrf::Header,
    )
    .await;
    assert!(
        body.contains("139****5678") && !body.contains("13912345678"),
        "{body}"
    );

    let walk_in: i64 = sqlx::query_scalar("SELECT id FROM workers WHERE phone = '13655556666'")
        .fetch_one(&pool)
        .await
        .expect("walk-in");
    let phone = Phone::parse("13655556666").expect("phone");
    send_code(&pool, &sms, &phone, None, Lang::Zh)
        .await
        .expect("sent");
    let code = sms.last_code(phone.as_str()).expect("code");
    let (account, _) = check_code(&pool, &phone, &code, Role::Worker, None)
        .await
        .expect("signed in");
    let (worker_id, name): (i64, String) = sqlx::query_as(
        "SELECT a.worker_id, w.name FROM accounts a JOIN workers w ON w.id = a.worker_id WHERE a.id = $1",
    )
    .bind(account)
    .fetch_one(&pool)
    .await
    .expect("account");
    assert_eq!((worker_id, name.as_str()), (walk_in, "赵六"));
    let logged: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id")
            .bind(walk_in)
            .fetch_all(&pool)
            .await
            .expect("audit");
    assert_eq!(logged, ["register_walk_in", "claim_walk_in_profile"]);
}

/// Sessions end on sign-out (everywhere, too) and when their idle time runs out.
#[sqlx::test]
async fn sessions_end(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let worker = w.callers[1].1.expect("worker");
    let me = form("/api/account/me", "");
    let a = session_for(&pool, worker).await;
    let b = session_for(&pool, worker).await;
    let (_, body) = send(&router, &me, Some(&a), Csrf::Header).await;
    assert!(
        body.contains("\"role\":\"worker\"") && body.contains("139****0001"),
        "{body}"
    );
    assert_eq!(
        send(
            &router,
            &form("/api/account/sign-out", "everywhere=true"),
            Some(&a),
            Csrf::Header
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(send(&router, &me, Some(&b), Csrf::Header).await.1, "null");

    let c = session_for(&pool, worker).await;
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '2 hours'")
        .execute(&pool)
        .await
        .expect("idle");
    assert_eq!(send(&router, &me, Some(&c), Csrf::Header).await.1, "null");
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

/// The market loop's server functions × every kind of caller, over HTTP. Each function that changes
/// something succeeds for its one rightful caller (the row's single 'Y') and changes nothing for the
/// others.
#[sqlx::test(migrations = "./migrations")]
async fn market_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let posting = market_posting(&pool, "鼓楼急招帮厨").await;
    let other = market_posting(&pool, "鼓楼周末帮厨").await;
    let worker_id: i64 =
        sqlx::query_scalar("SELECT worker_id FROM accounts WHERE phone = '13900000001'")
            .fetch_one(&pool)
            .await
            .expect("worker");
    let application: i64 = sqlx::query_scalar(
        "INSERT INTO applications (posting_id, worker_id) VALUES ($1, $2) RETURNING id",
    )
    .bind(posting)
    .bind(worker_id)
    .fetch_one(&pool)
    .await
    .expect("application");
    let new_posting = serde_json::json!({ "id": null, "publish": false, "form": {
        "trade": "waiter", "title": "鼓楼服务员", "description": "", "requirements": "",
        "address": "中山路5号", "location": { "lng": 118.78, "lat": 32.06 }, "market": null,
        "pay_cents": 18000, "pay_unit": "day", "start_date": "2099-01-01", "end_date": "2099-01-02",
        "shift_minutes": 480, "headcount": 2, "tags": [], "contact": "platform" } });
    let saved_search = serde_json::json!({ "label": "鼓楼帮厨", "query": {
        "keyword": null, "trade": "kitchen_helper", "city": 320100, "district": null, "near": null,
        "radius_km": null, "min_pay": null, "date": "Any", "max_hours": null, "tags": [], "sort": "Newest",
        "page": 0 } });

    // Columns as in `access_matrix_over_http`.
    let rows: Vec<(Call, &str)> = vec![
        (form("/api/employer/postings", ""), "U-Y-------"),
        (
            form("/api/employer/posting", &format!("id={posting}")),
            "U-Y-------",
        ),
        (
            json("/api/employer/save-posting", new_posting),
            "U-Y-------",
        ),
        (
            form("/api/employer/applicants", &format!("id={posting}")),
            "U-Y-------",
        ),
        (
            form(
                "/api/employer/decide",
                &format!("application_id={application}&decision=reject&reason=%E5%B7%B2%E6%BB%A1"),
            ),
            "U-Y-------",
        ),
        (
            form(
                "/api/employer/set-status",
                &format!("id={posting}&status=paused"),
            ),
            "U-Y-------",
        ),
        (
            form("/api/employer/repost", &format!("id={posting}")),
            "U-Y-------",
        ),
        (
            form("/api/applications/apply", &format!("posting_id={other}")),
            "UY--------",
        ),
        (form("/api/applications/mine", ""), "UY--------"),
        (
            form("/api/applications/state", &format!("posting_id={other}")),
            "YYYYYYYYYY",
        ),
        (form("/api/notifications/feed", ""), "YYYYYYYYYY"),
        (form("/api/notifications/read", "up_to=0"), "UYYYYYYYYY"),
        (form("/api/matching/recommendations", ""), "UY--------"),
        (form("/api/matching/saved-searches", ""), "UY--------"),
        (
            json("/api/matching/save-search", saved_search),
            "UY--------",
        ),
        (
            form(
                "/api/reports/file",
                &format!("posting_id={other}&reason=fake&details="),
            ),
            "YYYYYYYYYY",
        ),
        (form("/api/reports/open", ""), "U---YYYYYY"),
    ];
    let mut failures = Vec::new();
    for (call, expected) in &rows {
        check_row(&pool, &router, &w, call, expected, &mut failures).await;
    }

    // What the one rightful caller did, and nothing more.
    let (status, reposts): (String, i64) = sqlx::query_as(
        "SELECT status, (SELECT count(*) FROM postings WHERE reposted_from = $1) FROM postings WHERE id = $1",
    )
    .bind(posting)
    .fetch_one(&pool)
    .await
    .expect("posting");
    assert_eq!((status.as_str(), reposts), ("paused", 1));
    let decided: (String, Option<String>) =
        sqlx::query_as("SELECT status, decision_reason FROM applications WHERE id = $1")
            .bind(application)
            .fetch_one(&pool)
            .await
            .expect("application");
    assert_eq!(decided, ("rejected".to_owned(), Some("已满".to_owned())));
    let applied: i64 =
        sqlx::query_scalar("SELECT count(*) FROM applications WHERE posting_id = $1")
            .bind(other)
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(applied, 1);
    // The worker heard about the rejection; the employer about the new applicant.
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM notifications ORDER BY id")
        .fetch_all(&pool)
        .await
        .expect("kinds");
    assert_eq!(kinds, vec!["rejected", "new_applicant"]);

    // Handling a report: staff whose scope covers 鼓楼, and admins; one fresh report per caller.
    for ((name, account), want) in w.callers.iter().zip("U---YY-YYY".chars()) {
        let report: i64 = sqlx::query_scalar(
            "INSERT INTO posting_reports (posting_id, reason, details) VALUES ($1, 'fake', '') RETURNING id",
        )
        .bind(other)
        .fetch_one(&pool)
        .await
        .expect("report");
        let session = match account {
            Some(id) => Some(session_for(&pool, *id).await),
            None => None,
        };
        let call = form(
            "/api/reports/handle",
            &format!("report_id={report}&uphold=false&note=%E6%A0%B8%E5%AE%9E%E6%97%A0%E8%AF%AF"),
        );
        let (status, body) = send(&router, &call, session.as_deref(), Csrf::Header).await;
        let handled: bool =
            sqlx::query_scalar("SELECT status <> 'open' FROM posting_reports WHERE id = $1")
                .bind(report)
                .fetch_one(&pool)
                .await
                .expect("report status");
        if outcome(status) != want || handled != (want == 'Y') {
            failures.push(format!(
                "reports/handle × {name}: expected {want}, got {status} {body}, handled {handled}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Boards are public; their staff-only numbers and the statistics are for staff of the place (or of an
/// area containing it) and admins. Columns as in [`world`]: anonymous, worker, employer, new employer,
/// market staff (鼓楼 station), district staff (鼓楼), other district staff (江宁), city staff (南京),
/// province staff, admin.
#[sqlx::test(migrations = "./migrations")]
async fn board_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let rows = [
        (
            form("/api/board", "kind=province&key=jiangsu"),
            "YYYYYYYYYY",
        ),
        (
            form("/api/board", "kind=market&key=test-gulou-station"),
            "YYYYYYYYYY",
        ),
        (
            form(
                "/api/board/staff-figures",
                "kind=market&key=test-gulou-station",
            ),
            "U---YY-YYY",
        ),
        (
            form("/api/board/staff-figures", "kind=district&key=320106"),
            "U----Y-YYY",
        ),
        (
            form("/api/board/staff-figures", "kind=city&key=320100"),
            "U------YYY",
        ),
        (
            form("/api/board/staff-figures", "kind=province&key=jiangsu"),
            "U-------YY",
        ),
        // Without a place: one's own area (admins: the province).
        (form("/api/staff/statistics", "period=day"), "U---YYYYYY"),
        (
            form(
                "/api/staff/statistics",
                "period=month&kind=district&key=320106",
            ),
            "U----Y-YYY",
        ),
    ];
    let mut failures = Vec::new();
    for (call, expected) in &rows {
        check_row(&pool, &router, &w, call, expected, &mut failures).await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Unknown places and malformed requests: clear refusals, never a 500.
    for (call, status) in [
        (
            form("/api/board", "kind=market&key=nowhere"),
            StatusCode::NOT_FOUND,
        ),
        (
            form("/api/board", "kind=city&key=320106"),
            StatusCode::NOT_FOUND,
        ),
        (
            form("/api/board", "kind=planet&key=x"),
            StatusCode::NOT_FOUND,
        ),
        (form("/api/board", "kind=city"), StatusCode::BAD_REQUEST),
    ] {
        let (got, body) = send(&router, &call, None, Csrf::Header).await;
        assert_eq!(got, status, "{} {}: {body}", call.path, call.body);
    }
    let admin = w.callers.last().and_then(|(_, id)| *id).expect("admin");
    let session = session_for(&pool, admin).await;
    let (got, _) = send(
        &router,
        &form("/api/staff/statistics", "period=year"),
        Some(&session),
        Csrf::Header,
    )
    .await;
    assert_eq!(got, StatusCode::BAD_REQUEST);
}

/// A board's stream sends the whole board as one event, with the change number as its id; a browser
/// reconnecting with that id (`Last-Event-ID`) is not sent the same board again. Unknown boards: 404.
#[sqlx::test(migrations = "./migrations")]
async fn board_stream_sends_whole_boards_and_honours_last_event_id(pool: PgPool) {
    use futures::StreamExt;
    let _ = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let open = |last_event_id: Option<String>| {
        let mut request =
            Request::get("/api/boards/district/320106/events").header(header::HOST, "localhost");
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        router
            .clone()
            .oneshot(request.body(Body::empty()).expect("request"))
    };
    let response = open(None).await.expect("router answers");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut stream = response.into_body().into_data_stream();
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
        .await
        .expect("a board within five seconds")
        .expect("an event")
        .expect("bytes");
    let text = String::from_utf8(first.to_vec()).expect("UTF-8");
    assert!(text.starts_with("event: board\nid: "), "{text}");
    assert!(
        text.contains("\nretry: 1000\ndata: {") && text.ends_with("}\n\n"),
        "{text}"
    );
    let change = text["event: board\nid: ".len()..]
        .split('\n')
        .next()
        .expect("id line")
        .to_owned();
    let board: serde_json::Value =
        serde_json::from_str(text.split_once("data: ").expect("data").1.trim_end()).expect("JSON");
    assert_eq!(board["name"], "鼓楼区");

    // Reconnecting with the id of the board it has: nothing is sent until something changes.
    let again = open(Some(change)).await.expect("router answers");
    let mut again = again.into_body().into_data_stream();
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(500), again.next())
            .await
            .is_err(),
        "the same board was sent again"
    );

    for path in [
        "/api/boards/district/999999/events",
        "/api/boards/market/nowhere/events",
        "/api/boards/planet/x/events",
    ] {
        let response = router
            .clone()
            .oneshot(
                Request::get(path)
                    .header(header::HOST, "localhost")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("router answers");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

/// A form posted the way a browser posts it before the Wasm has arrived: the token in a field, the page
/// it came from as the referrer, HTML wanted back. The status, where it is sent, and the cookies set.
async fn post_page_form(
    router: &Router,
    path: &str,
    fields: &str,
    session: Option<&str>,
    referer: &str,
) -> (StatusCode, String, Vec<String>) {
    let token = "c".repeat(64);
    let mut cookies = format!("lingong_csrf={token}");
    if let Some(session) = session {
        cookies.push_str(&format!("; lingong_session={session}"));
    }
    let request = Request::post(path)
        .header(header::COOKIE, cookies)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, referer)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("{fields}&csrf_token={token}")))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("answer");
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    (response.status(), location, cookies)
}

/// The posting page's apply and withdraw, the report form and the header's preferences work as plain
/// forms, before the Wasm arrives: each does its work and sends the browser back to the page, with the
/// error in the address when there is one.
#[sqlx::test(migrations = "./migrations")]
async fn forms_sent_before_the_wasm_work_and_come_back(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let posting = market_posting(&pool, "鼓楼急招帮厨").await;
    let page = format!("http://localhost/postings/{posting}");

    let (status, location, cookies) = post_page_form(
        &router,
        "/api/prefs",
        "lang=en&elder=true",
        None,
        "http://localhost/markets?city=320100",
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location, "http://localhost/markets?city=320100");
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("lingong_prefs=en.elder;") && c.contains("Max-Age=31536000")),
        "{cookies:?}"
    );
    let (status, location, cookies) =
        post_page_form(&router, "/api/prefs", "lang=fr&elder=true", None, &page).await;
    assert!(status.is_redirection(), "{status}");
    assert!(
        location.starts_with(&format!("{page}?")) && location.contains("__err="),
        "{location}"
    );
    assert!(
        !cookies.iter().any(|c| c.starts_with("lingong_prefs=")),
        "{cookies:?}"
    );

    let worker = w.callers[1].1.expect("worker");
    let session = session_for(&pool, worker).await;
    let (status, location, _) = post_page_form(
        &router,
        "/api/applications/apply",
        &format!("posting_id={posting}&message=%E6%98%8E%E5%A4%A9%E8%83%BD%E5%88%B0"),
        Some(&session),
        &page,
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    // Back to the posting, which then says the application went in.
    assert_eq!(location, format!("/postings/{posting}?applied=1#apply"));
    let (application, message): (i64, String) = sqlx::query_as(
        "SELECT id, message FROM applications WHERE posting_id = $1 AND status = 'pending'",
    )
    .bind(posting)
    .fetch_one(&pool)
    .await
    .expect("the application");
    assert_eq!(message, "明天能到");
    let (status, _, _) = post_page_form(
        &router,
        "/api/applications/withdraw",
        &format!("application_id={application}"),
        Some(&session),
        &page,
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    let state: String = sqlx::query_scalar("SELECT status FROM applications WHERE id = $1")
        .bind(application)
        .fetch_one(&pool)
        .await
        .expect("status");
    assert_eq!(state, "withdrawn");

    // Not signed in: nothing is applied for, and the page says why.
    let (status, location, _) = post_page_form(
        &router,
        "/api/applications/apply",
        &format!("posting_id={posting}&message="),
        None,
        &page,
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    assert!(location.contains("__err="), "{location}");

    let (status, location, _) = post_page_form(
        &router,
        "/api/reports/file",
        &format!("posting_id={posting}&reason=unpaid_wages&details=%E6%AC%A0%E8%96%AA"),
        None,
        &page,
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    // Back to the page, which says the report was received.
    assert_eq!(location, format!("/postings/{posting}?reported=1#report"));
    let (reason, details): (String, String) =
        sqlx::query_as("SELECT reason, details FROM posting_reports WHERE posting_id = $1")
            .bind(posting)
            .fetch_one(&pool)
            .await
            .expect("the report");
    assert_eq!(
        (reason.as_str(), details.as_str()),
        ("unpaid_wages", "欠薪")
    );
    let applications: i64 =
        sqlx::query_scalar("SELECT count(*) FROM applications WHERE posting_id = $1")
            .bind(posting)
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(applications, 1);

    // A worker's messages are marked read, and signing out ends on the home page without the session.
    let notification: i64 = sqlx::query_scalar(
        "INSERT INTO notifications (account_id, kind, posting_id, title) VALUES ($1, 'accepted', $2, '鼓楼急招帮厨')
         RETURNING id",
    )
    .bind(worker)
    .bind(posting)
    .fetch_one(&pool)
    .await
    .expect("a notification");
    let (status, location, _) = post_page_form(
        &router,
        "/api/notifications/read",
        &format!("up_to={notification}"),
        Some(&session),
        "http://localhost/messages",
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location.trim_end_matches('?'), "http://localhost/messages");
    let read: bool =
        sqlx::query_scalar("SELECT read_at IS NOT NULL FROM notifications WHERE id = $1")
            .bind(notification)
            .fetch_one(&pool)
            .await
            .expect("read");
    assert!(read);
    let (status, location, cookies) = post_page_form(
        &router,
        "/api/account/sign-out",
        "everywhere=false",
        Some(&session),
        "http://localhost/me",
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location, "/");
    assert!(
        cookies.iter().any(|c| c.starts_with("lingong_session=;")),
        "{cookies:?}"
    );
}

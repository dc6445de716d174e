//! The public API (`/api/v1`) through the real router against real PostgreSQL: every answer checked
//! against the OpenAPI document by an independent validator (the `jsonschema` crate, which knows
//! nothing of utoipa); partners' keys, their limits, revocation; the anonymous limit; CORS; who may
//! manage keys; and search answering as the site's search does.

use app::auth::sms::MemorySms;
use app::public_api::ApiSettings;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::Router;
use serde_json::Value;
use sqlx::PgPool;

use crate::test_harness::*;

async fn get(router: &Router, path: &str) -> (StatusCode, HeaderMap, String) {
    request(router, Method::GET, path, &[]).await
}

/// The document, as served.
pub(crate) async fn document(router: &Router) -> Value {
    let (status, _, body) = get(router, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("the document is JSON")
}

/// The schema the document gives for `template`'s answer with `status` (JSON, or a line of JSON
/// Lines).
fn response_schema(document: &Value, template: &str, status: StatusCode) -> Value {
    let content = &operation(document, template)["responses"][status.as_str()]["content"];
    let schema = if content["application/jsonl"].is_null() {
        &content["application/json"]["schema"]
    } else {
        &content["application/jsonl"]["schema"]
    };
    assert!(
        !schema.is_null(),
        "the document describes {status} of GET {template}"
    );
    schema.clone()
}

/// The operation at `template`: its GET, or its POST for the one path that takes a body.
fn operation<'a>(document: &'a Value, template: &str) -> &'a Value {
    let path = &document["paths"][template];
    if path["get"].is_null() {
        &path["post"]
    } else {
        &path["get"]
    }
}

/// Checks an answer against the document: its status is described, its body fits the schema.
pub(crate) fn conforms(document: &Value, template: &str, status: StatusCode, body: &str) {
    let errors = violations(document, template, status, body);
    assert!(
        errors.is_empty(),
        "{template} {status} does not fit the document:\n{}\n{body}",
        errors.join("\n")
    );
}

/// How an answer's body departs from the document's schema for it.
fn violations(document: &Value, template: &str, status: StatusCode, body: &str) -> Vec<String> {
    schema_violations(document, response_schema(document, template, status), body)
}

/// How a request's line departs from the document's schema for the body of `template`.
pub(crate) fn request_violations(document: &Value, template: &str, line: &str) -> Vec<String> {
    let content = &operation(document, template)["requestBody"]["content"];
    schema_violations(
        document,
        content["application/jsonl"]["schema"].clone(),
        line,
    )
}

fn schema_violations(document: &Value, mut root: Value, body: &str) -> Vec<String> {
    // The schema's `$ref`s point into the document's components: the root carries them along.
    root["components"] = document["components"].clone();
    root["$schema"] = Value::from("https://json-schema.org/draft/2020-12/schema");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .expect("the document's schema compiles");
    let instance: Value = serde_json::from_str(body).expect("the answer is JSON");
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Today's fair at the test station, and an approved course there: something in every list.
async fn calendar(pool: &PgPool, market: i32) {
    sqlx::query(
        "INSERT INTO job_fairs (market_id, theme, title, held_on, starts_at, ends_at, booths, livestream_url)
         VALUES ($1, 'fishers', '退捕渔民专场', lingong_china_today(), '09:00', '11:30', 8, 'https://live.example.cn/1')",
    )
    .bind(market)
    .execute(pool)
    .await
    .expect("fair");
    // Proposed, then approved: the course's life, as the database keeps it.
    let course: i64 = sqlx::query_scalar(
        "INSERT INTO courses (provider_id, trade_code, title, city_adcode, district_adcode, address,
                              starts_on, ends_on, schedule, hours, capacity, cost_cents, subsidy_eligible)
         VALUES ((SELECT employer_id FROM accounts WHERE phone = '13900000002'), 'electrician', '低压电工培训',
                 320100, 320106, '中山路5号', lingong_china_today() + 3, lingong_china_today() + 20,
                 '每周六 9:00–16:00', 64, 30, 0, true)
         RETURNING id",
    )
    .fetch_one(pool)
    .await
    .expect("course");
    sqlx::query(
        "UPDATE courses SET status = 'approved', decided_at = now(),
                decided_by = (SELECT id FROM accounts WHERE phone = '13900000010')
          WHERE id = $1",
    )
    .bind(course)
    .execute(pool)
    .await
    .expect("approved");
}

#[sqlx::test(migrations = "./migrations")]
async fn every_answer_fits_the_openapi_document(pool: PgPool) {
    let w = world(&pool).await;
    let posting = market_posting(&pool, "开放接口帮厨").await;
    calendar(&pool, w.gulou_market).await;
    let router = router(&pool, MemorySms::default());
    until_listening(&pool).await;
    let document = document(&router).await;
    assert_eq!(document["openapi"], "3.1.0");

    // Every operation, with what a partner would ask: each answer fits its schema.
    let ok = [
        ("/api/v1/postings", "/api/v1/postings?date=any".to_owned()),
        (
            "/api/v1/postings",
            "/api/v1/postings?date=any&trade=catering&city=320100&lng=118.78&lat=32.06&r=5&sort=nearest&pay=100&unit=day&hours=10".to_owned(),
        ),
        ("/api/v1/postings/{id}", format!("/api/v1/postings/{posting}")),
        ("/api/v1/markets", "/api/v1/markets".to_owned()),
        ("/api/v1/markets", "/api/v1/markets?lng=118.77&lat=32.07&service=job_referral".to_owned()),
        ("/api/v1/markets/{slug}", "/api/v1/markets/test-gulou-station".to_owned()),
        ("/api/v1/fairs", "/api/v1/fairs".to_owned()),
        ("/api/v1/fairs", "/api/v1/fairs?market=test-gulou-station".to_owned()),
        ("/api/v1/courses", "/api/v1/courses?city=320100&trade=electrician".to_owned()),
        ("/api/v1/boards/{kind}/{key}", "/api/v1/boards/province/jiangsu".to_owned()),
        ("/api/v1/boards/{kind}/{key}", "/api/v1/boards/city/320100".to_owned()),
        ("/api/v1/boards/{kind}/{key}", "/api/v1/boards/market/test-gulou-station".to_owned()),
    ];
    for (template, path) in &ok {
        let (status, _, body) = get(&router, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        conforms(&document, template, status, body.as_str());
    }
    // The validator does see through the document's references: answers of the wrong shape fail.
    let (_, _, good) = get(&router, &format!("/api/v1/postings/{posting}")).await;
    let mut bad: Value = serde_json::from_str(&good).expect("json");
    bad["posting"]["pay_unit"] = Value::from("week");
    bad["posting"]["start_date"] = Value::from("next monday");
    for body in [bad.to_string(), "{\"posting\": 1}".to_owned()] {
        assert!(
            !violations(&document, "/api/v1/postings/{id}", StatusCode::OK, &body).is_empty(),
            "{body}"
        );
    }

    // Not empty: the lists hold what was made above.
    let (_, _, found) = get(
        &router,
        "/api/v1/postings?date=any&q=%E5%BC%80%E6%94%BE%E6%8E%A5%E5%8F%A3",
    )
    .await;
    let found: Value = serde_json::from_str(&found).expect("json");
    assert_eq!(found["postings"][0]["id"], posting, "{found}");
    assert_eq!(
        found["postings"][0]["url"],
        format!("https://lingong.example.cn/postings/{posting}")
    );
    let (_, _, fairs) = get(&router, "/api/v1/fairs").await;
    assert!(
        fairs.contains("退捕渔民专场") && fairs.contains("\"theme\":\"fishers\""),
        "{fairs}"
    );
    let (_, _, courses) = get(&router, "/api/v1/courses").await;
    assert!(courses.contains("低压电工培训"), "{courses}");

    // The refusals fit too, and say what was wrong.
    let refused = [
        (
            "/api/v1/postings",
            "/api/v1/postings?pay=abc",
            StatusCode::BAD_REQUEST,
            "pay",
        ),
        (
            "/api/v1/postings",
            "/api/v1/postings?trade=no_such_trade",
            StatusCode::BAD_REQUEST,
            "trade",
        ),
        (
            "/api/v1/postings",
            "/api/v1/postings?lng=2.35&lat=48.85",
            StatusCode::BAD_REQUEST,
            "near",
        ),
        (
            "/api/v1/postings",
            "/api/v1/postings?tags=smokers",
            StatusCode::BAD_REQUEST,
            "tags",
        ),
        (
            "/api/v1/postings",
            "/api/v1/postings?page=9999",
            StatusCode::BAD_REQUEST,
            "page",
        ),
        (
            "/api/v1/postings/{id}",
            "/api/v1/postings/999999999",
            StatusCode::NOT_FOUND,
            "",
        ),
        (
            "/api/v1/postings/{id}",
            "/api/v1/postings/abc",
            StatusCode::NOT_FOUND,
            "",
        ),
        (
            "/api/v1/markets",
            "/api/v1/markets?service=spa",
            StatusCode::BAD_REQUEST,
            "service",
        ),
        (
            "/api/v1/markets",
            "/api/v1/markets?lng=118.7",
            StatusCode::BAD_REQUEST,
            "lng",
        ),
        (
            "/api/v1/markets/{slug}",
            "/api/v1/markets/%3Cscript%3E",
            StatusCode::NOT_FOUND,
            "",
        ),
        (
            "/api/v1/courses",
            "/api/v1/courses?city=320106",
            StatusCode::BAD_REQUEST,
            "city",
        ),
        (
            "/api/v1/courses",
            "/api/v1/courses?trade=Bad-Trade",
            StatusCode::BAD_REQUEST,
            "trade",
        ),
        (
            "/api/v1/boards/{kind}/{key}",
            "/api/v1/boards/city/999900",
            StatusCode::NOT_FOUND,
            "",
        ),
        (
            "/api/v1/boards/{kind}/{key}",
            "/api/v1/boards/planet/mars",
            StatusCode::NOT_FOUND,
            "",
        ),
    ];
    for (template, path, want, parameter) in refused {
        let (status, _, body) = get(&router, path).await;
        assert_eq!(status, want, "{path}: {body}");
        conforms(&document, template, status, &body);
        let problem: Value = serde_json::from_str(&body).expect("json");
        if !parameter.is_empty() {
            assert_eq!(problem["parameter"], parameter, "{path}: {body}");
        }
    }
    // English when asked.
    let (_, _, body) = request(
        &router,
        Method::GET,
        "/api/v1/postings?pay=abc",
        &[("accept-language", "en-GB,en;q=0.9,zh;q=0.5")],
    )
    .await;
    assert!(body.contains("parameter pay is not valid"), "{body}");
}

#[sqlx::test(migrations = "./migrations")]
async fn the_api_searches_as_the_site_does(pool: PgPool) {
    let _w = world(&pool).await;
    for title in ["接口比对帮厨甲", "接口比对帮厨乙", "接口比对帮厨丙"] {
        market_posting(&pool, title).await;
    }
    let router = router(&pool, MemorySms::default());
    until_listening(&pool).await;
    for query in [
        "date=any",
        "date=any&q=%E6%8E%A5%E5%8F%A3%E6%AF%94%E5%AF%B9",
        "date=any&city=320100&sort=pay",
        "date=any&lng=118.78&lat=32.06&r=3&sort=nearest",
        "date=any&trade=kitchen_helper&hours=8",
    ] {
        let (status, _, api) = get(&router, &format!("/api/v1/postings?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {api}");
        let api: Value = serde_json::from_str(&api).expect("json");
        let api_ids: Vec<i64> = api["postings"]
            .as_array()
            .expect("postings")
            .iter()
            .map(|p| p["id"].as_i64().expect("id"))
            .collect();
        let parsed = app::model::SearchQuery::from_params(|name| {
            form_urlencoded::parse(query.as_bytes())
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .collect()
        })
        .expect("a valid query");
        let (status, site) = send(
            &router,
            &json(
                "/api/postings/search",
                serde_json::json!({ "query": parsed }),
            ),
            None,
            Csrf::Header,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{site}");
        let site: Value = serde_json::from_str(&site).expect("json");
        let site_ids: Vec<i64> = site["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["posting"]["id"].as_i64().expect("id"))
            .collect();
        assert_eq!(api_ids, site_ids, "{query}");
        assert!(!api_ids.is_empty(), "{query}");
    }
}

/// Makes a key as the admin; its secret and id.
pub(crate) async fn make_key(
    pool: &PgPool,
    router: &Router,
    w: &World,
    partner: &str,
    per_minute: u32,
) -> (String, i64) {
    let admin = session_for(pool, w.account("admin")).await;
    let (status, body) = send(
        router,
        &form(
            "/api/api-keys/create",
            &format!("partner={partner}&per_minute={per_minute}"),
        ),
        Some(&admin),
        Csrf::Header,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let made: Value = serde_json::from_str(&body).expect("json");
    (
        made["secret"].as_str().expect("secret").to_owned(),
        made["key"]["id"].as_i64().expect("id"),
    )
}

#[sqlx::test(migrations = "./migrations")]
async fn keys_carry_their_limits_and_stop_working_when_revoked(pool: PgPool) {
    let w = world(&pool).await;
    let router = router_with_api(
        &pool,
        MemorySms::default(),
        ApiSettings {
            anonymous_per_minute: 2,
        },
    );
    let document = document(&router).await;

    // Without a key: two requests a minute from one address, then 429 with Retry-After.
    for _ in 0..1 {
        let (status, headers, _) = get(&router, "/api/v1/markets").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["x-ratelimit-limit"], "2");
    }
    let (status, headers, body) = get(&router, "/api/v1/markets").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    conforms(&document, "/api/v1/markets", status, &body);
    let wait: u32 = headers[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(body.contains("\"error\":\"rate_limited\""), "{body}");

    // A partner's key: its own limit (3 a minute), in either header, whatever the anonymous one.
    let (secret, id) = make_key(&pool, &router, &w, "%E8%8B%8F%E5%BF%83%E8%81%98", 3).await;
    assert!(app::model::is_well_formed_secret(&secret), "{secret}");
    let bearer = format!("Bearer {secret}");
    for headers in [
        [("authorization", bearer.as_str())],
        [("x-api-key", secret.as_str())],
        [("authorization", bearer.as_str())],
    ] {
        let (status, answer, body) = request(&router, Method::GET, "/api/v1/fairs", &headers).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(answer["x-ratelimit-limit"], "3");
    }
    let (status, headers, body) = request(
        &router,
        Method::GET,
        "/api/v1/fairs",
        &[("x-api-key", secret.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(headers.contains_key(header::RETRY_AFTER));
    // Only the secret's hash is kept, and the key was marked used.
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM api_keys WHERE id = {id} AND last_used_at IS NOT NULL")
        )
        .await,
        1
    );
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM api_keys WHERE encode(secret_sha256, 'hex') LIKE '%' || $1 || '%' OR prefix = $1",
    )
    .bind(&secret)
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(stored, 0, "the secret is not stored");

    // Unknown, malformed and revoked keys: 401, said as such.
    let forged = format!("lg_{}", "0".repeat(48));
    for (key, code) in [
        (forged.as_str(), "unknown_api_key"),
        ("lg_short", "unknown_api_key"),
        ("' OR 1=1 --", "unknown_api_key"),
    ] {
        let (status, _, body) = request(
            &router,
            Method::GET,
            "/api/v1/markets",
            &[("x-api-key", key)],
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert!(body.contains(code), "{body}");
        conforms(&document, "/api/v1/markets", status, &body);
    }
    let (other, other_id) = make_key(
        &pool,
        &router,
        &w,
        "%E5%B0%B1%E5%9C%A8%E6%B1%9F%E8%8B%8F",
        100,
    )
    .await;
    let admin = session_for(&pool, w.account("admin")).await;
    let (status, body) = send(
        &router,
        &form("/api/api-keys/revoke", &format!("id={other_id}")),
        Some(&admin),
        Csrf::Header,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, body) = request(
        &router,
        Method::GET,
        "/api/v1/markets",
        &[("x-api-key", other.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(body.contains("revoked_api_key"), "{body}");
    // Revoked for good: not twice, and not undone in the database either.
    let (status, body) = send(
        &router,
        &form("/api/api-keys/revoke", &format!("id={other_id}")),
        Some(&admin),
        Csrf::Header,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    for sql in [
        "UPDATE api_keys SET revoked_at = NULL, revoked_by = NULL WHERE id = $1",
        "UPDATE api_keys SET per_minute = 100000 WHERE id = $1",
        "UPDATE api_keys SET revoked_at = now(), revoked_by = NULL WHERE id = $1",
    ] {
        let refused = sqlx::query(sql).bind(other_id).execute(&pool).await;
        assert!(refused.is_err(), "{sql}");
    }
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action IN ('create_api_key', 'revoke_api_key')"
        )
        .await,
        3
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn other_sites_may_read_the_api(pool: PgPool) {
    let _w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let (status, headers, _) = request(
        &router,
        Method::OPTIONS,
        "/api/v1/postings",
        &[
            ("origin", "https://partner.example.com"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "x-api-key"),
        ],
    )
    .await;
    assert!(status.is_success(), "{status}");
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert!(headers["access-control-allow-headers"]
        .to_str()
        .expect("ascii")
        .contains("x-api-key"));
    let (status, headers, _) = request(
        &router,
        Method::GET,
        "/api/v1/markets",
        &[("origin", "https://partner.example.com")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], "*");
    // The site's own server functions stay closed to other sites.
    let (_, headers, _) = request(
        &router,
        Method::OPTIONS,
        "/api/markets/list",
        &[
            ("origin", "https://partner.example.com"),
            ("access-control-request-method", "POST"),
        ],
    )
    .await;
    assert!(!headers.contains_key("access-control-allow-origin"));
}

#[sqlx::test(migrations = "./migrations")]
async fn api_key_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let mut failures = Vec::new();
    // Columns: anonymous, worker, employer, new employer, market staff, district staff, other
    // district staff, city staff, province staff, admin.
    for (call, expected) in [
        (form("/api/api-keys/list", ""), "U--------Y"),
        (
            form(
                "/api/api-keys/create",
                "partner=%E7%BB%8F%E6%B5%8B&per_minute=60",
            ),
            "U--------Y",
        ),
        (form("/api/developers/api-reference", ""), "YYYYYYYYYY"),
    ] {
        check_row(&pool, &router, &w, &call, &expected, &mut failures).await;
    }
    // Revoking: each caller on a key of their own, which only an admin's call revokes.
    for (who, want) in w.callers.iter().zip("U--------Y".chars()) {
        let (_, id) = make_key(&pool, &router, &w, "%E5%BE%85%E5%81%9C%E7%94%A8", 10).await;
        let call = form("/api/api-keys/revoke", &format!("id={id}"));
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT revoked_at IS NOT NULL FROM api_keys WHERE id = $1",
            id,
            &mut failures,
        )
        .await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_key_input_is_refused_and_changes_nothing(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let admin = session_for(&pool, w.account("admin")).await;
    for (body, field) in [
        ("partner=x&per_minute=60", "partner"),
        ("partner=&per_minute=60", "partner"),
        (
            &*format!("partner={}&per_minute=60", "%E9%95%BF".repeat(81)),
            "partner",
        ),
        ("partner=%E8%8B%8F%00%E5%BF%83&per_minute=60", "partner"),
        (
            "partner=%E8%8B%8F%E5%BF%83%E8%81%98&per_minute=0",
            "per_minute",
        ),
        (
            "partner=%E8%8B%8F%E5%BF%83%E8%81%98&per_minute=100001",
            "per_minute",
        ),
        (
            "partner=%E8%8B%8F%E5%BF%83%E8%81%98&per_minute=abc",
            "per_minute",
        ),
        (
            "partner=%E8%8B%8F%E5%BF%83%E8%81%98&per_minute=-5",
            "per_minute",
        ),
    ] {
        expect_refused(&router, &admin, "/api/api-keys/create", body, field).await;
    }
    expect_refused(
        &router,
        &admin,
        "/api/api-keys/revoke",
        "id=999999",
        "notfound",
    )
    .await;
    expect_refused(&router, &admin, "/api/api-keys/revoke", "id=abc", "").await;
    assert_eq!(count(&pool, "SELECT count(*) FROM api_keys").await, 0);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action LIKE '%api_key'"
        )
        .await,
        0
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn a_key_is_revoked_once_however_many_admins_ask_at_once(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let (_, id) = make_key(&pool, &router, &w, "%E5%B9%B6%E5%8F%91", 10).await;
    let mut sessions = Vec::new();
    for _ in 0..8 {
        sessions.push(session_for(&pool, w.account("admin")).await);
    }
    let call = form("/api/api-keys/revoke", &format!("id={id}"));
    let answers = futures::future::join_all(
        sessions
            .iter()
            .map(|s| send(&router, &call, Some(s), Csrf::Header)),
    )
    .await;
    let done = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let refused = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CONFLICT)
        .count();
    assert_eq!((done, refused), (1, 7), "{answers:?}");
    assert_eq!(
        count(&pool, &format!("SELECT count(*) FROM audit_log WHERE action = 'revoke_api_key' AND subject_id = {id}")).await,
        1
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn partners_export_every_open_posting_as_json_lines(pool: PgPool) {
    let w = world(&pool).await;
    let closed = market_posting(&pool, "导出时已关闭").await;
    sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
        .bind(closed)
        .execute(&pool)
        .await
        .expect("closed");
    let first = market_posting(&pool, "导出帮厨").await;
    // More than two batches of the export's reading, and one past its last day.
    sqlx::query(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount)
         SELECT employer_id, trade_code, title || n, address, location, city_adcode, district_adcode,
                pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount
           FROM postings, generate_series(1, 4500) n WHERE id = $1",
    )
    .bind(first)
    .execute(&pool)
    .await
    .expect("postings");
    let expired: i64 = sqlx::query_scalar(
        "UPDATE postings SET start_date = current_date - 9, end_date = current_date - 8
          WHERE id = (SELECT max(id) FROM postings) RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .expect("expired");
    let router = router(&pool, MemorySms::default());
    let document = document(&router).await;

    // Partners only.
    for path in [
        "/api/v1/export/postings.jsonl",
        "/api/v1/export/job-postings.jsonl",
    ] {
        let (status, _, body) = get(&router, path).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert!(body.contains("api_key_required"), "{body}");
        conforms(&document, path, status, &body);
    }
    let (secret, _) = make_key(&pool, &router, &w, "%E5%AF%BC%E5%87%BA", 100).await;
    let key = [("x-api-key", secret.as_str())];

    let want: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM postings WHERE status = 'open' AND end_date >= lingong_china_today() ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .expect("open postings");
    assert_eq!(
        want.len(),
        4500,
        "the closed and the expired ones are not open"
    );

    let (status, headers, body) =
        request(&router, Method::GET, "/api/v1/export/postings.jsonl", &key).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .starts_with("application/jsonl"));
    assert!(body.ends_with('\n'));
    let lines: Vec<&str> = body.lines().collect();
    let ids: Vec<i64> = lines
        .iter()
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("a line is JSON");
            value["posting"]["id"].as_i64().expect("id")
        })
        .collect();
    assert_eq!(ids, want, "every open posting once, by id");
    assert!(!ids.contains(&closed) && !ids.contains(&expired));
    // Every line fits the document (a sample across the batches: the first, last and each 500th).
    for line in lines.iter().step_by(500).chain(lines.last()) {
        conforms(&document, "/api/v1/export/postings.jsonl", status, line);
    }

    let (status, _, body) = request(
        &router,
        Method::GET,
        "/api/v1/export/job-postings.jsonl",
        &key,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let jobs: Vec<Value> = body
        .lines()
        .map(|line| serde_json::from_str(line).expect("a line is JSON"))
        .collect();
    assert_eq!(jobs.len(), want.len());
    assert!(jobs
        .iter()
        .all(|j| j["@type"] == "JobPosting" && j["@context"] == "https://schema.org/"));
    assert_eq!(jobs[0]["identifier"]["value"], want[0].to_string());
    assert_eq!(
        jobs[0]["url"],
        format!("https://lingong.example.cn/postings/{}", want[0])
    );
    assert_eq!(jobs[0]["baseSalary"]["value"]["value"], 200.0);
}

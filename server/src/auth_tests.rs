//! Accounts and access, tested through the real router against real PostgreSQL: the access matrix of
//! every mutating server function, CSRF, the sign-in code's lifecycle, rate limits, masking, the
//! walk-in claim flow and the ends of sessions.

use app::auth::sign_in::{check_code, send_code};
use app::auth::sms::MemorySms;
use app::error::AppError;
use app::i18n::Lang;
use app::model::{Phone, Role};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sqlx::PgPool;
use tower::ServiceExt;

use crate::test_harness::*;

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
        (form("/api/profile/shift-texts", ""), "UY--------"),
        (
            form("/api/profile/shift-texts/set", "on=true"),
            "UY--------",
        ),
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
    let district_staff = w.account("district staff");
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

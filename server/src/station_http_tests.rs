//! What a market says of itself and its city's policy notes, through the real router against real
//! PostgreSQL: who reads and who edits, bad input, edits at the same moment, and markup written into a
//! note.

use app::auth::sms::MemorySms;
use sqlx::PgPool;

use crate::test_harness::*;

const NANJING: i32 = 320100;
const SUZHOU: i32 = 320500;

/// A published note of a city; its id.
async fn note(pool: &PgPool, city: i32, title: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO policy_notes (city_adcode, topic, title, body)
         VALUES ($1, 'subsidy', $2, '## 条件\n\n- 登记灵活就业') RETURNING id",
    )
    .bind(city)
    .bind(title)
    .fetch_one(pool)
    .await
    .expect("note")
}

#[sqlx::test(migrations = "./migrations")]
async fn station_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let market = i64::from(w.gulou_market);
    note(&pool, NANJING, "南京灵活就业社保补贴").await;

    // Columns as in `access_matrix_over_http`.
    let rows: Vec<(Call, &str)> = vec![
        (form("/api/markets/list", "offering=legal_aid"), "YYYYYYYYYY"),
        (
            form("/api/markets/get", "slug=test-gulou-station"),
            "YYYYYYYYYY",
        ),
        (form("/api/markets/served", ""), "U---YYYYYY"),
        (
            form("/api/markets/for-editing", "slug=test-gulou-station"),
            "U---YY-YYY",
        ),
        (
            form("/api/policy-notes/market", "slug=test-gulou-station"),
            "YYYYYYYYYY",
        ),
        (form("/api/policy-notes/staff", ""), "U---YYYYYY"),
        (
            form(
                "/api/policy-notes/publish",
                &format!("city_adcode={NANJING}&topic=subsidy&title=%E5%8D%97%E4%BA%AC%E6%96%B0%E6%94%BF%E7%AD%96&body=%E6%AD%A3%E6%96%87"),
            ),
            "U------YYY",
        ),
        (
            form(
                "/api/policy-notes/publish",
                &format!("city_adcode={SUZHOU}&topic=subsidy&title=%E8%8B%8F%E5%B7%9E%E6%96%B0%E6%94%BF%E7%AD%96&body=%E6%AD%A3%E6%96%87"),
            ),
            "U-------YY",
        ),
    ];
    let mut failures = Vec::new();
    for (call, expected) in &rows {
        check_row(&pool, &router, &w, call, expected, &mut failures).await;
    }
    for (title, want) in [("南京新政策", 3), ("苏州新政策", 2)] {
        let published: i64 =
            sqlx::query_scalar("SELECT count(*) FROM policy_notes WHERE title = $1")
                .bind(title)
                .fetch_one(&pool)
                .await
                .expect("published");
        if published != want {
            failures.push(format!(
                "policy-notes/publish {title}: {published} notes, expected {want}"
            ));
        }
    }

    // Editing the market: each caller from the same state, the change seen exactly when allowed.
    let edit = form(
        "/api/markets/edit",
        "slug=test-gulou-station&opening_hours=%E5%91%A8%E4%B8%80%E8%87%B3%E5%91%A8%E5%85%AD&services%5B%5D=legal_aid",
    );
    for (caller, want) in w.callers.iter().zip("U---YY-YYY".chars()) {
        sqlx::query("UPDATE markets SET opening_hours = NULL, services = '{}' WHERE id = $1")
            .bind(w.gulou_market)
            .execute(&pool)
            .await
            .expect("reset");
        let changed = "SELECT opening_hours IS NOT NULL AND services = '{legal_aid}' FROM markets WHERE id = $1";
        check_once(
            &pool,
            &router,
            caller,
            want,
            &edit,
            changed,
            market,
            &mut failures,
        )
        .await;
    }

    // Revising and withdrawing a 南京 note: one fresh note per caller.
    for (path, body, changed) in [
        (
            "/api/policy-notes/revise",
            "topic=injury_prevention&title=%E6%94%B9%E8%BF%87%E7%9A%84%E6%A0%87%E9%A2%98&body=%E6%96%B0%E6%AD%A3%E6%96%87",
            "SELECT title = '改过的标题' AND topic = 'injury_prevention' FROM policy_notes WHERE id = $1",
        ),
        (
            "/api/policy-notes/withdraw",
            "",
            "SELECT status = 'withdrawn' FROM policy_notes WHERE id = $1",
        ),
    ] {
        for (caller, want) in w.callers.iter().zip("U------YYY".chars()) {
            let id = note(&pool, NANJING, "南京待修改的政策").await;
            let call = form(path, &format!("id={id}&{body}"));
            check_once(&pool, &router, caller, want, &call, changed, id, &mut failures).await;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Bad input is refused with the field or the reason, and nothing is stored.
#[sqlx::test(migrations = "./migrations")]
async fn bad_market_edits_and_notes_are_refused_and_change_nothing(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let district = session_for(&pool, w.account("district staff")).await;
    let province = session_for(&pool, w.account("province staff")).await;
    let long = "很".repeat(201);
    for (body, expected) in [
        (
            "slug=test-gulou-station&services%5B%5D=free_beer".to_owned(),
            "services",
        ),
        (
            "slug=test-gulou-station&amenities%5B%5D=sauna".to_owned(),
            "amenities",
        ),
        (
            "slug=test-gulou-station&phone=12345".to_owned(),
            "market_phone",
        ),
        (
            "slug=test-gulou-station&phone=%3Cb%3E025-83271234".to_owned(),
            "market_phone",
        ),
        (
            format!("slug=test-gulou-station&opening_hours={long}"),
            "opening_hours",
        ),
        (
            "slug=test-gulou-station&opening_hours=8%3A00%0A17%3A00".to_owned(),
            "opening_hours",
        ),
        (
            "slug=no-such-market&opening_hours=8%3A00".to_owned(),
            "notfound",
        ),
    ] {
        expect_refused(&router, &district, "/api/markets/edit", &body, expected).await;
    }
    let untouched: bool = sqlx::query_scalar(
        "SELECT opening_hours IS NULL AND phone IS NULL AND services = '{}' AND amenities = '{}'
           FROM markets WHERE slug = 'test-gulou-station'",
    )
    .fetch_one(&pool)
    .await
    .expect("market");
    assert!(untouched, "a refused edit changed the market");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action = 'edit_market_services'"
        )
        .await,
        0
    );

    let title = "标".repeat(61);
    let body = "字".repeat(8001);
    for (form_body, expected) in [
        (format!("city_adcode={NANJING}&topic=lottery&title=%E6%A0%87%E9%A2%98&body=%E6%AD%A3%E6%96%87"), "topic"),
        (format!("city_adcode={NANJING}&topic=subsidy&title=x&body=%E6%AD%A3%E6%96%87"), "policy_title"),
        (format!("city_adcode={NANJING}&topic=subsidy&title={title}&body=%E6%AD%A3%E6%96%87"), "policy_title"),
        (format!("city_adcode={NANJING}&topic=subsidy&title=%E6%A0%87%E9%A2%98&body={body}"), "policy_body"),
        (format!("city_adcode={NANJING}&topic=subsidy&title=%E6%A0%87%E9%A2%98&body=%00%00"), "policy_body"),
        ("city_adcode=999999&topic=subsidy&title=%E6%A0%87%E9%A2%98&body=%E6%AD%A3%E6%96%87".to_owned(), "city_adcode"),
    ] {
        expect_refused(
            &router,
            &province,
            "/api/policy-notes/publish",
            &form_body,
            expected,
        )
        .await;
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM policy_notes").await,
        0,
        "a refused note was stored"
    );

    // A withdrawn note stays as it was; a forged one is not found.
    let withdrawn = note(&pool, NANJING, "已撤下的政策").await;
    sqlx::query("UPDATE policy_notes SET status = 'withdrawn', withdrawn_at = now() WHERE id = $1")
        .bind(withdrawn)
        .execute(&pool)
        .await
        .expect("withdrawn");
    for (path, body, expected, status_wanted) in [
        (
            "/api/policy-notes/revise",
            format!("id={withdrawn}&topic=other&title=%E6%96%B0%E6%A0%87%E9%A2%98&body=%E6%96%B0%E6%AD%A3%E6%96%87"),
            "policy_note_withdrawn",
            409,
        ),
        ("/api/policy-notes/withdraw", format!("id={withdrawn}"), "policy_note_withdrawn", 409),
        ("/api/policy-notes/withdraw", "id=987654321".to_owned(), "notfound", 404),
    ] {
        let (status, answer) = send(&router, &form(path, &body), Some(&province), Csrf::Header).await;
        assert!(
            status.as_u16() == status_wanted && answer.to_lowercase().contains(expected),
            "{path} {body}: {status} {answer}"
        );
    }
    let kept: String = sqlx::query_scalar("SELECT title FROM policy_notes WHERE id = $1")
        .bind(withdrawn)
        .fetch_one(&pool)
        .await
        .expect("kept");
    assert_eq!(kept, "已撤下的政策");
    // The database says so too, whatever path a change takes.
    let rewritten = sqlx::query("UPDATE policy_notes SET title = '改写' WHERE id = $1")
        .bind(withdrawn)
        .execute(&pool)
        .await;
    assert!(rewritten.is_err(), "a withdrawn note was rewritten");
    let bad_code = sqlx::query(
        "UPDATE markets SET services = '{free_beer}' WHERE slug = 'test-gulou-station'",
    )
    .execute(&pool)
    .await;
    assert!(
        bad_code.is_err(),
        "a service outside the vocabulary was stored"
    );
}

/// A note's markup is text: the Markdown is rendered, anything written as HTML or a script link is not.
#[sqlx::test(migrations = "./migrations")]
async fn a_note_renders_its_markdown_and_none_of_its_markup(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let city = session_for(&pool, w.account("city staff")).await;
    let body = "## 申领条件\n\n- **灵活就业**登记满 3 个月\n- <script>alert(1)</script>\n\n[咨询](javascript:alert(1)) <img src=x onerror=alert(1)>";
    let encoded: String = body
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let (status, answer) = send(
        &router,
        &form(
            "/api/policy-notes/publish",
            &format!("city_adcode={NANJING}&topic=social_insurance&title=%E7%A4%BE%E4%BF%9D%E8%A1%A5%E8%B4%B4&body={encoded}"),
        ),
        Some(&city),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{status} {answer}");
    let stored: String = sqlx::query_scalar("SELECT body FROM policy_notes")
        .fetch_one(&pool)
        .await
        .expect("stored");
    assert_eq!(stored, body, "the note is kept as written");
    let (status, answer) = send(
        &router,
        &form("/api/policy-notes/market", "slug=test-gulou-station"),
        None,
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{status} {answer}");
    let notes: serde_json::Value = serde_json::from_str(&answer).expect("json");
    let html = notes[0]["html"].as_str().expect("html");
    assert!(
        html.contains("<h2>申领条件</h2>") && html.contains("<strong>灵活就业</strong>"),
        "{html}"
    );
    for forbidden in ["<script", "javascript:", "<img", "onerror=\""] {
        assert!(!html.contains(forbidden), "{forbidden} in {html}");
    }
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

/// Staff saving a market at the same moment: every save lands whole, one after another, and the audit
/// log reads as a chain (each entry's "before" is the previous one's "after").
#[sqlx::test(migrations = "./migrations")]
async fn edits_at_the_same_moment_land_whole_and_audit_as_a_chain(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let mut sessions = Vec::new();
    for name in [
        "market staff",
        "district staff",
        "city staff",
        "province staff",
    ] {
        sessions.push(session_for(&pool, w.account(name)).await);
    }
    let calls: Vec<Call> = (0..12)
        .map(|i| {
            form(
                "/api/markets/edit",
                &format!(
                    "slug=test-gulou-station&opening_hours=8%3A{i:02}-17%3A00&phone=025-8327{i:04}&services%5B%5D=job_referral&amenities%5B%5D={}",
                    ["drinking_water", "charging", "lodging"][i % 3]
                ),
            )
        })
        .collect();
    let answers = futures::future::join_all(calls.iter().enumerate().map(|(i, call)| {
        send(
            &router,
            call,
            Some(&sessions[i % sessions.len()]),
            Csrf::Header,
        )
    }))
    .await;
    for (status, answer) in &answers {
        assert!(status.is_success(), "{status} {answer}");
    }
    let chain: Vec<(serde_json::Value, serde_json::Value)> = sqlx::query_as(
        "SELECT before, after FROM audit_log WHERE action = 'edit_market_services' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .expect("audit");
    assert_eq!(chain.len(), 12, "every save is a change, audited once");
    for pair in chain.windows(2) {
        assert_eq!(
            pair[0].1, pair[1].0,
            "an edit saw a market another edit was changing"
        );
    }
    let (hours, phone): (String, String) = sqlx::query_as(
        "SELECT opening_hours, phone FROM markets WHERE slug = 'test-gulou-station'",
    )
    .fetch_one(&pool)
    .await
    .expect("market");
    let last = &chain.last().expect("last").1;
    assert_eq!(last["opening_hours"], hours.as_str());
    assert_eq!(last["phone"], phone.as_str());
}

/// Staff withdrawing a note at the same moment: it is withdrawn once, audited once; the others are told.
#[sqlx::test(migrations = "./migrations")]
async fn a_note_is_withdrawn_once_however_many_ask_at_once(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let city = session_for(&pool, w.account("city staff")).await;
    let province = session_for(&pool, w.account("province staff")).await;
    let id = note(&pool, NANJING, "同时撤下的政策").await;
    let call = form("/api/policy-notes/withdraw", &format!("id={id}"));
    let answers = futures::future::join_all((0..10).map(|i| {
        send(
            &router,
            &call,
            Some(if i % 2 == 0 { &city } else { &province }),
            Csrf::Header,
        )
    }))
    .await;
    let done = answers.iter().filter(|(s, _)| s.is_success()).count();
    let refused = answers
        .iter()
        .filter(|(s, a)| s.as_u16() == 409 && a.contains("policy_note_withdrawn"))
        .count();
    assert_eq!((done, refused), (1, 9), "{answers:?}");
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'withdraw_policy_note'")
            .fetch_one(&pool)
            .await
            .expect("audit");
    assert_eq!(audited, 1);
}

//! 找人才 over HTTP: who may do what; a worker who has not consented never appears in any search or
//! export and cannot be invited; an invitation's life from the search to an application; consent kept
//! by the database alone; invitations decided once whoever answers at once.

use app::auth::sms::MemorySms;
use axum::http::{Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::test_harness::*;

/// The world's employer's organisation, verified by staff (only those look for people).
async fn verified_organisation(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "UPDATE employers SET verification_status = 'verified', verified_at = now()
          WHERE id = (SELECT employer_id FROM accounts WHERE phone = '13900000002') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .expect("verified organisation")
}

/// A worker account with a name, a trade and a home in 鼓楼, available at weekends; its worker id.
async fn worker(pool: &PgPool, phone: &str, name: &str) -> i64 {
    let mut c = pool.acquire().await.expect("connection");
    let created = app::db::accounts::create_worker_account(&mut c, phone)
        .await
        .expect("worker");
    sqlx::query(
        "UPDATE workers SET name = $2, birth_year = 1980, home_city_adcode = 320100, home_district_adcode = 320106,
                            availability = '{weekends,evenings}'
          WHERE id = $1",
    )
    .bind(created.worker_id)
    .bind(name)
    .execute(&mut *c)
    .await
    .expect("profile");
    sqlx::query("INSERT INTO worker_trades (worker_id, trade_code) VALUES ($1, 'kitchen_helper')")
        .bind(created.worker_id)
        .execute(&mut *c)
        .await
        .expect("trade");
    created.worker_id
}

/// Records the worker's decision as the account page does.
async fn consent(pool: &PgPool, worker_id: i64, findable: bool) {
    sqlx::query(
        "INSERT INTO talent_consents (worker_id, findable, wording, lang) VALUES ($1, $2, 'talent-v1', 'zh')",
    )
    .bind(worker_id)
    .bind(findable)
    .execute(pool)
    .await
    .expect("consent");
}

async fn worker_id_of(pool: &PgPool, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT worker_id FROM accounts WHERE phone = $1")
        .bind(phone)
        .fetch_one(pool)
        .await
        .expect("worker id")
}

/// An invitation of the world's organisation to the worker for the posting, as a member sent it.
async fn invitation(pool: &PgPool, posting_id: i64, worker_id: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO talent_invitations (employer_id, posting_id, worker_id, invited_by)
         SELECT employer_id, $1, $2, id FROM accounts WHERE phone = '13900000002' RETURNING id",
    )
    .bind(posting_id)
    .bind(worker_id)
    .fetch_one(pool)
    .await
    .expect("invitation")
}

fn search(query: Value) -> Call<'static> {
    json("/api/talent/search", json!({ "query": query }))
}

async fn post(router: &Router, session: &str, path: &str, body: &str) -> (StatusCode, String) {
    send(router, &form(path, body), Some(session), Csrf::Header).await
}

/// The workers a search shows, by id.
async fn found(router: &Router, session: &str, query: Value) -> Vec<i64> {
    let (status, body) = send(router, &search(query.clone()), Some(session), Csrf::Header).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    let page: Value = serde_json::from_str(&body).expect("json");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["worker_id"].as_i64().expect("id"))
        .collect()
}

#[sqlx::test(migrations = "./migrations")]
async fn talent_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    verified_organisation(&pool).await;
    let router = router(&pool, MemorySms::default());
    let the_worker = worker_id_of(&pool, "13900000001").await;
    consent(&pool, the_worker, true).await;
    let mut failures = Vec::new();
    // Columns: anonymous, worker, employer (a verified organisation's), new employer (no organisation),
    // market staff, district staff, other district staff, city staff, province staff, admin.
    for (call, expected) in [
        (form("/api/talent/consent", ""), "UY--------"),
        (
            form("/api/talent/consent/save", "findable=true"),
            "UY--------",
        ),
        (search(json!({})), "U-Y-------"),
        (form("/api/talent/sent", ""), "U-Y-------"),
        (form("/api/talent/invitations", ""), "UY--------"),
    ] {
        check_row(&pool, &router, &w, &call, expected, &mut failures).await;
    }
    for (who, want) in w.callers.iter().zip("U-Y-------".chars()) {
        let posting = market_posting(&pool, "找人才的帮厨").await;
        let call = form(
            "/api/talent/invite",
            &format!("worker_id={the_worker}&posting_id={posting}&note=%E6%AC%A2%E8%BF%8E"),
        );
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT EXISTS (SELECT 1 FROM talent_invitations WHERE posting_id = $1)",
            posting,
            &mut failures,
        )
        .await;
    }
    for (who, want) in w.callers.iter().zip("U-Y-------".chars()) {
        let posting = market_posting(&pool, "找人才的帮厨").await;
        let id = invitation(&pool, posting, the_worker).await;
        let call = form("/api/talent/withdraw", &format!("id={id}"));
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT status = 'withdrawn' FROM talent_invitations WHERE id = $1",
            id,
            &mut failures,
        )
        .await;
    }
    for (who, want) in w.callers.iter().zip("UY--------".chars()) {
        let posting = market_posting(&pool, "找人才的帮厨").await;
        let id = invitation(&pool, posting, the_worker).await;
        let call = form("/api/talent/answer", &format!("id={id}&accept=false"));
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT status = 'declined' FROM talent_invitations WHERE id = $1",
            id,
            &mut failures,
        )
        .await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test(migrations = "./migrations")]
async fn a_worker_who_is_not_findable_never_appears_and_cannot_be_invited(pool: PgPool) {
    let w = world(&pool).await;
    verified_organisation(&pool).await;
    let router = router(&pool, MemorySms::default());
    let employer = session_for(&pool, w.account("employer")).await;
    let posting = market_posting(&pool, "周末帮厨").await;
    let findable = worker(&pool, "13700000001", "王可找").await;
    let never = worker(&pool, "13700000002", "李不找").await;
    let withdrew = worker(&pool, "13700000003", "张撤回").await;
    let suspended = worker(&pool, "13700000004", "赵停用").await;
    consent(&pool, findable, true).await;
    consent(&pool, withdrew, true).await;
    consent(&pool, withdrew, false).await;
    consent(&pool, suspended, true).await;
    sqlx::query(
        "UPDATE accounts SET status = 'suspended', suspended_reason = '测试' WHERE worker_id = $1",
    )
    .bind(suspended)
    .execute(&pool)
    .await
    .expect("suspend");
    // Attendance on record for all of them, so the attendance filter has something to read.
    for id in [findable, never, withdrew] {
        for n in 0..3 {
            let p = market_posting(&pool, &format!("做过的帮厨{n}")).await;
            sqlx::query(
                "INSERT INTO applications (posting_id, worker_id, status, decided_at) VALUES ($1, $2, 'attended', now())",
            )
            .bind(p)
            .bind(id)
            .execute(&pool)
            .await
            .expect("attended");
        }
    }

    // Every filter, alone and together: only the worker who consented.
    for query in [
        json!({}),
        json!({ "trade": "kitchen_helper" }),
        json!({ "trade": "catering" }),
        json!({ "city": 320100 }),
        json!({ "city": 320100, "district": 320106 }),
        json!({ "availability": ["weekends"] }),
        json!({ "min_attendance": 100 }),
        json!({ "trade": "kitchen_helper", "city": 320100, "district": 320106,
                "availability": ["weekends", "evenings"], "min_attendance": 90 }),
    ] {
        assert_eq!(
            found(&router, &employer, query.clone()).await,
            vec![findable],
            "{query}"
        );
    }
    // Filters that leave the findable worker out leave nobody.
    for query in [
        json!({ "trade": "cleaner" }),
        json!({ "city": 320200 }),
        json!({ "availability": ["nights"] }),
        json!({ "page": 1 }),
    ] {
        assert_eq!(
            found(&router, &employer, query.clone()).await,
            Vec::<i64>::new(),
            "{query}"
        );
    }

    // Not findable: the invitation is refused and nothing changes.
    for id in [never, withdrew, suspended + 1_000_000] {
        let (status, body) = post(
            &router,
            &employer,
            "/api/talent/invite",
            &format!("worker_id={id}&posting_id={posting}"),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("not_findable"), "{body}");
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM talent_invitations").await,
        0
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'talent_invited'"
        )
        .await,
        0
    );

    // The database itself: being findable comes only from a recorded consent, and invitations only to
    // the findable.
    let refused =
        sqlx::query("UPDATE workers SET findable = true, findable_since = now() WHERE id = $1")
            .bind(never)
            .execute(&pool)
            .await
            .expect_err("findable only by consent");
    assert!(
        refused.to_string().contains("recorded consent"),
        "{refused}"
    );
    let refused = sqlx::query(
        "INSERT INTO talent_invitations (employer_id, posting_id, worker_id)
         SELECT employer_id, $1, $2 FROM postings WHERE id = $1",
    )
    .bind(posting)
    .bind(never)
    .execute(&pool)
    .await
    .expect_err("only the findable are invited");
    assert!(refused.to_string().contains("findable"), "{refused}");

    // No export or public page carries a worker: the open-data exports and the API's search.
    let (secret, _) =
        crate::api_http_tests::make_key(&pool, &router, &w, "%E5%AF%BC%E5%87%BA", 100).await;
    for path in [
        "/api/v1/export/postings.jsonl",
        "/api/v1/export/job-postings.jsonl",
        "/api/v1/postings",
    ] {
        let (status, _, body) = request(
            &router,
            Method::GET,
            path,
            &[("x-api-key", secret.as_str())],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for name in ["王可找", "李不找", "张撤回", "13700000001", "13700000002"] {
            assert!(!body.contains(name), "{path} shows {name}");
        }
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn from_the_search_to_an_application(pool: PgPool) {
    let w = world(&pool).await;
    let organisation = verified_organisation(&pool).await;
    let router = router(&pool, MemorySms::default());
    let employer = session_for(&pool, w.account("employer")).await;
    let worker_session = session_for(&pool, w.account("worker")).await;
    let the_worker = worker_id_of(&pool, "13900000001").await;
    sqlx::query("UPDATE workers SET name = '陈师傅全名', birth_year = 1975 WHERE id = $1")
        .bind(the_worker)
        .execute(&pool)
        .await
        .expect("name");
    let posting = market_posting(&pool, "邀请来的帮厨").await;

    // The worker turns it on: recorded with the wording and audited; saying it twice records once.
    for _ in 0..2 {
        let (status, body) = post(
            &router,
            &worker_session,
            "/api/talent/consent/save",
            "findable=true",
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, body) = post(&router, &worker_session, "/api/talent/consent", "").await;
    let consent: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(consent["findable"], true, "{body}");
    assert_eq!(consent["decisions"].as_array().expect("decisions").len(), 1);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action = 'talent_consent'"
        )
        .await,
        1
    );

    // The organisation finds them, masked: the surname and the decade, never the number or full name.
    let (status, body) = send(&router, &search(json!({})), Some(&employer), Csrf::Header).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        !body.contains("13900000001") && !body.contains("陈师傅全名"),
        "{body}"
    );
    let page: Value = serde_json::from_str(&body).expect("json");
    let card = &page["items"][0];
    assert_eq!(card["worker_id"], the_worker);
    assert_eq!(card["surname"], "陈");
    assert!(card["age_decade"]
        .as_u64()
        .is_some_and(|d| d % 10 == 0 && d >= 40));
    assert_eq!(page["postings"][0]["id"], posting);

    // Bad input is refused clearly and changes nothing.
    let long_note = "好".repeat(201);
    for (body, expected) in [
        (
            format!("worker_id={the_worker}&posting_id={posting}&note={long_note}"),
            "note",
        ),
        (
            format!("worker_id={the_worker}&posting_id=999999"),
            "posting_not_open",
        ),
        (format!("worker_id=abc&posting_id={posting}"), ""),
    ] {
        let (status, answer) = post(&router, &employer, "/api/talent/invite", &body).await;
        assert!(
            !status.is_success() && answer.contains(expected),
            "{body}: {status} {answer}"
        );
    }
    for query in [
        json!({ "district": 320106 }),
        json!({ "trade": "no_such_trade" }),
        json!({ "city": 110100 }),
        json!({ "min_attendance": 55 }),
    ] {
        let (status, body) = send(
            &router,
            &search(query.clone()),
            Some(&employer),
            Csrf::Header,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM talent_invitations").await,
        0
    );

    // The invitation, its notification, and no second one for the same posting.
    let (status, body) = post(
        &router,
        &employer,
        "/api/talent/invite",
        &format!(
            "worker_id={the_worker}&posting_id={posting}&note=%E5%91%A8%E6%9C%AB%E5%8C%85%E9%A4%90"
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    expect_refused(
        &router,
        &employer,
        "/api/talent/invite",
        &format!("worker_id={the_worker}&posting_id={posting}"),
        "talent_already_invited",
    )
    .await;
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'talent_invited'"
        )
        .await,
        1
    );
    let (_, body) = post(&router, &worker_session, "/api/talent/invitations", "").await;
    let received: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(received[0]["organisation"], "南京测试餐饮有限公司");
    assert_eq!(received[0]["note"], "周末包餐");
    assert_eq!(received[0]["status"], "pending");
    let id = received[0]["id"].as_i64().expect("id");

    // Accepting applies; the organisation hears of it; the applicant's number stays masked.
    let (status, body) = post(
        &router,
        &worker_session,
        "/api/talent/answer",
        &format!("id={id}&accept=true"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (application_status, linked): (String, bool) = sqlx::query_as(
        "SELECT a.status, i.application_id = a.id FROM applications a JOIN talent_invitations i
             ON i.posting_id = a.posting_id AND i.worker_id = a.worker_id WHERE i.id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .expect("application");
    assert_eq!((application_status.as_str(), linked), ("pending", true));
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind IN ('talent_answered', 'new_applicant')"
        )
        .await,
        2
    );
    let (status, body) = post(
        &router,
        &employer,
        "/api/employer/applicants",
        &format!("id={posting}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("139****0001") && !body.contains("13900000001"),
        "{body}"
    );
    expect_refused(
        &router,
        &worker_session,
        "/api/talent/answer",
        &format!("id={id}&accept=false"),
        "invitation_decided",
    )
    .await;

    // An organisation that loses its verification searches and invites no more.
    sqlx::query(
        "UPDATE employers SET verification_status = 'pending', verified_at = NULL WHERE id = $1",
    )
    .bind(organisation)
    .execute(&pool)
    .await
    .expect("unverified");
    let (status, body) = send(&router, &search(json!({})), Some(&employer), Csrf::Header).await;
    assert!(
        status == StatusCode::CONFLICT && body.contains("organisation_not_verified"),
        "{body}"
    );
    let other = market_posting(&pool, "另一个帮厨").await;
    expect_refused(
        &router,
        &employer,
        "/api/talent/invite",
        &format!("worker_id={the_worker}&posting_id={other}"),
        "organisation_not_verified",
    )
    .await;
    verified_organisation(&pool).await;

    // Turned off: gone from the search, the decision kept.
    let (status, _) = post(
        &router,
        &worker_session,
        "/api/talent/consent/save",
        "findable=false",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        found(&router, &employer, json!({})).await,
        Vec::<i64>::new()
    );
    let (findable, since, decisions): (bool, Option<chrono::DateTime<chrono::Utc>>, i64) = sqlx::query_as(
        "SELECT findable, findable_since, (SELECT count(*) FROM talent_consents WHERE worker_id = $1)
           FROM workers WHERE id = $1",
    )
    .bind(the_worker)
    .fetch_one(&pool)
    .await
    .expect("consent");
    assert_eq!((findable, since, decisions), (false, None, 2));
    // The record of a decision is history.
    let refused = sqlx::query("UPDATE talent_consents SET findable = true WHERE worker_id = $1")
        .bind(the_worker)
        .execute(&pool)
        .await
        .expect_err("consents are history");
    assert!(refused.to_string().contains("does not change"), "{refused}");
}

#[sqlx::test(migrations = "./migrations")]
async fn invitations_are_decided_once_whoever_answers_at_once(pool: PgPool) {
    let w = world(&pool).await;
    verified_organisation(&pool).await;
    let router = router(&pool, MemorySms::default());
    let employer = session_for(&pool, w.account("employer")).await;
    let worker_session = session_for(&pool, w.account("worker")).await;
    let the_worker = worker_id_of(&pool, "13900000001").await;
    consent(&pool, the_worker, true).await;

    // The organisation withdraws while the worker accepts: one wins, and an application exists exactly
    // when the invitation was accepted.
    for round in 0..4 {
        let posting = market_posting(&pool, "抢着决定的帮厨").await;
        let id = invitation(&pool, posting, the_worker).await;
        let withdraw = form("/api/talent/withdraw", &format!("id={id}"));
        let accept = form("/api/talent/answer", &format!("id={id}&accept=true"));
        let (a, b) = futures::join!(
            send(&router, &withdraw, Some(&employer), Csrf::Header),
            send(&router, &accept, Some(&worker_session), Csrf::Header),
        );
        let wins = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(wins, 1, "round {round}: {a:?} {b:?}");
        let (status, applied): (String, bool) = sqlx::query_as(
            "SELECT i.status, EXISTS (SELECT 1 FROM applications a WHERE a.posting_id = i.posting_id
                                                                  AND a.worker_id = i.worker_id)
               FROM talent_invitations i WHERE i.id = $1",
        )
        .bind(id)
        .fetch_one(&pool)
        .await
        .expect("outcome");
        assert_eq!(status == "accepted", applied, "round {round}: {status}");
    }

    // Two taps on accept at once: one application, one answer.
    let posting = market_posting(&pool, "点了两次的帮厨").await;
    let id = invitation(&pool, posting, the_worker).await;
    let accept = form("/api/talent/answer", &format!("id={id}&accept=true"));
    let (a, b) = futures::join!(
        send(&router, &accept, Some(&worker_session), Csrf::Header),
        send(&router, &accept, Some(&worker_session), Csrf::Header),
    );
    let wins = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(wins, 1, "{a:?} {b:?}");
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM applications WHERE posting_id = {posting}")
        )
        .await,
        1
    );

    // The worker turns it off while the organisation invites: the invitation is sent only if it came
    // first, and then the worker's decision followed it.
    for round in 0..4 {
        consent(&pool, the_worker, true).await;
        let posting = market_posting(&pool, "同时关闭的帮厨").await;
        let invite = form(
            "/api/talent/invite",
            &format!("worker_id={the_worker}&posting_id={posting}"),
        );
        let off = form("/api/talent/consent/save", "findable=false");
        let (a, b) = futures::join!(
            send(&router, &invite, Some(&employer), Csrf::Header),
            send(&router, &off, Some(&worker_session), Csrf::Header),
        );
        assert_eq!(b.0, StatusCode::OK, "round {round}: {b:?}");
        let invited = count(
            &pool,
            &format!("SELECT count(*) FROM talent_invitations WHERE posting_id = {posting}"),
        )
        .await;
        assert_eq!(invited == 1, a.0 == StatusCode::OK, "round {round}: {a:?}");
        let findable: bool = sqlx::query_scalar("SELECT findable FROM workers WHERE id = $1")
            .bind(the_worker)
            .fetch_one(&pool)
            .await
            .expect("findable");
        assert!(!findable, "round {round}");
    }
}

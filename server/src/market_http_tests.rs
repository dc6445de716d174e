//! The market loop and the boards through the real router against real PostgreSQL: who may do what to
//! postings, applications, reports and boards, the boards' stream, and the plain forms that work before
//! the Wasm arrives.

use app::auth::sms::MemorySms;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use sqlx::PgPool;
use tower::ServiceExt;

use crate::test_harness::*;

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
    // A place the worker holds, for confirming it (确认到岗).
    let held = market_posting(&pool, "鼓楼夜班帮厨").await;
    let held_place: i64 = sqlx::query_scalar(
        "INSERT INTO applications (posting_id, worker_id, status, decided_at)
         VALUES ($1, $2, 'accepted', now()) RETURNING id",
    )
    .bind(held)
    .bind(worker_id)
    .fetch_one(&pool)
    .await
    .expect("held place");
    let new_posting = serde_json::json!({ "id": null, "publish": false, "form": {
        "trade": "waiter", "title": "鼓楼服务员", "description": "", "requirements": "",
        "address": "中山路5号", "location": { "lng": 118.78, "lat": 32.06 }, "market": null,
        "pay_cents": 18000, "pay_unit": "day", "start_date": "2099-01-01", "end_date": "2099-01-02",
        "shift_minutes": 480, "start_time": "07:30:00", "pay_terms": "daily", "headcount": 2, "tags": [], "contact": "platform" } });
    let employer_of_other: i64 =
        sqlx::query_scalar("SELECT employer_id FROM postings WHERE id = $1")
            .bind(other)
            .fetch_one(&pool)
            .await
            .expect("employer");
    // The employer of `other` welcomes calls: only a worker is given the number.
    sqlx::query("UPDATE postings SET contact_preference = 'calls' WHERE id = $1")
        .bind(other)
        .execute(&pool)
        .await
        .expect("calls");
    let saved_search = serde_json::json!({ "label": "鼓楼帮厨", "query": {
        "keyword": null, "trade": "kitchen_helper", "city": 320100, "district": null, "near": null,
        "radius_km": null, "min_pay": null, "date": "Any", "max_hours": null, "tags": [], "sort": "Newest",
        "page": 0 } });

    // Columns as in `access_matrix_over_http`.
    let rows: Vec<(Call, &str)> = vec![
        (form("/api/employer/postings", ""), "U-Y-------"),
        (
            form("/api/places/streets", "street=%E4%B8%AD%E5%B1%B1%E8%B7%AF"),
            "U-Y-------",
        ),
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
            // The worker has no name yet, so applying gives one (王师傅).
            form(
                "/api/applications/apply",
                &format!("posting_id={other}&name=%E7%8E%8B%E5%B8%88%E5%82%85"),
            ),
            "UY--------",
        ),
        (form("/api/applications/mine", ""), "UY--------"),
        (
            form(
                "/api/applications/confirm",
                &format!("application_id={held_place}"),
            ),
            "UY--------",
        ),
        (
            form("/api/applications/state", &format!("posting_id={other}")),
            "YYYYYYYYYY",
        ),
        (form("/api/notifications/feed", ""), "YYYYYYYYYY"),
        (
            form(
                "/api/favourites/keep",
                &format!("posting_id={other}&keep=true"),
            ),
            "UY--------",
        ),
        (
            form(
                "/api/favourites/follow",
                &format!("employer_id={employer_of_other}&follow=true"),
            ),
            "UY--------",
        ),
        (form("/api/favourites/mine", ""), "UY--------"),
        (
            form("/api/postings/call", &format!("posting_id={other}")),
            "YYYYYYYYYY",
        ),
        (
            form("/api/favourites/state", &format!("posting_id={other}")),
            "YYYYYYYYYY",
        ),
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
    let kept: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM favourite_postings WHERE posting_id = $1),
                (SELECT count(*) FROM followed_employers WHERE employer_id = $2)",
    )
    .bind(other)
    .bind(employer_of_other)
    .fetch_one(&pool)
    .await
    .expect("kept");
    assert_eq!(kept, (1, 1));
    let shown: i64 =
        sqlx::query_scalar("SELECT count(*) FROM auth_events WHERE kind = 'contact_shown'")
            .fetch_one(&pool)
            .await
            .expect("contact shown");
    assert_eq!(shown, 1, "the number was given to the worker only");
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
    // The worker heard about the rejection; the employer about the new applicant and the confirmed place.
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM notifications ORDER BY id")
        .fetch_all(&pool)
        .await
        .expect("kinds");
    assert_eq!(kinds, vec!["rejected", "new_applicant", "place_confirmed"]);
    let confirmed: bool =
        sqlx::query_scalar("SELECT confirmed_at IS NOT NULL FROM applications WHERE id = $1")
            .bind(held_place)
            .fetch_one(&pool)
            .await
            .expect("confirmed");
    assert!(confirmed);

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
    // The site's listener tells every board to read again once it listens (it may have missed changes
    // until then): a resync after the first board would be a second board, rightly.
    until_listening(&pool).await;
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
    // A profile without a name: applying without one is refused and changes nothing.
    let (status, location, _) = post_page_form(
        &router,
        "/api/applications/apply",
        &format!("posting_id={posting}&message=x&name=&birth_year="),
        Some(&session),
        &page,
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    assert!(location.contains("__err="), "{location}");
    let nothing: i64 =
        sqlx::query_scalar("SELECT count(*) FROM applications WHERE posting_id = $1")
            .bind(posting)
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(nothing, 0);
    let (status, location, _) = post_page_form(
        &router,
        "/api/applications/apply",
        &format!(
            "posting_id={posting}&message=%E6%98%8E%E5%A4%A9%E8%83%BD%E5%88%B0&name=%E5%88%98%E5%B8%88%E5%82%85&birth_year=1968"
        ),
        Some(&session),
        &page,
    )
    .await;
    // The name (and year) given while applying are the profile's from now on.
    let (name, birth_year): (String, Option<i16>) = sqlx::query_as(
        "SELECT w.name, w.birth_year FROM workers w JOIN accounts a ON a.worker_id = w.id WHERE a.id = $1",
    )
    .bind(worker)
    .fetch_one(&pool)
    .await
    .expect("profile");
    assert_eq!((name.as_str(), birth_year), ("刘师傅", Some(1968)));
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

/// Accepting a worker writes a text about the shift (上岗短信) in the transaction of the acceptance; the
/// texts' job sends it once its time has come (the quiet hours may hold it: released here by hand).
#[sqlx::test(migrations = "./migrations")]
async fn accepting_a_worker_texts_them_about_the_shift(pool: PgPool) {
    let w = world(&pool).await;
    let sms = MemorySms::default();
    let router = router(&pool, sms.clone());
    let posting = market_posting(&pool, "鼓楼急招帮厨").await;
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
    // Column 2 of `world`: the employer owning the market's postings.
    let employer = w.callers[2].1.expect("employer account");
    let session = session_for(&pool, employer).await;
    let call = form(
        "/api/employer/decide",
        &format!("application_id={application}&decision=accept"),
    );
    let (status, body) = send(&router, &call, Some(&session), Csrf::Header).await;
    assert!(status.is_success(), "{status} {body}");
    let queued: Vec<String> = sqlx::query_scalar(
        "SELECT o.body FROM shift_text_outbox o JOIN accounts a ON a.id = o.account_id
          WHERE a.worker_id = $1",
    )
    .bind(worker_id)
    .fetch_all(&pool)
    .await
    .expect("outbox");
    assert_eq!(queued.len(), 1);
    assert!(
        queued[0].starts_with("【零工市场】您被“鼓楼急招帮厨”录用了"),
        "{}",
        queued[0]
    );

    sqlx::query("UPDATE shift_text_outbox SET send_after = now()")
        .execute(&pool)
        .await
        .expect("due now");
    // Sent by this call, or by the server's own texts job if it came first: either way, once.
    app::db::alerts::send_texts(&pool, &sms)
        .await
        .expect("sent");
    let to_worker = |sms: &MemorySms| {
        sms.sent()
            .iter()
            .filter(|m| m.phone == "13900000001")
            .count()
    };
    for _ in 0..50 {
        if to_worker(&sms) > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(to_worker(&sms), 1);
    // Sent once: a second round finds nothing.
    assert_eq!(
        app::db::alerts::send_texts(&pool, &sms)
            .await
            .expect("sent"),
        0
    );
}

//! Training courses through the real router against real PostgreSQL: who proposes, decides, enrols,
//! reads rosters and records completion; bad input; a course never over-filled and decided once
//! however many ask at once; completion adding the trade and telling the partner only what the
//! learner agreed to; the subsidy once a year; 为我推荐's suggestions.

use app::auth::sms::MemorySms;
use sqlx::PgPool;

use crate::test_harness::*;

/// The test organisation (the matrix's "employer"), which gives the courses.
async fn provider(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT employer_id FROM accounts WHERE phone = '13900000002'")
        .fetch_one(pool)
        .await
        .expect("provider")
}

/// A course of the test organisation in 鼓楼, starting `starts_in` days from today (China), in the
/// status asked for, with `capacity` places and the pending organisation as its 订单培训 partner.
async fn course(pool: &PgPool, status: &str, starts_in: i32, capacity: i16) -> i64 {
    let w_partner: i64 =
        sqlx::query_scalar("SELECT id FROM employers WHERE credit_code = '91110108551385082Q'")
            .fetch_one(pool)
            .await
            .expect("partner");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO courses (provider_id, trade_code, title, city_adcode, district_adcode, address,
                              starts_on, ends_on, schedule, hours, capacity, cost_cents, subsidy_eligible,
                              partner_id, partner_places)
         VALUES ($1, 'electrician', '低压电工培训', 320100, 320106, '中山路5号',
                 lingong_china_today() + $2, lingong_china_today() + $2 + 9, '每周一至周五 9:00–16:00',
                 80, $3, 120000, true, $4, 1)
         RETURNING id",
    )
    .bind(provider(pool).await)
    .bind(starts_in)
    .bind(capacity)
    .bind(w_partner)
    .fetch_one(pool)
    .await
    .expect("course");
    if status != "proposed" {
        sqlx::query("UPDATE courses SET status = 'approved', decided_at = now() WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .expect("approve");
    }
    if status == "cancelled" {
        sqlx::query(
            "UPDATE courses SET status = 'cancelled', status_reason = '场地不能用' WHERE id = $1",
        )
        .bind(id)
        .execute(pool)
        .await
        .expect("cancel");
    }
    id
}

/// Enrols the helped worker (13900000009, not a matrix caller) on a course directly.
async fn enrol_target(pool: &PgPool, course_id: i64, consent: bool) -> i64 {
    let worker = worker_id(pool, "13900000009").await;
    sqlx::query(
        "INSERT INTO course_enrolments (course_id, worker_id, partner_consent) VALUES ($1, $2, $3)",
    )
    .bind(course_id)
    .bind(worker)
    .bind(consent)
    .execute(pool)
    .await
    .expect("enrol");
    worker
}

async fn account_of(pool: &PgPool, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM accounts WHERE phone = $1")
        .bind(phone)
        .fetch_one(pool)
        .await
        .expect("account")
}

#[sqlx::test(migrations = "./migrations")]
async fn course_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let mut failures = Vec::new();

    // Columns as in `access_matrix_over_http`: anonymous, worker, employer (the provider), new
    // employer, market staff (鼓楼), district staff (鼓楼), other district staff (江宁), city staff
    // (南京), province staff, admin.
    let approved = course(&pool, "approved", 0, 30).await;
    let proposed = course(&pool, "proposed", 3, 30).await;
    // A cancelled course the matrix's worker was enrolled on: its learners still read why.
    let cancelled = course(&pool, "approved", 3, 30).await;
    sqlx::query(
        "INSERT INTO course_enrolments (course_id, worker_id)
         SELECT $1, id FROM workers WHERE phone = '13900000001'",
    )
    .bind(cancelled)
    .execute(&pool)
    .await
    .expect("enrol");
    sqlx::query(
        "UPDATE courses SET status = 'cancelled', status_reason = '场地不能用' WHERE id = $1",
    )
    .bind(cancelled)
    .execute(&pool)
    .await
    .expect("cancel");
    for (call, expected) in [
        (form("/api/courses/list", ""), "YYYYYYYYYY"),
        (
            form("/api/courses/list", "city=320100&trade=electrician"),
            "YYYYYYYYYY",
        ),
        (
            form("/api/courses/course", &format!("id={approved}")),
            "YYYYYYYYYY",
        ),
        // A proposal is seen by its provider and the staff who decide it; to others it is not there.
        (
            form("/api/courses/course", &format!("id={proposed}")),
            "NNYNYYNYYY",
        ),
        (
            form("/api/courses/course", &format!("id={cancelled}")),
            "NYYNYYNYYY",
        ),
        (form("/api/courses/organisation", ""), "U-Y-------"),
        (form("/api/courses/staff", ""), "U---YYYYYY"),
        (
            form("/api/courses/roster", &format!("course_id={approved}")),
            "U-Y-YY-YYY",
        ),
        (form("/api/courses/suggested", ""), "UY--------"),
    ] {
        check_row(&pool, &router, &w, &call, expected, &mut failures).await;
    }

    // Each change from a fresh course made for that one call.
    let propose = form(
        "/api/courses/propose",
        "trade=electrician&title=%E7%9F%A9%E9%98%B5%E8%AF%BE%E7%A8%8B&district=320106\
         &address=%E4%B8%AD%E5%B1%B1%E8%B7%AF6%E5%8F%B7&starts_on=2099-03-01&ends_on=2099-03-10\
         &schedule=%E6%AF%8F%E5%A4%A9%E4%B8%8A%E5%8D%88&hours=40&capacity=20&cost=0",
    );
    for (who, want) in w.callers.iter().zip("U-Y-------".chars()) {
        sqlx::query("DELETE FROM courses WHERE title = '矩阵课程'")
            .execute(&pool)
            .await
            .expect("clear");
        let made =
            "SELECT $1::bigint > 0 AND EXISTS (SELECT 1 FROM courses WHERE title = '矩阵课程')";
        check_once(&pool, &router, who, want, &propose, made, 1, &mut failures).await;
    }
    let worker = worker_id(&pool, "13900000001").await;
    for (who, want) in w.callers.iter().zip("UY--------".chars()) {
        let id = course(&pool, "approved", 2, 30).await;
        let call = form("/api/courses/enrol", &format!("course_id={id}&take=true"));
        let enrolled = format!(
            "SELECT EXISTS (SELECT 1 FROM course_enrolments WHERE course_id = $1 AND worker_id = {worker})"
        );
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            &enrolled,
            id,
            &mut failures,
        )
        .await;
    }
    for (path, body, status, changed, expected) in [
        (
            "/api/courses/capacity",
            "capacity=25",
            "approved",
            "SELECT capacity = 25 FROM courses WHERE id = $1",
            "U-Y-------",
        ),
        (
            "/api/courses/cancel",
            "reason=%E5%9C%BA%E5%9C%B0%E4%B8%8D%E8%83%BD%E7%94%A8",
            "approved",
            "SELECT status = 'cancelled' FROM courses WHERE id = $1",
            "U-Y-YY-YYY",
        ),
        (
            "/api/courses/decide",
            "approve=true",
            "proposed",
            "SELECT status = 'approved' FROM courses WHERE id = $1",
            "U---YY-YYY",
        ),
    ] {
        for (who, want) in w.callers.iter().zip(expected.chars()) {
            let id = course(&pool, status, 2, 30).await;
            let call = form(path, &format!("course_id={id}&{body}"));
            check_once(&pool, &router, who, want, &call, changed, id, &mut failures).await;
        }
    }
    // Attendance and completion: a course that began today, with the helped worker on it.
    for (path, body, changed) in [
        (
            "/api/courses/attendance",
            "present%5B%5D={worker}&day={today}",
            "SELECT EXISTS (SELECT 1 FROM course_attendance WHERE course_id = $1)",
        ),
        (
            "/api/courses/complete",
            "worker_id={worker}&certificate_no=JS-2026-0001",
            "SELECT EXISTS (SELECT 1 FROM course_enrolments WHERE course_id = $1 AND status = 'completed')",
        ),
    ] {
        for (who, want) in w.callers.iter().zip("U---YY-YYY".chars()) {
            let id = course(&pool, "approved", 0, 30).await;
            let learner = enrol_target(&pool, id, false).await;
            let today: chrono::NaiveDate = sqlx::query_scalar("SELECT lingong_china_today()")
                .fetch_one(&pool)
                .await
                .expect("today");
            let body = body
                .replace("{worker}", &learner.to_string())
                .replace("{today}", &today.to_string());
            let call = form(path, &format!("course_id={id}&{body}"));
            check_once(&pool, &router, who, want, &call, changed, id, &mut failures).await;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_course_input_is_refused_and_changes_nothing(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let employer = session_for(&pool, w.account("employer")).await;
    let staff = session_for(&pool, w.account("district staff")).await;
    let worker = session_for(&pool, w.account("worker")).await;
    let courses_before = count(&pool, "SELECT count(*) FROM courses").await;

    let good = "trade=electrician&title=%E7%94%B5%E5%B7%A5&district=320106&address=%E4%B8%AD%E5%B1%B1%E8%B7%AF\
                &starts_on=2099-03-01&ends_on=2099-03-10&schedule=%E6%AF%8F%E5%A4%A9&hours=40&capacity=20";
    for (change, expected) in [
        ("starts_on=2020-01-01&ends_on=2020-01-05", "course_past"),
        ("ends_on=2099-02-01", "ends_on"),
        ("ends_on=2100-06-01", "ends_on"),
        ("capacity=0", "capacity"),
        ("capacity=501", "capacity"),
        ("hours=0", "course_hours"),
        ("title=%E7%94%B5", "course_title"),
        ("title=%E7%94%B5%E5%B7%A5%07", "course_title"),
        ("trade=construction", "course_trade"),
        ("trade=no_such_trade", "course_trade"),
        ("district=320199", "course_district"),
        ("cost=%E5%85%8D%E8%B4%B9", "cost"),
        ("partner_credit_code=123", "partner_credit_code"),
        // A well-formed code nobody has; the provider's own; more places promised than the course has.
        (
            "partner_credit_code=91320106MA1W2K3L48&partner_places=1",
            "course_partner",
        ),
        (
            "partner_credit_code=91110000802100433B&partner_places=1",
            "course_partner",
        ),
        (
            "partner_credit_code=91110108551385082Q&partner_places=21",
            "partner_places",
        ),
    ] {
        let body = form_with(&good, change);
        expect_refused(&router, &employer, "/api/courses/propose", &body, expected).await;
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM courses").await,
        courses_before
    );

    // Capacity below what is taken; enrolment twice; a forged id; a course not open.
    let id = course(&pool, "approved", 1, 3).await;
    enrol_target(&pool, id, true).await;
    let body = format!("course_id={id}&take=true");
    let (status, answer) = send(
        &router,
        &form("/api/courses/enrol", &body),
        Some(&worker),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    expect_refused(
        &router,
        &worker,
        "/api/courses/enrol",
        &body,
        "course_already_enrolled",
    )
    .await;
    expect_refused(
        &router,
        &employer,
        "/api/courses/capacity",
        &format!("course_id={id}&capacity=1"),
        "course_below_enrolled",
    )
    .await;
    expect_refused(
        &router,
        &worker,
        "/api/courses/enrol",
        "course_id=999999&take=true",
        "notfound",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/decide",
        "course_id=999999&approve=true",
        "notfound",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/decide",
        &format!("course_id={id}&approve=true"),
        "course_decided",
    )
    .await;
    let cancelled = course(&pool, "cancelled", 1, 3).await;
    expect_refused(
        &router,
        &worker,
        "/api/courses/enrol",
        &format!("course_id={cancelled}&take=true"),
        "course_closed",
    )
    .await;
    let proposed = course(&pool, "proposed", 1, 3).await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/decide",
        &format!("course_id={proposed}&approve=false&reason=x"),
        "course_reason",
    )
    .await;
    assert_eq!(
        count(
            &pool,
            &format!("SELECT enrolled::bigint FROM courses WHERE id = {id}")
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM courses WHERE id = {proposed} AND status = 'proposed'")
        )
        .await,
        1
    );

    // Attendance for a day to come and completion before the first day; a bad certificate number;
    // a learner not on the course.
    let learner = worker_id(&pool, "13900000009").await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/attendance",
        &format!("course_id={id}&day=2099-01-01&present%5B%5D={learner}"),
        "course_day",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/complete",
        &format!("course_id={id}&worker_id={learner}&certificate_no=JS-0001"),
        "course_not_started",
    )
    .await;
    let begun = course(&pool, "approved", 0, 3).await;
    enrol_target(&pool, begun, false).await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/complete",
        &format!("course_id={begun}&worker_id={learner}&certificate_no=%3Cb%3E"),
        "certificate_no",
    )
    .await;
    let stranger = worker_id(&pool, "13900000001").await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/complete",
        &format!("course_id={begun}&worker_id={stranger}&certificate_no=JS-0001"),
        "course_not_enrolled",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/courses/attendance",
        &format!("course_id={begun}&day=2026-01-01&present%5B%5D={stranger}"),
        "course_not_enrolled",
    )
    .await;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM course_attendance").await,
        0
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM course_enrolments WHERE status = 'completed'"
        )
        .await,
        0
    );

    // The database holds the lives whatever the path.
    for sql in [
        format!("UPDATE courses SET enrolled = capacity + 1 WHERE id = {id}"),
        format!("UPDATE courses SET status = 'proposed', decided_at = NULL WHERE id = {id}"),
        format!("UPDATE courses SET trade_code = 'kitchen_helper' WHERE id = {id}"),
        format!("UPDATE courses SET starts_on = starts_on + 1, ends_on = ends_on + 1 WHERE id = {id}"),
        format!("UPDATE courses SET status = 'approved', status_reason = NULL WHERE id = {cancelled}"),
        format!("UPDATE course_enrolments SET status = 'completed', certificate_no = 'X-0001', completed_at = now() WHERE course_id = {id}"),
        format!("INSERT INTO course_enrolments (course_id, worker_id) VALUES ({cancelled}, {stranger})"),
        format!("INSERT INTO course_attendance (course_id, worker_id, day) VALUES ({id}, {learner}, lingong_china_today() + 1)"),
        "INSERT INTO courses (provider_id, trade_code, title, city_adcode, district_adcode, address, starts_on, ends_on, schedule, hours, capacity, cost_cents)
         VALUES (1, 'electrician', '过去', 320100, 320106, '某地', lingong_china_today() - 1, lingong_china_today(), '每天', 1, 1, 0)".to_owned(),
    ] {
        assert!(sqlx::query(&sql).execute(&pool).await.is_err(), "{sql}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn a_course_is_never_over_filled_and_decided_once_however_many_ask_at_once(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let id = course(&pool, "approved", 1, 5).await;
    let mut sessions = Vec::new();
    {
        let mut conn = pool.acquire().await.expect("connection");
        for i in 0..30 {
            let phone = format!("1370000{i:04}");
            let account = app::db::accounts::create_worker_account(&mut conn, &phone)
                .await
                .expect("worker");
            sessions.push(session_for(&pool, account.account_id).await);
        }
    }
    let enrol = form("/api/courses/enrol", &format!("course_id={id}&take=true"));
    let answers = futures::future::join_all(
        sessions
            .iter()
            .map(|s| send(&router, &enrol, Some(s), Csrf::Header)),
    )
    .await;
    let enrolled = answers.iter().filter(|(s, _)| s.is_success()).count();
    let full = answers
        .iter()
        .filter(|(s, a)| s.as_u16() == 409 && a.contains("course_full"))
        .count();
    assert_eq!((enrolled, full), (5, 25), "{answers:?}");
    assert_eq!(
        count(
            &pool,
            &format!("SELECT enrolled::bigint FROM courses WHERE id = {id}")
        )
        .await,
        5
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM course_enrolments WHERE status = 'enrolled'"
        )
        .await,
        5
    );

    // A place given back is taken again by exactly one of those asking at once.
    let (status, _) = send(
        &router,
        &form("/api/courses/enrol", &format!("course_id={id}&take=false")),
        Some(
            &sessions[answers
                .iter()
                .position(|(s, _)| s.is_success())
                .expect("one")],
        ),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success());
    let answers = futures::future::join_all(
        sessions
            .iter()
            .map(|s| send(&router, &enrol, Some(s), Csrf::Header)),
    )
    .await;
    assert_eq!(
        answers.iter().filter(|(s, _)| s.is_success()).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        count(
            &pool,
            &format!("SELECT enrolled::bigint FROM courses WHERE id = {id}")
        )
        .await,
        5
    );

    // Nine staff decide one proposal at once: one decision, one notice, one audit entry.
    let proposed = course(&pool, "proposed", 2, 5).await;
    let staff: Vec<String> = futures::future::join_all(
        ["district staff", "city staff", "province staff"]
            .into_iter()
            .map(|name| session_for(&pool, w.account(name))),
    )
    .await;
    let decide = form(
        "/api/courses/decide",
        &format!("course_id={proposed}&approve=true"),
    );
    let answers = futures::future::join_all(
        (0..9).map(|i| send(&router, &decide, Some(&staff[i % 3]), Csrf::Header)),
    )
    .await;
    let decided = answers.iter().filter(|(s, _)| s.is_success()).count();
    let refused = answers
        .iter()
        .filter(|(s, a)| s.as_u16() == 409 && a.contains("course_decided"))
        .count();
    assert_eq!((decided, refused), (1, 8), "{answers:?}");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'course_decided'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM audit_log WHERE action = 'decide_course' AND subject_id = {proposed}")
        )
        .await,
        1
    );

    // A learner's completion recorded by three staff at once: once.
    let begun = course(&pool, "approved", 0, 5).await;
    let learner = enrol_target(&pool, begun, true).await;
    let complete = form(
        "/api/courses/complete",
        &format!("course_id={begun}&worker_id={learner}&certificate_no=JS-0002"),
    );
    let answers = futures::future::join_all(
        (0..6).map(|i| send(&router, &complete, Some(&staff[i % 3]), Csrf::Header)),
    )
    .await;
    assert_eq!(
        answers.iter().filter(|(s, _)| s.is_success()).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'course_completed'"
        )
        .await,
        1,
        "the learner is told once"
    );
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM audit_log WHERE action = 'complete_course' AND subject_id = {begun}")
        )
        .await,
        1
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn completion_adds_the_trade_and_tells_the_partner_only_what_was_agreed(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let staff = session_for(&pool, w.account("district staff")).await;
    let partner_account: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (phone, role, employer_id)
         SELECT '13900000011', 'employer', id FROM employers WHERE credit_code = '91110108551385082Q'
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .expect("partner account");
    let partner = session_for(&pool, partner_account).await;

    // Two learners on a course that began today: the helped worker agreed to be introduced to the
    // partner, the other did not.
    let id = course(&pool, "approved", 0, 5).await;
    let agreed = enrol_target(&pool, id, true).await;
    let other = worker_id(&pool, "13900000001").await;
    sqlx::query("INSERT INTO course_enrolments (course_id, worker_id) VALUES ($1, $2)")
        .bind(id)
        .bind(other)
        .execute(&pool)
        .await
        .expect("enrol");
    sqlx::query("UPDATE workers SET name = '张师傅' WHERE id = $1")
        .bind(agreed)
        .execute(&pool)
        .await
        .expect("name");
    for (worker, number) in [(agreed, "JS-2026-0001"), (other, "JS-2026-0002")] {
        let (status, answer) = send(
            &router,
            &form(
                "/api/courses/complete",
                &format!("course_id={id}&worker_id={worker}&certificate_no={number}"),
            ),
            Some(&staff),
            Csrf::Header,
        )
        .await;
        assert!(status.is_success(), "{answer}");
    }
    for worker in [agreed, other] {
        assert_eq!(
            count(&pool, &format!("SELECT count(*) FROM worker_trades WHERE worker_id = {worker} AND trade_code = 'electrician'")).await,
            1,
            "the trade joins the profile"
        );
    }
    let told: Vec<String> = sqlx::query_scalar(
        "SELECT n.detail FROM notifications n WHERE n.kind = 'course_graduate' AND n.account_id = $1",
    )
    .bind(partner_account)
    .fetch_all(&pool)
    .await
    .expect("partner's notices");
    assert_eq!(told, vec!["张师傅 13900000009".to_owned()]);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'course_completed'"
        )
        .await,
        2
    );
    // The partner's roster: the graduate who agreed, and nobody else.
    let (status, roster) = send(
        &router,
        &form("/api/courses/roster", &format!("course_id={id}")),
        Some(&partner),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{roster}");
    assert!(
        roster.contains("13900000009") && !roster.contains("13900000001"),
        "{roster}"
    );

    // The subsidy: once a year. The helped worker completed a subsidised course today, so another
    // subsidised course is theirs to pay for; the other worker's too (both completed).
    let next = course(&pool, "approved", 5, 5).await;
    let helped = session_for(&pool, account_of(&pool, "13900000009").await).await;
    let (_, page) = send(
        &router,
        &form("/api/courses/course", &format!("id={next}")),
        Some(&helped),
        Csrf::Header,
    )
    .await;
    assert!(page.contains("\"subsidy\":\"UsedThisYear\""), "{page}");
    let newcomer = {
        let mut conn = pool.acquire().await.expect("connection");
        app::db::accounts::create_worker_account(&mut conn, "13700009999")
            .await
            .expect("worker")
    };
    let newcomer_session = session_for(&pool, newcomer.account_id).await;
    let (_, page) = send(
        &router,
        &form("/api/courses/course", &format!("id={next}")),
        Some(&newcomer_session),
        Csrf::Header,
    )
    .await;
    assert!(page.contains("\"subsidy\":\"Eligible\""), "{page}");
}

#[sqlx::test(migrations = "./migrations")]
async fn courses_are_suggested_to_workers_whose_trades_have_few_postings(pool: PgPool) {
    let _w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let worker = worker_id(&pool, "13900000009").await;
    let session = session_for(&pool, account_of(&pool, "13900000009").await).await;
    sqlx::query("INSERT INTO worker_trades (worker_id, trade_code) VALUES ($1, 'kitchen_helper')")
        .bind(worker)
        .execute(&pool)
        .await
        .expect("trade");
    let id = course(&pool, "approved", 3, 5).await;
    let suggested = |session: String| {
        let router = router.clone();
        async move {
            let (status, body) = send(
                &router,
                &form("/api/courses/suggested", ""),
                Some(&session),
                Csrf::Header,
            )
            .await;
            assert!(status.is_success(), "{body}");
            body
        }
    };
    let body = suggested(session.clone()).await;
    assert!(body.contains(&format!("\"id\":{id}")), "{body}");
    assert!(body.contains("\"postings_in_trades\":0"), "{body}");

    // Ten open kitchen-helper gigs in 南京: the worker's trade is in demand, nothing is suggested.
    for i in 0..10 {
        market_posting(&pool, &format!("后厨帮工 {i}")).await;
    }
    let body = suggested(session.clone()).await;
    assert!(body.contains("\"courses\":[]"), "{body}");

    // A course in the worker's own trade is never suggested, nor one they are on.
    sqlx::query("DELETE FROM postings")
        .execute(&pool)
        .await
        .expect("clear");
    sqlx::query("UPDATE courses SET status = 'cancelled', status_reason = '测试' WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .expect("cancel");
    let body = suggested(session).await;
    assert!(body.contains("\"courses\":[]"), "{body}");
}

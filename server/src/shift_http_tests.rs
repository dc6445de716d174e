//! The shift after the match through the real router against real PostgreSQL: who may check in, show
//! the code, record days, correct hours, record and answer payments, open, read and decide wage cases.

use app::auth::sms::MemorySms;
use sqlx::PgPool;

use crate::test_harness::*;

/// A posting of the test employer whose shift runs all of today (China time), so that checking in is
/// open whenever the test runs.
async fn posting_on_today(pool: &PgPool, title: &str) -> i64 {
    let posting = market_posting(pool, title).await;
    sqlx::query(
        "UPDATE postings SET start_date = (now() AT TIME ZONE 'Asia/Shanghai')::date,
                             end_date = (now() AT TIME ZONE 'Asia/Shanghai')::date + 1,
                             start_time = '00:00', shift_minutes = 1440
          WHERE id = $1",
    )
    .bind(posting)
    .execute(pool)
    .await
    .expect("today's shift");
    posting
}

/// The test worker's place on a posting.
async fn place(pool: &PgPool, posting: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO applications (posting_id, worker_id, status, decided_at)
         VALUES ($1, (SELECT worker_id FROM accounts WHERE phone = '13900000001'), 'accepted', now())
         RETURNING id",
    )
    .bind(posting)
    .fetch_one(pool)
    .await
    .expect("place")
}

/// A place worked today from midnight until now, as the employer recorded it.
async fn worked_place(pool: &PgPool, title: &str) -> i64 {
    let posting = posting_on_today(pool, title).await;
    let application = place(pool, posting).await;
    sqlx::query(
        "INSERT INTO shift_days (application_id, work_date, checked_in_at, check_in_by, checked_out_at, check_out_by)
         SELECT $1, p.start_date, lingong_shift_starts_at(p.start_date, p.start_time), 'employer', now(), 'employer'
           FROM postings p WHERE p.id = $2",
    )
    .bind(application)
    .bind(posting)
    .execute(pool)
    .await
    .expect("worked day");
    application
}

/// A place on today's shift that its employer recorded as missed (未到岗).
async fn no_show_place(pool: &PgPool, title: &str) -> i64 {
    let posting = posting_on_today(pool, title).await;
    let application = place(pool, posting).await;
    sqlx::query("UPDATE applications SET status = 'no_show' WHERE id = $1")
        .bind(application)
        .execute(pool)
        .await
        .expect("no-show");
    application
}

async fn wage_case(pool: &PgPool, application: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO wage_cases (application_id, city_adcode, district_adcode, opened_by)
         VALUES ($1, 320100, 320106, 'overdue') RETURNING id",
    )
    .bind(application)
    .fetch_one(pool)
    .await
    .expect("wage case")
}

#[sqlx::test(migrations = "./migrations")]
async fn shift_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let today: String =
        sqlx::query_scalar("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date)::text")
            .fetch_one(&pool)
            .await
            .expect("today");
    let clocking = posting_on_today(&pool, "鼓楼今日帮厨").await;
    let clocking_place = place(&pool, clocking).await;
    let recorded = place(&pool, posting_on_today(&pool, "鼓楼今日洗碗").await).await;
    let worked = worked_place(&pool, "鼓楼今日切配").await;
    let paid: i64 = sqlx::query_scalar(
        "INSERT INTO shift_payments (application_id, amount_cents, method, paid_on)
         VALUES ($1, 15000, 'wechat', current_date) RETURNING id",
    )
    .bind(worked)
    .fetch_one(&pool)
    .await
    .expect("payment");
    let case = wage_case(&pool, worked_place(&pool, "鼓楼今日传菜").await).await;
    let secret: Vec<u8> =
        sqlx::query_scalar("INSERT INTO check_in_keys (posting_id) VALUES ($1) RETURNING secret")
            .bind(clocking)
            .fetch_one(&pool)
            .await
            .expect("key");
    let (code, _) =
        app::auth::check_in_code::code_at(&secret, app::auth::check_in_code::now_unix());
    let employers_message: i64 = sqlx::query_scalar(
        "INSERT INTO place_messages (application_id, from_worker, body) VALUES ($1, false, '明天带手套')
         RETURNING id",
    )
    .bind(worked)
    .fetch_one(&pool)
    .await
    .expect("message");

    // A place the employer recorded as missed, for the worker to appeal.
    let missed = no_show_place(&pool, "鼓楼缺勤").await;

    // Columns as in `access_matrix_over_http`.
    let rows: Vec<(Call, &str)> = vec![
        (
            form(
                "/api/shifts/clock",
                &format!("posting_id={clocking}&direction=in&code={code}"),
            ),
            "UY--------",
        ),
        (
            form("/api/shifts/code", &format!("posting_id={clocking}")),
            "U-Y-------",
        ),
        (
            form(
                "/api/shifts/record-day",
                &format!("application_id={recorded}&work_date={today}&arrived=00%3A00"),
            ),
            "U-Y-------",
        ),
        (
            form(
                "/api/shifts/correct-hours",
                &format!(
                    "application_id={worked}&work_date={today}&hours=7.5&note=%E5%8D%88%E4%BC%91%E4%B8%8D%E7%AE%97"
                ),
            ),
            "U-Y-------",
        ),
        (
            form(
                "/api/shifts/record-payment",
                &format!("application_id={worked}&amount=150&method=cash&paid_on={today}"),
            ),
            "U-Y-------",
        ),
        (
            form(
                "/api/shifts/answer-payment",
                &format!("payment_id={paid}&received=false&reason=%E5%B0%91%E4%BA%86%E4%BA%94%E5%8D%81"),
            ),
            "UY--------",
        ),
        (
            form(
                "/api/shifts/open-case",
                &format!("application_id={worked}&complaint=%E8%BF%98%E6%AC%A0%E4%BA%94%E5%8D%81"),
            ),
            "UY--------",
        ),
        (form("/api/shifts/cases", ""), "U---YYYYYY"),
        (
            form("/api/shifts/case", &format!("case_id={case}")),
            "U---YY-YYY",
        ),
        (
            form("/api/places/thread", &format!("application_id={clocking_place}")),
            "UYY-------",
        ),
        (
            form(
                "/api/places/write",
                &format!("application_id={clocking_place}&body=%E6%88%91%E5%88%B0%E4%BA%86"),
            ),
            "UYY-------",
        ),
        (
            form(
                "/api/places/broadcast",
                &format!("posting_id={clocking}&body=%E4%B8%83%E7%82%B9%E5%8D%8A%E9%9B%86%E5%90%88"),
            ),
            "U-Y-------",
        ),
        (
            form(
                "/api/places/report",
                &format!("message_id={employers_message}&reason=%E8%BE%B1%E9%AA%82"),
            ),
            "UYC-------",
        ),
        (form("/api/places/reported", ""), "U---YYYYYY"),
        (
            form(
                "/api/ratings/rate",
                &format!("application_id={worked}&stars=4"),
            ),
            "UYY-------",
        ),
        (
            form(
                "/api/ratings/appeal",
                &format!("application_id={worked}&reason=%E4%B8%8D%E5%AE%9E"),
            ),
            "UYY-------",
        ),
        (form("/api/ratings/appeals", ""), "U---YYYYYY"),
        (
            form(
                "/api/no-shows/appeal",
                &format!("application_id={missed}&reason=%E6%88%91%E5%88%B0%E4%BA%86"),
            ),
            "UY--------",
        ),
        (form("/api/no-shows/appeals", ""), "U---YYYYYY"),
    ];
    let mut failures = Vec::new();
    for (call, expected) in &rows {
        check_row(&pool, &router, &w, call, expected, &mut failures).await;
    }

    // What the rightful callers did, and nothing more.
    let clocked: (i64, String) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM shift_days WHERE application_id = $1),
                (SELECT status FROM applications WHERE id = $1)",
    )
    .bind(clocking_place)
    .fetch_one(&pool)
    .await
    .expect("clocked");
    assert_eq!(clocked, (1, "attended".to_owned()));
    let by_employer: String =
        sqlx::query_scalar("SELECT check_in_by FROM shift_days WHERE application_id = $1")
            .bind(recorded)
            .fetch_one(&pool)
            .await
            .expect("recorded day");
    assert_eq!(by_employer, "employer");
    let worked_state: (Option<i16>, i64, String, String) = sqlx::query_as(
        "SELECT (SELECT corrected_minutes FROM shift_days WHERE application_id = $1),
                (SELECT count(*) FROM shift_payments WHERE application_id = $1),
                (SELECT status FROM shift_payments WHERE id = $2),
                (SELECT opened_by FROM wage_cases WHERE application_id = $1)",
    )
    .bind(worked)
    .bind(paid)
    .fetch_one(&pool)
    .await
    .expect("worked place");
    assert_eq!(
        worked_state,
        (Some(450), 2, "disputed".to_owned(), "worker".to_owned())
    );
    // Both sides wrote once, and the broadcast reached the one place of its posting; the report landed.
    let messages: (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE from_worker), count(*) FILTER (WHERE NOT from_worker AND NOT broadcast),
                count(*) FILTER (WHERE broadcast)
           FROM place_messages WHERE application_id = $1",
    )
    .bind(clocking_place)
    .fetch_one(&pool)
    .await
    .expect("messages");
    assert_eq!(messages, (1, 1, 1));
    let reported: bool =
        sqlx::query_scalar("SELECT reported_at IS NOT NULL FROM place_messages WHERE id = $1")
            .bind(employers_message)
            .fetch_one(&pool)
            .await
            .expect("reported");
    assert!(reported);
    // Reading a case shows both phone numbers: every reading is in the audit log.
    let reads: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'read_wage_case'")
            .fetch_one(&pool)
            .await
            .expect("audit");
    assert_eq!(reads, 5);

    // Deciding a case: staff whose scope covers 鼓楼, and admins; one fresh case per caller.
    for (i, (caller, want)) in w.callers.iter().zip("U---YY-YYY".chars()).enumerate() {
        let case = wage_case(&pool, worked_place(&pool, &format!("鼓楼帮厨{i}")).await).await;
        let call = form(
            "/api/shifts/decide-case",
            &format!(
                "case_id={case}&decision=upheld&note=%E5%B7%B2%E8%B4%A3%E4%BB%A4%E6%94%AF%E4%BB%98"
            ),
        );
        let decided = "SELECT status <> 'open' FROM wage_cases WHERE id = $1";
        check_once(
            &pool,
            &router,
            caller,
            want,
            &call,
            decided,
            case,
            &mut failures,
        )
        .await;
    }

    // Tags arrive as a form's checkboxes, indexed (tags[0], tags[2]: the ticked ones).
    let worker_session = session_for(&pool, w.callers[1].1.expect("worker")).await;
    let (status, body) = send(
        &router,
        &form(
            "/api/ratings/rate",
            &format!(
                "application_id={clocking_place}&stars=5&tags%5B0%5D=paid_on_time&tags%5B2%5D=respectful"
            ),
        ),
        Some(&worker_session),
        Csrf::Header,
    )
    .await;
    assert_eq!(status.as_u16(), 200, "{body}");
    let tags: Vec<String> = sqlx::query_scalar(
        "SELECT unnest(tags) FROM place_ratings WHERE application_id = $1 AND by_worker ORDER BY 1",
    )
    .bind(clocking_place)
    .fetch_all(&pool)
    .await
    .expect("tags");
    assert_eq!(tags, ["paid_on_time", "respectful"]);

    // Deciding a rating's appeal: as for wage cases; one fresh appeal per caller.
    for (i, (caller, want)) in w.callers.iter().zip("U---YY-YYY".chars()).enumerate() {
        let place = worked_place(&pool, &format!("鼓楼评价{i}")).await;
        sqlx::query(
            "INSERT INTO place_ratings (application_id, by_worker, stars) VALUES ($1, true, 1), ($1, false, 5)",
        )
        .bind(place)
        .execute(&pool)
        .await
        .expect("ratings");
        sqlx::query(
            "UPDATE place_ratings SET appeal_status = 'open', appealed_at = now(), appeal_reason = '恶意差评'
              WHERE application_id = $1 AND by_worker",
        )
        .bind(place)
        .execute(&pool)
        .await
        .expect("appeal");
        let call = form(
            "/api/ratings/decide-appeal",
            &format!("application_id={place}&by_worker=true&uphold=true"),
        );
        let decided = "SELECT appeal_status <> 'open' FROM place_ratings WHERE application_id = $1 AND by_worker";
        check_once(
            &pool,
            &router,
            caller,
            want,
            &call,
            decided,
            place,
            &mut failures,
        )
        .await;
    }

    // Deciding a reported message: as for wage cases; one fresh report per caller.
    for (i, (caller, want)) in w.callers.iter().zip("U---YY-YYY".chars()).enumerate() {
        let place = worked_place(&pool, &format!("鼓楼留言{i}")).await;
        let message: i64 = sqlx::query_scalar(
            "INSERT INTO place_messages (application_id, from_worker, body) VALUES ($1, false, '先交押金')
             RETURNING id",
        )
        .bind(place)
        .fetch_one(&pool)
        .await
        .expect("message");
        sqlx::query(
            "UPDATE place_messages SET reported_at = now(), report_reason = '要押金' WHERE id = $1",
        )
        .bind(message)
        .execute(&pool)
        .await
        .expect("report");
        let call = form(
            "/api/places/decide-report",
            &format!("message_id={message}&hide=true"),
        );
        let decided = "SELECT report_decision IS NOT NULL FROM place_messages WHERE id = $1";
        check_once(
            &pool,
            &router,
            caller,
            want,
            &call,
            decided,
            message,
            &mut failures,
        )
        .await;
    }

    // Deciding a no-show appeal: as for wage cases; one fresh appeal per caller.
    for (i, (caller, want)) in w.callers.iter().zip("U---YY-YYY".chars()).enumerate() {
        let place = no_show_place(&pool, &format!("鼓楼缺勤申诉{i}")).await;
        sqlx::query("INSERT INTO no_show_appeals (application_id, reason) VALUES ($1, '我到了')")
            .bind(place)
            .execute(&pool)
            .await
            .expect("no-show appeal");
        let call = form(
            "/api/no-shows/decide-appeal",
            &format!("application_id={place}&uphold=true"),
        );
        let decided = "SELECT status <> 'open' FROM no_show_appeals WHERE application_id = $1";
        check_once(
            &pool,
            &router,
            caller,
            want,
            &call,
            decided,
            place,
            &mut failures,
        )
        .await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Six digits are not to be guessed: ten wrong codes in an hour, and the account's next try is refused
/// (even a right one) until the hour has passed; the wrong tries checked nobody in.
#[sqlx::test(migrations = "./migrations")]
async fn wrong_check_in_codes_are_limited_per_account(pool: PgPool) {
    let _ = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let posting = posting_on_today(&pool, "鼓楼今日保洁").await;
    let application = place(&pool, posting).await;
    let secret: Vec<u8> =
        sqlx::query_scalar("INSERT INTO check_in_keys (posting_id) VALUES ($1) RETURNING secret")
            .bind(posting)
            .fetch_one(&pool)
            .await
            .expect("key");
    let worker: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE phone = '13900000001'")
        .fetch_one(&pool)
        .await
        .expect("worker");
    let session = session_for(&pool, worker).await;
    let (right, _) =
        app::auth::check_in_code::code_at(&secret, app::auth::check_in_code::now_unix());
    let wrong = format!(
        "{:06}",
        (right.parse::<u32>().expect("digits") + 500_000) % 1_000_000
    );
    let clock = |code: &str| {
        form(
            "/api/shifts/clock",
            &format!("posting_id={posting}&direction=in&code={code}"),
        )
    };
    for _ in 0..10 {
        let (status, body) = send(&router, &clock(&wrong), Some(&session), Csrf::Header).await;
        assert_eq!(status.as_u16(), 409, "{body}");
    }
    let (status, body) = send(&router, &clock(&right), Some(&session), Csrf::Header).await;
    assert_eq!(status.as_u16(), 429, "{body}");
    let days: i64 = sqlx::query_scalar("SELECT count(*) FROM shift_days WHERE application_id = $1")
        .bind(application)
        .fetch_one(&pool)
        .await
        .expect("days");
    assert_eq!(days, 0);
}

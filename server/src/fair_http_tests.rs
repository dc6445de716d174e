//! Job fairs through the real router against real PostgreSQL: who holds fairs, asks for booths, signs
//! up and checks people in; bad input; booths never over-given and check-ins counted once however many
//! ask at once; a recurring series, its cancellation, hires counted and the board's figures.

use app::auth::sms::MemorySms;
use sqlx::PgPool;

use crate::test_harness::*;

/// A fair at the world's 鼓楼 station, `in_days` from today (China), with `booths` booths.
async fn fair(pool: &PgPool, market: i32, in_days: i32, booths: i16) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO job_fairs (market_id, theme, title, held_on, starts_at, ends_at, booths)
         VALUES ($1, 'general', '周二零工专场招聘会', lingong_china_today() + $2, '09:00', '11:30', $3)
         RETURNING id",
    )
    .bind(market)
    .bind(in_days)
    .bind(booths)
    .fetch_one(pool)
    .await
    .expect("fair")
}

async fn test_organisation(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT employer_id FROM accounts WHERE phone = '13900000002'")
        .fetch_one(pool)
        .await
        .expect("organisation")
}

/// The test organisation's booth at a fair, asked for, bringing `posting`.
async fn booth(pool: &PgPool, fair_id: i64, posting: i64) -> i64 {
    let employer = test_organisation(pool).await;
    sqlx::query("INSERT INTO fair_booths (fair_id, employer_id) VALUES ($1, $2)")
        .bind(fair_id)
        .bind(employer)
        .execute(pool)
        .await
        .expect("booth");
    sqlx::query(
        "INSERT INTO fair_booth_postings (fair_id, employer_id, posting_id) VALUES ($1, $2, $3)",
    )
    .bind(fair_id)
    .bind(employer)
    .bind(posting)
    .execute(pool)
    .await
    .expect("booth posting");
    employer
}

/// A unified social credit code (GB 32100-2015) from its first 17 characters and its check digit.
fn credit_code(body: &str) -> String {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let total: usize = body
        .chars()
        .enumerate()
        .map(|(i, c)| ALPHABET.find(c).expect("a code character") * (3usize.pow(i as u32) % 31))
        .sum();
    let check = (31 - total % 31) % 31;
    format!("{body}{}", &ALPHABET[check..check + 1])
}

#[sqlx::test(migrations = "./migrations")]
async fn fair_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let mut failures = Vec::new();
    let posting = market_posting(&pool, "招聘会帮厨").await;
    let today = fair(&pool, w.gulou_market, 0, 10).await;

    // Columns as in `access_matrix_over_http`: anonymous, worker, employer, new employer, market
    // staff (of the 鼓楼 station), district staff (鼓楼), other district staff (江宁), city staff,
    // province staff, admin.
    for (call, expected) in [
        (form("/api/fairs/list", ""), "YYYYYYYYYY"),
        (form("/api/fairs/next", ""), "YYYYYYYYYY"),
        (
            form("/api/fairs/list", "market=test-gulou-station"),
            "YYYYYYYYYY",
        ),
        (
            form("/api/fairs/fair", &format!("id={today}")),
            "YYYYYYYYYY",
        ),
        (form("/api/fairs/staff", ""), "U---YYYYYY"),
        (
            form("/api/fairs/desk", &format!("fair_id={today}")),
            "U---YY-YYY",
        ),
    ] {
        check_row(&pool, &router, &w, &call, expected, &mut failures).await;
    }

    let hold = form(
        "/api/fairs/hold",
        &format!(
            "market_id={}&theme=general&title=%E7%9F%A9%E9%98%B5%E6%8B%9B%E8%81%98%E4%BC%9A\
             &held_on=2099-03-03&starts_at=09:00&ends_at=11:30&booths=20",
            w.gulou_market
        ),
    );
    for (who, want) in w.callers.iter().zip("U---YY-YYY".chars()) {
        sqlx::query("DELETE FROM job_fairs WHERE title = '矩阵招聘会'")
            .execute(&pool)
            .await
            .expect("clear");
        let made =
            "SELECT $1::bigint > 0 AND EXISTS (SELECT 1 FROM job_fairs WHERE title = '矩阵招聘会')";
        check_once(&pool, &router, who, want, &hold, made, 1, &mut failures).await;
    }
    let worker = worker_id(&pool, "13900000001").await;
    for (who, want) in w.callers.iter().zip("UY--------".chars()) {
        let id = fair(&pool, w.gulou_market, 1, 10).await;
        let call = form("/api/fairs/sign-up", &format!("fair_id={id}&take=true"));
        let signed = format!(
            "SELECT EXISTS (SELECT 1 FROM fair_signups WHERE fair_id = $1 AND worker_id = {worker})"
        );
        check_once(&pool, &router, who, want, &call, &signed, id, &mut failures).await;
    }
    for (who, want) in w.callers.iter().zip("U-Y-------".chars()) {
        let id = fair(&pool, w.gulou_market, 1, 10).await;
        let call = form(
            "/api/fairs/booth",
            &format!("fair_id={id}&postings%5B%5D={posting}"),
        );
        let asked = "SELECT EXISTS (SELECT 1 FROM fair_booths WHERE fair_id = $1)";
        check_once(&pool, &router, who, want, &call, asked, id, &mut failures).await;
    }
    // Staff at the fair: each change from a fair of today made for that one call.
    let walk_in = w.target_phone;
    for (path, body, booth_status, changed) in [
        (
            "/api/fairs/decide-booth",
            "employer_id={employer}&approve=true",
            "requested",
            "SELECT EXISTS (SELECT 1 FROM fair_booths WHERE fair_id = $1 AND status = 'approved')",
        ),
        (
            "/api/fairs/present",
            "employer_id={employer}",
            "approved",
            "SELECT EXISTS (SELECT 1 FROM fair_booths WHERE fair_id = $1 AND present_at IS NOT NULL)",
        ),
        (
            "/api/fairs/check-in",
            "phone={walk_in}",
            "requested",
            "SELECT EXISTS (SELECT 1 FROM fair_signups WHERE fair_id = $1 AND checked_in_at IS NOT NULL)",
        ),
        (
            "/api/fairs/cancel",
            "reason=%E5%A4%A7%E9%9B%A8",
            "requested",
            "SELECT status = 'cancelled' FROM job_fairs WHERE id = $1",
        ),
    ] {
        for (who, want) in w.callers.iter().zip("U---YY-YYY".chars()) {
            let id = fair(&pool, w.gulou_market, 0, 10).await;
            let employer = booth(&pool, id, posting).await;
            if booth_status == "approved" {
                sqlx::query("UPDATE fair_booths SET status = 'approved' WHERE fair_id = $1")
                    .bind(id)
                    .execute(&pool)
                    .await
                    .expect("approve");
            }
            let body = body
                .replace("{employer}", &employer.to_string())
                .replace("{walk_in}", walk_in);
            let call = form(path, &format!("fair_id={id}&{body}"));
            check_once(&pool, &router, who, want, &call, changed, id, &mut failures).await;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_fair_input_is_refused_and_changes_nothing(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let staff = session_for(&pool, w.account("district staff")).await;
    let employer = session_for(&pool, w.account("employer")).await;
    let worker = session_for(&pool, w.account("worker")).await;
    let fairs_before = count(&pool, "SELECT count(*) FROM job_fairs").await;
    let good = format!(
        "market_id={}&theme=general&title=%E6%8B%9B%E8%81%98%E4%BC%9A&held_on=2099-03-03\
         &starts_at=09:00&ends_at=11:30&booths=20",
        w.gulou_market
    );
    for (change, expected) in [
        ("held_on=2020-01-01", "fair_past"),
        ("ends_at=08:00", "ends_at"),
        ("starts_at=9", "starts_at"),
        ("booths=0", "booths"),
        ("booths=201", "booths"),
        ("theme=party", "theme"),
        ("title=%E6%8B%9B", "fair_title"),
        ("title=%E6%8B%9B%E8%81%98%07", "fair_title"),
        (
            "livestream_url=http%3A%2F%2Flive.example.cn",
            "livestream_url",
        ),
        ("livestream_url=javascript%3Aalert(1)", "livestream_url"),
        (
            "livestream_url=https%3A%2F%2Fx.cn%2F%22%3E%3Cscript%3E",
            "livestream_url",
        ),
        ("weekdays%5B%5D=2&until=2099-12-31", "until"),
        ("weekdays%5B%5D=2&until=2099-03-01", "until"),
        ("weekdays%5B%5D=9&until=2099-03-20", "until"),
        ("market_id=999999", "market_id"),
    ] {
        let body = form_with(&good, change);
        expect_refused(&router, &staff, "/api/fairs/hold", &body, expected).await;
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM job_fairs").await,
        fairs_before
    );

    // Booths for another organisation's postings, or closed ones, or none.
    let id = fair(&pool, w.gulou_market, 1, 1).await;
    let theirs: i64 = sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount)
         VALUES ($1, 'kitchen_helper', '别家的岗位', '中山路9号', ST_SetSRID(ST_MakePoint(118.78, 32.06), 4326),
                 320100, 320106, 20000, 'day', current_date + 7, current_date + 8, 480, 3)
         RETURNING id",
    )
    .bind(w.pending_employer)
    .fetch_one(&pool)
    .await
    .expect("their posting");
    let ours = market_posting(&pool, "我们的岗位").await;
    for body in [
        format!("fair_id={id}&postings%5B%5D={theirs}"),
        format!("fair_id={id}&postings%5B%5D={ours}&postings%5B%5D={theirs}"),
        format!("fair_id={id}"),
    ] {
        expect_refused(
            &router,
            &employer,
            "/api/fairs/booth",
            &body,
            "fair_postings",
        )
        .await;
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM fair_booths").await, 0);
    expect_refused(
        &router,
        &employer,
        "/api/fairs/booth",
        &format!("fair_id=999999&postings%5B%5D={ours}"),
        "notfound",
    )
    .await;

    // Signing up twice; a forged fair; a cancelled one; the door before the day.
    let body = format!("fair_id={id}&take=true");
    let (status, answer) = send(
        &router,
        &form("/api/fairs/sign-up", &body),
        Some(&worker),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    expect_refused(
        &router,
        &worker,
        "/api/fairs/sign-up",
        &body,
        "fair_already_signed_up",
    )
    .await;
    expect_refused(
        &router,
        &worker,
        "/api/fairs/sign-up",
        "fair_id=999999&take=true",
        "notfound",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/fairs/check-in",
        &format!("fair_id={id}&phone=13900000001"),
        "fair_not_today",
    )
    .await;
    let today = fair(&pool, w.gulou_market, 0, 1).await;
    expect_refused(
        &router,
        &staff,
        "/api/fairs/check-in",
        &format!("fair_id={today}&phone=13911112222"),
        "fair_no_worker",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/fairs/check-in",
        &format!("fair_id={today}&phone=123"),
        "phone",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/fairs/check-in",
        &format!("fair_id={today}&pass=0123456789abcdef"),
        "fair_no_pass",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/fairs/check-in",
        &format!("fair_id={today}&pass=%3Cb%3E"),
        "pass",
    )
    .await;
    // A pass of another fair is not this fair's.
    let other_pass: String =
        sqlx::query_scalar("SELECT pass_code FROM fair_signups WHERE fair_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("pass");
    expect_refused(
        &router,
        &staff,
        "/api/fairs/check-in",
        &format!("fair_id={today}&pass={other_pass}"),
        "fair_no_pass",
    )
    .await;
    expect_refused(
        &router,
        &staff,
        "/api/fairs/cancel",
        &format!("fair_id={today}&reason=x"),
        "fair_reason",
    )
    .await;
    sqlx::query("UPDATE job_fairs SET status = 'cancelled', cancel_reason = '大雨' WHERE id = $1")
        .bind(today)
        .execute(&pool)
        .await
        .expect("cancel");
    expect_refused(
        &router,
        &worker,
        "/api/fairs/sign-up",
        &format!("fair_id={today}&take=true"),
        "fair_closed",
    )
    .await;
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM fair_signups WHERE checked_in_at IS NOT NULL"
        )
        .await,
        0
    );

    // The database holds the lives whatever the path.
    let employer_id: i64 =
        sqlx::query_scalar("SELECT employer_id FROM accounts WHERE phone = '13900000002'")
            .fetch_one(&pool)
            .await
            .expect("employer");
    sqlx::query("INSERT INTO fair_booths (fair_id, employer_id) VALUES ($1, $2)")
        .bind(id)
        .bind(employer_id)
        .execute(&pool)
        .await
        .expect("booth");
    for sql in [
        format!("UPDATE job_fairs SET booked = booths + 1 WHERE id = {id}"),
        format!("UPDATE job_fairs SET held_on = held_on + 1 WHERE id = {id}"),
        format!("UPDATE job_fairs SET status = 'scheduled', cancel_reason = NULL WHERE id = {today}"),
        format!("INSERT INTO fair_booth_postings (fair_id, employer_id, posting_id) VALUES ({id}, {employer_id}, {theirs})"),
        format!("UPDATE fair_booths SET present_at = now() WHERE fair_id = {id}"),
        format!("UPDATE fair_signups SET checked_in_at = now() WHERE fair_id = {id}"),
        format!("INSERT INTO fair_signups (fair_id, worker_id, pass_code) SELECT {today}, id, 'aaaaaaaaaaaaaaaa' FROM workers LIMIT 1"),
        format!("INSERT INTO job_fairs (market_id, theme, title, held_on, starts_at, ends_at, booths)
                 VALUES ({}, 'general', '过去的招聘会', lingong_china_today() - 1, '09:00', '11:00', 5)", w.gulou_market),
        format!("INSERT INTO job_fairs (market_id, theme, title, held_on, starts_at, ends_at, booths, livestream_url)
                 VALUES ({}, 'general', '直播招聘会', lingong_china_today(), '09:00', '11:00', 5, 'javascript:alert(1)')", w.gulou_market),
    ] {
        assert!(sqlx::query(&sql).execute(&pool).await.is_err(), "{sql}");
    }
    // One booth: a second approval is refused.
    sqlx::query("UPDATE fair_booths SET status = 'approved' WHERE fair_id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .expect("approve");
    sqlx::query("INSERT INTO fair_booths (fair_id, employer_id) VALUES ($1, $2)")
        .bind(id)
        .bind(w.pending_employer)
        .execute(&pool)
        .await
        .expect("second booth");
    expect_refused(
        &router,
        &staff,
        "/api/fairs/decide-booth",
        &format!(
            "fair_id={id}&employer_id={}&approve=true",
            w.pending_employer
        ),
        "fair_full",
    )
    .await;
    assert_eq!(
        count(
            &pool,
            &format!("SELECT booked::bigint FROM job_fairs WHERE id = {id}")
        )
        .await,
        1
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn booths_are_never_over_given_and_the_door_counts_each_person_once(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let id = fair(&pool, w.gulou_market, 0, 3).await;
    // Eight organisations ask for a booth; seven are left.
    let mut employers = Vec::new();
    for i in 0..8 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO employers (credit_code, name, city_adcode) VALUES ($1, $2, 320100) RETURNING id",
        )
        .bind(credit_code(&format!("91320106MA1W2K{i:03}")))
        .bind(format!("参会单位{i}"))
        .fetch_one(&pool)
        .await
        .expect("employer");
        employers.push(id);
    }
    for employer in &employers {
        sqlx::query("INSERT INTO fair_booths (fair_id, employer_id) VALUES ($1, $2)")
            .bind(id)
            .bind(employer)
            .execute(&pool)
            .await
            .expect("booth");
    }
    let booths = 7;
    sqlx::query("UPDATE job_fairs SET booths = $2 WHERE id = $1")
        .bind(id)
        .bind(booths)
        .execute(&pool)
        .await
        .expect("booths");
    let staff: Vec<String> = futures::future::join_all(
        ["district staff", "city staff", "market staff"]
            .into_iter()
            .map(|name| session_for(&pool, w.account(name))),
    )
    .await;
    let calls: Vec<_> = employers
        .iter()
        .map(|e| {
            form(
                "/api/fairs/decide-booth",
                &format!("fair_id={id}&employer_id={e}&approve=true"),
            )
        })
        .collect();
    let answers = futures::future::join_all(
        calls
            .iter()
            .enumerate()
            .map(|(i, call)| send(&router, call, Some(&staff[i % 3]), Csrf::Header)),
    )
    .await;
    let approved = answers.iter().filter(|(s, _)| s.is_success()).count();
    let full = answers
        .iter()
        .filter(|(s, a)| s.as_u16() == 409 && a.contains("fair_full"))
        .count();
    assert_eq!((approved, full), (booths as usize, 1), "{answers:?}");
    assert_eq!(
        count(
            &pool,
            &format!("SELECT booked::bigint FROM job_fairs WHERE id = {id}")
        )
        .await,
        booths as i64
    );

    // One worker's sign-up tapped six times at once: one sign-up, one pass.
    let worker = session_for(&pool, w.account("worker")).await;
    let sign_up = form("/api/fairs/sign-up", &format!("fair_id={id}&take=true"));
    let answers = futures::future::join_all(
        (0..6).map(|_| send(&router, &sign_up, Some(&worker), Csrf::Header)),
    )
    .await;
    assert_eq!(
        answers.iter().filter(|(s, _)| s.is_success()).count(),
        1,
        "{answers:?}"
    );
    // The pass scanned by three phones at the door at once: in once, the others told "again".
    let pass: String = sqlx::query_scalar("SELECT pass_code FROM fair_signups WHERE fair_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .expect("pass");
    let scan = form("/api/fairs/check-in", &format!("fair_id={id}&pass={pass}"));
    let answers = futures::future::join_all(
        (0..6).map(|i| send(&router, &scan, Some(&staff[i % 3]), Csrf::Header)),
    )
    .await;
    assert!(answers.iter().all(|(s, _)| s.is_success()), "{answers:?}");
    assert_eq!(
        answers
            .iter()
            .filter(|(_, a)| a.contains("\"again\":false"))
            .count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM fair_signups WHERE checked_in_at IS NOT NULL"
        )
        .await,
        1
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn a_series_is_held_and_cancelled_and_hires_are_counted_for_its_fair(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let staff = session_for(&pool, w.account("market staff")).await;
    let employer = session_for(&pool, w.account("employer")).await;
    let worker_session = session_for(&pool, w.account("worker")).await;

    // Every weekday for a fortnight from today: ten or so fairs, one series.
    let today: chrono::NaiveDate = sqlx::query_scalar("SELECT lingong_china_today()")
        .fetch_one(&pool)
        .await
        .expect("today");
    let until = today + chrono::Days::new(13);
    let (status, answer) = send(
        &router,
        &form(
            "/api/fairs/hold",
            &format!(
                "market_id={}&theme=household&title=%E5%AE%B6%E6%94%BF%E4%B8%93%E5%9C%BA&held_on={today}\
                 &starts_at=09:00&ends_at=11:30&booths=5&livestream_url=https%3A%2F%2Flive.example.cn%2Froom%2F1\
                 &weekdays%5B%5D=1&weekdays%5B%5D=2&weekdays%5B%5D=3&weekdays%5B%5D=4&weekdays%5B%5D=5\
                 &weekdays%5B%5D=6&weekdays%5B%5D=7&until={until}",
                w.gulou_market
            ),
        ),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM job_fairs WHERE title = '家政专场' ORDER BY held_on")
            .fetch_all(&pool)
            .await
            .expect("fairs");
    assert_eq!(ids.len(), 14, "a fair each day");
    assert_eq!(
        count(
            &pool,
            "SELECT count(DISTINCT series_id) FROM job_fairs WHERE title = '家政专场'"
        )
        .await,
        1
    );
    let first = ids[0];

    // The map's popups: the market's next fair only, not the fourteen of its series.
    let (status, next) = send(&router, &form("/api/fairs/next", ""), None, Csrf::Header).await;
    assert!(status.is_success(), "{next}");
    let next: Vec<serde_json::Value> = serde_json::from_str(&next).expect("next fairs");
    let at_gulou: Vec<_> = next
        .iter()
        .filter(|f| f["market_slug"] == "test-gulou-station")
        .map(|f| f["id"].as_i64())
        .collect();
    assert_eq!(at_gulou, [Some(first)]);

    // Today's fair: a booth with a posting, approved; a worker signs up and is checked in; the
    // employer arrives; the worker applies and is taken on — one hire for the fair.
    let posting = market_posting(&pool, "家政保洁").await;
    let (status, answer) = send(
        &router,
        &form(
            "/api/fairs/booth",
            &format!("fair_id={first}&postings%5B%5D={posting}"),
        ),
        Some(&employer),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    let organisation = test_organisation(&pool).await;
    for (path, body) in [
        (
            "/api/fairs/decide-booth",
            format!("fair_id={first}&employer_id={organisation}&approve=true"),
        ),
        (
            "/api/fairs/present",
            format!("fair_id={first}&employer_id={organisation}"),
        ),
    ] {
        let (status, answer) = send(&router, &form(path, &body), Some(&staff), Csrf::Header).await;
        assert!(status.is_success(), "{path}: {answer}");
    }
    let (status, answer) = send(
        &router,
        &form("/api/fairs/sign-up", &format!("fair_id={first}&take=true")),
        Some(&worker_session),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    let (status, answer) = send(
        &router,
        &form(
            "/api/fairs/check-in",
            &format!("fair_id={first}&phone=13900000001"),
        ),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    assert!(
        status.is_success() && answer.contains("\"again\":false"),
        "{answer}"
    );
    let worker = worker_id(&pool, "13900000001").await;
    sqlx::query("INSERT INTO applications (posting_id, worker_id) VALUES ($1, $2)")
        .bind(posting)
        .bind(worker)
        .execute(&pool)
        .await
        .expect("apply");
    sqlx::query("UPDATE applications SET status = 'accepted' WHERE posting_id = $1")
        .bind(posting)
        .execute(&pool)
        .await
        .expect("accept");
    let (status, desk) = send(
        &router,
        &form("/api/fairs/desk", &format!("fair_id={first}")),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{desk}");
    assert!(desk.contains("\"hires\":1"), "{desk}");
    assert!(desk.contains("\"checked_in\":1"), "{desk}");
    // The phone the desk lists is masked.
    assert!(!desk.contains("13900000001"), "{desk}");
    // The market's board shows the fair live.
    let (status, board) = send(
        &router,
        &form("/api/board", "kind=market&key=test-gulou-station"),
        None,
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{board}");
    assert!(
        board.contains("\"present\":1") && board.contains("\"checked_in\":1"),
        "{board}"
    );

    // Cancelling the second fair with the rest of its series: the later fairs go, today's stays;
    // the employer with a booth at one of them hears of it.
    let second = ids[1];
    let (status, answer) = send(
        &router,
        &form(
            "/api/fairs/booth",
            &format!("fair_id={}&postings%5B%5D={posting}", ids[3]),
        ),
        Some(&employer),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    let (status, answer) = send(
        &router,
        &form(
            "/api/fairs/cancel",
            &format!("fair_id={second}&reason=%E5%9C%BA%E5%9C%B0%E7%BB%B4%E4%BF%AE&series=true"),
        ),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM job_fairs WHERE title = '家政专场' AND status = 'cancelled'"
        )
        .await,
        13
    );
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM job_fairs WHERE id = {first} AND status = 'scheduled'")
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'fair_cancelled'"
        )
        .await,
        1
    );
}

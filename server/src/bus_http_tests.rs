//! 零工巴士 through the real router against real PostgreSQL: who reads a market's timetable, reserves
//! and gives back seats, publishes runs, changes or cancels them, and boards riders.

use app::auth::sms::MemorySms;
use sqlx::PgPool;

use crate::test_harness::*;

/// A run from the test 鼓楼 station leaving in half an hour (so boarding is open); its id.
async fn run_soon(pool: &PgPool, market: i32) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO bus_runs (market_id, departs_at, destination, seats)
         VALUES ($1, now() + interval '30 minutes', '江宁开发区测试厂东门', 45) RETURNING id",
    )
    .bind(market)
    .fetch_one(pool)
    .await
    .expect("run")
}

/// The test worker's seat on a run.
async fn seat(pool: &PgPool, run: i64) {
    sqlx::query(
        "INSERT INTO bus_seats (run_id, worker_id)
         VALUES ($1, (SELECT worker_id FROM accounts WHERE phone = '13900000001'))",
    )
    .bind(run)
    .execute(pool)
    .await
    .expect("seat");
}

#[sqlx::test(migrations = "./migrations")]
async fn bus_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let market = w.gulou_market;
    let run = run_soon(&pool, market).await;
    let tomorrow: String =
        sqlx::query_scalar("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + 1)::text")
            .fetch_one(&pool)
            .await
            .expect("tomorrow");

    // Columns as in `access_matrix_over_http`.
    let rows: Vec<(Call, &str)> = vec![
        (
            form("/api/buses/market", "slug=test-gulou-station"),
            "YYYYYYYYYY",
        ),
        (form("/api/buses/posting", "posting_id=1"), "YYYYYYYYYY"),
        (form("/api/buses/seat", &format!("run_id={run}&take=true")), "UY--------"),
        (form("/api/buses/seat", &format!("run_id={run}&take=false")), "UY--------"),
        (form("/api/buses/staff", ""), "U---YYYYYY"),
        (
            form(
                "/api/buses/publish",
                &format!(
                    "market_id={market}&date={tomorrow}&time=07%3A00&destination=%E6%B1%9F%E5%AE%81%E7%94%B5%E5%AD%90%E5%8E%82&seats=45"
                ),
            ),
            "U---YY-YYY",
        ),
        (
            form("/api/buses/set-seats", &format!("run_id={run}&seats=40")),
            "U---YY-YYY",
        ),
        (
            form("/api/buses/boarding", &format!("run_id={run}")),
            "U---YY-YYY",
        ),
    ];
    let mut failures = Vec::new();
    for (call, expected) in &rows {
        check_row(&pool, &router, &w, call, expected, &mut failures).await;
    }
    let published: i64 =
        sqlx::query_scalar("SELECT count(*) FROM bus_runs WHERE destination = '江宁电子厂'")
            .fetch_one(&pool)
            .await
            .expect("published");
    if published != 5 {
        failures.push(format!("buses/publish: {published} runs, expected 5"));
    }

    // Boarding a rider and cancelling a run: as publishing; one fresh run per caller.
    for (path, body) in [
        ("/api/buses/board", "worker_id={worker}"),
        (
            "/api/buses/cancel",
            "reason=%E5%8F%B8%E6%9C%BA%E7%94%9F%E7%97%85",
        ),
    ] {
        for (caller, want) in w.callers.iter().zip("U---YY-YYY".chars()) {
            let run = run_soon(&pool, market).await;
            seat(&pool, run).await;
            let worker: i64 =
                sqlx::query_scalar("SELECT worker_id FROM accounts WHERE phone = '13900000001'")
                    .fetch_one(&pool)
                    .await
                    .expect("worker");
            let call = form(
                path,
                &format!(
                    "run_id={run}&{}",
                    body.replace("{worker}", &worker.to_string())
                ),
            );
            let changed = "SELECT r.status = 'cancelled' OR s.status = 'boarded'
                             FROM bus_runs r JOIN bus_seats s ON s.run_id = r.id WHERE r.id = $1";
            check_once(
                &pool,
                &router,
                caller,
                want,
                &call,
                changed,
                run,
                &mut failures,
            )
            .await;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Bad input is refused with the field or the reason, and nothing is stored.
#[sqlx::test(migrations = "./migrations")]
async fn bad_runs_and_seats_are_refused_and_change_nothing(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let market = w.gulou_market;
    let staff = w.account("district staff");
    let session = session_for(&pool, staff).await;
    let yesterday: String =
        sqlx::query_scalar("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date - 1)::text")
            .fetch_one(&pool)
            .await
            .expect("yesterday");
    let tomorrow: String =
        sqlx::query_scalar("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + 1)::text")
            .fetch_one(&pool)
            .await
            .expect("tomorrow");
    let closed = market_posting(&pool, "鼓楼已结束的岗位").await;
    sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
        .bind(closed)
        .execute(&pool)
        .await
        .expect("closed");
    let base = format!("market_id={market}&time=07%3A00&destination=%E7%94%B5%E5%AD%90%E5%8E%82");
    for (body, expected) in [
        (format!("{base}&date={yesterday}&seats=45"), "bus_past"),
        (format!("{base}&date={tomorrow}&seats=0"), "seats"),
        (format!("{base}&date={tomorrow}&seats=100"), "seats"),
        (format!("{base}&date={tomorrow}&seats=45&postings=12%3B3"), "postings"),
        (
            format!("{base}&date={tomorrow}&seats=45&postings={closed}"),
            "bus_postings",
        ),
        (
            format!("market_id={market}&date={tomorrow}&time=7am&destination=%E5%8E%82%E9%87%8C&seats=45"),
            "time",
        ),
        (
            format!("market_id={market}&date={tomorrow}&time=07%3A00&destination=x&seats=45"),
            "destination",
        ),
        (
            format!("market_id=999999&date={tomorrow}&time=07%3A00&destination=%E5%8E%82%E9%87%8C&seats=45"),
            "market_id",
        ),
    ] {
        expect_refused(&router, &session, "/api/buses/publish", &body, expected).await;
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM bus_runs").await,
        0,
        "a refused run was stored"
    );

    // Fewer seats than riders; a forged run.
    let run = run_soon(&pool, market).await;
    seat(&pool, run).await;
    sqlx::query("UPDATE bus_runs SET seats = 1 WHERE id = $1")
        .bind(run)
        .execute(&pool)
        .await
        .expect("one seat");
    for (path, body, expected) in [
        (
            "/api/buses/set-seats",
            format!("run_id={run}&seats=0"),
            "seats",
        ),
        (
            "/api/buses/boarding",
            "run_id=987654321".to_owned(),
            "notfound",
        ),
    ] {
        expect_refused(&router, &session, path, &body, expected).await;
    }
    let worker = w.callers[1].1.expect("worker");
    let worker_session = session_for(&pool, worker).await;
    expect_refused(
        &router,
        &worker_session,
        "/api/buses/seat",
        &format!("run_id={run}&take=true"),
        "bus_already_reserved",
    )
    .await;
}

//! The database's own rules (server/migrations), tested directly: whatever code path writes a row, these hold.

use sqlx::PgPool;

async fn world(pool: &PgPool) -> i64 {
    crate::seed::reference::load(pool).await.unwrap();
    sqlx::query(
        "INSERT INTO employers (credit_code, name, city_adcode) VALUES ('91350100M000100Y43', '测试餐饮有限公司', 320100)",
    )
    .execute(pool)
    .await
    .unwrap();
    posting(pool, 2).await
}

async fn posting(pool: &PgPool, headcount: i16) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, pay_cents, pay_unit,
                               start_date, end_date, shift_minutes, headcount)
         VALUES ((SELECT min(id) FROM employers), 'kitchen_helper', '急招帮厨', '双龙大道1号',
                 ST_SetSRID(ST_MakePoint(118.82, 31.94), 4326), 320100, 20000, 'day',
                 '2099-01-01', '2099-01-01', 480, $1)
         RETURNING id",
    )
    .bind(headcount)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn worker(pool: &PgPool, phone: &str) -> i64 {
    sqlx::query_scalar("INSERT INTO workers (phone) VALUES ($1) RETURNING id")
        .bind(phone)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn apply(pool: &PgPool, posting: i64, worker: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO applications (posting_id, worker_id) VALUES ($1, $2) RETURNING id",
    )
    .bind(posting)
    .bind(worker)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn set_status(pool: &PgPool, application: i64, status: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE applications SET status = $2 WHERE id = $1")
        .bind(application)
        .bind(status)
        .execute(pool)
        .await?;
    Ok(())
}

async fn filled(pool: &PgPool, posting: i64) -> (i16, String) {
    sqlx::query_as("SELECT filled, status FROM postings WHERE id = $1")
        .bind(posting)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn sqlstate(e: &sqlx::Error) -> Option<String> {
    e.as_database_error()
        .and_then(|d| d.code())
        .map(|c| c.into_owned())
}

#[sqlx::test(migrations = "./migrations")]
async fn the_headcount_can_never_be_over_filled(pool: PgPool) {
    let posting = world(&pool).await;
    let mut applications = Vec::new();
    for phone in ["13800000001", "13800000002", "13800000003"] {
        let w = worker(&pool, phone).await;
        applications.push(apply(&pool, posting, w).await);
    }
    set_status(&pool, applications[0], "accepted")
        .await
        .unwrap();
    assert_eq!(filled(&pool, posting).await, (1, "open".into()));
    set_status(&pool, applications[1], "accepted")
        .await
        .unwrap();
    assert_eq!(
        filled(&pool, posting).await,
        (2, "filled".into()),
        "full postings say so"
    );

    let refused = set_status(&pool, applications[2], "accepted")
        .await
        .unwrap_err();
    assert_eq!(
        sqlstate(&refused).as_deref(),
        Some("23514"),
        "a CHECK refuses the third acceptance"
    );
    assert_eq!(filled(&pool, posting).await, (2, "filled".into()));

    // Attendance keeps the place; a withdrawal frees it and reopens the posting.
    set_status(&pool, applications[0], "attended")
        .await
        .unwrap();
    assert_eq!(filled(&pool, posting).await.0, 2);
    set_status(&pool, applications[1], "withdrawn")
        .await
        .unwrap();
    assert_eq!(filled(&pool, posting).await, (1, "open".into()));
    set_status(&pool, applications[2], "accepted")
        .await
        .unwrap();
    assert_eq!(filled(&pool, posting).await, (2, "filled".into()));
}

#[sqlx::test(migrations = "./migrations")]
async fn concurrent_acceptances_fill_exactly_the_headcount(pool: PgPool) {
    world(&pool).await;
    let posting = posting(&pool, 5).await;
    let mut applications = Vec::new();
    for i in 0..40 {
        let w = worker(&pool, &format!("1390000{i:04}")).await;
        applications.push(apply(&pool, posting, w).await);
    }
    let attempts = applications.into_iter().map(|a| {
        let pool = pool.clone();
        tokio::spawn(async move { set_status(&pool, a, "accepted").await.is_ok() })
    });
    let mut accepted = 0;
    for attempt in attempts {
        accepted += usize::from(attempt.await.unwrap());
    }
    assert_eq!(accepted, 5);
    assert_eq!(filled(&pool, posting).await, (5, "filled".into()));
}

#[sqlx::test(migrations = "./migrations")]
async fn rows_that_break_the_rules_are_refused(pool: PgPool) {
    let posting = world(&pool).await;
    let w = worker(&pool, "13800000009").await;
    apply(&pool, posting, w).await;

    let refusals: &[(&str, &str)] = &[
        // A second application by the same worker.
        ("INSERT INTO applications (posting_id, worker_id) SELECT posting_id, worker_id FROM applications", "23505"),
        // A credit code with a wrong check character.
        ("INSERT INTO employers (credit_code, name, city_adcode) VALUES ('91350100M000100Y44', '某公司', 320100)", "23514"),
        // A landline is not a mobile number.
        ("INSERT INTO workers (phone) VALUES ('02512345678')", "23514"),
        // A point in Beijing is outside the service area.
        ("UPDATE postings SET location = ST_SetSRID(ST_MakePoint(116.40, 39.90), 4326)", "23514"),
        // Ends before it starts.
        ("UPDATE postings SET end_date = start_date - 1", "23514"),
        ("UPDATE postings SET headcount = 0", "23514"),
        ("UPDATE postings SET pay_unit = 'week'", "23514"),
        ("UPDATE postings SET shift_minutes = 45", "23514"),
        ("UPDATE postings SET tags = ARRAY['vip']", "23514"),
        ("UPDATE postings SET pay_terms = '日结'", "23514"),
        ("UPDATE postings SET start_time = '08:00:30'", "23514"),
        ("UPDATE postings SET trade_code = 'astronaut'", "23503"),
        // A district of another city.
        ("UPDATE postings SET district_adcode = 320205", "23514"),
    ];
    for (statement, expected) in refusals {
        let error = sqlx::query(statement)
            .execute(&pool)
            .await
            .expect_err(statement);
        assert_eq!(
            sqlstate(&error).as_deref(),
            Some(*expected),
            "{statement}: {error}"
        );
    }
}

/// A bulk load (the demo data) writes postings with their publication times and rebuilds the indexes
/// in the same transaction: no publication stamp may be left pending at commit, or PostgreSQL refuses
/// the index (the 1.1 M-posting load failed so). Outside a bulk load the stamp still comes at commit.
#[sqlx::test(migrations = "./migrations")]
async fn a_bulk_load_leaves_no_publication_stamp_pending(pool: PgPool) {
    world(&pool).await;
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SET LOCAL lingong.bulk_load = 'on'")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, pay_cents, pay_unit,
                               start_date, end_date, shift_minutes, headcount, status, published_at)
         VALUES ((SELECT min(id) FROM employers), 'kitchen_helper', '批量导入', '双龙大道1号',
                 ST_SetSRID(ST_MakePoint(118.82, 31.94), 4326), 320100, 20000, 'day',
                 '2099-01-01', '2099-01-01', 480, 2, 'open', '2026-11-20 08:00+08')",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query("CREATE INDEX bulk_load_probe ON postings (title)")
        .execute(&mut *tx)
        .await
        .expect("no trigger events pending after a bulk load");
    tx.rollback().await.unwrap();

    // An ordinary publication is still stamped as it commits.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, pay_cents, pay_unit,
                               start_date, end_date, shift_minutes, headcount, status)
         VALUES ((SELECT min(id) FROM employers), 'kitchen_helper', '急招帮厨', '双龙大道1号',
                 ST_SetSRID(ST_MakePoint(118.82, 31.94), 4326), 320100, 20000, 'day',
                 '2099-01-01', '2099-01-01', 480, 2, 'open')
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (stamped_after_start,): (bool,) =
        sqlx::query_as("SELECT published_at > created_at FROM postings WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        stamped_after_start,
        "the publication is stamped at commit, after the insert began"
    );
}

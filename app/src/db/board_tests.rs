//! The live boards against a real PostgreSQL: the tallies kept by triggers agree with a rebuild from the
//! postings after every kind of change, boards read them per place, and a change reaches a subscribed
//! board through LISTEN/NOTIFY.

use std::time::Duration;

use sqlx::PgPool;

use super::boards::{self, LocatedBoard};
use super::test_support::{posting, started, world, P};
use crate::auth::sms::MemorySms;
use crate::model::{BoardScope, Period};

/// The tallies of today, in key order, as plain numbers.
async fn tallies(pool: &PgPool) -> Vec<(i32, i32, i32, String, i32, i32, i32, i32, i32, i32)> {
    sqlx::query_as(
        "SELECT city_adcode, district_adcode, market_id, trade_code, open_postings, places_wanted,
                published, places_published, applications, fills
           FROM board_tallies WHERE day = board_today()
            AND (open_postings, places_wanted, published, places_published, applications, fills)
                <> (0, 0, 0, 0, 0, 0)
          ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn today(pool: &PgPool) -> String {
    sqlx::query_scalar("SELECT board_today()::text")
        .fetch_one(pool)
        .await
        .unwrap()
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A posting open today (the database's today), with a trade and a status.
async fn posting_today(pool: &PgPool, trade: &'static str, status: &'static str) -> i64 {
    let day = leak(today(pool).await);
    posting(
        pool,
        P {
            trade,
            start: day,
            end: day,
            status,
            ..super::test_support::BASE
        },
    )
    .await
}

async fn workers(pool: &PgPool, n: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "INSERT INTO workers (phone, name, home_city_adcode)
         SELECT '137' || lpad(g::text, 8, '0'), '工人' || g, 320100 FROM generate_series(1, $1) g
         RETURNING id",
    )
    .bind(n)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn exec(pool: &PgPool, sql: &str, id: i64) {
    sqlx::query(sql).bind(id).execute(pool).await.unwrap();
}

async fn apply(pool: &PgPool, posting_id: i64, worker: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO applications (posting_id, worker_id) VALUES ($1, $2) RETURNING id",
    )
    .bind(posting_id)
    .bind(worker)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn located(pool: &PgPool, scope: BoardScope) -> LocatedBoard {
    boards::locate(pool, &scope).await.unwrap().unwrap()
}

#[sqlx::test(migrations = "../server/migrations")]
async fn tallies_follow_every_change_and_agree_with_a_rebuild(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 6).await;
    let waiter = posting_today(&pool, "waiter", "open").await;
    let helper = posting_today(&pool, "kitchen_helper", "open").await;
    let paused = posting_today(&pool, "general_worker", "open").await;
    let draft = posting_today(&pool, "waiter", "draft").await;
    let moved = posting_today(&pool, "waiter", "open").await;

    for &worker in &people[..4] {
        apply(&pool, waiter, worker).await;
    }
    let second = apply(&pool, helper, people[4]).await;
    let first = apply(&pool, helper, people[5]).await;
    // Two accepted; the helper posting (headcount 3) has one place left.
    exec(
        &pool,
        "UPDATE applications SET status = 'accepted' WHERE id = $1",
        first,
    )
    .await;
    exec(
        &pool,
        "UPDATE applications SET status = 'accepted' WHERE id = $1",
        second,
    )
    .await;
    exec(
        &pool,
        "UPDATE postings SET status = 'paused' WHERE id = $1",
        paused,
    )
    .await;
    exec(
        &pool,
        "UPDATE postings SET headcount = 7 WHERE id = $1",
        waiter,
    )
    .await;
    exec(
        &pool,
        "UPDATE postings SET trade_code = 'kitchen_helper' WHERE id = $1",
        moved,
    )
    .await;
    // Publishing a draft counts it as published today.
    exec(
        &pool,
        "UPDATE postings SET status = 'open' WHERE id = $1",
        draft,
    )
    .await;
    exec(
        &pool,
        "UPDATE postings SET status = 'closed' WHERE id = $1",
        draft,
    )
    .await;

    let kept = tallies(&pool).await;
    let sums: (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT sum(open_postings), sum(places_wanted), sum(published), sum(applications), sum(fills)
           FROM board_tallies WHERE day = board_today()",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // Open: waiter (7 places), helper (1 left), moved (3). Published: all five. Six applications,
    // two hires.
    assert_eq!(sums, (3, 11, 5, 6, 2));

    sqlx::query("SELECT board_tallies_rebuild(board_today(), board_today())")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(tallies(&pool).await, kept, "triggers and rebuild disagree");
}

/// A partner's push inserts its batch in one statement: the tallies take the whole statement at once
/// (migration 42), and must still agree with a rebuild and tell each place's boards once.
#[sqlx::test(migrations = "../server/migrations")]
async fn a_batch_of_postings_counts_once_and_agrees_with_a_rebuild(pool: PgPool) {
    world(&pool).await;
    let model = posting_today(&pool, "waiter", "open").await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&pool)
        .await
        .unwrap();
    listener.listen("lingong_events").await.unwrap();
    sqlx::query(
        "INSERT INTO districts (adcode, city_adcode, name, centre)
             VALUES (320102, 320100, '玄武区', ST_SetSRID(ST_MakePoint(118.80, 32.05), 4326))",
    )
    .execute(&pool)
    .await
    .unwrap();
    // Twelve rows a statement, stamped as an import stamps them: drafts (g = 4, 8, 12), open today
    // (1, 5, 9), open from tomorrow (2, 6, 10) and paused (3, 7, 11), in two trades and two districts;
    // the second statement lands on the tallies the first made.
    let batch = "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode,
                                       district_adcode, pay_cents, pay_unit, start_date, end_date,
                                       shift_minutes, headcount, status, published_at, tags)
                 SELECT employer_id, CASE WHEN g % 3 = 0 THEN 'kitchen_helper' ELSE trade_code END,
                        title, address, location, city_adcode,
                        CASE WHEN g % 2 = 0 THEN district_adcode ELSE 320102 END, pay_cents, pay_unit,
                        start_date + CASE WHEN g % 4 = 2 THEN 1 ELSE 0 END,
                        end_date + CASE WHEN g % 4 = 2 THEN 1 ELSE 0 END,
                        shift_minutes, g, (ARRAY['draft', 'open', 'open', 'paused'])[g % 4 + 1],
                        CASE WHEN g % 4 <> 0 THEN clock_timestamp() END, tags
                   FROM postings, generate_series(1, 12) AS g
                  WHERE id = $1";
    exec(&pool, batch, model).await;
    exec(&pool, batch, model).await;

    let sums: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT sum(open_postings), sum(places_wanted), sum(published), sum(places_published)
           FROM board_tallies WHERE day = board_today()",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // Per statement, open today: g = 1, 5, 9 (headcounts 15 together); published: all but the drafts
    // (9 postings, headcounts 54). Twice, plus the model posting (open, 3 places).
    assert_eq!(sums, (2 * 3 + 1, 2 * 15 + 3, 2 * 9 + 1, 2 * 54 + 3));
    let kept = tallies(&pool).await;
    sqlx::query("SELECT board_tallies_rebuild(board_today(), board_today())")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        tallies(&pool).await,
        kept,
        "the statement trigger and a rebuild disagree"
    );

    // Each statement told its two districts' boards once each: four announcements in all, not one per
    // posting.
    let mut places = Vec::new();
    while let Ok(Ok(event)) =
        tokio::time::timeout(Duration::from_millis(500), listener.recv()).await
    {
        let payload = event.payload().to_owned();
        if let Some(change) = payload.strip_prefix("board:") {
            let place: Vec<&str> = change.splitn(2, ':').collect();
            places.push(place[1].to_owned());
        }
    }
    places.sort();
    assert_eq!(places.len(), 4, "announcements: {places:?}");
    places.dedup();
    assert_eq!(places.len(), 2, "places: {places:?}");
}

#[sqlx::test(migrations = "../server/migrations")]
async fn boards_read_their_own_place(pool: PgPool) {
    world(&pool).await;
    let first = posting_today(&pool, "waiter", "open").await;
    let newest = posting_today(&pool, "kitchen_helper", "open").await;
    // Elsewhere in the city, no district.
    exec(
        &pool,
        "UPDATE postings SET district_adcode = NULL WHERE id = $1",
        first,
    )
    .await;

    let district = boards::board(&pool, &located(&pool, BoardScope::District(320115)).await)
        .await
        .unwrap();
    assert_eq!(district.totals.open_postings, 1);
    assert_eq!(district.newest[0].id, newest);
    assert!(
        district.areas.is_empty(),
        "no markets in the fixture's district"
    );

    let city = boards::board(&pool, &located(&pool, BoardScope::City(320100)).await)
        .await
        .unwrap();
    assert_eq!(city.totals.open_postings, 2);
    assert_eq!(city.totals.places_wanted, 6);
    assert_eq!(
        city.newest.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![newest, first]
    );
    assert_eq!(city.areas.len(), 1);
    assert_eq!(city.areas[0].name, "江宁区");
    assert_eq!(city.areas[0].totals.open_postings, 1);
    assert_eq!(city.trades.len(), 2);

    let province = boards::board(&pool, &located(&pool, BoardScope::Province).await)
        .await
        .unwrap();
    assert_eq!(province.totals, city.totals);
    assert_eq!(province.areas[0].board, BoardScope::City(320100));
    assert!(province.change > 0, "changes are numbered");

    for unknown in [
        BoardScope::City(320500),
        BoardScope::District(320199),
        BoardScope::Market("nowhere".into()),
    ] {
        assert!(boards::locate(&pool, &unknown).await.unwrap().is_none());
    }
}

#[sqlx::test(migrations = "../server/migrations")]
async fn statistics_count_days_and_time_to_first_applicant(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 2).await;
    let posting_id = posting_today(&pool, "waiter", "open").await;
    exec(
        &pool,
        // Half an hour ago, but not before midnight (China Standard Time): the posting counts for today.
        "UPDATE postings SET published_at = greatest(now() - interval '30 minutes',
                                                     board_today()::timestamp AT TIME ZONE 'Asia/Shanghai')
          WHERE id = $1",
        posting_id,
    )
    .await;
    apply(&pool, posting_id, people[0]).await;
    apply(&pool, posting_id, people[1]).await;
    let nanjing = located(&pool, BoardScope::City(320100)).await;

    let daily = boards::statistics(&pool, &nanjing, Period::Day)
        .await
        .unwrap();
    assert_eq!(daily.periods.len(), 30);
    let today = daily.periods.last().unwrap();
    assert_eq!(today.start, self::today(&pool).await);
    assert_eq!((today.published, today.applications), (1, 2));
    let expected: f64 = sqlx::query_scalar(
        "SELECT (extract(epoch FROM (SELECT min(created_at) FROM applications) - published_at) / 60)::float8
           FROM postings WHERE id = $1",
    )
    .bind(posting_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    let minutes = today.median_minutes_to_first_applicant.unwrap();
    assert!((minutes - expected).abs() < 0.01, "{minutes} vs {expected}");
    assert_eq!(daily.by_trade[0].name.as_deref(), Some("服务员"));
    assert_eq!(daily.by_trade[0].name_en.as_deref(), Some("Waiter"));
    assert_eq!(daily.by_area[0].name.as_deref(), Some("江宁区"));

    for period in [Period::Week, Period::Month] {
        let stats = boards::statistics(&pool, &nanjing, period).await.unwrap();
        assert_eq!(stats.periods.len(), 12);
        assert_eq!(stats.periods.last().unwrap().applications, 2);
    }
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_change_reaches_a_subscribed_board(pool: PgPool) {
    world(&pool).await;
    let site = started(&pool, std::sync::Arc::new(MemorySms::default()));
    let hub = site.boards.clone();
    let mut board = hub.subscribe(located(&pool, BoardScope::District(320115)).await);
    // The first reading, with nothing yet.
    let first = next_frame(&mut board).await;
    assert!(first.json().contains("\"open_postings\":0"));

    let posting_id = posting_today(&pool, "waiter", "open").await;
    let frame = loop {
        let frame = next_frame(&mut board).await;
        if frame.json().contains(&format!("\"id\":{posting_id},")) {
            break frame;
        }
    };
    assert!(frame.change > first.change);
    assert!(frame.json().contains("\"open_postings\":1"));

    // A posting moved to another district leaves this board as it was before the posting came.
    sqlx::raw_sql(
        "INSERT INTO districts (adcode, city_adcode, name, centre)
             VALUES (320106, 320100, '鼓楼区', ST_SetSRID(ST_MakePoint(118.77, 32.07), 4326))",
    )
    .execute(&pool)
    .await
    .unwrap();
    let elsewhere = posting_today(&pool, "waiter", "open").await;
    exec(
        &pool,
        "UPDATE postings SET district_adcode = 320106 WHERE id = $1",
        elsewhere,
    )
    .await;
    let _ = tokio::time::timeout(Duration::from_millis(600), board.changed()).await;
    let after = board.borrow_and_update().clone().unwrap();
    assert!(
        after.json().contains("\"open_postings\":1"),
        "the other district's posting left this board as it was"
    );

    // The last viewer leaving ends the place's reader.
    drop(board);
    for _ in 0..50 {
        if hub.places() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(hub.places(), 0);
    site.shut_down();
}

async fn next_frame(
    board: &mut tokio::sync::watch::Receiver<Option<std::sync::Arc<crate::live::boards::Frame>>>,
) -> std::sync::Arc<crate::live::boards::Frame> {
    loop {
        tokio::time::timeout(Duration::from_secs(5), board.changed())
            .await
            .expect("a board within five seconds")
            .unwrap();
        if let Some(frame) = board.borrow_and_update().clone() {
            return frame;
        }
    }
}

/// The database connection of the listener is cut (as when PostgreSQL restarts): the listener
/// reconnects, tells the boards to read again, and a change made meanwhile shows without any new event.
#[sqlx::test(migrations = "../server/migrations")]
async fn a_board_catches_up_after_the_listener_loses_its_connection(pool: PgPool) {
    world(&pool).await;
    let site = started(&pool, std::sync::Arc::new(MemorySms::default()));
    let hub = site.boards.clone();
    let mut board = hub.subscribe(located(&pool, BoardScope::City(320100)).await);
    next_frame(&mut board).await;
    // Wait until the listener is connected, then cut it off.
    let listening = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    for _ in 0..100 {
        if listening().await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE query LIKE 'LISTEN%' AND datname = current_database()",
    )
    .execute(&pool)
    .await
    .unwrap();
    // With nothing changed, the board is read again once the listener is back (a resync): whatever
    // was committed while it was away is in that reading.
    tokio::time::timeout(Duration::from_secs(10), next_frame(&mut board))
        .await
        .expect("a resync reading after the reconnection");
    assert!(listening().await > 0, "the listener is back");
    let posting_id = posting_today(&pool, "waiter", "open").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let frame = tokio::time::timeout_at(deadline, next_frame(&mut board))
            .await
            .expect("the board caught up within ten seconds");
        if frame.json().contains(&format!("\"id\":{posting_id},")) {
            break;
        }
    }
    site.shut_down();
}

/// A day without tallies (the first board after midnight, a restored backup) is built from the postings
/// by the first board that needs it; boards asking at the same moment all read the right numbers.
#[sqlx::test(migrations = "../server/migrations")]
async fn the_first_board_of_a_day_builds_its_tallies(pool: PgPool) {
    world(&pool).await;
    posting_today(&pool, "waiter", "open").await;
    posting_today(&pool, "kitchen_helper", "open").await;
    sqlx::raw_sql("DELETE FROM board_tallies; DELETE FROM board_tally_days;")
        .execute(&pool)
        .await
        .unwrap();
    let city = located(&pool, BoardScope::City(320100)).await;
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (pool, city) = (pool.clone(), city.clone());
            tokio::spawn(async move { boards::board(&pool, &city).await.unwrap().totals })
        })
        .collect();
    for reader in readers {
        assert_eq!(reader.await.unwrap().open_postings, 2);
    }
    assert!(
        !boards::ensure_today(&pool).await.unwrap(),
        "built once, by the first"
    );
    let days: i64 = sqlx::query_scalar("SELECT count(*) FROM board_tally_days")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(days, 1);
}

/// A publish that commits late is the newest posting when people can first see it, not older than those
/// committed meanwhile, and a burst of more than a dozen at once is in the feed whole (issue 18: at 50
/// publishes a second, postings whose publish was slow never reached the boards).
#[sqlx::test(migrations = "../server/migrations")]
async fn a_late_commit_and_a_burst_are_all_in_the_feed(pool: PgPool) {
    world(&pool).await;
    let template = posting_today(&pool, "waiter", "open").await;
    let mut slow = pool.begin().await.unwrap();
    let late: i64 = sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, status)
         SELECT employer_id, trade_code, '慢的一条', address, location, city_adcode, district_adcode,
                pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, 'open'
           FROM postings WHERE id = $1
         RETURNING id",
    )
    .bind(template)
    .fetch_one(&mut *slow)
    .await
    .unwrap();
    // Twenty publish and commit while the slow one is still open, more than a feed's dozen.
    let mut burst = Vec::new();
    for _ in 0..20 {
        burst.push(posting_today(&pool, "kitchen_helper", "open").await);
    }
    slow.commit().await.unwrap();

    let district = boards::board(&pool, &located(&pool, BoardScope::District(320115)).await)
        .await
        .unwrap();
    let feed: Vec<i64> = district.newest.iter().map(|p| p.id).collect();
    assert_eq!(
        feed.first(),
        Some(&late),
        "the late commit is the newest: {feed:?}"
    );
    for id in burst.iter().chain([&template]) {
        assert!(feed.contains(id), "posting {id} missing from {feed:?}");
    }
    // Newest first, as the publications became visible.
    let mut expected = burst.clone();
    expected.reverse();
    assert_eq!(feed[1..=burst.len()], expected[..]);

    // A publication time set on purpose stays as it was.
    let past: i64 = sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, status,
                               published_at)
         SELECT employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, 'open',
                now() - interval '2 hours'
           FROM postings WHERE id = $1
         RETURNING id",
    )
    .bind(template)
    .fetch_one(&pool)
    .await
    .unwrap();
    let age: f64 = sqlx::query_scalar(
        "SELECT extract(epoch FROM now() - published_at)::float8 FROM postings WHERE id = $1",
    )
    .bind(past)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(age > 7000.0, "kept its own publication time: {age} s old");
}

//! 零工巴士 against a real PostgreSQL: a run never takes one rider too many however many ask at once,
//! and a seat's life (reserved, given back, taken again, boarded at the door) is the database's.

use sqlx::PgPool;

use super::buses::{self, BusError, BusRefusal, NewRun};
use super::market_tests::{workers, FUTURE};
use super::test_support::{posting, world};

/// A market in 江宁 for the runs; its id.
async fn market(pool: &PgPool) -> i32 {
    sqlx::query_scalar(
        "INSERT INTO markets (slug, name, kind, city_adcode, district_adcode, address, location)
         VALUES ('jiangning-test', '江宁测试零工市场', 'district', 320100, 320115, '江宁区天元中路1号',
                 ST_SetSRID(ST_MakePoint(118.84, 31.95), 4326))
         RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn staff(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO accounts (phone, role, scope_kind) VALUES ('13900007777', 'staff', 'province') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// A run from the market leaving in `minutes`, with `seats`; its id.
async fn run(
    pool: &PgPool,
    market_id: i32,
    minutes: i64,
    seats: i16,
    postings: &[i64],
) -> Result<i64, BusError> {
    let by = staff_or_existing(pool).await;
    let mut tx = pool.begin().await.unwrap();
    let id = buses::publish(
        &mut tx,
        &NewRun {
            market_id,
            departs_at: chrono::Utc::now() + chrono::Duration::minutes(minutes),
            destination: "江宁开发区某电子厂东门",
            meeting_point: "市场南门",
            seats,
            note: "",
            postings,
        },
        by,
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(id)
}

async fn staff_or_existing(pool: &PgPool) -> i64 {
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE phone = '13900007777'")
            .fetch_optional(pool)
            .await
            .unwrap();
    match existing {
        Some(id) => id,
        None => staff(pool).await,
    }
}

async fn reserve(pool: &PgPool, run_id: i64, worker: i64) -> Result<(), BusError> {
    let mut tx = pool.begin().await.unwrap();
    buses::reserve(&mut tx, run_id, worker).await?;
    tx.commit().await.unwrap();
    Ok(())
}

fn refusal(result: Result<impl std::fmt::Debug, BusError>) -> BusRefusal {
    match result {
        Err(BusError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_run_never_takes_one_rider_too_many_however_many_ask_at_once(pool: PgPool) {
    world(&pool).await;
    let market_id = market(&pool).await;
    let run_id = run(&pool, market_id, 120, 45, &[]).await.unwrap();
    let people = workers(&pool, 60).await;
    let tasks: Vec<_> = people
        .iter()
        .map(|&worker| {
            let pool = pool.clone();
            tokio::spawn(async move { reserve(&pool, run_id, worker).await })
        })
        .collect();
    let mut taken = 0;
    let mut full = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => taken += 1,
            Err(BusError::Refused(BusRefusal::Full)) => full += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((taken, full), (45, 15));
    let (count, recorded): (i64, i16) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM bus_seats WHERE run_id = $1 AND status = 'reserved'),
                (SELECT taken FROM bus_runs WHERE id = $1)",
    )
    .bind(run_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((count, recorded), (45, 45));
    // Past the server's checks, the database's CHECK still refuses the 46th.
    let forced = sqlx::query("INSERT INTO bus_seats (run_id, worker_id) VALUES ($1, $2)")
        .bind(run_id)
        .bind(people[59])
        .execute(&pool)
        .await;
    assert!(forced.is_err(), "a seat beyond the run's was stored");
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_seat_is_given_back_taken_again_and_boarded_at_the_door_once(pool: PgPool) {
    world(&pool).await;
    let market_id = market(&pool).await;
    let people = workers(&pool, 3).await;
    let open_posting = posting(&pool, FUTURE).await;
    let by = staff(&pool).await;

    // Published for a time to come, serving open postings only; shown on the postings it serves.
    assert_eq!(
        refusal(run(&pool, market_id, -5, 10, &[]).await),
        BusRefusal::Past
    );
    let serving = run(&pool, market_id, 240, 10, &[open_posting])
        .await
        .unwrap();
    let on_posting = buses::for_posting(&pool, open_posting, Some(people[0]))
        .await
        .unwrap();
    assert_eq!(on_posting.len(), 1);
    assert_eq!(on_posting[0].id, serving);
    assert_eq!(on_posting[0].postings[0].id, open_posting);
    assert_eq!(on_posting[0].my_seat, None);
    sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
        .bind(open_posting)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        refusal(run(&pool, market_id, 120, 10, &[open_posting]).await),
        BusRefusal::Postings
    );
    let run_id = run(&pool, market_id, 120, 2, &[]).await.unwrap();

    reserve(&pool, run_id, people[0]).await.unwrap();
    assert_eq!(
        refusal(reserve(&pool, run_id, people[0]).await),
        BusRefusal::AlreadyReserved
    );
    reserve(&pool, run_id, people[1]).await.unwrap();
    assert_eq!(
        refusal(reserve(&pool, run_id, people[2]).await),
        BusRefusal::Full
    );
    // Fewer seats than riders: refused; one given back frees a seat for another.
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        refusal(buses::set_seats(&mut tx, run_id, 1).await),
        BusRefusal::BelowTaken
    );
    drop(tx);
    let mut tx = pool.begin().await.unwrap();
    buses::give_up(&mut tx, run_id, people[1]).await.unwrap();
    tx.commit().await.unwrap();
    reserve(&pool, run_id, people[2]).await.unwrap();
    // Given back, it is taken again only while a seat is left.
    assert_eq!(
        refusal(reserve(&pool, run_id, people[1]).await),
        BusRefusal::Full
    );

    // Boarding opens an hour before departure.
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        refusal(buses::board(&mut tx, run_id, people[0], by).await),
        BusRefusal::BoardingClosed
    );
    drop(tx);
    sqlx::query("UPDATE bus_runs SET departs_at = now() + interval '30 minutes' WHERE id = $1")
        .bind(run_id)
        .execute(&pool)
        .await
        .unwrap();
    let mut tx = pool.begin().await.unwrap();
    buses::board(&mut tx, run_id, people[0], by).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        refusal(buses::board(&mut tx, run_id, people[0], by).await),
        BusRefusal::NoSeat
    );
    assert_eq!(
        refusal(buses::give_up(&mut tx, run_id, people[0]).await),
        BusRefusal::NoSeat,
        "a rider on board gives nothing back"
    );
    drop(tx);
    let list = buses::boarding_list(&pool, run_id).await.unwrap().unwrap();
    assert!(list.may_board);
    assert_eq!(list.run.taken, 2);
    assert_eq!(list.riders.len(), 3);

    // Cancelled: the riders holding seats hear of it, and nothing more is reserved.
    let mut tx = pool.begin().await.unwrap();
    buses::cancel(&mut tx, run_id, "司机临时生病")
        .await
        .unwrap();
    super::notifications::push(
        &mut tx,
        super::notifications::Recipients::BusRiders(run_id),
        super::notifications::New {
            kind: crate::model::NotificationKind::BusCancelled,
            posting_id: None,
            application_id: None,
            title: "江宁开发区某电子厂东门",
            detail: "司机临时生病",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let told: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE kind = 'bus_cancelled'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(told, 1, "only the rider still holding a reserved seat");
    assert_eq!(
        refusal(reserve(&pool, run_id, people[1]).await),
        BusRefusal::Closed
    );
    let reopened =
        sqlx::query("UPDATE bus_runs SET status = 'scheduled', cancel_reason = NULL WHERE id = $1")
            .bind(run_id)
            .execute(&pool)
            .await;
    assert!(reopened.is_err(), "a cancelled run was scheduled again");

    // The timetable of the market: the run, with the worker's seat on it.
    let timetable = buses::of_market(&pool, "jiangning-test", Some(people[2]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(timetable.len(), 2);
    let cancelled = timetable.iter().find(|r| r.id == run_id).unwrap();
    assert_eq!(cancelled.my_seat, Some(crate::model::SeatStatus::Reserved));
    assert!(!cancelled.open());
}

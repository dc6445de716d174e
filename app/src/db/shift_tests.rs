//! The shift after the match against a real PostgreSQL: the pay fixed at acceptance, check-in and
//! check-out inside their windows and once, under concurrency, the employer's records and corrections,
//! payments answered once, and wage cases opened once and decided once.

use sqlx::PgPool;

use super::market_tests::{accepted, apply, starting_in, status_of, workers, FUTURE};
use super::shifts::{self, NewPayment, ShiftError, ShiftRefusal};
use super::test_support::{posting, world};
use crate::model::{CheckMethod, PayMethod, PaymentStatus, WageCaseStatus};

fn refused<T: std::fmt::Debug>(result: Result<T, ShiftError>) -> ShiftRefusal {
    match result {
        Err(ShiftError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// China's date now, as the database sees it.
async fn china_today(pool: &PgPool) -> chrono::NaiveDate {
    sqlx::query_scalar("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// `n` workers holding places on a posting whose shift began at the top of this hour; their places.
async fn places_on_shift_now(pool: &PgPool, n: i64) -> (i64, Vec<i64>, Vec<i64>) {
    let people = workers(pool, n).await;
    let posting_id = posting(pool, FUTURE).await;
    sqlx::query("UPDATE postings SET headcount = 999 WHERE id = $1")
        .bind(posting_id)
        .execute(pool)
        .await
        .unwrap();
    let places = accepted(pool, &people, posting_id).await;
    starting_in(pool, places[0], 0).await;
    (posting_id, people, places)
}

async fn check_in(pool: &PgPool, place: i64) -> Result<bool, ShiftError> {
    let today = china_today(pool).await;
    let mut tx = pool.begin().await.unwrap();
    let done = shifts::check_in(&mut tx, place, today, CheckMethod::Code).await?;
    tx.commit().await.unwrap();
    Ok(done)
}

async fn check_out(pool: &PgPool, place: i64) -> Result<i32, ShiftError> {
    let mut tx = pool.begin().await.unwrap();
    let minutes = shifts::check_out(&mut tx, place, CheckMethod::Location).await?;
    tx.commit().await.unwrap();
    Ok(minutes)
}

async fn pay(pool: &PgPool, place: i64, cents: i32) -> Result<i64, ShiftError> {
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap();
    let mut tx = pool.begin().await.unwrap();
    let id = shifts::record_payment(
        &mut tx,
        place,
        NewPayment {
            amount_cents: cents,
            method: PayMethod::Wechat,
            paid_on: china_today(pool).await,
            note: "",
            recorded_by: account,
        },
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(id)
}

async fn answer(
    pool: &PgPool,
    worker: i64,
    payment: i64,
    dispute: Option<&str>,
) -> Result<(), ShiftError> {
    let mut tx = pool.begin().await.unwrap();
    shifts::answer_payment(&mut tx, worker, payment, dispute).await?;
    tx.commit().await.unwrap();
    Ok(())
}

async fn open_case(pool: &PgPool, worker: i64, place: i64) -> Result<i64, ShiftError> {
    let mut tx = pool.begin().await.unwrap();
    let (case, _) = shifts::open_case(&mut tx, worker, place, "老板说下个月再给").await?;
    tx.commit().await.unwrap();
    Ok(case)
}

async fn event_kinds(pool: &PgPool, place: i64) -> Vec<String> {
    let mut conn = pool.acquire().await.unwrap();
    shifts::timeline(&mut conn, place)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[sqlx::test(migrations = "../server/migrations")]
async fn the_pay_agreed_at_acceptance_stays_whatever_the_posting_says_later(pool: PgPool) {
    world(&pool).await;
    let (posting_id, _, places) = places_on_shift_now(&pool, 1).await;
    sqlx::query("UPDATE postings SET pay_cents = 15000, pay_unit = 'hour' WHERE id = $1")
        .bind(posting_id)
        .execute(&pool)
        .await
        .unwrap();
    let agreed: (i32, String) =
        sqlx::query_as("SELECT agreed_pay_cents, agreed_pay_unit FROM applications WHERE id = $1")
            .bind(places[0])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(agreed, (20000, "day".to_owned()));
    let rewrite = sqlx::query("UPDATE applications SET agreed_pay_cents = 99900 WHERE id = $1")
        .bind(places[0])
        .execute(&pool)
        .await;
    assert!(rewrite.is_err(), "the agreed pay was rewritten");
}

#[sqlx::test(migrations = "../server/migrations")]
async fn check_in_is_for_a_place_holder_inside_the_window_once_a_day(pool: PgPool) {
    world(&pool).await;
    let (posting_id, people, places) = places_on_shift_now(&pool, 3).await;
    let (first, second) = (places[0], places[1]);
    // Someone who only applied holds no place.
    sqlx::query(
        "UPDATE applications SET status = 'withdrawn', cancel_reason = '家里有事' WHERE id = $1",
    )
    .bind(places[2])
    .execute(&pool)
    .await
    .unwrap();
    let pending = apply(&pool, people[2], posting_id).await.unwrap();
    assert_eq!(
        refused(check_in(&pool, pending).await),
        ShiftRefusal::NoPlace
    );

    assert!(check_in(&pool, first).await.unwrap());
    assert!(
        !check_in(&pool, first).await.unwrap(),
        "a second check-in is no new arrival"
    );
    assert_eq!(status_of(&pool, first).await, "attended");
    assert_eq!(
        refused(check_out(&pool, second).await),
        ShiftRefusal::NotCheckedIn
    );
    assert!(check_out(&pool, first).await.unwrap() >= 0);
    assert_eq!(
        refused(check_out(&pool, first).await),
        ShiftRefusal::NotCheckedIn,
        "a departure is recorded once"
    );
    let rewrite = sqlx::query(
        "UPDATE shift_days SET checked_in_at = checked_in_at - interval '2 hours' WHERE application_id = $1",
    )
    .bind(first)
    .execute(&pool)
    .await;
    assert!(rewrite.is_err(), "an arrival was rewritten");

    // Five hours before the shift the window is not open yet; after its end it has closed.
    starting_in(&pool, second, 5).await;
    assert_eq!(
        refused(check_in(&pool, second).await),
        ShiftRefusal::OutsideWindow
    );
    sqlx::query("UPDATE postings SET start_time = '00:00', shift_minutes = 30 WHERE id = $1")
        .bind(posting_id)
        .execute(&pool)
        .await
        .unwrap();
    let closed: bool = sqlx::query_scalar(
        "SELECT now() > lingong_check_in_closes((now() AT TIME ZONE 'Asia/Shanghai')::date, '00:00', 30)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    if closed {
        assert_eq!(
            refused(check_in(&pool, second).await),
            ShiftRefusal::OutsideWindow
        );
    }
    assert_eq!(
        event_kinds(&pool, first).await,
        [
            "applied",
            "accepted",
            "checked_in",
            "attended",
            "checked_out"
        ]
    );
}

#[sqlx::test(migrations = "../server/migrations")]
async fn concurrent_check_ins_record_one_arrival_per_place_and_block_nobody(pool: PgPool) {
    world(&pool).await;
    let (_, _, places) = places_on_shift_now(&pool, 40).await;
    // Every place checked in eight times at once: forty arrivals, no deadlock, no error.
    let tasks: Vec<_> = places
        .iter()
        .flat_map(|&place| std::iter::repeat_n(place, 8))
        .map(|place| {
            let pool = pool.clone();
            tokio::spawn(async move { check_in(&pool, place).await })
        })
        .collect();
    let mut arrivals = 0;
    for task in tasks {
        arrivals += usize::from(task.await.unwrap().unwrap());
    }
    assert_eq!(arrivals, places.len());
    let (days, attended, events): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM shift_days WHERE application_id = ANY($1)),
                (SELECT count(*) FROM applications WHERE id = ANY($1) AND status = 'attended'),
                (SELECT count(*) FROM application_events WHERE application_id = ANY($1) AND kind = 'checked_in')",
    )
    .bind(&places)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((days, attended, events), (40, 40, 40));
}

#[sqlx::test(migrations = "../server/migrations")]
async fn the_employer_records_what_has_passed_and_corrects_finished_days(pool: PgPool) {
    world(&pool).await;
    let (_, _, places) = places_on_shift_now(&pool, 1).await;
    let place = places[0];
    let today = china_today(&pool).await;
    let record = |arrived: chrono::DateTime<chrono::Utc>, left| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            shifts::record_day(&mut tx, place, today, arrived, left).await?;
            tx.commit().await.unwrap();
            Ok::<_, ShiftError>(())
        }
    };
    let now = chrono::Utc::now();
    assert_eq!(
        refused(record(now + chrono::Duration::minutes(20), None).await),
        ShiftRefusal::OutsideWindow,
        "an arrival still to come"
    );
    record(now - chrono::Duration::minutes(1), None)
        .await
        .unwrap();
    let correct = |minutes: i16| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            shifts::correct_hours(&mut tx, place, today, minutes, "午休一小时不算").await?;
            tx.commit().await.unwrap();
            Ok::<_, ShiftError>(())
        }
    };
    assert_eq!(
        refused(correct(420).await),
        ShiftRefusal::NotCheckedIn,
        "hours are corrected once the worker has left"
    );
    record(now - chrono::Duration::minutes(1), Some(now))
        .await
        .unwrap();
    assert_eq!(
        refused(record(now - chrono::Duration::minutes(1), Some(now)).await),
        ShiftRefusal::AlreadyRecorded
    );
    correct(420).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let record = shifts::records(&mut conn, &[place], today, super::ratings::Reader::Employer)
        .await
        .unwrap()
        .remove(&place)
        .unwrap();
    assert_eq!(record.days.len(), 1);
    assert_eq!(record.days[0].minutes, Some(420));
    assert_eq!(record.days[0].check_in_by, CheckMethod::Employer);
    assert_eq!(
        record.days[0].corrected,
        Some((420, "午休一小时不算".to_owned()))
    );
    assert_eq!(record.total_minutes(), 420);
    assert!(!record.may_check_in, "already arrived today");
    assert!(record.may_open_case, "worked and unpaid");
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_payment_is_for_a_worked_place_and_is_answered_once(pool: PgPool) {
    world(&pool).await;
    let (_, people, places) = places_on_shift_now(&pool, 2).await;
    assert_eq!(
        refused(pay(&pool, places[1], 20000).await),
        ShiftRefusal::NotWorked,
        "nobody came yet"
    );
    check_in(&pool, places[0]).await.unwrap();
    let payment = pay(&pool, places[0], 20000).await.unwrap();
    // Someone else's payment is not theirs to answer.
    assert_eq!(
        refused(answer(&pool, people[1], payment, None).await),
        ShiftRefusal::NotFound
    );
    // Eight answers at once, half of them disputes: exactly one lands.
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let pool = pool.clone();
            let worker = people[0];
            tokio::spawn(async move {
                answer(
                    &pool,
                    worker,
                    payment,
                    (i % 2 == 1).then_some("少给了五十元"),
                )
                .await
            })
        })
        .collect();
    let mut landed = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => landed += 1,
            Err(e) => assert_eq!(refused::<()>(Err(e)), ShiftRefusal::AlreadyRecorded),
        }
    }
    assert_eq!(landed, 1);
    let rewrite = sqlx::query("UPDATE shift_payments SET amount_cents = 1 WHERE id = $1")
        .bind(payment)
        .execute(&pool)
        .await;
    assert!(rewrite.is_err(), "a payment was rewritten");
    let answered: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM application_events
          WHERE application_id = $1 AND kind IN ('payment_confirmed', 'payment_disputed')",
    )
    .bind(places[0])
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(answered, 1);
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_wage_case_opens_once_for_unsettled_pay_and_is_decided_once(pool: PgPool) {
    world(&pool).await;
    let (_, people, places) = places_on_shift_now(&pool, 2).await;
    let (worker, place) = (people[0], places[0]);
    assert_eq!(
        refused(open_case(&pool, worker, place).await),
        ShiftRefusal::NoCaseToOpen,
        "nothing worked yet"
    );
    check_in(&pool, place).await.unwrap();
    let payment = pay(&pool, place, 20000).await.unwrap();
    answer(&pool, worker, payment, None).await.unwrap();
    assert_eq!(
        refused(open_case(&pool, worker, place).await),
        ShiftRefusal::NoCaseToOpen,
        "paid and confirmed"
    );
    let short = pay(&pool, place, 5000).await.unwrap();
    answer(&pool, worker, short, Some("说好的加班费没给"))
        .await
        .unwrap();
    assert_eq!(
        refused(open_case(&pool, people[1], place).await),
        ShiftRefusal::NoCaseToOpen,
        "not their place"
    );
    let case = open_case(&pool, worker, place).await.unwrap();
    assert_eq!(
        refused(open_case(&pool, worker, place).await),
        ShiftRefusal::NoCaseToOpen,
        "one case per place"
    );
    let staff: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (phone, role, scope_kind, scope_city_adcode)
         VALUES ('13900009999', 'staff', 'city', 320100) RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let tasks: Vec<_> = WageCaseStatus::DECISIONS
        .into_iter()
        .chain(WageCaseStatus::DECISIONS)
        .map(|decision| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut tx = pool.begin().await.unwrap();
                let r = shifts::decide_case(&mut tx, case, decision, staff, "已约谈用人单位").await;
                if r.is_ok() {
                    tx.commit().await.unwrap();
                }
                r.map(|_| ())
            })
        })
        .collect();
    let mut decided = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => decided += 1,
            Err(e) => assert_eq!(refused::<()>(Err(e)), ShiftRefusal::CaseClosed),
        }
    }
    assert_eq!(decided, 1);
    let kinds = event_kinds(&pool, place).await;
    assert_eq!(
        kinds.iter().filter(|k| k.starts_with("case_")).count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"payment_disputed".to_owned()));
    let mut conn = pool.acquire().await.unwrap();
    let detail = shifts::case_detail(&mut conn, case, china_today(&pool).await)
        .await
        .unwrap()
        .unwrap();
    assert!(detail.summary.opened_by_worker);
    assert_eq!(detail.record.payments.len(), 2);
    assert_eq!(detail.record.payments[1].status, PaymentStatus::Disputed);
    assert_eq!(detail.timeline.len(), kinds.len());
}

#[sqlx::test(migrations = "../server/migrations")]
async fn the_sweep_opens_a_case_for_each_place_left_unpaid_and_never_two(pool: PgPool) {
    world(&pool).await;
    let (posting_id, people, places) = places_on_shift_now(&pool, 3).await;
    for &place in &places[..2] {
        check_in(&pool, place).await.unwrap();
    }
    // The second was paid and confirmed; the third never came.
    let payment = pay(&pool, places[1], 20000).await.unwrap();
    answer(&pool, people[1], payment, None).await.unwrap();
    let sweep = || {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            let opened = shifts::open_overdue_cases(&mut tx, 3).await.unwrap();
            tx.commit().await.unwrap();
            opened.len()
        }
    };
    assert_eq!(sweep().await, 0, "the shift is not overdue yet");
    sqlx::query(
        "UPDATE postings SET start_date = current_date - 10, end_date = current_date - 9 WHERE id = $1",
    )
    .bind(posting_id)
    .execute(&pool)
    .await
    .unwrap();
    let runs: Vec<_> = (0..4).map(|_| tokio::spawn(sweep())).collect();
    let mut opened = 0;
    for run in runs {
        opened += run.await.unwrap();
    }
    assert_eq!(opened, 1, "one case, however many sweeps ran at once");
    let case: (i64, String) = sqlx::query_as("SELECT application_id, opened_by FROM wage_cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(case, (places[0], "overdue".to_owned()));
}

#[sqlx::test(migrations = "../server/migrations")]
async fn messages_are_for_places_given_never_rewritten_and_reported_once(pool: PgPool) {
    use super::place_messages::{self, MessageError, Side};
    world(&pool).await;
    let (posting_id, people, places) = places_on_shift_now(&pool, 2).await;
    let employer: i64 = sqlx::query_scalar("SELECT employer_id FROM postings WHERE id = $1")
        .bind(posting_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let write = |place: i64, side: Side, body: &'static str| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            let parties = place_messages::parties(&mut tx, place, side).await.unwrap();
            let Some(parties) = parties else {
                return Ok(None);
            };
            let id =
                place_messages::write(&mut tx, &parties, matches!(side, Side::Worker(_)), 1, body)
                    .await?;
            tx.commit().await.unwrap();
            Ok::<_, MessageError>(Some(id))
        }
    };
    let from_worker = write(places[0], Side::Worker(people[0]), "我八点到")
        .await
        .unwrap()
        .unwrap();
    let from_employer = write(places[0], Side::Employer(employer), "好的，门口等")
        .await
        .unwrap()
        .unwrap();
    // Someone else's thread is not found for them.
    assert_eq!(
        write(places[0], Side::Worker(people[1]), "你好")
            .await
            .unwrap(),
        None
    );
    // The place given up: the thread closes.
    sqlx::query(
        "UPDATE applications SET status = 'withdrawn', cancel_reason = '家里有事' WHERE id = $1",
    )
    .bind(places[1])
    .execute(&pool)
    .await
    .unwrap();
    assert!(matches!(
        write(places[1], Side::Worker(people[1]), "还能去吗").await,
        Err(MessageError::Closed)
    ));
    // A broadcast reaches the places still given, and only those.
    let mut tx = pool.begin().await.unwrap();
    let reached = place_messages::broadcast(&mut tx, employer, posting_id, 1, "明早七点半集合")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(reached, vec![(places[0], people[0])]);
    // Never rewritten; reported once, by the other side only.
    let rewrite = sqlx::query("UPDATE place_messages SET body = '改过了' WHERE id = $1")
        .bind(from_worker)
        .execute(&pool)
        .await;
    assert!(rewrite.is_err(), "a message was rewritten");
    let report = |message: i64, side: Side| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            place_messages::report(&mut tx, message, side, "辱骂").await?;
            tx.commit().await.unwrap();
            Ok::<_, MessageError>(())
        }
    };
    assert!(matches!(
        report(from_worker, Side::Worker(people[0])).await,
        Err(MessageError::NotReportable)
    ));
    report(from_employer, Side::Worker(people[0]))
        .await
        .unwrap();
    assert!(matches!(
        report(from_employer, Side::Worker(people[0])).await,
        Err(MessageError::NotReportable)
    ));
    let thread = place_messages::thread(&pool, places[0], Side::Worker(people[0]))
        .await
        .unwrap()
        .unwrap();
    let seen: Vec<(bool, &str, bool, bool)> = thread
        .messages
        .iter()
        .map(|m| (m.mine, m.body.as_str(), m.broadcast, m.reported))
        .collect();
    assert_eq!(
        seen,
        [
            (true, "我八点到", false, false),
            (false, "好的，门口等", false, true),
            (false, "明早七点半集合", true, false),
        ]
    );
    let reported = place_messages::reported_in_scope(&pool, None, 10)
        .await
        .unwrap();
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0].reason, "辱骂");
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_report_is_decided_once_and_a_hidden_message_reaches_neither_side(pool: PgPool) {
    use super::place_messages::{self, MessageError, Side};
    world(&pool).await;
    let (posting_id, people, places) = places_on_shift_now(&pool, 1).await;
    let employer: i64 = sqlx::query_scalar("SELECT employer_id FROM postings WHERE id = $1")
        .bind(posting_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let (member, staff): (i64, i64) = sqlx::query_as(
        "WITH m AS (INSERT INTO accounts (phone, role, employer_id) VALUES ('13812345678', 'employer', $1)
                    RETURNING id),
              s AS (INSERT INTO accounts (phone, role, scope_kind) VALUES ('13712345678', 'staff', 'province')
                    RETURNING id)
         SELECT m.id, s.id FROM m, s",
    )
    .bind(employer)
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut tx = pool.begin().await.unwrap();
    let parties = place_messages::parties(&mut tx, places[0], Side::Employer(employer))
        .await
        .unwrap()
        .unwrap();
    let message = place_messages::write(&mut tx, &parties, false, member, "先交200押金再上岗")
        .await
        .unwrap();
    // Not reported yet: nothing to decide.
    assert!(matches!(
        place_messages::decide_report(&mut tx, message, true, staff).await,
        Err(MessageError::AlreadyDecided)
    ));
    tx.rollback().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let message = place_messages::write(&mut tx, &parties, false, member, "先交200押金再上岗")
        .await
        .unwrap();
    place_messages::report(&mut tx, message, Side::Worker(people[0]), "要押金")
        .await
        .unwrap();
    // The worker was told of it as the server tells: the notification quotes its start.
    super::notifications::push(
        &mut tx,
        super::notifications::Recipients::Worker(people[0]),
        super::notifications::New {
            kind: crate::model::NotificationKind::PlaceMessage,
            posting_id: Some(posting_id),
            application_id: Some(places[0]),
            title: "保洁",
            detail: "先交200押金再上岗",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Eight staff decide at once, half of them to hide it: one decision stands.
    let decisions: Vec<_> = (0..8)
        .map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut tx = pool.begin().await.unwrap();
                let decided =
                    place_messages::decide_report(&mut tx, message, i % 2 == 0, staff).await;
                tx.commit().await.unwrap();
                decided.is_ok()
            })
        })
        .collect();
    let mut won = 0;
    for decision in decisions {
        won += usize::from(decision.await.unwrap());
    }
    assert_eq!(won, 1);
    assert!(place_messages::reported_in_scope(&pool, None, 10)
        .await
        .unwrap()
        .is_empty());
    let hidden: bool =
        sqlx::query_scalar("SELECT report_decision = 'hidden' FROM place_messages WHERE id = $1")
            .bind(message)
            .fetch_one(&pool)
            .await
            .unwrap();
    for side in [Side::Worker(people[0]), Side::Employer(employer)] {
        let thread = place_messages::thread(&pool, places[0], side)
            .await
            .unwrap()
            .unwrap();
        let seen = &thread.messages[0];
        assert_eq!(seen.hidden, hidden);
        assert_eq!(seen.body.is_empty(), hidden, "{side:?}: {}", seen.body);
    }
    let notice: String = sqlx::query_scalar(
        "SELECT detail FROM notifications WHERE kind = 'place_message' AND application_id = $1",
    )
    .bind(places[0])
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(notice.is_empty(), hidden, "the notification: {notice}");
    // The decision stands: neither taken back nor changed.
    for change in [
        "UPDATE place_messages SET report_decision = NULL, report_decided_at = NULL WHERE id = $1",
        "UPDATE place_messages SET report_decision = CASE report_decision WHEN 'hidden' THEN 'kept' ELSE 'hidden' END WHERE id = $1",
    ] {
        assert!(
            sqlx::query(change).bind(message).execute(&pool).await.is_err(),
            "{change}"
        );
    }
    // The writer's and the decider's accounts deleted: the message stays, without their names.
    sqlx::query("DELETE FROM accounts WHERE id IN ($1, $2)")
        .bind(member)
        .bind(staff)
        .execute(&pool)
        .await
        .unwrap();
    let left: (Option<i64>, Option<i64>, String) = sqlx::query_as(
        "SELECT sender_account, report_decided_by, body FROM place_messages WHERE id = $1",
    )
    .bind(message)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, (None, None, "先交200押金再上岗".to_owned()));
}

#[sqlx::test(migrations = "../server/migrations")]
async fn ratings_are_given_once_shown_when_both_rated_and_appealed_once(pool: PgPool) {
    use super::place_messages::Side;
    use super::ratings::{self, RatingError, Reader};
    use crate::model::{AppealStatus, RatingTag};
    world(&pool).await;
    let (posting_id, people, places) = places_on_shift_now(&pool, 4).await;
    let employer: i64 = sqlx::query_scalar("SELECT employer_id FROM postings WHERE id = $1")
        .bind(posting_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let rate = |place: i64, side: Side, stars: i16, tags: Vec<RatingTag>| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            ratings::rate(&mut tx, place, side, stars, &tags).await?;
            tx.commit().await.unwrap();
            Ok::<_, RatingError>(())
        }
    };
    // Not worked yet: nothing to rate.
    assert!(matches!(
        rate(places[0], Side::Worker(people[0]), 5, vec![]).await,
        Err(RatingError::NotWorked)
    ));
    for &place in &places[..3] {
        check_in(&pool, place).await.unwrap();
    }
    rate(places[0], Side::Worker(people[0]), 2, vec![RatingTag::Safe])
        .await
        .unwrap();
    assert!(matches!(
        rate(places[0], Side::Worker(people[0]), 5, vec![]).await,
        Err(RatingError::AlreadyDone)
    ));
    // Not someone else's place.
    assert!(matches!(
        rate(places[0], Side::Worker(people[1]), 5, vec![]).await,
        Err(RatingError::NotFound)
    ));
    let first = places[0];
    let seen = |reader: Reader| {
        let pool = pool.clone();
        async move {
            let mut conn = pool.acquire().await.unwrap();
            ratings::place_ratings(&mut conn, &[first], reader)
                .await
                .unwrap()
                .remove(&first)
                .unwrap()
        }
    };
    // The employer sees that the worker rated, not what, until it rates too.
    let employer_view = seen(Reader::Employer).await;
    assert!(
        employer_view.received.is_none() && employer_view.received_hidden && employer_view.may_rate
    );
    rate(
        places[0],
        Side::Employer(employer),
        4,
        vec![RatingTag::Punctual],
    )
    .await
    .unwrap();
    let employer_view = seen(Reader::Employer).await;
    assert_eq!(employer_view.received.map(|r| r.stars), Some(2));
    let worker_view = seen(Reader::Worker).await;
    assert_eq!(worker_view.given.map(|r| r.stars), Some(2));
    assert_eq!(worker_view.received.map(|r| r.stars), Some(4));

    // Two more workers rate: three ratings make a figure.
    for i in 1..3 {
        rate(
            places[i],
            Side::Worker(people[i]),
            5,
            vec![RatingTag::PaidOnTime],
        )
        .await
        .unwrap();
        rate(places[i], Side::Employer(employer), 5, vec![])
            .await
            .unwrap();
    }
    let mut conn = pool.acquire().await.unwrap();
    let record = ratings::employer_record(&mut conn, employer).await.unwrap();
    assert_eq!(record.reputation.ratings, 3);
    assert_eq!(record.reputation.average_stars, Some(4.0));
    assert_eq!(record.reputation.top_tags[0], RatingTag::PaidOnTime);
    // The employer appeals the 2 stars, once; staff uphold it and it stops counting.
    let mut tx = pool.begin().await.unwrap();
    ratings::appeal(&mut tx, places[0], Side::Employer(employer), "当天没来过")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    assert!(matches!(
        ratings::appeal(&mut tx, places[0], Side::Employer(employer), "再申诉").await,
        Err(RatingError::AlreadyDone)
    ));
    drop(tx);
    let appeals = ratings::open_appeals(&pool, None, 10).await.unwrap();
    assert_eq!(appeals.len(), 1);
    assert!(appeals[0].by_worker);
    let staff: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (phone, role, scope_kind) VALUES ('13900008888', 'staff', 'province') RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut tx = pool.begin().await.unwrap();
    ratings::decide_appeal(&mut tx, places[0], true, true, staff)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let record = ratings::employer_record(&mut conn, employer).await.unwrap();
    assert_eq!(record.reputation.ratings, 2);
    assert_eq!(
        record.reputation.average_stars, None,
        "two ratings say nothing yet"
    );
    assert_eq!(
        seen(Reader::Worker).await.given.and_then(|r| r.appeal),
        Some(AppealStatus::Upheld)
    );
    let rewrite = sqlx::query("UPDATE place_ratings SET stars = 5 WHERE application_id = $1")
        .bind(places[0])
        .execute(&pool)
        .await;
    assert!(rewrite.is_err(), "a rating was changed");
    // Attendance: the three came.
    let records = ratings::worker_records(&mut conn, &people).await.unwrap();
    assert_eq!(records[&people[0]].recent_places, 1);
    assert_eq!(records[&people[3]].recent_places, 0);
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_no_show_is_appealed_once_in_time_decided_once_and_upheld_leaves_attendance(
    pool: PgPool,
) {
    use super::market_tests::decide;
    use super::no_show_appeals::{self, NoShowAppealError};
    use super::ratings;
    use crate::model::{AppealStatus, Decision};
    world(&pool).await;
    let (_, people, places) = places_on_shift_now(&pool, 4).await;
    let today = china_today(&pool).await.to_string();
    for &place in &places[..3] {
        decide(&pool, place, Decision::NoShow, &today)
            .await
            .unwrap();
    }
    check_in(&pool, places[3]).await.unwrap();
    let appeal = |place: i64, worker: i64| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            no_show_appeals::appeal(&mut tx, place, worker, "我到了，老板说不要人了").await?;
            tx.commit().await.unwrap();
            Ok::<_, NoShowAppealError>(())
        }
    };
    let staff: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO accounts (phone, role, scope_kind)
         VALUES ('13900008881', 'staff', 'province'), ('13900008882', 'staff', 'province') RETURNING id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let decision = |place: i64, uphold: bool, by: i64| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            no_show_appeals::decide(&mut tx, place, uphold, by).await?;
            tx.commit().await.unwrap();
            Ok::<_, NoShowAppealError>(())
        }
    };

    // Only one's own no-show, and only a no-show.
    assert!(matches!(
        appeal(places[0], people[1]).await,
        Err(NoShowAppealError::NotFound)
    ));
    assert!(matches!(
        appeal(places[3], people[3]).await,
        Err(NoShowAppealError::NotAppealable)
    ));
    // Past the days allowed.
    sqlx::query(
        "UPDATE application_events SET at = now() - interval '31 days'
          WHERE application_id = $1 AND kind = 'no_show'",
    )
    .bind(places[1])
    .execute(&pool)
    .await
    .unwrap();
    assert!(matches!(
        appeal(places[1], people[1]).await,
        Err(NoShowAppealError::NotAppealable)
    ));
    // Sent twice at once (a double tap on two connections): one appeal.
    let (a, b) = tokio::join!(appeal(places[0], people[0]), appeal(places[0], people[0]));
    assert_eq!(
        [&a, &b].iter().filter(|r| r.is_ok()).count(),
        1,
        "{a:?} {b:?}"
    );
    assert!(matches!(
        [a, b].into_iter().find(Result::is_err),
        Some(Err(NoShowAppealError::AlreadyDone))
    ));
    let open = no_show_appeals::open_appeals(&pool, None, 10)
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].application_id, places[0]);
    assert_eq!(open[0].worker_phone.len(), 11, "staff call the worker");

    // Both sides see it on the place; the worker may not appeal again.
    let mut conn = pool.acquire().await.unwrap();
    let records = shifts::records(
        &mut conn,
        &places[..3],
        china_today(&pool).await,
        ratings::Reader::Worker,
    )
    .await
    .unwrap();
    let first = &records[&places[0]];
    assert_eq!(
        first.no_show_appeal.as_ref().map(|a| a.status),
        Some(AppealStatus::Open)
    );
    assert!(!first.may_appeal_no_show);
    assert!(!records[&places[1]].may_appeal_no_show, "too late");
    assert!(records[&places[2]].may_appeal_no_show);

    // Nothing appealed: nothing to decide.
    assert!(matches!(
        decision(places[2], true, staff[0]).await,
        Err(NoShowAppealError::NotFound)
    ));
    // Two staff uphold at once: one decision, one notice each side, one line in the timeline.
    let (a, b) = tokio::join!(
        decision(places[0], true, staff[0]),
        decision(places[0], true, staff[1])
    );
    assert_eq!(
        [&a, &b].iter().filter(|r| r.is_ok()).count(),
        1,
        "{a:?} {b:?}"
    );
    assert!(matches!(
        [a, b].into_iter().find(Result::is_err),
        Some(Err(NoShowAppealError::AlreadyDone))
    ));
    assert!(no_show_appeals::open_appeals(&pool, None, 10)
        .await
        .unwrap()
        .is_empty());
    let events = event_kinds(&pool, places[0]).await;
    assert_eq!(
        events
            .iter()
            .filter(|k| k.starts_with("no_show_appeal"))
            .collect::<Vec<_>>(),
        ["no_show_appealed", "no_show_appeal_upheld"]
    );
    // Another appeal rejected.
    appeal(places[2], people[2]).await.unwrap();
    decision(places[2], false, staff[1]).await.unwrap();

    // An upheld no-show leaves the worker's attendance; a rejected one stays.
    let records = ratings::worker_records(&mut conn, &[people[0], people[2]])
        .await
        .unwrap();
    assert_eq!(records[&people[0]].recent_places, 0);
    assert_eq!(records[&people[2]].recent_places, 1);
    assert_eq!(records[&people[2]].recent_attended, 0);

    // The database refuses taking a decision back or rewriting the reason.
    for rewrite in [
        "UPDATE no_show_appeals SET status = 'open', decided_at = NULL WHERE application_id = $1",
        "UPDATE no_show_appeals SET reason = '改一改理由' WHERE application_id = $1",
    ] {
        let refused = sqlx::query(rewrite).bind(places[0]).execute(&pool).await;
        assert!(refused.is_err(), "{rewrite} was allowed");
    }
    // A deciding account deleted leaves the decision without a name.
    sqlx::query("DELETE FROM accounts WHERE id = ANY($1)")
        .bind(&staff)
        .execute(&pool)
        .await
        .unwrap();
    let decided_by: Option<i64> =
        sqlx::query_scalar("SELECT decided_by FROM no_show_appeals WHERE application_id = $1")
            .bind(places[0])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(decided_by, None);
}

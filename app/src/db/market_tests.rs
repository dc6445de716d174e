//! The market loop against a real PostgreSQL: the headcount under concurrency, every application state
//! transition, applying where it is not allowed, alerts and recommendations.

use chrono::NaiveDate;
use sqlx::PgPool;

use super::applications::{self, ApplicationError, Refusal};
use super::test_support::{posting, world, BASE, P};
use crate::model::{ApplicationStatus, Decision};

/// Far enough ahead that the database's own "today" never overtakes it.
pub(super) const FUTURE: P = P {
    start: "2099-01-01",
    end: "2099-01-02",
    ..BASE
};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(super) async fn employer_id(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT id FROM employers LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// `n` more workers with accounts; their worker ids.
pub(super) async fn workers(pool: &PgPool, n: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "WITH w AS (
             INSERT INTO workers (phone, name, home_city_adcode, home_district_adcode)
             SELECT '139' || lpad(g::text, 8, '0'), '工人' || g, 320100, 320115
               FROM generate_series((SELECT count(*) FROM workers) + 1, (SELECT count(*) FROM workers) + $1) g
             RETURNING id, phone)
         INSERT INTO accounts (phone, role, worker_id) SELECT phone, 'worker', id FROM w RETURNING worker_id",
    )
    .bind(n)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn set_headcount(pool: &PgPool, posting_id: i64, headcount: i16) {
    sqlx::query("UPDATE postings SET headcount = $2 WHERE id = $1")
        .bind(posting_id)
        .bind(headcount)
        .execute(pool)
        .await
        .unwrap();
}

pub(super) async fn apply(
    pool: &PgPool,
    worker: i64,
    posting_id: i64,
) -> Result<i64, ApplicationError> {
    let mut tx = pool.begin().await.unwrap();
    let changed = applications::apply(&mut tx, worker, posting_id, "").await?;
    tx.commit().await.unwrap();
    Ok(changed.application_id)
}

pub(super) async fn decide(
    pool: &PgPool,
    application: i64,
    decision: Decision,
    today: &str,
) -> Result<(), ApplicationError> {
    let employer = employer_id(pool).await;
    let mut tx = pool.begin().await.unwrap();
    applications::decide(
        &mut tx,
        employer,
        application,
        decision,
        Some("不合适"),
        day(today),
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(())
}

pub(super) async fn status_of(pool: &PgPool, application: i64) -> String {
    sqlx::query_scalar("SELECT status FROM applications WHERE id = $1")
        .bind(application)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn posting_state(pool: &PgPool, posting_id: i64) -> (i16, String) {
    sqlx::query_as("SELECT filled, status FROM postings WHERE id = $1")
        .bind(posting_id)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, ApplicationError>) -> Refusal {
    match result {
        Err(ApplicationError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[sqlx::test(migrations = "../server/migrations")]
async fn two_hundred_concurrent_acceptances_fill_exactly_the_headcount(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 200).await;
    // Three rounds: "every time", not once by luck.
    for round in 0..3 {
        let posting_id = posting(&pool, FUTURE).await;
        set_headcount(&pool, posting_id, 5).await;
        let mut applications = Vec::new();
        for &worker in &people {
            applications.push(apply(&pool, worker, posting_id).await.unwrap());
        }
        let tasks: Vec<_> = applications
            .iter()
            .map(|&application| {
                let pool = pool.clone();
                tokio::spawn(async move {
                    decide(&pool, application, Decision::Accept, "2099-01-01").await
                })
            })
            .collect();
        let mut accepted = 0;
        let mut full = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => accepted += 1,
                Err(ApplicationError::Refused(Refusal::Full)) => full += 1,
                Err(other) => panic!("round {round}: unexpected {other:?}"),
            }
        }
        assert_eq!((accepted, full), (5, 195), "round {round}");
        assert_eq!(
            posting_state(&pool, posting_id).await,
            (5, "filled".to_owned())
        );
        let counted: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM applications WHERE posting_id = $1 AND status = 'accepted'",
        )
        .bind(posting_id)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(counted, 5);
    }
}

#[sqlx::test(migrations = "../server/migrations")]
async fn the_database_refuses_over_filling_even_behind_the_codes_back(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 2).await;
    let posting_id = posting(&pool, FUTURE).await;
    set_headcount(&pool, posting_id, 1).await;
    let a = apply(&pool, people[0], posting_id).await.unwrap();
    let b = apply(&pool, people[1], posting_id).await.unwrap();
    sqlx::query("UPDATE applications SET status = 'accepted' WHERE id = $1")
        .bind(a)
        .execute(&pool)
        .await
        .unwrap();
    let over = sqlx::query("UPDATE applications SET status = 'accepted' WHERE id = $1")
        .bind(b)
        .execute(&pool)
        .await;
    assert!(over.is_err());
    assert_eq!(
        posting_state(&pool, posting_id).await,
        (1, "filled".to_owned())
    );
}

#[sqlx::test(migrations = "../server/migrations")]
async fn every_application_transition(pool: PgPool) {
    use ApplicationStatus::*;
    world(&pool).await;
    let people = workers(&pool, 1).await;
    let worker = people[0];

    // Every (from, to) pair, tried through a direct UPDATE: the trigger is the authority.
    for from in ApplicationStatus::ALL {
        for to in ApplicationStatus::ALL {
            if from == to {
                continue;
            }
            let posting_id = posting(&pool, FUTURE).await;
            let application = apply(&pool, worker, posting_id).await.unwrap();
            // Walk to `from` along allowed steps.
            let path: &[&str] = match from {
                Pending => &[],
                Accepted => &["accepted"],
                Rejected => &["rejected"],
                Withdrawn => &["withdrawn"],
                Attended => &["accepted", "attended"],
                NoShow => &["accepted", "no_show"],
                Released => &["accepted", "released"],
            };
            for step in path {
                if *step == "released" || to == Released {
                    // A place is taken back only past its confirmation deadline.
                    past_confirmation_deadline(&pool, application).await;
                }
                sqlx::query("UPDATE applications SET status = $2 WHERE id = $1")
                    .bind(application)
                    .bind(step)
                    .execute(&pool)
                    .await
                    .unwrap();
            }
            if to == Released {
                past_confirmation_deadline(&pool, application).await;
            }
            let result = sqlx::query("UPDATE applications SET status = $2 WHERE id = $1")
                .bind(application)
                .bind(to.as_str())
                .execute(&pool)
                .await;
            assert_eq!(
                result.is_ok(),
                from.may_become(to),
                "{from:?} → {to:?}: database and model disagree"
            );
        }
    }
}

#[sqlx::test(migrations = "../server/migrations")]
async fn applying_where_it_is_not_allowed(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 3).await;
    let closed = posting(
        &pool,
        P {
            status: "closed",
            ..FUTURE
        },
    )
    .await;
    let paused = posting(
        &pool,
        P {
            status: "paused",
            ..FUTURE
        },
    )
    .await;
    let draft = posting(
        &pool,
        P {
            status: "draft",
            ..FUTURE
        },
    )
    .await;
    let expired = posting(
        &pool,
        P {
            start: "2020-01-01",
            end: "2020-01-02",
            ..BASE
        },
    )
    .await;
    for posting_id in [closed, paused, draft, expired, 999_999] {
        assert_eq!(
            refused(apply(&pool, people[0], posting_id).await),
            Refusal::PostingNotOpen,
            "posting {posting_id}"
        );
    }

    // Twice: refused; after withdrawing: allowed again, as a fresh pending application.
    let open = posting(&pool, FUTURE).await;
    let first = apply(&pool, people[0], open).await.unwrap();
    assert_eq!(
        refused(apply(&pool, people[0], open).await),
        Refusal::AlreadyApplied
    );
    let mut tx = pool.begin().await.unwrap();
    applications::withdraw(&mut tx, people[0], first, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(apply(&pool, people[0], open).await.unwrap(), first);
    assert_eq!(status_of(&pool, first).await, "pending");

    // Someone else's application cannot be withdrawn.
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        refused(applications::withdraw(&mut tx, people[1], first, None).await),
        Refusal::NotFound
    );
    drop(tx);

    // Filled: the last place taken closes applications.
    set_headcount(&pool, open, 1).await;
    decide(&pool, first, Decision::Accept, "2099-01-01")
        .await
        .unwrap();
    assert_eq!(
        refused(apply(&pool, people[2], open).await),
        Refusal::PostingNotOpen
    );
}

#[sqlx::test(migrations = "../server/migrations")]
async fn decisions_follow_the_rules(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 3).await;
    let posting_id = posting(&pool, FUTURE).await;
    let a = apply(&pool, people[0], posting_id).await.unwrap();
    let b = apply(&pool, people[1], posting_id).await.unwrap();

    // Attendance only once the shift has begun, and only for accepted applicants.
    assert_eq!(
        refused(decide(&pool, a, Decision::Attended, "2099-01-01").await),
        Refusal::Transition
    );
    decide(&pool, a, Decision::Accept, "2098-12-31")
        .await
        .unwrap();
    assert_eq!(
        refused(decide(&pool, a, Decision::Attended, "2098-12-31").await),
        Refusal::Transition
    );
    decide(&pool, a, Decision::Attended, "2099-01-01")
        .await
        .unwrap();
    // Withdrawing after attendance: refused by the database.
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        refused(applications::withdraw(&mut tx, people[0], a, None).await),
        Refusal::Transition
    );
    drop(tx);
    assert_eq!(status_of(&pool, a).await, "attended");

    // A rejection keeps its reason; the worker sees it.
    decide(&pool, b, Decision::Reject, "2099-01-01")
        .await
        .unwrap();
    let mine = applications::mine(&pool, people[1], 10).await.unwrap();
    assert_eq!(mine[0].status, ApplicationStatus::Rejected);
    assert_eq!(mine[0].reason.as_deref(), Some("不合适"));
    assert_eq!(
        refused(decide(&pool, b, Decision::Accept, "2099-01-01").await),
        Refusal::Transition
    );

    // Another organisation's employer cannot decide (the application is not found for them).
    let mut tx = pool.begin().await.unwrap();
    let c = applications::apply(&mut tx, people[2], posting_id, "")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        refused(
            applications::decide(
                &mut tx,
                424242,
                c.application_id,
                Decision::Accept,
                None,
                day("2099-01-01")
            )
            .await
        ),
        Refusal::NotFound
    );
}

#[sqlx::test(migrations = "../server/migrations")]
async fn the_applicant_list_masks_phones_until_accepted(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 2).await;
    let posting_id = posting(&pool, FUTURE).await;
    let a = apply(&pool, people[0], posting_id).await.unwrap();
    apply(&pool, people[1], posting_id).await.unwrap();
    decide(&pool, a, Decision::Accept, "2099-01-01")
        .await
        .unwrap();
    let employer = employer_id(&pool).await;
    let list = applications::applicants(&pool, employer, posting_id, 2026)
        .await
        .unwrap()
        .unwrap();
    let accepted = list
        .applicants
        .iter()
        .find(|x| x.application_id == a)
        .unwrap();
    let pending = list
        .applicants
        .iter()
        .find(|x| x.application_id != a)
        .unwrap();
    assert!(accepted.phone_revealed && accepted.phone.len() == 11 && !accepted.phone.contains('*'));
    assert!(!pending.phone_revealed && pending.phone.contains("****"));
    // Pending first: the employer's work queue.
    assert_eq!(list.applicants[0].status, ApplicationStatus::Pending);
    assert!(applications::applicants(&pool, 424242, posting_id, 2026)
        .await
        .unwrap()
        .is_none());
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_new_posting_alerts_matching_saved_searches_once(pool: PgPool) {
    use crate::model::{Point, SearchQuery, TradeCode};
    world(&pool).await;
    let people = workers(&pool, 3).await;
    let mut conn = pool.acquire().await.unwrap();
    let near = SearchQuery {
        trade: TradeCode::parse("catering"),
        near: Point::new(118.82, 31.94),
        radius_km: Some(5),
        ..SearchQuery::default()
    };
    // Worker 0: two matching searches (one alert), worker 1: a keyword that matches, worker 2: a
    // search far away.
    super::matching::save_search(&mut conn, people[0], "附近餐饮", &near, Default::default())
        .await
        .unwrap();
    super::matching::save_search(
        &mut conn,
        people[0],
        "服务员",
        &SearchQuery {
            keyword: Some("服务员".into()),
            ..SearchQuery::default()
        },
        Default::default(),
    )
    .await
    .unwrap();
    super::matching::save_search(
        &mut conn,
        people[1],
        "服务员",
        &SearchQuery {
            keyword: Some("服务".into()),
            ..SearchQuery::default()
        },
        Default::default(),
    )
    .await
    .unwrap();
    let far = SearchQuery {
        near: Point::new(120.6, 31.3),
        radius_km: Some(5),
        ..SearchQuery::default()
    };
    super::matching::save_search(&mut conn, people[2], "苏州", &far, Default::default())
        .await
        .unwrap();
    let posting_id = posting(&pool, FUTURE).await;
    super::alerts::queue(&mut conn, posting_id).await.unwrap();
    let round = crate::alerts::Deliverer::new()
        .deliver(&pool)
        .await
        .unwrap();
    assert_eq!((round.postings, round.alerts), (1, 2));
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE worker_id = $1")
        .bind(people[0])
        .fetch_one(&pool)
        .await
        .unwrap();
    let feed = super::notifications::feed(&pool, account, 10)
        .await
        .unwrap();
    assert_eq!(feed.items.len(), 1);
    assert_eq!(feed.items[0].detail, "附近餐饮");
    // The eleventh saved search is refused by the database.
    for i in 0..8 {
        super::matching::save_search(
            &mut conn,
            people[0],
            &format!("s{i}"),
            &far,
            Default::default(),
        )
        .await
        .unwrap();
    }
    assert!(super::matching::save_search(
        &mut conn,
        people[0],
        "too many",
        &far,
        Default::default()
    )
    .await
    .is_err());
}

/// A saved search alerts exactly when the same search lists the posting: pinyin initials, a synonym, a
/// sector's name and part of a trade's name included (before issue 19, only a whole trade name or a
/// synonym alerted).
#[sqlx::test(migrations = "../server/migrations")]
async fn an_alert_reads_a_keyword_as_the_search_does(pool: PgPool) {
    use crate::model::{DateFilter, SearchQuery};
    world(&pool).await;
    // (keyword, whether it names the kitchen helper's trade or title)
    let keywords = [
        ("bc", true),   // 帮厨's pinyin initials
        ("BC", true),   // in capitals
        ("切配", true), // a synonym
        ("餐饮", true), // part of the sector's name, 餐饮服务
        ("厨", true),   // part of the trade's name
        ("人手", true), // the title's
        ("保洁", false),
        ("fwy", false), // another trade's initials
    ];
    let people = workers(&pool, keywords.len() as i64).await;
    let mut conn = pool.acquire().await.unwrap();
    for ((keyword, _), worker) in keywords.iter().zip(&people) {
        let query = SearchQuery {
            keyword: Some((*keyword).into()),
            ..SearchQuery::default()
        };
        super::matching::save_search(&mut conn, *worker, keyword, &query, Default::default())
            .await
            .unwrap();
    }
    let posting_id = posting(
        &pool,
        P {
            trade: "kitchen_helper",
            title: "急招人手",
            ..FUTURE
        },
    )
    .await;
    super::alerts::queue(&mut conn, posting_id).await.unwrap();
    crate::alerts::Deliverer::new()
        .deliver(&pool)
        .await
        .unwrap();
    for ((keyword, matches), worker) in keywords.iter().zip(&people) {
        let alerted: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM notifications n JOIN accounts a ON a.id = n.account_id
                             WHERE a.worker_id = $1 AND n.posting_id = $2)",
        )
        .bind(worker)
        .bind(posting_id)
        .fetch_one(&pool)
        .await
        .unwrap();
        let listed = super::postings::search(
            &pool,
            day("2099-01-01"),
            &SearchQuery {
                keyword: Some((*keyword).into()),
                date: DateFilter::Any,
                ..SearchQuery::default()
            },
        )
        .await
        .unwrap()
        .hits
        .iter()
        .any(|hit| hit.posting.id == posting_id);
        assert_eq!((alerted, listed), (*matches, *matches), "{keyword}");
    }
}

#[sqlx::test(migrations = "../server/migrations")]
async fn recommendations_rank_trade_and_distance_and_say_why(pool: PgPool) {
    use crate::model::MatchReason;
    world(&pool).await;
    let people = workers(&pool, 1).await;
    sqlx::query("INSERT INTO worker_trades (worker_id, trade_code) VALUES ($1, 'waiter')")
        .bind(people[0])
        .execute(&pool)
        .await
        .unwrap();
    let today = day("2026-11-25");
    let window = P {
        start: "2026-11-25",
        end: "2026-11-27",
        ..BASE
    };
    let waiter_near = posting(
        &pool,
        P {
            lng: 118.84,
            lat: 31.95,
            ..window
        },
    )
    .await;
    let helper_near = posting(
        &pool,
        P {
            trade: "kitchen_helper",
            lng: 118.84,
            lat: 31.95,
            ..window
        },
    )
    .await;
    let waiter_far = posting(
        &pool,
        P {
            lng: 118.95,
            lat: 32.05,
            ..window
        },
    )
    .await;
    // Another sector only: not a candidate when the worker listed trades.
    posting(
        &pool,
        P {
            trade: "general_worker",
            ..window
        },
    )
    .await;
    let got = super::matching::recommend(&pool, people[0], today, 20)
        .await
        .unwrap();
    let ids: Vec<i64> = got.items.iter().map(|r| r.posting.id).collect();
    assert_eq!(ids, vec![waiter_near, waiter_far, helper_near]);
    assert!(!got.profile_incomplete);
    assert!(got.items[0].reasons.contains(&MatchReason::Trade));
    assert!(got.items[0].reasons.contains(&MatchReason::Near));
    assert!(got.items[2].reasons.contains(&MatchReason::Sector));
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_published_posting_counts_on_the_map_at_once(pool: PgPool) {
    world(&pool).await;
    posting(&pool, FUTURE).await;
    super::map::rebuild_cells(&pool, day("2099-01-01"), true)
        .await
        .unwrap();
    let count = |pool: PgPool| async move {
        let n: i64 = sqlx::query_scalar(
            "SELECT coalesce(sum(postings), 0)::bigint FROM map_cells WHERE day = '2099-01-01' AND zoom = 9",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        n
    };
    assert_eq!(count(pool.clone()).await, 1);
    let second = posting(&pool, FUTURE).await;
    let mut conn = pool.acquire().await.unwrap();
    super::map::add_posting_to_cells(&mut conn, second)
        .await
        .unwrap();
    assert_eq!(count(pool.clone()).await, 2);
    // The same cell, not a second one: the two postings stand at the same place.
    let cells: i64 =
        sqlx::query_scalar("SELECT count(*) FROM map_cells WHERE day = '2099-01-01' AND zoom = 9")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(cells, 1);
}

#[sqlx::test(migrations = "../server/migrations")]
async fn filled_follows_the_places_whatever_changes_them(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 2).await;
    let posting_id = posting(&pool, FUTURE).await;
    set_headcount(&pool, posting_id, 1).await;
    let a = apply(&pool, people[0], posting_id).await.unwrap();
    decide(&pool, a, Decision::Accept, "2099-01-01")
        .await
        .unwrap();
    assert_eq!(
        posting_state(&pool, posting_id).await,
        (1, "filled".to_owned())
    );
    // The employer adds a place: open again.
    set_headcount(&pool, posting_id, 2).await;
    assert_eq!(
        posting_state(&pool, posting_id).await,
        (1, "open".to_owned())
    );
    // Paused, then the second place taken while paused, then resumed: filled, not open.
    let b = apply(&pool, people[1], posting_id).await.unwrap();
    sqlx::query("UPDATE postings SET status = 'paused' WHERE id = $1")
        .bind(posting_id)
        .execute(&pool)
        .await
        .unwrap();
    decide(&pool, b, Decision::Accept, "2099-01-01")
        .await
        .unwrap();
    assert_eq!(
        posting_state(&pool, posting_id).await,
        (2, "paused".to_owned())
    );
    sqlx::query("UPDATE postings SET status = 'open' WHERE id = $1")
        .bind(posting_id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        posting_state(&pool, posting_id).await,
        (2, "filled".to_owned())
    );
}

/// The start time and the pay terms are stored and read back for editing, and changing either is a
/// change the applicants are told of (a later start or pay only when done is not the gig they chose).
#[sqlx::test(migrations = "../server/migrations")]
async fn start_time_and_pay_terms_are_kept_and_their_change_is_material(pool: PgPool) {
    use crate::model::{PayTerms, PostingForm, PostingStatus, TradeCode};
    use chrono::NaiveTime;

    world(&pool).await;
    let employer = employer_id(&pool).await;
    let form = PostingForm {
        trade: TradeCode::parse("waiter"),
        title: "晚班服务员".into(),
        address: "双龙大道1号".into(),
        location: crate::model::Point::new(118.82, 31.94),
        pay_cents: Some(20000),
        start_date: Some(day("2099-01-01")),
        end_date: Some(day("2099-01-02")),
        start_time: NaiveTime::from_hms_opt(18, 30, 0),
        pay_terms: Some(PayTerms::Weekly),
        ..PostingForm::default()
    };
    let checked = form.check(day("2099-01-01"), true).unwrap();
    let area = (320100, 320115);
    let mut conn = pool.acquire().await.unwrap();
    let id =
        super::employer_postings::create(&mut conn, employer, &checked, area, PostingStatus::Open)
            .await
            .unwrap();
    let read = super::employer_postings::editable(&pool, employer, id, day("2099-01-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.form.start_time, NaiveTime::from_hms_opt(18, 30, 0));
    assert_eq!(read.form.pay_terms, Some(PayTerms::Weekly));
    let listed = super::postings::find(&pool, id, day("2099-01-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(listed.summary.pay_terms, Some(PayTerms::Weekly));

    let mut renamed = checked.clone();
    renamed.title = "晚班服务员（急）".into();
    let edited = super::employer_postings::update(&mut conn, employer, id, &renamed, area)
        .await
        .unwrap()
        .unwrap();
    assert!(!edited.material, "a new title alone is not material");
    for change in [
        |p: &mut crate::model::CheckedPosting| {
            p.start_time = NaiveTime::from_hms_opt(20, 0, 0).unwrap()
        },
        |p: &mut crate::model::CheckedPosting| p.pay_terms = PayTerms::OnCompletion,
    ] {
        let mut changed = renamed.clone();
        change(&mut changed);
        let edited = super::employer_postings::update(&mut conn, employer, id, &changed, area)
            .await
            .unwrap()
            .unwrap();
        assert!(edited.material);
        super::employer_postings::update(&mut conn, employer, id, &renamed, area)
            .await
            .unwrap();
    }
    // The database refuses what the form would: seconds, and terms it does not know.
    for statement in [
        "UPDATE postings SET start_time = '08:00:30'",
        "UPDATE postings SET pay_terms = 'cash'",
    ] {
        assert!(
            sqlx::query(statement).execute(&pool).await.is_err(),
            "{statement}"
        );
    }
}

/// Keeping is idempotent, drafts cannot be kept, and concurrent taps at the limit keep exactly the
/// limit: the trigger counts under a per-worker lock.
#[sqlx::test(migrations = "../server/migrations")]
async fn kept_postings_stop_at_the_limit_whatever_the_concurrency(pool: PgPool) {
    use super::favourites::{favourites, set_favourite, set_follow};
    use crate::model::FAVOURITES_MAX;

    world(&pool).await;
    let template = posting(&pool, FUTURE).await;
    let worker = workers(&pool, 1).await[0];
    let ids: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode, district_adcode,
                               pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, status)
         SELECT employer_id, trade_code, title || g, address, location, city_adcode, district_adcode,
                pay_cents, pay_unit, start_date, end_date, shift_minutes, headcount, 'open'
           FROM postings, generate_series(1, $2) g WHERE id = $1
         RETURNING id",
    )
    .bind(template)
    .bind(FAVOURITES_MAX as i32 + 10)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(set_favourite(&pool, worker, template, true).await.unwrap());
    assert!(set_favourite(&pool, worker, template, true).await.unwrap());
    let draft = posting(
        &pool,
        P {
            status: "draft",
            ..FUTURE
        },
    )
    .await;
    assert!(!set_favourite(&pool, worker, draft, true).await.unwrap());
    for &id in &ids[..FAVOURITES_MAX - 2] {
        set_favourite(&pool, worker, id, true).await.unwrap();
    }
    // One place left, ten taps at once.
    let taps = ids[FAVOURITES_MAX - 2..]
        .iter()
        .map(|&id| {
            let pool = pool.clone();
            tokio::spawn(async move { set_favourite(&pool, worker, id, true).await })
        })
        .collect::<Vec<_>>();
    let mut kept = 0;
    for tap in taps {
        match tap.await.unwrap() {
            Ok(true) => kept += 1,
            Err(super::DbError::Constraint { constraint, .. }) => {
                assert_eq!(constraint, "favourite_postings_limit")
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(kept, 1);
    let list = favourites(&pool, worker, day("2099-01-01")).await.unwrap();
    assert_eq!(list.len(), FAVOURITES_MAX);
    // A kept posting already kept is not refused at the limit, and letting go makes room.
    assert!(set_favourite(&pool, worker, template, true).await.unwrap());
    set_favourite(&pool, worker, template, false).await.unwrap();
    assert_eq!(
        favourites(&pool, worker, day("2099-01-01"))
            .await
            .unwrap()
            .len(),
        FAVOURITES_MAX - 1
    );
    // Following: an organisation that does not exist is not found.
    assert!(!set_follow(&pool, worker, 987_654, true).await.unwrap());
}

/// A street is found where open postings' addresses name it, district by district, the busiest first;
/// closed postings and other streets do not count, and LIKE's wildcards are only characters.
#[sqlx::test(migrations = "../server/migrations")]
async fn streets_are_found_where_open_postings_name_them(pool: PgPool) {
    world(&pool).await;
    let on = |address: &'static str, lng: f64, status: &'static str| {
        let pool = pool.clone();
        async move {
            let id = posting(
                &pool,
                P {
                    lng,
                    status,
                    ..FUTURE
                },
            )
            .await;
            sqlx::query("UPDATE postings SET address = $2 WHERE id = $1")
                .bind(id)
                .bind(address)
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    on("中山路1号", 118.80, "open").await;
    on("中山路9号后门", 118.82, "open").await;
    on("中山北路3号", 118.84, "open").await;
    on("中山路5号", 118.90, "closed").await;
    on("双龙大道100%号", 118.81, "open").await;
    let found = super::places::streets(&pool, "中山路").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].area, "南京市江宁区");
    assert_eq!(found[0].postings, 2);
    assert!(
        (found[0].point.lng - 118.81).abs() < 1e-6,
        "{:?}",
        found[0].point
    );
    assert!(super::places::streets(&pool, "中%路")
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        super::places::streets(&pool, "100%").await.unwrap()[0].postings,
        1
    );
}

/// Each worker applies to the posting and is accepted; their applications, in the same order.
pub(super) async fn accepted(pool: &PgPool, people: &[i64], posting_id: i64) -> Vec<i64> {
    let mut places = Vec::new();
    for &worker in people {
        let application = apply(pool, worker, posting_id).await.unwrap();
        decide(pool, application, Decision::Accept, "2099-01-01")
            .await
            .unwrap();
        places.push(application);
    }
    places
}

/// Moves the application's posting to start `hours` from now (China time), at the top of that hour.
pub(super) async fn starting_in(pool: &PgPool, application: i64, hours: i32) {
    sqlx::query(
        "UPDATE postings p
            SET start_date = ((now() + make_interval(hours => $2)) AT TIME ZONE 'Asia/Shanghai')::date,
                end_date = ((now() + make_interval(hours => $2)) AT TIME ZONE 'Asia/Shanghai')::date + 1,
                start_time = date_trunc('hour', (now() + make_interval(hours => $2)) AT TIME ZONE 'Asia/Shanghai')::time(0)
           FROM applications a
          WHERE a.id = $1 AND p.id = a.posting_id",
    )
    .bind(application)
    .bind(hours)
    .execute(pool)
    .await
    .unwrap();
}

/// A shift an hour from now and the acceptance three hours ago: past the deadline to confirm (20:00 the
/// evening before the shift, and at least two hours after the acceptance).
async fn past_confirmation_deadline(pool: &PgPool, application: i64) {
    starting_in(pool, application, 1).await;
    sqlx::query("UPDATE applications SET decided_at = now() - interval '3 hours' WHERE id = $1")
        .bind(application)
        .execute(pool)
        .await
        .unwrap();
}

async fn confirm(pool: &PgPool, worker: i64, application: i64) -> Result<(), ApplicationError> {
    let mut tx = pool.begin().await.unwrap();
    applications::confirm(&mut tx, worker, application).await?;
    tx.commit().await.unwrap();
    Ok(())
}

async fn decide_with(
    pool: &PgPool,
    application: i64,
    decision: Decision,
    reason: Option<&str>,
) -> Result<(), ApplicationError> {
    let employer = employer_id(pool).await;
    let mut tx = pool.begin().await.unwrap();
    applications::decide(
        &mut tx,
        employer,
        application,
        decision,
        reason,
        day("2099-01-01"),
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(())
}

async fn withdraw(
    pool: &PgPool,
    worker: i64,
    application: i64,
    reason: Option<&str>,
) -> Result<(), ApplicationError> {
    let mut tx = pool.begin().await.unwrap();
    applications::withdraw(&mut tx, worker, application, reason).await?;
    tx.commit().await.unwrap();
    Ok(())
}

async fn timeline(pool: &PgPool, application: i64) -> Vec<(String, bool, Option<String>)> {
    sqlx::query_as(
        "SELECT kind, late, reason FROM application_events WHERE application_id = $1 ORDER BY id",
    )
    .bind(application)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_place_is_confirmed_once_and_taken_back_only_unconfirmed_past_its_deadline(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 3).await;
    let posting_id = posting(&pool, FUTURE).await;
    let places = accepted(&pool, &people, posting_id).await;
    assert_eq!(posting_state(&pool, posting_id).await.0, 3);

    // Weeks before the shift nothing may be taken back; the worker confirms, once.
    assert_eq!(
        refused(decide_with(&pool, places[0], Decision::Release, None).await),
        Refusal::NotReleasable
    );
    confirm(&pool, people[0], places[0]).await.unwrap();
    assert_eq!(
        refused(confirm(&pool, people[0], places[0]).await),
        Refusal::Transition
    );
    // Nobody confirms another worker's place.
    assert_eq!(
        refused(confirm(&pool, people[0], places[1]).await),
        Refusal::NotFound
    );

    // Past the deadline: the unconfirmed place is taken back and counted free again; the confirmed
    // one is not.
    past_confirmation_deadline(&pool, places[1]).await;
    past_confirmation_deadline(&pool, places[0]).await;
    decide_with(&pool, places[1], Decision::Release, None)
        .await
        .unwrap();
    assert_eq!(status_of(&pool, places[1]).await, "released");
    assert_eq!(posting_state(&pool, posting_id).await.0, 2);
    assert_eq!(
        refused(decide_with(&pool, places[0], Decision::Release, None).await),
        Refusal::NotReleasable
    );
    // A released place is final, and cannot be confirmed afterwards.
    assert_eq!(
        refused(confirm(&pool, people[1], places[1]).await),
        Refusal::Transition
    );

    let kinds = |t: Vec<(String, bool, Option<String>)>| {
        t.into_iter().map(|(k, _, _)| k).collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(timeline(&pool, places[0]).await),
        ["applied", "accepted", "confirmed"]
    );
    assert_eq!(
        kinds(timeline(&pool, places[1]).await),
        ["applied", "accepted", "released"]
    );

    // Once the shift has begun there is nothing left to confirm, and the page no longer asks.
    let begun = |worker: i64| {
        let pool = pool.clone();
        async move {
            applications::mine(&pool, worker, 10).await.unwrap()[0]
                .place
                .as_ref()
                .map(|p| p.begun)
        }
    };
    assert_eq!(begun(people[2]).await, Some(false));
    starting_in(&pool, places[2], -1).await;
    assert_eq!(
        refused(confirm(&pool, people[2], places[2]).await),
        Refusal::Transition
    );
    assert_eq!(begun(people[2]).await, Some(true));
}

#[sqlx::test(migrations = "../server/migrations")]
async fn giving_up_or_cancelling_a_place_inside_24_hours_needs_a_reason_and_is_recorded_late(
    pool: PgPool,
) {
    world(&pool).await;
    let people = workers(&pool, 3).await;
    let posting_id = posting(&pool, FUTURE).await;
    let places = accepted(&pool, &people, posting_id).await;

    // Far from the shift: given up without a reason, not late.
    withdraw(&pool, people[0], places[0], None).await.unwrap();
    assert_eq!(
        timeline(&pool, places[0]).await.last(),
        Some(&("withdrawn".to_owned(), false, None))
    );

    // Inside 24 hours: the worker must say why, and it is recorded as late.
    starting_in(&pool, places[1], 5).await;
    assert_eq!(
        refused(withdraw(&pool, people[1], places[1], None).await),
        Refusal::LateReasonMissing
    );
    assert_eq!(status_of(&pool, places[1]).await, "accepted");
    withdraw(&pool, people[1], places[1], Some("家里有急事"))
        .await
        .unwrap();
    assert_eq!(
        timeline(&pool, places[1]).await.last(),
        Some(&("withdrawn".to_owned(), true, Some("家里有急事".to_owned())))
    );

    // The employer too; its reason goes to the worker as the cancellation's, not as a rejection's.
    assert_eq!(
        refused(decide_with(&pool, places[2], Decision::Reject, None).await),
        Refusal::LateReasonMissing
    );
    decide_with(&pool, places[2], Decision::Reject, Some("工地停工"))
        .await
        .unwrap();
    let (cancel, decision, late): (Option<String>, Option<String>, bool) = sqlx::query_as(
        "SELECT cancel_reason, decision_reason, cancelled_late FROM applications WHERE id = $1",
    )
    .bind(places[2])
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (cancel.as_deref(), decision, late),
        (Some("工地停工"), None, true)
    );
    assert_eq!(
        timeline(&pool, places[2])
            .await
            .last()
            .map(|e| e.0.as_str()),
        Some("cancelled")
    );
    assert_eq!(posting_state(&pool, posting_id).await.0, 0);

    // The database is the authority: a direct UPDATE without a reason is refused too.
    let again = apply(&pool, people[0], posting_id).await.unwrap();
    decide(&pool, again, Decision::Accept, "2099-01-01")
        .await
        .unwrap();
    let direct = sqlx::query("UPDATE applications SET status = 'withdrawn' WHERE id = $1")
        .bind(again)
        .execute(&pool)
        .await;
    assert!(
        direct.is_err(),
        "a late cancellation without a reason was accepted"
    );
}

#[sqlx::test(migrations = "../server/migrations")]
async fn confirming_and_taking_back_a_place_at_once_one_wins(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 20).await;
    let posting_id = posting(&pool, FUTURE).await;
    set_headcount(&pool, posting_id, 20).await;
    let places: Vec<(i64, i64)> = people
        .iter()
        .copied()
        .zip(accepted(&pool, &people, posting_id).await)
        .collect();
    past_confirmation_deadline(&pool, places[0].1).await;
    sqlx::query(
        "UPDATE applications SET decided_at = now() - interval '3 hours' WHERE posting_id = $1",
    )
    .bind(posting_id)
    .execute(&pool)
    .await
    .unwrap();
    let tasks: Vec<_> = places
        .iter()
        .map(|&(worker, application)| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let (confirmed, released) = tokio::join!(
                    confirm(&pool, worker, application),
                    decide_with(&pool, application, Decision::Release, None)
                );
                (application, confirmed.is_ok(), released.is_ok())
            })
        })
        .collect();
    let mut released_count = 0;
    for task in tasks {
        let (application, confirmed, released) = task.await.unwrap();
        assert!(
            confirmed != released,
            "application {application}: confirmed {confirmed}, released {released}"
        );
        let (status, confirmed_at): (String, Option<chrono::DateTime<chrono::Utc>>) =
            sqlx::query_as("SELECT status, confirmed_at FROM applications WHERE id = $1")
                .bind(application)
                .fetch_one(&pool)
                .await
                .unwrap();
        if released {
            released_count += 1;
            assert_eq!((status.as_str(), confirmed_at), ("released", None));
        } else {
            assert_eq!(status, "accepted");
            assert!(confirmed_at.is_some());
        }
    }
    assert_eq!(
        posting_state(&pool, posting_id).await.0,
        20 - released_count
    );
}

async fn outbox_of(pool: &PgPool, worker: i64) -> Vec<(String, chrono::DateTime<chrono::Utc>)> {
    sqlx::query_as(
        "SELECT o.body, o.send_after FROM shift_text_outbox o JOIN accounts a ON a.id = o.account_id
          WHERE a.worker_id = $1 ORDER BY o.id",
    )
    .bind(worker)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../server/migrations")]
async fn shift_texts_go_in_the_workers_language_and_never_to_one_who_turned_them_off(pool: PgPool) {
    use super::shift_texts::{queue_for_application, queue_for_holders, ShiftText};
    world(&pool).await;
    let people = workers(&pool, 3).await;
    let posting_id = posting(&pool, FUTURE).await;
    let places = accepted(&pool, &people, posting_id).await;
    sqlx::query("UPDATE accounts SET lang = 'en' WHERE worker_id = $1")
        .bind(people[1])
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE accounts SET shift_texts = false WHERE worker_id = $1")
        .bind(people[2])
        .execute(&pool)
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    for &place in &places {
        queue_for_application(&mut conn, place, ShiftText::Accepted, "")
            .await
            .unwrap();
    }
    assert_eq!(
        queue_for_holders(&mut conn, posting_id, ShiftText::ShiftChanged)
            .await
            .unwrap(),
        2
    );
    let zh = outbox_of(&pool, people[0]).await;
    assert_eq!(zh.len(), 2);
    assert!(zh[0].0.starts_with("【零工市场】您被“"), "{}", zh[0].0);
    assert!(zh[0].0.contains("双龙大道1号"));
    let en = outbox_of(&pool, people[1]).await;
    assert!(
        en[0].0.starts_with("[Lingong] You got the place"),
        "{}",
        en[0].0
    );
    assert!(outbox_of(&pool, people[2]).await.is_empty());
}

#[sqlx::test(migrations = "../server/migrations")]
async fn texts_wait_out_the_quiet_hours_unless_the_shift_comes_first(pool: PgPool) {
    let at = |when: &str, shift: Option<&str>| {
        let pool = pool.clone();
        let (when, shift) = (when.to_owned(), shift.map(str::to_owned));
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT to_char(lingong_text_send_after($1::timestamptz, $2::timestamptz)
                                AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')",
            )
            .bind(when)
            .bind(shift)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(at("2026-12-05 12:00+08", None).await, "2026-12-05 12:00");
    assert_eq!(at("2026-12-05 21:00+08", None).await, "2026-12-05 21:00");
    assert_eq!(at("2026-12-05 22:30+08", None).await, "2026-12-06 07:00");
    assert_eq!(at("2026-12-06 03:10+08", None).await, "2026-12-06 07:00");
    assert_eq!(
        at("2026-12-05 22:30+08", Some("2026-12-06 19:30+08")).await,
        "2026-12-06 07:00"
    );
    // A shift starting before the morning is told at once.
    assert_eq!(
        at("2026-12-05 22:30+08", Some("2026-12-06 06:00+08")).await,
        "2026-12-05 22:30"
    );
}

#[sqlx::test(migrations = "../server/migrations")]
async fn the_evening_before_each_place_is_reminded_once_whatever_runs_at_once(pool: PgPool) {
    use super::shift_texts::REMINDERS_FROM;
    use chrono::{TimeZone, Utc};
    world(&pool).await;
    let people = workers(&pool, 12).await;
    let posting_id = posting(&pool, FUTURE).await;
    set_headcount(&pool, posting_id, 12).await;
    let places = accepted(&pool, &people, posting_id).await;
    // One gives the place up: no reminder for them.
    withdraw(&pool, people[0], places[0], None).await.unwrap();
    // A second shift the same day: each worker is reminded of their own.
    let others = workers(&pool, 3).await;
    let other_posting = posting(&pool, FUTURE).await;
    set_headcount(&pool, other_posting, 3).await;
    accepted(&pool, &others, other_posting).await;
    // The shifts are on 6 December; the evening before is 5 December from 18:00 China time (10:00 UTC).
    sqlx::query(
        "UPDATE postings SET start_date = '2026-12-06', end_date = '2026-12-06',
                title = CASE WHEN id = $2 THEN '另一班' ELSE title END
          WHERE id IN ($1, $2)",
    )
    .bind(posting_id)
    .bind(other_posting)
    .execute(&pool)
    .await
    .unwrap();
    let afternoon = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap();
    let evening = Utc.with_ymd_and_hms(2026, 12, 5, 10, 30, 0).unwrap();
    let mut conn = pool.acquire().await.unwrap();
    assert_eq!(
        super::shift_texts::write_reminders(&mut conn, afternoon, REMINDERS_FROM)
            .await
            .unwrap(),
        0
    );
    drop(conn);
    // Eight instances at once, twice over.
    let mut written = 0;
    for _ in 0..2 {
        let runs: Vec<_> = (0..8)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move {
                    let mut tx = pool.begin().await.unwrap();
                    let n = super::shift_texts::write_reminders(&mut tx, evening, REMINDERS_FROM)
                        .await
                        .unwrap();
                    tx.commit().await.unwrap();
                    n
                })
            })
            .collect();
        for run in runs {
            written += run.await.unwrap();
        }
    }
    assert_eq!(written, 14);
    for &worker in &people[1..] {
        let texts = outbox_of(&pool, worker).await;
        assert_eq!(texts.len(), 1, "worker {worker}");
        assert!(
            texts[0].0.contains("明天08:00在双龙大道1号上班") && !texts[0].0.contains("另一班"),
            "{}",
            texts[0].0
        );
    }
    for &worker in &others {
        let texts = outbox_of(&pool, worker).await;
        assert_eq!(texts.len(), 1, "worker {worker}");
        assert!(texts[0].0.contains("（另一班）"), "{}", texts[0].0);
    }
    assert!(outbox_of(&pool, people[0]).await.is_empty());
    // A deployment that reminds from 17:00 would have reminded at 17:00; nothing is left to remind.
    let mut conn = pool.acquire().await.unwrap();
    let five = chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap();
    assert_eq!(
        super::shift_texts::write_reminders(&mut conn, afternoon, five)
            .await
            .unwrap(),
        0
    );
}

/// A provider that takes its time to answer, so that a stop arrives while texts are at the gateway.
#[derive(Debug, Clone, Default)]
struct SlowSms(crate::auth::sms::MemorySms);

impl crate::auth::sms::SmsGateway for SlowSms {
    fn send<'a>(
        &'a self,
        message: &'a crate::auth::sms::SmsMessage,
    ) -> crate::auth::sms::SendFuture<'a> {
        Box::pin(async move {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            self.0.send(message).await
        })
    }
}

async fn texts_stamped(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM shift_text_outbox WHERE sent_at IS NOT NULL")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../server/migrations")]
async fn a_server_stopped_while_sending_finishes_its_round_and_a_restart_sends_nothing_twice(
    pool: PgPool,
) {
    use std::sync::Arc;
    world(&pool).await;
    let people = workers(&pool, 600).await;
    sqlx::query(
        "INSERT INTO shift_text_outbox (account_id, body, send_after)
         SELECT id, '【零工市场】明天08:00上班 ' || id, now() FROM accounts WHERE worker_id = ANY($1)",
    )
    .bind(&people)
    .execute(&pool)
    .await
    .unwrap();
    let first = SlowSms::default();
    let site = super::test_support::started(&pool, Arc::new(first.clone()));
    while first.0.count() == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    // Stopped with a round at the gateway: the round ends, stamped, and nothing else starts.
    site.shut_down();
    site.finished().await;
    let stamped = texts_stamped(&pool).await;
    assert_eq!(stamped as usize, first.0.count());
    assert!(
        stamped < 600,
        "the first instance stopped before sending everything"
    );
    // Restarted: the rest, and only the rest.
    let second = SlowSms::default();
    let site = super::test_support::started(&pool, Arc::new(second.clone()));
    for _ in 0..600 {
        if texts_stamped(&pool).await == 600 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    site.shut_down();
    site.finished().await;
    let mut phones: Vec<String> = first
        .0
        .sent()
        .into_iter()
        .chain(second.0.sent())
        .map(|message| message.phone)
        .collect();
    assert_eq!(phones.len(), 600);
    phones.sort();
    phones.dedup();
    assert_eq!(phones.len(), 600, "a text went twice");
    assert_eq!(texts_stamped(&pool).await, 600);
    // Nothing was left behind.
    assert_eq!(
        crate::db::alerts::send_texts(&pool, &crate::auth::sms::MemorySms::default())
            .await
            .unwrap(),
        0
    );
}

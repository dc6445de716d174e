//! Saved-search alerts against a real PostgreSQL: the same postings as the search lists, every alert
//! exactly once across two deliverers and a crash, digests instead of floods, texts through the outbox.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sqlx::PgPool;

use super::alerts;
use super::matching::{save_search, AlertsBy};
use super::test_support::{market, posting, query, world, Lcg, BASE, P};
use crate::alerts::{Deliverer, DIGEST_WINDOW_MINUTES};
use crate::auth::sms::MemorySms;
use crate::model::{DateFilter, SearchQuery, SortOrder, TradeCode};

/// `n` workers, each with an account; their worker ids.
async fn workers(pool: &PgPool, n: i64, first: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "WITH w AS (
             INSERT INTO workers (phone, name, home_city_adcode, home_district_adcode)
             SELECT '138' || lpad(g::text, 8, '0'), '工人' || g, 320100, 320115
               FROM generate_series($2, $2 + $1 - 1) g
             RETURNING id, phone)
         INSERT INTO accounts (phone, role, worker_id) SELECT phone, 'worker', id FROM w RETURNING worker_id",
    )
    .bind(n)
    .bind(first)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn queue_all(pool: &PgPool) {
    sqlx::query("INSERT INTO alert_queue (posting_id) SELECT id FROM postings ORDER BY id")
        .execute(pool)
        .await
        .unwrap();
}

/// Queues every posting again, as publishing does: the ones delivered stay delivered.
async fn queue_all_again(pool: &PgPool) {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM postings")
        .fetch_all(pool)
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    for id in ids {
        alerts::queue(&mut conn, id).await.unwrap();
    }
}

/// Delivers everything queued with a new deliverer (as a newly started instance would).
async fn deliver_all(pool: &PgPool) -> usize {
    crate::alerts::deliver_all(&mut Deliverer::new(), pool)
        .await
        .unwrap()
}

/// (account, posting) pairs told, from the alerts in the feeds: their first postings and their parts.
async fn told(pool: &PgPool) -> BTreeSet<(i64, i64)> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT account_id, unnest(alerted) FROM notifications WHERE kind = 'alert_match'
         UNION ALL
         SELECT n.account_id, unnest(g.postings) FROM alert_parts g JOIN notifications n ON n.id = g.notification_id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// The same pairs recounted the slow way: every saved search against every open posting, with the
/// filters written out once more and the keyword resolved now (what the alerts did before issue 26).
async fn recount(pool: &PgPool) -> BTreeSet<(i64, i64)> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT DISTINCT a.id, p.id
           FROM postings p
           JOIN saved_searches s ON true
           JOIN accounts a ON a.worker_id = s.worker_id AND a.status = 'active'
          WHERE p.status = 'open'
            AND (s.trade_code IS NULL OR s.trade_code = p.trade_code
                 OR s.trade_code = (SELECT parent_code FROM trades WHERE code = p.trade_code))
            AND (s.city_adcode IS NULL OR s.city_adcode = p.city_adcode)
            AND (s.district_adcode IS NULL OR s.district_adcode = p.district_adcode)
            AND (s.centre IS NULL OR ST_DWithin(s.centre::geography, p.location::geography, s.radius_m))
            AND (s.keyword IS NULL OR lingong_title_says(p.title, s.keyword)
                 OR p.trade_code = ANY(lingong_keyword_trades(s.keyword)))
            AND (s.min_pay_cents IS NULL OR (p.pay_unit = s.min_pay_unit AND p.pay_cents >= s.min_pay_cents))
            AND (s.max_shift_minutes IS NULL OR p.shift_minutes <= s.max_shift_minutes)
            AND (s.pay_terms IS NULL OR p.pay_terms = s.pay_terms)
            AND (s.shift_start IS NULL OR lingong_shift_start(p.start_time) = s.shift_start)
            AND p.tags @> s.tags",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// A generated search as the search page would save it: checked ([`SearchQuery::check`] refuses a
/// lowest pay of 0), any date.
fn saveable(random: &mut Lcg) -> SearchQuery {
    loop {
        let mut q = query(random);
        if q.min_pay.is_some_and(|p| p.yuan == 0) {
            q.min_pay = None;
        }
        q.date = DateFilter::Any;
        q.sort = SortOrder::Newest;
        q.page = 0;
        if q.check().is_ok() {
            return q;
        }
    }
}

/// Every posting of a search, whatever its date, all pages.
async fn listed(pool: &PgPool, q: &SearchQuery) -> BTreeSet<i64> {
    let early = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut all = BTreeSet::new();
    for page in 0.. {
        let results = super::postings::search(pool, early, &q.with_page(page))
            .await
            .unwrap();
        if results.hits.is_empty() {
            break;
        }
        all.extend(results.hits.iter().map(|h| h.posting.id));
    }
    all
}

/// A saved search alerts exactly the postings the same search lists: every filter (keywords of one to
/// six characters, pinyin initials, a sector, places, circles of every radius, pay, hours, pay terms,
/// part of the day, groups),
/// through the deliverer's routes in memory.
#[sqlx::test(migrations = "../server/migrations")]
async fn alerts_are_what_the_search_lists(pool: PgPool) {
    let mut random = Lcg(20261202);
    market(&pool, &mut random, 400).await;
    let people = workers(&pool, 150, 1).await;
    let mut conn = pool.acquire().await.unwrap();
    let mut searches = Vec::new();
    for &worker in &people {
        let q = saveable(&mut random);
        save_search(&mut conn, worker, "订阅", &q, AlertsBy::default())
            .await
            .unwrap();
        searches.push((worker, q));
    }
    queue_all(&pool).await;
    let alerted = deliver_all(&pool).await;
    let told = told(&pool).await;
    assert_eq!(alerted, told.len(), "an alert written twice");
    let account_of: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT worker_id, id FROM accounts WHERE worker_id IS NOT NULL",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let mut compared = 0;
    for (worker, q) in &searches {
        let account = account_of[worker];
        let expected = listed(&pool, q).await;
        let got: BTreeSet<i64> = told
            .iter()
            .filter(|(a, _)| *a == account)
            .map(|(_, p)| *p)
            .collect();
        assert_eq!(got, expected, "{}", q.to_url());
        compared += expected.len();
    }
    assert!(
        compared > 1000,
        "the searches matched too little to prove anything: {compared}"
    );
    assert_eq!(told, recount(&pool).await);
    // Closed and draft postings were queued too, and told nobody (the recount has open ones only).
}

/// Two deliverers at once and one that dies halfway: every alert is written once, none is lost, and
/// every one is counted by exactly one notification.
#[sqlx::test(migrations = "../server/migrations")]
async fn every_alert_once_across_two_deliverers_and_a_crash(pool: PgPool) {
    let mut random = Lcg(7);
    market(&pool, &mut random, 300).await;
    let people = workers(&pool, 60, 1).await;
    let mut conn = pool.acquire().await.unwrap();
    for &worker in &people {
        for _ in 0..3 {
            let q = saveable(&mut random);
            save_search(&mut conn, worker, "订阅", &q, AlertsBy::default())
                .await
                .unwrap();
        }
    }
    queue_all(&pool).await;
    let waiting = |pool: PgPool| async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM alert_queue WHERE delivered_at IS NULL")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let queued = waiting(pool.clone()).await;

    // A deliverer that takes a batch and dies before committing (a crash, a restart): while it holds
    // the lock the others find it busy; once it is gone, the batch is back in the queue.
    {
        let mut crashed = pool.begin().await.unwrap();
        let mine: bool =
            sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtext('lingong.alerts'))")
                .fetch_one(&mut *crashed)
                .await
                .unwrap();
        assert!(mine);
        sqlx::query(
            "UPDATE alert_queue SET delivered_at = now()
              WHERE posting_id IN (SELECT posting_id FROM alert_queue LIMIT 50)",
        )
        .execute(&mut *crashed)
        .await
        .unwrap();
        let other = Deliverer::new().deliver(&pool).await.unwrap();
        assert!(other.busy && other.postings == 0);
        drop(crashed);
    }
    assert_eq!(waiting(pool.clone()).await, queued);

    // Two deliverers racing, as two instances would.
    let (a, b) = tokio::join!(
        tokio::spawn({
            let pool = pool.clone();
            async move { deliver_all(&pool).await }
        }),
        tokio::spawn({
            let pool = pool.clone();
            async move { deliver_all(&pool).await }
        })
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let told = told(&pool).await;
    assert_eq!(a + b, told.len(), "an alert written twice");
    assert_eq!(told, recount(&pool).await, "an alert missed");
    assert!(
        told.len() > 500,
        "too few alerts to prove anything: {}",
        told.len()
    );
    // Each alert is counted once, by one notification of its account.
    let counted: i64 = sqlx::query_scalar(
        "SELECT (SELECT coalesce(sum(cardinality(alerted)), 0) FROM notifications WHERE kind = 'alert_match')
              + (SELECT coalesce(sum(cardinality(postings)), 0) FROM alert_parts)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counted as usize, told.len());
    // Delivering again finds nothing to do, and queuing a delivered posting again changes nothing.
    assert_eq!(deliver_all(&pool).await, 0);
    queue_all_again(&pool).await;
    assert_eq!(deliver_all(&pool).await, 0);
}

/// A burst becomes one line that grows, one per account whatever its searches, until the digest window
/// has passed; texts go out once per new alert, for the searches that asked.
#[sqlx::test(migrations = "../server/migrations")]
async fn bursts_become_digests_and_texts_go_out_once(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 2, 1).await;
    let mut conn = pool.acquire().await.unwrap();
    let search = |trade: &str| SearchQuery {
        trade: TradeCode::parse(trade),
        ..SearchQuery::default()
    };
    let texts = AlertsBy {
        texts: true,
        lang: crate::i18n::Lang::Zh,
    };
    // Worker 0: one search, texted. Worker 1: five searches, each for something else.
    save_search(
        &mut conn,
        people[0],
        "帮厨",
        &search("kitchen_helper"),
        texts,
    )
    .await
    .unwrap();
    let labels = ["甲一", "乙二", "丙三", "丁四", "戊五"];
    for label in labels {
        let q = SearchQuery {
            keyword: Some(label.to_owned()),
            ..SearchQuery::default()
        };
        save_search(&mut conn, people[1], label, &q, AlertsBy::default())
            .await
            .unwrap();
    }
    let publish = |title: &'static str, trade: &'static str| {
        let pool = pool.clone();
        async move {
            let id = posting(
                &pool,
                P {
                    title,
                    trade,
                    start: "2099-01-01",
                    end: "2099-01-01",
                    ..BASE
                },
            )
            .await;
            let mut conn = pool.acquire().await.unwrap();
            alerts::queue(&mut conn, id).await.unwrap();
        }
    };
    // One deliverer throughout, as the leading instance keeps it: its memory of recent alerts decides.
    let mut deliverer = Deliverer::new();
    for _ in 0..5 {
        publish("急招帮厨", "kitchen_helper").await;
    }
    crate::alerts::deliver_all(&mut deliverer, &pool)
        .await
        .unwrap();
    // The feed as its page reads it: (id, postings, label, unread), oldest first.
    let feed = |worker: i64| {
        let pool = pool.clone();
        async move {
            let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE worker_id = $1")
                .bind(worker)
                .fetch_one(&pool)
                .await
                .unwrap();
            let mut items: Vec<(i64, i32, String, bool)> =
                super::notifications::feed(&pool, account, 50)
                    .await
                    .unwrap()
                    .items
                    .into_iter()
                    .map(|n| (n.id, n.postings as i32, n.detail, !n.read))
                    .collect();
            items.reverse();
            items
        }
    };
    let first = feed(people[0]).await;
    assert_eq!(first.len(), 1, "five postings at once are one alert");
    assert_eq!(
        (first[0].1, first[0].2.as_str(), first[0].3),
        (5, "帮厨", true)
    );

    // Read, then two more within the window: the same line grows and is unread again.
    sqlx::query("UPDATE notifications SET read_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    publish("帮厨（晚班）", "kitchen_helper").await;
    publish("帮厨日结", "kitchen_helper").await;
    crate::alerts::deliver_all(&mut deliverer, &pool)
        .await
        .unwrap();
    let grown = feed(people[0]).await;
    assert_eq!(grown.len(), 1);
    assert_eq!((grown[0].0, grown[0].1, grown[0].3), (first[0].0, 7, true));

    // Worker 1's five searches each match one new posting: one alert, which names no single search.
    for title in ["招甲一", "招乙二", "招丙三", "招丁四", "招戊五"] {
        publish(title, "waiter").await;
    }
    crate::alerts::deliver_all(&mut deliverer, &pool)
        .await
        .unwrap();
    let many = feed(people[1]).await;
    assert_eq!(many.len(), 1, "{many:?}");
    // Worker 1's searches match only the five 招… postings, each once.
    assert_eq!((many[0].1, many[0].2.as_str()), (5, ""));

    // Past the window, a new alert; within it, the same one grows, even for another search.
    sqlx::query(
        "UPDATE notifications SET created_at = created_at - make_interval(mins => $1::int4 + 1)",
    )
    .bind(DIGEST_WINDOW_MINUTES)
    .execute(&pool)
    .await
    .unwrap();
    let mut deliverer = Deliverer::new();
    publish("招甲一（二）", "waiter").await;
    crate::alerts::deliver_all(&mut deliverer, &pool)
        .await
        .unwrap();
    publish("招乙二（二）", "waiter").await;
    crate::alerts::deliver_all(&mut deliverer, &pool)
        .await
        .unwrap();
    let later = feed(people[1]).await;
    assert_eq!(later.len(), 2, "{later:?}");
    assert_eq!((later[1].1, later[1].2.as_str()), (2, ""), "{later:?}");

    // One text: for worker 0's one new alert (its growth sent none), none for worker 1 (not asked).
    let sms = MemorySms::default();
    assert_eq!(alerts::send_texts(&pool, &sms).await.unwrap(), 1);
    assert_eq!(alerts::send_texts(&pool, &sms).await.unwrap(), 0);
    let sent = sms.sent();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].text.contains("5个新岗位符合您的订阅“帮厨”"),
        "{}",
        sent[0].text
    );
}

/// A deliverer kept for good follows the saved searches as they are saved, edited and deleted, and as
/// their accounts are suspended and restored, including changes committed out of order.
#[sqlx::test(migrations = "../server/migrations")]
async fn a_kept_deliverer_follows_every_change_to_the_searches(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 4, 1).await;
    let mut conn = pool.acquire().await.unwrap();
    let kitchen = SearchQuery {
        trade: TradeCode::parse("kitchen_helper"),
        ..SearchQuery::default()
    };
    let waiter = SearchQuery {
        trade: TradeCode::parse("waiter"),
        ..SearchQuery::default()
    };
    for &worker in &people[..3] {
        save_search(&mut conn, worker, "帮厨", &kitchen, AlertsBy::default())
            .await
            .unwrap();
    }
    let mut deliverer = Deliverer::new();
    deliverer.follow(&pool).await.unwrap();
    assert_eq!(deliverer.searches(), 3);

    // A change whose transaction began first and commits last: the deliverer reads in between.
    let mut late = pool.begin().await.unwrap();
    save_search(&mut late, people[3], "帮厨", &kitchen, AlertsBy::default())
        .await
        .unwrap();
    sqlx::query("UPDATE saved_searches SET trade_code = 'waiter' WHERE worker_id = $1")
        .bind(people[0])
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM saved_searches WHERE worker_id = $1")
        .bind(people[1])
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE accounts SET status = 'suspended', suspended_reason = '测试' WHERE worker_id = $1",
    )
    .bind(people[2])
    .execute(&pool)
    .await
    .unwrap();
    deliverer.follow(&pool).await.unwrap();
    late.commit().await.unwrap();
    save_search(&mut conn, people[1], "服务员", &waiter, AlertsBy::default())
        .await
        .unwrap();

    let publish = |trade: &'static str| {
        let pool = pool.clone();
        async move {
            let id = posting(
                &pool,
                P {
                    title: "招人",
                    trade,
                    start: "2099-01-01",
                    end: "2099-01-01",
                    ..BASE
                },
            )
            .await;
            let mut conn = pool.acquire().await.unwrap();
            alerts::queue(&mut conn, id).await.unwrap();
            id
        }
    };
    let kitchen_posting = publish("kitchen_helper").await;
    let waiter_posting = publish("waiter").await;
    crate::alerts::deliver_all(&mut deliverer, &pool)
        .await
        .unwrap();
    let account = |worker: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM accounts WHERE worker_id = $1")
                .bind(worker)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let expected = BTreeSet::from([
        (account(people[0]).await, waiter_posting),
        (account(people[1]).await, waiter_posting),
        (account(people[3]).await, kitchen_posting),
    ]);
    assert_eq!(told(&pool).await, expected);
    assert_eq!(told(&pool).await, recount(&pool).await);
    assert_eq!(deliverer.searches(), 3);

    // Restored, the suspended account is alerted again.
    sqlx::query(
        "UPDATE accounts SET status = 'active', suspended_reason = NULL WHERE worker_id = $1",
    )
    .bind(people[2])
    .execute(&pool)
    .await
    .unwrap();
    let again = publish("kitchen_helper").await;
    crate::alerts::deliver_all(&mut deliverer, &pool)
        .await
        .unwrap();
    let mut expected = expected;
    expected.insert((account(people[2]).await, again));
    expected.insert((account(people[3]).await, again));
    assert_eq!(told(&pool).await, expected);
}

/// What a notification names exists, as a foreign key would have it, without one: deleting a saved
/// search while a batch naming it is written waits for the batch, then lets its alerts go.
#[sqlx::test(migrations = "../server/migrations")]
async fn what_alerts_name_exists_and_deleting_it_waits_for_the_batch(pool: PgPool) {
    world(&pool).await;
    let people = workers(&pool, 2, 1).await;
    let mut conn = pool.acquire().await.unwrap();
    let kitchen = SearchQuery {
        trade: TradeCode::parse("kitchen_helper"),
        ..SearchQuery::default()
    };
    let mut searches = Vec::new();
    for &worker in &people {
        searches.push(
            save_search(&mut conn, worker, "帮厨", &kitchen, AlertsBy::default())
                .await
                .unwrap(),
        );
    }
    let account = |worker: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM accounts WHERE worker_id = $1")
                .bind(worker)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let accounts = [account(people[0]).await, account(people[1]).await];
    let posting_id = posting(
        &pool,
        P {
            title: "招人",
            trade: "kitchen_helper",
            start: "2099-01-01",
            end: "2099-01-01",
            ..BASE
        },
    )
    .await;

    // Nothing that does not exist can be named, and nothing named changes.
    let search = searches[0];
    let refused = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            let error = sqlx::query(sql)
                .bind(accounts[0])
                .bind(posting_id)
                .bind(search)
                .execute(&pool)
                .await
                .expect_err(sql);
            assert_eq!(
                error.as_database_error().and_then(|e| e.code()).as_deref(),
                Some("23503"),
                "{sql}: {error}"
            );
        }
    };
    refused(
        "INSERT INTO notifications (account_id, kind, posting_id, saved_search_id, alerted)
             SELECT $1 + 1000, 'alert_match', $2, $3, ARRAY[$2]",
    )
    .await;
    refused(
        "INSERT INTO notifications (account_id, kind, posting_id, saved_search_id, alerted)
             SELECT $1, 'alert_match', $2 + 1000, $3, ARRAY[$2]",
    )
    .await;
    refused(
        "INSERT INTO notifications (account_id, kind, posting_id, saved_search_id, alerted)
             SELECT $1, 'alert_match', $2, $3 + 1000, ARRAY[$2]",
    )
    .await;
    refused(
        "INSERT INTO notifications (account_id, kind, posting_id, title)
             SELECT $1 + 1000 + $2 * 0 + $3 * 0, 'posting_changed', $2, 't'",
    )
    .await;

    // A batch holds the alerts lock while it writes an alert of the first search.
    // A refused statement's error reaches its client a moment before its transaction lets go of the
    // lock it took.
    let mut batch = pool.begin().await.unwrap();
    let mut locked = false;
    for _ in 0..100 {
        locked = alerts::lock_delivery(&mut batch).await.unwrap();
        if locked {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(locked);
    let (ids, _) = alerts::insert_alerts(
        &mut batch,
        &[alerts::NewAlert {
            account_id: accounts[0],
            saved_search_id: Some(searches[0]),
            texted_search: None,
            postings: vec![posting_id],
        }],
    )
    .await
    .unwrap();
    let deleting = tokio::spawn({
        let pool = pool.clone();
        let search = searches[0];
        async move {
            sqlx::query("DELETE FROM saved_searches WHERE id = $1")
                .bind(search)
                .execute(&pool)
                .await
                .unwrap();
        }
    });
    let mut waiting = false;
    for _ in 0..100 {
        waiting = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if waiting {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(waiting, "deleting the search waits for the batch");
    assert!(!deleting.is_finished());
    batch.commit().await.unwrap();
    deleting.await.unwrap();
    // The alert is kept, naming no search, with the search's label.
    let (search, detail): (Option<i64>, String) =
        sqlx::query_as("SELECT saved_search_id, detail FROM notifications WHERE id = $1")
            .bind(ids[0])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((search, detail.as_str()), (None, "帮厨"));
    let feed = super::notifications::feed(&pool, accounts[0], 10)
        .await
        .unwrap();
    assert_eq!(feed.items[0].detail, "帮厨");
    refused("UPDATE notifications SET account_id = $1 + 1 + $2 * 0 + $3 * 0").await;

    // A text is about an alert that exists, and goes to its account.
    refused(
        "INSERT INTO text_outbox (account_id, notification_id, body)
             SELECT $1, (SELECT max(id) + 1000 FROM notifications) + $2 * 0 + $3 * 0, 'x'",
    )
    .await;
    refused(
        "INSERT INTO text_outbox (account_id, notification_id, body)
             SELECT $1 + 1, (SELECT max(id) FROM notifications WHERE account_id = $1) + $2 * 0 + $3 * 0, 'x'",
    )
    .await;

    // Deleting a worker deletes its account and so its notifications and their texts.
    let (texted, _) = alerts::insert_alerts(
        &mut conn,
        &[alerts::NewAlert {
            account_id: accounts[1],
            saved_search_id: Some(searches[1]),
            texted_search: None,
            postings: vec![posting_id],
        }],
    )
    .await
    .unwrap();
    sqlx::query("INSERT INTO text_outbox (account_id, notification_id, body) VALUES ($1, $2, 'x')")
        .bind(accounts[1])
        .bind(texted[0])
        .execute(&mut *conn)
        .await
        .unwrap();
    refused("UPDATE text_outbox SET account_id = $1 + $2 * 0 + $3 * 0").await;
    sqlx::query("DELETE FROM workers WHERE id = $1")
        .bind(people[1])
        .execute(&pool)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE account_id = $1")
        .bind(accounts[1])
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let texts: i64 = sqlx::query_scalar("SELECT count(*) FROM text_outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(texts, 0);
}

/// One instance leads the alerts at a time; another takes over once its connection is gone.
#[sqlx::test(migrations = "../server/migrations")]
async fn one_instance_leads_the_alerts(pool: PgPool) {
    let first = alerts::take_lead(&pool).await.unwrap();
    assert!(first.is_some());
    assert!(alerts::take_lead(&pool).await.unwrap().is_none());
    let mut first = first.unwrap();
    alerts::still_leading(&mut first).await.unwrap();
    drop(first);
    // The server notices the closed connection shortly after.
    let mut taken = None;
    for _ in 0..50 {
        taken = alerts::take_lead(&pool).await.unwrap();
        if taken.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(taken.is_some());
}

#[test]
fn texts_stay_short_whatever_was_typed() {
    let long = "很长的标题".repeat(12);
    for lang in ["zh", "en"] {
        for n in [1, 12] {
            let text = alerts::alert_text(lang, &long, &long, n);
            assert!(text.chars().count() <= 120, "{text}");
        }
    }
}

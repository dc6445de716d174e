//! Reads on streaming replicas, against real ones: `.ci/test` starts two replicas of the test cluster
//! (`ensure_local_replica`), one replaying as soon as it can and one 5 s behind
//! (`recovery_min_apply_delay`), and names them in `LINGONG_TEST_REPLICA_URL` and
//! `LINGONG_TEST_LAGGING_REPLICA_URL` (server URLs without a database: each test reads its own
//! database, which the replicas get from the primary like everything else).
//!
//! Checked here: the public's reads go to a replica and writes to the primary; whoever has just
//! written sees the change on the next page although the replica has not replayed it yet, while
//! others see the replica's older page; a board told of a change waits for a replica that has it; a
//! replica too far behind, or gone, is taken out (reads on the primary, `/healthz` says so) and comes
//! back by itself.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::db::replicas::{ReplicaSettings, ReplicaState, Replicas};
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::test_harness::*;

/// The replica server named by `variable`; None (the test is skipped, said on stderr) on a developer's
/// machine without one, but never in CI, where `.ci/test` always starts them.
fn replica_server(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(url) if !url.trim().is_empty() => Some(url.trim_end_matches('/').to_owned()),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{variable} must be set in CI: .ci/test starts the replicas"
            );
            eprintln!("skipped: {variable} is not set (bash .ci/test starts the replicas)");
            None
        }
    }
}

/// A pool on the replica `server` for this test's database, once the replica has it (the lagging one
/// gets a new database 5 s after the primary).
async fn replica_pool(server: &str, primary: &PgPool) -> PgPool {
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(primary)
        .await
        .expect("database name");
    let url = format!("{server}/{database}");
    for _ in 0..300 {
        if let Ok(pool) = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(2))
            .connect(&url)
            .await
        {
            return pool;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the replica at {server} never had the database {database}");
}

async fn in_recovery(pool: &PgPool) -> bool {
    sqlx::query_scalar("SELECT pg_is_in_recovery()")
        .fetch_one(pool)
        .await
        .expect("pg_is_in_recovery")
}

/// Checks the replicas until `replica` is in `state` (checking every 100 ms, for up to 30 s).
async fn until_state(replicas: &Replicas, replica: &str, state: ReplicaState) {
    for _ in 0..300 {
        replicas.check_now().await;
        if replicas
            .health()
            .iter()
            .any(|h| h.name == replica && h.state == state)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{replica} never became {state:?}: {:?}", replicas.health());
}

/// Waits until every replica in use has replayed everything the primary has now.
async fn until_caught_up(replicas: &Replicas, primary: &PgPool) {
    let now = replicas
        .primary_position()
        .await
        .expect("position")
        .expect("replicas");
    let reader = replicas
        .caught_up(primary, now, Duration::from_secs(30))
        .await;
    assert!(in_recovery(&reader).await, "no replica caught up");
}

fn settings(max_lag: Duration) -> ReplicaSettings {
    ReplicaSettings {
        max_lag,
        check_every: Duration::from_millis(100),
    }
}

fn name_of(server: &str) -> String {
    let options: sqlx::postgres::PgConnectOptions = server.parse().expect("replica URL");
    format!("{}:{}", options.get_host(), options.get_port())
}

/// An open posting of the world's employer, in 鼓楼, titled `title`.
async fn posting(pool: &PgPool, employer_account: i64, title: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode,
                               district_adcode, pay_cents, pay_unit, start_date, end_date,
                               shift_minutes, headcount, status)
         SELECT employer_id, 'waiter', $2, '中山路5号', ST_SetSRID(ST_MakePoint(118.78, 32.06), 4326),
                320100, 320106, 18000, 'day', '2099-01-01', '2099-01-02', 480, 2, 'open'
           FROM accounts WHERE id = $1
         RETURNING id",
    )
    .bind(employer_account)
    .bind(title)
    .fetch_one(pool)
    .await
    .expect("posting")
}

fn edit(id: i64, title: &str) -> String {
    json!({ "id": id, "publish": true, "form": {
        "trade": "waiter", "title": title, "description": "", "requirements": "",
        "address": "中山路5号", "location": { "lng": 118.78, "lat": 32.06 }, "market": null,
        "pay_cents": 18000, "pay_unit": "day", "start_date": "2099-01-01", "end_date": "2099-01-02",
        "shift_minutes": 480, "start_time": "07:30:00", "pay_terms": "daily", "headcount": 2, "tags": [],
        "contact": "platform" } })
    .to_string()
}

/// The posting's page as `cookies` (none: a visitor who has written nothing) see it.
async fn page(router: &axum::Router, id: i64, cookies: &str) -> String {
    let mut headers = vec![("accept", "text/html")];
    if !cookies.is_empty() {
        headers.push(("cookie", cookies));
    }
    let (status, _, body) =
        request(router, Method::GET, &format!("/postings/{id}"), &headers).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[sqlx::test(migrations = "./migrations")]
async fn the_public_reads_a_replica_and_a_writer_sees_their_own_change(pool: PgPool) {
    let Some(lagging) = replica_server("LINGONG_TEST_LAGGING_REPLICA_URL") else {
        return;
    };
    let w = world(&pool).await;
    let id = posting(&pool, w.account("employer"), "早班服务员").await;
    let replica = replica_pool(&lagging, &pool).await;
    // A limit far above the replica's 5 s, so that it stays in use throughout.
    let replicas = Replicas::new(
        pool.clone(),
        vec![(name_of(&lagging), replica.clone())],
        settings(Duration::from_secs(120)),
    );
    until_state(&replicas, &name_of(&lagging), ReplicaState::InUse).await;
    until_caught_up(&replicas, &pool).await;
    let router = router_with_replicas(&pool, replicas.clone());
    assert!(page(&router, id, "").await.contains("早班服务员"));

    // The employer renames it: the write goes to the primary (a replica refuses writes) and the
    // answer marks the writer's position.
    let session = session_for(&pool, w.account("employer")).await;
    let csrf = "c".repeat(64);
    let cookies = format!("lingong_csrf={csrf}; lingong_session={session}");
    let (status, headers, body) = request_with_body(
        &router,
        Method::POST,
        "/api/employer/save-posting",
        &[
            ("cookie", &cookies),
            ("x-csrf-token", &csrf),
            ("content-type", "application/json"),
            ("accept", "application/json"),
        ],
        Body::from(edit(id, "晚班服务员")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let wrote = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("lingong_wrote="))
        .and_then(|c| c.split(';').next())
        .expect("the write is marked")
        .to_owned();

    // The writer's next page shows the new title at once; a visitor's, read on the replica 5 s
    // behind, still the old one.
    let writer = format!("{cookies}; lingong_wrote={wrote}");
    assert!(
        page(&router, id, &writer).await.contains("晚班服务员"),
        "the writer sees their change"
    );
    let visitor = page(&router, id, "").await;
    assert!(
        visitor.contains("早班服务员") && !visitor.contains("晚班服务员"),
        "the visitor read the lagging replica"
    );
    // A mark further than anything replayed sends reads to the primary; a nonsense one is ignored.
    assert!(page(&router, id, "lingong_wrote=9223372036854775807")
        .await
        .contains("晚班服务员"));
    assert!(page(&router, id, "lingong_wrote=x")
        .await
        .contains("早班服务员"));

    // The replica replays the change; then everyone's reads get it there.
    until_caught_up(&replicas, &pool).await;
    assert!(page(&router, id, "").await.contains("晚班服务员"));
    assert!(
        in_recovery(&replicas.for_reading(&pool, None)).await,
        "reads go to the replica"
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn a_board_told_of_a_change_reads_a_replica_that_has_it(pool: PgPool) {
    let Some(lagging) = replica_server("LINGONG_TEST_LAGGING_REPLICA_URL") else {
        return;
    };
    let w = world(&pool).await;
    let replica = replica_pool(&lagging, &pool).await;
    let replicas = Replicas::new(
        pool.clone(),
        vec![(name_of(&lagging), replica)],
        settings(Duration::from_secs(120)),
    );
    until_state(&replicas, &name_of(&lagging), ReplicaState::InUse).await;
    until_caught_up(&replicas, &pool).await;
    let id = posting(&pool, w.account("employer"), "看板上的帮厨").await;
    let after = replicas
        .primary_position()
        .await
        .expect("position")
        .expect("replicas");
    // Not willing to wait 5 s: the primary.
    let quick = replicas
        .caught_up(&pool, after, Duration::from_millis(300))
        .await;
    assert!(!in_recovery(&quick).await);
    // Willing to: the replica, once it has the posting.
    let patient = replicas
        .caught_up(&pool, after, Duration::from_secs(30))
        .await;
    assert!(in_recovery(&patient).await);
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM postings WHERE id = $1")
        .bind(id)
        .fetch_one(&patient)
        .await
        .expect("read on the replica");
    assert_eq!(seen, 1);
}

/// Forwards connections to `to` while open; closing it cuts every connection through it and refuses
/// new ones, as a replica's server going away would.
async fn gate(to: SocketAddr) -> (SocketAddr, Arc<watch::Sender<bool>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let at = listener.local_addr().expect("address");
    let open = Arc::new(watch::channel(true).0);
    let state = open.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            if !*state.borrow() {
                continue;
            }
            let mut closed = state.subscribe();
            tokio::spawn(async move {
                let Ok(mut outbound) = TcpStream::connect(to).await else {
                    return;
                };
                tokio::select! {
                    _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                    _ = closed.wait_for(|open| !*open) => {}
                }
            });
        }
    });
    (at, open)
}

#[sqlx::test(migrations = "./migrations")]
async fn a_replica_too_far_behind_or_gone_is_taken_out_and_comes_back(pool: PgPool) {
    let (Some(plain), Some(lagging)) = (
        replica_server("LINGONG_TEST_REPLICA_URL"),
        replica_server("LINGONG_TEST_LAGGING_REPLICA_URL"),
    ) else {
        return;
    };
    let w = world(&pool).await;
    let id = posting(&pool, w.account("employer"), "早班服务员").await;
    // The plain replica behind a gate the test opens and closes.
    let plain_options: sqlx::postgres::PgConnectOptions = plain.parse().expect("URL");
    let (gate_at, gate_open) = gate(
        format!("{}:{}", plain_options.get_host(), plain_options.get_port())
            .parse()
            .expect("address"),
    )
    .await;
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&pool)
        .await
        .expect("database");
    let _ = replica_pool(&plain, &pool).await;
    let gated = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(1))
        .connect_lazy_with(
            plain_options
                .clone()
                .host("127.0.0.1")
                .port(gate_at.port())
                .database(&database),
        );
    let lagging_pool = replica_pool(&lagging, &pool).await;
    let (gated_name, lagging_name) = (format!("127.0.0.1:{}", gate_at.port()), name_of(&lagging));
    // A limit of 1 s: the replica 5 s behind is taken out by any write.
    let replicas = Replicas::new(
        pool.clone(),
        vec![
            (gated_name.clone(), gated),
            (lagging_name.clone(), lagging_pool),
            ("127.0.0.1:1".to_owned(), {
                let nowhere: sqlx::postgres::PgConnectOptions =
                    "postgres://lingong:lingong@127.0.0.1:1/none"
                        .parse()
                        .expect("URL");
                PgPoolOptions::new()
                    .acquire_timeout(Duration::from_millis(500))
                    .connect_lazy_with(nowhere)
            }),
        ],
        settings(Duration::from_secs(1)),
    );
    let router = router_with_replicas(&pool, replicas.clone());
    until_state(&replicas, &gated_name, ReplicaState::InUse).await;
    until_state(&replicas, "127.0.0.1:1", ReplicaState::Unreachable).await;

    // A write the lagging replica will not have for 5 s, and more every 200 ms: it is taken out within
    // about a second, and stays out while the writes go on.
    sqlx::query("UPDATE postings SET title = '晚班服务员' WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .expect("write");
    let writing = {
        let pool = pool.clone();
        tokio::spawn(async move {
            loop {
                let _ = sqlx::query("UPDATE postings SET headcount = headcount WHERE id = $1")
                    .bind(id)
                    .execute(&pool)
                    .await;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    until_state(&replicas, &lagging_name, ReplicaState::Lagging).await;

    // The plain replica goes away: taken out, and every read goes to the primary, which has the
    // change (the lagging replica, out, would not).
    gate_open.send_replace(false);
    until_state(&replicas, &gated_name, ReplicaState::Unreachable).await;
    for _ in 0..5 {
        assert!(!in_recovery(&replicas.for_reading(&pool, None)).await);
        assert!(page(&router, id, "").await.contains("晚班服务员"));
    }
    let (status, _, body) = request(&router, Method::GET, "/healthz", &[]).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a replica out is not the instance down: {body}"
    );
    let health: Value = serde_json::from_str(&body).expect("JSON");
    let state_of = |name: &str| {
        health["replicas"]
            .as_array()
            .and_then(|all| all.iter().find(|r| r["name"] == name))
            .map(|r| r["state"].clone())
    };
    assert_eq!(health["database"], "ok", "{health}");
    assert_eq!(
        state_of(&gated_name),
        Some(json!("unreachable")),
        "{health}"
    );
    assert_eq!(
        state_of("127.0.0.1:1"),
        Some(json!("unreachable")),
        "{health}"
    );
    assert_eq!(state_of(&lagging_name), Some(json!("lagging")), "{health}");
    assert!(
        !body.contains("lingong:lingong"),
        "no password in the health report"
    );

    // Back: the plain replica is taken into use again by itself.
    gate_open.send_replace(true);
    until_state(&replicas, &gated_name, ReplicaState::InUse).await;
    assert!(in_recovery(&replicas.for_reading(&pool, None)).await);
    writing.abort();
}

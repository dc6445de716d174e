//! Organisation teams over HTTP: who may see and change a team, an invitation's life (sent, accepted
//! or declined or withdrawn, once), members managing the organisation's postings until removed, the
//! last owner staying, and every change audited.

use app::auth::sms::MemorySms;
use axum::http::StatusCode;
use axum::Router;
use serde_json::Value;
use sqlx::PgPool;

use crate::test_harness::*;

/// The world's employer's organisation.
async fn organisation(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT employer_id FROM accounts WHERE phone = '13900000002'")
        .fetch_one(pool)
        .await
        .expect("organisation")
}

/// An employer account with no organisation, for `phone`.
async fn employer_account(pool: &PgPool, phone: &str) -> i64 {
    let mut c = pool.acquire().await.expect("connection");
    app::db::accounts::create_employer_account(&mut c, phone)
        .await
        .expect("employer account")
}

/// An invitation of the world's organisation to `phone`, as its owner sent it; its id.
async fn invitation(pool: &PgPool, phone: &str, role: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO team_invitations (employer_id, phone, role, invited_by)
         SELECT employer_id, $1, $2, id FROM accounts WHERE phone = '13900000002' RETURNING id",
    )
    .bind(phone)
    .bind(role)
    .fetch_one(pool)
    .await
    .expect("invitation")
}

async fn post(router: &Router, session: &str, path: &str, body: &str) -> (StatusCode, String) {
    send(router, &form(path, body), Some(session), Csrf::Header).await
}

#[sqlx::test(migrations = "./migrations")]
async fn team_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let mut failures = Vec::new();
    // Columns: anonymous, worker, employer (an owner), new employer (no organisation), market staff,
    // district staff, other district staff, city staff, province staff, admin.
    for (call, expected) in [
        (form("/api/team/get", ""), "U-YY------"),
        (form("/api/team/invitations", ""), "U-YY------"),
        (
            form("/api/team/invite", "phone=13800000077&role=member"),
            "U-Y-------",
        ),
    ] {
        check_row(&pool, &router, &w, &call, expected, &mut failures).await;
    }
    for (who, want) in w.callers.iter().zip("U-Y-------".chars()) {
        let id = invitation(&pool, &format!("1370000{:04}", id_of(who)), "member").await;
        let call = form("/api/team/withdraw", &format!("id={id}"));
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT status = 'withdrawn' FROM team_invitations WHERE id = $1",
            id,
            &mut failures,
        )
        .await;
    }
    let employer_id = organisation(&pool).await;
    for (who, want) in w.callers.iter().zip("U-Y-------".chars()) {
        let colleague = employer_account(&pool, &format!("1360000{:04}", id_of(who))).await;
        sqlx::query("UPDATE accounts SET employer_id = $2, team_role = 'member' WHERE id = $1")
            .bind(colleague)
            .bind(employer_id)
            .execute(&pool)
            .await
            .expect("member");
        let call = form("/api/team/remove", &format!("account_id={colleague}"));
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT employer_id IS NULL FROM accounts WHERE id = $1",
            colleague,
            &mut failures,
        )
        .await;
    }
    // Answering: an invitation to the new employer's number, which only they may answer (to others
    // of the role it is not theirs, and is not found).
    for (who, want) in w.callers.iter().zip("U-NY------".chars()) {
        sqlx::query("UPDATE team_invitations SET status = 'withdrawn', decided_at = now() WHERE status = 'pending'")
            .execute(&pool)
            .await
            .expect("clear");
        let id = invitation(&pool, "13900000003", "member").await;
        let call = form("/api/team/answer", &format!("id={id}&accept=false"));
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT status = 'declined' FROM team_invitations WHERE id = $1",
            id,
            &mut failures,
        )
        .await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A number per caller, for numbers of their own.
fn id_of(who: &(&str, Option<i64>)) -> i64 {
    who.1.unwrap_or(0) % 10_000
}

#[sqlx::test(migrations = "./migrations")]
async fn a_colleague_joins_manages_postings_and_is_removed(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let owner = session_for(&pool, w.account("employer")).await;
    let posting = market_posting(&pool, "团队的帮厨").await;
    let colleague = employer_account(&pool, "13700001111").await;
    let colleague_session = session_for(&pool, colleague).await;

    // Bad input changes nothing.
    for (body, expected) in [
        ("phone=12345&role=member", "phone"),
        ("phone=13700001111&role=boss", "role"),
        ("phone=13900000002&role=member", "already_member"),
    ] {
        expect_refused(&router, &owner, "/api/team/invite", body, expected).await;
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM team_invitations").await,
        0
    );

    // The owner invites; inviting again is answered "already invited".
    let (status, body) = post(
        &router,
        &owner,
        "/api/team/invite",
        "phone=137%200000%201111&role=member",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    expect_refused(
        &router,
        &owner,
        "/api/team/invite",
        "phone=13700001111&role=owner",
        "already_invited",
    )
    .await;
    let (_, team) = post(&router, &owner, "/api/team/get", "").await;
    let team: Value = serde_json::from_str(&team).expect("json");
    assert_eq!(team["your_role"], "owner");
    assert_eq!(
        team["invitations"][0]["phone"], "13700001111",
        "owners see the number they invited"
    );

    // Before joining, the colleague cannot touch the organisation's postings.
    let (status, _) = post(&router, &colleague_session, "/api/employer/postings", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, received) = post(&router, &colleague_session, "/api/team/invitations", "").await;
    let received: Value = serde_json::from_str(&received).expect("json");
    assert_eq!(received[0]["organisation"], "南京测试餐饮有限公司");
    let id = received[0]["id"].as_i64().expect("id");
    let (status, body) = post(
        &router,
        &colleague_session,
        "/api/team/answer",
        &format!("id={id}&accept=true"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Answered once.
    expect_refused(
        &router,
        &colleague_session,
        "/api/team/answer",
        &format!("id={id}&accept=false"),
        "invitation_decided",
    )
    .await;

    // A member manages the postings and applicants …
    let (status, body) = post(&router, &colleague_session, "/api/employer/postings", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("团队的帮厨"), "{body}");
    let (status, body) = post(
        &router,
        &colleague_session,
        "/api/employer/set-status",
        &format!("id={posting}&status=paused"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // … sees the team with colleagues' numbers masked, and may not invite or remove.
    let (_, team) = post(&router, &colleague_session, "/api/team/get", "").await;
    let team: Value = serde_json::from_str(&team).expect("json");
    assert_eq!(team["your_role"], "member");
    assert_eq!(team["members"].as_array().expect("members").len(), 2);
    assert_eq!(team["members"][0]["phone"], "139****0002");
    assert_eq!(team["invitations"], serde_json::json!([]));
    let (status, _) = post(
        &router,
        &colleague_session,
        "/api/team/invite",
        "phone=13700002222&role=member",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &router,
        &colleague_session,
        "/api/team/remove",
        &format!("account_id={}", w.account("employer")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The last owner stays: leaving is refused while a member remains.
    expect_refused(
        &router,
        &owner,
        "/api/team/remove",
        &format!("account_id={}", w.account("employer")),
        "last_owner",
    )
    .await;

    // Removed, the colleague is out at once.
    let (status, body) = post(
        &router,
        &owner,
        "/api/team/remove",
        &format!("account_id={colleague}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = post(&router, &colleague_session, "/api/employer/postings", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &router,
        &colleague_session,
        "/api/employer/set-status",
        &format!("id={posting}&status=open"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Every change audited.
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action IN ('invite_to_team', 'answer_team_invitation', 'remove_from_team')"
        )
        .await,
        3
    );
    // What the database enforces whatever the code does.
    let refused = sqlx::query("UPDATE team_invitations SET status = 'pending', decided_at = NULL")
        .execute(&pool)
        .await
        .expect_err("decided once");
    assert!(refused.to_string().contains("decided once"), "{refused}");
    let refused =
        sqlx::query("UPDATE accounts SET team_role = 'member' WHERE phone = '13900000002'")
            .execute(&pool)
            .await
            .expect_err("the last owner stays one");
    assert!(refused.to_string().contains("keeps an owner"), "{refused}");
}

#[sqlx::test(migrations = "./migrations")]
async fn invitations_are_decided_once_whoever_answers_at_once(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let owner = session_for(&pool, w.account("employer")).await;
    let invitee = employer_account(&pool, "13700003333").await;
    let invitee_session = session_for(&pool, invitee).await;

    // The owner withdraws while the invitee accepts: one of them wins, and the account's organisation
    // agrees with the invitation's outcome.
    for round in 0..4 {
        sqlx::query("UPDATE accounts SET employer_id = NULL WHERE id = $1")
            .bind(invitee)
            .execute(&pool)
            .await
            .expect("reset");
        let id = invitation(&pool, "13700003333", "member").await;
        let withdraw = form("/api/team/withdraw", &format!("id={id}"));
        let accept = form("/api/team/answer", &format!("id={id}&accept=true"));
        let (a, b) = futures::join!(
            send(&router, &withdraw, Some(&owner), Csrf::Header),
            send(&router, &accept, Some(&invitee_session), Csrf::Header),
        );
        let wins = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(wins, 1, "round {round}: {a:?} {b:?}");
        let (status, joined): (String, bool) = sqlx::query_as(
            "SELECT i.status, a.employer_id IS NOT NULL FROM team_invitations i, accounts a
              WHERE i.id = $1 AND a.id = $2",
        )
        .bind(id)
        .bind(invitee)
        .fetch_one(&pool)
        .await
        .expect("outcome");
        assert_eq!((status == "accepted"), joined, "round {round}");
    }

    // Two organisations invite the same person, who accepts both at once: one organisation.
    sqlx::query("UPDATE accounts SET employer_id = NULL WHERE id = $1")
        .bind(invitee)
        .execute(&pool)
        .await
        .expect("reset");
    let other = employer_account(&pool, "13700004444").await;
    let other_org: i64 = sqlx::query_scalar(
        "WITH e AS (INSERT INTO employers (credit_code, name, city_adcode) VALUES ('91320100MA1X00002F', '另一家单位', 320100) RETURNING id)
         UPDATE accounts SET employer_id = (SELECT id FROM e) WHERE id = $1 RETURNING employer_id",
    )
    .bind(other)
    .fetch_one(&pool)
    .await
    .expect("another organisation");
    let first = invitation(&pool, "13700003333", "owner").await;
    let second: i64 = sqlx::query_scalar(
        "INSERT INTO team_invitations (employer_id, phone, role, invited_by) VALUES ($1, '13700003333', 'member', $2) RETURNING id",
    )
    .bind(other_org)
    .bind(other)
    .fetch_one(&pool)
    .await
    .expect("second invitation");
    let answers = futures::future::join_all([first, second].map(|id| {
        let call = form("/api/team/answer", &format!("id={id}&accept=true"));
        let (router, session) = (router.clone(), invitee_session.clone());
        async move { send(&router, &call, Some(&session), Csrf::Header).await }
    }))
    .await;
    let mut statuses: Vec<u16> = answers.iter().map(|(s, _)| s.as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{answers:?}");
    assert_eq!(
        count(&pool, &format!("SELECT count(*) FROM team_invitations WHERE id IN ({first}, {second}) AND status = 'accepted'")).await,
        1
    );

    // Two owners removing each other at once (and nobody else an owner): the organisation keeps one.
    sqlx::query("UPDATE accounts SET employer_id = NULL WHERE id = $1")
        .bind(invitee)
        .execute(&pool)
        .await
        .expect("the invitee leaves");
    let employer_id = organisation(&pool).await;
    let second_owner = employer_account(&pool, "13700005555").await;
    sqlx::query("UPDATE accounts SET employer_id = $2, team_role = 'owner' WHERE id = $1")
        .bind(second_owner)
        .bind(employer_id)
        .execute(&pool)
        .await
        .expect("second owner");
    let second_session = session_for(&pool, second_owner).await;
    let owner_id = w.account("employer");
    let remove_second = form("/api/team/remove", &format!("account_id={second_owner}"));
    let remove_first = form("/api/team/remove", &format!("account_id={owner_id}"));
    let (a, b) = futures::join!(
        send(&router, &remove_second, Some(&owner), Csrf::Header),
        send(&router, &remove_first, Some(&second_session), Csrf::Header),
    );
    let wins = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(wins, 1, "{a:?} {b:?}");
    assert_eq!(
        count(&pool, &format!("SELECT count(*) FROM accounts WHERE employer_id = {employer_id} AND team_role = 'owner'")).await,
        1
    );
}

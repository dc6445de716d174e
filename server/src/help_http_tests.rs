//! Graded help (困难零工帮扶) through the real router against real PostgreSQL: who keeps cases and who
//! only reads their own, bad input, the case's life under requests at the same moment, audited reads,
//! placements on the board, and deletion with consent withdrawn or the account gone.

use app::auth::sms::MemorySms;
use sqlx::PgPool;

use crate::test_harness::*;

/// The worker the cases are about: 13900000009, living in 鼓楼.
const HELPED: &str = "13900000009";

async fn helped_worker(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT id FROM workers WHERE phone = $1")
        .bind(HELPED)
        .fetch_one(pool)
        .await
        .expect("worker")
}

/// A case of the helped worker, after removing any other: open (consent in person) or awaiting.
async fn case(pool: &PgPool, status: &str) -> i64 {
    let worker = helped_worker(pool).await;
    sqlx::query("DELETE FROM help_cases")
        .execute(pool)
        .await
        .expect("clear");
    let (method, consent) = match status {
        "open" => ("in_person", "now()"),
        _ => ("online", "NULL"),
    };
    sqlx::query_scalar(&format!(
        "INSERT INTO help_cases (worker_id, city_adcode, district_adcode, reasons, status, consent_method, consent_at)
         VALUES ($1, 320100, 320106, '{{long_wait,older_age}}', $2, $3, {consent}) RETURNING id"
    ))
    .bind(worker)
    .bind(status)
    .bind(method)
    .fetch_one(pool)
    .await
    .expect("case")
}

/// The helped worker's account (not one of the matrix's callers).
async fn helped_account(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT id FROM accounts WHERE phone = $1")
        .bind(HELPED)
        .fetch_one(pool)
        .await
        .expect("account")
}

async fn helped_session(pool: &PgPool) -> String {
    session_for(pool, helped_account(pool).await).await
}

#[sqlx::test(migrations = "./migrations")]
async fn help_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let worker = helped_worker(&pool).await;
    let mut failures = Vec::new();

    // Columns as in `access_matrix_over_http`. Reading: the list (own scope), one case of 鼓楼.
    let id = case(&pool, "open").await;
    for (call, expected) in [
        (form("/api/help/cases", ""), "U----YYYY-"),
        (form("/api/help/case", &format!("id={id}")), "U----Y-YY-"),
        (form("/api/help/mine", ""), "UY--------"),
    ] {
        check_row(&pool, &router, &w, &call, expected, &mut failures).await;
    }

    // Opening a case for the 鼓楼 worker: each caller from no case.
    let open = form(
        "/api/help/open",
        &format!("phone={HELPED}&reasons%5B%5D=long_wait&consent=in_person"),
    );
    for (who, want) in w.callers.iter().zip("U----Y-YY-".chars()) {
        sqlx::query("DELETE FROM help_cases")
            .execute(&pool)
            .await
            .expect("clear");
        let exists = "SELECT EXISTS (SELECT 1 FROM help_cases WHERE worker_id = $1)";
        check_once(
            &pool,
            &router,
            who,
            want,
            &open,
            exists,
            worker,
            &mut failures,
        )
        .await;
    }

    // A follow-up and closing: a fresh open case each.
    for (path, body, changed) in [
        (
            "/api/help/follow-up",
            "kind=call&note=%E7%94%B5%E8%AF%9D%E5%9B%9E%E8%AE%BF",
            "SELECT EXISTS (SELECT 1 FROM help_followups WHERE case_id = $1)",
        ),
        (
            "/api/help/close",
            "outcome=placed",
            "SELECT status = 'closed' FROM help_cases WHERE id = $1",
        ),
    ] {
        for (who, want) in w.callers.iter().zip("U----Y-YY-".chars()) {
            let id = case(&pool, "open").await;
            let call = form(path, &format!("case_id={id}&{body}"));
            check_once(&pool, &router, who, want, &call, changed, id, &mut failures).await;
        }
    }

    // Answering and withdrawing: only the worker the case is about. The matrix's worker is another
    // worker, told there is no such case (N); the helped worker, added as a last column, may.
    let helped = ("the helped worker", Some(helped_account(&pool).await));
    for (path, body, changed) in [
        (
            "/api/help/answer",
            "agree=true",
            "SELECT COALESCE((SELECT status = 'open' FROM help_cases WHERE id = $1), false)",
        ),
        (
            "/api/help/withdraw",
            "",
            "SELECT NOT EXISTS (SELECT 1 FROM help_cases WHERE id = $1)",
        ),
    ] {
        for (who, want) in w.callers.iter().chain([&helped]).zip("UN--------Y".chars()) {
            let id = case(&pool, "awaiting_consent").await;
            let call = form(path, &format!("case_id={id}&{body}"));
            check_once(&pool, &router, who, want, &call, changed, id, &mut failures).await;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Bad input is refused with the field or the reason, and nothing is stored.
#[sqlx::test(migrations = "./migrations")]
async fn bad_help_input_is_refused_and_changes_nothing(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let staff = session_for(&pool, w.account("district staff")).await;
    for (body, expected) in [
        (format!("phone={HELPED}&consent=in_person"), "help_reasons"),
        (
            format!("phone={HELPED}&reasons%5B%5D=lazy&consent=in_person"),
            "help_reasons",
        ),
        (
            format!("phone={HELPED}&reasons%5B%5D=long_wait&consent=assumed"),
            "consent",
        ),
        (
            "phone=12345&reasons%5B%5D=long_wait&consent=in_person".to_owned(),
            "phone",
        ),
        (
            "phone=13912345670&reasons%5B%5D=long_wait&consent=in_person".to_owned(),
            "help_no_worker",
        ),
    ] {
        expect_refused(&router, &staff, "/api/help/open", &body, expected).await;
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM help_cases").await,
        0,
        "a refused case was stored"
    );

    let closed = market_posting(&pool, "鼓楼已招满的岗位").await;
    sqlx::query("UPDATE postings SET status = 'closed' WHERE id = $1")
        .bind(closed)
        .execute(&pool)
        .await
        .expect("closed");
    let id = case(&pool, "open").await;
    let long = "很".repeat(501);
    for (body, expected) in [
        ("kind=call".to_owned(), "help_note"),
        ("kind=phone_call&note=%E5%9B%9E%E8%AE%BF".to_owned(), "kind"),
        (format!("kind=call&note={long}"), "help_note"),
        ("kind=referral&posting=abc".to_owned(), "posting"),
        (
            "kind=call&posting=12&note=%E5%9B%9E%E8%AE%BF".to_owned(),
            "posting",
        ),
        (
            format!("kind=referral&posting={closed}"),
            "help_posting_closed",
        ),
    ] {
        let body = format!("case_id={id}&{body}");
        expect_refused(&router, &staff, "/api/help/follow-up", &body, expected).await;
    }
    let body = format!("case_id={id}&outcome=vanished");
    expect_refused(&router, &staff, "/api/help/close", &body, "outcome").await;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM help_followups").await,
        0,
        "a refused follow-up was stored"
    );

    // Awaiting consent: nothing is recorded until the worker agrees; forged cases are not found.
    let awaiting = case(&pool, "awaiting_consent").await;
    for (path, body, expected) in [
        (
            "/api/help/follow-up",
            format!("case_id={awaiting}&kind=call&note=%E5%9B%9E%E8%AE%BF"),
            "help_case_not_open",
        ),
        (
            "/api/help/close",
            format!("case_id={awaiting}&outcome=placed"),
            "help_case_not_open",
        ),
        ("/api/help/case", "id=987654321".to_owned(), "notfound"),
    ] {
        expect_refused(&router, &staff, path, &body, expected).await;
    }

    // The database holds the case's life whatever path a change takes.
    for (what, sql) in [
        ("open without consent", "UPDATE help_cases SET status = 'open' WHERE id = $1"),
        ("closed while awaiting", "UPDATE help_cases SET status = 'closed', outcome = 'placed', closed_at = now() WHERE id = $1"),
        ("moved to another district", "UPDATE help_cases SET district_adcode = 320115 WHERE id = $1"),
        ("a follow-up while awaiting", "INSERT INTO help_followups (case_id, kind, note) VALUES ($1, 'call', '回访')"),
    ] {
        let refused = sqlx::query(sql).bind(awaiting).execute(&pool).await;
        assert!(refused.is_err(), "{what} was allowed");
    }
}

/// The life of a case under requests at the same moment: one case per worker however many staff open
/// one; one answer however many taps; one closing.
#[sqlx::test(migrations = "./migrations")]
async fn a_case_is_opened_answered_and_closed_once_however_many_ask_at_once(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let sessions = [
        session_for(&pool, w.account("district staff")).await,
        session_for(&pool, w.account("city staff")).await,
        session_for(&pool, w.account("province staff")).await,
    ];
    let open = form(
        "/api/help/open",
        &format!("phone={HELPED}&reasons%5B%5D=low_income&consent=online"),
    );
    let answers = futures::future::join_all(
        (0..9).map(|i| send(&router, &open, Some(&sessions[i % 3]), Csrf::Header)),
    )
    .await;
    let opened = answers.iter().filter(|(s, _)| s.is_success()).count();
    let refused = answers
        .iter()
        .filter(|(s, a)| s.as_u16() == 409 && a.contains("help_case_exists"))
        .count();
    assert_eq!((opened, refused), (1, 8), "{answers:?}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM help_cases")
        .fetch_one(&pool)
        .await
        .expect("one case");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'help_offered'"
        )
        .await,
        1,
        "the worker is asked once"
    );

    let worker = helped_session(&pool).await;
    let agree = form("/api/help/answer", &format!("case_id={id}&agree=true"));
    let answers = futures::future::join_all(
        (0..6).map(|_| send(&router, &agree, Some(&worker), Csrf::Header)),
    )
    .await;
    assert_eq!(
        answers.iter().filter(|(s, _)| s.is_success()).count(),
        1,
        "{answers:?}"
    );
    let consented: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'consent_help_case' AND subject_id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .expect("audit");
    assert_eq!(consented, 1);

    let close = form("/api/help/close", &format!("case_id={id}&outcome=placed"));
    let answers = futures::future::join_all(
        (0..6).map(|i| send(&router, &close, Some(&sessions[i % 3]), Csrf::Header)),
    )
    .await;
    assert_eq!(
        answers.iter().filter(|(s, _)| s.is_success()).count(),
        1,
        "{answers:?}"
    );
    let final_state: (String, String) =
        sqlx::query_as("SELECT status, outcome FROM help_cases WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("closed");
    assert_eq!(final_state, ("closed".to_owned(), "placed".to_owned()));
    let reopened = sqlx::query(
        "UPDATE help_cases SET status = 'open', outcome = NULL, closed_at = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(&pool)
    .await;
    assert!(reopened.is_err(), "a closed case was reopened");
}

/// A case is read with an audit entry each time; a referral tells the worker; a place the worker gets
/// counts on the board; withdrawing consent deletes the case, and so does deleting the account.
#[sqlx::test(migrations = "./migrations")]
async fn reads_are_audited_placements_count_and_the_case_goes_with_consent(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let staff = session_for(&pool, w.account("district staff")).await;
    let id = case(&pool, "open").await;
    for _ in 0..2 {
        let (status, answer) = send(
            &router,
            &form("/api/help/case", &format!("id={id}")),
            Some(&staff),
            Csrf::Header,
        )
        .await;
        assert!(
            status.is_success() && answer.contains(HELPED),
            "{status} {answer}"
        );
    }
    let reads: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'read_help_case' AND subject_id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .expect("reads");
    assert_eq!(reads, 2, "every read is audited");
    let (status, answer) = send(
        &router,
        &form("/api/help/cases", ""),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    assert!(
        status.is_success() && answer.contains("139****0009") && !answer.contains(HELPED),
        "{answer}"
    );

    // A referral to an open posting: the worker is told; they apply and are accepted.
    let posting = market_posting(&pool, "鼓楼帮扶推荐岗位").await;
    let (status, answer) = send(
        &router,
        &form(
            "/api/help/follow-up",
            &format!("case_id={id}&kind=referral&posting={posting}&note=%E9%80%82%E5%90%88%E5%A4%A7%E9%BE%84"),
        ),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{status} {answer}");
    let told: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications n JOIN accounts a ON a.id = n.account_id
          WHERE a.phone = $1 AND n.kind = 'help_referral' AND n.posting_id = $2",
    )
    .bind(HELPED)
    .bind(posting)
    .fetch_one(&pool)
    .await
    .expect("told");
    assert_eq!(told, 1);
    let worker = helped_worker(&pool).await;
    let application: i64 = sqlx::query_scalar(
        "INSERT INTO applications (posting_id, worker_id) VALUES ($1, $2) RETURNING id",
    )
    .bind(posting)
    .bind(worker)
    .fetch_one(&pool)
    .await
    .expect("applied");
    sqlx::query("UPDATE applications SET status = 'accepted' WHERE id = $1")
        .bind(application)
        .execute(&pool)
        .await
        .expect("accepted");
    let (status, answer) = send(
        &router,
        &form("/api/board/staff-figures", "kind=district&key=320106"),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    let figures: serde_json::Value = serde_json::from_str(&answer).expect("figures");
    assert!(status.is_success(), "{status} {answer}");
    assert_eq!(
        (
            figures["open_help_cases"].as_i64(),
            figures["help_placements_month"].as_i64()
        ),
        (Some(1), Some(1)),
        "{answer}"
    );
    let (_, answer) = send(
        &router,
        &form("/api/help/case", &format!("id={id}")),
        Some(&staff),
        Csrf::Header,
    )
    .await;
    assert!(
        answer.contains("鼓楼帮扶推荐岗位"),
        "the placement shows on the case: {answer}"
    );

    // Withdrawn: the case and its follow-ups are gone; the audit log keeps no note of them.
    let (status, answer) = send(
        &router,
        &form("/api/help/withdraw", &format!("case_id={id}")),
        Some(&helped_session(&pool).await),
        Csrf::Header,
    )
    .await;
    assert!(status.is_success(), "{status} {answer}");
    let left: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM help_cases), (SELECT count(*) FROM help_followups),
                (SELECT count(*) FROM audit_log WHERE subject_table = 'help_cases'
                    AND (after::text LIKE '%适合大龄%' OR after::text LIKE '%long_wait%'))",
    )
    .fetch_one(&pool)
    .await
    .expect("left");
    assert_eq!(left, (0, 0, 0));

    // Deleted with the account.
    case(&pool, "open").await;
    sqlx::query("DELETE FROM workers WHERE id = $1")
        .bind(worker)
        .execute(&pool)
        .await
        .expect("account deleted");
    assert_eq!(count(&pool, "SELECT count(*) FROM help_cases").await, 0);
}

//! Partners pushing postings over HTTP (`POST /api/v1/import/postings.jsonl`): every line answered,
//! refused lines changing nothing, the same push twice changing nothing, changed lines updating their
//! posting, and the same gig from two partners — or from a partner and the site — recognised.

use app::auth::sms::MemorySms;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::api_http_tests::{conforms, document, request_violations};
use crate::test_harness::*;

const PUSH: &str = "/api/v1/import/postings.jsonl";

/// The organisation of the world's employer (its postings are on the site), and two that are new.
const SITE_EMPLOYER: &str = "91110000802100433B";
const NEW_EMPLOYER: &str = "91320100MA1X00001C";
const OTHER_EMPLOYER: &str = "91320100MA1X00002F";

/// A key for `partner` made by the admin, allowed to push or not; its secret.
async fn key(pool: &PgPool, router: &Router, w: &World, partner: &str, may_import: bool) -> String {
    let admin = session_for(pool, w.account("admin")).await;
    let (status, body) = send(
        router,
        &form(
            "/api/api-keys/create",
            &format!("partner={partner}&per_minute=10000&may_import={may_import}"),
        ),
        Some(&admin),
        Csrf::Header,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let made: Value = serde_json::from_str(&body).expect("json");
    made["secret"].as_str().expect("secret").to_owned()
}

/// A good line: a waiter's gig near Xinjiekou from `credit_code`, starting tomorrow.
fn gig(external_id: &str, credit_code: &str) -> Value {
    let today = app::calendar::today();
    json!({
        "external_id": external_id,
        "employer": {"credit_code": credit_code, "name": "南京推送餐饮有限公司"},
        "trade": "kitchen_helper",
        "title": "推送的帮厨",
        "description": "后厨帮工，管午饭。",
        "address": "中山路3号",
        "location": {"lng": 118.78, "lat": 32.06},
        "pay_cents": 20000,
        "pay_unit": "day",
        "pay_terms": "daily",
        "start_date": (today + chrono::Days::new(1)).to_string(),
        "end_date": (today + chrono::Days::new(3)).to_string(),
        "start_time": "08:00",
        "shift_minutes": 480,
        "headcount": 3,
        "tags": ["older_friendly"]
    })
}

fn body(lines: &[Value]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Pushes `text` with `secret`; the status and the answer.
async fn push(router: &Router, secret: &str, text: String) -> (StatusCode, Value) {
    let (status, _, answer) = request_with_body(
        router,
        Method::POST,
        PUSH,
        &[
            ("authorization", &format!("Bearer {secret}")),
            ("content-type", "application/jsonl"),
        ],
        Body::from(text),
    )
    .await;
    let answer = serde_json::from_str(&answer).unwrap_or_else(|_| panic!("JSON: {answer}"));
    (status, answer)
}

fn outcomes(report: &Value) -> Vec<(String, String)> {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let what = match r["outcome"].as_str().expect("outcome") {
                "refused" => r["problems"][0]["code"].as_str().expect("code").to_owned(),
                other => other.to_owned(),
            };
            (r["external_id"].as_str().unwrap_or("-").to_owned(), what)
        })
        .collect()
}

fn posting_of(report: &Value, external_id: &str) -> i64 {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["external_id"] == external_id)
        .and_then(|r| r["posting_id"].as_i64())
        .unwrap_or_else(|| panic!("{external_id} has a posting: {report}"))
}

/// Everything an import may write, as one fingerprint: nothing else changes when nothing should.
async fn fingerprint(pool: &PgPool) -> (i64, i64, i64, String) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM employers),
                (SELECT count(*) FROM partner_postings),
                (SELECT coalesce(max(updated_at)::text, '') FROM postings) || '/' ||
                (SELECT coalesce(max(updated_at)::text, '') FROM partner_postings)",
    )
    .fetch_one(pool)
    .await
    .expect("fingerprint")
}

#[sqlx::test(migrations = "./migrations")]
async fn every_line_is_answered_and_bad_lines_change_nothing(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let document = document(&router).await;
    let secret = key(&pool, &router, &w, "%E8%8B%8F%E5%BF%83%E8%81%98", true).await;

    let good = gig("A-1", NEW_EMPLOYER);
    let mut second = gig("A-2", NEW_EMPLOYER);
    second["trade"] = json!("waiter");
    // No groups named: the field may be left out.
    second.as_object_mut().expect("object").remove("tags");
    let mut unknown_trade = gig("A-3", NEW_EMPLOYER);
    unknown_trade["trade"] = json!("astronaut");
    let mut beijing = gig("A-4", OTHER_EMPLOYER);
    beijing["location"] = json!({"lng": 116.40, "lat": 39.90});
    let mut oversize = gig("A-5", OTHER_EMPLOYER);
    oversize["title"] = json!("长".repeat(61));
    let mut bad_code = gig("A-6", "91320100MA1X00001D");
    bad_code["title"] = json!("错码");
    let mut past = gig("A-7", OTHER_EMPLOYER);
    past["end_date"] = json!("2020-01-02");
    let mut extra = gig("A-8", OTHER_EMPLOYER);
    extra["salary"] = json!("面议");
    let mut market = gig("A-9", OTHER_EMPLOYER);
    market["market"] = json!("no-such-market");
    // Each good line fits the document's schema for a line; the bad ones (but the unknown trade and
    // place, which only the platform knows) do not.
    for line in [&good, &second] {
        let errors = request_violations(&document, PUSH, &line.to_string());
        assert!(errors.is_empty(), "{errors:?}");
    }
    for line in [&oversize, &extra] {
        assert!(
            !request_violations(&document, PUSH, &line.to_string()).is_empty(),
            "{line}"
        );
    }
    // A cut-off line, a blank one, the bad ones, a good one, a repeated id, and an overlong last
    // line without its newline.
    let text = [
        body(&[good.clone()]),
        "{\"external_id\": \"A-10\", \"title\": \n\n".to_owned(),
        body(&[
            unknown_trade,
            beijing,
            oversize,
            bad_code,
            past,
            extra,
            market,
            second.clone(),
            gig("A-1", NEW_EMPLOYER),
        ]),
        "x".repeat(17 * 1024),
    ]
    .concat();
    let before = fingerprint(&pool).await;
    let (status, report) = push(&router, &secret, text).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    conforms(&document, PUSH, status, &report.to_string());
    let want: Vec<(String, String)> = [
        ("A-1", "created"),
        ("-", "malformed"),
        ("A-3", "unknown_trade"),
        ("A-4", "outside_province"),
        ("A-5", "invalid_field"),
        ("A-6", "bad_credit_code"),
        ("A-7", "invalid_field"),
        ("-", "malformed"),
        ("A-9", "unknown_market"),
        ("A-2", "created"),
        ("A-1", "repeated_external_id"),
        ("-", "line_too_long"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(outcomes(&report), want, "{report}");
    assert_eq!(report["lines"], 12);
    assert_eq!(report["created"], 2);
    assert_eq!(report["refused"], 10);
    // Line numbers count the blank line; fields are named; messages are Chinese by default.
    let results = report["results"].as_array().expect("results");
    assert_eq!(results[1]["line"], 2);
    assert_eq!(results[2]["line"], 4);
    assert_eq!(results[4]["problems"][0]["field"], "title");
    assert_eq!(results[6]["problems"][0]["field"], "end_date");
    assert!(results[3]["problems"][0]["message"]
        .as_str()
        .expect("message")
        .contains("江苏"));
    assert!(results[7]["problems"][0]["message"]
        .as_str()
        .expect("message")
        .contains("salary"));

    // Two postings and one organisation (awaiting the staff's check) written; nothing of the rest.
    let after = fingerprint(&pool).await;
    assert_eq!(
        (after.0 - before.0, after.1 - before.1, after.2 - before.2),
        (2, 1, 2)
    );
    let (name, status): (String, String) =
        sqlx::query_as("SELECT name, verification_status FROM employers WHERE credit_code = $1")
            .bind(NEW_EMPLOYER)
            .fetch_one(&pool)
            .await
            .expect("the new organisation");
    assert_eq!(
        (name.as_str(), status.as_str()),
        ("南京推送餐饮有限公司", "pending")
    );
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM employers WHERE credit_code = '{OTHER_EMPLOYER}'")
        )
        .await,
        0,
        "refused lines register no organisation"
    );

    // The postings are open and public, as the partner sent them.
    let a1 = posting_of(&report, "A-1");
    let (status, _, page) =
        request(&router, Method::GET, &format!("/api/v1/postings/{a1}"), &[]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let page: Value = serde_json::from_str(&page).expect("json");
    assert_eq!(page["posting"]["title"], "推送的帮厨");
    assert_eq!(page["posting"]["tags"], json!(["older_friendly"]));
    assert_eq!(page["posting"]["start_time"], "08:00");
    assert_eq!(page["posting"]["employer_verified"], false);
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM alert_queue WHERE posting_id = {a1}")
        )
        .await,
        1,
        "saved searches hear of it"
    );

    // English when asked.
    let (_, _, answer) = request_with_body(
        &router,
        Method::POST,
        PUSH,
        &[("x-api-key", &secret), ("accept-language", "en")],
        Body::from(body(&[json!({"external_id": "E-1"})])),
    )
    .await;
    assert!(answer.contains("not a posting in valid JSON"), "{answer}");
}

#[sqlx::test(migrations = "./migrations")]
async fn the_same_push_twice_changes_nothing_and_a_changed_line_updates_its_posting(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let secret = key(&pool, &router, &w, "partner-a", true).await;
    let lines = [gig("B-1", NEW_EMPLOYER), gig("B-2", NEW_EMPLOYER)];
    let (_, first) = push(&router, &secret, body(&lines)).await;
    assert_eq!(report_counts(&first), (2, 0, 0, 0), "{first}");
    let b1 = posting_of(&first, "B-1");

    // The same lines, spaced and ordered differently: nothing is written, not even a timestamp.
    let before = fingerprint(&pool).await;
    let reordered: String = lines
        .iter()
        .map(|l| {
            let mut fields: Vec<(String, Value)> =
                l.as_object().expect("object").clone().into_iter().collect();
            fields.reverse();
            let object: serde_json::Map<String, Value> = fields.into_iter().collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&Value::Object(object))
                    .expect("json")
                    .replace('\n', " ")
            )
        })
        .collect();
    let (status, again) = push(&router, &secret, reordered).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report_counts(&again), (0, 0, 2, 0), "{again}");
    assert_eq!(posting_of(&again, "B-1"), b1);
    assert_eq!(
        fingerprint(&pool).await,
        before,
        "a second push changes nothing"
    );

    // A worker holds a place; the partner raises the pay: the posting changes and the worker hears.
    let worker = worker_id(&pool, "13900000001").await;
    accept(&pool, b1, worker).await;
    let mut raised = lines[0].clone();
    raised["pay_cents"] = json!(26000);
    let (_, changed) = push(&router, &secret, body(&[raised.clone(), lines[1].clone()])).await;
    assert_eq!(outcomes(&changed)[0].1, "updated", "{changed}");
    assert_eq!(outcomes(&changed)[1].1, "unchanged");
    assert_eq!(
        count(
            &pool,
            &format!("SELECT pay_cents::bigint FROM postings WHERE id = {b1}")
        )
        .await,
        26000
    );
    assert_eq!(
        count(
            &pool,
            &format!(
                "SELECT count(*) FROM notifications n JOIN accounts a ON a.id = n.account_id
                  WHERE a.worker_id = {worker} AND n.kind = 'posting_changed' AND n.posting_id = {b1}"
            )
        )
        .await,
        1
    );
    // Fewer places than are taken: refused, nothing changes.
    let other = worker_id(&pool, "13900000009").await;
    accept(&pool, b1, other).await;
    let mut shrunk = raised.clone();
    shrunk["headcount"] = json!(1);
    let before = fingerprint(&pool).await;
    let (_, refused) = push(&router, &secret, body(&[shrunk])).await;
    assert_eq!(
        outcomes(&refused)[0].1,
        "headcount_below_filled",
        "{refused}"
    );
    assert_eq!(fingerprint(&pool).await, before);
    // Another organisation for the same id: refused, no organisation registered.
    let moved = gig("B-1", OTHER_EMPLOYER);
    let before = fingerprint(&pool).await;
    let (_, refused) = push(&router, &secret, body(&[moved])).await;
    assert_eq!(outcomes(&refused)[0].1, "employer_changed", "{refused}");
    assert_eq!(fingerprint(&pool).await, before);

    // Withdrawn: closed, the worker told; closing it again is refused, so is closing what never came.
    let mut withdrawn = raised.clone();
    withdrawn["status"] = json!("closed");
    let mut never = gig("B-9", NEW_EMPLOYER);
    never["status"] = json!("closed");
    let (_, closed) = push(&router, &secret, body(&[withdrawn.clone(), never])).await;
    assert_eq!(
        outcomes(&closed),
        [
            ("B-1".to_owned(), "closed".to_owned()),
            ("B-9".to_owned(), "nothing_to_close".to_owned())
        ]
    );
    let (status,): (String,) = sqlx::query_as("SELECT status FROM postings WHERE id = $1")
        .bind(b1)
        .fetch_one(&pool)
        .await
        .expect("status");
    assert_eq!(status, "closed");
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM notifications WHERE kind = 'posting_cancelled' AND posting_id = {b1}")
        )
        .await,
        2,
        "both workers holding a place hear"
    );
    let (_, again) = push(&router, &secret, body(&[withdrawn])).await;
    assert_eq!(
        outcomes(&again)[0].1,
        "unchanged",
        "the same withdrawal twice: {again}"
    );
    let (_, reopened) = push(&router, &secret, body(&[raised])).await;
    assert_eq!(outcomes(&reopened)[0].1, "posting_closed", "{reopened}");
}

/// A worker applies and is accepted, as the market loop does it.
async fn accept(pool: &PgPool, posting: i64, worker: i64) {
    sqlx::query(
        "WITH applied AS (INSERT INTO applications (posting_id, worker_id) VALUES ($1, $2) RETURNING id)
         SELECT id FROM applied",
    )
    .bind(posting)
    .bind(worker)
    .execute(pool)
    .await
    .expect("application");
    sqlx::query(
        "UPDATE applications SET status = 'accepted' WHERE posting_id = $1 AND worker_id = $2",
    )
    .bind(posting)
    .bind(worker)
    .execute(pool)
    .await
    .expect("accepted");
}

/// (created, updated, unchanged, duplicates) of a report.
fn report_counts(report: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| report[k].as_i64().expect("a count");
    (n("created"), n("updated"), n("unchanged"), n("duplicates"))
}

#[sqlx::test(migrations = "./migrations")]
async fn the_same_gig_from_two_partners_or_the_site_is_recognised(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let a = key(&pool, &router, &w, "partner-a", true).await;
    let b = key(&pool, &router, &w, "partner-b", true).await;
    // The world's employer posted this gig on the site (kitchen helper at 中山路3号, in a week).
    let on_site = market_posting(&pool, "网站上的帮厨").await;

    let (_, first) = push(&router, &a, body(&[gig("A-1", NEW_EMPLOYER)])).await;
    let a1 = posting_of(&first, "A-1");
    assert_eq!(outcomes(&first)[0].1, "created");

    let today = app::calendar::today();
    // B's copy: 200 m away, a day longer, its own words.
    let mut copy = gig("B-77", NEW_EMPLOYER);
    copy["location"] = json!({"lng": 118.782, "lat": 32.0605});
    copy["end_date"] = json!((today + chrono::Days::new(4)).to_string());
    copy["title"] = json!("帮厨（日结）");
    // Not the same: 800 m away; another trade; other dates; another organisation.
    let mut far = gig("B-78", NEW_EMPLOYER);
    far["location"] = json!({"lng": 118.788, "lat": 32.06});
    let mut trade = gig("B-79", NEW_EMPLOYER);
    trade["trade"] = json!("waiter");
    let mut later = gig("B-80", NEW_EMPLOYER);
    later["start_date"] = json!((today + chrono::Days::new(10)).to_string());
    later["end_date"] = json!((today + chrono::Days::new(11)).to_string());
    let other = gig("B-81", OTHER_EMPLOYER);
    // The site's own posting, brought by B too.
    let mut site = gig("B-82", SITE_EMPLOYER);
    site["start_date"] = json!((today + chrono::Days::new(6)).to_string());
    site["end_date"] = json!((today + chrono::Days::new(7)).to_string());
    let before = count(&pool, "SELECT count(*) FROM postings").await;
    let (_, second) = push(
        &router,
        &b,
        body(&[copy.clone(), far, trade, later, other, site]),
    )
    .await;
    assert_eq!(
        outcomes(&second)
            .iter()
            .map(|(_, o)| o.as_str())
            .collect::<Vec<_>>(),
        [
            "duplicate",
            "created",
            "created",
            "created",
            "created",
            "duplicate"
        ],
        "{second}"
    );
    assert_eq!(posting_of(&second, "B-77"), a1);
    assert_eq!(posting_of(&second, "B-82"), on_site);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM postings").await - before,
        4
    );
    // B's later version of a gig it carries changes nothing of A's posting.
    copy["pay_cents"] = json!(99900);
    let (_, third) = push(&router, &b, body(&[copy])).await;
    assert_eq!(outcomes(&third)[0].1, "duplicate");
    assert_eq!(
        count(
            &pool,
            &format!("SELECT pay_cents::bigint FROM postings WHERE id = {a1}")
        )
        .await,
        20000
    );
    // A partner's own lines are its own gigs, however alike.
    let (_, own) = push(&router, &a, body(&[gig("A-2", NEW_EMPLOYER)])).await;
    assert_eq!(outcomes(&own)[0].1, "created");
}

#[sqlx::test(migrations = "./migrations")]
async fn partners_pushing_the_same_gig_at_once_make_one_posting(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let mut keys = Vec::new();
    for partner in ["p-1", "p-2", "p-3", "p-4", "p-5", "p-6"] {
        keys.push(key(&pool, &router, &w, partner, true).await);
    }
    let text = body(&[gig("X-1", NEW_EMPLOYER)]);
    let answers = futures::future::join_all(
        keys.iter()
            .map(|secret| push(&router, secret, text.clone())),
    )
    .await;
    let mut seen: Vec<String> = answers
        .iter()
        .map(|(status, report)| {
            assert_eq!(*status, StatusCode::OK, "{report}");
            outcomes(report)[0].1.clone()
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            "created",
            "duplicate",
            "duplicate",
            "duplicate",
            "duplicate",
            "duplicate"
        ]
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM postings WHERE title = '推送的帮厨'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(DISTINCT posting_id) FROM partner_postings"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM employers WHERE credit_code = '91320100MA1X00001C'"
        )
        .await,
        1
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn a_line_the_database_refuses_costs_only_itself(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let secret = key(&pool, &router, &w, "partner-a", true).await;
    // A rule only the database knows (as a constraint added later would be): its refusal of one line
    // in a batch must not cost the batch's other lines, nor leave anything of that line behind.
    sqlx::query(
        "CREATE FUNCTION refuse_test_title() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF NEW.title = '数据库拒绝' THEN
                 RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation', CONSTRAINT = 'test_title';
             END IF;
             RETURN NEW;
         END $$",
    )
    .execute(&pool)
    .await
    .expect("function");
    sqlx::query(
        "CREATE TRIGGER refuse_test_title BEFORE INSERT ON postings
             FOR EACH ROW EXECUTE FUNCTION refuse_test_title()",
    )
    .execute(&pool)
    .await
    .expect("trigger");
    let mut bad = gig("C-2", OTHER_EMPLOYER);
    bad["title"] = json!("数据库拒绝");
    let (status, report) = push(
        &router,
        &secret,
        body(&[gig("C-1", NEW_EMPLOYER), bad, gig("C-3", NEW_EMPLOYER)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        outcomes(&report)
            .iter()
            .map(|(_, o)| o.as_str())
            .collect::<Vec<_>>(),
        ["created", "refused_by_database", "created"],
        "{report}"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM partner_postings").await,
        2
    );
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM employers WHERE credit_code = '{OTHER_EMPLOYER}'")
        )
        .await,
        0,
        "nothing of the refused line is left"
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn only_keys_allowed_to_push_may_push(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let document = document(&router).await;
    let reader = key(&pool, &router, &w, "reader", false).await;
    let text = body(&[gig("D-1", NEW_EMPLOYER)]);
    let before = fingerprint(&pool).await;
    // No key, a key that only reads, an unknown key.
    let (status, _, answer) =
        request_with_body(&router, Method::POST, PUSH, &[], Body::from(text.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{answer}");
    assert!(answer.contains("api_key_required"));
    conforms(&document, PUSH, status, &answer);
    let (status, answer) = push(&router, &reader, text.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(answer["error"], "import_not_allowed");
    conforms(&document, PUSH, status, &answer.to_string());
    let (status, answer) = push(&router, &format!("lg_{}", "0".repeat(48)), text.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer["error"], "unknown_api_key");
    // Not for browsers of other sites: a preflight for a POST is not allowed.
    let (_, headers, _) = request(
        &router,
        Method::OPTIONS,
        PUSH,
        &[
            ("origin", "https://elsewhere.example"),
            ("access-control-request-method", "POST"),
        ],
    )
    .await;
    assert!(headers
        .get("access-control-allow-methods")
        .is_none_or(|m| !m.to_str().unwrap_or_default().contains("POST")));
    assert_eq!(fingerprint(&pool).await, before);

    // A key that may push, until it is revoked.
    let pusher = key(&pool, &router, &w, "pusher", true).await;
    let (status, _) = push(&router, &pusher, text.clone()).await;
    assert_eq!(status, StatusCode::OK);
    sqlx::query("UPDATE api_keys SET revoked_at = now(), revoked_by = created_by WHERE may_import")
        .execute(&pool)
        .await
        .expect("revoked");
    let (status, answer) = push(&router, &pusher, text).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer["error"], "revoked_api_key");
    // What a key may do never changes.
    let refused = sqlx::query("UPDATE api_keys SET may_import = true WHERE NOT may_import")
        .execute(&pool)
        .await
        .expect_err("a key does not change");
    assert!(refused.to_string().contains("does not change"), "{refused}");
}

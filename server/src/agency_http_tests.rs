//! Human-resources service agencies over HTTP: who may check a licence; an agency's life from its
//! licence number to a storefront and postings for clients; the database keeping clients to checked
//! agencies.

use app::auth::sms::MemorySms;
use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::test_harness::*;

const LICENCE: &str = "苏人社服证字〔2024〕第3201060001号";
/// A client's valid credit code (GB 32100), and the posting form's other fields.
const CLIENT_CODE: &str = "91320106MA1X7Q8P58";

fn organisation_form(licence: &str) -> Value {
    json!({ "form": {
        "name": "南京测试餐饮有限公司", "credit_code": "91110000802100433B", "city_adcode": 320100,
        "district_adcode": 320106, "address": "中山路2号", "contact_name": "王经理",
        "contact_phone": "13900000002", "hr_licence_no": licence } })
}

fn posting_form(title: &str, client: Value) -> Value {
    json!({ "id": null, "publish": true, "form": {
        "trade": "waiter", "title": title, "description": "", "requirements": "",
        "address": "中山路5号", "location": { "lng": 118.78, "lat": 32.06 }, "market": null,
        "pay_cents": 18000, "pay_unit": "day", "start_date": "2099-01-01", "end_date": "2099-01-02",
        "shift_minutes": 480, "start_time": "07:30:00", "pay_terms": "daily", "headcount": 2, "tags": [],
        "contact": "platform", "client": client } })
}

async fn employer_of(pool: &PgPool, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT employer_id FROM accounts WHERE phone = $1")
        .bind(phone)
        .fetch_one(pool)
        .await
        .expect("organisation")
}

async fn licence_status(pool: &PgPool, employer_id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT hr_licence_status FROM employers WHERE id = $1")
        .bind(employer_id)
        .fetch_one(pool)
        .await
        .expect("status")
}

async fn call(router: &Router, session: Option<&str>, call: Call<'_>) -> (StatusCode, Value) {
    let (status, body) = send(router, &call, session, Csrf::Header).await;
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    (status, value)
}

#[sqlx::test(migrations = "./migrations")]
async fn agency_access_matrix_over_http(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let agency = employer_of(&pool, "13900000002").await;
    sqlx::query("UPDATE employers SET hr_licence_no = $2 WHERE id = $1")
        .bind(agency)
        .bind(LICENCE)
        .execute(&pool)
        .await
        .expect("licence");
    sqlx::query(
        "UPDATE employers SET hr_licence_status = 'verified', hr_licence_decided_at = now() WHERE id = $1",
    )
    .bind(agency)
    .execute(&pool)
    .await
    .expect("checked");
    let mut failures = Vec::new();
    // Columns: anonymous, worker, employer, new employer, market staff, district staff, other district
    // staff, city staff, province staff, admin.
    for (call, expected) in [
        (form("/api/agencies/list", ""), "YYYYYYYYYY"),
        (
            form("/api/agencies/storefront", &format!("id={agency}")),
            "YYYYYYYYYY",
        ),
        (form("/api/staff/pending-licences", ""), "U---YYYYYY"),
    ] {
        check_row(&pool, &router, &w, &call, expected, &mut failures).await;
    }
    // Checking the licence of the organisation waiting in 鼓楼: staff of an area containing it.
    for (n, (who, want)) in w.callers.iter().zip("U---YY-YYY".chars()).enumerate() {
        sqlx::query("UPDATE employers SET hr_licence_no = $2 WHERE id = $1")
            .bind(w.pending_employer)
            .bind(format!("苏人服证字第32010600{n:02}号"))
            .execute(&pool)
            .await
            .expect("a new number, waiting");
        let call = form(
            "/api/staff/decide-licence",
            &format!("employer_id={}&verify=true", w.pending_employer),
        );
        check_once(
            &pool,
            &router,
            who,
            want,
            &call,
            "SELECT hr_licence_status = 'verified' FROM employers WHERE id = $1",
            w.pending_employer,
            &mut failures,
        )
        .await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test(migrations = "./migrations")]
async fn an_agency_from_its_licence_to_a_storefront_and_postings_for_clients(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let employer = session_for(&pool, w.account("employer")).await;
    let staff = session_for(&pool, w.account("district staff")).await;
    let agency = employer_of(&pool, "13900000002").await;
    let client = json!({ "name": "南京某物流有限公司", "credit_code": CLIENT_CODE });

    // A number that is no licence is refused; a good one waits for staff.
    let (status, body) = call(
        &router,
        Some(&employer),
        json("/api/profile/organisation/save", organisation_form("12345")),
    )
    .await;
    assert!(
        status.is_client_error() && body.to_string().contains("hr_licence_no"),
        "{body}"
    );
    assert_eq!(licence_status(&pool, agency).await, None);
    let (status, body) = call(
        &router,
        Some(&employer),
        json("/api/profile/organisation/save", organisation_form(LICENCE)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        licence_status(&pool, agency).await.as_deref(),
        Some("pending")
    );

    // Waiting: no storefront, no list entry, no posting for a client.
    let storefront = || form("/api/agencies/storefront", &format!("id={agency}"));
    assert_eq!(
        call(&router, None, storefront()).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = call(&router, None, form("/api/agencies/list", "")).await;
    assert_eq!(list, json!([]));
    let (status, body) = call(
        &router,
        Some(&employer),
        json(
            "/api/employer/save-posting",
            posting_form("代招服务员", client.clone()),
        ),
    )
    .await;
    assert!(
        status == StatusCode::CONFLICT && body.to_string().contains("not_an_agency"),
        "{body}"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM postings").await, 0);

    // The district's staff check it (a rejection needs a reason).
    let (status, _) = call(
        &router,
        Some(&staff),
        form(
            "/api/staff/decide-licence",
            &format!("employer_id={agency}&verify=false"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, pending) = call(
        &router,
        Some(&staff),
        form("/api/staff/pending-licences", ""),
    )
    .await;
    assert_eq!(pending[0]["licence_no"], LICENCE, "{pending}");
    let (status, body) = call(
        &router,
        Some(&staff),
        form(
            "/api/staff/decide-licence",
            &format!("employer_id={agency}&verify=true"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = call(
        &router,
        Some(&staff),
        form(
            "/api/staff/decide-licence",
            &format!("employer_id={agency}&verify=true"),
        ),
    )
    .await;
    assert!(
        status == StatusCode::CONFLICT && body.to_string().contains("licence_not_pending"),
        "{body}"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action = 'verify_hr_licence'"
        )
        .await,
        1
    );

    // Checked: postings for a client, named on the posting; bad client details refused.
    for (bad, field) in [
        (
            json!({ "name": "南京某物流有限公司", "credit_code": "91320106MA1X7Q8P59" }),
            "client_credit_code",
        ),
        (
            json!({ "name": "南", "credit_code": CLIENT_CODE }),
            "client_name",
        ),
    ] {
        let (status, body) = call(
            &router,
            Some(&employer),
            json(
                "/api/employer/save-posting",
                posting_form("代招服务员", bad),
            ),
        )
        .await;
        assert!(
            status.is_client_error() && body.to_string().contains(field),
            "{body}"
        );
    }
    let (status, body) = call(
        &router,
        Some(&employer),
        json(
            "/api/employer/save-posting",
            posting_form("代招服务员", client.clone()),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let posting = body["id"].as_i64().expect("id");
    let (_, own) = call(
        &router,
        Some(&employer),
        json(
            "/api/employer/save-posting",
            posting_form("本机构的前台", Value::Null),
        ),
    )
    .await;
    assert!(own["id"].as_i64().is_some(), "{own}");
    let (status, detail) = call(
        &router,
        None,
        json("/api/postings/get", json!({ "id": posting, "from": null })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["client_name"], "南京某物流有限公司");
    assert_eq!(detail["agency_id"], agency);
    let (status, shop) = call(&router, None, storefront()).await;
    assert_eq!(status, StatusCode::OK, "{shop}");
    assert_eq!(shop["licence_no"], LICENCE);
    assert_eq!(shop["open_postings"], 2);
    assert_eq!(shop["clients"], 1);
    // Both postings are at the same place: one district.
    assert_eq!(
        shop["districts"].as_array().map(Vec::len),
        Some(1),
        "{shop}"
    );
    let (_, list) = call(&router, None, form("/api/agencies/list", "")).await;
    assert_eq!(list[0]["employer_id"], agency, "{list}");

    // Another organisation cannot claim the same licence.
    let newcomer = session_for(&pool, w.account("new employer")).await;
    let mut other = organisation_form(LICENCE);
    other["form"]["credit_code"] = json!("91320104MA1Y2K3L4G");
    other["form"]["name"] = json!("另一家人力资源公司");
    let (status, body) = call(
        &router,
        Some(&newcomer),
        json("/api/profile/organisation/save", other),
    )
    .await;
    assert!(
        status == StatusCode::CONFLICT && body.to_string().contains("hr_licence_no"),
        "{body}"
    );

    // A new number goes back to staff: the storefront closes, and a client can no longer be named.
    let (status, _) = call(
        &router,
        Some(&employer),
        json(
            "/api/profile/organisation/save",
            organisation_form("苏人社服证字〔2025〕第3201060002号"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        licence_status(&pool, agency).await.as_deref(),
        Some("pending")
    );
    assert_eq!(
        call(&router, None, storefront()).await.0,
        StatusCode::NOT_FOUND
    );
    let mut edit = posting_form(
        "代招服务员（改）",
        json!({ "name": "南京另一物流有限公司", "credit_code": CLIENT_CODE }),
    );
    edit["id"] = json!(posting);
    let (status, body) = call(
        &router,
        Some(&employer),
        json("/api/employer/save-posting", edit),
    )
    .await;
    assert!(
        status == StatusCode::CONFLICT && body.to_string().contains("not_an_agency"),
        "{body}"
    );

    // The database holds to it whatever the caller.
    let refused =
        sqlx::query("UPDATE postings SET client_name = '南京第三物流有限公司' WHERE id = $1")
            .bind(posting)
            .execute(&pool)
            .await
            .expect_err("only a checked agency names a client");
    assert!(
        refused
            .to_string()
            .contains("verified human-resources agency"),
        "{refused}"
    );
    let refused = sqlx::query("UPDATE employers SET hr_licence_status = 'verified' WHERE id = $1")
        .bind(agency)
        .execute(&pool)
        .await
        .expect_err("a decision has its time");
    assert!(
        refused.to_string().contains("employers_hr_licence_whole"),
        "{refused}"
    );
}

/// Two staff decide the same licence at once, one verifying and one rejecting: one decision is made
/// and audited, the other is told it is no longer waiting; and no one, by SQL either, turns a decision
/// into the other without a new number going back to staff.
#[sqlx::test(migrations = "./migrations")]
async fn a_licence_is_decided_once_even_by_two_staff_at_once(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let district = session_for(&pool, w.account("district staff")).await;
    let city = session_for(&pool, w.account("city staff")).await;
    let agency = employer_of(&pool, "13900000002").await;
    for round in 0..4 {
        sqlx::query("UPDATE employers SET hr_licence_no = $2 WHERE id = $1")
            .bind(agency)
            .bind(format!("苏人服证字第32010600{round:02}号"))
            .execute(&pool)
            .await
            .expect("a new number, waiting");
        let verify = form(
            "/api/staff/decide-licence",
            &format!("employer_id={agency}&verify=true"),
        );
        let reject = form(
            "/api/staff/decide-licence",
            &format!("employer_id={agency}&verify=false&reason=%E8%AE%B8%E5%8F%AF%E8%AF%81%E5%B7%B2%E8%BF%87%E6%9C%9F"),
        );
        let (a, b) = futures::join!(
            send(&router, &verify, Some(&district), Csrf::Header),
            send(&router, &reject, Some(&city), Csrf::Header),
        );
        let wins = [&a, &b].iter().filter(|r| r.0 == StatusCode::OK).count();
        assert_eq!(wins, 1, "round {round}: {a:?} {b:?}");
        let lost = if a.0 == StatusCode::OK { &b } else { &a };
        assert!(
            lost.0 == StatusCode::CONFLICT && lost.1.contains("licence_not_pending"),
            "round {round}: {lost:?}"
        );
        let status = licence_status(&pool, agency).await;
        let want = if a.0 == StatusCode::OK {
            "verified"
        } else {
            "rejected"
        };
        assert_eq!(status.as_deref(), Some(want), "round {round}");
    }
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action IN ('verify_hr_licence', 'reject_hr_licence')"
        )
        .await,
        4
    );

    // By SQL: a decision stays what it is; only a new number reopens it.
    let decided = licence_status(&pool, agency).await.expect("decided");
    let other = if decided == "verified" {
        "rejected"
    } else {
        "verified"
    };
    for to in [other, "pending"] {
        let refused = sqlx::query(
            "UPDATE employers SET hr_licence_status = $2,
                    hr_licence_decided_at = CASE WHEN $2 = 'pending' THEN NULL ELSE now() END,
                    hr_licence_rejection = CASE WHEN $2 = 'rejected' THEN '过期' END
              WHERE id = $1",
        )
        .bind(agency)
        .bind(to)
        .execute(&pool)
        .await
        .expect_err("decided once");
        assert!(
            refused.to_string().contains("a licence is decided once"),
            "{to}: {refused}"
        );
    }
    assert_eq!(
        licence_status(&pool, agency).await.as_deref(),
        Some(decided.as_str())
    );
    sqlx::query("UPDATE employers SET hr_licence_no = '苏人服证字第3201069999号' WHERE id = $1")
        .bind(agency)
        .execute(&pool)
        .await
        .expect("a new number goes back to staff");
    assert_eq!(
        licence_status(&pool, agency).await.as_deref(),
        Some("pending")
    );
}

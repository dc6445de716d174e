//! Safe in public (issue 18), through the real router against real PostgreSQL: text from people is
//! text in the head too, page loads under concurrency never panic or drop a connection, bad input and
//! refusals get their honest status, and every page carries its security headers.

use app::auth::sms::MemorySms;
use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use crate::test_harness::{market_posting, router, session_for, world, World};

/// Within a title's 60 characters: breaks out of `<title>`, of an attribute, and of a `<script>`.
const PAYLOAD: &str = "</title><script>alert(1)</script>\"><svg onload=alert(2)>";

async fn get(router: &axum::Router, path: &str, session: Option<&str>) -> axum::response::Response {
    let mut request = Request::get(path).header(header::HOST, "attacker.example");
    if let Some(session) = session {
        request = request.header(header::COOKIE, format!("lingong_session={session}"));
    }
    router
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("router answers")
}

async fn text(response: axum::response::Response) -> String {
    let body = to_bytes(response.into_body(), 8 << 20).await.expect("body");
    String::from_utf8_lossy(&body).into_owned()
}

/// No session, then a session of each role: worker, employer, district staff, administrator.
async fn signed_out_and_every_role(pool: &PgPool, w: &World) -> Vec<Option<String>> {
    let mut sessions = vec![None];
    for (who, account) in &w.callers {
        if let (Some(id), "worker" | "employer" | "district staff" | "admin") = (account, *who) {
            sessions.push(Some(session_for(pool, *id).await));
        }
    }
    sessions
}

/// A posting's title written as markup stays text in the `<title>`, the meta tags, the body and the
/// JSON-LD; the only scripts in the page are the server's own, carrying the page's nonce.
#[sqlx::test(migrations = "./migrations")]
async fn markup_in_a_posting_is_text_everywhere_on_its_page(pool: PgPool) {
    world(&pool).await;
    let router = router(&pool, MemorySms::default());
    let id = market_posting(&pool, PAYLOAD).await;
    let response = get(&router, &format!("/postings/{id}"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .expect("a content security policy")
        .to_owned();
    let page = text(response).await;
    assert!(
        !page.contains("<script>alert"),
        "an injected script in {page}"
    );
    assert!(!page.contains("<svg onload"), "an injected element");
    let title = page
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| title)
        .expect("a title");
    assert!(
        title.starts_with("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"&gt;&lt;svg"),
        "title: {title}"
    );
    assert!(title.ends_with(" · 零工市场"), "title: {title}");
    // Every script element is either the server's (with this response's nonce) or a data block.
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split_once('\''))
        .map(|(nonce, _)| nonce)
        .expect("a nonce in the policy");
    for script in page.split("<script").skip(1) {
        let attributes = script.split_once('>').map(|(a, _)| a).unwrap_or_default();
        assert!(
            attributes.contains(&format!("nonce=\"{nonce}\""))
                || attributes.contains("application/ld+json")
                || attributes.contains(" src=\"/"),
            "a script the page did not write: <script{attributes}>"
        );
    }
    let json_ld = page
        .split_once("<script type=\"application/ld+json\">")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(json, _)| json)
        .expect("JSON-LD");
    let value: serde_json::Value = serde_json::from_str(json_ld).expect("JSON-LD parses");
    assert_eq!(value["title"], PAYLOAD);
    // Links that leave the page come from the configured address, never the request's Host.
    assert_eq!(
        value["url"],
        format!("https://lingong.example.cn/postings/{id}")
    );
    let canonical = format!("https://lingong.example.cn/postings/{id}");
    assert!(
        page.contains(&format!("<link href=\"{canonical}\" rel=\"canonical\">"))
            && page.contains(&format!("content=\"{canonical}\"")),
        "canonical link and og:url: {}",
        &page[..page.find("</head>").unwrap_or(0)]
    );
    assert!(!page.contains("attacker.example"));
    // One description: the posting's own, not the site's tagline beside it.
    assert_eq!(page.matches("name=\"description\"").count(), 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn every_response_carries_the_security_headers(pool: PgPool) {
    world(&pool).await;
    let router = router(&pool, MemorySms::default());
    for path in ["/", "/login", "/markets", "/no-such-page", "/healthz"] {
        let response = get(&router, path, None).await;
        let h = response.headers();
        let policy = h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(
            !policy.contains("'unsafe-inline' 'wasm"),
            "{path}: {policy}"
        );
        assert_eq!(
            h.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{path}"
        );
        assert_eq!(
            h.get(header::X_FRAME_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"DENY"[..]),
            "{path}"
        );
        assert!(h.contains_key(header::REFERRER_POLICY), "{path}");
        assert!(
            h.get("permissions-policy")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("geolocation=(self)")),
            "{path}"
        );
        // Plain HTTP here: HSTS only over HTTPS.
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY), "{path}");
    }
    let over_tls = router
        .clone()
        .oneshot(
            Request::get("/")
                .header("x-forwarded-proto", "https")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answer");
    assert!(over_tls
        .headers()
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
}

/// Statuses say what happened: bad input is 400, signed in but not allowed is 403.
#[sqlx::test(migrations = "./migrations")]
async fn bad_input_and_refusals_get_honest_statuses(pool: PgPool) {
    let w = world(&pool).await;
    let router = router(&pool, MemorySms::default());
    for lang in ["1", "xx", "", "zh-CN<script>"] {
        let response = router
            .clone()
            .oneshot(
                Request::post("/api/prefs")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "application/json")
                    .header(header::COOKIE, format!("lingong_csrf={}", "c".repeat(64)))
                    .header("x-csrf-token", "c".repeat(64))
                    .body(Body::from(format!("lang={lang}&elder=false")))
                    .expect("request"),
            )
            .await
            .expect("answer");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "lang={lang}");
    }
    for (who, account) in &w.callers {
        let session = match account {
            Some(id) => Some(session_for(&pool, *id).await),
            None => None,
        };
        let status = get(&router, "/me/data", session.as_deref()).await.status();
        let expected = match *who {
            "anonymous" => StatusCode::UNAUTHORIZED,
            "worker" => StatusCode::OK,
            _ => StatusCode::FORBIDDEN,
        };
        assert_eq!(status, expected, "/me/data as {who}");
    }
}

/// With the database gone, pages and server functions answer 503 with `Retry-After`, not 500.
#[sqlx::test(migrations = "./migrations")]
async fn an_unreachable_database_is_503_with_retry_after(pool: PgPool) {
    world(&pool).await;
    // Port 1 on loopback: nothing listens, every connection is refused at once.
    let gone = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_secs(2))
        .connect_lazy("postgres://nobody:nothing@127.0.0.1:1/none")
        .expect("lazy pool");
    let router = router(&gone, MemorySms::default());
    let response = get(&router, "/", None).await;
    assert_eq!(
        response.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "home page"
    );
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let session = session_for(&pool, 1).await;
    let response = router
        .clone()
        .oneshot(
            Request::post("/api/employer/save-posting")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT, "application/json")
                .header(
                    header::COOKIE,
                    format!("lingong_csrf={}; lingong_session={session}", "c".repeat(64)),
                )
                .header("x-csrf-token", "c".repeat(64))
                .body(Body::from(r#"{"id":null,"form":{},"publish":true}"#))
                .expect("request"),
        )
        .await
        .expect("answer");
    assert!(
        matches!(
            response.status(),
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::BAD_REQUEST
        ),
        "publish: {}",
        response.status()
    );
    for path in ["/healthz", "/me/data", "/staff/statistics.csv"] {
        let response = get(&router, path, Some(&session)).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(
            response.headers().contains_key(header::RETRY_AFTER),
            "{path}"
        );
    }
}

/// A page of every kind, as links reach them (`posting` is one posting's id).
fn every_page(posting: i64) -> Vec<String> {
    [
        "/",
        "/?q=帮厨",
        "/?date=any&sort=pay",
        "/login",
        "/markets",
        "/markets/test-gulou-station",
        "/boards",
        "/boards/district/320106",
        "/boards/market/test-gulou-station",
        "/for-you",
        "/employer",
        "/employer/new",
        "/me",
        "/me/applications",
        "/messages",
        "/staff",
        "/staff/statistics",
        "/no-such-page",
    ]
    .iter()
    .map(|p| p.to_string())
    .chain([format!("/postings/{posting}")])
    .collect()
}

/// Our island script (`IslandHydration` in app/src/lib.rs) starts each `<leptos-island>` on its own and
/// knows nothing of islands inside islands or of an island's server-rendered children, which Leptos's
/// own script handles. Every page, as each role sees it, has neither.
#[sqlx::test(migrations = "./migrations")]
async fn islands_are_flat_and_childless_on_every_page(pool: PgPool) {
    let w = world(&pool).await;
    let posting = market_posting(&pool, "鼓楼急招帮厨").await;
    let router = router(&pool, MemorySms::default());
    let mut islands_seen = 0;
    for session in signed_out_and_every_role(&pool, &w).await {
        for path in every_page(posting) {
            let page = text(get(&router, &path, session.as_deref()).await).await;
            assert!(
                !page.contains("<leptos-children"),
                "island children on {path}"
            );
            let mut depth = 0i32;
            let mut rest = page.as_str();
            while let Some(at) = rest.find("leptos-island") {
                let before = &rest[..at];
                if before.ends_with("</") {
                    depth -= 1;
                } else if before.ends_with('<') {
                    depth += 1;
                    islands_seen += 1;
                    assert!(depth == 1, "an island inside an island on {path}");
                }
                rest = &rest[at + "leptos-island".len()..];
            }
            assert_eq!(depth, 0, "unbalanced islands on {path}");
        }
    }
    // The check looked at islands, not at pages without any.
    assert!(islands_seen > 20, "islands seen: {islands_seen}");
}

/// One GET over a fresh connection, the way a browser's first visit comes: the status, or why there
/// was none (the connection dropped without an answer).
async fn fetch(
    addr: std::net::SocketAddr,
    path: &str,
    session: Option<&str>,
) -> Result<u16, String> {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let cookie = session
        .map(|s| format!("Cookie: lingong_session={s}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n{cookie}Connection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("write: {e}"))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .await
        .map_err(|e| format!("read: {e}"))?;
    let head = String::from_utf8_lossy(&response[..response.len().min(64)]).into_owned();
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("no answer ({} bytes)", response.len()))?;
    // A body cut short by a panic mid-stream has no closing tag (the body may be chunked, so the
    // tag is followed by the last chunk's marker).
    if status == 200 && !String::from_utf8_lossy(&response).contains("</html>") {
        return Err("a page cut short".to_owned());
    }
    Ok(status)
}

/// Many page loads of every kind at once, signed out and as each role: no dropped connection, no 5xx.
/// A small count runs with every test run (`LINGONG_LOAD_REQUESTS` sets it); the full count against the
/// release server, signed in through the pages, is `end2end/tests/concurrency.spec.ts` (README, "Tests").
#[sqlx::test(migrations = "./migrations")]
async fn concurrent_page_loads_never_panic(pool: PgPool) {
    let w = world(&pool).await;
    let posting = market_posting(&pool, PAYLOAD).await;
    let sessions = signed_out_and_every_role(&pool, &w).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr = listener.local_addr().expect("address");
    let app = router(&pool, MemorySms::default());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let paths = every_page(posting);
    let total: usize = std::env::var("LINGONG_LOAD_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(640);
    let concurrency = 32;
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (next, paths, sessions) = (next.clone(), paths.clone(), sessions.clone());
        workers.spawn(async move {
            let mut failures = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total {
                    return failures;
                }
                let path = &paths[i % paths.len()];
                let session = sessions[(i / paths.len()) % sessions.len()].as_deref();
                match fetch(addr, path, session).await {
                    Ok(status) if status < 500 => {}
                    Ok(status) => failures.push(format!("{path}: {status}")),
                    Err(why) => failures.push(format!("{path}: {why}")),
                }
            }
        });
    }
    let mut failures = Vec::new();
    while let Some(result) = workers.join_next().await {
        failures.extend(result.expect("worker"));
    }
    assert!(
        failures.is_empty(),
        "{} of {total} failed, among them: {:?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
}

/// Hostile values for any field: wrong types, huge, nested, overflowing, markup, SQL, traversal.
fn hostile_json_bodies() -> Vec<String> {
    let huge = "兀".repeat(350_000); // about 1 MB of UTF-8
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    vec![
        String::new(),
        "{}".into(),
        "null".into(),
        "[]".into(),
        deep,
        r#"{"id":"x","query":1,"form":[],"lang":{"a":1},"publish":"yes","phone":12}"#.into(),
        r#"{"id":1e400,"posting_id":99999999999999999999999,"page":-1,"radius_m":-5}"#.into(),
        format!(r#"{{"id":1,"text":"{huge}","q":"{huge}"}}"#),
        format!(
            r#"{{"title":"{}","reason":"' OR 1=1; DROP TABLE postings;--","slug":"../../etc/passwd"}}"#,
            PAYLOAD.replace('"', "\\\"")
        ),
        "{\"id\": 1,".into(),
    ]
}

fn hostile_form_bodies() -> Vec<Vec<u8>> {
    let huge = "A".repeat(1 << 20);
    vec![
        Vec::new(),
        b"id=x&page=-1&lang=1&elder=maybe&publish=2".to_vec(),
        b"id=99999999999999999999999&posting_id=-1&radius_m=NaN&lat=inf".to_vec(),
        format!("q={huge}&text={huge}").into_bytes(),
        b"title=%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&reason=%27%20OR%201%3D1--&slug=..%2F..%2Fetc%2Fpasswd".to_vec(),
        vec![b'q', b'=', 0xff, 0xfe, 0xc3, 0x28, b'&', b'x', b'=', 0x80],
        b"%%%&&&===".to_vec(),
    ]
}

/// Every server function and route with hostile input, signed out and as each role: no answer is a
/// 5xx, nothing panics (a panic would be a 500 from the last line of defence, or a dropped request).
#[sqlx::test(migrations = "./migrations")]
async fn hostile_input_never_gets_a_server_error(pool: PgPool) {
    let w = world(&pool).await;
    let posting = market_posting(&pool, "鼓楼急招帮厨").await;
    let router = router(&pool, MemorySms::default());
    let sessions = signed_out_and_every_role(&pool, &w).await;
    let csrf = "c".repeat(64);
    let mut failures = Vec::new();
    let mut sent = 0;
    let mut paths: Vec<(&'static str, axum::http::Method)> =
        leptos::server_fn::axum::server_fn_paths().collect();
    paths.sort_by_key(|(path, _)| *path);
    assert!(
        paths.len() >= 40,
        "server functions registered: {}",
        paths.len()
    );
    for (path, method) in &paths {
        for session in &sessions {
            let cookie = match session {
                Some(s) => format!("lingong_csrf={csrf}; lingong_session={s}"),
                None => format!("lingong_csrf={csrf}"),
            };
            let json = hostile_json_bodies()
                .into_iter()
                .map(|b| ("application/json", b.into_bytes()));
            let form = hostile_form_bodies()
                .into_iter()
                .map(|b| ("application/x-www-form-urlencoded", b));
            for (content_type, body) in json.chain(form) {
                let request = Request::builder()
                    .method(method.clone())
                    .uri(*path)
                    .header(header::CONTENT_TYPE, content_type)
                    .header(header::ACCEPT, "application/json")
                    .header(header::COOKIE, &cookie)
                    .header("x-csrf-token", &csrf)
                    .body(Body::from(body))
                    .expect("request");
                let response = router.clone().oneshot(request).await.expect("answer");
                sent += 1;
                if response.status().is_server_error() {
                    let status = response.status();
                    let body = text(response).await;
                    failures.push(format!(
                        "{method} {path} ({content_type}): {status} {body:.200}"
                    ));
                }
            }
        }
    }
    let pages = [
        "/?radius_m=-1&lat=NaN&lng=inf".to_owned(),
        format!("/?q={}", "兀".repeat(10_000)),
        "/?trade=../../etc/passwd&city=99999999999&page=99999999999999999999".to_owned(),
        "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&sort=%27;DROP%20TABLE%20postings;--".to_owned(),
        "/?q=%ff%fe%c3%28".to_owned(),
        "/postings/-1".to_owned(),
        "/postings/99999999999999999999".to_owned(),
        "/postings/..%2f..%2fCargo.toml".to_owned(),
        format!("/postings/{posting}?near=abc&from=1e400"),
        "/markets/%00".to_owned(),
        "/markets/..%2f..%2f".to_owned(),
        "/boards/x/y".to_owned(),
        "/boards/district/99999999999".to_owned(),
        "/employer/talent?trade=../../etc&city=abc&district=1e400&when=%ff&attendance=%27&page=99999999999".to_owned(),
        "/me/invitations".to_owned(),
        "/boards/market/%3Cscript%3E".to_owned(),
        "/pkg/../../Cargo.toml".to_owned(),
        "/pkg/..%2f..%2fCargo.toml".to_owned(),
        "/leaflet-1.9.4/..%2f..%2f..%2fCargo.toml".to_owned(),
        "/api/boards/district/320106/qr.svg".to_owned(),
        "/api/boards/x/%00/qr.svg".to_owned(),
        "/staff/statistics.csv?period=forever&kind=%00&key=-1".to_owned(),
        "/staff/statistics?period=-1".to_owned(),
        "/employer/postings/abc/applicants".to_owned(),
        "/employer/postings/-5".to_owned(),
        "/login?with=%3Cscript%3E".to_owned(),
        "/me/data".to_owned(),
    ];
    for page in &pages {
        for session in &sessions {
            let response = get(&router, page, session.as_deref()).await;
            sent += 1;
            if response.status().is_server_error() {
                failures.push(format!("GET {page}: {}", response.status()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {sent} answered 5xx:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

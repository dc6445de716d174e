//! The installable site (PWA): its service worker at `/sw.js` and the page the worker shows offline at
//! `/offline.html`. The manifest and the icons are static files (`public/manifest.webmanifest`,
//! `public/icons/`, drawn by `.ci/make-icons.sh`).
//!
//! The worker (`pwa/sw.js`, plain JavaScript) goes out with one line in front that names this build:
//! its version, which changes with the bundles' hashes and the worker's own text, so browsers install
//! the new worker after a deploy and it drops the old build's cache; the files to keep at install (the
//! stylesheet, the Wasm and its JS, Leaflet, the offline page); and the stylesheet's name. What it keeps
//! and what it never touches is said at the top of `pwa/sw.js` and in the README.

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use app::BundleNames;

const WORKER: &str = include_str!("pwa/sw.js");
const OFFLINE_PAGE: &str = include_str!("pwa/offline.html");
/// Leaflet as the shell links it (`app::shell`).
const LEAFLET: [&str; 2] = ["/leaflet-1.9.4/leaflet.css", "/leaflet-1.9.4/leaflet.js"];

/// The worker's text and the offline page of this build.
#[derive(Clone, Debug)]
pub struct Pwa {
    worker: String,
    offline_page: String,
}

impl Pwa {
    /// For the bundles `names` in `/{pkg}`.
    pub fn new(names: &BundleNames, pkg: &str) -> Pwa {
        let file = |name: &str| format!("/{pkg}/{name}");
        let stylesheet = file(&names.css);
        let mut precache = vec![
            "/offline.html".to_owned(),
            stylesheet.clone(),
            file(&names.js),
            file(&names.wasm),
            "/favicon.svg".to_owned(),
        ];
        precache.extend(LEAFLET.iter().map(|s| (*s).to_owned()));
        let build = serde_json::json!({
            "version": version(names),
            "precache": precache,
            "css": stylesheet,
        });
        Pwa {
            worker: format!("const BUILD = {build};\n{WORKER}"),
            offline_page: OFFLINE_PAGE.replace("{stylesheet}", &stylesheet),
        }
    }

    /// `GET /sw.js` and `GET /offline.html`.
    pub fn routes<S: Clone + Send + Sync + 'static>(self) -> Router<S> {
        let worker = self.worker;
        let offline_page = self.offline_page;
        Router::new()
            .route(
                "/sw.js",
                get(move || async move {
                    (
                        [
                            (
                                header::CONTENT_TYPE,
                                HeaderValue::from_static("text/javascript; charset=utf-8"),
                            ),
                            // Browsers look for a new worker on every visit; this says to ask us.
                            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                        ],
                        worker,
                    )
                        .into_response()
                }),
            )
            .route(
                "/offline.html",
                get(move || async move {
                    (
                        [
                            (
                                header::CONTENT_TYPE,
                                HeaderValue::from_static("text/html; charset=utf-8"),
                            ),
                            // The same for everyone; the worker keeps its own copy per build.
                            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                        ],
                        offline_page,
                    )
                        .into_response()
                }),
            )
    }
}

/// Changes with every build: the bundles' hashes and the worker's and the offline page's text. A build
/// without hashed names (development) is a new version at every start.
fn version(names: &BundleNames) -> String {
    let mut hasher = DefaultHasher::new();
    WORKER.hash(&mut hasher);
    OFFLINE_PAGE.hash(&mut hasher);
    if names.hashed {
        (&names.js, &names.wasm, &names.css).hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    } else {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        format!("dev-{:08x}-{started}", hasher.finish() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    fn names(hash: &str) -> BundleNames {
        BundleNames {
            js: format!("lingong.{hash}.js"),
            wasm: format!("lingong.{hash}.wasm"),
            css: format!("lingong.{hash}.css"),
            hashed: true,
        }
    }

    fn build_line(pwa: &Pwa) -> serde_json::Value {
        let line = pwa.worker.lines().next().expect("first line");
        let json = line
            .strip_prefix("const BUILD = ")
            .and_then(|l| l.strip_suffix(';'))
            .expect("the build line");
        serde_json::from_str(json).expect("JSON")
    }

    #[test]
    fn the_worker_names_this_build_and_its_shell() {
        let pwa = Pwa::new(&names("AAAAAAAAAAAAAAAAAAAAAA"), "pkg");
        let build = build_line(&pwa);
        let precache: Vec<&str> = build["precache"]
            .as_array()
            .expect("precache")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        for wanted in [
            "/offline.html",
            "/pkg/lingong.AAAAAAAAAAAAAAAAAAAAAA.css",
            "/pkg/lingong.AAAAAAAAAAAAAAAAAAAAAA.js",
            "/pkg/lingong.AAAAAAAAAAAAAAAAAAAAAA.wasm",
            "/leaflet-1.9.4/leaflet.js",
        ] {
            assert!(precache.contains(&wanted), "{wanted} in {precache:?}");
        }
        assert_eq!(build["css"], "/pkg/lingong.AAAAAAAAAAAAAAAAAAAAAA.css");
        assert!(pwa.worker.contains("self.addEventListener(\"fetch\""));
        assert!(pwa
            .offline_page
            .contains(r#"<link rel="stylesheet" href="/pkg/lingong.AAAAAAAAAAAAAAAAAAAAAA.css">"#));
        assert!(pwa.offline_page.contains("12333"));

        // Same build, same version (every instance behind a load balancer agrees); a new build, another.
        let again = Pwa::new(&names("AAAAAAAAAAAAAAAAAAAAAA"), "pkg");
        assert_eq!(build_line(&again)["version"], build["version"]);
        let next = Pwa::new(&names("BBBBBBBBBBBBBBBBBBBBBB"), "pkg");
        assert_ne!(build_line(&next)["version"], build["version"]);
    }

    #[tokio::test]
    async fn the_worker_is_always_asked_for_again() {
        let router: Router = Pwa::new(&names("AAAAAAAAAAAAAAAAAAAAAA"), "pkg").routes();
        let response = router
            .clone()
            .oneshot(Request::get("/sw.js").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert!(body.starts_with(b"const BUILD = {"));

        let response = router
            .oneshot(Request::get("/offline.html").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
    }

    /// The worker keeps a page only when it says whom it was rendered for, and forgets a signed-in
    /// person's pages when one comes for anyone else: every page says it, server functions too.
    #[sqlx::test(migrations = "./migrations")]
    async fn every_page_says_whom_it_was_rendered_for(pool: sqlx::PgPool) {
        use crate::test_harness::{router as site, session_for, world};
        use app::api::accounts::{ANONYMOUS_VIEWER, VIEWER_HEADER};
        let w = world(&pool).await;
        let site = site(&pool, app::auth::sms::MemorySms::default());
        let worker = w
            .callers
            .iter()
            .find_map(|(name, id)| (*name == "worker").then_some(*id).flatten())
            .expect("worker");
        let session = session_for(&pool, worker).await;
        for path in [
            "/",
            "/?q=%E5%B8%AE%E5%8E%A8",
            "/markets",
            "/postings/999999999",
        ] {
            for (session, viewer) in [
                (None, ANONYMOUS_VIEWER.to_owned()),
                (Some(&session), format!("account-{worker}")),
            ] {
                let mut request = Request::get(path);
                if let Some(session) = session {
                    request = request.header(header::COOKIE, format!("lingong_session={session}"));
                }
                let response = site
                    .clone()
                    .oneshot(request.body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                assert_eq!(
                    response
                        .headers()
                        .get(VIEWER_HEADER)
                        .map(|v| v.to_str().unwrap()),
                    Some(viewer.as_str()),
                    "{path}"
                );
            }
        }
    }
}

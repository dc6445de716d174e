//! The site's bundles (`/pkg/…`: the Wasm, its JS and the stylesheet), brotli-compressed once at the
//! highest quality and kept in memory.
//!
//! Compressing on the fly has to be quick, so it is light: the job seeker's Wasm went over the wire as
//! 686 KB, against 519 KB at brotli's highest quality. The bundles only change with a new build, which
//! restarts the server, so each is compressed once, in the background after start; until then, and for
//! browsers without brotli, the files are served as before.
//!
//! Release builds only: a development build's Wasm is several megabytes, changes with every rebuild and
//! crosses no weak network, and compressing it at the highest quality would only take CPU from the tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use app::BundleNames;

/// Files worth compressing: text and Wasm (images and fonts are compressed already).
const COMPRESSIBLE: [&str; 3] = ["wasm", "js", "css"];

#[derive(Clone, Debug)]
pub struct Bundles {
    dir: PathBuf,
    names: BundleNames,
    compressed: Arc<RwLock<HashMap<String, Bytes>>>,
}

impl Bundles {
    /// The bundles in `dir` (the site's `pkg` directory), named `names`, none compressed yet.
    pub fn new(dir: impl Into<PathBuf>, names: BundleNames) -> Bundles {
        Bundles {
            dir: dir.into(),
            names,
            compressed: Arc::default(),
        }
    }

    pub fn names(&self) -> &BundleNames {
        &self.names
    }

    /// How long browsers and proxies may keep a bundle: a year, never asking again, when its name
    /// carries its content's hash (a new build has new names); otherwise ask every time.
    fn cache_control(&self) -> HeaderValue {
        if self.names.hashed {
            HeaderValue::from_static("public, max-age=31536000, immutable")
        } else {
            HeaderValue::from_static("no-cache")
        }
    }

    /// Compresses every bundle on a thread of its own (about a second of CPU per megabyte) and keeps
    /// the results; in a release build only. Not on the runtime's blocking pool: a shutdown would wait
    /// for it. A file that cannot be read is logged and served uncompressed.
    pub fn spawn_compression(&self) {
        if cfg!(debug_assertions) {
            return;
        }
        let bundles = self.clone();
        let spawned = std::thread::Builder::new()
            .name("bundle-compression".to_owned())
            .spawn(move || bundles.compress_all());
        if let Err(error) = spawned {
            tracing::warn!(%error, "cannot start compressing the bundles");
        }
    }

    fn compress_all(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            tracing::warn!(dir = %self.dir.display(), "no bundles to compress");
            return;
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            let compressible = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COMPRESSIBLE.contains(&e));
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !compressible {
                continue;
            }
            match compress(&path) {
                Ok(bytes) => {
                    tracing::info!(file = name, bytes = bytes.len(), "bundle compressed");
                    self.compressed
                        .write()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .insert(name.to_owned(), bytes);
                }
                Err(error) => tracing::warn!(file = name, %error, "cannot compress bundle"),
            }
        }
    }

    fn get(&self, name: &str) -> Option<Bytes> {
        self.compressed
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(name)
            .cloned()
    }
}

fn compress(path: &Path) -> std::io::Result<Bytes> {
    let input = std::fs::read(path)?;
    let mut output = Vec::with_capacity(input.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut input.as_slice(), &mut output, &params)?;
    Ok(Bytes::from(output))
}

/// `GET /pkg/{file}`: the compressed bundle when the browser takes brotli and it is ready, the file
/// otherwise.
pub async fn serve(State(bundles): State<Bundles>, request: Request) -> Response {
    let name = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let takes_brotli = request
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| coding.split(';').next().map(str::trim) == Some("br"));
    if takes_brotli {
        if let Some(bytes) = bundles.get(&name) {
            let content_type = mime_type(&name);
            return (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                    (header::CONTENT_ENCODING, HeaderValue::from_static("br")),
                    (header::VARY, HeaderValue::from_static("accept-encoding")),
                    (header::CACHE_CONTROL, bundles.cache_control()),
                ],
                Body::from(bytes),
            )
                .into_response();
        }
    }
    // The stripped path: ServeDir serves from the pkg directory itself.
    let mut request = request;
    *request.uri_mut() = match format!("/{name}").parse() {
        Ok(uri) => uri,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    match ServeDir::new(&bundles.dir).oneshot(request).await {
        Ok(response) => {
            let mut response = response.into_response();
            if response.status().is_success() {
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, bundles.cache_control());
            }
            response
        }
        Err(error) => match error {},
    }
}

fn mime_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;

    fn router(bundles: Bundles) -> Router {
        Router::new()
            .route("/pkg/{file}", get(serve))
            .with_state(bundles)
    }

    async fn fetch(router: &Router, path: &str, accept: Option<&str>) -> Response {
        let mut request = Request::builder().uri(path);
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_ENCODING, accept);
        }
        router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn bundles_go_out_compressed_once_ready_and_as_files_otherwise() {
        let dir = std::env::temp_dir().join(format!("lingong-bundles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Compressible but not trivially: a repeated, varied text.
        let wasm: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(dir.join("site.wasm"), &wasm).unwrap();
        std::fs::write(dir.join("logo.png"), b"not compressed").unwrap();
        let names = BundleNames {
            js: "site.js".into(),
            wasm: "site.wasm".into(),
            css: "site.css".into(),
            hashed: true,
        };
        let bundles = Bundles::new(&dir, names);
        let router = router(bundles.clone());

        // Before compression: the file itself.
        let response = fetch(&router, "/pkg/site.wasm", Some("gzip, br")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());

        bundles.compress_all();
        let response = fetch(&router, "/pkg/site.wasm", Some("gzip, deflate, br;q=1")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(body.len() < wasm.len() / 10);
        let mut decompressed = Vec::new();
        brotli::BrotliDecompress(&mut body.as_ref(), &mut decompressed).unwrap();
        assert_eq!(decompressed, wasm);

        // A browser without brotli, and a file that is not compressed, get the file.
        let response = fetch(&router, "/pkg/site.wasm", Some("gzip")).await;
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(body.as_ref(), wasm.as_slice());
        let response = fetch(&router, "/pkg/logo.png", Some("br")).await;
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(
            fetch(&router, "/pkg/missing.wasm", Some("br"))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! The HTTP side: router, middleware and the listener.

use std::time::Duration;

use app::db::replicas::{ReplicaSettings, Replicas};
use app::live::jobs::JobSettings;
use app::model::MapSettings;
use app::state::{AppState, AuthSettings, Settings};
use app::{shell, App, BundleNames};
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::config::Env;
use leptos::prelude::*;
use leptos_axum::{generate_route_list_with_exclusions_and_ssg_and_context, LeptosRoutes};
use sqlx::PgPool;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::bundles::Bundles;
use crate::config::ServeArgs;
use crate::StartupError;

/// The site's bundles, in the pkg directory under the site root.
pub fn bundles(options: &LeptosOptions) -> Bundles {
    Bundles::new(
        std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir),
        BundleNames::of_this_build(options),
    )
}

pub fn router(state: AppState, bundles: Bundles) -> Router {
    // Listing the routes renders the app once; its server functions (who is signed in) need the state
    // then as on every request, or they log its absence.
    let (routes, _) = generate_route_list_with_exclusions_and_ssg_and_context(App, None, {
        let state = state.clone();
        move || provide_context(state.clone())
    });
    let pkg = format!("/{}/{{file}}", state.leptos_options.site_pkg_dir);
    let names = bundles.names().clone();
    Router::new()
        .route("/healthz", get(healthz))
        .merge(app::http::routes())
        .merge(app::public_api::routes(&state))
        .merge(crate::pwa::Pwa::new(&names, &state.leptos_options.site_pkg_dir).routes())
        .merge(
            Router::new()
                .route(&pkg, get(crate::bundles::serve))
                .with_state(bundles),
        )
        .leptos_routes_with_context(&state, routes, crate::security::provide_request_nonce, {
            let (options, names) = (state.leptos_options.clone(), names.clone());
            move || shell(options.clone(), names.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            crate::security::provide_request_nonce,
            move |options| shell(options, names.clone()),
        ))
        // Outermost last: the client's address is known before the CSRF check runs, and a refused
        // request never asks the primary for its position.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            app::http::read_floor::track,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            app::auth::csrf::protect,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            app::auth::client_ip_layer,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::security::headers,
        ))
        .layer(middleware::from_fn(crate::caching::headers))
        .layer(CompressionLayer::new())
        // The last line of defence, not a fix: a panic answers 500 and is logged, and the connection
        // and the other requests on it live on.
        .layer(CatchPanicLayer::custom(answer_panic))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// What a request that panicked gets: a plain 500, with the panic in the log for the developers.
fn answer_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "a request panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        "内部错误，请稍后再试。Internal error, please try again later.",
    )
        .into_response()
}

/// For load balancers, operators and the test scripts: 200 when the primary answers, 503 when it does
/// not. The body says so and how each replica stands (in use, lagging, unreachable, not a standby, with
/// its lag): a replica taken out makes reads go to the primary, not the instance unhealthy.
async fn healthz(State(state): State<AppState>) -> axum::response::Response {
    let primary = tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query("SELECT 1").execute(&state.pool),
    )
    .await;
    let up = matches!(primary, Ok(Ok(_)));
    let body = axum::Json(serde_json::json!({
        "database": if up { "ok" } else { "unavailable" },
        "replicas": state.replicas.health(),
    }));
    if up {
        (StatusCode::OK, body).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, "5")],
            body,
        )
            .into_response()
    }
}

/// Leptos's settings, from the build (cargo-leptos records the output name at compile time) and the
/// environment, so the binary runs the same whether or not it was started by cargo-leptos.
fn leptos_options(args: &ServeArgs) -> LeptosOptions {
    let env = std::env::var("LEPTOS_ENV")
        .ok()
        .filter(|e| e.eq_ignore_ascii_case("prod") || e.eq_ignore_ascii_case("production"));
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("lingong"))
        .site_root(std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".to_owned()))
        .site_pkg_dir(std::env::var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|_| "pkg".to_owned()))
        .env(if env.is_some() { Env::PROD } else { Env::DEV })
        .site_addr(args.addr)
        .build()
}

/// The share cards' font, if one is configured and readable: without it the site works, only without
/// share images, so a missing font is a warning, not a failed start.
fn share_cards(path: &str) -> Option<app::http::share_card::CardFont> {
    if path.is_empty() {
        return None;
    }
    match app::http::share_card::CardFont::load(std::path::Path::new(path)) {
        Ok(font) => Some(font),
        Err(error) => {
            tracing::warn!(%error, "no share cards: install fonts-noto-cjk or set LINGONG_CARD_FONT");
            None
        }
    }
}

pub async fn serve(
    pool: PgPool,
    replicas: Vec<(String, PgPool)>,
    args: ServeArgs,
) -> Result<(), StartupError> {
    let sms = app::auth::sms::from_config(&args.sms).map_err(StartupError::Config)?;
    let replicas = Replicas::new(
        pool.clone(),
        replicas,
        ReplicaSettings {
            max_lag: Duration::from_millis(args.replica_max_lag_ms),
            ..ReplicaSettings::default()
        },
    );
    let settings = Settings {
        leptos_options: leptos_options(&args),
        map: MapSettings {
            tile_url: args.tile_url.clone(),
            tile_attribution: args.tile_attribution.clone(),
            tile_min_zoom: args.tile_min_zoom.min(args.tile_max_zoom),
            tile_max_zoom: args.tile_max_zoom,
        },
        auth: AuthSettings {
            secure_cookies: args.secure_cookies,
            trust_proxy: args.trust_proxy,
        },
        public_url: args.public_url(),
        sms,
        share_cards: share_cards(&args.card_font),
        jobs: JobSettings {
            reminders_from: args.reminders_from,
        },
        api: app::public_api::ApiSettings {
            anonymous_per_minute: args.api_anonymous_per_minute,
        },
        replicas,
    };

    let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| {
        StartupError::Listen(match e.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "{} is already in use: stop the program using it or choose another address with LINGONG_ADDR",
                args.addr
            ),
            std::io::ErrorKind::AddrNotAvailable => {
                format!("{} is not an address of this machine: fix LINGONG_ADDR", args.addr)
            }
            _ => format!("cannot listen on {}: {e}", args.addr),
        })
    })?;
    // Started once the address is ours: a second server started by mistake does no work before it fails.
    let state = AppState::start(pool, settings);
    let bundles = bundles(&state.leptos_options);
    bundles.spawn_compression();
    let running = state.clone();
    let stopping = state.clone();
    tracing::info!("listening on http://{}", args.addr);
    println!("Lingong is running at http://{}", args.addr);
    // The peer's address feeds the per-address rate limits of sign-in.
    axum::serve(
        listener,
        router(state, bundles).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        running.shut_down();
    })
    .await
    .map_err(StartupError::Serve)?;
    stopping.finished().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

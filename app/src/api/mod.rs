//! Server functions, one module per domain. Each one validates its input on the server (the browser's
//! checks are a convenience only), decides access, and calls into [`crate::db`].

pub mod accounts;
pub mod applications;
pub mod boards;
pub mod client;
pub mod employer;
pub mod map;
pub mod markets;
pub mod matching;
pub mod notifications;
pub mod places;
pub mod postings;
pub mod prefs;
pub mod profiles;
pub mod reports;
pub mod staff;
pub mod trades;

#[cfg(feature = "ssr")]
mod context {
    use leptos::prelude::use_context;
    use sqlx::PgPool;

    use crate::error::AppError;
    use crate::state::AppState;

    /// The pool, from the state `leptos_axum` puts into every server function's context.
    pub fn pool() -> Result<PgPool, AppError> {
        use_context::<AppState>()
            .map(|state| state.pool)
            .ok_or_else(|| {
                tracing::error!("AppState missing from the server-function context");
                AppError::Internal
            })
    }

    /// Gives a failed server function the status its error deserves: 400 for bad input rather than the
    /// framework's blanket 500, so clients, logs and monitors can tell a caller's mistake from an outage.
    ///
    /// Not for a plain form's post: that browser wants its page back, and the framework
    /// redirects it there with the error in the address, which a status set here would replace.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                if !wants_page_back() {
                    response.set_status(error.status());
                    if let Some(seconds) = error.retry_after_s() {
                        response.insert_header(
                            axum::http::header::RETRY_AFTER,
                            axum::http::HeaderValue::from(seconds),
                        );
                    }
                }
            }
        }
        result
    }

    /// The framework's test before it redirects a form's browser back (HTML wanted), on a form's post;
    /// a page rendered on the server also wants HTML but is a GET, and keeps its error status.
    pub fn wants_page_back() -> bool {
        use_context::<axum::http::request::Parts>().is_some_and(|parts| {
            parts.method == axum::http::Method::POST
                && parts
                    .headers
                    .get(axum::http::header::ACCEPT)
                    .and_then(|accept| accept.to_str().ok())
                    .is_some_and(|accept| accept.contains("text/html"))
        })
    }

    /// Where a plain form about a posting sends the browser back: the
    /// posting's page as the person had it, marked `{mark}=1` to say what happened, at `#{anchor}`.
    pub fn posting_page_after(posting_id: i64, mark: &str, anchor: &str) -> String {
        let referer = request_headers()
            .get(axum::http::header::REFERER)
            .and_then(|r| r.to_str().ok())
            .map(str::to_owned);
        posting_page_marked(posting_id, referer.as_deref(), mark, anchor)
    }

    /// The posting's page as the referer had it (its query keeps the point distances are measured
    /// from), marked; the plain page if the referer is another page, or missing.
    pub fn posting_page_marked(
        posting_id: i64,
        referer: Option<&str>,
        mark: &str,
        anchor: &str,
    ) -> String {
        let page = format!("/postings/{posting_id}");
        let query = referer
            .and_then(|r| r.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
            .map(|path| path.split('#').next().unwrap_or_default())
            .and_then(|path| match path.split_once('?') {
                Some((path, query)) => (path == page).then_some(query),
                None => (path == page).then_some(""),
            })
            .unwrap_or_default();
        let kept: Vec<&str> = query
            .split('&')
            // Neither an earlier mark nor an earlier error (which the framework puts in the address).
            .filter(|pair| {
                !pair.is_empty()
                    && !["reported=", "applied=", "__path=", "__err="]
                        .iter()
                        .any(|name| pair.starts_with(name))
            })
            .collect();
        let mut target = page;
        target.push('?');
        for pair in kept {
            target.push_str(pair);
            target.push('&');
        }
        target.push_str(&format!("{mark}=1#{anchor}"));
        target
    }

    pub use crate::calendar::today;

    use crate::auth::{Action, Caller, Denial, Principal};
    use crate::db::audit::{self, Record};

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            AppError::Internal
        })
    }

    /// The caller of this request, from its session.
    pub async fn caller(pool: &PgPool) -> Result<Caller, AppError> {
        Ok(crate::auth::current(pool).await?.0)
    }

    /// Decides `action` for this request's caller (see [`crate::auth::access`]). A refusal is logged, and
    /// a signed-in caller's refusal also goes to the audit log, so staff can see probing.
    pub async fn authorize(pool: &PgPool, action: Action) -> Result<Principal, AppError> {
        let caller = caller(pool).await?;
        authorize_as(pool, &caller, action).await
    }

    /// [`authorize`] for a caller already loaded, when one request decides more than one action.
    pub async fn authorize_as(
        pool: &PgPool,
        caller: &Caller,
        action: Action,
    ) -> Result<Principal, AppError> {
        match crate::auth::decide(caller, &action) {
            Ok(principal) => Ok(principal.clone()),
            Err(denial) => {
                tracing::warn!(?action, ?denial, "refused");
                if let Caller::SignedIn(p) = caller {
                    let mut conn = pool.acquire().await.map_err(crate::db::DbError::from)?;
                    audit::record(
                        &mut conn,
                        Record {
                            actor: Some((p.role, p.account_id)),
                            action: action_name(&action),
                            subject_table: "access",
                            subject_id: None,
                            before: None,
                            after: Some(serde_json::json!({ "requested": format!("{action:?}") })),
                            refused: true,
                        },
                    )
                    .await?;
                }
                Err(match denial {
                    Denial::Unauthenticated => AppError::Unauthenticated,
                    Denial::Forbidden => AppError::Forbidden,
                })
            }
        }
    }

    fn action_name(action: &Action) -> &'static str {
        match action {
            Action::ManageOwnSession => "manage_own_session",
            Action::SetOwnPassword => "set_own_password",
            Action::ManageOwnWorkerProfile => "manage_own_worker_profile",
            Action::RegisterOrganisation => "register_organisation",
            Action::EditOrganisation { .. } => "edit_organisation",
            Action::ReviewAsStaff => "review_as_staff",
            Action::DecideEmployer { .. } => "decide_employer",
            Action::SuspendAccount { .. } => "suspend_account",
            Action::RegisterWalkIn { .. } => "register_walk_in",
            Action::ReadAudit => "read_audit",
            Action::PostAsEmployer => "post_as_employer",
            Action::ManagePosting { .. } => "manage_posting",
            Action::ActAsWorker => "act_as_worker",
            Action::ReadOwnNotifications => "read_own_notifications",
            Action::HandleReport { .. } => "handle_report",
            Action::ReadAreaFigures { .. } => "read_area_figures",
        }
    }

    /// Adds a header to this server function's response (cookies).
    pub fn append_header(name: axum::http::HeaderName, value: axum::http::HeaderValue) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(name, value);
        }
    }

    /// Tells the browser to forget its session cookie (signed out, or the account is gone).
    pub fn clear_session_cookie(state: &AppState) {
        let secure = crate::auth::session::wants_secure_cookies(&state.auth, &request_headers());
        append_header(
            axum::http::header::SET_COOKIE,
            crate::auth::session::clear_cookie(secure),
        );
    }

    pub fn request_headers() -> axum::http::HeaderMap {
        use_context::<axum::http::request::Parts>()
            .map(|parts| parts.headers)
            .unwrap_or_default()
    }

    /// Text of a free-form field: trimmed, at most `max` characters, no control characters.
    pub fn clean_text(input: &str, max: usize, field: &str) -> Result<String, AppError> {
        let text = input.trim();
        if text.chars().count() > max || text.chars().any(|c| c.is_control()) {
            return Err(AppError::invalid_field(field));
        }
        Ok(text.to_owned())
    }
}

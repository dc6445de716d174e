//! Signing in and out. Codes and passwords are checked in [`crate::auth::sign_in`]; these functions are
//! the boundary: they parse what the browser sent and set or clear the cookie.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::SessionUser;

/// The response header that says whom a page was rendered for: [`ANONYMOUS_VIEWER`] or `account-<id>`.
/// The service worker keeps a public page for a return visit without a network only when it says so, and
/// forgets a signed-in person's pages as soon as one comes for anyone else (`server/src/pwa/sw.js`).
pub const VIEWER_HEADER: &str = "lingong-viewer";
pub const ANONYMOUS_VIEWER: &str = "anonymous";

/// Who is signed in on this browser, if anyone. Every page asks; the answer carries no full number.
#[server(prefix = "/api", endpoint = "account/me", client = CsrfClient)]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let user = crate::auth::current(&pool).await?.1;
            let viewer = match &user {
                Some(user) => format!("account-{}", user.account_id),
                None => ANONYMOUS_VIEWER.to_owned(),
            };
            if let Ok(value) = axum::http::HeaderValue::from_str(&viewer) {
                super::context::insert_header(
                    axum::http::HeaderName::from_static(VIEWER_HEADER),
                    value,
                );
            }
            Ok(user)
        }
        .await,
    )
}

/// Sends a sign-in code to the phone. The answer is the same whether or not the number has an account.
///
/// `role` is what the sign-in form had chosen, sent only by a form posted before the Wasm arrived: its
/// page comes back from the server, which remembers the number and the role for it
/// ([`crate::auth::code_sent`]).
#[server(prefix = "/api", endpoint = "account/code", client = CsrfClient)]
pub async fn request_code(
    phone: String,
    #[server(default)] role: Option<String>,
) -> Result<(), AppError> {
    super::context::respond(
        async {
            let phone = crate::model::Phone::parse(&phone)
                .ok_or_else(|| AppError::invalid_field("phone"))?;
            let state = super::context::state()?;
            let lang = crate::prefs::from_request().lang;
            crate::auth::sign_in::send_code(
                &state.pool,
                state.sms.as_ref(),
                &phone,
                crate::auth::client_ip(),
                lang,
            )
            .await?;
            if super::context::wants_page_back() {
                let secure = crate::auth::session::wants_secure_cookies(
                    &state.auth,
                    &super::context::request_headers(),
                );
                super::context::append_header(
                    axum::http::header::SET_COOKIE,
                    crate::auth::code_sent::set_cookie(
                        &phone,
                        role.as_deref() == Some("employer"),
                        secure,
                    ),
                );
            }
            Ok(())
        }
        .await,
    )
}

/// The code this browser asked for in the last minutes without the Wasm, if any; see [`request_code`].
#[server(prefix = "/api", endpoint = "account/code-sent", client = CsrfClient)]
pub async fn code_sent() -> Result<Option<crate::model::CodeSent>, AppError> {
    Ok(crate::auth::code_sent::from(
        &super::context::request_headers(),
    ))
}

/// Signs in with the code sent by SMS; a first sign-in creates the account with the chosen role
/// (`worker`, the default, or `employer`). Returns where to go next.
#[server(prefix = "/api", endpoint = "account/sign-in", client = CsrfClient)]
pub async fn sign_in_with_code(
    phone: String,
    code: String,
    role: Option<String>,
    #[server(default)] next: Option<String>,
) -> Result<String, AppError> {
    use crate::model::Role;
    super::context::respond(
        async {
            let phone = crate::model::Phone::parse(&phone)
                .ok_or_else(|| AppError::invalid_field("phone"))?;
            let code = crate::model::parse_code(&code).ok_or(AppError::CodeRejected)?;
            let new_role = match role.as_deref() {
                None | Some("") | Some("worker") => Role::Worker,
                Some("employer") => Role::Employer,
                Some(_) => return Err(AppError::invalid_field("role")),
            };
            let state = super::context::state()?;
            let ip = crate::auth::client_ip();
            let (account_id, role) =
                crate::auth::sign_in::check_code(&state.pool, &phone, &code, new_role, ip).await?;
            start(&state, account_id, role, ip, next.as_deref()).await
        }
        .await,
    )
}

/// Signs in with a password (employers and staff who set one).
#[server(prefix = "/api", endpoint = "account/sign-in-password", client = CsrfClient)]
pub async fn sign_in_with_password(
    phone: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<String, AppError> {
    super::context::respond(
        async {
            let phone = crate::model::Phone::parse(&phone).ok_or(AppError::CredentialsRejected)?;
            if password.chars().count() > crate::auth::password::MAX_CHARS {
                return Err(AppError::CredentialsRejected);
            }
            let state = super::context::state()?;
            let ip = crate::auth::client_ip();
            let (account_id, role) =
                crate::auth::sign_in::check_password(&state.pool, &phone, &password, ip).await?;
            start(&state, account_id, role, ip, next.as_deref()).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn start(
    state: &crate::state::AppState,
    account_id: i64,
    role: crate::model::Role,
    ip: Option<std::net::IpAddr>,
    next: Option<&str>,
) -> Result<String, AppError> {
    let headers = super::context::request_headers();
    let secure = crate::auth::session::wants_secure_cookies(&state.auth, &headers);
    let cookie = crate::auth::sign_in::start_session(
        &state.pool,
        account_id,
        role,
        crate::auth::current_session_hash(),
        &headers,
        secure,
        ip,
    )
    .await?;
    super::context::append_header(axum::http::header::SET_COOKIE, cookie);
    super::context::append_header(
        axum::http::header::SET_COOKIE,
        crate::auth::code_sent::clear_cookie(secure),
    );
    tracing::info!(account_id, role = role.as_str(), "signed in");
    // Back to the page that asked for signing in (checked again here: the address is the browser's),
    // or to the account's own page.
    let next = next
        .and_then(crate::model::return_path::return_path)
        .unwrap_or_else(|| {
            match role {
                crate::model::Role::Staff | crate::model::Role::Admin => "/staff",
                _ => "/me",
            }
            .to_owned()
        });
    // A form posted before the Wasm arrived goes on there itself, rather than back to the sign-in page.
    if super::context::wants_page_back() {
        leptos_axum::redirect(&next);
    }
    Ok(next)
}

/// Ends this browser's session, or every session of the account (`everywhere`).
#[server(prefix = "/api", endpoint = "account/sign-out", client = CsrfClient)]
pub async fn sign_out(everywhere: bool) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let state = super::context::state()?;
            let principal =
                super::context::authorize(&state.pool, Action::ManageOwnSession).await?;
            let mut conn = state.pool.acquire().await?;
            if everywhere {
                crate::db::auth::delete_sessions_of(&mut conn, principal.account_id).await?;
            } else if let Some(hash) = crate::auth::current_session_hash() {
                crate::db::auth::delete_session(&mut conn, &hash).await?;
            }
            super::context::clear_session_cookie(&state);
            tracing::info!(account_id = principal.account_id, everywhere, "signed out");
            // As the page does once the Wasm runs: the account page means nothing signed out.
            if super::context::wants_page_back() {
                leptos_axum::redirect("/");
            }
            Ok(())
        }
        .await,
    )
}

/// Sets or replaces the optional password of an employer, staff or admin account.
#[server(prefix = "/api", endpoint = "account/password", client = CsrfClient)]
pub async fn set_password(password: String) -> Result<(), AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let state = super::context::state()?;
            let principal = super::context::authorize(&state.pool, Action::SetOwnPassword).await?;
            if !crate::auth::password::acceptable(&password) {
                return Err(AppError::invalid_field("password"));
            }
            let hash = crate::auth::password::hash(password).await?;
            let mut conn = state.pool.acquire().await?;
            crate::db::accounts::set_password_hash(&mut conn, principal.account_id, &hash).await?;
            Ok(())
        }
        .await,
    )
}

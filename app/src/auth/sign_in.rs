//! Signing in: one-time codes by SMS (everyone) and passwords (employers and staff who set one), each
//! rate-limited per phone and per address, then a fresh session.
//!
//! Every answer is the same whether or not the phone has an account: a code is "sent" to any valid
//! number, and a wrong password reads like an unknown number.

use std::net::IpAddr;

use axum::http::{header, HeaderMap};
use sqlx::{PgConnection, PgPool};
use subtle::ConstantTimeEq;

use super::sms::{code_message, SmsGateway};
use super::{session, token};
use crate::db::accounts::{self, AccountRow};
use crate::db::audit::{self, Record};
use crate::db::auth::{self as store, AuthEvent};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{Phone, Role};

/// Minutes a code stays valid.
pub const CODE_VALID_MINUTES: i64 = 5;
/// Wrong guesses before a code dies.
pub const CODE_MAX_ATTEMPTS: i16 = 5;

/// A limit: at most `max` events within `window_s` seconds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limit {
    pub max: i64,
    pub window_s: i64,
}

const SEND_PER_PHONE: [Limit; 3] = [
    Limit {
        max: 1,
        window_s: 60,
    },
    Limit {
        max: 5,
        window_s: 3600,
    },
    Limit {
        max: 10,
        window_s: 86_400,
    },
];
const SEND_PER_IP: [Limit; 1] = [Limit {
    max: 30,
    window_s: 3600,
}];
/// Ten wrong codes within an hour lock the phone out of code sign-in for the rest of that hour.
const CODE_FAILURES_PER_PHONE: [Limit; 1] = [Limit {
    max: 10,
    window_s: 3600,
}];
const CODE_FAILURES_PER_IP: [Limit; 1] = [Limit {
    max: 50,
    window_s: 3600,
}];
const PASSWORD_FAILURES_PER_PHONE: [Limit; 1] = [Limit {
    max: 5,
    window_s: 900,
}];
const PASSWORD_FAILURES_PER_IP: [Limit; 1] = [Limit {
    max: 50,
    window_s: 3600,
}];

pub(crate) async fn enforce(
    conn: &mut PgConnection,
    kind: AuthEvent,
    phone: Option<&str>,
    ip: Option<IpAddr>,
    limits: &[Limit],
) -> Result<(), AppError> {
    if phone.is_none() && ip.is_none() {
        return Ok(());
    }
    for limit in limits {
        let (count, retry_after_s) =
            store::count_events(conn, kind, phone, ip, limit.window_s).await?;
        if count >= limit.max {
            tracing::warn!(
                ?kind,
                phone = phone.map(crate::model::mask_phone),
                ?ip,
                "rate limit reached"
            );
            return Err(AppError::RateLimited {
                retry_after_s: retry_after_s.clamp(1, limit.window_s) as u32,
            });
        }
    }
    Ok(())
}

/// Sends a sign-in code to the phone, whoever owns it.
pub async fn send_code(
    pool: &PgPool,
    sms: &dyn SmsGateway,
    phone: &Phone,
    ip: Option<IpAddr>,
    lang: Lang,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    store::lock_phone(&mut tx, phone.as_str()).await?;
    enforce(
        &mut tx,
        AuthEvent::CodeSent,
        Some(phone.as_str()),
        None,
        &SEND_PER_PHONE,
    )
    .await?;
    enforce(&mut tx, AuthEvent::CodeSent, None, ip, &SEND_PER_IP).await?;
    let code = token::random_code();
    let hash = token::digest(&[phone.as_str(), &code]);
    store::insert_code(&mut tx, phone.as_str(), &hash, CODE_VALID_MINUTES * 60, ip).await?;
    store::record_event(&mut tx, AuthEvent::CodeSent, Some(phone.as_str()), ip).await?;
    // Sent before committing: if the gateway fails, the code and the count are rolled back with it.
    sms.send(&code_message(phone, &code, lang, CODE_VALID_MINUTES))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "SMS gateway failed");
            AppError::Unavailable
        })?;
    tx.commit().await?;
    Ok(())
}

/// Checks a code. On success the code is spent and the account (created on first sign-in with the role
/// the person chose, `worker` or `employer`) is returned.
pub async fn check_code(
    pool: &PgPool,
    phone: &Phone,
    code: &str,
    new_account_role: Role,
    ip: Option<IpAddr>,
) -> Result<(i64, Role), AppError> {
    let mut tx = pool.begin().await?;
    store::lock_phone(&mut tx, phone.as_str()).await?;
    enforce(
        &mut tx,
        AuthEvent::CodeFailed,
        Some(phone.as_str()),
        None,
        &CODE_FAILURES_PER_PHONE,
    )
    .await?;
    enforce(
        &mut tx,
        AuthEvent::CodeFailed,
        None,
        ip,
        &CODE_FAILURES_PER_IP,
    )
    .await?;

    let live = store::live_code(&mut tx, phone.as_str()).await?;
    let expected = token::digest(&[phone.as_str(), code]);
    let live = match live {
        Some(live) if bool::from(live.code_hash.as_slice().ct_eq(&expected[..])) => live,
        other => {
            if let Some(live) = other {
                store::code_failed(&mut tx, live.id, CODE_MAX_ATTEMPTS).await?;
            }
            store::record_event(&mut tx, AuthEvent::CodeFailed, Some(phone.as_str()), ip).await?;
            tx.commit().await?;
            return Err(AppError::CodeRejected);
        }
    };
    store::consume_code(&mut tx, live.id).await?;

    let account = match accounts::find_by_phone(&mut tx, phone.as_str()).await? {
        Some(account) => existing(&account)?,
        None => match new_account_role {
            Role::Worker => {
                let created = accounts::create_worker_account(&mut tx, phone.as_str()).await?;
                if created.claimed_walk_in {
                    audit::record(
                        &mut tx,
                        Record {
                            actor: Some((Role::Worker, created.account_id)),
                            action: "claim_walk_in_profile",
                            subject_table: "workers",
                            subject_id: Some(created.worker_id),
                            before: None,
                            after: None,
                            refused: false,
                        },
                    )
                    .await?;
                }
                (created.account_id, Role::Worker)
            }
            Role::Employer => (
                accounts::create_employer_account(&mut tx, phone.as_str()).await?,
                Role::Employer,
            ),
            // Staff and admin accounts are made by administrators, never by signing up.
            Role::Staff | Role::Admin => return Err(AppError::invalid_field("role")),
        },
    };
    tx.commit().await?;
    Ok(account)
}

fn existing(account: &AccountRow) -> Result<(i64, Role), AppError> {
    if account.suspended() {
        return Err(AppError::Suspended);
    }
    Ok((account.id, account.role()?))
}

/// Checks a phone and password. Unknown phone, no password set and wrong password look the same.
pub async fn check_password(
    pool: &PgPool,
    phone: &Phone,
    password: &str,
    ip: Option<IpAddr>,
) -> Result<(i64, Role), AppError> {
    let mut conn = pool.acquire().await?;
    enforce(
        &mut conn,
        AuthEvent::PasswordFailed,
        Some(phone.as_str()),
        None,
        &PASSWORD_FAILURES_PER_PHONE,
    )
    .await?;
    enforce(
        &mut conn,
        AuthEvent::PasswordFailed,
        None,
        ip,
        &PASSWORD_FAILURES_PER_IP,
    )
    .await?;
    let account = accounts::find_by_phone(&mut conn, phone.as_str()).await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    if super::password::verify(password.to_owned(), stored).await {
        if let Some(account) = &account {
            return existing(account);
        }
    }
    store::record_event(
        &mut conn,
        AuthEvent::PasswordFailed,
        Some(phone.as_str()),
        ip,
    )
    .await?;
    Err(AppError::CredentialsRejected)
}

/// Starts a session for the account, ending the one the browser came with (so a token planted before
/// sign-in is worthless after it), and returns the `Set-Cookie` header value.
pub async fn start_session(
    pool: &PgPool,
    account_id: i64,
    role: Role,
    previous: Option<[u8; 32]>,
    request_headers: &HeaderMap,
    secure: bool,
    ip: Option<IpAddr>,
) -> Result<header::HeaderValue, AppError> {
    let lifetime = session::lifetime(role);
    let token = token::random_hex();
    let user_agent = request_headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let mut tx = pool.begin().await?;
    if let Some(previous) = previous {
        store::delete_session(&mut tx, &previous).await?;
    }
    store::insert_session(
        &mut tx,
        &token::digest(&[&token]),
        account_id,
        lifetime.idle_s,
        lifetime.absolute_s,
        user_agent,
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok(session::set_cookie(&token, lifetime.absolute_s, secure))
}

//! The optional password of employer and staff accounts: Argon2id with the crate's default (OWASP)
//! parameters, run on the blocking pool so a burst of sign-ins cannot stall the async workers.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::AppError;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// A password worth storing: long enough, not absurdly long (hashing cost), not all one character.
pub fn acceptable(password: &str) -> bool {
    let n = password.chars().count();
    (MIN_CHARS..=MAX_CHARS).contains(&n)
        && password.chars().any(|c| Some(c) != password.chars().next())
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|_| AppError::Internal)?;
        let salt = SaltString::encode_b64(&salt).map_err(|_| AppError::Internal)?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|_| AppError::Internal)
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Checks a password against a stored hash. With no stored hash (unknown phone, or no password set) a
/// fixed hash is checked instead, so the answer takes as long either way and says nothing about which.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && known
    })
    .await
    .unwrap_or(false)
}

/// The hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZqX5vJm1r7jv8E0bH0r1xw5bD6m2J3qkq9n9p1Yx2aA";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_round_trip_and_unknown_accounts_never_match() {
        let stored = hash("correct horse".to_owned()).await.expect("hash");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse".to_owned(), Some(stored.clone())).await);
        assert!(!verify("wrong horse".to_owned(), Some(stored)).await);
        assert!(!verify("anything".to_owned(), None).await);
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(acceptable("abcdefgh") && !acceptable("aaaaaaaa") && !acceptable("short"));
    }
}

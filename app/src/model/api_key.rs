//! Partners' keys to the public read API (`/api/v1`), as admins see and make them.

use serde::{Deserialize, Serialize};

/// The most requests a minute an admin may give a key.
pub const API_KEY_PER_MINUTE_MAX: u32 = 100_000;

/// A partner's name on a key, in characters.
pub const API_KEY_PARTNER_MAX_CHARS: usize = 80;

/// A key as the admins' list shows it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: i64,
    /// The partner platform or organisation it was given to.
    pub partner: String,
    /// `lg_` and eight hex digits: how the key is told apart (the secret starts with it).
    pub prefix: String,
    pub per_minute: u32,
    /// The partner may push postings (`/api/v1/import/postings.jsonl`), not only read.
    pub may_import: bool,
    /// "YYYY-MM-DD HH:MM", China time.
    pub created_at: String,
    pub created_by: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A key just made: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub key: ApiKey,
    pub secret: String,
}

/// A partner's name as an admin typed it: trimmed, 2–80 characters, no control characters.
pub fn parse_partner(raw: &str) -> Option<String> {
    let partner = raw.trim();
    let length = partner.chars().count();
    ((2..=API_KEY_PARTNER_MAX_CHARS).contains(&length) && !partner.chars().any(char::is_control))
        .then(|| partner.to_owned())
}

/// The shape of a secret: `lg_` and 48 lowercase hex digits. Anything else is not looked up.
pub fn is_well_formed_secret(secret: &str) -> bool {
    secret.len() == 51
        && secret.starts_with("lg_")
        && secret[3..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partners_and_secrets_have_their_shapes() {
        assert_eq!(parse_partner("  苏心聘 "), Some("苏心聘".to_owned()));
        assert_eq!(parse_partner("x"), None);
        assert_eq!(parse_partner(&"长".repeat(81)), None);
        assert_eq!(parse_partner("a\u{0}b"), None);
        assert!(is_well_formed_secret(&format!("lg_{}", "0a".repeat(24))));
        assert!(!is_well_formed_secret(&format!("lg_{}", "0A".repeat(24))));
        assert!(!is_well_formed_secret(&format!("lg_{}", "0a".repeat(23))));
        assert!(!is_well_formed_secret("Bearer lg_"));
    }
}

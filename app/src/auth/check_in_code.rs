//! The check-in code an employer's phone shows (签到码): a TOTP (RFC 6238, the `totp-rs` crate) of the
//! posting's own secret, six digits changing every 30 seconds. Having it proves one stood before that
//! phone just now; a photo of it is stale within a minute.

use totp_rs::{Algorithm, TOTP};

use crate::model::{CHECK_IN_CODE_DIGITS, CHECK_IN_CODE_SECONDS};

fn totp(secret: &[u8]) -> TOTP {
    // One step of grace either side: a code read out as it changes, or a slow network, still counts.
    TOTP::new_unchecked(
        Algorithm::SHA1,
        CHECK_IN_CODE_DIGITS,
        1,
        CHECK_IN_CODE_SECONDS,
        secret.to_vec(),
    )
}

/// The code at `unix_seconds`, and the seconds it stays on screen.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> (String, u64) {
    (
        totp(secret).generate(unix_seconds),
        CHECK_IN_CODE_SECONDS - unix_seconds % CHECK_IN_CODE_SECONDS,
    )
}

/// Whether `code` (as typed: spaces and full-width digits forgiven) is the code of the moment.
pub fn verify(secret: &[u8], code: &str, unix_seconds: u64) -> bool {
    let digits: String = code
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect();
    digits.len() == CHECK_IN_CODE_DIGITS && totp(secret).check(&digits, unix_seconds)
}

pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn matches_the_rfc_6238_reference_values() {
        // RFC 6238 appendix B, SHA-1, truncated to six digits.
        assert_eq!(code_at(SECRET, 59).0, "287082");
        assert_eq!(code_at(SECRET, 1111111109).0, "081804");
        assert_eq!(code_at(SECRET, 59).1, 1);
    }

    #[test]
    fn a_code_lives_one_step_either_side_and_no_longer() {
        let (code, _) = code_at(SECRET, 1_000_000_000);
        assert!(verify(SECRET, &code, 1_000_000_000));
        assert!(verify(SECRET, &code, 1_000_000_000 + 30));
        assert!(!verify(SECRET, &code, 1_000_000_000 + 90));
        assert!(!verify(b"another posting's secret", &code, 1_000_000_000));
        let full_width: String = code
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect();
        assert!(verify(SECRET, &format!(" {full_width} "), 1_000_000_000));
        assert!(!verify(SECRET, &code[..5], 1_000_000_000));
    }
}

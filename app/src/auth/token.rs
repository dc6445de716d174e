//! Secrets made here: session tokens, CSRF tokens and sign-in codes, all from the operating system's
//! random source, and the hashes under which the database keeps them.

use sha2::{Digest, Sha256};

/// 32 random bytes in hex.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A six-digit sign-in code, uniformly distributed (rejection sampling avoids the modulo bias).
pub fn random_code() -> String {
    loop {
        let mut bytes = [0u8; 4];
        fill(&mut bytes);
        let n = u32::from_le_bytes(bytes);
        // The largest multiple of 1,000,000 that fits in a u32.
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// The database keeps only this hash of a token or code.
pub fn digest(parts: &[&str]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        hasher.update([0u8]);
    }
    hasher.finalize().into()
}

fn fill(bytes: &mut [u8]) {
    // Without the OS's random source no secret can be made safely; the server cannot run on.
    getrandom::fill(bytes).expect("the operating system's random source failed");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_codes_have_their_shapes() {
        let a = random_hex();
        assert!(crate::csrf::is_well_formed(&a));
        assert_ne!(a, random_hex());
        for _ in 0..1000 {
            let code = random_code();
            assert!(crate::model::parse_code(&code).is_some(), "{code}");
        }
        assert_ne!(digest(&["ab", "c"]), digest(&["a", "bc"]));
    }
}

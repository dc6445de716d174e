use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A trade (工种) of the taxonomy: a sector when `parent_code` is `None`, else a trade within one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trade {
    pub code: TradeCode,
    pub parent_code: Option<TradeCode>,
    pub name: String,
    pub name_en: String,
}

impl Trade {
    /// The trade's name in the page's language.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name,
            Lang::En => &self.name_en,
        }
    }
}

/// A syntactically valid trade code (`kitchen_helper`). Whether it exists is the database's to say.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TradeCode(String);

impl TradeCode {
    /// Accepts what the database's CHECK accepts: a lower-case letter, then 1–39 of `[a-z0-9_]`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut chars = s.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        (first_ok && rest_ok && (2..=40).contains(&s.len())).then(|| Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TradeCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s).ok_or_else(|| format!("not a trade code: {s:?}"))
    }
}

impl From<TradeCode> for String {
    fn from(code: TradeCode) -> Self {
        code.0
    }
}

impl std::fmt::Display for TradeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_codes_accept_only_the_database_alphabet() {
        assert!(TradeCode::parse("kitchen_helper").is_some());
        assert!(TradeCode::parse("cnc_operator2").is_some());
        for bad in [
            "",
            "k",
            "Kitchen",
            "1abc",
            "帮厨",
            "a-b",
            "x'; drop table trades; --",
            &"a".repeat(41),
        ] {
            assert!(TradeCode::parse(bad).is_none(), "{bad:?} should be refused");
        }
    }
}

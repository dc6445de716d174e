use serde::{Deserialize, Serialize};

/// How a posting pays (计薪方式).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayUnit {
    Hour,
    Day,
    Month,
    /// Per piece (计件).
    Piece,
}

impl PayUnit {
    pub const ALL: [PayUnit; 4] = [PayUnit::Hour, PayUnit::Day, PayUnit::Month, PayUnit::Piece];

    /// The spelling used in the database and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            PayUnit::Hour => "hour",
            PayUnit::Day => "day",
            PayUnit::Month => "month",
            PayUnit::Piece => "piece",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// Formats an amount in fen (分) as yuan without trailing zeros: 20000 → "200", 2250 → "22.5".
pub fn format_pay(cents: i32) -> String {
    let yuan = cents / 100;
    match cents % 100 {
        0 => yuan.to_string(),
        c if c % 10 == 0 => format!("{yuan}.{}", c / 10),
        c => format!("{yuan}.{c:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pay_is_shown_without_trailing_zeros() {
        assert_eq!(format_pay(20000), "200");
        assert_eq!(format_pay(2250), "22.5");
        assert_eq!(format_pay(2205), "22.05");
        assert_eq!(format_pay(100), "1");
    }

    #[test]
    fn pay_units_round_trip_through_their_spelling() {
        for unit in PayUnit::ALL {
            assert_eq!(PayUnit::parse(unit.as_str()), Some(unit));
        }
        assert_eq!(PayUnit::parse("week"), None);
    }
}

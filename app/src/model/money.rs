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

/// Reads an amount of yuan as a person types it ("300", "¥ 287.5", full-width digits) into fen. None
/// for anything else, more than two decimals included: a payment is never silently rounded.
pub fn parse_yuan(input: &str) -> Option<i32> {
    let normal: String = input
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            c => c,
        })
        .collect();
    let (whole, fraction) = normal.split_once('.').unwrap_or((&normal, ""));
    if whole.is_empty()
        || whole.len() > 7
        || fraction.len() > 2
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i32 = whole.parse().ok()?;
    let fraction: i32 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_are_read_as_typed_and_never_rounded() {
        assert_eq!(parse_yuan("300"), Some(30000));
        assert_eq!(parse_yuan(" ¥287.5 "), Some(28750));
        assert_eq!(parse_yuan("３００．０５"), Some(30005));
        assert_eq!(parse_yuan("0.01"), Some(1));
        for bad in ["", "¥", "1.005", "-3", "3e2", "1,000", ".5", "12345678"] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
    }

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

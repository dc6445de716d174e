//! The market's calendar: every market in the province works by China Standard Time.

use chrono::{FixedOffset, NaiveDate, Utc};

/// Today in China Standard Time (UTC+8, no daylight saving).
pub fn today() -> NaiveDate {
    let china = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    Utc::now().with_timezone(&china).date_naive()
}

//! The market's calendar: every market in the province works by China Standard Time.
//!
//! Dates and times are written out by hand here rather than with chrono's `format`: its strftime
//! interpreter is tens of kilobytes of Wasm for the three shapes the pages need.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};

fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Today in China Standard Time (UTC+8, no daylight saving). The server's clock decides: pages are
/// given their day with their data, so a phone with a wrong clock still sees the right day.
#[cfg(feature = "ssr")]
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&china()).date_naive()
}

/// A Chinese wall-clock moment as the moment it is.
#[cfg(feature = "ssr")]
pub fn china_to_utc(at: chrono::NaiveDateTime) -> DateTime<Utc> {
    (at - chrono::Duration::hours(8)).and_utc()
}

/// A moment as a Chinese wall clock shows it, to the minute: `2026-11-28 09:05`.
pub fn china_minute(at: DateTime<Utc>) -> String {
    let at = at.with_timezone(&china());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// A recent moment in China Standard Time without the year: `11-28 09:05`.
pub fn china_month_day_minute(at: DateTime<Utc>) -> String {
    let at = at.with_timezone(&china());
    format!(
        "{:02}-{:02} {:02}:{:02}",
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// A day in English, month abbreviated: `Nov 28`.
pub fn english_month_day(day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", MONTHS[day.month0() as usize], day.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_written_in_china_standard_time() {
        // 17:05 UTC on the 27th is five past one in the morning of the 28th in China.
        let at = DateTime::parse_from_rfc3339("2026-11-27T17:05:09Z")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(china_minute(at), "2026-11-28 01:05");
        assert_eq!(china_month_day_minute(at), "11-28 01:05");
    }

    #[test]
    fn english_days_abbreviate_the_month_and_do_not_pad_the_day() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("valid");
        assert_eq!(english_month_day(day(1, 2)), "Jan 2");
        assert_eq!(english_month_day(day(11, 28)), "Nov 28");
        assert_eq!(english_month_day(day(12, 31)), "Dec 31");
    }
}

//! Free text and clock times as people type them, cleaned before they are stored.

use crate::error::AppError;

/// Text of a free-form field: trimmed, at most `max` characters, no control characters.
pub fn clean_text(input: &str, max: usize, field: &str) -> Result<String, AppError> {
    let text = input.trim();
    if text.chars().count() > max || text.chars().any(|c| c.is_control()) {
        return Err(AppError::invalid_field(field));
    }
    Ok(text.to_owned())
}

/// Like [`clean_text`], for text in paragraphs: line breaks (and tabs) are kept, as `\n`.
pub fn clean_paragraphs(input: &str, max: usize, field: &str) -> Result<String, AppError> {
    let text = input.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.chars().count() > max
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::invalid_field(field));
    }
    Ok(text.to_owned())
}

/// Parses a clock time someone typed ("08:30") on a day, China time.
pub fn china_time_on(
    day: chrono::NaiveDate,
    time: &str,
    field: &str,
) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map_err(|_| AppError::invalid_field(field))?;
    Ok(crate::calendar::china_to_utc(day.and_time(time)))
}

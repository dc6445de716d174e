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

/// The reason a staff decision gives: needed to refuse (cleaned, at most `REASON_MAX_CHARS`), none
/// to approve.
pub fn decision_reason(approve: bool, reason: Option<&str>) -> Result<Option<String>, AppError> {
    match (approve, reason.map(str::trim)) {
        (true, _) => Ok(None),
        (false, Some(reason)) if !reason.is_empty() => Ok(Some(clean_text(
            reason,
            crate::model::REASON_MAX_CHARS,
            "reason",
        )?)),
        (false, _) => Err(AppError::invalid_field("reason")),
    }
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

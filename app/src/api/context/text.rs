//! Free text as people type it, cleaned before it is stored.

use crate::error::AppError;

/// Text of a free-form field: trimmed, at most `max` characters, no control characters.
pub fn clean_text(input: &str, max: usize, field: &str) -> Result<String, AppError> {
    let text = input.trim();
    if text.chars().count() > max || text.chars().any(|c| c.is_control()) {
        return Err(AppError::invalid_field(field));
    }
    Ok(text.to_owned())
}

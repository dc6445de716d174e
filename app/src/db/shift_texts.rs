//! Text messages about a worker's shift (上岗短信), for what must not be missed by someone who closed the
//! browser: accepted, the place cancelled or taken back, the shift changed or called off, and a reminder
//! the evening before. Queued in the transaction of the change into `shift_text_outbox` (sent with the
//! alerts' texts by [`super::alerts::send_texts`]), in the worker's language, never to a worker who
//! turned shift texts off, and held through the quiet hours (21:00–07:00 China time) unless the shift
//! starts before the morning (`lingong_text_send_after`).

use chrono::{NaiveDate, NaiveTime};
use sqlx::PgConnection;

use super::DbError;

/// What a shift text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftText {
    Accepted,
    /// The employer cancelled the place (with its reason).
    PlaceCancelled,
    /// The employer took back a place left unconfirmed.
    PlaceReleased,
    /// The dates, hours, pay or place changed.
    ShiftChanged,
    /// The posting was paused or closed.
    ShiftCalledOff,
    /// The evening before the shift.
    Reminder,
}

/// The facts a text names.
struct Shift {
    title: String,
    day: NaiveDate,
    start_time: Option<NaiveTime>,
    address: String,
}

/// Cuts `text` to `max` characters, marking the cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The text in one language: short (a text message is paid by the 70 characters), the facts clipped so
/// the whole stays well inside the outbox's 300.
fn body(lang: &str, about: ShiftText, shift: &Shift, detail: &str) -> String {
    let title = clip(&shift.title, 16);
    let address = clip(&shift.address, 24);
    let detail = clip(detail, 30);
    let time = shift
        .start_time
        .unwrap_or_else(|| NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default())
        .format("%H:%M");
    if lang == "en" {
        let day = shift.day.format("%-d %b");
        return match about {
            ShiftText::Accepted => format!("[Lingong] You got the place: \"{title}\", {day} {time}, {address}. Please confirm in My applications."),
            ShiftText::PlaceCancelled if detail.is_empty() => format!("[Lingong] \"{title}\" cancelled your place ({day})."),
            ShiftText::PlaceCancelled => format!("[Lingong] \"{title}\" cancelled your place ({day}): {detail}"),
            ShiftText::PlaceReleased => format!("[Lingong] Not confirmed in time: \"{title}\" ({day}) gave your place to someone else."),
            ShiftText::ShiftChanged => format!("[Lingong] \"{title}\" changed its dates, hours, pay or place. Please check before you go."),
            ShiftText::ShiftCalledOff => format!("[Lingong] \"{title}\" was paused or closed. Please check My applications."),
            ShiftText::Reminder => format!("[Lingong] Tomorrow {time}: \"{title}\" at {address}. Not coming? Give the place up in My applications."),
        };
    }
    let day = format!("{}月{}日", shift.day.format("%-m"), shift.day.format("%-d"));
    match about {
        ShiftText::Accepted => format!("【零工市场】您被“{title}”录用了：{day} {time}上班，地点{address}。请在“我的报名”确认到岗。"),
        ShiftText::PlaceCancelled if detail.is_empty() => format!("【零工市场】“{title}”（{day}）取消了您的名额。"),
        ShiftText::PlaceCancelled => format!("【零工市场】“{title}”（{day}）取消了您的名额：{detail}"),
        ShiftText::PlaceReleased => format!("【零工市场】您没有按时确认，“{title}”（{day}）已收回名额。"),
        ShiftText::ShiftChanged => format!("【零工市场】“{title}”修改了时间、工资或地点，出发前请在“我的报名”查看。"),
        ShiftText::ShiftCalledOff => format!("【零工市场】“{title}”已暂停或结束招聘，请在“我的报名”查看。"),
        ShiftText::Reminder => format!("【零工市场】明天{time}在{address}上班（{title}）。来不了请在“我的报名”放弃名额。"),
    }
}

async fn shift_of(conn: &mut PgConnection, posting_id: i64) -> Result<Option<Shift>, DbError> {
    let row: Option<(String, NaiveDate, Option<NaiveTime>, String)> =
        sqlx::query_as("SELECT title, start_date, start_time, address FROM postings WHERE id = $1")
            .bind(posting_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(title, day, start_time, address)| Shift {
        title,
        day,
        start_time,
        address,
    }))
}

/// Queues the text about one application for its worker; returns how many were queued (0 or 1).
#[tracing::instrument(skip(conn, detail), err)]
pub async fn queue_for_application(
    conn: &mut PgConnection,
    application_id: i64,
    about: ShiftText,
    detail: &str,
) -> Result<u64, DbError> {
    let posting_id: Option<i64> =
        sqlx::query_scalar("SELECT posting_id FROM applications WHERE id = $1")
            .bind(application_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(posting_id) = posting_id else {
        return Ok(0);
    };
    let Some(shift) = shift_of(conn, posting_id).await? else {
        return Ok(0);
    };
    insert(
        conn,
        posting_id,
        Some(application_id),
        &shift,
        about,
        detail,
    )
    .await
}

/// Queues the text about a posting's shift for every worker holding a place on it; returns how many.
#[tracing::instrument(skip(conn), err)]
pub async fn queue_for_holders(
    conn: &mut PgConnection,
    posting_id: i64,
    about: ShiftText,
) -> Result<u64, DbError> {
    let Some(shift) = shift_of(conn, posting_id).await? else {
        return Ok(0);
    };
    insert(conn, posting_id, None, &shift, about, "").await
}

/// Writes the text for one application of the posting (`Some`), or for every worker holding a place on
/// it (`None`), skipping those who turned shift texts off.
async fn insert(
    conn: &mut PgConnection,
    posting_id: i64,
    application_id: Option<i64>,
    shift: &Shift,
    about: ShiftText,
    detail: &str,
) -> Result<u64, DbError> {
    let done = sqlx::query(
        "INSERT INTO shift_text_outbox (account_id, body, send_after)
         SELECT ac.id, CASE ac.lang WHEN 'en' THEN $3 ELSE $4 END,
                lingong_text_send_after(now(), lingong_shift_starts_at(p.start_date, p.start_time))
           FROM applications a
           JOIN postings p ON p.id = a.posting_id
           JOIN accounts ac ON ac.worker_id = a.worker_id
          WHERE a.posting_id = $1
            AND (a.id = $2 OR ($2 IS NULL AND a.status = 'accepted'))
            AND ac.shift_texts",
    )
    .bind(posting_id)
    .bind(application_id)
    .bind(body("en", about, shift, detail))
    .bind(body("zh", about, shift, detail))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// When the evening-before reminders start by default (China time); a deployment may choose another
/// hour (`LINGONG_REMINDERS_FROM`).
pub const REMINDERS_FROM: NaiveTime = match NaiveTime::from_hms_opt(18, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// From `from` China time on the day before, writes the reminder for every place held on a shift that
/// starts tomorrow; each place is reminded once (the `shift_reminders` key), whichever instance gets
/// there, across restarts. Set-based, so 100,000 places cost three statements, not 100,000: the places
/// are claimed, their postings' facts read once each, and every text written by one statement.
/// Returns how many texts were written this time.
#[tracing::instrument(skip(conn), err)]
pub async fn write_reminders(
    conn: &mut PgConnection,
    now: chrono::DateTime<chrono::Utc>,
    from: NaiveTime,
) -> Result<u64, DbError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO shift_reminders (application_id, sent_for)
         SELECT a.id, p.start_date
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.status = 'accepted'
            AND p.start_date = ($1 AT TIME ZONE 'Asia/Shanghai')::date + 1
            AND ($1 AT TIME ZONE 'Asia/Shanghai')::time >= $2
         ON CONFLICT (application_id) DO NOTHING
         RETURNING application_id",
    )
    .bind(now)
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let shifts: Vec<(i64, String, NaiveDate, Option<NaiveTime>, String)> = sqlx::query_as(
        "SELECT id, title, start_date, start_time, address FROM postings
          WHERE id IN (SELECT posting_id FROM applications WHERE id = ANY($1))",
    )
    .bind(&due)
    .fetch_all(&mut *conn)
    .await?;
    let (mut posting_ids, mut english, mut chinese) = (Vec::new(), Vec::new(), Vec::new());
    for (id, title, day, start_time, address) in shifts {
        let shift = Shift {
            title,
            day,
            start_time,
            address,
        };
        posting_ids.push(id);
        english.push(body("en", ShiftText::Reminder, &shift, ""));
        chinese.push(body("zh", ShiftText::Reminder, &shift, ""));
    }
    let done = sqlx::query(
        "INSERT INTO shift_text_outbox (account_id, body, send_after)
         SELECT ac.id, CASE ac.lang WHEN 'en' THEN t.english ELSE t.chinese END,
                lingong_text_send_after(now(), lingong_shift_starts_at(p.start_date, p.start_time))
           FROM unnest($2::bigint[], $3::text[], $4::text[]) AS t (posting_id, english, chinese)
           JOIN postings p ON p.id = t.posting_id
           JOIN applications a ON a.posting_id = t.posting_id AND a.id = ANY($1)
           JOIN accounts ac ON ac.worker_id = a.worker_id
          WHERE ac.shift_texts",
    )
    .bind(&due)
    .bind(&posting_ids)
    .bind(&english)
    .bind(&chinese)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_stay_short_whatever_the_posting_says() {
        let shift = Shift {
            title: "招".repeat(60),
            day: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            start_time: None,
            address: "路".repeat(200),
        };
        for lang in ["zh", "en"] {
            for about in [
                ShiftText::Accepted,
                ShiftText::PlaceCancelled,
                ShiftText::PlaceReleased,
                ShiftText::ShiftChanged,
                ShiftText::ShiftCalledOff,
                ShiftText::Reminder,
            ] {
                let text = body(lang, about, &shift, &"因".repeat(200));
                assert!(text.chars().count() <= 160, "{lang} {about:?}: {text}");
                assert!(text.starts_with("【零工市场】") || text.starts_with("[Lingong]"));
            }
        }
        assert!(body("zh", ShiftText::Accepted, &shift, "").contains("12月6日 08:00上班"));
        assert!(body("en", ShiftText::Reminder, &shift, "").contains("Tomorrow 08:00"));
    }
}

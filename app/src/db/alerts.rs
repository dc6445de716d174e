//! Saved-search alerts (职位订阅提醒) at province scale.
//!
//! Publishing only queues the posting ([`queue`]); [`deliver`] later matches a batch of queued postings
//! against the saved searches and tells their workers, in one transaction under an advisory lock that
//! also marks the batch delivered: one instance delivers at a time, a batch is delivered whole or not
//! at all (a crash or a restart leaves it waiting), and a posting is delivered once (its queue row is
//! kept, delivered, for good). Candidates come from the saved searches' routes (migration 14: a GIN index on
//! where × what keys); the exact filters, with the search's own meaning of a keyword, run on those only.
//!
//! A worker is not flooded: a search's postings within [`DIGEST_WINDOW_MINUTES`] of its last alert join that
//! alert (one line: "3 new postings match 帮厨"), and past [`ALERTS_PER_HOUR`] new alerts an hour every
//! further posting joins the newest one. A grown alert is unread again and announced again. Text
//! messages go out for new alerts only, to searches that asked for them, through an outbox written in
//! the same transaction ([`send_texts`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::auth::sms::{SmsGateway, SmsMessage};

/// A search's new postings within this long of its newest alert join that alert.
pub const DIGEST_WINDOW_MINUTES: i64 = 20;
/// New alerts an account gets in an hour at most; further postings join the newest.
pub const ALERTS_PER_HOUR: usize = 3;
/// Postings matched in one transaction: bursts are taken together, and a round stays short.
pub const BATCH: i64 = 100;
/// Texts sent per round, and attempts per text before it is given up (and logged).
const TEXTS_PER_ROUND: i64 = 100;
const TEXT_ATTEMPTS: i16 = 5;

/// Queues a posting that has just been published for the first time. In the publishing transaction:
/// the alerts follow exactly the publications that committed.
#[tracing::instrument(skip(conn), err)]
pub async fn queue(conn: &mut PgConnection, posting_id: i64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO alert_queue (posting_id) VALUES ($1) ON CONFLICT (posting_id) DO NOTHING",
    )
    .bind(posting_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What one round of [`deliver`] did.
#[derive(Clone, Copy, Debug, Default)]
pub struct Round {
    /// Another instance holds the lock; nothing was done.
    pub busy: bool,
    pub postings: usize,
    /// (account, posting) pairs told of.
    pub alerts: usize,
    /// Notifications written, and notifications that grew.
    pub notified: usize,
    pub merged: usize,
    /// Time spent finding the matches, and writing the alerts.
    pub matching: std::time::Duration,
    pub writing: std::time::Duration,
}

/// One alert: ids only, as a batch can hold hundreds of thousands (the titles and labels are joined
/// in when the notifications are written).
#[derive(sqlx::FromRow)]
struct MatchRow {
    account_id: i64,
    posting_id: i64,
    saved_search_id: i64,
}

#[derive(sqlx::FromRow)]
struct RecentRow {
    id: i64,
    account_id: i64,
    saved_search_id: Option<i64>,
    created_at: DateTime<Utc>,
}

/// Matches a batch of queued postings and writes their alerts; at most [`BATCH`] postings.
#[tracing::instrument(skip(pool), err)]
pub async fn deliver(pool: &PgPool) -> Result<Round, DbError> {
    let mut tx = pool.begin().await?;
    let mine: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtext('lingong.alerts'))")
            .fetch_one(&mut *tx)
            .await?;
    if !mine {
        return Ok(Round {
            busy: true,
            ..Round::default()
        });
    }
    let postings: Vec<i64> = sqlx::query_scalar(
        "SELECT posting_id FROM alert_queue WHERE delivered_at IS NULL
          ORDER BY queued_at, posting_id LIMIT $1
            FOR UPDATE",
    )
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    if postings.is_empty() {
        return Ok(Round::default());
    }
    let started = std::time::Instant::now();
    let matches = matching(&mut tx, &postings).await?;
    let mut round = Round {
        postings: postings.len(),
        alerts: matches.len(),
        matching: started.elapsed(),
        ..Round::default()
    };
    let started = std::time::Instant::now();
    if !matches.is_empty() {
        let written = write_alerts(&mut tx, &matches).await?;
        round.notified = written.0;
        round.merged = written.1;
    }
    // Stamped as the batch commits: the delivery time is when the alerts become visible, not when the
    // batch was taken (seconds earlier for a large one).
    sqlx::query(
        "UPDATE alert_queue SET delivered_at = clock_timestamp() WHERE posting_id = ANY($1)",
    )
    .bind(&postings)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    round.writing = started.elapsed();
    Ok(round)
}

/// Every (account, posting) pair of the batch, with the lowest-numbered of the account's matching
/// searches. The candidates come from the routes' index; the filters are the ones
/// the search applies (the keyword's trades as resolved when the search was saved).
async fn matching(conn: &mut PgConnection, postings: &[i64]) -> Result<Vec<MatchRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT ON (a.id, p.id)
                a.id AS account_id, p.id AS posting_id, s.id AS saved_search_id
           FROM postings p
           JOIN trades t ON t.code = p.trade_code
          CROSS JOIN LATERAL (
                SELECT * FROM saved_searches s
                 WHERE s.routes && lingong_posting_routes(p.title, p.trade_code, t.parent_code,
                                                          p.city_adcode, p.district_adcode, p.location)) s
           JOIN accounts a ON a.worker_id = s.worker_id AND a.status = 'active'
          WHERE p.id = ANY($1) AND p.status = 'open'
            AND (s.trade_code IS NULL OR s.trade_code = p.trade_code OR s.trade_code = t.parent_code)
            AND (s.city_adcode IS NULL OR s.city_adcode = p.city_adcode)
            AND (s.district_adcode IS NULL OR s.district_adcode = p.district_adcode)
            AND (s.centre IS NULL OR ST_DWithin(s.centre::geography, p.location::geography, s.radius_m))
            AND (s.keyword IS NULL OR lingong_title_says(p.title, s.keyword)
                 OR p.trade_code = ANY(s.keyword_trades))
            AND (s.min_pay_cents IS NULL OR (p.pay_unit = s.min_pay_unit AND p.pay_cents >= s.min_pay_cents))
            AND (s.max_shift_minutes IS NULL OR p.shift_minutes <= s.max_shift_minutes)
            AND p.tags @> s.tags
          ORDER BY a.id, p.id, s.id",
    )
    .bind(postings)
    .fetch_all(conn)
    .await?)
}

/// Where a group of an account's new postings goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// Grows an existing alert; `mixed` when it was about another search (it then names none).
    Existing { id: i64, mixed: bool },
    /// Grows the alert written for another group of this batch.
    Planned(usize),
    /// A new alert.
    New,
}

/// A new alert to write: one group's postings, and any groups merged into it.
struct Planned<'a> {
    first: &'a MatchRow,
    newest: &'a MatchRow,
    postings: Vec<i64>,
    mixed: bool,
}

/// Writes the batch's alerts: digests decided per account, then three statements over arrays. Returns
/// (notifications written, notifications grown).
async fn write_alerts(
    conn: &mut PgConnection,
    matches: &[MatchRow],
) -> Result<(usize, usize), DbError> {
    let accounts: Vec<i64> = {
        let mut a: Vec<i64> = matches.iter().map(|m| m.account_id).collect();
        a.dedup();
        a
    };
    // The accounts' alerts of the last hour, newest first.
    let recent: Vec<RecentRow> = sqlx::query_as(
        "SELECT id, account_id, saved_search_id, created_at FROM notifications
          WHERE account_id = ANY($1) AND kind = 'alert_match' AND created_at > now() - interval '1 hour'
          ORDER BY account_id, id DESC",
    )
    .bind(&accounts)
    .fetch_all(&mut *conn)
    .await?;
    let mut recent_of: HashMap<i64, Vec<&RecentRow>> = HashMap::new();
    for r in &recent {
        recent_of.entry(r.account_id).or_default().push(r);
    }
    let now = Utc::now();
    let window = chrono::Duration::minutes(DIGEST_WINDOW_MINUTES);

    let mut planned: Vec<Planned> = Vec::new();
    // Growth of existing alerts: id → (postings added, newest match, mixed).
    let mut grown: HashMap<i64, (Vec<i64>, &MatchRow, bool)> = HashMap::new();
    // Matches come ordered by account then posting: group them by (account, search).
    let mut start = 0;
    while start < matches.len() {
        let account = matches[start].account_id;
        let end = start
            + matches[start..]
                .iter()
                .take_while(|m| m.account_id == account)
                .count();
        let mut by_search: Vec<(i64, Vec<&MatchRow>)> = Vec::new();
        for m in &matches[start..end] {
            match by_search.iter_mut().find(|(s, _)| *s == m.saved_search_id) {
                Some((_, group)) => group.push(m),
                None => by_search.push((m.saved_search_id, vec![m])),
            }
        }
        let recent = recent_of.get(&account).map(Vec::as_slice).unwrap_or(&[]);
        let mut allowance = ALERTS_PER_HOUR.saturating_sub(recent.len());
        // This account's alerts planned in this batch, newest last.
        let mut mine: Vec<usize> = Vec::new();
        for (search, group) in by_search {
            let target = if let Some(r) = recent
                .iter()
                .find(|r| r.saved_search_id == Some(search) && now - r.created_at < window)
            {
                Target::Existing {
                    id: r.id,
                    mixed: false,
                }
            } else if allowance > 0 {
                allowance -= 1;
                Target::New
            } else if let Some(&last) = mine.last() {
                Target::Planned(last)
            } else if let Some(r) = recent.first() {
                Target::Existing {
                    id: r.id,
                    mixed: r.saved_search_id != Some(search),
                }
            } else {
                Target::New
            };
            let newest = *group.last().expect("a group has a match");
            let added = group.iter().map(|m| m.posting_id);
            match target {
                Target::Existing { id, mixed } => {
                    let entry = grown.entry(id).or_insert((Vec::new(), newest, false));
                    entry.0.extend(added);
                    if newest.posting_id >= entry.1.posting_id {
                        entry.1 = newest;
                    }
                    entry.2 |= mixed;
                }
                Target::Planned(i) => {
                    let p = &mut planned[i];
                    p.postings.extend(added);
                    p.mixed = true;
                    if newest.posting_id >= p.newest.posting_id {
                        p.newest = newest;
                    }
                }
                Target::New => {
                    mine.push(planned.len());
                    planned.push(Planned {
                        first: group[0],
                        newest,
                        postings: added.collect(),
                        mixed: false,
                    });
                }
            }
        }
        start = end;
    }

    if !grown.is_empty() {
        let mut ids = Vec::with_capacity(grown.len());
        // Postgres has no arrays of arrays of different lengths: the added postings go flat, each
        // under its alert's id.
        let (mut added_to, mut added): (Vec<i64>, Vec<i64>) = (Vec::new(), Vec::new());
        let mut posting = Vec::with_capacity(grown.len());
        let mut mixed = Vec::with_capacity(grown.len());
        for (&id, (postings, newest, m)) in &grown {
            ids.push(id);
            added_to.extend(std::iter::repeat_n(id, postings.len()));
            added.extend(postings);
            posting.push(newest.posting_id);
            mixed.push(*m);
        }
        sqlx::query(
            "WITH added AS (
                 SELECT id, array_agg(posting ORDER BY posting) AS postings
                   FROM unnest($2::bigint[], $3::bigint[]) AS a (id, posting) GROUP BY id)
             UPDATE notifications n
                SET alerted = n.alerted || added.postings, posting_id = u.posting, title = left(p.title, 60),
                    read_at = NULL,
                    saved_search_id = CASE WHEN u.mixed THEN NULL ELSE n.saved_search_id END,
                    detail = CASE WHEN u.mixed THEN '' ELSE n.detail END
               FROM unnest($1::bigint[], $4::bigint[], $5::boolean[]) AS u (id, posting, mixed)
               JOIN added ON added.id = u.id
               JOIN postings p ON p.id = u.posting
              WHERE n.id = u.id",
        )
        .bind(&ids)
        .bind(&added_to)
        .bind(&added)
        .bind(&posting)
        .bind(&mixed)
        .execute(&mut *conn)
        .await?;
    }

    if !planned.is_empty() {
        let n = planned.len();
        let (mut account, mut posting, mut search) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );

        let (mut alerted_by, mut alerted): (Vec<i64>, Vec<i64>) = (Vec::new(), Vec::new());
        for (i, p) in planned.iter().enumerate() {
            alerted_by.extend(std::iter::repeat_n(i as i64 + 1, p.postings.len()));
            alerted.extend(&p.postings);
            account.push(p.first.account_id);
            posting.push(p.newest.posting_id);
            search.push((!p.mixed).then_some(p.first.saved_search_id));
        }
        let ids: Vec<i64> = sqlx::query_scalar(
            "WITH alerted AS (
                 SELECT i, array_agg(posting ORDER BY posting) AS postings
                   FROM unnest($4::bigint[], $5::bigint[]) AS a (i, posting) GROUP BY i)
             INSERT INTO notifications (account_id, kind, posting_id, title, detail, saved_search_id, alerted)
             SELECT u.a, 'alert_match', u.p, left(p.title, 60), coalesce(left(s.label, 200), ''), u.s,
                    alerted.postings
               FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS u (a, p, s, i)
               JOIN alerted ON alerted.i = u.i
               JOIN postings p ON p.id = u.p
               LEFT JOIN saved_searches s ON s.id = u.s
              ORDER BY u.i
             RETURNING id",
        )
        .bind(&account)
        .bind(&posting)
        .bind(&search)
        .bind(&alerted_by)
        .bind(&alerted)
        .fetch_all(&mut *conn)
        .await?;
        // Texts for the new alerts of searches that asked for them, in the language each was saved in.
        let first_searches: Vec<i64> = planned.iter().map(|p| p.first.saved_search_id).collect();
        let texted: HashMap<i64, (String, String)> = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, label, lang FROM saved_searches WHERE id = ANY($1) AND text_alerts",
        )
        .bind(&first_searches)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, label, lang)| (id, (label, lang)))
        .collect();
        if !texted.is_empty() {
            let titles: HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>(
                "SELECT id, title FROM postings WHERE id = ANY($1)",
            )
            .bind(
                planned
                    .iter()
                    .map(|p| p.newest.posting_id)
                    .collect::<Vec<_>>(),
            )
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
            let (mut text_account, mut text_notification, mut text_body) = (vec![], vec![], vec![]);
            for (p, id) in planned.iter().zip(&ids) {
                let Some((label, lang)) = texted.get(&p.first.saved_search_id) else {
                    continue;
                };
                let title = titles.get(&p.newest.posting_id).map_or("", String::as_str);
                let label = if p.mixed { "" } else { label.as_str() };
                text_account.push(p.first.account_id);
                text_notification.push(*id);
                text_body.push(alert_text(lang, title, label, p.postings.len()));
            }
            sqlx::query(
                "INSERT INTO text_outbox (account_id, notification_id, body)
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])",
            )
            .bind(&text_account)
            .bind(&text_notification)
            .bind(&text_body)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok((planned.len(), grown.len()))
}

fn clip(s: &str, chars: usize) -> String {
    s.chars().take(chars).collect()
}

/// A short text (one SMS segment where it can be): what matched and where to look. Titles and labels
/// are clipped so that the text stays short whatever was typed.
pub fn alert_text(lang: &str, title: &str, label: &str, postings: usize) -> String {
    let title = clip(title, 16);
    let label = clip(label, 12);
    if label.is_empty() {
        return match lang {
            "en" => format!(
                "[Lingong] {postings} new gigs match your alerts, e.g. \"{title}\". See Messages."
            ),
            _ => format!("【零工市场】{postings}个新岗位符合您的订阅，如“{title}”，详见“消息”。"),
        };
    }
    match (lang, postings) {
        ("en", 1) => {
            format!("[Lingong] New gig \"{title}\" matches your alert \"{label}\". See Messages.")
        }
        ("en", n) => format!(
            "[Lingong] {n} new gigs match your alert \"{label}\", e.g. \"{title}\". See Messages."
        ),
        (_, 1) => format!("【零工市场】新岗位“{title}”符合您的订阅“{label}”，详见“消息”。"),
        (_, n) => {
            format!("【零工市场】{n}个新岗位符合您的订阅“{label}”，如“{title}”，详见“消息”。")
        }
    }
}

#[derive(sqlx::FromRow)]
struct TextRow {
    id: i64,
    phone: String,
    body: String,
    attempts: i16,
}

/// Sends the texts waiting in the outbox; returns how many were sent. Rows are locked while being sent
/// (`SKIP LOCKED`: instances share the work) and stamped in the same transaction. A text is sent again
/// only if the server stops between the gateway's answer and the commit: a gateway cannot be asked to
/// take part in the transaction.
#[tracing::instrument(skip(pool, sms), err)]
pub async fn send_texts(pool: &PgPool, sms: &dyn SmsGateway) -> Result<usize, DbError> {
    let mut tx = pool.begin().await?;
    let rows: Vec<TextRow> = sqlx::query_as(
        "SELECT o.id, a.phone, o.body, o.attempts
           FROM text_outbox o JOIN accounts a ON a.id = o.account_id
          WHERE o.sent_at IS NULL AND o.attempts < $1
          ORDER BY o.id LIMIT $2
            FOR UPDATE OF o SKIP LOCKED",
    )
    .bind(TEXT_ATTEMPTS)
    .bind(TEXTS_PER_ROUND)
    .fetch_all(&mut *tx)
    .await?;
    let (mut sent, mut failed) = (Vec::new(), Vec::new());
    for row in &rows {
        let message = SmsMessage {
            phone: row.phone.clone(),
            text: row.body.clone(),
            code: String::new(),
        };
        match sms.send(&message).await {
            Ok(()) => sent.push(row.id),
            Err(error) => {
                if row.attempts + 1 >= TEXT_ATTEMPTS {
                    tracing::warn!(outbox = row.id, %error, "alert text given up");
                }
                failed.push(row.id);
            }
        }
    }
    sqlx::query(
        "UPDATE text_outbox SET sent_at = CASE WHEN id = ANY($1) THEN now() END, attempts = attempts + 1
          WHERE id = ANY($1) OR id = ANY($2)",
    )
    .bind(&sent)
    .bind(&failed)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(sent.len())
}

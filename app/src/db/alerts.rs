//! The saved-search alerts' SQL (职位订阅提醒): the queue publishing writes, the saved searches as the
//! deliverer keeps them and their change log, and the batch's writes (new alerts, parts appended to
//! alerts, texts, the queue's stamps, the announcement). What to write is decided in
//! [`crate::alerts`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use sqlx::{PgConnection, PgPool};

use super::DbError;
use crate::alerts::matcher::{NewPosting, SavedSearch};
use crate::auth::sms::{SmsGateway, SmsMessage};
use crate::model::Point;
use crate::model::{PayTerms, PostingTag, ShiftStart};

/// Texts taken from an outbox per round.
const TEXTS_PER_ROUND: i64 = 200;
/// Texts handed to the gateway at once within a round.
const TEXTS_IN_FLIGHT: usize = 16;
/// Attempts per text before it is given up (and logged).
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

/// A position in the saved searches' change log: the oldest transaction still running when it was
/// last read (`pg_snapshot_xmin`), as a number (an `xid8`).
pub type ChangeMark = i64;

/// The bits of a `text[]` of posting tags, one per [`PostingTag::ALL`] in its order, in SQL.
fn tag_bits_sql(column: &str) -> String {
    PostingTag::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!("(('{}' = ANY({column}))::int << {i})", t.as_str()))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[derive(sqlx::FromRow)]
struct SavedSearchRow {
    id: i64,
    account_id: i64,
    trade_code: Option<String>,
    city_adcode: Option<i32>,
    district_adcode: Option<i32>,
    lng: Option<f64>,
    lat: Option<f64>,
    radius_m: Option<i32>,
    min_pay_cents: Option<i32>,
    min_pay_unit: Option<String>,
    max_shift_minutes: Option<i16>,
    tags: i32,
    pay_terms: Option<String>,
    shift_start: Option<String>,
    keyword: Option<String>,
    keyword_trades: Option<Vec<String>>,
    text_alerts: bool,
}

impl From<SavedSearchRow> for SavedSearch {
    fn from(r: SavedSearchRow) -> SavedSearch {
        SavedSearch {
            id: r.id,
            account_id: r.account_id,
            trade_code: r.trade_code,
            city: r.city_adcode,
            district: r.district_adcode,
            centre: r.lng.zip(r.lat).map(|(lng, lat)| Point { lng, lat }),
            radius_m: r.radius_m,
            min_pay_cents: r.min_pay_cents,
            min_pay_unit: r.min_pay_unit,
            max_shift_minutes: r.max_shift_minutes,
            tags: r.tags as u8,
            pay_terms: r.pay_terms.as_deref().and_then(PayTerms::parse),
            starts: r.shift_start.as_deref().and_then(ShiftStart::parse),
            keyword: r.keyword,
            keyword_trades: r.keyword_trades.unwrap_or_default(),
            texts: r.text_alerts,
        }
    }
}

/// The saved searches of active accounts, with what alerts ask of them.
fn saved_searches_sql(filter: &str) -> String {
    format!(
        "SELECT s.id, a.id AS account_id, s.trade_code, s.city_adcode, s.district_adcode,
                ST_X(s.centre) AS lng, ST_Y(s.centre) AS lat, s.radius_m, s.min_pay_cents, s.min_pay_unit,
                s.max_shift_minutes, ({tags})::int4 AS tags, s.pay_terms, s.shift_start, s.keyword, s.keyword_trades, s.text_alerts
           FROM saved_searches s
           JOIN accounts a ON a.worker_id = s.worker_id AND a.status = 'active'
          {filter}",
        tags = tag_bits_sql("s.tags")
    )
}

/// About how many saved searches there are (the planner's count, as of the last analysis).
pub async fn estimate_saved_searches(pool: &PgPool) -> Result<usize, DbError> {
    let estimate: f32 = sqlx::query_scalar(
        "SELECT greatest(reltuples, 0)::float4 FROM pg_class WHERE oid = 'saved_searches'::regclass",
    )
    .fetch_one(pool)
    .await?;
    Ok(estimate as usize)
}

/// Reads every saved search into `each`, in order of id, and returns the change log's position to
/// follow from. One snapshot for both (repeatable read): a change the rows miss is after the mark.
#[tracing::instrument(skip(pool, each), err)]
pub async fn load_saved_searches(
    pool: &PgPool,
    mut each: impl FnMut(SavedSearch),
) -> Result<ChangeMark, DbError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    let mark: ChangeMark =
        sqlx::query_scalar("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::int8")
            .fetch_one(&mut *tx)
            .await?;
    let sql = saved_searches_sql("ORDER BY s.id");
    let mut rows = sqlx::query_as::<_, SavedSearchRow>(&sql).fetch(&mut *tx);
    while let Some(row) = rows.try_next().await? {
        each(row.into());
    }
    drop(rows);
    tx.commit().await?;
    Ok(mark)
}

/// What changed since `mark`: the searches to read again, or `None` for all of them (the log says
/// so, or has been pruned past `mark`); and the mark to follow from next.
#[tracing::instrument(skip(pool), err)]
pub async fn saved_search_changes(
    pool: &PgPool,
    mark: ChangeMark,
) -> Result<(Option<Vec<i64>>, ChangeMark), DbError> {
    // One statement, one snapshot: its xmin bounds what it may not have seen yet.
    let (next, everything, ids): (ChangeMark, bool, Vec<i64>) = sqlx::query_as(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::int8,
                coalesce(bool_or(saved_search_id IS NULL), false),
                coalesce(array_agg(DISTINCT saved_search_id) FILTER (WHERE saved_search_id IS NOT NULL), '{}')
           FROM saved_search_changes WHERE xid >= $1::text::xid8",
    )
    .bind(mark)
    .fetch_one(pool)
    .await?;
    Ok((if everything { None } else { Some(ids) }, next))
}

/// The searches among `ids` that still exist for an active account.
#[tracing::instrument(skip(pool, ids), fields(ids = ids.len()), err)]
pub async fn saved_searches_by_id(pool: &PgPool, ids: &[i64]) -> Result<Vec<SavedSearch>, DbError> {
    let sql = saved_searches_sql("WHERE s.id = ANY($1)");
    let rows: Vec<SavedSearchRow> = sqlx::query_as(&sql).bind(ids).fetch_all(pool).await?;
    Ok(rows.into_iter().map(SavedSearch::from).collect())
}

/// Forgets changes everyone has read: older than `mark` and than a day (a deliverer that was away
/// longer than that loads everything again).
#[tracing::instrument(skip(pool), err)]
pub async fn prune_saved_search_changes(pool: &PgPool, mark: ChangeMark) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "DELETE FROM saved_search_changes
          WHERE xid < $1::text::xid8 AND changed_at < now() - interval '1 day'",
    )
    .bind(mark)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Asks to lead the alerts: a connection of its own, outside the pool, holding a session advisory lock
/// for as long as it lives; none if another instance leads.
#[tracing::instrument(skip(pool), err)]
pub async fn take_lead(pool: &PgPool) -> Result<Option<PgConnection>, DbError> {
    let mut conn = pool.acquire().await?.detach();
    let taken: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext('lingong.alerts.lead'))")
            .fetch_one(&mut conn)
            .await?;
    // Without the lock the connection closes as it is dropped here.
    Ok(taken.then_some(conn))
}

/// Whether the lead's connection still holds (an error: it is lost, and the lock with it).
pub async fn still_leading(lead: &mut PgConnection) -> Result<(), DbError> {
    sqlx::query("SELECT 1").execute(lead).await?;
    Ok(())
}

/// Takes the alerts' advisory lock for the transaction: one deliverer at a time, whichever instance.
pub async fn lock_delivery(conn: &mut PgConnection) -> Result<bool, DbError> {
    Ok(
        sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtext('lingong.alerts'))")
            .fetch_one(conn)
            .await?,
    )
}

/// Counts a delivering transaction; returns its number (see `alert_rounds` in migration 16).
pub async fn next_round(conn: &mut PgConnection) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("UPDATE alert_rounds SET round = round + 1 RETURNING round")
            .fetch_one(conn)
            .await?,
    )
}

#[derive(sqlx::FromRow)]
struct NewPostingRow {
    id: i64,
    title: String,
    trade_code: String,
    sector_code: Option<String>,
    city_adcode: i32,
    district_adcode: Option<i32>,
    lng: f64,
    lat: f64,
    pay_unit: String,
    pay_cents: i32,
    shift_minutes: i32,
    tags: i32,
    pay_terms: Option<String>,
    shift_start: Option<String>,
}

/// The queued postings to deliver now, oldest first, at most `limit`, locked until the transaction
/// ends (a deliverer that took them over, after a crash, waits for the first's end and then skips what
/// it delivered). Returns the queued ids, and those of them still open as alerts need them.
pub async fn take_batch(
    conn: &mut PgConnection,
    limit: i64,
) -> Result<(Vec<i64>, Vec<NewPosting>), DbError> {
    let queued: Vec<i64> = sqlx::query_scalar(
        "SELECT posting_id FROM alert_queue WHERE delivered_at IS NULL
          ORDER BY queued_at, posting_id LIMIT $1
            FOR UPDATE",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    if queued.is_empty() {
        return Ok((queued, Vec::new()));
    }
    let rows: Vec<NewPostingRow> = sqlx::query_as(&format!(
        "SELECT p.id, p.title, p.trade_code, t.parent_code AS sector_code, p.city_adcode, p.district_adcode,
                ST_X(p.location) AS lng, ST_Y(p.location) AS lat, p.pay_unit, p.pay_cents,
                p.shift_minutes::int4 AS shift_minutes, ({tags})::int4 AS tags, p.pay_terms,
                lingong_shift_start(p.start_time) AS shift_start
           FROM postings p JOIN trades t ON t.code = p.trade_code
          WHERE p.id = ANY($1) AND p.status = 'open'
          ORDER BY p.id",
        tags = tag_bits_sql("p.tags")
    ))
    .bind(&queued)
    .fetch_all(&mut *conn)
    .await?;
    let postings = rows
        .into_iter()
        .map(|r| NewPosting {
            id: r.id,
            title: r.title,
            trade_code: r.trade_code,
            sector_code: r.sector_code,
            city: r.city_adcode,
            district: r.district_adcode,
            point: Point {
                lng: r.lng,
                lat: r.lat,
            },
            pay_unit: r.pay_unit,
            pay_cents: r.pay_cents,
            shift_minutes: r.shift_minutes,
            tags: r.tags as u8,
            pay_terms: r.pay_terms.as_deref().and_then(PayTerms::parse),
            starts: r.shift_start.as_deref().and_then(ShiftStart::parse),
        })
        .collect();
    Ok((queued, postings))
}

/// A recent alert, as the digests need to know it.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct RecentAlert {
    pub id: i64,
    pub account_id: i64,
    /// None once postings of several searches joined it.
    pub saved_search_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Every account's alerts of the last `minutes`, by account, newest first.
pub async fn recent_alerts(
    conn: &mut PgConnection,
    minutes: i64,
) -> Result<Vec<RecentAlert>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, account_id, saved_search_id, created_at FROM notifications
          WHERE kind = 'alert_match' AND created_at > now() - make_interval(mins => $1::int4)
          ORDER BY account_id, id DESC",
    )
    .bind(minutes)
    .fetch_all(conn)
    .await?)
}

/// A new alert: an account's first postings of a search (or of several, `saved_search_id` none).
pub struct NewAlert {
    pub account_id: i64,
    pub saved_search_id: Option<i64>,
    /// The search its text is about, if its searcher asked for texts.
    pub texted_search: Option<i64>,
    pub postings: Vec<i64>,
}

/// Writes new alerts (titled by their newest posting; labelled by their search when read, so a
/// renamed search renames them); returns their ids and creation time, in the order given.
pub async fn insert_alerts(
    conn: &mut PgConnection,
    alerts: &[NewAlert],
) -> Result<(Vec<i64>, DateTime<Utc>), DbError> {
    let n = alerts.len();
    let (mut account, mut newest, mut search) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    // Postgres has no arrays of arrays of different lengths: the postings go flat, each under its
    // alert's place in the list.
    let (mut of, mut posting): (Vec<i64>, Vec<i64>) = (Vec::new(), Vec::new());
    for (i, a) in alerts.iter().enumerate() {
        of.extend(std::iter::repeat_n(i as i64 + 1, a.postings.len()));
        posting.extend(&a.postings);
        account.push(a.account_id);
        newest.push(a.postings.iter().copied().max().unwrap_or_default());
        search.push(a.saved_search_id);
    }
    let rows: Vec<(i64, DateTime<Utc>)> = sqlx::query_as(
        "WITH alerted AS (
             SELECT i, array_agg(posting ORDER BY posting) AS postings
               FROM unnest($4::bigint[], $5::bigint[]) AS a (i, posting) GROUP BY i)
         INSERT INTO notifications (account_id, kind, posting_id, title, saved_search_id, alerted)
         SELECT u.a, 'alert_match', u.p, left(p.title, 60), u.s, alerted.postings
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS u (a, p, s, i)
           JOIN alerted ON alerted.i = u.i
           JOIN postings p ON p.id = u.p
          ORDER BY u.i
         RETURNING id, created_at",
    )
    .bind(&account)
    .bind(&newest)
    .bind(&search)
    .bind(&of)
    .bind(&posting)
    .fetch_all(&mut *conn)
    .await?;
    let created = rows.first().map_or_else(Utc::now, |r| r.1);
    Ok((rows.into_iter().map(|r| r.0).collect(), created))
}

/// Postings joining an alert written before: a new part of it.
pub struct AlertPart {
    pub notification_id: i64,
    pub saved_search_id: i64,
    pub postings: Vec<i64>,
}

/// Appends parts to alerts, by COPY: a batch grows a hundred thousand of them, and appending costs
/// what the rows weigh, where rewriting each alert's array cost what all of them held.
pub async fn append_parts(conn: &mut PgConnection, parts: &[AlertPart]) -> Result<u64, DbError> {
    use std::fmt::Write;
    let mut copy = conn
        .copy_in_raw("COPY alert_parts (notification_id, saved_search_id, postings) FROM STDIN")
        .await?;
    let mut buffer = String::with_capacity(64 * 1024);
    for chunk in parts.chunks(2_000) {
        buffer.clear();
        for part in chunk {
            // Numbers only: nothing here needs COPY's escaping.
            let _ = write!(
                buffer,
                "{}\t{}\t{{",
                part.notification_id, part.saved_search_id
            );
            for (i, p) in part.postings.iter().enumerate() {
                let _ = write!(buffer, "{}{p}", if i == 0 { "" } else { "," });
            }
            buffer.push_str("}\n");
        }
        copy.send(buffer.as_bytes()).await?;
    }
    Ok(copy.finish().await?)
}

/// Alerts that now hold postings of several searches name none.
pub async fn unlabel_alerts(conn: &mut PgConnection, ids: &[i64]) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE notifications SET saved_search_id = NULL, detail = ''
          WHERE id = ANY($1) AND saved_search_id IS NOT NULL",
    )
    .bind(ids)
    .execute(conn)
    .await?;
    Ok(())
}

/// Texts for the new alerts of searches that asked for them, in the language each was saved in.
pub async fn queue_texts(
    conn: &mut PgConnection,
    alerts: &[NewAlert],
    ids: &[i64],
) -> Result<usize, DbError> {
    let searches: Vec<i64> = alerts.iter().filter_map(|a| a.texted_search).collect();
    if searches.is_empty() {
        return Ok(0);
    }
    let texted: HashMap<i64, (String, String)> = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT id, label, lang FROM saved_searches WHERE id = ANY($1) AND text_alerts",
    )
    .bind(&searches)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, label, lang)| (id, (label, lang)))
    .collect();
    if texted.is_empty() {
        return Ok(0);
    }
    let newest = |a: &NewAlert| a.postings.iter().copied().max().unwrap_or_default();
    let titles: HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("SELECT id, title FROM postings WHERE id = ANY($1)")
            .bind(
                alerts
                    .iter()
                    .filter(|a| a.texted_search.is_some())
                    .map(newest)
                    .collect::<Vec<_>>(),
            )
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    let (mut account, mut notification, mut body) = (vec![], vec![], vec![]);
    for (a, id) in alerts.iter().zip(ids) {
        let Some((label, lang)) = a.texted_search.and_then(|s| texted.get(&s)) else {
            continue;
        };
        let title = titles.get(&newest(a)).map_or("", String::as_str);
        let label = if a.saved_search_id.is_none() {
            ""
        } else {
            label.as_str()
        };
        account.push(a.account_id);
        notification.push(*id);
        body.push(alert_text(lang, title, label, a.postings.len()));
    }
    sqlx::query(
        "INSERT INTO text_outbox (account_id, notification_id, body)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])",
    )
    .bind(&account)
    .bind(&notification)
    .bind(&body)
    .execute(conn)
    .await?;
    Ok(account.len())
}

/// Marks the batch delivered, as it commits: the delivery time is when the alerts become visible, not
/// when the batch was taken (seconds earlier for a large one).
pub async fn stamp_delivered(conn: &mut PgConnection, postings: &[i64]) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE alert_queue SET delivered_at = clock_timestamp() WHERE posting_id = ANY($1)",
    )
    .bind(postings)
    .execute(conn)
    .await?;
    Ok(())
}

/// Tells every instance's open pages which accounts have new alerts, on commit: a few NOTIFYs of up to
/// a thousand accounts each ("alerts:12,345,…"; a payload must stay under 8,000 bytes).
pub async fn announce(conn: &mut PgConnection, accounts: &[i64]) -> Result<(), DbError> {
    let payloads: Vec<String> = accounts
        .chunks(ALERT_EVENT_ACCOUNTS)
        .map(|chunk| {
            let ids: Vec<String> = chunk.iter().map(i64::to_string).collect();
            format!("alerts:{}", ids.join(","))
        })
        .collect();
    sqlx::query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p")
        .bind(crate::live::events::CHANNEL)
        .bind(&payloads)
        .execute(conn)
        .await?;
    Ok(())
}

/// Accounts named in one alerts event: 19 digits and a comma each stay under NOTIFY's 8,000 bytes.
pub const ALERT_EVENT_ACCOUNTS: usize = 390;

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

/// Sends the texts waiting in both outboxes — the alerts' and the shifts' ([`super::shift_texts`]) —
/// returns how many were sent. Rows are locked while being sent (`SKIP LOCKED`: instances share the
/// work) and stamped in the same transaction. A text is sent again only if the server is killed between
/// the gateway's answer and the commit (a gateway cannot take part in the transaction); a server asked to
/// stop finishes the round first (see `live::jobs`).
#[tracing::instrument(skip(pool, sms), err)]
pub async fn send_texts(pool: &PgPool, sms: &dyn SmsGateway) -> Result<usize, DbError> {
    // Shifts first: an acceptance for tomorrow morning matters more than an alert.
    let shifts = send_outbox(
        pool,
        sms,
        "shift_text_outbox",
        "o.send_after <= now()",
        "o.send_after, o.id",
    )
    .await?;
    Ok(shifts + send_outbox(pool, sms, "text_outbox", "true", "o.id").await?)
}

/// One round of one outbox: `table`, `due` and `order` are this module's constants, never input.
/// `order` is the order of the outbox's index of unsent rows, so that a round reads its 200 rows from
/// the index instead of sorting every unsent one (100,000 on an evening of reminders).
async fn send_outbox(
    pool: &PgPool,
    sms: &dyn SmsGateway,
    table: &'static str,
    due: &'static str,
    order: &'static str,
) -> Result<usize, DbError> {
    let mut tx = pool.begin().await?;
    let rows: Vec<TextRow> = sqlx::query_as(&format!(
        "SELECT o.id, a.phone, o.body, o.attempts
           FROM {table} o JOIN accounts a ON a.id = o.account_id
          WHERE o.sent_at IS NULL AND {due} AND o.attempts < $1
          ORDER BY {order} LIMIT $2
            FOR UPDATE OF o SKIP LOCKED"
    ))
    .bind(TEXT_ATTEMPTS)
    .bind(TEXTS_PER_ROUND)
    .fetch_all(&mut *tx)
    .await?;
    // A provider answers each text over the network: several at once, or a round would take the sum.
    let sends = rows.into_iter().map(|row| async move {
        let message = SmsMessage {
            phone: row.phone.clone(),
            text: row.body.clone(),
            code: String::new(),
        };
        match sms.send(&message).await {
            Ok(()) => (row.id, true),
            Err(error) => {
                if row.attempts + 1 >= TEXT_ATTEMPTS {
                    tracing::warn!(outbox = table, id = row.id, %error, "text given up");
                }
                (row.id, false)
            }
        }
    });
    let answers: Vec<(i64, bool)> = futures::stream::iter(sends)
        .buffer_unordered(TEXTS_IN_FLIGHT)
        .collect()
        .await;
    let sent: Vec<i64> = answers
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(id, _)| *id)
        .collect();
    let failed: Vec<i64> = answers
        .iter()
        .filter(|(_, ok)| !*ok)
        .map(|(id, _)| *id)
        .collect();
    sqlx::query(&format!(
        "UPDATE {table} SET sent_at = CASE WHEN id = ANY($1) THEN now() END, attempts = attempts + 1
          WHERE id = ANY($1) OR id = ANY($2)"
    ))
    .bind(&sent)
    .bind(&failed)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(sent.len())
}

//! 找人才: a worker's consent to be found, the verified organisations' search of the findable, and the
//! invitations to apply. The database keeps being findable to recorded consent, sends invitations only
//! to the findable, for an open posting, from a verified organisation, and lets each be decided once
//! (migration 40); these queries say which way a request went.

use sqlx::{PgConnection, PgPool};

use super::applications::{ApplicationError, Refusal};
use super::{stored, DbError};
use crate::i18n::Lang;
use crate::model::{
    Availability, Findability, InvitablePosting, PayUnit, ReceivedTalentInvitation,
    SentTalentInvitation, TalentCard, TalentInvitationStatus, TalentPage, TalentQuery,
    ATTENDANCE_WINDOW, RECORD_MIN, TALENT_CONSENT_WORDING, TALENT_PAGE_SIZE,
};

/// The worker's consent as their account page shows it.
#[tracing::instrument(skip(pool), err)]
pub async fn findability(pool: &PgPool, worker_id: i64) -> Result<Findability, DbError> {
    let Some((findable, since)): Option<(bool, Option<String>)> = sqlx::query_as(
        "SELECT findable, to_char(findable_since AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
           FROM workers WHERE id = $1",
    )
    .bind(worker_id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(Findability::default());
    };
    let decisions: Vec<(bool, String)> = sqlx::query_as(
        "SELECT findable, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
           FROM talent_consents WHERE worker_id = $1 ORDER BY id DESC LIMIT 20",
    )
    .bind(worker_id)
    .fetch_all(pool)
    .await?;
    Ok(Findability {
        findable,
        since,
        decisions,
    })
}

/// Records the worker's decision, with the wording they were shown; returns whether it changed
/// anything (saying again what is already so records nothing).
#[tracing::instrument(skip(conn), err)]
pub async fn record_consent(
    conn: &mut PgConnection,
    worker_id: i64,
    findable: bool,
    lang: Lang,
) -> Result<bool, DbError> {
    // The worker's row is locked first: two taps at once record one decision.
    let now: Option<bool> =
        sqlx::query_scalar("SELECT findable FROM workers WHERE id = $1 FOR UPDATE")
            .bind(worker_id)
            .fetch_optional(&mut *conn)
            .await?;
    if now.is_none_or(|now| now == findable) {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO talent_consents (worker_id, findable, wording, lang) VALUES ($1, $2, $3, $4)",
    )
    .bind(worker_id)
    .bind(findable)
    .bind(TALENT_CONSENT_WORDING)
    .bind(lang.code())
    .execute(conn)
    .await?;
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    name: String,
    birth_year: Option<i16>,
    area: String,
    trades: Vec<String>,
    availability: Vec<String>,
    expected_pay_cents: Option<i32>,
    expected_pay_unit: Option<String>,
    invited_to: Vec<i64>,
}

/// A page of findable workers for the organisation, the most recently findable first. Only findable
/// workers whose account staff have not suspended are read, whatever the query; the caller has checked it
/// ([`TalentQuery::check`]) and that the organisation is verified.
#[tracing::instrument(skip(pool), err)]
pub async fn search(
    pool: &PgPool,
    employer_id: i64,
    query: &TalentQuery,
    lang: Lang,
    today: chrono::NaiveDate,
) -> Result<TalentPage, DbError> {
    let availability: Vec<&str> = query.availability.iter().map(|a| a.as_str()).collect();
    let per_page = TALENT_PAGE_SIZE as i64;
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "SELECT w.id, w.name, w.birth_year,
                concat_ws(' ', c.name, d.name) AS area,
                ARRAY(SELECT CASE WHEN $8 = 'en' THEN t.name_en ELSE t.name END
                        FROM worker_trades wt JOIN trades t ON t.code = wt.trade_code
                       WHERE wt.worker_id = w.id ORDER BY t.code) AS trades,
                w.availability, w.expected_pay_cents, w.expected_pay_unit,
                ARRAY(SELECT i.posting_id FROM talent_invitations i
                       WHERE i.worker_id = w.id AND i.employer_id = $9 ORDER BY i.posting_id) AS invited_to
           FROM workers w
           LEFT JOIN cities c ON c.adcode = w.home_city_adcode
           LEFT JOIN districts d ON d.adcode = w.home_district_adcode
          WHERE w.findable
            -- Staff suspended the account: not found (a profile without an account, as a demo one, is).
            AND NOT EXISTS (SELECT 1 FROM accounts ac WHERE ac.worker_id = w.id AND ac.status = 'suspended')
            -- A sector (a trade with trades under it) stands for all of its trades.
            AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM worker_trades wt JOIN trades t ON t.code = wt.trade_code
                                              WHERE wt.worker_id = w.id AND (t.code = $1 OR t.parent_code = $1)))
            AND ($2::int IS NULL OR w.home_city_adcode = $2)
            AND ($3::int IS NULL OR w.home_district_adcode = $3)
            AND w.availability @> $4::text[]
            AND ($5::int IS NULL OR (
                 SELECT count(*) >= {RECORD_MIN}
                        AND count(*) FILTER (WHERE x.status = 'attended') * 100 >= $5 * count(*)
                   FROM (SELECT a.id, a.status FROM applications a
                          WHERE a.worker_id = w.id AND a.status IN ('attended', 'no_show')
                            AND {not_upheld}
                          ORDER BY a.updated_at DESC LIMIT {ATTENDANCE_WINDOW}) x))
          ORDER BY w.findable_since DESC, w.id DESC
          LIMIT $6 OFFSET $7",
        not_upheld = super::no_show_appeals::NOT_UPHELD,
    ))
    .bind(query.trade.as_ref().map(|t| t.as_str()))
    .bind(query.city)
    .bind(query.district)
    .bind(&availability)
    .bind(query.min_attendance.map(i32::from))
    .bind(per_page + 1)
    .bind(i64::from(query.page) * per_page)
    .bind(lang.code())
    .bind(employer_id)
    .fetch_all(pool)
    .await?;
    let more = rows.len() > TALENT_PAGE_SIZE;
    let ids: Vec<i64> = rows.iter().take(TALENT_PAGE_SIZE).map(|r| r.id).collect();
    let mut records = {
        let mut conn = pool.acquire().await?;
        super::ratings::worker_records(&mut conn, &ids).await?
    };
    let this_year = chrono::Datelike::year(&today);
    let mut items = Vec::with_capacity(ids.len());
    for r in rows.into_iter().take(TALENT_PAGE_SIZE) {
        let expected_pay = match (r.expected_pay_cents, r.expected_pay_unit) {
            (Some(cents), Some(unit)) => Some((
                cents,
                stored(unit, "workers.expected_pay_unit", PayUnit::parse)?,
            )),
            _ => None,
        };
        items.push(TalentCard {
            worker_id: r.id,
            surname: surname(&r.name),
            age_decade: r
                .birth_year
                .and_then(|y| u8::try_from((this_year - i32::from(y)) / 10 * 10).ok()),
            area: r.area,
            trades: r.trades,
            availability: r
                .availability
                .iter()
                .filter_map(|a| Availability::parse(a))
                .collect(),
            expected_pay,
            record: records.remove(&r.id).unwrap_or_default(),
            invited_to: r.invited_to,
        });
    }
    let postings = invitable_postings(pool, employer_id).await?;
    Ok(TalentPage {
        items,
        more,
        postings,
    })
}

/// The first character of the name: the surname, in nearly every Chinese name, and all an organisation
/// sees of it.
fn surname(name: &str) -> Option<String> {
    name.trim().chars().next().map(String::from)
}

/// The organisation's postings that take applications, newest first.
#[tracing::instrument(skip(pool), err)]
pub async fn invitable_postings(
    pool: &PgPool,
    employer_id: i64,
) -> Result<Vec<InvitablePosting>, DbError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, title FROM postings
          WHERE employer_id = $1 AND status = 'open' AND end_date >= lingong_china_today()
          ORDER BY id DESC LIMIT 50",
    )
    .bind(employer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title)| InvitablePosting { id, title })
        .collect())
}

/// Whether the organisation is one staff have verified.
#[tracing::instrument(skip(pool), err)]
pub async fn verified(pool: &PgPool, employer_id: i64) -> Result<bool, DbError> {
    Ok(
        sqlx::query_scalar("SELECT verification_status = 'verified' FROM employers WHERE id = $1")
            .bind(employer_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or(false),
    )
}

/// Which way sending an invitation went.
#[derive(Debug, PartialEq, Eq)]
pub enum Invited {
    /// Sent: the invitation's id, and the posting's title and organisation's name for the worker's
    /// notification.
    Sent {
        id: i64,
        title: String,
        organisation: String,
    },
    /// The worker is not findable (or not there).
    NotFindable,
    /// The posting is not the organisation's, or takes no applications.
    PostingNotOpen,
    /// The organisation is not verified.
    NotVerified,
    /// This worker was invited to this posting before.
    AlreadyInvited,
}

/// Sends the organisation's invitation to the worker to apply to the posting.
#[tracing::instrument(skip(conn, note), err)]
pub async fn invite(
    conn: &mut PgConnection,
    employer_id: i64,
    posting_id: i64,
    worker_id: i64,
    note: &str,
    invited_by: i64,
) -> Result<Invited, DbError> {
    let sent: Result<(i64, String, String), DbError> = sqlx::query_as(
        "WITH i AS (
             INSERT INTO talent_invitations (employer_id, posting_id, worker_id, note, invited_by)
             VALUES ($1, $2, $3, $4, $5) RETURNING id, posting_id, employer_id)
         SELECT i.id, p.title, e.name FROM i JOIN postings p ON p.id = i.posting_id
           JOIN employers e ON e.id = i.employer_id",
    )
    .bind(employer_id)
    .bind(posting_id)
    .bind(worker_id)
    .bind(note)
    .bind(invited_by)
    .fetch_one(conn)
    .await
    .map_err(DbError::from);
    match sent {
        Ok((id, title, organisation)) => Ok(Invited::Sent {
            id,
            title,
            organisation,
        }),
        Err(DbError::Constraint { constraint, .. })
            if matches!(
                constraint.as_str(),
                "talent_invitations_findable" | "talent_invitations_worker_id_fkey"
            ) =>
        {
            Ok(Invited::NotFindable)
        }
        Err(DbError::Constraint { constraint, .. })
            if matches!(
                constraint.as_str(),
                "talent_invitations_posting_open" | "talent_invitations_posting_id_fkey"
            ) =>
        {
            Ok(Invited::PostingNotOpen)
        }
        Err(DbError::Constraint { constraint, .. })
            if constraint == "talent_invitations_verified" =>
        {
            Ok(Invited::NotVerified)
        }
        Err(DbError::Constraint { constraint, .. }) if constraint == "talent_invitations_once" => {
            Ok(Invited::AlreadyInvited)
        }
        Err(e) => Err(e),
    }
}

#[derive(sqlx::FromRow)]
struct SentRow {
    id: i64,
    name: String,
    posting_id: i64,
    title: String,
    note: String,
    status: String,
    sent_at: String,
}

/// The organisation's latest invitations, newest first.
#[tracing::instrument(skip(pool), err)]
pub async fn sent(pool: &PgPool, employer_id: i64) -> Result<Vec<SentTalentInvitation>, DbError> {
    let rows: Vec<SentRow> = sqlx::query_as(
        "SELECT i.id, w.name, i.posting_id, p.title, i.note, i.status,
                to_char(i.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS sent_at
           FROM talent_invitations i
           JOIN workers w ON w.id = i.worker_id
           JOIN postings p ON p.id = i.posting_id
          WHERE i.employer_id = $1
          ORDER BY i.id DESC LIMIT 50",
    )
    .bind(employer_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(SentTalentInvitation {
                id: r.id,
                surname: surname(&r.name),
                posting_id: r.posting_id,
                posting_title: r.title,
                note: r.note,
                status: stored(
                    r.status,
                    "talent_invitations.status",
                    TalentInvitationStatus::parse,
                )?,
                sent_at: r.sent_at,
            })
        })
        .collect()
}

/// Which way deciding an invitation went.
#[derive(Debug, PartialEq, Eq)]
pub enum Decided {
    /// Withdrawn now.
    Now,
    /// Declined now: what the organisation's notification needs.
    Declined {
        employer_id: i64,
        posting_id: i64,
        title: String,
    },
    /// Accepted now: the worker's application (new, or the one they had) and what the organisation's
    /// notification needs.
    Applied {
        application_id: i64,
        new_application: bool,
        employer_id: i64,
        posting_id: i64,
        title: String,
    },
    /// Decided before (by the other side, or a second tap).
    Already,
    /// No such invitation for this caller.
    NotFound,
}

/// The organisation withdraws an invitation the worker has not answered.
#[tracing::instrument(skip(conn), err)]
pub async fn withdraw(
    conn: &mut PgConnection,
    employer_id: i64,
    id: i64,
) -> Result<Decided, DbError> {
    let status: Option<String> = sqlx::query_scalar(
        "WITH u AS (UPDATE talent_invitations SET status = 'withdrawn', decided_at = now()
                     WHERE id = $1 AND employer_id = $2 AND status = 'pending' RETURNING id)
         SELECT CASE WHEN EXISTS (SELECT 1 FROM u) THEN 'now' ELSE i.status END
           FROM talent_invitations i WHERE i.id = $1 AND i.employer_id = $2",
    )
    .bind(id)
    .bind(employer_id)
    .fetch_optional(conn)
    .await?;
    Ok(match status.as_deref() {
        None => Decided::NotFound,
        Some("now") => Decided::Now,
        Some(_) => Decided::Already,
    })
}

#[derive(sqlx::FromRow)]
struct ReceivedRow {
    id: i64,
    organisation: String,
    verified: bool,
    posting_id: i64,
    title: String,
    pay_cents: i32,
    pay_unit: String,
    start_date: String,
    end_date: String,
    address: String,
    note: String,
    status: String,
    posting_open: bool,
    sent_at: String,
}

/// The worker's invitations, those waiting for an answer first, then the latest decided.
#[tracing::instrument(skip(pool), err)]
pub async fn received(
    pool: &PgPool,
    worker_id: i64,
) -> Result<Vec<ReceivedTalentInvitation>, DbError> {
    let rows: Vec<ReceivedRow> = sqlx::query_as(
        "SELECT i.id, e.name AS organisation, e.verification_status = 'verified' AS verified,
                p.id AS posting_id, p.title, p.pay_cents, p.pay_unit,
                to_char(p.start_date, 'YYYY-MM-DD') AS start_date, to_char(p.end_date, 'YYYY-MM-DD') AS end_date,
                p.address, i.note, i.status,
                p.status = 'open' AND p.end_date >= lingong_china_today() AS posting_open,
                to_char(i.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS sent_at
           FROM talent_invitations i
           JOIN employers e ON e.id = i.employer_id
           JOIN postings p ON p.id = i.posting_id
          WHERE i.worker_id = $1
          ORDER BY i.status = 'pending' DESC, i.id DESC LIMIT 50",
    )
    .bind(worker_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ReceivedTalentInvitation {
                id: r.id,
                organisation: r.organisation,
                verified: r.verified,
                posting_id: r.posting_id,
                posting_title: r.title,
                pay_cents: r.pay_cents,
                pay_unit: stored(r.pay_unit, "postings.pay_unit", PayUnit::parse)?,
                start_date: r.start_date,
                end_date: r.end_date,
                address: r.address,
                note: r.note,
                status: stored(
                    r.status,
                    "talent_invitations.status",
                    TalentInvitationStatus::parse,
                )?,
                posting_open: r.posting_open,
                sent_at: r.sent_at,
            })
        })
        .collect()
}

/// The worker accepts (and so applies to the posting, unless they already have) or declines. The
/// invitation is locked first, so the organisation withdrawing it at the same time is either before
/// (and this finds it decided) or after (and finds it accepted).
#[tracing::instrument(skip(conn), err)]
pub async fn answer(
    conn: &mut PgConnection,
    worker_id: i64,
    id: i64,
    accept: bool,
) -> Result<Decided, ApplicationError> {
    let found: Option<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT i.status, i.posting_id, i.employer_id, p.title
           FROM talent_invitations i JOIN postings p ON p.id = i.posting_id
          WHERE i.id = $1 AND i.worker_id = $2 FOR UPDATE OF i",
    )
    .bind(id)
    .bind(worker_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((status, posting_id, employer_id, title)) = found else {
        return Ok(Decided::NotFound);
    };
    if status != "pending" {
        return Ok(Decided::Already);
    }
    if !accept {
        sqlx::query(
            "UPDATE talent_invitations SET status = 'declined', decided_at = now() WHERE id = $1",
        )
        .bind(id)
        .execute(&mut *conn)
        .await?;
        return Ok(Decided::Declined {
            employer_id,
            posting_id,
            title,
        });
    }
    let (application_id, new_application) =
        match super::applications::apply(conn, worker_id, posting_id, "").await {
            Ok(applied) => (applied.application_id, true),
            // Applied on their own already: the invitation is answered by that application.
            Err(ApplicationError::Refused(Refusal::AlreadyApplied)) => {
                let application_id: i64 = sqlx::query_scalar(
                    "SELECT id FROM applications WHERE posting_id = $1 AND worker_id = $2",
                )
                .bind(posting_id)
                .bind(worker_id)
                .fetch_one(&mut *conn)
                .await?;
                (application_id, false)
            }
            Err(e) => return Err(e),
        };
    sqlx::query(
        "UPDATE talent_invitations SET status = 'accepted', decided_at = now(), application_id = $2
          WHERE id = $1",
    )
    .bind(id)
    .bind(application_id)
    .execute(&mut *conn)
    .await?;
    Ok(Decided::Applied {
        application_id,
        new_application,
        employer_id,
        posting_id,
        title,
    })
}

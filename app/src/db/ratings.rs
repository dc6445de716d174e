//! Ratings both ways after a worked shift (migration 27), their appeals, and the records computed from
//! the places themselves: a worker's attendance, an employer's pay on time and wage cases found true.

use std::collections::HashMap;

use sqlx::{PgConnection, PgPool};

use super::no_show_appeals::NOT_UPHELD;
use super::place_messages::Side;
use super::DbError;
use crate::model::{
    AppealStatus, EmployerRecord, PlaceRatings, Rating, RatingAppeal, RatingTag, Reputation,
    StaffScope, WorkerRecord, ATTENDANCE_WINDOW, WAGE_CASE_AFTER_DAYS,
};

/// Why a rating or an appeal was refused.
#[derive(Debug, thiserror::Error)]
pub enum RatingError {
    /// Ratings are for a place worked.
    #[error("not worked")]
    NotWorked,
    /// Rated already; appealed already, or nothing to appeal.
    #[error("already done")]
    AlreadyDone,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for RatingError {
    fn from(e: sqlx::Error) -> Self {
        match DbError::from(e) {
            DbError::Constraint { constraint, .. } if constraint == "place_ratings_worked" => {
                RatingError::NotWorked
            }
            DbError::Constraint { constraint, .. } if constraint == "place_ratings_once" => {
                RatingError::AlreadyDone
            }
            other => RatingError::Db(other),
        }
    }
}

impl From<RatingError> for crate::error::AppError {
    fn from(e: RatingError) -> Self {
        use crate::error::AppError;
        match e {
            RatingError::NotWorked => AppError::refused("not_worked"),
            RatingError::AlreadyDone => AppError::refused("already_recorded"),
            RatingError::NotFound => AppError::NotFound,
            RatingError::Db(e) => e.into(),
        }
    }
}

fn tags_of(tags: &[String]) -> Result<Vec<RatingTag>, DbError> {
    tags.iter()
        .map(|t| {
            RatingTag::parse(t).ok_or_else(|| DbError::Corrupt {
                column: "place_ratings.tags",
                value: t.clone(),
            })
        })
        .collect()
}

fn appeal_of(status: Option<&str>) -> Result<Option<AppealStatus>, DbError> {
    status
        .map(|s| {
            AppealStatus::parse(s).ok_or_else(|| DbError::Corrupt {
                column: "place_ratings.appeal_status",
                value: s.to_owned(),
            })
        })
        .transpose()
}

/// One side rates the other for a place worked, once. The parties, for the notification.
#[tracing::instrument(skip(conn), err)]
pub async fn rate(
    conn: &mut PgConnection,
    application_id: i64,
    side: Side,
    stars: i16,
    tags: &[RatingTag],
) -> Result<super::shifts::PlaceParties, RatingError> {
    let (worker, employer) = match side {
        Side::Worker(id) => (Some(id), None),
        Side::Employer(id) => (None, Some(id)),
    };
    let parties: Option<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT a.posting_id, p.employer_id, a.worker_id, p.title
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE a.id = $1 AND (a.worker_id = $2 OR p.employer_id = $3)",
    )
    .bind(application_id)
    .bind(worker)
    .bind(employer)
    .fetch_optional(&mut *conn)
    .await?;
    let (posting_id, employer_id, worker_id, title) = parties.ok_or(RatingError::NotFound)?;
    let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
    let inserted: Option<bool> = sqlx::query_scalar(
        "INSERT INTO place_ratings (application_id, by_worker, stars, tags) VALUES ($1, $2, $3, $4)
         ON CONFLICT (application_id, by_worker) DO NOTHING RETURNING true",
    )
    .bind(application_id)
    .bind(worker.is_some())
    .bind(stars)
    .bind(&tags)
    .fetch_optional(&mut *conn)
    .await?;
    inserted.ok_or(RatingError::AlreadyDone)?;
    Ok(super::shifts::PlaceParties {
        application_id,
        posting_id,
        employer_id,
        worker_id,
        title,
    })
}

/// The rated side appeals the other side's rating of it, once it is shown.
#[tracing::instrument(skip(conn, reason), err)]
pub async fn appeal(
    conn: &mut PgConnection,
    application_id: i64,
    side: Side,
    reason: &str,
) -> Result<(), RatingError> {
    let (worker, employer) = match side {
        Side::Worker(id) => (Some(id), None),
        Side::Employer(id) => (None, Some(id)),
    };
    // The rating appealed is the other side's: by the employer when a worker appeals.
    let done = sqlx::query(
        "UPDATE place_ratings r SET appeal_status = 'open', appealed_at = now(), appeal_reason = $4
           FROM applications a JOIN postings p ON p.id = a.posting_id
          WHERE r.application_id = $1 AND a.id = r.application_id
            AND r.by_worker = ($2::bigint IS NULL)
            AND (a.worker_id = $2 OR p.employer_id = $3)
            AND r.appeal_status IS NULL AND lingong_rating_revealed(r)",
    )
    .bind(application_id)
    .bind(worker)
    .bind(employer)
    .bind(reason)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(RatingError::AlreadyDone);
    }
    Ok(())
}

/// Staff decide an open appeal, once: upheld takes the rating out of every aggregate.
#[tracing::instrument(skip(conn), err)]
pub async fn decide_appeal(
    conn: &mut PgConnection,
    application_id: i64,
    by_worker: bool,
    uphold: bool,
    decided_by: i64,
) -> Result<(), RatingError> {
    let done = sqlx::query(
        "UPDATE place_ratings SET appeal_status = CASE WHEN $3 THEN 'upheld' ELSE 'rejected' END,
                                  appeal_decided_by = $4
          WHERE application_id = $1 AND by_worker = $2 AND appeal_status = 'open'",
    )
    .bind(application_id)
    .bind(by_worker)
    .bind(uphold)
    .bind(decided_by)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(RatingError::AlreadyDone);
    }
    Ok(())
}

/// Open appeals about postings in a staff member's scope, oldest first.
#[tracing::instrument(skip(pool), err)]
pub async fn open_appeals(
    pool: &PgPool,
    scope: Option<StaffScope>,
    limit: i64,
) -> Result<Vec<RatingAppeal>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        application_id: i64,
        by_worker: bool,
        stars: i16,
        tags: Vec<String>,
        appeal_reason: String,
        title: String,
        employer_name: String,
        worker_name: String,
        appealed_at: chrono::DateTime<chrono::Utc>,
    }
    let (city, district) = super::organisations::scope_filter(scope);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.application_id, r.by_worker, r.stars, r.tags, r.appeal_reason, p.title,
                e.name AS employer_name, w.name AS worker_name, r.appealed_at
           FROM place_ratings r
           JOIN applications a ON a.id = r.application_id
           JOIN postings p ON p.id = a.posting_id
           JOIN employers e ON e.id = p.employer_id
           JOIN workers w ON w.id = a.worker_id
          WHERE r.appeal_status = 'open'
            AND ($1::int IS NULL OR p.city_adcode = $1)
            AND ($2::int IS NULL OR p.district_adcode = $2)
          ORDER BY r.appealed_at
          LIMIT $3",
    )
    .bind(city)
    .bind(district)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(RatingAppeal {
                application_id: r.application_id,
                by_worker: r.by_worker,
                stars: r.stars,
                tags: tags_of(&r.tags)?,
                reason: r.appeal_reason,
                posting_title: r.title,
                employer_name: r.employer_name,
                worker_name: r.worker_name,
                appealed_at: r.appealed_at,
            })
        })
        .collect()
}

/// Who reads a place's ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Worker,
    Employer,
    /// Staff see both ratings, shown or not.
    Staff,
}

/// The ratings of the given places as `reader` may see them.
#[tracing::instrument(skip(conn, application_ids), err)]
pub async fn place_ratings(
    conn: &mut PgConnection,
    application_ids: &[i64],
    reader: Reader,
) -> Result<HashMap<i64, PlaceRatings>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        application_id: i64,
        by_worker: bool,
        stars: i16,
        tags: Vec<String>,
        appeal_status: Option<String>,
        revealed: bool,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.application_id, r.by_worker, r.stars, r.tags, r.appeal_status,
                lingong_rating_revealed(r) AS revealed
           FROM place_ratings r WHERE r.application_id = ANY($1)",
    )
    .bind(application_ids)
    .fetch_all(&mut *conn)
    .await?;
    let worked: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM applications WHERE id = ANY($1) AND status = 'attended'",
    )
    .bind(application_ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut all: HashMap<i64, PlaceRatings> = HashMap::new();
    for id in &worked {
        all.entry(*id).or_default().may_rate = reader != Reader::Staff;
    }
    for r in rows {
        let entry = all.entry(r.application_id).or_default();
        let rating = Rating {
            stars: r.stars,
            tags: tags_of(&r.tags)?,
            appeal: appeal_of(r.appeal_status.as_deref())?,
        };
        // "Given" is the reader's own side; for staff, the worker's.
        let own = match reader {
            Reader::Worker | Reader::Staff => r.by_worker,
            Reader::Employer => !r.by_worker,
        };
        if own {
            entry.given = Some(rating);
            entry.may_rate = false;
        } else if r.revealed || reader == Reader::Staff {
            entry.received = Some(rating);
        } else {
            entry.received_hidden = true;
        }
    }
    Ok(all)
}

/// Ratings counted: shown, and not taken out on appeal.
const COUNTED: &str = "lingong_rating_revealed(r) AND r.appeal_status IS DISTINCT FROM 'upheld'";

/// Reputation by key (a worker or an employer id) from rows of (key, stars) and (key, tag, count).
fn reputations(
    totals: Vec<(i64, i64, Option<f64>)>,
    tags: Vec<(i64, String, i64)>,
) -> Result<HashMap<i64, Reputation>, DbError> {
    let mut out: HashMap<i64, Reputation> = HashMap::new();
    for (key, ratings, average) in totals {
        out.insert(
            key,
            Reputation {
                ratings,
                average_stars: average.filter(|_| ratings >= crate::model::RECORD_MIN),
                top_tags: vec![],
            },
        );
    }
    for (key, tag, _) in tags {
        if let Some(r) = out.get_mut(&key) {
            if r.ratings >= crate::model::RECORD_MIN && r.top_tags.len() < 3 {
                r.top_tags
                    .push(RatingTag::parse(&tag).ok_or_else(|| DbError::Corrupt {
                        column: "place_ratings.tags",
                        value: tag.clone(),
                    })?);
            }
        }
    }
    Ok(out)
}

/// The records of the given workers: what employers said, and their latest places' attendance.
#[tracing::instrument(skip(conn, worker_ids), err)]
pub async fn worker_records(
    conn: &mut PgConnection,
    worker_ids: &[i64],
) -> Result<HashMap<i64, WorkerRecord>, DbError> {
    if worker_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let totals: Vec<(i64, i64, Option<f64>)> = sqlx::query_as(&format!(
        "SELECT a.worker_id, count(*), avg(r.stars)::float8
           FROM place_ratings r JOIN applications a ON a.id = r.application_id
          WHERE NOT r.by_worker AND a.worker_id = ANY($1) AND {COUNTED}
          GROUP BY a.worker_id"
    ))
    .bind(worker_ids)
    .fetch_all(&mut *conn)
    .await?;
    let tags: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT a.worker_id, t.tag, count(*)
           FROM place_ratings r JOIN applications a ON a.id = r.application_id
           CROSS JOIN unnest(r.tags) AS t(tag)
          WHERE NOT r.by_worker AND a.worker_id = ANY($1) AND {COUNTED}
          GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
    ))
    .bind(worker_ids)
    .fetch_all(&mut *conn)
    .await?;
    let attendance: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT worker_id, count(*), count(*) FILTER (WHERE status = 'attended')
           FROM (SELECT a.worker_id, a.status,
                        row_number() OVER (PARTITION BY a.worker_id ORDER BY a.updated_at DESC) AS n
                   FROM applications a
                  WHERE a.worker_id = ANY($1) AND a.status IN ('attended', 'no_show')
                    AND {NOT_UPHELD}) x
          WHERE n <= $2
          GROUP BY worker_id"
    ))
    .bind(worker_ids)
    .bind(ATTENDANCE_WINDOW)
    .fetch_all(&mut *conn)
    .await?;
    let mut reputations = reputations(totals, tags)?;
    let mut out = HashMap::new();
    for &id in worker_ids {
        out.insert(
            id,
            WorkerRecord {
                reputation: reputations.remove(&id).unwrap_or_default(),
                ..Default::default()
            },
        );
    }
    for (id, places, attended) in attendance {
        if let Some(r) = out.get_mut(&id) {
            r.recent_places = places;
            r.recent_attended = attended;
        }
    }
    Ok(out)
}

/// An employer's record: what workers said, pay on time, and wage cases found true.
#[tracing::instrument(skip(conn), err)]
pub async fn employer_record(
    conn: &mut PgConnection,
    employer_id: i64,
) -> Result<EmployerRecord, DbError> {
    let totals: Vec<(i64, i64, Option<f64>)> = sqlx::query_as(&format!(
        "SELECT p.employer_id, count(*), avg(r.stars)::float8
           FROM place_ratings r JOIN applications a ON a.id = r.application_id
           JOIN postings p ON p.id = a.posting_id
          WHERE r.by_worker AND p.employer_id = $1 AND {COUNTED}
          GROUP BY p.employer_id"
    ))
    .bind(employer_id)
    .fetch_all(&mut *conn)
    .await?;
    let tags: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT p.employer_id, t.tag, count(*)
           FROM place_ratings r JOIN applications a ON a.id = r.application_id
           JOIN postings p ON p.id = a.posting_id
           CROSS JOIN unnest(r.tags) AS t(tag)
          WHERE r.by_worker AND p.employer_id = $1 AND {COUNTED}
          GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
    ))
    .bind(employer_id)
    .fetch_all(&mut *conn)
    .await?;
    // A place is judged once its shift ended longer ago than a wage case waits, or once a payment was
    // confirmed; it was paid on time if a confirmed payment was recorded within that wait.
    let (judged_places, paid_on_time, upheld_wage_cases): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE x.ended < now() - make_interval(days => $2) OR x.paid_at IS NOT NULL),
                count(*) FILTER (WHERE x.paid_at <= x.ended + make_interval(days => $2)),
                (SELECT count(*) FROM wage_cases c JOIN applications a ON a.id = c.application_id
                   JOIN postings p ON p.id = a.posting_id
                  WHERE p.employer_id = $1 AND c.status = 'upheld')
           FROM (SELECT lingong_check_in_closes(p.end_date, p.start_time, p.shift_minutes) AS ended,
                        (SELECT min(s.recorded_at) FROM shift_payments s
                          WHERE s.application_id = a.id AND s.status = 'confirmed') AS paid_at
                   FROM applications a JOIN postings p ON p.id = a.posting_id
                  WHERE p.employer_id = $1 AND a.status = 'attended') x",
    )
    .bind(employer_id)
    .bind(WAGE_CASE_AFTER_DAYS)
    .fetch_one(&mut *conn)
    .await?;
    Ok(EmployerRecord {
        reputation: reputations(totals, tags)?
            .remove(&employer_id)
            .unwrap_or_default(),
        judged_places,
        paid_on_time,
        upheld_wage_cases,
    })
}

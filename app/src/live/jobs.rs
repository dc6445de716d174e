//! The periodic jobs: the saved searches' alerts, the texts waiting to be sent, the map's precomputed
//! clusters kept fresh, the evening-before reminders of tomorrow's shifts, shifts left unpaid taken to
//! staff as wage cases, and what has stopped counting for anything deleted. Every instance runs them;
//! the database decides which does the work (advisory locks for the alerts and the cells, `SKIP LOCKED`
//! for the texts, keys for the reminders and the cases; the deletes are idempotent). They stop with the
//! server (see [`EventHub::stopped`]); the texts' job finishes its round first ([`Jobs::finished`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::PgPool;
use tokio::time::MissedTickBehavior;
use tracing::Instrument;

use super::events::EventHub;
use crate::alerts::Deliverer;
use crate::auth::sms::SmsGateway;
use crate::db::map::CellsRound;

/// How often the alert queue is looked at when it was found empty: alerts reach the feed within about
/// this long of their publication (well within the 10 s asked), for one small query a second.
const ALERTS_EVERY: Duration = Duration::from_secs(1);

/// How often an instance that does not deliver the alerts asks to.
const ALERTS_LEAD_EVERY: Duration = Duration::from_secs(5);

/// How often today's map cells are looked at; tomorrow's every fifth round (fewer people look ahead).
const MAP_CELLS_EVERY: Duration = Duration::from_secs(60);

/// Every this many rounds the cells are rebuilt even when no posting changed: a round's check cannot
/// see postings deleted outright (only the demo data's reseeding does that).
const MAP_CELLS_ALWAYS_EVERY_ROUNDS: u64 = 60;

/// How often the reminders of tomorrow's shifts are looked for (from 18:00 China time; each place once).
const REMINDERS_EVERY: Duration = Duration::from_secs(300);

/// How often shifts left unpaid are looked for, to become wage cases.
const WAGE_CASES_EVERY: Duration = Duration::from_secs(600);

/// How often ended sessions, old sign-in codes and rate-limit events are deleted.
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(600);

/// How often the texts' outboxes are looked at when found empty (a round that sent something is
/// followed by the next at once).
const TEXTS_EVERY: Duration = Duration::from_secs(1);

/// What the jobs are started with (the deployment's settings).
#[derive(Clone, Copy, Debug)]
pub struct JobSettings {
    /// From when, China time, tomorrow's shifts are reminded the evening before.
    pub reminders_from: chrono::NaiveTime,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            reminders_from: crate::db::shift_texts::REMINDERS_FROM,
        }
    }
}

/// The running jobs, as far as a shutdown has to wait for them: the texts' sender, whose round must not
/// be cut between the gateway's answers and their stamp (or a restart would send them again).
#[derive(Clone, Debug, Default)]
pub struct Jobs {
    texts: Arc<std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

impl Jobs {
    /// Waits until the texts' round in progress is stamped (the server is stopping: the jobs were told
    /// by [`EventHub::close`]), for at most `limit`.
    pub async fn finished(&self, limit: Duration) {
        let texts = self.texts.lock().ok().and_then(|mut texts| texts.take());
        if let Some(texts) = texts {
            if tokio::time::timeout(limit, texts).await.is_err() {
                tracing::warn!("the texts' round did not finish in time; its texts may go again");
            }
        }
    }
}

/// Starts every job; each ends when `events` closes or the pool does.
pub fn spawn_all(
    pool: &PgPool,
    events: &EventHub,
    sms: &Arc<dyn SmsGateway>,
    settings: JobSettings,
) -> Jobs {
    tokio::spawn(
        until_stopped(alerts(pool.clone()), events.stopped(pool))
            .instrument(tracing::info_span!("job", name = "alerts")),
    );
    let texts = tokio::spawn(
        texts(pool.clone(), sms.clone(), events.stopped(pool))
            .instrument(tracing::info_span!("job", name = "texts")),
    );
    tokio::spawn(
        until_stopped(map_cells(pool.clone()), events.stopped(pool))
            .instrument(tracing::info_span!("job", name = "map cells")),
    );
    tokio::spawn(
        until_stopped(
            shift_reminders(pool.clone(), settings.reminders_from),
            events.stopped(pool),
        )
        .instrument(tracing::info_span!("job", name = "shift reminders")),
    );
    tokio::spawn(
        until_stopped(overdue_wage_cases(pool.clone()), events.stopped(pool))
            .instrument(tracing::info_span!("job", name = "wage cases")),
    );
    tokio::spawn(
        until_stopped(housekeeping(pool.clone()), events.stopped(pool))
            .instrument(tracing::info_span!("job", name = "housekeeping")),
    );
    Jobs {
        texts: Arc::new(std::sync::Mutex::new(Some(texts))),
    }
}

async fn until_stopped(
    job: impl std::future::Future<Output = ()>,
    stopped: impl std::future::Future<Output = ()>,
) {
    tokio::select! {
        () = job => {}
        () = stopped => tracing::debug!("stopped"),
    }
}

/// A rebuild costs a few seconds of database time at 1.1 M postings (BENCHMARKS.md), so it runs only
/// when a posting has changed since the last one, and regardless once an hour; by whichever instance
/// gets the lock first, the others skip that round.
async fn map_cells(pool: PgPool) {
    let mut tick = tokio::time::interval(MAP_CELLS_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    for round in 0u64.. {
        tick.tick().await;
        let today = crate::calendar::today();
        let tomorrow = today.succ_opt().filter(|_| round % 5 == 0);
        for day in [Some(today), tomorrow].into_iter().flatten() {
            let started = Instant::now();
            let always = round % MAP_CELLS_ALWAYS_EVERY_ROUNDS == 0;
            match crate::db::map::rebuild_cells(&pool, day, always).await {
                Ok(CellsRound::Rebuilt) => {
                    tracing::info!(%day, ms = started.elapsed().as_millis() as u64, "map cells rebuilt")
                }
                Ok(CellsRound::Current) => {
                    tracing::debug!(%day, "map cells current: no posting changed")
                }
                Ok(CellsRound::Busy) => {
                    tracing::debug!(%day, "map cells being rebuilt by another instance")
                }
                // The map falls back to grouping per request; the next round tries again.
                Err(error) => tracing::warn!(%day, %error, "map cells not rebuilt"),
            }
        }
    }
}

/// Delivers queued alerts batch after batch while there are any (their texts are queued with them).
///
/// One instance leads (a session advisory lock on a connection of its own): only it keeps the saved
/// searches in memory, hundreds of megabytes at province scale. The others ask again every
/// [`ALERTS_LEAD_EVERY`] and take over once its connection is gone (it stopped, or lost the database).
/// A round's own transaction lock and the queue's row locks keep each alert written once even if two
/// instances ever believed they led.
async fn alerts(pool: PgPool) {
    let mut tick = tokio::time::interval(ALERTS_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut leading: Option<(sqlx::PgConnection, Deliverer)> = None;
    let mut asked: Option<Instant> = None;
    loop {
        tick.tick().await;
        if leading.is_none() && asked.is_none_or(|at| at.elapsed() >= ALERTS_LEAD_EVERY) {
            asked = Some(Instant::now());
            match crate::db::alerts::take_lead(&pool).await {
                Ok(Some(lead)) => {
                    tracing::info!("this instance delivers the alerts");
                    leading = Some((lead, Deliverer::new()));
                }
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "cannot ask for the alerts' lead"),
            }
        }
        if let Some((lead, deliverer)) = &mut leading {
            if let Err(error) = crate::db::alerts::still_leading(lead).await {
                tracing::warn!(%error, "lost the alerts' lead");
                leading = None;
            } else {
                deliver_queued(&pool, deliverer).await;
            }
        }
    }
}

/// Sends what waits in the texts' outboxes (alerts, shifts), round after round while there is any;
/// every instance does, sharing the rows (`SKIP LOCKED`). Stopping is looked at only between rounds:
/// a round cut after the gateway's answers and before their stamp would send them again after a
/// restart.
async fn texts(
    pool: PgPool,
    sms: Arc<dyn SmsGateway>,
    stopped: impl std::future::Future<Output = ()>,
) {
    use futures::FutureExt;
    let mut tick = tokio::time::interval(TEXTS_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut stopped = std::pin::pin!(stopped);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = &mut stopped => break,
        }
        loop {
            match crate::db::alerts::send_texts(&pool, sms.as_ref()).await {
                Ok(0) => break,
                Ok(sent) => tracing::debug!(sent, "texts sent"),
                Err(error) => {
                    tracing::warn!(%error, "texts not sent; they are kept for the next round");
                    break;
                }
            }
            if stopped.as_mut().now_or_never().is_some() {
                tracing::debug!("stopped");
                return;
            }
        }
    }
    tracing::debug!("stopped");
}

async fn deliver_queued(pool: &PgPool, deliverer: &mut Deliverer) {
    loop {
        match deliverer.deliver(pool).await {
            Ok(round) if round.postings > 0 => tracing::info!(
                postings = round.postings,
                alerts = round.alerts,
                notified = round.notified,
                merged = round.merged,
                matching_ms = round.matching.as_millis() as u64,
                writing_ms = round.writing.as_millis() as u64,
                planning_ms = round.planning.as_millis() as u64,
                inserting_ms = round.inserting.as_millis() as u64,
                appending_ms = round.appending.as_millis() as u64,
                texting_ms = round.texting.as_millis() as u64,
                committing_ms = round.committing.as_millis() as u64,
                "alerts delivered"
            ),
            // Empty, or another instance is delivering.
            Ok(_) => break,
            Err(error) => {
                tracing::warn!(%error, "alerts not delivered; the queue is kept for the next round");
                break;
            }
        }
    }
}

/// Writes the evening-before reminders into the texts' outbox (the alerts job sends them). Every instance
/// runs it; the reminders' table key lets each place be reminded once.
async fn shift_reminders(pool: PgPool, from: chrono::NaiveTime) {
    let mut tick = tokio::time::interval(REMINDERS_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let written = async {
            let mut tx = pool.begin().await?;
            let written =
                crate::db::shift_texts::write_reminders(&mut tx, chrono::Utc::now(), from).await?;
            tx.commit().await?;
            Ok::<_, crate::db::DbError>(written)
        }
        .await;
        match written {
            Ok(0) => {}
            Ok(n) => tracing::info!(texts = n, "shift reminders written"),
            Err(error) => tracing::warn!(%error, "shift reminders not written; trying again"),
        }
    }
}

/// Takes every place still unpaid (or paid in dispute) [`crate::model::WAGE_CASE_AFTER_DAYS`] after
/// its shift's end to the staff of its district, and tells both parties. Every instance runs it; one
/// case per place is the database's to keep.
async fn overdue_wage_cases(pool: PgPool) {
    use crate::db::notifications::{self, Recipients};
    use crate::model::NotificationKind;
    let mut tick = tokio::time::interval(WAGE_CASES_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let opened = async {
            let mut tx = pool.begin().await?;
            let opened =
                crate::db::shifts::open_overdue_cases(&mut tx, crate::model::WAGE_CASE_AFTER_DAYS)
                    .await?;
            for place in &opened {
                for recipients in [
                    Recipients::Worker(place.worker_id),
                    Recipients::Employer(place.employer_id),
                ] {
                    notifications::push(
                        &mut tx,
                        recipients,
                        notifications::New {
                            kind: NotificationKind::WageCase,
                            posting_id: Some(place.posting_id),
                            application_id: Some(place.application_id),
                            title: &place.title,
                            detail: "",
                        },
                    )
                    .await?;
                }
            }
            tx.commit().await?;
            Ok::<_, crate::db::DbError>(opened.len())
        }
        .await;
        match opened {
            Ok(0) => {}
            Ok(n) => tracing::info!(cases = n, "overdue wage cases opened"),
            Err(error) => tracing::warn!(%error, "overdue wage cases not opened; trying again"),
        }
    }
}

async fn housekeeping(pool: PgPool) {
    let mut tick = tokio::time::interval(HOUSEKEEPING_EVERY);
    loop {
        tick.tick().await;
        if let Err(error) = crate::db::auth::purge_expired(&pool).await {
            tracing::warn!(%error, "expired sessions and codes not purged");
        }
    }
}

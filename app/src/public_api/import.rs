//! Partners push postings (岗位推送): JSON Lines, one gig a line under the partner's own id. A line
//! seen before with the same content changes nothing; a changed one updates the posting it made (its
//! applicants are told, as when an employer edits); a gig already here — the same organisation
//! (统一社会信用代码), trade, place within 500 m and overlapping dates, whether another partner brought
//! it or the employer posted it on the site — is recognised and linked, not published twice. Every
//! line gets its answer in the report; a refused line changes nothing.
//!
//! Lines are written in batches, each in one transaction with set-at-a-time SQL ([`crate::db::imports`]).
//! Should the database refuse a batch, it is retried line by line, so that one bad line costs only
//! itself — nothing is ever half-written.

use std::collections::{HashMap, HashSet};

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::{NaiveDate, NaiveTime};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use utoipa::ToSchema;

use super::limits::PartnerKey;
use super::postings::Location;
use super::problem::{ApiError, Failed, Problem};
use crate::db::imports::{self as store, Carried, NamedEmployer, NewGig};
use crate::db::DbError;
use crate::i18n::Lang;
use crate::model::{
    check_credit_code, CheckedPosting, ContactPreference, PayTerms, PayUnit, Point, PostingForm,
    PostingStatus, PostingTag, TradeCode,
};
use crate::state::AppState;

/// Lines written per transaction: large enough that a round trip is shared by many, small enough that
/// a batch's locks are short.
const BATCH: usize = 1_000;

/// The longest line read (bytes). The longest a valid posting can be is about 12 KB of Chinese text.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// Lines read per push; a partner with more sends several.
pub const MAX_LINES: usize = 200_000;

/// The organisation offering a pushed gig.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerImport {
    /// Unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters with its check
    /// character. An organisation new to the platform is registered, awaiting the staff's check.
    #[schema(pattern = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
    pub credit_code: String,
    #[schema(min_length = 2, max_length = 100)]
    pub name: String,
}

/// Whether the partner still offers the gig.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    #[default]
    Open,
    /// Withdrawn: the posting is closed and its applicants are told.
    Closed,
}

/// A partner's gig, one a line. Lengths count characters.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingImport {
    /// The partner's own id for the gig: sending it again updates the same posting.
    #[schema(min_length = 1, max_length = 100, pattern = "^\\S+$")]
    pub external_id: String,
    pub employer: EmployerImport,
    /// A trade (工种) code, as `/api/v1/postings` answers them.
    #[schema(pattern = "^[a-z][a-z0-9_]{1,39}$")]
    pub trade: String,
    #[schema(min_length = 2, max_length = 60)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub requirements: String,
    /// 携带物品: one line.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub bring: String,
    #[schema(min_length = 2, max_length = 200)]
    pub address: String,
    /// Where the work is, in Jiangsu (WGS-84).
    pub location: Location,
    /// A market's or station's short name, if the gig is published through one.
    #[serde(default)]
    #[schema(pattern = "^[a-z0-9][a-z0-9-]{1,63}$")]
    pub market: Option<String>,
    /// Pay in fen (分) per `pay_unit`.
    #[schema(minimum = 100, maximum = 10000000)]
    pub pay_cents: i32,
    #[schema(schema_with = super::schema::pay_unit)]
    pub pay_unit: String,
    #[schema(schema_with = super::schema::pay_terms)]
    pub pay_terms: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// 上班时间, China Standard Time, `HH:MM`.
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    pub start_time: String,
    #[schema(minimum = 30, maximum = 1440, multiple_of = 30)]
    pub shift_minutes: i16,
    #[schema(minimum = 1, maximum = 999)]
    pub headcount: i16,
    #[serde(default)]
    #[schema(schema_with = super::schema::tags)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub status: ImportStatus,
}

/// What became of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Published as a new posting.
    Created,
    /// The posting it made before was changed.
    Updated,
    /// Withdrawn: the posting is closed.
    Closed,
    /// The same as last time: nothing was written.
    Unchanged,
    /// The same gig is here already (another partner's, or posted on the site): linked to it.
    Duplicate,
    /// Refused; see `problems`. Nothing was written.
    Refused,
}

/// Why a line was refused.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct LineProblem {
    /// `malformed`, `line_too_long`, `too_many_lines`, `repeated_external_id`, `invalid_field`,
    /// `unknown_trade`, `unknown_market`, `bad_credit_code`, `outside_province`,
    /// `organisation_rejected`, `employer_changed`, `posting_closed`, `headcount_below_filled`,
    /// `nothing_to_close`, `refused_by_database`.
    pub code: String,
    /// The line's field at fault, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For people, in the language asked for.
    pub message: String,
}

/// The answer to one line.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct LineReport {
    /// 1 for the first line of the body.
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub outcome: Outcome,
    /// The posting the line is, for every outcome but `refused`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posting_id: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<LineProblem>,
}

/// The answer to a push: the counts, and every line's answer in order (blank lines are skipped).
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ImportReport {
    pub lines: u32,
    pub created: u32,
    pub updated: u32,
    pub closed: u32,
    pub unchanged: u32,
    pub duplicates: u32,
    pub refused: u32,
    pub results: Vec<LineReport>,
}

impl ImportReport {
    fn add(&mut self, report: LineReport) {
        self.lines += 1;
        *match report.outcome {
            Outcome::Created => &mut self.created,
            Outcome::Updated => &mut self.updated,
            Outcome::Closed => &mut self.closed,
            Outcome::Unchanged => &mut self.unchanged,
            Outcome::Duplicate => &mut self.duplicates,
            Outcome::Refused => &mut self.refused,
        } += 1;
        self.results.push(report);
    }
}

/// A line that passed every check that needs no database.
#[derive(Debug)]
struct Parsed {
    line: u32,
    external_id: String,
    credit_code: String,
    employer_name: String,
    posting: CheckedPosting,
    close: bool,
    content_sha256: [u8; 32],
}

/// A refusal before the database: its code and field.
type Refusal = (&'static str, Option<&'static str>);

/// What the posting form's checks call a field, as the line names it.
fn line_field(form_field: &'static str) -> &'static str {
    match form_field {
        "work_address" => "address",
        "wage" => "pay_cents",
        "shift" => "shift_minutes",
        other => other,
    }
}

/// Reads a line into a checked posting, or says what is wrong with it first.
fn parse(
    raw: &[u8],
    today: NaiveDate,
    trades: &HashSet<String>,
    markets: &HashSet<String>,
) -> Result<(PostingImport, CheckedPosting, String), (Option<String>, Refusal, Option<String>)> {
    let line: PostingImport = serde_json::from_slice(raw)
        .map_err(|error| (None, ("malformed", None), Some(error.to_string())))?;
    let id = Some(line.external_id.clone());
    let refuse = |code, field| (id.clone(), (code, Some(field)), None);
    let external_id = line.external_id.as_str();
    if external_id.is_empty()
        || external_id.chars().count() > 100
        || external_id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(refuse("invalid_field", "external_id"));
    }
    let credit_code = check_credit_code(&line.employer.credit_code)
        .map_err(|_| refuse("bad_credit_code", "employer.credit_code"))?;
    let name_length = line.employer.name.trim().chars().count();
    if !(2..=100).contains(&name_length) || line.employer.name.chars().any(char::is_control) {
        return Err(refuse("invalid_field", "employer.name"));
    }
    let trade = TradeCode::parse(&line.trade)
        .filter(|t| trades.contains(t.as_str()))
        .ok_or_else(|| refuse("unknown_trade", "trade"))?;
    if line.market.as_ref().is_some_and(|m| !markets.contains(m)) {
        return Err(refuse("unknown_market", "market"));
    }
    let pay_unit =
        PayUnit::parse(&line.pay_unit).ok_or_else(|| refuse("invalid_field", "pay_unit"))?;
    let pay_terms =
        PayTerms::parse(&line.pay_terms).ok_or_else(|| refuse("invalid_field", "pay_terms"))?;
    let start_time = NaiveTime::parse_from_str(&line.start_time, "%H:%M")
        .map_err(|_| refuse("invalid_field", "start_time"))?;
    let tags = line
        .tags
        .iter()
        .map(|t| PostingTag::parse(t))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| refuse("invalid_field", "tags"))?;
    let form = PostingForm {
        trade: Some(trade),
        title: line.title.clone(),
        description: line.description.clone(),
        requirements: line.requirements.clone(),
        bring: line.bring.clone(),
        address: line.address.clone(),
        location: Point::new(line.location.lng, line.location.lat),
        market: line.market.clone(),
        pay_cents: Some(line.pay_cents),
        pay_unit,
        start_date: Some(line.start_date),
        end_date: Some(line.end_date),
        shift_minutes: Some(line.shift_minutes),
        start_time: Some(start_time),
        pay_terms: Some(pay_terms),
        headcount: Some(line.headcount),
        tags,
        // Applicants come through the platform: a partner's gig has no phone of ours to show.
        contact: ContactPreference::Platform,
        // Partners push their own gigs; naming a client is for agencies posting here.
        client: None,
    };
    // A gig already under way is still worth finding: only its last day must be to come.
    let posting = form.check(today, false).map_err(|fields| {
        refuse(
            "invalid_field",
            line_field(fields.first().copied().unwrap_or("request")),
        )
    })?;
    Ok((line, posting, credit_code))
}

/// Refusal texts for people.
fn message(lang: Lang, code: &str, field: Option<&str>) -> String {
    (lang.api_texts().line_problem)(code, field.unwrap_or_default())
}

fn refused(
    lang: Lang,
    line: u32,
    external_id: Option<String>,
    (code, field): Refusal,
    detail: Option<String>,
) -> LineReport {
    let mut text = message(lang, code, field);
    if let Some(detail) = detail {
        text = format!("{text} ({detail})");
    }
    LineReport {
        line,
        external_id,
        outcome: Outcome::Refused,
        posting_id: None,
        problems: vec![LineProblem {
            code: code.to_owned(),
            field: field.map(str::to_owned),
            message: text,
        }],
    }
}

/// What the database said of a line: its outcome and posting, or its refusal.
type Written = Result<(Outcome, i64), Refusal>;

/// Writes a batch of parsed lines in the caller's transaction; one answer per line, in order.
async fn write(
    conn: &mut PgConnection,
    partner: &str,
    batch: &[Parsed],
) -> Result<Vec<Written>, DbError> {
    let ids: Vec<&str> = batch.iter().map(|p| p.external_id.as_str()).collect();
    let known: HashMap<String, store::Known> = store::known(&mut *conn, partner, &ids)
        .await?
        .into_iter()
        .map(|k| (k.external_id.clone(), k))
        .collect();
    let mut written: Vec<Option<Written>> = vec![None; batch.len()];
    // Unchanged lines are done; the rest need their place.
    let mut pending = Vec::new();
    for (i, p) in batch.iter().enumerate() {
        match known.get(&p.external_id) {
            Some(k) if k.content_sha256 == p.content_sha256 => {
                written[i] = Some(Ok((
                    if k.origin {
                        Outcome::Unchanged
                    } else {
                        Outcome::Duplicate
                    },
                    k.posting_id,
                )));
            }
            Some(k) if !k.origin => {
                // Recognised before as another's gig: the partner's new version is noted, the
                // posting stays its owner's.
                store::revised(&mut *conn, partner, &p.external_id, &p.content_sha256).await?;
                written[i] = Some(Ok((Outcome::Duplicate, k.posting_id)));
            }
            None if p.close => written[i] = Some(Err(("nothing_to_close", Some("status")))),
            _ => pending.push(i),
        }
    }
    let points: Vec<Point> = pending.iter().map(|&i| batch[i].posting.location).collect();
    let areas = store::areas_of(&mut *conn, &points).await?;
    let mut placed = Vec::new();
    for (&i, area) in pending.iter().zip(areas) {
        match area {
            Some(area) => placed.push((i, area)),
            None => written[i] = Some(Err(("outside_province", Some("location")))),
        }
    }
    // A line seen before keeps its organisation; only new lines may bring one to the platform (so
    // that a refused line registers nothing).
    let mut new_lines = Vec::new();
    for (i, area) in placed {
        let p = &batch[i];
        match known.get(&p.external_id) {
            Some(k) if k.employer_credit_code != p.credit_code => {
                written[i] = Some(Err(("employer_changed", Some("employer.credit_code"))));
            }
            Some(k) => written[i] = Some(update(&mut *conn, partner, p, k, area).await?),
            None => new_lines.push((i, area)),
        }
    }
    let named: Vec<NamedEmployer> = new_lines
        .iter()
        .map(|&(i, area)| NamedEmployer {
            credit_code: &batch[i].credit_code,
            name: batch[i].employer_name.as_str(),
            city_adcode: area.0,
        })
        .collect();
    let employers = store::employers(&mut *conn, &named).await?;
    let mut new = Vec::new();
    for (i, area) in new_lines {
        let p = &batch[i];
        let Some(employer) = employers.get(&p.credit_code) else {
            return Err(DbError::Corrupt {
                column: "employers.credit_code",
                value: p.credit_code.clone(),
            });
        };
        if employer.rejected {
            written[i] = Some(Err(("organisation_rejected", Some("employer.credit_code"))));
        } else {
            new.push((
                i,
                NewGig {
                    employer_id: employer.id,
                    posting: &p.posting,
                    area,
                },
            ));
        }
    }
    let gigs: Vec<NewGig> = new.iter().map(|(_, g)| g.clone()).collect();
    let same = store::same_gigs(&mut *conn, partner, &gigs).await?;
    let mut carried = Vec::new();
    let mut fresh = Vec::new();
    for ((i, gig), same) in new.into_iter().zip(same) {
        match same {
            Some(posting_id) => {
                written[i] = Some(Ok((Outcome::Duplicate, posting_id)));
                carried.push((i, posting_id, false));
            }
            None => fresh.push((i, gig)),
        }
    }
    let gigs: Vec<NewGig> = fresh.iter().map(|(_, g)| g.clone()).collect();
    let made = store::publish(&mut *conn, &gigs).await?;
    for ((i, _), posting_id) in fresh.iter().zip(made) {
        written[*i] = Some(Ok((Outcome::Created, posting_id)));
        carried.push((*i, posting_id, true));
    }
    let carried: Vec<Carried> = carried
        .into_iter()
        .map(|(i, posting_id, origin)| Carried {
            external_id: &batch[i].external_id,
            posting_id,
            origin,
            content_sha256: &batch[i].content_sha256,
        })
        .collect();
    store::remember(&mut *conn, partner, &carried).await?;
    written
        .into_iter()
        .map(|w| {
            w.ok_or(DbError::Corrupt {
                column: "import",
                value: "a line without an answer".to_owned(),
            })
        })
        .collect()
}

/// A changed line of a posting the partner made: edited (or closed) as its employer would, and its
/// applicants told.
async fn update(
    conn: &mut PgConnection,
    partner: &str,
    p: &Parsed,
    known: &store::Known,
    area: (i32, i32),
) -> Result<Written, DbError> {
    use crate::db::employer_postings as postings;
    use crate::db::notifications::{self, PostingNews};
    let id = known.posting_id;
    let Some(locked) = postings::lock(&mut *conn, known.employer_id, id).await? else {
        return Ok(Err(("posting_closed", None)));
    };
    if locked.status == PostingStatus::Closed {
        return Ok(Err(("posting_closed", None)));
    }
    let outcome = if p.close {
        postings::set_status(&mut *conn, id, PostingStatus::Closed).await?;
        notifications::tell_applicants(&mut *conn, id, &locked.title, PostingNews::CalledOff)
            .await?;
        Outcome::Closed
    } else {
        if p.posting.headcount < locked.filled {
            return Ok(Err(("headcount_below_filled", Some("headcount"))));
        }
        let Some(edited) =
            postings::update(&mut *conn, known.employer_id, id, &p.posting, area).await?
        else {
            return Ok(Err(("posting_closed", None)));
        };
        if edited.material {
            notifications::tell_applicants(&mut *conn, id, &edited.title, PostingNews::Changed)
                .await?;
        }
        Outcome::Updated
    };
    store::revised(&mut *conn, partner, &p.external_id, &p.content_sha256).await?;
    Ok(Ok((outcome, id)))
}

/// Writes a batch in a transaction of its own; should the database refuse it, each line alone, so
/// that the lines it refuses are named and the others still land.
async fn write_batch(
    state: &AppState,
    partner: &str,
    batch: &[Parsed],
) -> Result<Vec<Written>, DbError> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let attempt = async {
        let mut tx = state.pool.begin().await?;
        let written = write(&mut tx, partner, batch).await?;
        tx.commit().await?;
        Ok::<_, DbError>(written)
    };
    match attempt.await {
        Ok(written) => Ok(written),
        Err(error @ DbError::Unavailable(_)) => Err(error),
        Err(error) if batch.len() == 1 => {
            tracing::warn!(%error, line = batch[0].line, "the database refused an imported line");
            Ok(vec![Err(("refused_by_database", None))])
        }
        Err(error) => {
            tracing::info!(%error, "an import batch was refused; writing its lines one by one");
            let mut written = Vec::with_capacity(batch.len());
            for one in batch.chunks(1) {
                written.extend(Box::pin(write_batch(state, partner, one)).await?);
            }
            Ok(written)
        }
    }
}

/// Reads the body line by line, never holding more than a line and a batch.
struct Lines {
    body: axum::body::BodyDataStream,
    buffer: Vec<u8>,
    /// The current line grew past [`MAX_LINE_BYTES`]: the rest of it is skipped.
    overlong: bool,
    done: bool,
}

/// A line of the body: its bytes, or the news that it was too long.
enum RawLine {
    Line(Vec<u8>),
    TooLong,
}

impl Lines {
    fn new(body: Body) -> Self {
        Lines {
            body: body.into_data_stream(),
            buffer: Vec::new(),
            overlong: false,
            done: false,
        }
    }

    async fn next(&mut self) -> Result<Option<RawLine>, axum::Error> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buffer.drain(..=end).collect();
                if std::mem::take(&mut self.overlong) || line.len() > MAX_LINE_BYTES + 1 {
                    return Ok(Some(RawLine::TooLong));
                }
                return Ok(Some(RawLine::Line(line)));
            }
            if self.buffer.len() > MAX_LINE_BYTES {
                self.overlong = true;
                self.buffer.clear();
            }
            if self.done {
                if self.buffer.is_empty() && !self.overlong {
                    return Ok(None);
                }
                let line = std::mem::take(&mut self.buffer);
                return Ok(Some(if std::mem::take(&mut self.overlong) {
                    RawLine::TooLong
                } else {
                    RawLine::Line(line)
                }));
            }
            match self.body.next().await {
                Some(chunk) => self.buffer.extend_from_slice(&chunk?),
                None => self.done = true,
            }
        }
    }
}

/// Pushes postings, one `PostingImport` a line (JSON Lines, UTF-8, at most 200,000 lines of 16 KB).
/// Partners' keys that may push only. The answer reports every line; a line refused changes nothing,
/// the same line twice changes nothing the second time.
#[utoipa::path(
    post,
    path = "/api/v1/import/postings.jsonl",
    tag = "postings",
    request_body(content = PostingImport, content_type = "application/jsonl", description = "One PostingImport per line"),
    responses(
        (status = 200, description = "What became of every line", body = ImportReport),
        (status = 400, description = "The body stopped before its end; lines already answered stay written, send again", body = Problem),
        (status = 401, description = "No key, or the key is unknown or revoked", body = Problem),
        (status = 403, description = "The key may read but not push postings", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
        (status = 503, description = "The database is unavailable; lines already answered stay written, send again", body = Problem),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip_all, fields(partner))]
pub async fn postings(
    State(state): State<AppState>,
    key: Option<Extension<PartnerKey>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = super::lang_of(&headers);
    let key = match key {
        None => return Failed(ApiError::KeyRequired, lang).into_response(),
        Some(Extension(key)) if !key.may_import => {
            return Failed(ApiError::ImportNotAllowed, lang).into_response()
        }
        Some(Extension(key)) => key,
    };
    tracing::Span::current().record("partner", key.partner.as_str());
    match import(&state, &key.partner, body, lang).await {
        Ok(report) => {
            tracing::info!(
                lines = report.lines,
                created = report.created,
                updated = report.updated,
                duplicates = report.duplicates,
                refused = report.refused,
                "postings imported"
            );
            Json(report).into_response()
        }
        Err(error) => Failed(error, lang).into_response(),
    }
}

async fn import(
    state: &AppState,
    partner: &str,
    body: Body,
    lang: Lang,
) -> Result<ImportReport, ApiError> {
    let (trades, markets) = store::vocabulary(&state.pool).await?;
    let today = crate::calendar::today();
    let mut lines = Lines::new(body);
    let mut report = ImportReport::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut batch: Vec<Parsed> = Vec::with_capacity(BATCH);
    // Answers in line order: a batch's lines are answered when it is written.
    let mut waiting: Vec<LineReport> = Vec::new();
    let mut number = 0u32;
    loop {
        let raw = lines.next().await.map_err(|error| {
            tracing::warn!(%error, "an import's body stopped");
            ApiError::BadParameter("body")
        })?;
        let Some(raw) = raw else { break };
        number += 1;
        let answer = match raw {
            RawLine::TooLong => Some(refused(lang, number, None, ("line_too_long", None), None)),
            RawLine::Line(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
            RawLine::Line(_)
                if report.lines as usize + waiting.len() + batch.len() >= MAX_LINES =>
            {
                Some(refused(lang, number, None, ("too_many_lines", None), None))
            }
            RawLine::Line(bytes) => match parse(&bytes, today, &trades, &markets) {
                Err((external_id, refusal, detail)) => {
                    Some(refused(lang, number, external_id, refusal, detail))
                }
                Ok((line, _, _)) if seen.contains(&line.external_id) => Some(refused(
                    lang,
                    number,
                    Some(line.external_id),
                    ("repeated_external_id", Some("external_id")),
                    None,
                )),
                Ok((line, posting, credit_code)) => {
                    // The hash of the line as understood, so that spacing and key order do not count
                    // as a change.
                    let canonical = serde_json::to_string(&line).map_err(|error| {
                        tracing::error!(%error, "an imported line did not serialise");
                        ApiError::Internal
                    })?;
                    seen.insert(line.external_id.clone());
                    batch.push(Parsed {
                        line: number,
                        external_id: line.external_id,
                        credit_code,
                        employer_name: line.employer.name.trim().to_owned(),
                        posting,
                        close: line.status == ImportStatus::Closed,
                        content_sha256: crate::auth::token::digest(&[&canonical]),
                    });
                    None
                }
            },
        };
        if let Some(answer) = answer {
            waiting.push(answer);
        }
        if batch.len() == BATCH {
            flush(state, partner, &mut batch, &mut waiting, &mut report, lang).await?;
        }
    }
    flush(state, partner, &mut batch, &mut waiting, &mut report, lang).await?;
    Ok(report)
}

/// Writes the batch and adds every answer so far to the report, in line order.
async fn flush(
    state: &AppState,
    partner: &str,
    batch: &mut Vec<Parsed>,
    waiting: &mut Vec<LineReport>,
    report: &mut ImportReport,
    lang: Lang,
) -> Result<(), ApiError> {
    let written = write_batch(state, partner, batch).await?;
    for (p, written) in batch.drain(..).zip(written) {
        waiting.push(match written {
            Ok((outcome, posting_id)) => LineReport {
                line: p.line,
                external_id: Some(p.external_id),
                outcome,
                posting_id: Some(posting_id),
                problems: Vec::new(),
            },
            Err(refusal) => refused(lang, p.line, Some(p.external_id), refusal, None),
        });
    }
    waiting.sort_by_key(|r| r.line);
    for answer in waiting.drain(..) {
        report.add(answer);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_are_read_whole_and_overlong_ones_are_named() {
        let long = "x".repeat(MAX_LINE_BYTES + 10);
        let text = format!("a\n\n{long}\nb\r\n{long}");
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = text
            .as_bytes()
            .chunks(1000)
            .map(|c| Ok(c.to_vec()))
            .collect();
        let mut lines = Lines::new(Body::from_stream(futures::stream::iter(chunks)));
        let mut seen = Vec::new();
        while let Some(line) = lines.next().await.expect("read") {
            seen.push(match line {
                RawLine::Line(bytes) => String::from_utf8(bytes).expect("utf-8"),
                RawLine::TooLong => "(too long)".to_owned(),
            });
        }
        assert_eq!(seen, ["a\n", "\n", "(too long)", "b\r\n", "(too long)"]);
    }
}

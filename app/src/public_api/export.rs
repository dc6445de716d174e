//! The full export of open postings for partner platforms, streamed as JSON Lines: in the API's own
//! shape, or as schema.org JobPosting for job aggregators. Read in batches by id and written as they
//! come, so the server's memory does not grow with the number of postings (BENCHMARKS.md). Partners
//! only: an export reads every open posting, which a key's holder is trusted to do now and then.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::limits::PartnerKey;
use super::postings::Posting;
use super::problem::{ApiError, Failed, Problem};
use crate::db::export::ExportedPosting;
use crate::state::AppState;

/// Postings read per query.
const BATCH: i64 = 2_000;

/// Bytes gathered before they are sent: large enough for few writes, small enough to stay small.
const CHUNK: usize = 64 * 1024;

/// A line of the export in the API's shape.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostingLine {
    pub posting: Posting,
    pub description: String,
    pub posted_at: DateTime<Utc>,
}

/// How each posting is written.
#[derive(Clone, Copy)]
enum Format {
    Api,
    SchemaOrg,
}

fn line(
    format: Format,
    p: ExportedPosting,
    public_url: &str,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = match format {
        Format::Api => serde_json::to_vec(&PostingLine {
            posting: Posting::new(p.summary, None, public_url),
            description: p.description,
            posted_at: p.posted_at,
        })?,
        Format::SchemaOrg => {
            let url = format!("{public_url}/postings/{}", p.summary.id);
            serde_json::to_vec(&crate::public_api::schema_org::job_posting(
                &p.summary,
                &p.description,
                &url,
                p.posted_at,
            ))?
        }
    };
    bytes.push(b'\n');
    Ok(bytes)
}

/// Streams every open posting in `format`, batch by batch; a failure midway cuts the stream (the
/// reader sees an aborted response, never a short file that looks whole).
fn stream(state: AppState, format: Format, content_type: &'static str) -> Response {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let today = crate::calendar::today();
    // One server for the whole export, so that its batches follow one history.
    let source = state.reading(None);
    tokio::spawn(async move {
        let mut after = 0;
        let mut chunk = Vec::with_capacity(CHUNK);
        loop {
            let batch = match crate::db::export::open_after(&source, today, after, BATCH).await {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::error!(%error, "the export stopped");
                    let _ = sender
                        .send(Err(std::io::Error::other("export failed")))
                        .await;
                    return;
                }
            };
            let last = batch.len() < BATCH as usize;
            for posting in batch {
                after = posting.summary.id;
                match line(format, posting, &state.public_url) {
                    Ok(bytes) => chunk.extend_from_slice(&bytes),
                    Err(error) => {
                        tracing::error!(%error, "a posting did not serialise");
                        let _ = sender
                            .send(Err(std::io::Error::other("export failed")))
                            .await;
                        return;
                    }
                }
                if chunk.len() >= CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    // The reader went away: nothing more to do.
                    if sender.send(Ok(Bytes::from(full))).await.is_err() {
                        return;
                    }
                }
            }
            if last {
                if !chunk.is_empty() {
                    let _ = sender.send(Ok(Bytes::from(chunk))).await;
                }
                return;
            }
        }
    });
    let body = futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    });
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

fn partner_only(key: Option<Extension<PartnerKey>>, headers: &HeaderMap) -> Result<(), Response> {
    match key {
        Some(_) => Ok(()),
        None => Err(Failed(ApiError::KeyRequired, super::lang_of(headers)).into_response()),
    }
}

/// Every open posting, one `PostingLine` a line (JSON Lines). Partners' keys only.
#[utoipa::path(
    get,
    path = "/api/v1/export/postings.jsonl",
    tag = "postings",
    responses(
        (status = 200, description = "Every open posting, one PostingLine per line", content_type = "application/jsonl", body = PostingLine),
        (status = 401, description = "No key, or the key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn postings(
    State(state): State<AppState>,
    key: Option<Extension<PartnerKey>>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = partner_only(key, &headers) {
        return refused;
    }
    stream(state, Format::Api, "application/jsonl; charset=utf-8")
}

/// Every open posting as a schema.org JobPosting, one a line (JSON Lines). Partners' keys only.
#[utoipa::path(
    get,
    path = "/api/v1/export/job-postings.jsonl",
    tag = "postings",
    responses(
        (status = 200, description = "Every open posting as schema.org JobPosting (https://schema.org/JobPosting), one per line", content_type = "application/jsonl", body = serde_json::Value),
        (status = 401, description = "No key, or the key is unknown or revoked", body = Problem),
        (status = 429, description = "Over the rate limit; see Retry-After", body = Problem),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn job_postings(
    State(state): State<AppState>,
    key: Option<Extension<PartnerKey>>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = partner_only(key, &headers) {
        return refused;
    }
    stream(state, Format::SchemaOrg, "application/jsonl; charset=utf-8")
}

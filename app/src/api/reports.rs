//! Reports (举报): anyone may report a posting; staff of the posting's area uphold or dismiss them.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;
use crate::model::{OpenReport, ReportReason};

/// Files a report about a posting. Signed in or not; counted per address so the form cannot flood the
/// staff's desk.
#[server(prefix = "/api", endpoint = "reports/file", client = CsrfClient)]
pub async fn report_posting(
    posting_id: i64,
    reason: ReportReason,
    details: String,
) -> Result<(), AppError> {
    use crate::auth::sign_in::{enforce, Limit};
    use crate::auth::Caller;
    use crate::db::auth::AuthEvent;
    const PER_ADDRESS: [Limit; 2] = [
        Limit {
            max: 3,
            window_s: 60,
        },
        Limit {
            max: 20,
            window_s: 24 * 3600,
        },
    ];
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let details = super::context::clean_text(
                &details,
                crate::model::REPORT_DETAILS_MAX_CHARS,
                "details",
            )?;
            if reason == ReportReason::Other && details.chars().count() < 2 {
                return Err(AppError::invalid_field("details"));
            }
            let reporter = match super::context::caller(&pool).await? {
                Caller::SignedIn(p) => Some(p.account_id),
                Caller::Anonymous => None,
            };
            let ip = crate::auth::client_ip();
            let mut tx = pool.begin().await?;
            enforce(&mut tx, AuthEvent::ReportFiled, None, ip, &PER_ADDRESS).await?;
            crate::db::reports::file(&mut tx, posting_id, reporter, reason, &details, ip)
                .await?
                .ok_or(AppError::NotFound)?;
            crate::db::auth::record_event(&mut tx, AuthEvent::ReportFiled, None, ip).await?;
            tx.commit().await?;
            // The posted form's browser goes back to its page, which then says so.
            if super::context::wants_page_back() {
                leptos_axum::redirect(&super::context::posting_page_after(
                    posting_id, "reported", "report",
                ));
            }
            Ok(())
        }
        .await,
    )
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    fn page_after_report(posting_id: i64, referer: Option<&str>) -> String {
        crate::api::context::posting_page_marked(posting_id, referer, "reported", "report")
    }

    #[test]
    fn a_report_posted_without_the_wasm_returns_to_its_page() {
        assert_eq!(
            page_after_report(
                12,
                Some("http://lingong.test/postings/12?lng=118.8&lat=32.0")
            ),
            "/postings/12?lng=118.8&lat=32.0&reported=1#report"
        );
        assert_eq!(
            page_after_report(
                12,
                Some("https://lingong.test/postings/12?reported=1#report")
            ),
            "/postings/12?reported=1#report"
        );
        assert_eq!(
            page_after_report(
                12,
                Some("http://lingong.test/postings/12?lng=1&__path=%2Fapi%2Freports%2Ffile&__err=e30")
            ),
            "/postings/12?lng=1&reported=1#report"
        );
        // Another page, or none: the posting's own, never somewhere the referer names.
        for referer in [
            Some("http://lingong.test/postings/123?lng=1"),
            Some("http://evil.test/elsewhere"),
            Some("nonsense"),
            None,
        ] {
            assert_eq!(
                page_after_report(12, referer),
                "/postings/12?reported=1#report"
            );
        }
    }
}

/// Open reports in the caller's scope.
#[server(prefix = "/api", endpoint = "reports/open", client = CsrfClient)]
pub async fn open_reports() -> Result<Vec<OpenReport>, AppError> {
    use crate::auth::Action;
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let principal = super::context::authorize(&pool, Action::ReviewAsStaff).await?;
            Ok(crate::db::reports::open_in_scope(&pool, principal.scope, 100).await?)
        }
        .await,
    )
}

/// Upholds a report (the posting is closed, its other open reports with it) or dismisses it, with a
/// note. Audited.
#[server(prefix = "/api", endpoint = "reports/handle", client = CsrfClient)]
pub async fn handle_report(report_id: i64, uphold: bool, note: String) -> Result<(), AppError> {
    use crate::auth::Action;
    use crate::db::audit::{self, Record};
    super::context::respond(
        async {
            let pool = super::context::pool()?;
            let caller = super::context::caller(&pool).await?;
            super::context::authorize_as(&pool, &caller, Action::ReviewAsStaff).await?;
            let note = super::context::clean_text(&note, crate::model::REASON_MAX_CHARS, "reason")?;
            if note.is_empty() {
                return Err(AppError::invalid_field("reason"));
            }
            let mut tx = pool.begin().await?;
            let (posting_id, area) = crate::db::reports::lock_open(&mut tx, report_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let principal =
                super::context::authorize_as(&pool, &caller, Action::HandleReport { area }).await?;
            crate::db::reports::handle(
                &mut tx,
                report_id,
                posting_id,
                uphold,
                principal.account_id,
                &note,
            )
            .await?;
            audit::record(
                &mut tx,
                Record {
                    actor: Some((principal.role, principal.account_id)),
                    action: if uphold {
                        "uphold_report"
                    } else {
                        "dismiss_report"
                    },
                    subject_table: "posting_reports",
                    subject_id: Some(report_id),
                    before: None,
                    after: Some(serde_json::json!({ "posting_id": posting_id, "note": note })),
                    refused: false,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

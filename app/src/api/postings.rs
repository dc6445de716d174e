use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Point, PostingDetail, SearchQuery, SearchResults};

/// Searches open postings. Public: postings are what the market exists to show, and a summary carries
/// nothing personal. The browser's parsing of the URL is re-checked here: this is the boundary.
// JSON rather than the default form encoding: an all-default query would otherwise be an empty body that
// cannot be told apart from a missing argument.
#[server(prefix = "/api", endpoint = "postings/search", input = Json)]
pub async fn search_postings(query: SearchQuery) -> Result<SearchResults, AppError> {
    super::context::respond(
        async {
            query.check().map_err(|bad| AppError::invalid(bad.0))?;
            let state = super::context::state()?;
            let today = super::context::today();
            Ok(state.search.answer(&state.pool, today, &query).await?)
        }
        .await,
    )
}

/// One posting, for its page. Public, like the list; closed and expired postings are still shown (and say
/// so), drafts are not.
#[server(prefix = "/api", endpoint = "postings/get", input = Json)]
pub async fn get_posting(id: i64, from: Option<Point>) -> Result<PostingDetail, AppError> {
    super::context::respond(
        async {
            if id <= 0 {
                return Err(AppError::NotFound);
            }
            let state = super::context::state()?;
            let pool = state.pool;
            let mut detail = crate::db::postings::find(&pool, id, super::context::today())
                .await?
                .ok_or(AppError::NotFound)?;
            if let Some(from) = from {
                let from =
                    Point::new(from.lng, from.lat).ok_or_else(|| AppError::invalid("near"))?;
                detail.distance_m = Some(from.metres_to(detail.summary.location).round() as u32);
            }
            detail.canonical_url = format!("{}/postings/{id}", state.public_url);
            detail.json_ld = json_ld::job_posting(&detail);
            Ok(detail)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod json_ld {
    use serde_json::json;

    use crate::model::{PayUnit, PostingDetail};

    /// schema.org JobPosting, so search engines and job aggregators understand the page.
    pub fn job_posting(detail: &PostingDetail) -> String {
        let p = &detail.summary;
        let unit_text = match p.pay_unit {
            PayUnit::Hour => "HOUR",
            PayUnit::Day => "DAY",
            PayUnit::Month => "MONTH",
            // schema.org has no unit for piece rates; the description states them.
            PayUnit::Piece => "PIECE",
        };
        let employment_type = if p.shift_minutes <= 240 {
            json!(["TEMPORARY", "PART_TIME"])
        } else {
            json!("TEMPORARY")
        };
        let locality = match &p.district_name {
            Some(district) => format!("{}{}", p.city_name, district),
            None => p.city_name.clone(),
        };
        let description = if detail.description.is_empty() {
            p.title.clone()
        } else {
            detail.description.clone()
        };
        let hours = f32::from(p.shift_minutes) / 60.0;
        let work_hours = match p.start_time {
            Some(time) => format!("{}起，每天{hours}小时", time.format("%H:%M")),
            None => format!("每天{hours}小时"),
        };
        let value = json!({
            "@context": "https://schema.org/",
            "workHours": work_hours,
            "@type": "JobPosting",
            "title": p.title,
            "description": description,
            "identifier": { "@type": "PropertyValue", "name": "Lingong", "value": p.id.to_string() },
            "url": detail.canonical_url,
            "datePosted": detail.posted_at.to_rfc3339(),
            "validThrough": format!("{}T23:59:59+08:00", p.end_date),
            "employmentType": employment_type,
            "hiringOrganization": { "@type": "Organization", "name": p.employer_name },
            "jobLocation": {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": p.address,
                    "addressLocality": locality,
                    "addressRegion": "江苏省",
                    "addressCountry": "CN"
                },
                "geo": { "@type": "GeoCoordinates", "latitude": p.location.lat, "longitude": p.location.lng }
            },
            "baseSalary": {
                "@type": "MonetaryAmount",
                "currency": "CNY",
                "value": { "@type": "QuantitativeValue", "value": f64::from(p.pay_cents) / 100.0, "unitText": unit_text }
            },
            "totalJobOpenings": p.headcount,
        });
        // Inside <script>, "</" would end the element: keep every angle bracket and ampersand escaped.
        value
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }
}

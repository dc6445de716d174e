//! schema.org JobPosting of a posting: on its page (for search engines) and in the export (for job
//! aggregators), the same description from one place.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::model::{PayUnit, PostingSummary};

pub fn job_posting(
    p: &PostingSummary,
    description: &str,
    url: &str,
    posted_at: DateTime<Utc>,
) -> Value {
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
    let description = if description.is_empty() {
        p.title.as_str()
    } else {
        description
    };
    let hours = f32::from(p.shift_minutes) / 60.0;
    let work_hours = match p.start_time {
        Some(time) => format!("{}起，每天{hours}小时", time.format("%H:%M")),
        None => format!("每天{hours}小时"),
    };
    json!({
        "@context": "https://schema.org/",
        "workHours": work_hours,
        "@type": "JobPosting",
        "title": p.title,
        "description": description,
        "identifier": { "@type": "PropertyValue", "name": "Lingong", "value": p.id.to_string() },
        "url": url,
        "datePosted": posted_at.to_rfc3339(),
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
    })
}

//! The OpenAPI document read back for people: what `/developers/api` shows. Read from the same document
//! `/api/v1/openapi.json` serves, so the page cannot describe an API other than the one running.

use serde_json::Value;

use crate::model::{ApiField, ApiOperation, ApiReference, ApiSchema};

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A schema's type in a few words.
fn kind(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        return format!("one of: {}", values.join(", "));
    }
    // `oneOf` with null: an optional object.
    if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
        let kinds: Vec<String> = alternatives
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .map(kind)
            .collect();
        return kinds.join(" or ");
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => vec![],
    };
    match types.first().copied() {
        Some("array") => format!(
            "list of {}",
            schema.get("items").map(kind).unwrap_or_default()
        ),
        Some(t) => match schema.get("format").and_then(Value::as_str) {
            Some(format) => format!("{t} ({format})"),
            None => t.to_owned(),
        },
        None => "any".to_owned(),
    }
}

/// The reference, from the document.
pub fn reference() -> ApiReference {
    let document = match serde_json::to_value(super::document()) {
        Ok(document) => document,
        Err(error) => {
            tracing::error!(%error, "the OpenAPI document does not serialise");
            Value::Null
        }
    };
    let mut operations = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                let parameters = op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| ApiField {
                                name: text(&p["name"]),
                                place: text(&p["in"]),
                                required: p["required"].as_bool().unwrap_or(false),
                                kind: kind(&p["schema"]),
                                description: text(&p["description"]),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let responses = op["responses"]
                    .as_object()
                    .map(|rs| {
                        rs.iter()
                            .map(|(status, r)| {
                                // application/json, or the export's application/jsonl (a line each).
                                let body = r["content"]
                                    .as_object()
                                    .and_then(|c| c.values().next())
                                    .map(|c| c["schema"].clone())
                                    .unwrap_or(Value::Null);
                                (
                                    status.parse().unwrap_or(0),
                                    text(&r["description"]),
                                    if body.is_null() {
                                        String::new()
                                    } else {
                                        kind(&body)
                                    },
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let request_body = op["requestBody"]["content"]
                    .as_object()
                    .and_then(|c| c.iter().next())
                    .map(|(media_type, c)| (kind(&c["schema"]), media_type.clone()));
                operations.push(ApiOperation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    summary: text(&op["summary"]),
                    description: text(&op["description"]),
                    parameters,
                    request_body,
                    responses,
                });
            }
        }
    }
    let mut schemas = Vec::new();
    if let Some(components) = document["components"]["schemas"].as_object() {
        for (name, schema) in components {
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let fields = schema["properties"]
                .as_object()
                .map(|ps| {
                    ps.iter()
                        .map(|(field, p)| ApiField {
                            name: field.clone(),
                            place: String::new(),
                            required: required.contains(&field.as_str()),
                            kind: kind(p),
                            description: text(&p["description"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            schemas.push(ApiSchema {
                name: name.clone(),
                description: text(&schema["description"]),
                fields,
            });
        }
    }
    ApiReference {
        title: text(&document["info"]["title"]),
        version: text(&document["info"]["version"]),
        description: text(&document["info"]["description"]),
        operations,
        schemas,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_names_every_operation_and_its_filters() {
        let reference = reference();
        let paths: Vec<&str> = reference
            .operations
            .iter()
            .map(|o| o.path.as_str())
            .collect();
        for path in [
            "/api/v1/postings",
            "/api/v1/postings/{id}",
            "/api/v1/markets",
            "/api/v1/markets/{slug}",
            "/api/v1/fairs",
            "/api/v1/courses",
            "/api/v1/boards/{kind}/{key}",
        ] {
            assert!(paths.contains(&path), "{path} in {paths:?}");
        }
        let search = reference
            .operations
            .iter()
            .find(|o| o.path == "/api/v1/postings")
            .expect("search");
        assert!(
            search
                .parameters
                .iter()
                .all(|p| !p.required && p.place == "query"),
            "{:?}",
            search.parameters
        );
        let unit = search
            .parameters
            .iter()
            .find(|p| p.name == "unit")
            .expect("unit");
        assert!(
            unit.kind.starts_with("one of:") && unit.kind.contains("day"),
            "{unit:?}"
        );
        let posting = reference
            .schemas
            .iter()
            .find(|s| s.name == "Posting")
            .expect("Posting");
        assert!(posting
            .fields
            .iter()
            .any(|f| f.name == "pay_cents" && f.required));
    }
}

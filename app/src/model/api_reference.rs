//! The public API's reference as the developers' page shows it, read from the OpenAPI document.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReference {
    pub title: String,
    pub version: String,
    /// Markdown-free prose: paragraphs separated by blank lines.
    pub description: String,
    pub operations: Vec<ApiOperation>,
    pub schemas: Vec<ApiSchema>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOperation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<ApiField>,
    /// The schema of the request's body and its media type, for the operations that take one (the
    /// partners' push); empty otherwise.
    pub request_body: Option<(String, String)>,
    /// Status, what it means, and the schema of its body.
    pub responses: Vec<(u16, String, String)>,
}

/// A parameter or a property.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiField {
    pub name: String,
    /// Where a parameter goes (query, path); empty for a property.
    pub place: String,
    pub required: bool,
    /// Its type in words: `integer`, `string (date)`, `one of: day, hour`, `list of Posting`.
    pub kind: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSchema {
    pub name: String,
    pub description: String,
    pub fields: Vec<ApiField>,
}

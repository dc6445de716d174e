use serde::{Deserialize, Serialize};

use super::Point;

/// A prefecture-level city (地级市) with its districts, for pickers and posting pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub adcode: i32,
    pub name: String,
    /// The human-resources service hotline (12333 with the area code), for wage and rights questions.
    pub labour_hotline: String,
    pub rights_office_address: Option<String>,
    pub centre: Point,
    pub districts: Vec<District>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct District {
    pub adcode: i32,
    pub name: String,
    pub centre: Point,
}

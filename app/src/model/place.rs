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

/// A street found in the open postings' addresses (街道), in one district.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnownStreet {
    /// City and district, e.g. 南京市鼓楼区.
    pub area: String,
    /// The middle of the postings that name it there.
    pub point: super::Point,
    /// How many open postings name it there.
    pub postings: i64,
}

/// The shortest and longest street name searched for.
pub const STREET_MIN_CHARS: usize = 2;
pub const STREET_MAX_CHARS: usize = 30;

use serde::{Deserialize, Serialize};

use super::PayUnit;

/// From this zoom on, the map shows single postings instead of clusters.
pub const POSTINGS_ZOOM: u8 = 14;
/// Zoom levels whose clusters are precomputed per day.
pub const PRECOMPUTED_ZOOMS: std::ops::RangeInclusive<u8> = 5..=13;
/// At most this many single postings are sent for one view.
pub const MAX_MAP_POSTINGS: usize = 200;

/// The part of the map on screen: a WGS-84 box and Leaflet's zoom level.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
    pub zoom: u8,
}

impl MapView {
    /// A sane box inside China's bounding box, at a zoom Leaflet can show.
    pub fn is_valid(&self) -> bool {
        let inside =
            |lng: f64, lat: f64| (73.0..=136.0).contains(&lng) && (3.0..=54.0).contains(&lat);
        inside(self.west, self.south)
            && inside(self.east, self.north)
            && self.west < self.east
            && self.south < self.north
            && (3..=19).contains(&self.zoom)
    }

    /// The box clipped to China, so a zoomed-out view never asks for the whole world.
    pub fn clipped(self) -> Self {
        Self {
            west: self.west.clamp(73.0, 136.0),
            east: self.east.clamp(73.0, 136.0),
            south: self.south.clamp(3.0, 54.0),
            north: self.north.clamp(3.0, 54.0),
            zoom: self.zoom.clamp(3, 19),
        }
    }

    /// Side of a cluster cell in degrees: about 60 screen pixels at this zoom.
    pub fn cell_degrees(&self) -> f64 {
        cell_degrees(self.zoom)
    }
}

/// Side of a cluster cell in degrees at a zoom: about 60 screen pixels.
pub fn cell_degrees(zoom: u8) -> f64 {
    360.0 / f64::from(1u32 << zoom) * (60.0 / 256.0)
}

/// Several postings shown as one circle with their count.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub lng: f64,
    pub lat: f64,
    pub count: u32,
}

/// A single posting on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapPosting {
    pub id: i64,
    pub title: String,
    pub pay_cents: i32,
    pub pay_unit: PayUnit,
    pub lng: f64,
    pub lat: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MapLayer {
    Clusters(Vec<Cluster>),
    Postings(Vec<MapPosting>),
}

/// How the map draws its background.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapSettings {
    /// An XYZ tile URL template (for example 天地图 with its key). None: the bundled city outlines only.
    pub tile_url: Option<String>,
    pub tile_attribution: String,
    /// The zoom levels the tile service has (天地图: 1–18): the map zooms no further out or in than
    /// its tiles go.
    pub tile_min_zoom: u8,
    pub tile_max_zoom: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_outside_china_or_inverted_are_refused() {
        let view = MapView {
            west: 118.0,
            south: 31.0,
            east: 119.0,
            north: 32.0,
            zoom: 10,
        };
        assert!(view.is_valid());
        assert!(!MapView {
            west: 2.0,
            east: 3.0,
            ..view
        }
        .is_valid());
        assert!(!MapView {
            west: 119.5,
            ..view
        }
        .is_valid());
        assert!(!MapView { zoom: 25, ..view }.is_valid());
        let world = MapView {
            west: -180.0,
            south: -85.0,
            east: 180.0,
            north: 85.0,
            zoom: 3,
        };
        assert!(world.clipped().is_valid());
    }

    #[test]
    fn cells_halve_with_each_zoom() {
        let a = MapView {
            west: 118.0,
            south: 31.0,
            east: 119.0,
            north: 32.0,
            zoom: 8,
        };
        let b = MapView { zoom: 9, ..a };
        assert!((a.cell_degrees() / b.cell_degrees() - 2.0).abs() < 1e-12);
    }
}

//! Handing a place over to the phone's map app (导航). Our points are WGS-84, as GPS and PostGIS have
//! them; 高德 and 腾讯 read GCJ-02 and 百度 reads BD-09, so a point given as it is lands a few hundred
//! metres off. Each link goes through the app's web URI API, which opens the app when it is installed
//! and its web map when it is not, and routes from where the person is.

use super::return_path::encode_component;
use super::Point;

/// Whom the map apps are told the request comes from (their URI APIs ask for a name).
const SOURCE: &str = "lingong";

/// One place's links into the three map apps.
#[derive(Clone, Debug, PartialEq)]
pub struct NavigationLinks {
    /// 高德地图
    pub amap: String,
    /// 百度地图
    pub baidu: String,
    /// 腾讯地图
    pub tencent: String,
}

/// The links to `point`, named `name` in the apps.
pub fn navigation_links(point: Point, name: &str) -> NavigationLinks {
    let (gcj_lng, gcj_lat) = coordtransform::wgs84_to_gcj02(point.lng, point.lat);
    let (bd_lng, bd_lat) = coordtransform::wgs84_to_bd09(point.lng, point.lat);
    let name = encode_component(name);
    NavigationLinks {
        amap: format!(
            "https://uri.amap.com/navigation?to={gcj_lng:.6},{gcj_lat:.6},{name}&mode=bus&coordinate=gaode&callnative=1&src={SOURCE}"
        ),
        baidu: format!(
            "https://api.map.baidu.com/marker?location={bd_lat:.6},{bd_lng:.6}&title={name}&content={name}&coord_type=bd09ll&output=html&src=webapp.{SOURCE}"
        ),
        tencent: format!(
            "https://apis.map.qq.com/uri/v1/routeplan?type=bus&to={name}&tocoord={gcj_lat:.6},{gcj_lng:.6}&fromcoord=CurrentLocation&referer={SOURCE}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference pair every implementation of these transforms publishes (天安门, WGS-84
    /// 116.404, 39.915), from the coordtransform projects' READMEs.
    #[test]
    fn conversions_match_the_published_reference_values() {
        let (lng, lat) = coordtransform::wgs84_to_gcj02(116.404, 39.915);
        assert!((lng - 116.41024449916938).abs() < 1e-9, "{lng}");
        assert!((lat - 39.91640428150164).abs() < 1e-9, "{lat}");
        let (lng, lat) = coordtransform::gcj02_to_bd09(116.404, 39.915);
        assert!((lng - 116.41036949371029).abs() < 1e-9, "{lng}");
        assert!((lat - 39.92133699351021).abs() < 1e-9, "{lat}");
        let (lng, lat) = coordtransform::wgs84_to_bd09(116.404, 39.915);
        assert!((lng - 116.41662724378733).abs() < 1e-9, "{lng}");
        assert!((lat - 39.922699552216216).abs() < 1e-9, "{lat}");
    }

    #[test]
    fn each_app_gets_its_own_coordinates_and_the_name_as_text() {
        let links = navigation_links(
            Point {
                lng: 116.404,
                lat: 39.915,
            },
            "天安门 & co",
        );
        assert!(
            links.amap.contains("to=116.410244,39.916404,"),
            "{}",
            links.amap
        );
        assert!(
            links.tencent.contains("tocoord=39.916404,116.410244"),
            "{}",
            links.tencent
        );
        // Baidu's order is latitude first.
        assert!(
            links.baidu.contains("location=39.922700,116.416627"),
            "{}",
            links.baidu
        );
        for link in [&links.amap, &links.baidu, &links.tencent] {
            assert!(link.starts_with("https://"));
            assert!(
                link.contains("%E5%A4%A9%E5%AE%89%E9%97%A8%20%26%20co"),
                "{link}"
            );
            assert!(!link.contains(' '));
        }
    }
}

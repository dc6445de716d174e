//! The job seeker's search (找零工): every filter of the list and the map, as the URL carries it.
//!
//! A search travels URL → [`SearchQuery`] → server function → SQL and back without detours. Parsing is
//! strict about shape (a malformed value is reported by name) and every value is bounded, so no URL can
//! ask the database for something slow.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{PayTerms, PayUnit, PostingSummary, PostingTag, ShiftStart, TradeCode};

/// Results per page.
pub const SEARCH_PAGE_SIZE: u32 = 20;
/// Results are counted and paged up to this many; beyond it the count reads "1000+".
pub const SEARCH_RESULT_CAP: u32 = 1000;
/// Longest keyword, in characters.
pub const KEYWORD_MAX_CHARS: usize = 30;
/// The distances a search can be limited to, in km.
pub const RADII_KM: [u16; 6] = [1, 3, 5, 10, 20, 50];
pub const DEFAULT_RADIUS_KM: u16 = 5;

/// Which days the work must fall on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateFilter {
    #[default]
    Today,
    Tomorrow,
    /// Today and the six days after it.
    ThisWeek,
    On(NaiveDate),
    /// Anything still open from today on.
    Any,
}

impl DateFilter {
    /// The window `[from, to]` of days a posting must overlap.
    pub fn window(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let day = chrono::Duration::days(1);
        match self {
            DateFilter::Today => (today, today),
            DateFilter::Tomorrow => (today + day, today + day),
            DateFilter::ThisWeek => (today, today + day * 6),
            DateFilter::On(date) => (date, date),
            DateFilter::Any => (today, NaiveDate::MAX),
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "today" => Some(DateFilter::Today),
            "tomorrow" => Some(DateFilter::Tomorrow),
            "week" => Some(DateFilter::ThisWeek),
            "any" => Some(DateFilter::Any),
            other => NaiveDate::parse_from_str(other, "%Y-%m-%d")
                .ok()
                .filter(|d| (2020..=2100).contains(&d.year()))
                .map(DateFilter::On),
        }
    }

    fn to_param(self) -> String {
        match self {
            DateFilter::Today => "today".into(),
            DateFilter::Tomorrow => "tomorrow".into(),
            DateFilter::ThisWeek => "week".into(),
            DateFilter::Any => "any".into(),
            // NaiveDate displays as ISO 8601, which `from_param` reads back.
            DateFilter::On(date) => date.to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    #[default]
    Newest,
    /// Needs a point; without one the search falls back to newest first.
    Nearest,
    HighestPay,
}

impl SortOrder {
    pub const ALL: [SortOrder; 3] = [SortOrder::Newest, SortOrder::Nearest, SortOrder::HighestPay];

    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Newest => "newest",
            SortOrder::Nearest => "nearest",
            SortOrder::HighestPay => "pay",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// A WGS-84 point the person chose or the browser located.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lng: f64,
    pub lat: f64,
}

impl Point {
    /// Accepts points inside China's bounding box only: anything else is a typo or a probe.
    pub fn new(lng: f64, lat: f64) -> Option<Self> {
        ((73.0..=136.0).contains(&lng) && (3.0..=54.0).contains(&lat)).then_some(Self { lng, lat })
    }

    /// Metres to `other` on the WGS 84 ellipsoid, in the plane tangent at their middle latitude, with
    /// the ellipsoid's radii of curvature there. Around Jiangsu's latitudes this is within 2 mm of
    /// PostGIS's geodesic distance (which the SQL search uses) up to 12 km, and within 0.2 m up to
    /// 60 km: the one distance of the application, so a posting is as far on its page as in the list.
    pub fn metres_to(self, other: Point) -> f64 {
        const A: f64 = 6_378_137.0;
        const E2: f64 = 0.006_694_379_990_14;
        let lat = ((self.lat + other.lat) / 2.0).to_radians();
        let w = 1.0 - E2 * lat.sin().powi(2);
        let meridian = A * (1.0 - E2) / (w * w.sqrt());
        let normal = A / w.sqrt();
        let dy = meridian * (other.lat - self.lat).to_radians();
        let dx = normal * lat.cos() * (other.lng - self.lng).to_radians();
        dx.hypot(dy)
    }
}

/// A minimum pay in whole yuan per unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinPay {
    pub yuan: u32,
    pub unit: PayUnit,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Chinese keyword, trimmed, at most [`KEYWORD_MAX_CHARS`] characters.
    pub keyword: Option<String>,
    /// A trade or a whole sector.
    pub trade: Option<TradeCode>,
    pub city: Option<i32>,
    pub district: Option<i32>,
    /// Centre of a distance search (and of "nearest first").
    pub near: Option<Point>,
    /// Only with `near`; one of [`RADII_KM`].
    pub radius_km: Option<u16>,
    pub min_pay: Option<MinPay>,
    pub date: DateFilter,
    /// Longest acceptable working day, in hours.
    pub max_hours: Option<u8>,
    /// All of these groups must be welcome.
    pub tags: Vec<PostingTag>,
    /// Paid this way (结算方式), e.g. only 日结. Absent from callers older than the field: none asked.
    #[serde(default)]
    pub pay_terms: Option<PayTerms>,
    /// Starting in this part of the day (上班时段); postings that do not say are left out.
    #[serde(default)]
    pub starts: Option<ShiftStart>,
    pub sort: SortOrder,
    /// Zero-based page.
    pub page: u32,
}

/// A parameter that could not be read; the name is the URL's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadParam(pub &'static str);

impl SearchQuery {
    /// Reads the URL's parameters (`get_all` returns every value of a parameter, in order). Empty values
    /// mean "not set"; a repeated parameter counts once, except `tags`, which a plain HTML form repeats.
    pub fn from_params(get_all: impl Fn(&str) -> Vec<String>) -> Result<Self, BadParam> {
        let param = |name: &str| {
            get_all(name)
                .into_iter()
                .map(|v| v.trim().to_owned())
                .find(|v| !v.is_empty())
        };
        let mut query = SearchQuery::default();

        if let Some(keyword) = param("q") {
            query.keyword =
                Some(clean_keyword(&keyword).ok_or(BadParam("q"))?).filter(|k| !k.is_empty());
        }
        if let Some(trade) = param("trade") {
            query.trade = Some(TradeCode::parse(&trade).ok_or(BadParam("trade"))?);
        }
        if let Some(city) = param("city") {
            query.city = Some(parse_adcode(&city, true).ok_or(BadParam("city"))?);
        }
        if let Some(district) = param("district") {
            query.district = Some(parse_adcode(&district, false).ok_or(BadParam("district"))?);
        }
        match (param("lng"), param("lat")) {
            (None, None) => {}
            (Some(lng), Some(lat)) => {
                let (lng, lat) = (lng.parse::<f64>(), lat.parse::<f64>());
                query.near = Some(match (lng, lat) {
                    (Ok(lng), Ok(lat)) => Point::new(lng, lat).ok_or(BadParam("near"))?,
                    _ => return Err(BadParam("near")),
                });
            }
            _ => return Err(BadParam("near")),
        }
        if let Some(radius) = param("r") {
            let radius: u16 = radius.parse().map_err(|_| BadParam("r"))?;
            if !RADII_KM.contains(&radius) {
                return Err(BadParam("r"));
            }
            query.radius_km = Some(radius);
        }
        if query.near.is_some() && query.radius_km.is_none() {
            query.radius_km = Some(DEFAULT_RADIUS_KM);
        }
        if let Some(pay) = param("pay") {
            let yuan: u32 = pay.parse().map_err(|_| BadParam("pay"))?;
            if !(1..=100_000).contains(&yuan) {
                return Err(BadParam("pay"));
            }
            let unit = match param("unit") {
                Some(unit) => PayUnit::parse(&unit).ok_or(BadParam("unit"))?,
                None => PayUnit::Day,
            };
            query.min_pay = Some(MinPay { yuan, unit });
        } else if let Some(unit) = param("unit") {
            PayUnit::parse(&unit).ok_or(BadParam("unit"))?;
        }
        if let Some(date) = param("date") {
            query.date = DateFilter::parse(&date).ok_or(BadParam("date"))?;
        }
        if let Some(hours) = param("hours") {
            let hours: u8 = hours.parse().map_err(|_| BadParam("hours"))?;
            if !(1..=24).contains(&hours) {
                return Err(BadParam("hours"));
            }
            query.max_hours = Some(hours);
        }
        for tags in get_all("tags") {
            for tag in tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                let tag = PostingTag::parse(tag).ok_or(BadParam("tags"))?;
                if !query.tags.contains(&tag) {
                    query.tags.push(tag);
                }
            }
        }
        if let Some(terms) = param("terms") {
            query.pay_terms = Some(PayTerms::parse(&terms).ok_or(BadParam("terms"))?);
        }
        if let Some(starts) = param("starts") {
            query.starts = Some(ShiftStart::parse(&starts).ok_or(BadParam("starts"))?);
        }
        if let Some(sort) = param("sort") {
            query.sort = SortOrder::parse(&sort).ok_or(BadParam("sort"))?;
        }
        if let Some(page) = param("page") {
            let page: u32 = page.parse().map_err(|_| BadParam("page"))?;
            if page >= SEARCH_RESULT_CAP / SEARCH_PAGE_SIZE {
                return Err(BadParam("page"));
            }
            query.page = page;
        }
        query.check()?;
        Ok(query)
    }

    /// The bounds every search must keep, whether it came from a URL or straight to the server function.
    pub fn check(&self) -> Result<(), BadParam> {
        if let Some(keyword) = &self.keyword {
            if keyword.is_empty() || clean_keyword(keyword).as_deref() != Some(keyword.as_str()) {
                return Err(BadParam("q"));
            }
        }
        if self.city.is_some_and(|c| !is_adcode(c, true)) {
            return Err(BadParam("city"));
        }
        if self.district.is_some_and(|d| !is_adcode(d, false)) {
            return Err(BadParam("district"));
        }
        if self
            .near
            .is_some_and(|p| Point::new(p.lng, p.lat).is_none())
        {
            return Err(BadParam("near"));
        }
        match (self.near, self.radius_km) {
            (_, Some(r)) if !RADII_KM.contains(&r) => return Err(BadParam("r")),
            (None, Some(_)) => return Err(BadParam("r")),
            _ => {}
        }
        if self
            .min_pay
            .is_some_and(|p| !(1..=100_000).contains(&p.yuan))
        {
            return Err(BadParam("pay"));
        }
        if self.max_hours.is_some_and(|h| !(1..=24).contains(&h)) {
            return Err(BadParam("hours"));
        }
        if self.tags.len() > PostingTag::ALL.len() {
            return Err(BadParam("tags"));
        }
        if self.page >= SEARCH_RESULT_CAP / SEARCH_PAGE_SIZE {
            return Err(BadParam("page"));
        }
        Ok(())
    }

    /// The URL of this search: only what differs from the defaults, in a fixed order, so equal searches
    /// have equal links.
    pub fn to_url(&self) -> String {
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(keyword) = &self.keyword {
            params.push(("q", keyword.clone()));
        }
        if let Some(trade) = &self.trade {
            params.push(("trade", trade.to_string()));
        }
        if let Some(city) = self.city {
            params.push(("city", city.to_string()));
        }
        if let Some(district) = self.district {
            params.push(("district", district.to_string()));
        }
        if let Some(point) = self.near {
            params.push(("lng", format!("{:.5}", point.lng)));
            params.push(("lat", format!("{:.5}", point.lat)));
            if let Some(radius) = self.radius_km {
                params.push(("r", radius.to_string()));
            }
        }
        if let Some(pay) = self.min_pay {
            params.push(("pay", pay.yuan.to_string()));
            params.push(("unit", pay.unit.as_str().to_owned()));
        }
        if self.date != DateFilter::Today {
            params.push(("date", self.date.to_param()));
        }
        if let Some(hours) = self.max_hours {
            params.push(("hours", hours.to_string()));
        }
        if let Some(terms) = self.pay_terms {
            params.push(("terms", terms.as_str().to_owned()));
        }
        if let Some(starts) = self.starts {
            params.push(("starts", starts.as_str().to_owned()));
        }
        if !self.tags.is_empty() {
            params.push((
                "tags",
                self.tags
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            ));
        }
        if self.sort != SortOrder::Newest {
            params.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.page > 0 {
            params.push(("page", self.page.to_string()));
        }
        if params.is_empty() {
            return "/".to_owned();
        }
        let query: Vec<String> = params
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("/?{}", query.join("&"))
    }

    /// The same search on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The sort actually applied: "nearest" needs a point.
    pub fn effective_sort(&self) -> SortOrder {
        match (self.sort, self.near) {
            (SortOrder::Nearest, None) => SortOrder::Newest,
            (sort, _) => sort,
        }
    }
}

/// Trims and checks a keyword: at most [`KEYWORD_MAX_CHARS`] characters, no control characters.
/// Markup or SQL in a keyword is harmless (it is bound, escaped for LIKE and rendered as text), so it is
/// not refused, only bounded.
pub fn clean_keyword(raw: &str) -> Option<String> {
    let keyword: String = raw.trim().split_whitespace().collect::<Vec<_>>().join(" ");
    (keyword.chars().count() <= KEYWORD_MAX_CHARS && !keyword.chars().any(char::is_control))
        .then_some(keyword)
}

fn parse_adcode(s: &str, city: bool) -> Option<i32> {
    s.parse().ok().filter(|&code| is_adcode(code, city))
}

/// The shape of an administrative code: six digits, ending in 00 for a city and not for a district.
fn is_adcode(code: i32, city: bool) -> bool {
    (110_000..=829_999).contains(&code) && ((code % 100 == 0) == city)
}

/// Percent-encodes a parameter value (UTF-8), leaving unreserved characters as they are.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// How many results a search has, honestly capped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResultCount {
    Exactly(u32),
    /// More than [`SEARCH_RESULT_CAP`].
    AtLeast(u32),
}

/// One posting found, with its distance when the search had a point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub posting: PostingSummary,
    pub distance_m: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The first day of the date window (China Standard Time).
    pub day: NaiveDate,
    pub hits: Vec<SearchHit>,
    pub count: ResultCount,
    pub page: u32,
    pub has_next: bool,
    /// How the results divide, for narrowing them with a tap.
    pub facets: Facets,
}

/// The day pays (yuan a day) whose "at least" a person can narrow to with a tap.
pub const DAY_PAY_FACETS_YUAN: [u32; 3] = [150, 200, 300];

/// The date windows a person can switch between with a tap.
pub const DATE_FACETS: [DateFilter; 4] = [
    DateFilter::Today,
    DateFilter::Tomorrow,
    DateFilter::ThisWeek,
    DateFilter::Any,
];

/// Facet counts (筛选项计数) of a search's results: how many of them each narrower search would keep.
/// Counts are exact (not capped like [`ResultCount`]); trades and places that would keep none are left
/// out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// By sector, or by trade within the sector searched for; none once a single trade is chosen.
    /// Most results first.
    pub trades: Vec<TradeFacet>,
    /// By city, or by district within the city searched for; none once a district is chosen.
    pub places: Vec<PlaceFacet>,
    /// Postings paid by the day with at least each of [`DAY_PAY_FACETS_YUAN`], in that order.
    pub day_pay: Vec<(u32, u32)>,
    /// The results with the date filter set to each of [`DATE_FACETS`] instead, in that order.
    pub dates: Vec<(DateFilter, u32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TradeFacet {
    pub code: TradeCode,
    pub name: String,
    pub name_en: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceFacet {
    /// A city's or a district's administrative code.
    pub adcode: i32,
    pub name: String,
    pub count: u32,
}

impl Facets {
    /// Most results first, then by code, so equal counts list the same way on every path.
    pub fn sort(&mut self) {
        self.trades.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.code.as_str().cmp(b.code.as_str()))
        });
        self.places
            .sort_by(|a, b| b.count.cmp(&a.count).then(a.adcode.cmp(&b.adcode)));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn parse(url_query: &[(&str, &str)]) -> Result<SearchQuery, BadParam> {
        let map: HashMap<String, String> = url_query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        SearchQuery::from_params(|name| map.get(name).cloned().into_iter().collect())
    }

    #[test]
    fn an_empty_url_is_today_newest_first() {
        let query = parse(&[]).unwrap();
        assert_eq!(query, SearchQuery::default());
        assert_eq!(query.to_url(), "/");
    }

    #[test]
    fn every_filter_round_trips_through_the_url() {
        let query = parse(&[
            ("q", " 帮厨 "),
            ("trade", "catering"),
            ("city", "320100"),
            ("district", "320115"),
            ("lng", "118.8"),
            ("lat", "31.95"),
            ("r", "10"),
            ("pay", "150"),
            ("unit", "day"),
            ("date", "week"),
            ("hours", "4"),
            ("terms", "daily"),
            ("starts", "evening"),
            ("tags", "older_friendly,fisher,older_friendly"),
            ("sort", "nearest"),
            ("page", "2"),
        ])
        .unwrap();
        assert_eq!(query.keyword.as_deref(), Some("帮厨"));
        assert_eq!(query.pay_terms, Some(PayTerms::Daily));
        assert_eq!(query.starts, Some(ShiftStart::Evening));
        assert_eq!(
            query.tags,
            vec![PostingTag::OlderFriendly, PostingTag::Fisher]
        );
        let url = query.to_url();
        assert!(
            url.starts_with("/?q=%E5%B8%AE%E5%8E%A8&trade=catering"),
            "{url}"
        );
        let reparsed = {
            let pairs: Vec<(String, String)> = url[2..]
                .split('&')
                .map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap();
                    (k.to_owned(), decode(v))
                })
                .collect();
            SearchQuery::from_params(|name| {
                pairs
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .collect()
            })
            .unwrap()
        };
        assert_eq!(reparsed, query);
    }

    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn nonsense_is_named_not_guessed() {
        let long = "帮".repeat(10_000);
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("q", &long)], "q"),
            (&[("r", "-5")], "r"),
            (&[("r", "7")], "r"),
            (&[("pay", "abc")], "pay"),
            (&[("pay", "0")], "pay"),
            (&[("pay", "100"), ("unit", "week")], "unit"),
            (&[("trade", "<b>x</b>")], "trade"),
            (&[("lng", "2.35"), ("lat", "48.85")], "near"),
            (&[("lng", "118.8")], "near"),
            (&[("lng", "NaN"), ("lat", "NaN")], "near"),
            (&[("city", "320115")], "city"),
            (&[("district", "320100")], "district"),
            (&[("date", "2026-02-30")], "date"),
            (&[("hours", "25")], "hours"),
            (&[("tags", "vip")], "tags"),
            (&[("sort", "random")], "sort"),
            (&[("page", "50")], "page"),
        ];
        for (params, field) in cases {
            assert_eq!(parse(params), Err(BadParam(field)), "{params:?}");
        }
    }

    #[test]
    fn a_plain_form_may_repeat_tags() {
        let values = |name: &str| match name {
            "tags" => vec!["older_friendly".to_owned(), "fisher".to_owned()],
            _ => vec![],
        };
        let query = SearchQuery::from_params(values).unwrap();
        assert_eq!(
            query.tags,
            vec![PostingTag::OlderFriendly, PostingTag::Fisher]
        );
        assert_eq!(query.to_url(), "/?tags=older_friendly,fisher");
    }

    #[test]
    fn markup_and_sql_in_a_keyword_are_just_text() {
        let query = parse(&[("q", "<script>x</script>")]).unwrap();
        assert_eq!(query.keyword.as_deref(), Some("<script>x</script>"));
        let query = parse(&[("q", "'; drop table postings; --")]).unwrap();
        assert_eq!(query.keyword.as_deref(), Some("'; drop table postings; --"));
        assert_eq!(parse(&[("q", "a\u{0}b")]), Err(BadParam("q")));
    }

    #[test]
    fn a_point_brings_the_default_radius_and_nearest_needs_one() {
        let query = parse(&[("lng", "118.8"), ("lat", "32.0")]).unwrap();
        assert_eq!(query.radius_km, Some(DEFAULT_RADIUS_KM));
        assert_eq!(
            parse(&[("sort", "nearest")]).unwrap().effective_sort(),
            SortOrder::Newest
        );
        assert_eq!(query.with_page(0).effective_sort(), SortOrder::Newest);
    }

    #[test]
    fn date_windows() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        assert_eq!(DateFilter::Today.window(today), (d(24), d(24)));
        assert_eq!(DateFilter::Tomorrow.window(today), (d(25), d(25)));
        assert_eq!(DateFilter::ThisWeek.window(today), (d(24), d(30)));
    }
}

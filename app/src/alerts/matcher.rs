//! Every saved search (职位订阅) in memory, filed so that a new posting finds the searches it may match
//! without looking at the others.
//!
//! A search is filed under routes, keys of "where × what" that every posting it can match also has:
//! where is its narrowest place (its district, else its city, else the grid cells its circle's box
//! touches, else the province), what is what it asks for (its trade or sector; else, for a keyword, the
//! trades the keyword names and the keyword's first two characters, which a title saying it holds; else
//! anything). A posting has every route it could be asked by — its district, city, province and its cell
//! at every size, crossed with its trade, its sector, anything and every one or two characters of its
//! title — and the filters left out of the routes run on the searches found under them. The keyword
//! means what it means to the search ([`crate::search::keyword`]); distances are the search's
//! ([`Point::metres_to`]).

use std::collections::HashMap;

use crate::model::{PayTerms, Point, ShiftStart};
use crate::search::keyword::Keyword;

/// Grid cell sizes in degrees. A circle is filed under the smallest at least its box's height (so it
/// touches two cells a side at most, three east–west where a degree of longitude is short); a posting
/// is in one cell of every size.
const CELL_SIZES: [f64; 9] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0];

/// No trade asked (a sentinel for the interned trade number).
const ANY_TRADE: u16 = u16::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Place {
    Province,
    City(i32),
    District(i32),
    Cell { size: u8, x: i32, y: i32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum What {
    Anything,
    Trade(u16),
    /// One or two characters of a title (`'\0'` for a missing second).
    Word([char; 2]),
}

type Route = (Place, What);

/// A saved search as the database has it, for an active account.
#[derive(Clone, Debug, Default)]
pub struct SavedSearch {
    pub id: i64,
    pub account_id: i64,
    pub trade_code: Option<String>,
    pub city: Option<i32>,
    pub district: Option<i32>,
    pub centre: Option<Point>,
    pub radius_m: Option<i32>,
    pub min_pay_cents: Option<i32>,
    pub min_pay_unit: Option<String>,
    pub max_shift_minutes: Option<i16>,
    /// Bits of [`crate::model::PostingTag::ALL`] the posting must have.
    pub tags: u8,
    pub pay_terms: Option<PayTerms>,
    pub starts: Option<ShiftStart>,
    pub keyword: Option<String>,
    /// The trades the keyword names, resolved when the search was saved (`lingong_keyword_trades`).
    pub keyword_trades: Vec<String>,
    /// Its searcher asked for a text message with each new alert.
    pub texts: bool,
}

/// A new posting, as its alerts need it.
#[derive(Clone, Debug)]
pub struct NewPosting {
    pub id: i64,
    pub title: String,
    pub trade_code: String,
    /// The trade's sector.
    pub sector_code: Option<String>,
    pub city: i32,
    pub district: Option<i32>,
    pub point: Point,
    pub pay_unit: String,
    pub pay_cents: i32,
    pub shift_minutes: i32,
    /// Bits of [`crate::model::PostingTag::ALL`].
    pub tags: u8,
    pub pay_terms: Option<PayTerms>,
    pub starts: Option<ShiftStart>,
}

/// One search as kept: 64 bytes, as there are millions. Zero stands for "not asked" where the
/// database's checks rule zero out (adcodes, pay, hours, radius).
#[derive(Clone, Debug)]
struct Kept {
    id: i64,
    account_id: i64,
    centre: Point,
    keyword: Option<Box<KeywordFilter>>,
    radius_m: f32,
    city: i32,
    district: i32,
    min_pay_cents: i32,
    trade: u16,
    max_shift_minutes: u16,
    /// The unit of `min_pay_cents` ([`pay_unit_number`]) in the low four bits, the pay terms asked
    /// for ([`terms_number`]) in the high four: one byte, so that a search stays 64 bytes.
    pay: u8,
    /// The tags' bits in the low four bits, the part of the day asked for ([`start_number`]) in the
    /// high four.
    tags: u8,
    /// Replaced or deleted since it was filed: its routes still list it until the next full load.
    gone: bool,
    texts: bool,
}

#[derive(Clone, Debug)]
struct KeywordFilter {
    /// Lower-cased, as titles are compared with it ([`Keyword::said_in`]).
    lowered: Box<str>,
    trades: Box<[u16]>,
}

/// Trade codes as small numbers.
#[derive(Clone, Debug, Default)]
struct TradeNumbers(HashMap<Box<str>, u16>);

impl TradeNumbers {
    fn number(&mut self, code: &str) -> u16 {
        if let Some(&n) = self.0.get(code) {
            return n;
        }
        // Tens of trades in practice; past 65,534 further ones share the last number, which only
        // widens the candidates (the filters compare the numbers, so such trades would also match
        // each other: logged, as it means the trade list has gone wrong).
        let n = u16::try_from(self.0.len())
            .unwrap_or(ANY_TRADE - 1)
            .min(ANY_TRADE - 1);
        if n == ANY_TRADE - 1 {
            tracing::error!(code, "more trades than the alerts can tell apart");
        }
        self.0.insert(code.into(), n);
        n
    }

    fn known(&self, code: &str) -> Option<u16> {
        self.0.get(code).copied()
    }
}

fn pay_unit_number(unit: &str) -> u8 {
    match unit {
        "hour" => 1,
        "day" => 2,
        "month" => 3,
        "piece" => 4,
        _ => 0,
    }
}

/// Pay terms as a number from 1, 0 for none.
fn terms_number(terms: Option<PayTerms>) -> u8 {
    terms.map_or(0, |t| t.position() + 1)
}

/// A part of the day as a number from 1, 0 for none.
fn start_number(start: Option<ShiftStart>) -> u8 {
    start.map_or(0, |s| s.position() + 1)
}

// The tags share their byte with the part of the day.
const _: () = assert!(crate::model::PostingTag::ALL.len() <= 4);

/// A (saved search, account) a posting matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    pub account_id: i64,
    pub saved_search_id: i64,
    /// The search asked for texts: known here, so that a round need not read every search it alerts.
    pub texts: bool,
}

/// The saved searches, filed by route.
#[derive(Debug, Default)]
pub struct Matcher {
    /// In order of id up to `sorted`, then in the order they were filed since.
    kept: Vec<Kept>,
    sorted: usize,
    /// Where the searches filed after the ordered part are.
    later: HashMap<i64, u32>,
    routes: HashMap<Route, Vec<u32>>,
    trades: TradeNumbers,
    live: usize,
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher::default()
    }

    /// Searches kept (not counting replaced ones).
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Slots taken, replaced ones included: a full load is due when it is far above [`Matcher::len`].
    pub fn slots(&self) -> usize {
        self.kept.len()
    }

    /// Makes room for `searches` more at once: loading millions one by one would double the memory
    /// several times over, and keep up to twice what is needed.
    pub fn reserve(&mut self, searches: usize) {
        self.kept.reserve_exact(searches);
    }

    /// Gives back what the lists grew beyond their contents, once loaded.
    pub fn shrink(&mut self) {
        self.kept.shrink_to_fit();
        for slots in self.routes.values_mut() {
            slots.shrink_to_fit();
        }
        self.routes.shrink_to_fit();
    }

    /// Files a search, replacing any kept with its id. Loading in order of id keeps lookups cheap.
    pub fn put(&mut self, search: SavedSearch) {
        self.remove(search.id);
        let Ok(slot) = u32::try_from(self.kept.len()) else {
            tracing::error!("more saved searches than the alerts can hold");
            return;
        };
        let kept = self.keep(&search);
        let in_order =
            self.kept.len() == self.sorted && self.kept.last().is_none_or(|k| k.id < kept.id);
        for route in self.routes_of(&kept) {
            self.routes.entry(route).or_default().push(slot);
        }
        if in_order {
            self.sorted += 1;
        } else {
            self.later.insert(kept.id, slot);
        }
        self.kept.push(kept);
        self.live += 1;
    }

    /// Forgets a search (deleted, or its account no longer active).
    pub fn remove(&mut self, id: i64) {
        let slot = match self.later.remove(&id) {
            Some(slot) => Some(slot as usize),
            None => self.kept[..self.sorted]
                .binary_search_by_key(&id, |k| k.id)
                .ok()
                .filter(|&slot| !self.kept[slot].gone),
        };
        if let Some(slot) = slot {
            self.kept[slot].gone = true;
            self.live -= 1;
        }
    }

    fn keep(&mut self, s: &SavedSearch) -> Kept {
        let keyword = s.keyword.as_ref().map(|typed| {
            Box::new(KeywordFilter {
                lowered: Keyword::new(typed).lowered().into(),
                trades: s
                    .keyword_trades
                    .iter()
                    .map(|t| self.trades.number(t))
                    .collect(),
            })
        });
        let circle = s.centre.zip(s.radius_m);
        Kept {
            id: s.id,
            account_id: s.account_id,
            centre: circle.map_or(Point { lng: 0.0, lat: 0.0 }, |(c, _)| c),
            keyword,
            radius_m: circle.map_or(0.0, |(_, r)| r.max(1) as f32),
            city: s.city.unwrap_or(0),
            district: s.district.unwrap_or(0),
            min_pay_cents: s.min_pay_cents.unwrap_or(0).max(0),
            trade: s
                .trade_code
                .as_deref()
                .map_or(ANY_TRADE, |t| self.trades.number(t)),
            max_shift_minutes: s
                .max_shift_minutes
                .map_or(0, |m| u16::try_from(m).unwrap_or(0)),
            pay: s.min_pay_unit.as_deref().map_or(0, pay_unit_number)
                | terms_number(s.pay_terms) << 4,
            tags: (s.tags & 0x0f) | start_number(s.starts) << 4,
            gone: false,
            texts: s.texts,
        }
    }

    fn routes_of(&self, k: &Kept) -> Vec<Route> {
        let places: Vec<Place> = if k.district != 0 {
            vec![Place::District(k.district)]
        } else if k.city != 0 {
            vec![Place::City(k.city)]
        } else if k.radius_m > 0.0 {
            circle_cells(k.centre, f64::from(k.radius_m))
        } else {
            vec![Place::Province]
        };
        let whats: Vec<What> = if k.trade != ANY_TRADE {
            vec![What::Trade(k.trade)]
        } else if let Some(keyword) = &k.keyword {
            let mut chars = keyword.lowered.chars();
            let word = [chars.next().unwrap_or('\0'), chars.next().unwrap_or('\0')];
            keyword
                .trades
                .iter()
                .map(|&t| What::Trade(t))
                .chain([What::Word(word)])
                .collect()
        } else {
            vec![What::Anything]
        };
        places
            .iter()
            .flat_map(|&p| whats.iter().map(move |&w| (p, w)))
            .collect()
    }

    /// The searches `posting` matches, one per account (its lowest-numbered), ordered by account.
    pub fn matches(&self, posting: &NewPosting) -> Vec<Match> {
        let title = Keyword::new(&posting.title).lowered().to_owned();
        let trade = self.trades.known(&posting.trade_code);
        let sector = posting
            .sector_code
            .as_deref()
            .and_then(|s| self.trades.known(s));
        let pay_unit = pay_unit_number(&posting.pay_unit);
        let terms = terms_number(posting.pay_terms);
        let start = start_number(posting.starts);

        let mut places = vec![Place::City(posting.city), Place::Province];
        places.extend(posting.district.map(Place::District));
        places.extend(CELL_SIZES.iter().enumerate().map(|(i, &size)| {
            let (x, y) = cell(posting.point, size);
            Place::Cell {
                size: i as u8,
                x,
                y,
            }
        }));
        let mut whats = vec![What::Anything];
        whats.extend(trade.map(What::Trade));
        whats.extend(sector.map(What::Trade));
        let chars: Vec<char> = title.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            whats.push(What::Word([c, '\0']));
            if let Some(&next) = chars.get(i + 1) {
                whats.push(What::Word([c, next]));
            }
        }
        whats.sort_unstable();
        whats.dedup();

        let said = |k: &KeywordFilter| {
            trade.is_some_and(|t| k.trades.contains(&t)) || title.contains(&*k.lowered)
        };
        let wanted = |k: &Kept| {
            !k.gone
                && (k.trade == ANY_TRADE || Some(k.trade) == trade || Some(k.trade) == sector)
                && (k.city == 0 || k.city == posting.city)
                && (k.district == 0 || Some(k.district) == posting.district)
                && (k.min_pay_cents == 0
                    || (k.pay & 0x0f == pay_unit && posting.pay_cents >= k.min_pay_cents))
                && (k.pay >> 4 == 0 || k.pay >> 4 == terms)
                && (k.tags >> 4 == 0 || k.tags >> 4 == start)
                && (k.max_shift_minutes == 0
                    || posting.shift_minutes <= i32::from(k.max_shift_minutes))
                && posting.tags & k.tags & 0x0f == k.tags & 0x0f
                && k.keyword.as_deref().is_none_or(said)
                && (k.radius_m == 0.0 || k.centre.metres_to(posting.point) <= f64::from(k.radius_m))
        };
        let mut found: Vec<Match> = Vec::new();
        for &place in &places {
            for &what in &whats {
                let Some(slots) = self.routes.get(&(place, what)) else {
                    continue;
                };
                for &slot in slots {
                    let k = &self.kept[slot as usize];
                    if wanted(k) {
                        found.push(Match {
                            account_id: k.account_id,
                            saved_search_id: k.id,
                            texts: k.texts,
                        });
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup_by_key(|m| m.account_id);
        found
    }
}

fn cell(point: Point, size: f64) -> (i32, i32) {
    (
        (point.lng / size).floor() as i32,
        (point.lat / size).floor() as i32,
    )
}

/// The cells a circle's box touches, at the smallest size at least the box's height.
fn circle_cells(centre: Point, radius_m: f64) -> Vec<Place> {
    // A degree of latitude is at least 110.5 km; a degree of longitude shrinks with the cosine of the
    // latitude, taken at the box's edge furthest from the equator. 1 % to spare.
    let dlat = radius_m / 110_500.0 * 1.01;
    let dlng = dlat / (centre.lat.abs() + dlat).min(89.0).to_radians().cos();
    let (i, size) = CELL_SIZES
        .iter()
        .copied()
        .enumerate()
        .find(|&(_, size)| size >= 2.0 * dlat)
        .unwrap_or((CELL_SIZES.len() - 1, CELL_SIZES[CELL_SIZES.len() - 1]));
    let (x0, y0) = cell(
        Point {
            lng: centre.lng - dlng,
            lat: centre.lat - dlat,
        },
        size,
    );
    let (x1, y1) = cell(
        Point {
            lng: centre.lng + dlng,
            lat: centre.lat + dlat,
        },
        size,
    );
    (x0..=x1)
        .flat_map(|x| {
            (y0..=y1).map(move |y| Place::Cell {
                size: i as u8,
                x,
                y,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(title: &str, trade: &str, sector: &str) -> NewPosting {
        NewPosting {
            id: 1,
            title: title.into(),
            trade_code: trade.into(),
            sector_code: Some(sector.into()),
            city: 3201,
            district: Some(320102),
            point: Point {
                lng: 118.797,
                lat: 32.060,
            },
            pay_unit: "day".into(),
            pay_cents: 20_000,
            shift_minutes: 480,
            tags: 0b0001,
            pay_terms: Some(PayTerms::Daily),
            starts: Some(ShiftStart::Morning),
        }
    }

    fn search(id: i64, account_id: i64) -> SavedSearch {
        SavedSearch {
            id,
            account_id,
            ..SavedSearch::default()
        }
    }

    fn found(m: &Matcher, p: &NewPosting) -> Vec<i64> {
        m.matches(p).iter().map(|m| m.saved_search_id).collect()
    }

    #[test]
    fn each_filter_holds_and_an_account_is_told_once() {
        let mut m = Matcher::new();
        let p = posting("急招帮厨 日结", "0101", "01");
        m.put(SavedSearch {
            trade_code: Some("01".into()),
            ..search(1, 10)
        });
        // The same account's second match is not told again.
        m.put(SavedSearch {
            district: Some(320102),
            ..search(2, 10)
        });
        m.put(SavedSearch {
            keyword: Some("帮厨".into()),
            ..search(3, 11)
        });
        m.put(SavedSearch {
            keyword: Some("BC".into()),
            keyword_trades: vec!["0101".into()],
            ..search(4, 12)
        });
        m.put(SavedSearch {
            centre: Some(Point {
                lng: 118.797,
                lat: 32.105,
            }),
            radius_m: Some(5_000),
            ..search(5, 13)
        });
        // 4,990 m away: outside a 4,900 m circle.
        m.put(SavedSearch {
            centre: Some(Point {
                lng: 118.797,
                lat: 32.105,
            }),
            radius_m: Some(4_900),
            ..search(6, 14)
        });
        m.put(SavedSearch {
            min_pay_cents: Some(20_001),
            min_pay_unit: Some("day".into()),
            ..search(7, 15)
        });
        m.put(SavedSearch {
            min_pay_cents: Some(20_000),
            min_pay_unit: Some("hour".into()),
            ..search(8, 16)
        });
        m.put(SavedSearch {
            max_shift_minutes: Some(240),
            ..search(9, 17)
        });
        m.put(SavedSearch {
            tags: 0b0011,
            ..search(10, 18)
        });
        m.put(SavedSearch {
            city: Some(3202),
            ..search(11, 19)
        });
        m.put(SavedSearch {
            keyword: Some("保洁".into()),
            ..search(12, 20)
        });
        m.put(SavedSearch {
            min_pay_cents: Some(20_000),
            min_pay_unit: Some("day".into()),
            max_shift_minutes: Some(480),
            tags: 0b0001,
            pay_terms: Some(PayTerms::Daily),
            starts: Some(ShiftStart::Morning),
            ..search(13, 21)
        });
        m.put(SavedSearch {
            pay_terms: Some(PayTerms::Weekly),
            ..search(14, 22)
        });
        m.put(SavedSearch {
            starts: Some(ShiftStart::Evening),
            ..search(15, 23)
        });
        // Asking for a part of the day and terms leaves the tags as they were asked.
        m.put(SavedSearch {
            tags: 0b0010,
            starts: Some(ShiftStart::Morning),
            ..search(16, 24)
        });
        assert_eq!(found(&m, &p), vec![1, 3, 4, 5, 13]);
        let unsaid = NewPosting {
            pay_terms: None,
            starts: None,
            ..p.clone()
        };
        assert_eq!(found(&m, &unsaid), vec![1, 3, 4, 5]);
    }

    #[test]
    fn replaced_and_removed_searches_are_forgotten() {
        let mut m = Matcher::new();
        let p = posting("帮厨", "0101", "01");
        for id in 1..=3 {
            m.put(search(id, 100 + id));
        }
        assert_eq!(found(&m, &p), vec![1, 2, 3]);
        m.put(SavedSearch {
            city: Some(3202),
            ..search(2, 102)
        });
        m.remove(3);
        m.put(search(9, 109));
        m.put(search(5, 105));
        assert_eq!(found(&m, &p), vec![1, 5, 9]);
        assert_eq!((m.len(), m.slots()), (4, 6));
        m.remove(5);
        m.remove(5);
        m.put(SavedSearch {
            city: Some(3201),
            ..search(2, 102)
        });
        assert_eq!(found(&m, &p), vec![1, 2, 9]);
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn a_circle_is_found_from_any_cell_its_box_touches() {
        // Circles of every radius allowed, around a point near cell corners at every size, against
        // postings just inside their edge in eight directions.
        let centre = Point {
            lng: 119.999_9,
            lat: 32.000_1,
        };
        for radius in [500, 1_000, 3_000, 5_000, 20_000, 60_000, 200_000] {
            let mut m = Matcher::new();
            m.put(SavedSearch {
                centre: Some(centre),
                radius_m: Some(radius),
                ..search(1, 1)
            });
            let r = f64::from(radius) * 0.99;
            for step in 0..8 {
                let angle = f64::from(step) * std::f64::consts::FRAC_PI_4;
                let dlat = r * angle.sin() / 110_900.0;
                let dlng = r * angle.cos() / (111_320.0 * centre.lat.to_radians().cos());
                let mut p = posting("帮厨", "0101", "01");
                p.point = Point {
                    lng: centre.lng + dlng,
                    lat: centre.lat + dlat,
                };
                let d = centre.metres_to(p.point);
                assert_eq!(
                    found(&m, &p),
                    if d <= f64::from(radius) {
                        vec![1]
                    } else {
                        vec![]
                    },
                    "radius {radius}, direction {step}, {d} m"
                );
            }
        }
    }
}

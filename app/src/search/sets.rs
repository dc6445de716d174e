//! The open postings as sets, one per value of each filter: the in-memory index's answer to searches
//! without a distance (province-wide, a city, a district, a trade, a keyword).
//!
//! Such a search can match hundreds of thousands of postings, so scanning them one by one (as the grid
//! cells are scanned for a distance) costs milliseconds, and so does PostgreSQL (issue 19: p95 316 ms).
//! Held as compressed bitmaps of posting ids ([`roaring`], the structure inverted indexes are built
//! on), a search is a few intersections whose cost follows the bitmaps' containers rather than the
//! matches; the count and every facet count are intersections' sizes; newest first is the ids from the
//! top down. Ranges become sets too: for the dates and the hours one set per step ("starts by day
//! *d*"), for pay one per step of a fixed ladder, made exact between two steps from an ordered list.
//! A keyword is found through the sets of the titles' characters, pairs and triples: exact for
//! keywords of up to three characters (most Chinese trade words), checked against the titles beyond.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use roaring::RoaringBitmap;

use crate::model::{PayTerms, PayUnit, PostingTag, ShiftStart, DAY_PAY_FACETS_YUAN};

/// Days from the first day of the index with their own "started by" and "still open on" sets: the date
/// windows people search (today, tomorrow, this week, a day of the coming weeks) fall inside. A window
/// beyond is left to the SQL.
pub(super) const DAYS: usize = 64;

/// The pay ladder, in yuan: one set per unit and step of the postings paying at least that much.
const PAY_STEPS_YUAN: [u32; 36] = [
    1, 2, 3, 5, 8, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 180, 200, 250, 300, 350, 400,
    500, 600, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10_000, 20_000, 50_000, 100_000,
];

/// What the sets hold of a posting.
#[derive(Clone, Copy, Debug)]
pub(super) struct Filtered<'a> {
    pub trade: u16,
    pub sector: Option<u16>,
    pub city: i32,
    pub district: Option<i32>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub pay_unit: PayUnit,
    pub pay_cents: i32,
    pub day_pay_cents: Option<i32>,
    pub shift_minutes: i16,
    /// [`ShiftStart::position`], if the posting says when it starts.
    pub shift_start: Option<u8>,
    /// [`PayTerms::position`], if the posting says.
    pub pay_terms: Option<u8>,
    pub tags: u8,
    /// Lower-cased.
    pub title: &'a str,
}

/// What the facets count of a posting, by id. A small match set is counted in one pass over its ids
/// reading these, instead of some thirty intersections with the trade, city, district and pay sets,
/// each of them a merge of two sorted arrays where the sets are sparse (44 % of a search's CPU before,
/// BENCHMARKS.md).
#[derive(Clone, Copy, Debug)]
struct Facts {
    trade: u16,
    /// Slots in [`Sets::places`]; `NO_PLACE` for none.
    city: u16,
    district: u16,
    /// How many of [`DAY_PAY_FACETS_YUAN`] the posting's day pay reaches.
    day_pay_reached: u8,
}

const NO_PLACE: u16 = u16::MAX;
const NOT_HELD: Facts = Facts {
    trade: u16::MAX,
    city: NO_PLACE,
    district: NO_PLACE,
    day_pay_reached: 0,
};

/// The facets' counts of a match set, taken in one pass.
pub(super) struct Counted {
    /// By trade position, the trade's own postings.
    pub trades: Vec<u32>,
    /// By city and by district.
    pub places: HashMap<i32, u32>,
    pub day_pay: [u32; DAY_PAY_FACETS_YUAN.len()],
}

#[derive(Debug)]
pub(super) struct Sets {
    /// Day 0 of the date sets: the day the index was loaded.
    first_day: NaiveDate,
    /// No posting held starts after this day (it only grows): a window ending on or after it needs no
    /// "started by" set.
    latest_start: NaiveDate,
    pub all: RoaringBitmap,
    /// By trade position; a sector's set also holds its trades' postings.
    pub trades: Vec<RoaringBitmap>,
    pub cities: HashMap<i32, RoaringBitmap>,
    pub districts: HashMap<i32, RoaringBitmap>,
    /// By bit of the tags.
    tags: [RoaringBitmap; PostingTag::ALL.len()],
    /// `[i]`: the postings starting on or before day *i*.
    started_by: Vec<RoaringBitmap>,
    /// `[i]`: the postings still running on day *i*.
    running_on: Vec<RoaringBitmap>,
    /// `[h - 1]`: shifts of at most *h* hours.
    shifts_within: Vec<RoaringBitmap>,
    /// By [`ShiftStart::position`].
    shift_starts: [RoaringBitmap; ShiftStart::ALL.len()],
    /// By [`PayTerms::position`].
    pay_terms: [RoaringBitmap; PayTerms::ALL.len()],
    /// Per unit, `[i]`: paying at least `PAY_STEPS_YUAN[i]`.
    paid_at_least: HashMap<PayUnit, Vec<RoaringBitmap>>,
    /// Per unit, (pay, id): the exact pays between two steps.
    pays: HashMap<PayUnit, BTreeSet<(i32, u32)>>,
    /// By a day's pay, for "highest pay first".
    day_pays: BTreeMap<i32, RoaringBitmap>,
    /// By band of [`PAY_BAND_CENTS`] of a day's pay: most bands hold none of a narrow search's matches,
    /// and are passed over without looking at each pay in them.
    day_pay_bands: BTreeMap<i32, RoaringBitmap>,
    /// The same by ten bands at a time.
    day_pay_tens: BTreeMap<i32, RoaringBitmap>,
    /// Paid by the piece: no day pay, last when sorted by pay.
    no_day_pay: RoaringBitmap,
    /// By gram of the lower-cased titles (one, two and three characters).
    grams: HashMap<u64, RoaringBitmap>,
    /// The date windows searched since the last change: every search and its date facets need one or
    /// more, and making one is the costliest step of a broad search.
    windows: Mutex<HashMap<(NaiveDate, NaiveDate), Arc<RoaringBitmap>>>,
    /// By posting id, what the facets count (8 bytes an id: about 9 MB at 1.1 M ids).
    facts: Vec<Facts>,
    /// The cities' and districts' adcodes by slot, and the slot of each.
    places: Vec<i32>,
    place_slots: HashMap<i32, u16>,
}

/// The width of a band of day pays (10 yuan).
const PAY_BAND_CENTS: i32 = 1000;

impl Sets {
    pub fn new(first_day: NaiveDate, trades: usize) -> Sets {
        Sets {
            first_day,
            latest_start: first_day,
            all: RoaringBitmap::new(),
            trades: vec![RoaringBitmap::new(); trades],
            cities: HashMap::new(),
            districts: HashMap::new(),
            tags: Default::default(),
            started_by: vec![RoaringBitmap::new(); DAYS],
            running_on: vec![RoaringBitmap::new(); DAYS],
            shifts_within: vec![RoaringBitmap::new(); 24],
            shift_starts: Default::default(),
            pay_terms: Default::default(),
            paid_at_least: HashMap::new(),
            pays: HashMap::new(),
            day_pays: BTreeMap::new(),
            day_pay_bands: BTreeMap::new(),
            day_pay_tens: BTreeMap::new(),
            no_day_pay: RoaringBitmap::new(),
            grams: HashMap::new(),
            windows: Mutex::default(),
            facts: Vec::new(),
            places: Vec::new(),
            place_slots: HashMap::new(),
        }
    }

    fn place_slot(&mut self, adcode: i32) -> u16 {
        if let Some(&slot) = self.place_slots.get(&adcode) {
            return slot;
        }
        // A province has some hundred cities and districts; past 65,535 they go uncounted here and the
        // counts fall back to the intersections (see `tally`).
        let Ok(slot) = u16::try_from(self.places.len()) else {
            return NO_PLACE;
        };
        if slot == NO_PLACE {
            return NO_PLACE;
        }
        self.places.push(adcode);
        self.place_slots.insert(adcode, slot);
        slot
    }

    fn record_facts(&mut self, id: u32, p: Option<&Filtered<'_>>) {
        let facts = match p {
            Some(p) => Facts {
                trade: p.trade,
                city: self.place_slot(p.city),
                district: p.district.map_or(NO_PLACE, |d| self.place_slot(d)),
                day_pay_reached: DAY_PAY_FACETS_YUAN
                    .iter()
                    .filter(|&&yuan| {
                        p.pay_unit == PayUnit::Day
                            && i64::from(p.pay_cents) >= i64::from(yuan) * 100
                    })
                    .count() as u8,
            },
            None => NOT_HELD,
        };
        let at = id as usize;
        if at >= self.facts.len() {
            if facts.trade == NOT_HELD.trade {
                return;
            }
            // Ids grow by one posting at a time: room for the next 65,536 at once, not double.
            let wanted = at + 1 - self.facts.len();
            self.facts.reserve_exact(wanted.max(1 << 16));
            self.facts.resize(at + 1, NOT_HELD);
        }
        self.facts[at] = facts;
    }

    /// The trades were renumbered ([`super::index`]'s `retrade`): a posting's new trade position.
    pub fn retrade(&mut self, id: u32, trade: u16) {
        if let Some(facts) = self.facts.get_mut(id as usize) {
            facts.trade = trade;
        }
    }

    /// The facets' counts of `matches` in one pass over its ids. For a small match set: a large one
    /// costs less as intersections of whole containers.
    pub fn tally(&self, matches: &RoaringBitmap, trades: usize) -> Option<Counted> {
        let mut by_trade = vec![0u32; trades];
        let mut by_place = vec![0u32; self.places.len()];
        let mut day_pay = [0u32; DAY_PAY_FACETS_YUAN.len()];
        for id in matches {
            let f = self.facts.get(id as usize)?;
            *by_trade.get_mut(usize::from(f.trade))? += 1;
            *by_place.get_mut(usize::from(f.city))? += 1;
            if f.district != NO_PLACE {
                *by_place.get_mut(usize::from(f.district))? += 1;
            }
            for count in &mut day_pay[..usize::from(f.day_pay_reached)] {
                *count += 1;
            }
        }
        Some(Counted {
            trades: by_trade,
            places: self
                .places
                .iter()
                .zip(by_place)
                .filter(|&(_, count)| count > 0)
                .map(|(&adcode, count)| (adcode, count))
                .collect(),
            day_pay,
        })
    }

    /// Day 0 of the date sets.
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    /// Makes the date sets again from day `first_day`, from every posting's id and dates.
    pub fn rebase(
        &mut self,
        first_day: NaiveDate,
        postings: impl Iterator<Item = (u32, NaiveDate, NaiveDate)>,
    ) {
        self.first_day = first_day;
        self.started_by = vec![RoaringBitmap::new(); DAYS];
        self.running_on = vec![RoaringBitmap::new(); DAYS];
        for (id, start, end) in postings {
            self.place_dates(id, start, end, true);
        }
        self.windows
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Puts a posting in, or takes it out of, the date sets its dates place it in.
    fn place_dates(&mut self, id: u32, start: NaiveDate, end: NaiveDate, insert: bool) {
        for (i, (started, running)) in self
            .started_by
            .iter_mut()
            .zip(self.running_on.iter_mut())
            .enumerate()
        {
            let day = self.first_day + chrono::Days::new(i as u64);
            if start <= day {
                if insert {
                    started.insert(id);
                } else {
                    started.remove(id);
                }
            }
            if end >= day {
                if insert {
                    running.insert(id);
                } else {
                    running.remove(id);
                }
            }
        }
    }

    pub fn insert(&mut self, id: u32, p: Filtered<'_>) {
        self.change(id, p, true);
        self.latest_start = self.latest_start.max(p.start);
    }

    pub fn remove(&mut self, id: u32, p: Filtered<'_>) {
        self.change(id, p, false);
    }

    /// Puts a posting in, or takes it out of, every set its fields place it in.
    fn change(&mut self, id: u32, p: Filtered<'_>, insert: bool) {
        self.windows
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.record_facts(id, insert.then_some(&p));
        let put = |set: &mut RoaringBitmap| {
            if insert {
                set.insert(id);
            } else {
                set.remove(id);
            }
        };
        put(&mut self.all);
        for trade in std::iter::once(p.trade).chain(p.sector) {
            if let Some(set) = self.trades.get_mut(trade as usize) {
                put(set);
            }
        }
        put(self.cities.entry(p.city).or_default());
        if let Some(district) = p.district {
            put(self.districts.entry(district).or_default());
        }
        for (bit, set) in self.tags.iter_mut().enumerate() {
            if p.tags & (1 << bit) != 0 {
                put(set);
            }
        }
        self.place_dates(id, p.start, p.end, insert);
        if let Some(set) = p
            .shift_start
            .and_then(|at| self.shift_starts.get_mut(usize::from(at)))
        {
            put(set);
        }
        if let Some(set) = p
            .pay_terms
            .and_then(|at| self.pay_terms.get_mut(usize::from(at)))
        {
            put(set);
        }
        for (hours, set) in (1..).zip(self.shifts_within.iter_mut()) {
            if i32::from(p.shift_minutes) <= hours * 60 {
                put(set);
            }
        }
        let steps = self
            .paid_at_least
            .entry(p.pay_unit)
            .or_insert_with(|| vec![RoaringBitmap::new(); PAY_STEPS_YUAN.len()]);
        for (step, set) in PAY_STEPS_YUAN.iter().zip(steps.iter_mut()) {
            if i64::from(p.pay_cents) >= i64::from(*step) * 100 {
                put(set);
            }
        }
        let pays = self.pays.entry(p.pay_unit).or_default();
        if insert {
            pays.insert((p.pay_cents, id));
        } else {
            pays.remove(&(p.pay_cents, id));
        }
        match p.day_pay_cents {
            Some(cents) => {
                let band = cents.div_euclid(PAY_BAND_CENTS);
                put(self.day_pays.entry(cents).or_default());
                put(self.day_pay_bands.entry(band).or_default());
                put(self.day_pay_tens.entry(band.div_euclid(10)).or_default());
            }
            None => put(&mut self.no_day_pay),
        }
        let grams = grams(p.title);
        for &gram in &grams {
            put(self.grams.entry(gram).or_default());
        }
        if !insert {
            // Sets left empty by a value no posting has any more (a rare pay, a title's odd word).
            if let Some(cents) = p.day_pay_cents {
                let band = cents.div_euclid(PAY_BAND_CENTS);
                drop_if_empty(&mut self.day_pays, cents);
                drop_if_empty(&mut self.day_pay_bands, band);
                drop_if_empty(&mut self.day_pay_tens, band.div_euclid(10));
            }
            for gram in grams {
                if self.grams.get(&gram).is_some_and(RoaringBitmap::is_empty) {
                    self.grams.remove(&gram);
                }
            }
        }
    }

    /// The postings overlapping the window of days `[from, to]`; `None` when the window starts before
    /// the index's first day or reaches beyond its date sets.
    pub fn window(&self, (from, to): (NaiveDate, NaiveDate)) -> Option<Arc<RoaringBitmap>> {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(window) = windows.get(&(from, to)) {
            return Some(window.clone());
        }
        let offset = |day: NaiveDate| {
            usize::try_from((day - self.first_day).num_days())
                .ok()
                .filter(|&i| i < DAYS)
        };
        let mut set = self.running_on[offset(from)?].clone();
        if to < self.latest_start {
            set &= &self.started_by[offset(to)?];
        }
        let set = Arc::new(set);
        windows.insert((from, to), set.clone());
        Some(set)
    }

    /// The postings whose shift is at most `hours` long (1–24).
    /// The postings starting in this part of the day.
    pub fn starting(&self, part: ShiftStart) -> &RoaringBitmap {
        &self.shift_starts[usize::from(part.position())]
    }

    /// The postings paid on these terms.
    pub fn paid_on(&self, terms: PayTerms) -> &RoaringBitmap {
        &self.pay_terms[usize::from(terms.position())]
    }

    pub fn shifts_within(&self, hours: u8) -> Option<&RoaringBitmap> {
        self.shifts_within.get(usize::from(hours).checked_sub(1)?)
    }

    pub fn tagged(&self, tags: u8) -> impl Iterator<Item = &RoaringBitmap> {
        self.tags
            .iter()
            .enumerate()
            .filter(move |(bit, _)| tags & (1 << bit) != 0)
            .map(|(_, set)| set)
    }

    /// The postings paid by `unit` with at least `cents`.
    pub fn paid_at_least(&self, unit: PayUnit, cents: i64) -> RoaringBitmap {
        let Some(steps) = self.paid_at_least.get(&unit) else {
            return RoaringBitmap::new();
        };
        let cents = cents.clamp(0, i64::from(i32::MAX)) as i32;
        let step_cents = |i: usize| {
            PAY_STEPS_YUAN
                .get(i)
                .map(|&s| (i64::from(s) * 100).min(i64::from(i32::MAX)) as i32)
        };
        // The first step at or above the pay asked; a pay between two steps is made exact from the
        // ordered pays on whichever side of it is nearer: the postings of the step above and those
        // paying from the pay asked up to it, or those of the step below less those paying under the
        // pay asked.
        let above = PAY_STEPS_YUAN.partition_point(|&s| i64::from(s) * 100 < i64::from(cents));
        let upper = step_cents(above);
        if upper == Some(cents) {
            return steps[above].clone();
        }
        let lower = above.checked_sub(1).and_then(|i| Some((i, step_cents(i)?)));
        let Some(pays) = self.pays.get(&unit) else {
            return RoaringBitmap::new();
        };
        let ids = |from: i32, to: i32| pays.range((from, 0)..(to, 0)).map(|&(_, id)| id);
        match (lower, upper) {
            (Some((i, lower)), Some(upper)) if cents - lower < upper - cents => {
                let mut set = steps[i].clone();
                for id in ids(lower, cents) {
                    set.remove(id);
                }
                set
            }
            (_, Some(upper)) => {
                let mut set = steps[above].clone();
                set.extend(ids(cents, upper));
                set
            }
            (_, None) => ids(cents, i32::MAX)
                .chain(pays.range((i32::MAX, 0)..).map(|&(_, id)| id))
                .collect(),
        }
    }

    /// The postings paid by the day with at least `yuan`, as the day-pay facets count them.
    pub fn day_paid_at_least(&self, yuan: u32) -> Option<&RoaringBitmap> {
        let step = PAY_STEPS_YUAN.iter().position(|&s| s == yuan)?;
        self.paid_at_least.get(&PayUnit::Day)?.get(step)
    }

    /// The postings whose title may say a keyword (lower-cased), and whether it surely does: the grams
    /// of up to three characters are exact, longer keywords are all of their triples.
    pub fn titles_with(&self, lowered: &str) -> (RoaringBitmap, bool) {
        let chars: Vec<char> = lowered.chars().collect();
        if chars.len() <= 3 {
            return (
                self.grams.get(&gram(&chars)).cloned().unwrap_or_default(),
                true,
            );
        }
        let mut triples: Vec<&RoaringBitmap> = Vec::new();
        for window in chars.windows(3) {
            match self.grams.get(&gram(window)) {
                Some(set) => triples.push(set),
                None => return (RoaringBitmap::new(), true),
            }
        }
        triples.sort_by_key(|s| s.len());
        let mut set = triples[0].clone();
        for other in &triples[1..] {
            set &= *other;
        }
        (set, false)
    }

    /// The matches' ids from `skip` on, at most `wanted` of them, by day pay from the highest (newest
    /// first within a pay), then those paid by the piece: the SQL's `day_pay_cents DESC NULLS LAST,
    /// id DESC`. Bands of pays without matches are passed over whole, and once every match with a day
    /// pay has been passed the pays are not looked at any more.
    pub fn by_day_pay(&self, matches: &RoaringBitmap, mut skip: u64, wanted: usize) -> Vec<u32> {
        let mut page = Vec::with_capacity(wanted);
        let take = |set: &RoaringBitmap, page: &mut Vec<u32>, skip: &mut u64| {
            let here = matches.intersection_len(set);
            if here <= *skip {
                *skip -= here;
                return;
            }
            let here = matches & set;
            page.extend(
                here.iter()
                    .rev()
                    .skip(*skip as usize)
                    .take(wanted - page.len()),
            );
            *skip = 0;
        };
        let mut paid_by_day = matches.len() - matches.intersection_len(&self.no_day_pay);
        // Ten bands at a time, then a band, then each pay: a level is looked into only where the page is.
        for (&tens, in_tens) in self.day_pay_tens.iter().rev() {
            if page.len() == wanted || paid_by_day == 0 {
                break;
            }
            let here = matches.intersection_len(in_tens);
            if here == 0 {
                continue;
            }
            paid_by_day = paid_by_day.saturating_sub(here);
            if here <= skip {
                skip -= here;
                continue;
            }
            for (&band, in_band) in self.day_pay_bands.range(tens * 10..tens * 10 + 10).rev() {
                if page.len() == wanted {
                    break;
                }
                let here = matches.intersection_len(in_band);
                if here <= skip {
                    skip -= here;
                    continue;
                }
                let lowest = band * PAY_BAND_CENTS;
                for (_, set) in self.day_pays.range(lowest..lowest + PAY_BAND_CENTS).rev() {
                    if page.len() == wanted {
                        break;
                    }
                    take(set, &mut page, &mut skip);
                }
            }
        }
        if page.len() < wanted {
            take(&self.no_day_pay, &mut page, &mut skip);
        }
        page
    }
}

/// Forgets the set of a value no posting has any more.
fn drop_if_empty(sets: &mut BTreeMap<i32, RoaringBitmap>, key: i32) {
    if sets.get(&key).is_some_and(RoaringBitmap::is_empty) {
        sets.remove(&key);
    }
}

/// One, two or three characters as one number: 21 bits each (Unicode ends at U+10FFFF), one more than
/// the character so that a missing one is zero.
fn gram(chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(0u64, |key, &c| (key << 21) | (u64::from(c) + 1))
}

/// The distinct grams of a lower-cased title.
fn grams(title: &str) -> Vec<u64> {
    let chars: Vec<char> = title.chars().collect();
    let chars = &chars;
    let mut all: Vec<u64> = (0..chars.len())
        .flat_map(|i| (1..=3).filter_map(move |n| chars.get(i..i + n)))
        .map(gram)
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_of_up_to_three_characters_are_distinct_numbers() {
        assert_eq!(grams("帮厨帮厨").len(), 3 + 2 + 2 - 1);
        assert_ne!(gram(&['a', 'b']), gram(&['\u{0}', 'a', 'b']));
        assert_ne!(gram(&['\u{10FFFF}']), gram(&['\u{10FFFF}', '\u{0}']));
    }
}

//! Live boards (实时看板) and statistics (统计): what a market hall's screen and a staff member's desk show.

use serde::{Deserialize, Serialize};

use super::{PayUnit, StaffScope};

/// Whose numbers a board shows. Markets are named by their slug, the others by administrative code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum BoardScope {
    /// 全省
    Province,
    City(i32),
    District(i32),
    Market(String),
}

impl BoardScope {
    /// Reads the two path segments of a board's address (`/boards/city/320100`). `None` for anything
    /// malformed; whether the place exists is for the server to say.
    pub fn parse(kind: &str, key: &str) -> Option<BoardScope> {
        let adcode = || {
            key.parse::<i32>()
                .ok()
                .filter(|code| (110000..=829999).contains(code))
        };
        match kind {
            "province" if key.is_empty() || key == "jiangsu" => Some(BoardScope::Province),
            "city" => adcode()
                .filter(|code| code % 100 == 0)
                .map(BoardScope::City),
            "district" => adcode()
                .filter(|code| code % 100 != 0)
                .map(BoardScope::District),
            "market" => super::is_market_slug(key).then(|| BoardScope::Market(key.to_owned())),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            BoardScope::Province => "province",
            BoardScope::City(_) => "city",
            BoardScope::District(_) => "district",
            BoardScope::Market(_) => "market",
        }
    }

    pub fn key(&self) -> String {
        match self {
            BoardScope::Province => "jiangsu".to_owned(),
            BoardScope::City(code) | BoardScope::District(code) => code.to_string(),
            BoardScope::Market(slug) => slug.clone(),
        }
    }

    /// The board's page.
    pub fn path(&self) -> String {
        format!("/boards/{}/{}", self.kind(), self.key())
    }

    /// The board's live stream.
    pub fn events_path(&self) -> String {
        format!("/api/boards/{}/{}/events", self.kind(), self.key())
    }
}

/// Where a board's place sits, once the server has looked it up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoardPlace {
    pub city_adcode: Option<i32>,
    pub district_adcode: Option<i32>,
    pub market_id: Option<i32>,
}

impl BoardPlace {
    /// Whether staff of `scope` may see the staff-only numbers of this board: their own area and
    /// everything inside it.
    pub fn within(&self, scope: &StaffScope) -> bool {
        match *scope {
            StaffScope::Province => true,
            StaffScope::City { city_adcode } => self.city_adcode == Some(city_adcode),
            StaffScope::District {
                district_adcode, ..
            } => self.district_adcode == Some(district_adcode),
            StaffScope::Market { market_id, .. } => self.market_id == Some(market_id),
        }
    }

    /// Whether a change located at (city, district, market) shows on this board (0 = none).
    pub fn shows(&self, city: i32, district: i32, market: i32) -> bool {
        match (self.market_id, self.district_adcode, self.city_adcode) {
            (Some(m), _, _) => m == market,
            (None, Some(d), _) => d == district,
            (None, None, Some(c)) => c == city,
            (None, None, None) => true,
        }
    }
}

/// The day's totals of a board.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoardTotals {
    /// 在招岗位: postings open today.
    pub open_postings: i64,
    /// 用工需求: places still to fill in them.
    pub places_wanted: i64,
    /// 今日新发布
    pub published: i64,
    /// 今日报名
    pub applications: i64,
    /// 今日录用
    pub fills: i64,
}

/// One trade's demand and supply today: places wanted against applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeDemand {
    pub trade_code: String,
    pub trade_name: String,
    pub trade_name_en: String,
    pub totals: BoardTotals,
}

/// One row of the places table: cities on the province board, districts on a city's, markets on a
/// district's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRow {
    pub name: String,
    /// The row's own board.
    pub board: BoardScope,
    pub totals: BoardTotals,
}

/// A posting in the moving feed of the newest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPosting {
    pub id: i64,
    pub title: String,
    pub trade_name: String,
    pub trade_name_en: String,
    pub pay_cents: i32,
    pub pay_unit: PayUnit,
    pub places_left: i32,
    pub place_name: String,
    /// Local time of publication, "HH:MM" (or "MM-DD" when not today).
    pub published: String,
}

/// Everything a board shows to everyone. Pushed whole on every change, so a board that missed events
/// (offline, restarted server) is whole again with the next one it receives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub scope: BoardScope,
    /// The market's, district's, city's name or 江苏省.
    pub name: String,
    /// The market's own page, for the QR code on the big screen.
    pub market_path: Option<String>,
    /// The number of the last change this board reflects (the live stream's event id).
    pub change: i64,
    /// The day counted, "YYYY-MM-DD" (China Standard Time).
    pub day: String,
    /// When the numbers were read, "HH:MM:SS".
    pub read_at: String,
    pub totals: BoardTotals,
    /// The trades wanting most places, most first (at most [`BOARD_TRADES`]).
    pub trades: Vec<TradeDemand>,
    pub areas: Vec<AreaRow>,
    /// The newest open postings, newest first: the [`BOARD_FEED`] newest, and in a burst every one
    /// published in the last minute (at most [`FEED_BURST`]), so that none is skipped.
    pub newest: Vec<FeedPosting>,
    /// Today's 零工巴士 runs from the markets of the board's place, soonest first.
    pub buses: Vec<BoardBus>,
    /// Today's job fairs at the markets of the board's place, soonest first.
    pub fairs: Vec<BoardFair>,
}

/// A job fair of today on a board: who has come, what they bring, who is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardFair {
    pub id: i64,
    pub title: String,
    pub market_name: String,
    /// "09:00–11:30", China time.
    pub hours: String,
    /// Employers with a booth who have arrived, and those with a booth.
    pub present: i64,
    pub booked: i16,
    /// Open postings the booths bring.
    pub postings: i64,
    pub checked_in: i64,
    pub cancelled: bool,
}

/// A 零工巴士 run of today on a board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardBus {
    pub id: i64,
    /// "07:00", China time.
    pub departs: String,
    pub destination: String,
    pub market_name: String,
    pub seats: i16,
    pub taken: i16,
    pub cancelled: bool,
}

pub const BOARD_TRADES: usize = 10;
pub const BOARD_FEED: usize = 12;
pub const FEED_BURST: usize = 100;

/// Numbers only staff of the area see on a board: work waiting for them and for employers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffFigures {
    /// Applications waiting for the employer's decision.
    pub pending_decisions: i64,
    /// Reports about postings of the area waiting for staff.
    pub open_reports: i64,
    /// Organisations of the area waiting for verification.
    pub employers_waiting: i64,
    /// No-shows recorded today.
    pub no_shows_today: i64,
    /// Wage cases (欠薪) about the place's postings waiting for a staff decision.
    pub open_wage_cases: i64,
    /// Help cases (困难零工帮扶) open in the place's district or city.
    pub open_help_cases: i64,
    /// Places their workers got this month while the case was open.
    pub help_placements_month: i64,
}

/// How statistics are grouped in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// The last 30 days, one row a day.
    #[default]
    Day,
    /// The last 12 weeks.
    Week,
    /// The last 12 months.
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// One period's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodFigures {
    /// The period's first day, "YYYY-MM-DD".
    pub start: String,
    pub published: i64,
    pub places_published: i64,
    pub applications: i64,
    pub fills: i64,
    /// Median minutes from publication to the first application, of the postings published in the
    /// period that got one.
    pub median_minutes_to_first_applicant: Option<f64>,
    /// Wage cases (欠薪) opened in the period, and of those since found true.
    pub wage_cases_opened: i64,
    pub wage_cases_upheld: i64,
}

/// Totals of the whole range for one trade or one area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakdownRow {
    /// The trade's or the part's name; `None` for what is in the area but in none of its parts: a
    /// district's postings published outside its markets, a city's with no district.
    pub name: Option<String>,
    /// The trade's English name (places have their Chinese name only).
    pub name_en: Option<String>,
    pub published: i64,
    pub places_published: i64,
    pub applications: i64,
    pub fills: i64,
}

/// A staff member's statistics for their area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// The place counted (its board's address).
    pub board: BoardScope,
    pub scope_name: String,
    pub period: Period,
    /// Oldest first.
    pub periods: Vec<PeriodFigures>,
    /// Most places first.
    pub by_trade: Vec<BreakdownRow>,
    /// Districts (or markets, or cities for the province), most places first.
    pub by_area: Vec<BreakdownRow>,
    /// Help cases (困难零工帮扶) open now, and placements this month.
    pub open_help_cases: i64,
    pub help_placements_month: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_addresses_round_trip() {
        for scope in [
            BoardScope::Province,
            BoardScope::City(320100),
            BoardScope::District(320106),
            BoardScope::Market("nanjing-gulou".into()),
        ] {
            assert_eq!(BoardScope::parse(scope.kind(), &scope.key()), Some(scope));
        }
        for (kind, key) in [
            ("city", "320106"),
            ("district", "320100"),
            ("city", "-1"),
            ("city", "99999999999"),
            ("market", "Bad Slug"),
            ("market", "<script>"),
            ("market", ""),
            ("planet", "earth"),
        ] {
            assert_eq!(BoardScope::parse(kind, key), None, "{kind}/{key}");
        }
    }

    #[test]
    fn a_change_shows_on_the_boards_that_contain_it() {
        let gulou_market = BoardPlace {
            city_adcode: Some(320100),
            district_adcode: Some(320106),
            market_id: Some(7),
        };
        let gulou = BoardPlace {
            market_id: None,
            ..gulou_market
        };
        let nanjing = BoardPlace {
            district_adcode: None,
            ..gulou
        };
        let province = BoardPlace {
            city_adcode: None,
            ..nanjing
        };
        let change = (320100, 320106, 7);
        let elsewhere = (320500, 320505, 0);
        for board in [gulou_market, gulou, nanjing, province] {
            assert!(board.shows(change.0, change.1, change.2));
        }
        assert!(!gulou_market.shows(320100, 320106, 0));
        for board in [gulou_market, gulou, nanjing] {
            assert!(!board.shows(elsewhere.0, elsewhere.1, elsewhere.2));
        }
        assert!(province.shows(elsewhere.0, elsewhere.1, elsewhere.2));
    }

    #[test]
    fn staff_see_their_own_area_and_what_is_inside() {
        let market = BoardPlace {
            city_adcode: Some(320100),
            district_adcode: Some(320106),
            market_id: Some(7),
        };
        let district = BoardPlace {
            market_id: None,
            ..market
        };
        let city = BoardPlace {
            district_adcode: None,
            ..district
        };
        let province = BoardPlace {
            city_adcode: None,
            ..city
        };
        let gulou_staff = StaffScope::District {
            city_adcode: 320100,
            district_adcode: 320106,
        };
        let market_staff = StaffScope::Market {
            market_id: 7,
            city_adcode: 320100,
            district_adcode: Some(320106),
        };
        let suzhou_staff = StaffScope::City {
            city_adcode: 320500,
        };
        assert!(market.within(&gulou_staff) && district.within(&gulou_staff));
        assert!(!city.within(&gulou_staff) && !province.within(&gulou_staff));
        assert!(market.within(&market_staff) && !district.within(&market_staff));
        assert!(!market.within(&suzhou_staff) && !city.within(&suzhou_staff));
        assert!([market, district, city, province]
            .iter()
            .all(|board| board.within(&StaffScope::Province)));
    }
}

//! Interface text of the live boards, the big screen and the statistics.

use super::Lang;
use crate::model::{BoardScope, BreakdownRow, Period};

pub struct BoardTexts {
    pub nav_boards: &'static str,
    pub boards_title: &'static str,
    pub boards_intro: &'static str,
    pub province_board: &'static str,
    pub city_boards: &'static str,
    pub market_boards: &'static str,
    pub open_board: &'static str,
    pub open_screen: &'static str,
    pub exit_screen: &'static str,
    pub board_of: fn(&str) -> String,
    pub today: fn(&str) -> String,
    pub read_at: fn(&str) -> String,
    pub live: &'static str,
    pub open_postings: &'static str,
    pub places_wanted: &'static str,
    pub published: &'static str,
    pub applications: &'static str,
    pub fills: &'static str,
    pub trades_heading: &'static str,
    pub trade: &'static str,
    pub demand_vs_applicants: &'static str,
    pub areas_heading_province: &'static str,
    pub areas_heading_city: &'static str,
    pub areas_heading_district: &'static str,
    pub newest_heading: &'static str,
    pub places_left: fn(i32) -> String,
    pub nothing_today: &'static str,
    pub staff_heading: &'static str,
    pub pending_decisions: &'static str,
    pub open_reports: &'static str,
    pub employers_waiting: &'static str,
    pub no_shows_today: &'static str,
    pub scan_to_open: &'static str,
    pub screen_hint: &'static str,
    pub statistics_title: &'static str,
    pub statistics_link: &'static str,
    pub period_start: &'static str,
    pub places_published: &'static str,
    pub stat_published: &'static str,
    pub stat_applications: &'static str,
    pub stat_fills: &'static str,
    pub median_to_first: &'static str,
    pub wage_cases_opened: &'static str,
    pub wage_cases_upheld: &'static str,
    pub open_wage_cases: &'static str,
    pub open_help_cases: &'static str,
    pub help_placements_month: &'static str,
    pub minutes: fn(f64) -> String,
    pub by_trade: &'static str,
    pub by_area: &'static str,
    pub download_csv: &'static str,
    pub chart_postings: &'static str,
    pub chart_applications: &'static str,
    pub no_data: &'static str,
    pub section_periods: &'static str,
    /// Daily, weekly, monthly.
    pub periods: [&'static str; 3],
    /// The breakdown by area's first column: the parts of a province, a city, a district.
    pub area_columns: [&'static str; 3],
    /// The breakdown's row for a district's postings published outside its markets.
    pub outside_markets: &'static str,
    /// The breakdown's row for a city's postings with no district.
    pub without_district: &'static str,
    pub lang: Lang,
}

impl Lang {
    pub fn board_texts(self) -> &'static BoardTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl BoardTexts {
    /// The first column's heading of a breakdown by the parts of `scope` (a market has none).
    pub fn area_column(&self, scope: &BoardScope) -> &'static str {
        match scope {
            BoardScope::Province => self.area_columns[0],
            BoardScope::City(_) => self.area_columns[1],
            BoardScope::District(_) | BoardScope::Market(_) => self.area_columns[2],
        }
    }

    /// A breakdown row's name in this language; the row of what is in none of the parts is named by
    /// what it holds.
    pub fn breakdown_name<'a>(&self, row: &'a BreakdownRow, scope: &BoardScope) -> &'a str {
        let name = match self.lang {
            Lang::En => row.name_en.as_deref().or(row.name.as_deref()),
            Lang::Zh => row.name.as_deref(),
        };
        name.unwrap_or(match scope {
            BoardScope::City(_) => self.without_district,
            _ => self.outside_markets,
        })
    }

    pub fn period(&self, period: Period) -> &'static str {
        match period {
            Period::Day => self.periods[0],
            Period::Week => self.periods[1],
            Period::Month => self.periods[2],
        }
    }
}

pub fn use_board_texts() -> impl Fn() -> &'static BoardTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .board_texts()
    }
}

static ZH: BoardTexts = BoardTexts {
    nav_boards: "实时看板",
    boards_title: "零工市场实时看板",
    boards_intro:
        "全省各地零工市场当天的招聘需求，实时更新。任何人都可以打开，市场大厅可用大屏模式播放。",
    province_board: "全省看板",
    city_boards: "各市看板",
    market_boards: "各市场、驿站看板",
    open_board: "看板",
    open_screen: "大屏",
    exit_screen: "退出大屏",
    board_of: |name| format!("{name} · 实时看板"),
    today: |day| format!("{day} 今日"),
    read_at: |time| format!("更新于 {time}"),
    live: "实时",
    open_postings: "在招岗位",
    places_wanted: "还需人数",
    published: "今日新发布",
    applications: "今日报名",
    fills: "今日录用",
    trades_heading: "工种需求",
    trade: "工种",
    demand_vs_applicants: "需求人数与报名人数",
    areas_heading_province: "各市今日",
    areas_heading_city: "各区县今日",
    areas_heading_district: "各市场、驿站今日",
    newest_heading: "最新岗位",
    places_left: |n| format!("还需{n}人"),
    nothing_today: "今天暂无数据",
    staff_heading: "工作人员数据（仅工作人员可见）",
    pending_decisions: "待用人单位处理的报名",
    open_reports: "待处理举报",
    employers_waiting: "待审核单位",
    no_shows_today: "今日未到岗",
    scan_to_open: "手机扫码查看",
    screen_hint: "本屏自动轮播，无需操作",
    statistics_title: "统计",
    statistics_link: "统计与导出",
    period_start: "起始日期",
    places_published: "招聘人数",
    stat_published: "发布岗位",
    stat_applications: "报名",
    stat_fills: "录用",
    median_to_first: "首位报名中位用时",
    wage_cases_opened: "欠薪投诉",
    wage_cases_upheld: "其中属实",
    open_wage_cases: "待处理欠薪",
    open_help_cases: "帮扶中的困难零工",
    help_placements_month: "本月帮扶上岗",
    minutes: |m| {
        if m < 60.0 {
            format!("{m:.0}分钟")
        } else {
            format!("{:.1}小时", m / 60.0)
        }
    },
    by_trade: "按工种",
    by_area: "按地区",
    download_csv: "导出 CSV（可用 Excel、WPS 打开）",
    chart_postings: "发布岗位与招聘人数",
    chart_applications: "报名与录用",
    no_data: "这段时间没有数据",
    section_periods: "分期数据",
    periods: ["按日（近30天）", "按周（近12周）", "按月（近12个月）"],
    area_columns: ["城市", "区县", "市场、驿站"],
    outside_markets: "市场外发布（线上）",
    without_district: "未注明区县",
    lang: Lang::Zh,
};

static EN: BoardTexts = BoardTexts {
    nav_boards: "Live boards",
    boards_title: "Live boards of the gig markets",
    boards_intro: "Today's hiring needs of every gig market in the province, live. Anyone can open them; market halls can show them in big-screen mode.",
    province_board: "Province board",
    city_boards: "City boards",
    market_boards: "Market and station boards",
    open_board: "Board",
    open_screen: "Big screen",
    exit_screen: "Leave big screen",
    board_of: |name| format!("{name} · live board"),
    today: |day| format!("Today, {day}"),
    read_at: |time| format!("Updated {time}"),
    live: "Live",
    open_postings: "Open postings",
    places_wanted: "Places to fill",
    published: "Posted today",
    applications: "Applications today",
    fills: "Hired today",
    trades_heading: "Demand by trade",
    trade: "Trade",
    demand_vs_applicants: "Places wanted and applications",
    areas_heading_province: "Cities today",
    areas_heading_city: "Districts today",
    areas_heading_district: "Markets and stations today",
    newest_heading: "Newest postings",
    places_left: |n| format!("{n} wanted"),
    nothing_today: "Nothing yet today",
    staff_heading: "Staff figures (staff only)",
    pending_decisions: "Applications awaiting the employer",
    open_reports: "Reports to handle",
    employers_waiting: "Organisations awaiting verification",
    no_shows_today: "No-shows today",
    scan_to_open: "Scan to open on your phone",
    screen_hint: "This screen rotates by itself",
    statistics_title: "Statistics",
    statistics_link: "Statistics and export",
    period_start: "From",
    places_published: "Places offered",
    stat_published: "Postings",
    stat_applications: "Applications",
    stat_fills: "Hires",
    median_to_first: "Median time to first applicant",
    wage_cases_opened: "Wage cases",
    wage_cases_upheld: "Of which upheld",
    open_wage_cases: "Wage cases to decide",
    open_help_cases: "Workers being helped",
    help_placements_month: "Helped into work this month",
    minutes: |m| {
        if m < 60.0 {
            format!("{m:.0} min")
        } else {
            format!("{:.1} h", m / 60.0)
        }
    },
    by_trade: "By trade",
    by_area: "By area",
    download_csv: "Download CSV (opens in Excel, WPS)",
    chart_postings: "Postings and places offered",
    chart_applications: "Applications and hires",
    no_data: "No data for this time",
    section_periods: "By period",
    periods: ["Daily (30 days)", "Weekly (12 weeks)", "Monthly (12 months)"],
    area_columns: ["City", "District", "Market or station"],
    outside_markets: "Posted online, outside the markets",
    without_district: "No district given",
    lang: Lang::En,
};

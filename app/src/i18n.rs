//! Every piece of interface text, in zh-CN (the default) and English. Keeping both languages in one
//! struct makes a missing translation a compile error rather than a blank on the page.

use serde::{Deserialize, Serialize};

use crate::calendar::english_month_day;

mod accounts;
mod agency;
mod api;
mod boards;
mod courses;
mod fairs;
mod help;
mod market;
mod services;
mod shift;
mod stations;
mod talent;
mod team;
pub use accounts::{use_account_texts, AccountTexts};
pub use agency::{use_agency_texts, AgencyTexts};
pub use api::{use_api_texts, ApiTexts};
pub use boards::{use_board_texts, BoardTexts};
pub use courses::{use_course_texts, CourseTexts};
pub use fairs::{use_fair_texts, FairTexts};
pub use help::{use_help_texts, HelpTexts};
pub use market::{use_market_texts, MarketTexts};
pub use services::{use_service_texts, ServiceTexts};
pub use shift::{use_shift_texts, ShiftTexts};
pub use stations::{use_station_texts, StationTexts};
pub use talent::{use_talent_texts, TalentTexts};
pub use team::{use_team_texts, TeamTexts};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The value of the `lang` attribute of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The short name in the preferences cookie and the preferences form.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        [Lang::Zh, Lang::En]
            .into_iter()
            .find(|lang| lang.code() == code)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub struct Texts {
    pub lang: Lang,
    pub skip_to_content: &'static str,
    pub site_name: &'static str,
    /// The name in the header where a phone has little room for it (长辈版's large text).
    pub site_name_short: &'static str,
    pub site_tagline: &'static str,
    pub nav_home: &'static str,
    pub hotline_label: &'static str,
    pub hotline_hint: &'static str,
    pub trade_label: &'static str,
    pub all_trades: &'static str,
    pub loading: &'static str,
    pub next_page: &'static str,
    pub first_page: &'static str,
    pub verified_employer: &'static str,
    pub unverified_employer: &'static str,
    pub per_hour: &'static str,
    pub per_day: &'static str,
    pub per_month: &'static str,
    pub per_piece: &'static str,
    pub hours_per_day: fn(f32) -> String,
    pub people_wanted: fn(i16, i16) -> String,
    pub date_range: fn(chrono::NaiveDate, chrono::NaiveDate) -> String,
    pub tag_older_friendly: &'static str,
    pub tag_disabled_friendly: &'static str,
    pub tag_fisher: &'static str,
    pub tag_parent_flexible: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_invalid_prefix: &'static str,
    pub error_field_prefix: &'static str,
    pub error_not_found: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_transport: &'static str,
    pub error_unauthenticated: &'static str,
    pub error_forbidden: &'static str,
    pub error_stale_page: &'static str,
    pub error_rate_limited: fn(u32) -> String,
    pub error_code_rejected: &'static str,
    pub error_credentials_rejected: &'static str,
    pub error_suspended: &'static str,
    pub error_conflict_prefix: &'static str,
    pub field_trade: &'static str,
    pub field_request: &'static str,
    pub map_note: &'static str,
    /// The phone's map switch: shown, then hidden.
    pub show_map: &'static str,
    pub hide_map: &'static str,
    pub cluster_label: fn(u32) -> String,
    pub distance_from_posting: fn(u32) -> String,
    /// On a market's page: a posting's distance from the market, not from the person.
    pub distance_from_market: fn(u32) -> String,
    pub state_open: &'static str,
    pub state_filled: &'static str,
    pub state_paused: &'static str,
    pub state_closed: &'static str,
    pub state_expired: &'static str,
    pub state_notice: fn(crate::model::PostingState) -> &'static str,
    pub pay_heading: &'static str,
    pub dates_heading: &'static str,
    pub hours_heading: &'static str,
    pub people_heading: &'static str,
    pub place_heading: &'static str,
    /// The button that hands the place to a map app, and the apps' names (高德, 百度, 腾讯).
    pub navigate: &'static str,
    pub map_apps: [&'static str; 3],
    pub employer_heading: &'static str,
    pub description_heading: &'static str,
    pub requirements_heading: &'static str,
    pub bring_heading: &'static str,
    pub posted_heading: &'static str,
    pub updated_heading: &'static str,
    pub nearest_market_heading: &'static str,
    pub rights_heading: &'static str,
    pub rights_body: &'static str,
    pub rights_office: &'static str,
    pub back_to_list: &'static str,
    pub posting_not_found: &'static str,
    pub markets_heading: &'static str,
    pub markets_nav: &'static str,
    pub nearest_to_me: &'static str,
    pub kind_province: &'static str,
    pub kind_city: &'static str,
    pub kind_district: &'static str,
    pub kind_station: &'static str,
    pub kind_specialised: &'static str,
    pub opening_hours_heading: &'static str,
    pub hours_unknown: &'static str,
    pub services_heading: &'static str,
    pub amenities_heading: &'static str,
    pub phone_heading: &'static str,
    pub approximate_location: &'static str,
    pub postings_nearby: &'static str,
    pub see_all_nearby: &'static str,
    pub market_not_found: &'static str,
    pub view_posting: &'static str,
    pub search_heading_today: &'static str,
    pub search_heading_tomorrow: &'static str,
    pub search_heading_week: &'static str,
    pub search_heading_any: &'static str,
    pub search_heading_on: fn(chrono::NaiveDate) -> String,
    pub keyword_label: &'static str,
    pub keyword_placeholder: &'static str,
    pub search_button: &'static str,
    pub date_label: &'static str,
    pub date_today: &'static str,
    pub date_tomorrow: &'static str,
    pub date_week: &'static str,
    pub date_any: &'static str,
    pub more_filters: &'static str,
    pub city_label: &'static str,
    pub all_cities: &'static str,
    pub district_label: &'static str,
    pub all_districts: &'static str,
    pub distance_label: &'static str,
    pub near_me: &'static str,
    pub near_me_active: &'static str,
    pub near_me_clear: &'static str,
    pub locating: &'static str,
    pub location_refused: &'static str,
    pub within_km: fn(u16) -> String,
    pub min_pay_label: &'static str,
    pub pay_unit_label: &'static str,
    pub unit_hour: &'static str,
    pub unit_day: &'static str,
    pub unit_month: &'static str,
    pub unit_piece: &'static str,
    pub hours_label: &'static str,
    pub any_hours: &'static str,
    pub at_most_hours: fn(u8) -> String,
    /// 结算方式, the search filter's label; "any" is [`Texts::any_hours`]'s word.
    pub pay_terms_label: &'static str,
    pub terms_daily: &'static str,
    pub terms_weekly: &'static str,
    pub terms_monthly: &'static str,
    pub terms_on_completion: &'static str,
    /// A posting from before the terms were asked for.
    pub terms_not_stated: &'static str,
    /// 上班时段, the search filter's label.
    pub shift_start_label: &'static str,
    pub start_morning: &'static str,
    pub start_afternoon: &'static str,
    pub start_evening: &'static str,
    /// A shift's start time on a card and a posting: "08:00上班".
    pub starts_at: fn(chrono::NaiveTime) -> String,
    pub groups_label: &'static str,
    pub sort_label: &'static str,
    pub sort_newest: &'static str,
    pub sort_nearest: &'static str,
    pub sort_pay: &'static str,
    pub apply_filters: &'static str,
    pub clear_filters: &'static str,
    pub result_count: fn(crate::model::ResultCount) -> String,
    /// The facet chips' region.
    pub narrow_results: &'static str,
    /// The chip rows' names: none may contain a filter's label, which names the filter's field.
    pub facet_when: &'static str,
    pub facet_trade: &'static str,
    pub facet_place: &'static str,
    pub facet_pay: &'static str,
    pub facet_day_pay: fn(u32) -> String,
    pub empty_search: &'static str,
    pub previous_page: &'static str,
    pub page_of: fn(u32) -> String,
    pub distance_away: fn(u32) -> String,
    pub elder_mode: &'static str,
    pub standard_mode: &'static str,
    pub switch_language: &'static str,
    pub field_q: &'static str,
    pub field_city: &'static str,
    pub field_district: &'static str,
    pub field_near: &'static str,
    pub field_r: &'static str,
    pub field_pay: &'static str,
    pub field_unit: &'static str,
    pub field_date: &'static str,
    pub field_hours: &'static str,
    pub field_tags: &'static str,
    pub field_sort: &'static str,
    pub field_page: &'static str,
    pub footer_note: &'static str,
}

impl Texts {
    pub fn field_name(&self, field: &str) -> &'static str {
        match field {
            "trade" => self.field_trade,
            "q" => self.field_q,
            "city" => self.field_city,
            "district" => self.field_district,
            "near" => self.field_near,
            "r" => self.field_r,
            "pay" => self.field_pay,
            "unit" => self.field_unit,
            "date" => self.field_date,
            "hours" => self.field_hours,
            "tags" => self.field_tags,
            "sort" => self.field_sort,
            "page" => self.field_page,
            other => self.account_field_name(other),
        }
    }

    pub fn unit_name(&self, unit: crate::model::PayUnit) -> &'static str {
        use crate::model::PayUnit;
        match unit {
            PayUnit::Hour => self.unit_hour,
            PayUnit::Day => self.unit_day,
            PayUnit::Month => self.unit_month,
            PayUnit::Piece => self.unit_piece,
        }
    }

    pub fn sort_name(&self, sort: crate::model::SortOrder) -> &'static str {
        use crate::model::SortOrder;
        match sort {
            SortOrder::Newest => self.sort_newest,
            SortOrder::Nearest => self.sort_nearest,
            SortOrder::HighestPay => self.sort_pay,
        }
    }

    /// A date window's short name, as the date picker and the date chips show it (a given day reads as
    /// "any day" in the picker, which has no calendar).
    pub fn date_name(&self, date: crate::model::DateFilter) -> &'static str {
        use crate::model::DateFilter;
        match date {
            DateFilter::Today => self.date_today,
            DateFilter::Tomorrow => self.date_tomorrow,
            DateFilter::ThisWeek => self.date_week,
            DateFilter::Any | DateFilter::On(_) => self.date_any,
        }
    }

    pub fn search_heading(&self, date: crate::model::DateFilter) -> String {
        use crate::model::DateFilter;
        match date {
            DateFilter::Today => self.search_heading_today.to_owned(),
            DateFilter::Tomorrow => self.search_heading_tomorrow.to_owned(),
            DateFilter::ThisWeek => self.search_heading_week.to_owned(),
            DateFilter::Any => self.search_heading_any.to_owned(),
            DateFilter::On(day) => (self.search_heading_on)(day),
        }
    }

    pub fn market_kind(&self, kind: crate::model::MarketKind) -> &'static str {
        use crate::model::MarketKind;
        match kind {
            MarketKind::Province => self.kind_province,
            MarketKind::City => self.kind_city,
            MarketKind::District => self.kind_district,
            MarketKind::Station => self.kind_station,
            MarketKind::Specialised => self.kind_specialised,
        }
    }

    pub fn posting_state(&self, state: crate::model::PostingState) -> &'static str {
        use crate::model::PostingState;
        match state {
            PostingState::Open => self.state_open,
            PostingState::Filled => self.state_filled,
            PostingState::Paused => self.state_paused,
            PostingState::Closed => self.state_closed,
            PostingState::Expired => self.state_expired,
        }
    }

    pub fn pay_unit(&self, unit: crate::model::PayUnit) -> &'static str {
        use crate::model::PayUnit;
        match unit {
            PayUnit::Hour => self.per_hour,
            PayUnit::Day => self.per_day,
            PayUnit::Month => self.per_month,
            PayUnit::Piece => self.per_piece,
        }
    }

    pub fn pay_terms(&self, terms: crate::model::PayTerms) -> &'static str {
        use crate::model::PayTerms;
        match terms {
            PayTerms::Daily => self.terms_daily,
            PayTerms::Weekly => self.terms_weekly,
            PayTerms::Monthly => self.terms_monthly,
            PayTerms::OnCompletion => self.terms_on_completion,
        }
    }

    pub fn shift_start(&self, part: crate::model::ShiftStart) -> &'static str {
        use crate::model::ShiftStart;
        match part {
            ShiftStart::Morning => self.start_morning,
            ShiftStart::Afternoon => self.start_afternoon,
            ShiftStart::Evening => self.start_evening,
        }
    }

    pub fn posting_tag(&self, tag: crate::model::PostingTag) -> &'static str {
        use crate::model::PostingTag;
        match tag {
            PostingTag::OlderFriendly => self.tag_older_friendly,
            PostingTag::DisabledFriendly => self.tag_disabled_friendly,
            PostingTag::Fisher => self.tag_fisher,
            PostingTag::ParentFlexible => self.tag_parent_flexible,
        }
    }
}

/// The text of `key` in a table of (name, text) pairs: refusals, field names.
fn named(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, text)| *text)
}

fn hours(h: f32) -> String {
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

pub static ZH: Texts = Texts {
    lang: Lang::Zh,
    skip_to_content: "跳到正文",
    site_name: "零工市场",
    site_name_short: "零工市场",
    site_tagline: "江苏公共零工服务平台 · 免费使用",
    nav_home: "首页",
    hotline_label: "求助热线",
    hotline_hint: "工资拖欠、劳动纠纷请拨打 12333",
    trade_label: "工种",
    all_trades: "全部工种",
    loading: "正在加载…",
    next_page: "下一页",
    first_page: "回到第一页",
    verified_employer: "已认证",
    unverified_employer: "未认证",
    per_hour: "元/小时",
    per_day: "元/天",
    per_month: "元/月",
    per_piece: "元/件",
    hours_per_day: |h| format!("每天{}小时", hours(h)),
    people_wanted: |headcount, left| format!("招{headcount}人 · 剩{left}个名额"),
    date_range: |start, end| {
        use chrono::Datelike;
        if start == end {
            format!("{}月{}日", start.month(), start.day())
        } else {
            format!(
                "{}月{}日–{}月{}日",
                start.month(),
                start.day(),
                end.month(),
                end.day()
            )
        }
    },
    tag_older_friendly: "大龄友好",
    tag_disabled_friendly: "残疾人友好",
    tag_fisher: "退捕渔民优先",
    tag_parent_flexible: "宝妈宝爸弹性",
    not_found_title: "页面不存在",
    not_found_body: "您要找的页面不存在或已被移除。",
    back_home: "返回首页",
    error_invalid_prefix: "链接中的参数有误：",
    error_field_prefix: "请检查：",
    error_not_found: "没有找到相关内容。",
    error_unavailable: "服务暂时繁忙，请稍后再试。",
    error_internal: "系统出错了，请稍后再试。",
    error_transport: "网络连接失败，请检查网络后重试。",
    error_unauthenticated: "请先登录。",
    error_forbidden: "您没有权限进行此操作。",
    error_stale_page: "页面已过期，请刷新页面后重试。",
    error_rate_limited: |s| {
        if s >= 120 {
            format!("操作太频繁，请{}分钟后再试。", s.div_ceil(60))
        } else {
            format!("操作太频繁，请{s}秒后再试。")
        }
    },
    error_code_rejected: "验证码不正确或已失效，请重新获取。",
    error_credentials_rejected: "手机号或密码不正确。",
    error_suspended: "该账号已被暂停使用，请联系所在零工市场或拨打12333。",
    error_conflict_prefix: "已被登记：",
    field_trade: "工种",
    field_request: "请求",
    map_note: "地图上的岗位也都在下方列表中。底图为江苏各市轮廓示意。",
    show_map: "看地图",
    hide_map: "收起地图",
    cluster_label: |n| format!("{n}个岗位，点击放大"),
    distance_from_market: |m| {
        if m < 1000 {
            format!("距市场{m}米")
        } else {
            format!("距市场{:.1}公里", f64::from(m) / 1000.0)
        }
    },
    distance_from_posting: |m| {
        if m < 1000 {
            format!("距岗位{m}米")
        } else {
            format!("距岗位{:.1}公里", f64::from(m) / 1000.0)
        }
    },
    state_open: "招聘中",
    state_filled: "已招满",
    state_paused: "暂停招聘",
    state_closed: "已结束招聘",
    state_expired: "已过期",
    state_notice: |s| {
        use crate::model::PostingState::*;
        match s {
            Open => "",
            Filled => "这个岗位已经招满了，看看其他岗位吧。",
            Paused => "用人单位暂停了招聘，请稍后再看。",
            Closed => "这个岗位已结束招聘。",
            Expired => "这个岗位的工作日期已过。",
        }
    },
    pay_heading: "工资",
    dates_heading: "工作日期",
    hours_heading: "每天工时",
    people_heading: "招聘人数",
    place_heading: "工作地点",
    navigate: "导航",
    map_apps: ["高德地图", "百度地图", "腾讯地图"],
    employer_heading: "用人单位",
    description_heading: "岗位描述",
    requirements_heading: "任职要求",
    bring_heading: "携带物品",
    posted_heading: "发布时间",
    updated_heading: "更新时间",
    nearest_market_heading: "最近的零工市场",
    rights_heading: "劳动维权",
    rights_body: "遇到拖欠工资、不签协议、虚假招聘等问题，请拨打当地人社服务热线：",
    rights_office: "维权地址：",
    back_to_list: "返回岗位列表",
    posting_not_found: "没有找到这个岗位，它可能已被删除。",
    markets_heading: "零工市场和驿站",
    markets_nav: "市场驿站",
    nearest_to_me: "离我最近",
    kind_province: "省级零工市场",
    kind_city: "市级零工市场",
    kind_district: "区县零工市场",
    kind_station: "零工驿站",
    kind_specialised: "专业零工市场",
    opening_hours_heading: "开放时间",
    hours_unknown: "暂未公布，请致电人社服务热线咨询",
    services_heading: "服务项目",
    amenities_heading: "便民设施",
    phone_heading: "联系电话",
    approximate_location: "位置为大致位置，请以现场为准。",
    postings_nearby: "附近今日岗位",
    see_all_nearby: "查看附近全部岗位",
    market_not_found: "没有找到这个零工市场。",
    view_posting: "查看详情",
    search_heading_today: "今日零工",
    search_heading_tomorrow: "明日零工",
    search_heading_week: "本周零工",
    search_heading_any: "全部零工",
    search_heading_on: |d| {
        use chrono::Datelike;
        format!("{}月{}日的零工", d.month(), d.day())
    },
    keyword_label: "关键词",
    keyword_placeholder: "搜工种或岗位，如：帮厨",
    search_button: "搜索",
    date_label: "日期",
    date_today: "今天",
    date_tomorrow: "明天",
    date_week: "本周",
    date_any: "不限",
    more_filters: "更多筛选",
    city_label: "城市",
    all_cities: "全省",
    district_label: "区县",
    all_districts: "全部区县",
    distance_label: "距离",
    near_me: "用我的位置",
    near_me_active: "已按我的位置",
    near_me_clear: "不按位置",
    locating: "正在定位…",
    location_refused: "无法获取您的位置，请在上方选择城市和区县。",
    within_km: |km| format!("{km}公里内"),
    min_pay_label: "最低工资",
    pay_unit_label: "计薪方式",
    unit_hour: "按小时",
    unit_day: "按天",
    unit_month: "按月",
    unit_piece: "按件",
    hours_label: "每天工作时长",
    any_hours: "不限",
    at_most_hours: |h| format!("{h}小时以内"),
    pay_terms_label: "结算方式",
    terms_daily: "日结",
    terms_weekly: "周结",
    terms_monthly: "月结",
    terms_on_completion: "完工结",
    terms_not_stated: "未注明，报名前请问清楚",
    shift_start_label: "上班时段",
    start_morning: "早班（5点–12点上班）",
    start_afternoon: "午班（12点–18点上班）",
    start_evening: "晚班、夜班（18点后上班）",
    starts_at: |t| format!("{}上班", t.format("%H:%M")),
    groups_label: "适合人群",
    sort_label: "排序",
    sort_newest: "最新发布",
    sort_nearest: "离我最近",
    sort_pay: "工资最高",
    apply_filters: "应用筛选",
    clear_filters: "清除筛选",
    narrow_results: "缩小范围",
    facet_when: "哪天",
    facet_trade: "分类",
    facet_place: "地区",
    facet_pay: "日薪",
    facet_day_pay: |yuan| format!("日薪 {yuan} 元以上"),
    result_count: |c| match c {
        crate::model::ResultCount::Exactly(n) => format!("共找到 {n} 个岗位"),
        crate::model::ResultCount::AtLeast(n) => format!("找到 {n}+ 个岗位"),
    },
    empty_search: "没有找到符合条件的岗位。试试放宽条件，或换个日期。",
    previous_page: "上一页",
    page_of: |p| format!("第{p}页"),
    distance_away: |m| {
        if m < 1000 {
            format!("距您{m}米")
        } else {
            format!("距您{:.1}公里", f64::from(m) / 1000.0)
        }
    },
    elder_mode: "长辈版",
    standard_mode: "标准版",
    switch_language: "English",
    field_q: "关键词（最多30个字）",
    field_city: "城市",
    field_district: "区县",
    field_near: "位置（需在中国境内）",
    field_r: "距离",
    field_pay: "最低工资（1到100000元）",
    field_unit: "计薪方式",
    field_date: "日期",
    field_hours: "工作时长（1到24小时）",
    field_tags: "适合人群",
    field_sort: "排序",
    field_page: "页码",
    footer_note: "本平台由人力资源和社会保障部门提供公共服务，求职者和用人单位均免费使用。",
};

pub static EN: Texts = Texts {
    lang: Lang::En,
    skip_to_content: "Skip to content",
    site_name: "Lingong Gig Market",
    site_name_short: "Lingong",
    site_tagline: "Jiangsu public gig-work service · free to use",
    nav_home: "Home",
    hotline_label: "Help hotline",
    hotline_hint: "Unpaid wages or a labour dispute? Call 12333",
    trade_label: "Trade",
    all_trades: "All trades",
    loading: "Loading…",
    next_page: "Next page",
    first_page: "Back to the first page",
    verified_employer: "Verified",
    unverified_employer: "Not verified",
    per_hour: "yuan/hour",
    per_day: "yuan/day",
    per_month: "yuan/month",
    per_piece: "yuan/piece",
    hours_per_day: |h| format!("{} h a day", hours(h)),
    people_wanted: |headcount, left| format!("{headcount} wanted · {left} left"),
    date_range: |start, end| {
        if start == end {
            english_month_day(start)
        } else {
            format!("{} – {}", english_month_day(start), english_month_day(end))
        }
    },
    tag_older_friendly: "Older workers welcome",
    tag_disabled_friendly: "Disability friendly",
    tag_fisher: "Former fishermen",
    tag_parent_flexible: "Flexible for parents",
    not_found_title: "Page not found",
    not_found_body: "The page you are looking for does not exist or has been removed.",
    back_home: "Back to the home page",
    error_invalid_prefix: "Something in the link is wrong: ",
    error_field_prefix: "Please check: ",
    error_not_found: "Nothing was found.",
    error_unavailable: "The service is busy. Please try again shortly.",
    error_internal: "Something went wrong on our side. Please try again shortly.",
    error_transport: "The network connection failed. Please check it and try again.",
    error_unauthenticated: "Please sign in first.",
    error_forbidden: "You are not allowed to do this.",
    error_stale_page: "This page has expired. Please reload it and try again.",
    error_rate_limited: |s| {
        if s >= 120 {
            format!("Too many attempts. Please try again in {} minutes.", s.div_ceil(60))
        } else {
            format!("Too many attempts. Please try again in {s} seconds.")
        }
    },
    error_code_rejected: "The code is wrong or no longer valid. Please request a new one.",
    error_credentials_rejected: "Phone number or password is wrong.",
    error_suspended: "This account is suspended. Please contact your gig market or call 12333.",
    error_conflict_prefix: "Already registered: ",
    field_trade: "trade",
    field_request: "request",
    map_note: "Every gig on the map is also in the list below. The background shows city outlines only.",
    show_map: "Map",
    hide_map: "Hide map",
    cluster_label: |n| format!("{n} gigs, tap to zoom in"),
    distance_from_market: |m| if m < 1000 { format!("{m} m from the market") } else { format!("{:.1} km from the market", f64::from(m) / 1000.0) },
    distance_from_posting: |m| if m < 1000 { format!("{m} m from the gig") } else { format!("{:.1} km from the gig", f64::from(m) / 1000.0) },
    state_open: "Hiring",
    state_filled: "All places taken",
    state_paused: "Paused",
    state_closed: "Closed",
    state_expired: "Expired",
    state_notice: |s| { use crate::model::PostingState::*; match s { Open => "", Filled => "All places are taken. Have a look at other gigs.", Paused => "The employer has paused hiring. Check again later.", Closed => "Hiring for this gig has closed.", Expired => "The dates of this gig have passed." } },
    pay_heading: "Pay",
    dates_heading: "Dates",
    hours_heading: "Hours",
    people_heading: "Places",
    place_heading: "Place",
    navigate: "Directions",
    map_apps: ["Amap (高德)", "Baidu Maps (百度)", "Tencent Maps (腾讯)"],
    employer_heading: "Employer",
    description_heading: "About the job",
    requirements_heading: "Requirements",
    bring_heading: "What to bring",
    posted_heading: "Posted",
    updated_heading: "Updated",
    nearest_market_heading: "Nearest gig market",
    rights_heading: "Your rights",
    rights_body: "Unpaid wages, no agreement, a fake job? Call the local human-resources hotline:",
    rights_office: "Office: ",
    back_to_list: "Back to the gigs",
    posting_not_found: "This gig could not be found. It may have been removed.",
    markets_heading: "Gig markets and stations",
    markets_nav: "Markets",
    nearest_to_me: "Nearest to me",
    kind_province: "Provincial market",
    kind_city: "City market",
    kind_district: "District market",
    kind_station: "Gig station",
    kind_specialised: "Specialised market",
    opening_hours_heading: "Opening hours",
    hours_unknown: "Not published yet; please call the hotline",
    services_heading: "Services",
    amenities_heading: "Amenities",
    phone_heading: "Phone",
    approximate_location: "The location is approximate.",
    postings_nearby: "Gigs nearby today",
    see_all_nearby: "All gigs nearby",
    market_not_found: "This market could not be found.",
    view_posting: "Details",
    search_heading_today: "Gigs today",
    search_heading_tomorrow: "Gigs tomorrow",
    search_heading_week: "Gigs this week",
    search_heading_any: "All open gigs",
    search_heading_on: |d| format!("Gigs on {}", english_month_day(d)),
    keyword_label: "Keyword",
    keyword_placeholder: "Trade or job, e.g. kitchen helper",
    search_button: "Search",
    date_label: "Date",
    date_today: "Today",
    date_tomorrow: "Tomorrow",
    date_week: "This week",
    date_any: "Any day",
    more_filters: "More filters",
    city_label: "City",
    all_cities: "Whole province",
    district_label: "District",
    all_districts: "All districts",
    distance_label: "Distance",
    near_me: "Use my location",
    near_me_active: "Using my location",
    near_me_clear: "Forget my location",
    locating: "Locating…",
    location_refused: "Your location is not available. Please choose a city and district above.",
    within_km: |km| format!("Within {km} km"),
    min_pay_label: "Minimum pay",
    pay_unit_label: "Paid per",
    unit_hour: "Hour",
    unit_day: "Day",
    unit_month: "Month",
    unit_piece: "Piece",
    hours_label: "Hours a day",
    any_hours: "Any",
    at_most_hours: |h| format!("Up to {h} h"),
    pay_terms_label: "Paid",
    terms_daily: "Daily",
    terms_weekly: "Weekly",
    terms_monthly: "Monthly",
    terms_on_completion: "When done",
    terms_not_stated: "Not stated: ask before you apply",
    shift_start_label: "Starts",
    start_morning: "Morning (5:00–12:00)",
    start_afternoon: "Afternoon (12:00–18:00)",
    start_evening: "Evening or night (from 18:00)",
    starts_at: |t| format!("Starts {}", t.format("%H:%M")),
    groups_label: "Welcomes",
    sort_label: "Sort",
    sort_newest: "Newest",
    sort_nearest: "Nearest",
    sort_pay: "Highest pay",
    apply_filters: "Apply filters",
    clear_filters: "Clear filters",
    narrow_results: "Narrow down",
    facet_when: "When",
    facet_trade: "Category",
    facet_place: "Area",
    facet_pay: "Day pay",
    facet_day_pay: |yuan| format!("¥{yuan}+ a day"),
    result_count: |c| match c { crate::model::ResultCount::Exactly(1) => "1 gig found".to_owned(), crate::model::ResultCount::Exactly(n) => format!("{n} gigs found"), crate::model::ResultCount::AtLeast(n) => format!("{n}+ gigs found") },
    empty_search: "No gigs match. Try fewer filters or another day.",
    previous_page: "Previous page",
    page_of: |p| format!("Page {p}"),
    distance_away: |m| if m < 1000 { format!("{m} m away") } else { format!("{:.1} km away", f64::from(m) / 1000.0) },
    elder_mode: "Large text",
    standard_mode: "Standard",
    switch_language: "中文",
    field_q: "keyword (30 characters at most)",
    field_city: "city",
    field_district: "district",
    field_near: "location (must be in China)",
    field_r: "distance",
    field_pay: "minimum pay (1 to 100,000 yuan)",
    field_unit: "pay unit",
    field_date: "date",
    field_hours: "hours (1 to 24)",
    field_tags: "groups",
    field_sort: "sort order",
    field_page: "page",
    footer_note: "A public service of the human-resources and social-security departments, free for workers and employers.",
};

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_and_counts_read_naturally_in_both_languages() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        assert_eq!((ZH.date_range)(d(24), d(24)), "11月24日");
        assert_eq!((ZH.date_range)(d(24), d(26)), "11月24日–11月26日");
        assert_eq!((EN.date_range)(d(24), d(26)), "Nov 24 – Nov 26");
        assert_eq!((ZH.hours_per_day)(4.0), "每天4小时");
        assert_eq!((ZH.hours_per_day)(7.5), "每天7.5小时");
        assert_eq!((ZH.people_wanted)(5, 3), "招5人 · 剩3个名额");
    }
}

/// The texts of the page's current language, as a reactive getter.
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || prefs.map(|p| p.get().lang).unwrap_or_default().texts()
}

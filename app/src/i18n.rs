//! Every piece of interface text, in zh-CN (the default) and English. Keeping both languages in one
//! struct makes a missing translation a compile error rather than a blank on the page.

use serde::{Deserialize, Serialize};

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
    pub site_tagline: &'static str,
    pub nav_home: &'static str,
    pub hotline_label: &'static str,
    pub hotline_hint: &'static str,
    pub today_heading: &'static str,
    pub trade_label: &'static str,
    pub all_trades: &'static str,
    pub filter_submit: &'static str,
    pub loading: &'static str,
    pub empty_today: &'static str,
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
    pub error_not_found: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_transport: &'static str,
    pub field_trade: &'static str,
    pub field_before: &'static str,
    pub field_request: &'static str,
    pub footer_note: &'static str,
}

impl Texts {
    pub fn field_name(&self, field: &str) -> &'static str {
        match field {
            "trade" => self.field_trade,
            "before" => self.field_before,
            _ => self.field_request,
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
    site_tagline: "江苏公共零工服务平台 · 免费使用",
    nav_home: "首页",
    hotline_label: "求助热线",
    hotline_hint: "工资拖欠、劳动纠纷请拨打 12333",
    today_heading: "今日零工",
    trade_label: "工种",
    all_trades: "全部工种",
    filter_submit: "查找",
    loading: "正在加载…",
    empty_today: "今天暂时没有符合条件的零工岗位，换个工种试试。",
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
            format!("{}月{}日–{}月{}日", start.month(), start.day(), end.month(), end.day())
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
    error_not_found: "没有找到相关内容。",
    error_unavailable: "服务暂时繁忙，请稍后再试。",
    error_internal: "系统出错了，请稍后再试。",
    error_transport: "网络连接失败，请检查网络后重试。",
    field_trade: "工种",
    field_before: "页码",
    field_request: "请求",
    footer_note: "本平台由人力资源和社会保障部门提供公共服务，求职者和用人单位均免费使用。",
};

pub static EN: Texts = Texts {
    lang: Lang::En,
    skip_to_content: "Skip to content",
    site_name: "Lingong Gig Market",
    site_tagline: "Jiangsu public gig-work service · free to use",
    nav_home: "Home",
    hotline_label: "Help hotline",
    hotline_hint: "Unpaid wages or a labour dispute? Call 12333",
    today_heading: "Gigs today",
    trade_label: "Trade",
    all_trades: "All trades",
    filter_submit: "Search",
    loading: "Loading…",
    empty_today: "No gigs match today. Try another trade.",
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
            start.format("%b %-d").to_string()
        } else {
            format!("{} – {}", start.format("%b %-d"), end.format("%b %-d"))
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
    error_not_found: "Nothing was found.",
    error_unavailable: "The service is busy. Please try again shortly.",
    error_internal: "Something went wrong on our side. Please try again shortly.",
    error_transport: "The network connection failed. Please check it and try again.",
    field_trade: "trade",
    field_before: "page",
    field_request: "request",
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
    use leptos::prelude::{use_context, Get, RwSignal};
    let lang = use_context::<RwSignal<Lang>>();
    move || lang.map(|l| l.get()).unwrap_or_default().texts()
}

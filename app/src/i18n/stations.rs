//! Interface text of what a market or station says of itself (services, amenities, opening hours) and
//! of a city's policy notes (政策咨询).

use super::Lang;
use crate::model::{Amenity, MarketService, PolicyTopic};

pub struct StationTexts {
    service_names: [&'static str; 11],
    amenity_names: [&'static str; 9],
    topic_names: [&'static str; 5],
    /// The markets list's filter.
    pub offering_label: &'static str,
    pub any_service: &'static str,
    pub none_offering: &'static str,
    /// The staff's editor.
    pub staff_markets_heading: &'static str,
    pub staff_markets_intro: &'static str,
    pub edit_market: &'static str,
    pub editor_title: &'static str,
    pub opening_hours_label: &'static str,
    pub opening_hours_placeholder: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub services_legend: &'static str,
    pub amenities_legend: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub back_to_market: &'static str,
    /// Policy notes, read.
    pub policy_heading: &'static str,
    pub published_on: fn(&str) -> String,
    pub revised_on: fn(&str) -> String,
    /// Policy notes, written.
    pub staff_policy_heading: &'static str,
    pub new_note: &'static str,
    pub city_label: &'static str,
    pub topic_label: &'static str,
    pub title_label: &'static str,
    pub body_label: &'static str,
    pub body_hint: &'static str,
    pub publish: &'static str,
    pub revise: &'static str,
    pub save_revision: &'static str,
    pub withdraw: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdrawn: &'static str,
    pub no_notes: &'static str,
    pub updated: fn(&str) -> String,
    refusals: [(&'static str, &'static str); 1],
    field_names: [(&'static str, &'static str); 8],
}

impl StationTexts {
    pub fn service(&self, s: MarketService) -> &'static str {
        self.service_names[s as usize]
    }

    pub fn amenity(&self, a: Amenity) -> &'static str {
        self.amenity_names[a as usize]
    }

    pub fn topic(&self, t: PolicyTopic) -> &'static str {
        self.topic_names[t as usize]
    }

    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn station_texts(self) -> &'static StationTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_station_texts() -> impl Fn() -> &'static StationTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .station_texts()
    }
}

static ZH: StationTexts = StationTexts {
    service_names: [
        "职业介绍",
        "职业指导",
        "政策咨询",
        "就业登记",
        "技能培训",
        "权益维护",
        "法律援助",
        "争议调解",
        "现场招聘",
        "就业援助",
        "劳务协作",
    ],
    amenity_names: [
        "饮水", "充电", "急救药箱", "休息", "午餐", "住宿", "卫生间", "无障碍设施", "培训场地",
    ],
    topic_names: ["就业补贴", "灵活就业社保", "工伤预防", "培训补贴", "其他"],
    offering_label: "按服务找",
    any_service: "全部",
    none_offering: "暂无提供这项服务的市场或驿站。",
    staff_markets_heading: "市场与驿站信息",
    staff_markets_intro: "开放时间、电话、服务项目和便民设施会显示在市场页面和零工地图上；每次修改都会记录。",
    edit_market: "编辑服务信息",
    editor_title: "编辑服务信息",
    opening_hours_label: "开放时间",
    opening_hours_placeholder: "如：周一至周六 7:00–17:00",
    phone_label: "咨询电话",
    phone_hint: "座机请带区号，如 025-83271234；也可填手机号。留空则显示当地人社服务热线。",
    services_legend: "服务项目",
    amenities_legend: "便民设施",
    save: "保存",
    saved: "已保存，市场页面和零工地图已更新。",
    back_to_market: "查看市场页面",
    policy_heading: "政策咨询",
    published_on: |d| format!("发布于 {d}"),
    revised_on: |d| format!("{d} 更新"),
    staff_policy_heading: "政策发布",
    new_note: "发布政策说明",
    city_label: "城市",
    topic_label: "类别",
    title_label: "标题",
    body_label: "正文",
    body_hint: "支持 Markdown：## 小标题、- 列表、**加粗**、[链接](https://…)。网页代码不会生效，会按原文显示。",
    publish: "发布",
    revise: "修改",
    save_revision: "保存修改",
    withdraw: "撤下",
    withdraw_confirm: "撤下后，这条政策不再显示，也不能再修改。确定撤下吗？",
    withdrawn: "已撤下",
    no_notes: "还没有发布政策说明。",
    updated: |at| format!("最后修改 {at}"),
    refusals: [("policy_note_withdrawn", "这条政策说明已撤下，不能再修改。")],
    field_names: [
        ("opening_hours", "开放时间（最多 200 字）"),
        ("market_phone", "咨询电话（座机带区号，如 025-83271234，或手机号）"),
        ("services", "服务项目"),
        ("amenities", "便民设施"),
        ("topic", "类别"),
        ("policy_title", "标题（2–60 字）"),
        ("policy_body", "正文（2–8000 字）"),
        ("city_adcode", "城市"),
    ],
};

static EN: StationTexts = StationTexts {
    service_names: [
        "Job referral",
        "Career guidance",
        "Policy advice",
        "Employment registration",
        "Skills training",
        "Rights protection",
        "Legal aid",
        "Dispute mediation",
        "On-site hiring",
        "Employment assistance",
        "Labour cooperation",
    ],
    amenity_names: [
        "Drinking water",
        "Phone charging",
        "First-aid kit",
        "Rest area",
        "Lunch",
        "Lodging",
        "Toilets",
        "Step-free access",
        "Training room",
    ],
    topic_names: [
        "Employment subsidies",
        "Social insurance for flexible workers",
        "Work-injury prevention",
        "Training subsidies",
        "Other",
    ],
    offering_label: "Find by service",
    any_service: "All",
    none_offering: "No market or station offers this service yet.",
    staff_markets_heading: "Markets and stations",
    staff_markets_intro: "Opening hours, phone, services and amenities show on the market's page and on the gig map; every change is recorded.",
    edit_market: "Edit services",
    editor_title: "Edit services",
    opening_hours_label: "Opening hours",
    opening_hours_placeholder: "e.g. Mon–Sat 7:00–17:00",
    phone_label: "Phone",
    phone_hint: "A landline with its area code (025-83271234) or a mobile number. Left empty, the page shows the local 12333 hotline.",
    services_legend: "Services",
    amenities_legend: "Amenities",
    save: "Save",
    saved: "Saved: the market's page and the gig map show it now.",
    back_to_market: "See the market's page",
    policy_heading: "Policy advice",
    published_on: |d| format!("published {d}"),
    revised_on: |d| format!("updated {d}"),
    staff_policy_heading: "Policy notes",
    new_note: "Publish a policy note",
    city_label: "City",
    topic_label: "Topic",
    title_label: "Title",
    body_label: "Text",
    body_hint: "Markdown works: ## heading, - list, **bold**, [link](https://…). Web code does not run; it shows as written.",
    publish: "Publish",
    revise: "Edit",
    save_revision: "Save changes",
    withdraw: "Withdraw",
    withdraw_confirm: "A withdrawn note is no longer shown and cannot be edited again. Withdraw it?",
    withdrawn: "Withdrawn",
    no_notes: "No policy notes yet.",
    updated: |at| format!("last changed {at}"),
    refusals: [(
        "policy_note_withdrawn",
        "That policy note was withdrawn and cannot be changed.",
    )],
    field_names: [
        ("opening_hours", "Opening hours (up to 200 characters)"),
        ("market_phone", "Phone (a landline with its area code, e.g. 025-83271234, or a mobile number)"),
        ("services", "Services"),
        ("amenities", "Amenities"),
        ("topic", "Topic"),
        ("policy_title", "Title (2–60 characters)"),
        ("policy_body", "Text (2–8000 characters)"),
        ("city_adcode", "City"),
    ],
};

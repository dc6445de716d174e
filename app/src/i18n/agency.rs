//! Interface text of human-resources service agencies (人力资源服务机构): the licence on the
//! organisation's form and on the staff desk, the list of agencies and a storefront (零工旗舰店), and
//! the client (用工单位) an agency's posting names.

use super::Lang;
use crate::model::Verification;

pub struct AgencyTexts {
    pub client_heading: &'static str,
    pub posted_by_heading: &'static str,
    pub agency_badge: &'static str,
    pub list_title: &'static str,
    pub list_intro: &'static str,
    pub list_none: &'static str,
    pub open_postings: fn(i64) -> String,
    pub licence_label: &'static str,
    pub address_heading: &'static str,
    pub postings_heading: &'static str,
    pub no_postings: &'static str,
    pub markets_heading: &'static str,
    pub districts_heading: &'static str,
    pub clients: fn(i64) -> String,
    pub pending_heading: &'static str,
    pub pending_intro: &'static str,
    pub pending_none: &'static str,
    pub organisation_status: fn(Verification) -> &'static str,
    pub verify: &'static str,
    pub reject: &'static str,
    pub reason_label: &'static str,
    pub licence_field: &'static str,
    pub licence_hint: &'static str,
    pub licence_status: fn(Verification) -> &'static str,
    pub licence_rejected: fn(&str) -> String,
    pub storefront_link: &'static str,
    pub client_section: &'static str,
    pub client_name_label: &'static str,
    pub client_code_label: &'static str,
    pub client_hint: &'static str,
    refusals: [(&'static str, &'static str); 2],
    field_names: [(&'static str, &'static str); 3],
}

impl AgencyTexts {
    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn agency_texts(self) -> &'static AgencyTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_agency_texts() -> impl Fn() -> &'static AgencyTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .agency_texts()
    }
}

static ZH: AgencyTexts = AgencyTexts {
    client_heading: "用工单位",
    posted_by_heading: "代招机构",
    agency_badge: "人力资源服务机构",
    list_title: "人力资源服务机构",
    list_intro: "经人社部门核验人力资源服务许可证的机构，可以为用工单位代招零工。每家机构的主页列出它正在招聘的岗位和服务的零工市场。",
    list_none: "还没有经过核验的人力资源服务机构。",
    open_postings: |n| format!("{n} 个岗位招聘中"),
    licence_label: "人力资源服务许可证",
    address_heading: "地址",
    postings_heading: "正在招聘",
    no_postings: "这家机构现在没有招聘中的岗位。",
    markets_heading: "服务的零工市场和驿站",
    districts_heading: "服务的区县",
    clients: |n| format!("为 {n} 家用工单位招聘"),
    pending_heading: "人力资源服务许可证待核验",
    pending_intro: "请对照许可机关的公示核对许可证编号和机构名称。核验通过后，机构可为客户单位代招，并拥有公开的机构主页。",
    pending_none: "没有待核验的许可证。",
    organisation_status: |v| match v {
        Verification::Pending => "单位待认证",
        Verification::Verified => "单位已认证",
        Verification::Rejected => "单位认证未通过",
    },
    verify: "核验通过",
    reject: "核验不通过",
    reason_label: "不通过的原因",
    licence_field: "人力资源服务许可证编号（人力资源服务机构填写）",
    licence_hint: "填写后由人社部门核验；通过后可为客户单位代招，并拥有公开的机构主页。修改编号需要重新核验。",
    licence_status: |v| match v {
        Verification::Pending => "许可证核验中",
        Verification::Verified => "许可证已核验",
        Verification::Rejected => "许可证核验未通过",
    },
    licence_rejected: |reason| format!("许可证核验未通过：{reason}"),
    storefront_link: "查看机构主页",
    client_section: "为客户单位代招（人力资源服务机构，选填）",
    client_name_label: "用工单位名称",
    client_code_label: "用工单位统一社会信用代码",
    client_hint: "求职者会在岗位页看到用工单位名称；两项都不填表示为本机构招聘。",
    refusals: [
        (
            "not_an_agency",
            "只有人力资源服务许可证已核验的机构才能为客户单位代招。",
        ),
        ("licence_not_pending", "这个许可证已经核验过了，或单位没有填写许可证。"),
    ],
    field_names: [
        ("hr_licence_no", "人力资源服务许可证编号"),
        ("client_name", "用工单位名称"),
        ("client_credit_code", "用工单位统一社会信用代码"),
    ],
};

static EN: AgencyTexts = AgencyTexts {
    client_heading: "Client (where you work)",
    posted_by_heading: "Posted by",
    agency_badge: "Licensed HR agency",
    list_title: "HR service agencies",
    list_intro: "Agencies whose human-resources service licence the staff checked may recruit for client employers. Each agency's page lists its open postings and the markets it serves.",
    list_none: "No agency has been checked yet.",
    open_postings: |n| format!("{n} open postings"),
    licence_label: "HR service licence",
    address_heading: "Address",
    postings_heading: "Open postings",
    no_postings: "This agency has no open postings now.",
    markets_heading: "Markets and stations served",
    districts_heading: "Districts served",
    clients: |n| format!("Recruiting for {n} client employers"),
    pending_heading: "HR service licences to check",
    pending_intro: "Check the licence number and the agency's name against the licensing authority's register. Once checked, the agency may recruit for clients and gets a public page.",
    pending_none: "No licence waiting.",
    organisation_status: |v| match v {
        Verification::Pending => "organisation not verified yet",
        Verification::Verified => "organisation verified",
        Verification::Rejected => "organisation rejected",
    },
    verify: "Licence checked",
    reject: "Licence not valid",
    reason_label: "Why not",
    licence_field: "HR service licence number (HR service agencies only)",
    licence_hint: "The staff check it; once checked you may recruit for client employers and get a public page. A changed number is checked again.",
    licence_status: |v| match v {
        Verification::Pending => "licence being checked",
        Verification::Verified => "licence checked",
        Verification::Rejected => "licence not accepted",
    },
    licence_rejected: |reason| format!("Licence not accepted: {reason}"),
    storefront_link: "See the agency's page",
    client_section: "Recruiting for a client (HR service agencies, optional)",
    client_name_label: "Client's name",
    client_code_label: "Client's unified social credit code",
    client_hint: "Workers see the client's name on the posting; leave both empty when recruiting for your own agency.",
    refusals: [
        (
            "not_an_agency",
            "Only an agency whose HR service licence was checked may recruit for a client.",
        ),
        (
            "licence_not_pending",
            "This licence was checked already, or the organisation gave none.",
        ),
    ],
    field_names: [
        ("hr_licence_no", "HR service licence number"),
        ("client_name", "Client's name"),
        ("client_credit_code", "Client's credit code"),
    ],
};

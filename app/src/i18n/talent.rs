//! Interface text of 找人才: the worker's consent to be found and the invitations they receive, and
//! the organisations' search of findable workers.

use super::Lang;
use crate::model::{Availability, TalentInvitationStatus};

pub struct TalentTexts {
    // The organisation's search.
    pub heading: &'static str,
    pub intro: &'static str,
    pub privacy: &'static str,
    pub not_verified: &'static str,
    pub when_label: &'static str,
    pub availability: fn(Availability) -> &'static str,
    pub attendance_label: &'static str,
    pub attendance_any: &'static str,
    pub attendance_at_least: fn(u8) -> String,
    pub search: &'static str,
    pub no_results: &'static str,
    pub courtesy: fn(&str) -> String,
    pub no_name: &'static str,
    pub age: fn(u8) -> String,
    pub no_area: &'static str,
    pub expects: fn(&str) -> String,
    pub attendance: fn(i64, i64) -> String,
    pub no_record: &'static str,
    pub stars: fn(f64, i64) -> String,
    pub posting_label: &'static str,
    pub note_label: &'static str,
    pub note_hint: &'static str,
    pub invite: &'static str,
    pub invited_already: &'static str,
    pub no_postings: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub sent_heading: &'static str,
    pub sent_none: &'static str,
    pub sent_line: fn(&str, &str) -> String,
    pub status: fn(TalentInvitationStatus) -> &'static str,
    pub withdraw: &'static str,
    // The worker's side.
    pub consent_heading: &'static str,
    pub consent_text: &'static str,
    pub findable_on: fn(&str) -> String,
    pub findable_off: &'static str,
    pub turn_on: &'static str,
    pub turn_off: &'static str,
    pub decisions_heading: &'static str,
    pub decision_line: fn(bool, &str) -> String,
    pub my_title: &'static str,
    pub my_none: &'static str,
    pub received_line: fn(&str) -> String,
    pub verified: &'static str,
    pub note_from: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    pub posting_closed: &'static str,
    refusals: [(&'static str, &'static str); 3],
    field_names: [(&'static str, &'static str); 4],
}

impl TalentTexts {
    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn talent_texts(self) -> &'static TalentTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_talent_texts() -> impl Fn() -> &'static TalentTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .talent_texts()
    }
}

static ZH: TalentTexts = TalentTexts {
    heading: "找人才",
    intro: "按工种、地区、可工作时间和出勤记录，查找愿意被用人单位找到的零工，邀请他们报名您的岗位。",
    privacy: "为保护求职者隐私：只显示姓氏、年龄段和所在区县，不显示电话。对方接受邀请报名、您录用后，才能看到完整联系方式。",
    not_verified: "单位通过人社部门认证后才能使用“找人才”。请在“我的”页面核对单位信息，等待工作人员审核。",
    when_label: "可工作时间",
    availability: |a| match a {
        Availability::Weekdays => "工作日",
        Availability::Weekends => "周末",
        Availability::Mornings => "上午",
        Availability::Afternoons => "下午",
        Availability::Evenings => "晚上",
        Availability::Nights => "夜班",
    },
    attendance_label: "出勤率",
    attendance_any: "不限",
    attendance_at_least: |p| {
        if p >= 100 {
            "全部按时到岗".to_owned()
        } else {
            format!("{p}% 以上")
        }
    },
    search: "查找",
    no_results: "没有找到符合条件的零工。可以放宽工种、地区或时间条件再试。",
    courtesy: |surname| format!("{surname}师傅"),
    no_name: "求职者",
    age: |decade| format!("{decade}多岁"),
    no_area: "未填写所在地",
    expects: |pay| format!("期望 {pay}"),
    attendance: |percent, places| format!("近{places}次出勤率 {percent}%"),
    no_record: "出勤记录还不多",
    stars: |average, count| format!("评分 {average:.1}（{count}次）"),
    posting_label: "邀请报名的岗位",
    note_label: "给对方的话（选填）",
    note_hint: "最多200字，例如上班时间、是否包餐。",
    invite: "邀请报名",
    invited_already: "已邀请",
    no_postings: "您还没有正在招人的岗位：先发布岗位，再邀请零工报名。",
    previous: "上一页",
    next: "下一页",
    sent_heading: "已发出的邀请",
    sent_none: "还没有发出邀请。",
    sent_line: |who, title| format!("{who} · {title}"),
    status: |s| match s {
        TalentInvitationStatus::Pending => "等待回复",
        TalentInvitationStatus::Accepted => "已接受并报名",
        TalentInvitationStatus::Declined => "已婉拒",
        TalentInvitationStatus::Withdrawn => "已撤回",
    },
    withdraw: "撤回邀请",
    consent_heading: "让用人单位找到我",
    consent_text: "开启后，经人社部门认证的用人单位可以按工种、地区和可工作时间找到您，并邀请您报名岗位。他们只能看到您的姓氏、年龄段、所在区县、工种、可工作时间、期望工资和出勤记录，看不到您的电话和全名。接不接受邀请由您决定；您随时可以关闭。",
    findable_on: |since| format!("已开启：自 {since} 起，认证单位可以找到您。"),
    findable_off: "未开启：用人单位搜索不到您。",
    turn_on: "同意并开启",
    turn_off: "关闭，不再被查找",
    decisions_heading: "我的选择记录",
    decision_line: |on, at| {
        if on {
            format!("{at} 同意被查找")
        } else {
            format!("{at} 关闭")
        }
    },
    my_title: "邀请我报名",
    my_none: "还没有单位邀请您报名。在“我的”页面开启“让用人单位找到我”，认证单位就能邀请您。",
    received_line: |organisation| format!("{organisation} 邀请您报名"),
    verified: "已认证",
    note_from: "留言：",
    accept: "接受并报名",
    decline: "不感兴趣",
    posting_closed: "这个岗位已停止报名。",
    refusals: [
        ("not_findable", "这位零工现在不接受单位查找，邀请没有发出。"),
        (
            "organisation_not_verified",
            "单位通过人社部门认证后才能使用“找人才”。",
        ),
        ("talent_already_invited", "已经邀请过这位零工报名这个岗位了。"),
    ],
    field_names: [
        ("note", "给对方的话"),
        ("attendance", "出勤率"),
        ("page", "页码"),
        ("findable", "是否开启"),
    ],
};

static EN: TalentTexts = TalentTexts {
    heading: "Find workers",
    intro: "Look for workers who chose to be found, by trade, area, when they can work and their attendance, and invite them to apply to your postings.",
    privacy: "To protect their privacy you see a surname, an age range and a district, never a phone number. Their full contact details appear once they accept your invitation and you accept their application.",
    not_verified: "Finding workers is open to organisations verified by the human-resources staff. Check your organisation's details on your account page and wait for the staff's review.",
    when_label: "Available",
    availability: |a| match a {
        Availability::Weekdays => "weekdays",
        Availability::Weekends => "weekends",
        Availability::Mornings => "mornings",
        Availability::Afternoons => "afternoons",
        Availability::Evenings => "evenings",
        Availability::Nights => "nights",
    },
    attendance_label: "Attendance",
    attendance_any: "Any",
    attendance_at_least: |p| {
        if p >= 100 {
            "Always on time".to_owned()
        } else {
            format!("{p}% or more")
        }
    },
    search: "Search",
    no_results: "No worker matches. Try a wider trade, area or time.",
    courtesy: |surname| format!("{surname} (surname)"),
    no_name: "A worker",
    age: |decade| format!("in their {decade}s"),
    no_area: "Area not given",
    expects: |pay| format!("expects {pay}"),
    attendance: |percent, places| format!("{percent}% attendance over the last {places} shifts"),
    no_record: "Not many shifts on record yet",
    stars: |average, count| format!("rated {average:.1} ({count})"),
    posting_label: "Invite to apply for",
    note_label: "A note to them (optional)",
    note_hint: "Up to 200 characters, e.g. the hours or whether meals are provided.",
    invite: "Invite to apply",
    invited_already: "Invited",
    no_postings: "You have no posting taking applications: publish one, then invite workers to apply.",
    previous: "Previous",
    next: "Next",
    sent_heading: "Invitations sent",
    sent_none: "No invitations sent yet.",
    sent_line: |who, title| format!("{who} · {title}"),
    status: |s| match s {
        TalentInvitationStatus::Pending => "waiting for an answer",
        TalentInvitationStatus::Accepted => "accepted and applied",
        TalentInvitationStatus::Declined => "declined",
        TalentInvitationStatus::Withdrawn => "withdrawn",
    },
    withdraw: "Withdraw",
    consent_heading: "Let employers find me",
    consent_text: "When this is on, organisations verified by the human-resources staff can find you by trade, area and the times you can work, and invite you to apply to their postings. They see your surname, age range, district, trades, when you can work, the pay you expect and your attendance — never your phone number or full name. Whether to accept is up to you, and you can turn this off at any time.",
    findable_on: |since| format!("On: verified organisations can find you (since {since})."),
    findable_off: "Off: employers cannot find you.",
    turn_on: "Agree and turn on",
    turn_off: "Turn off",
    decisions_heading: "My choices",
    decision_line: |on, at| {
        if on {
            format!("{at} agreed to be found")
        } else {
            format!("{at} turned off")
        }
    },
    my_title: "Invitations to apply",
    my_none: "No organisation has invited you yet. Turn on “Let employers find me” on your account page and verified organisations can invite you.",
    received_line: |organisation| format!("{organisation} invites you to apply"),
    verified: "Verified",
    note_from: "Note: ",
    accept: "Accept and apply",
    decline: "Not interested",
    posting_closed: "This posting no longer takes applications.",
    refusals: [
        ("not_findable", "This worker cannot be found by organisations now; no invitation was sent."),
        (
            "organisation_not_verified",
            "Finding workers is open to organisations verified by the human-resources staff.",
        ),
        ("talent_already_invited", "You have invited this worker to this posting already."),
    ],
    field_names: [
        ("note", "The note"),
        ("attendance", "Attendance"),
        ("page", "Page"),
        ("findable", "On or off"),
    ],
};

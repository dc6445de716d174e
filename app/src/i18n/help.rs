//! Interface text of graded help (困难零工帮扶): the staff's cases and the worker's consent.

use super::Lang;
use crate::model::{ConsentMethod, FollowUpKind, HelpOutcome, HelpReason, HelpStatus};

pub struct HelpTexts {
    reason_names: [&'static str; 4],
    status_names: [&'static str; 3],
    outcome_names: [&'static str; 5],
    kind_names: [&'static str; 4],
    consent_names: [&'static str; 2],
    /// Staff.
    pub staff_heading: &'static str,
    pub staff_intro: &'static str,
    pub new_case: &'static str,
    pub phone_label: &'static str,
    pub reasons_legend: &'static str,
    pub consent_legend: &'static str,
    pub consent_in_person: &'static str,
    pub consent_online: &'static str,
    pub open_case: &'static str,
    pub no_cases: &'static str,
    pub open_link: &'static str,
    pub case_title: &'static str,
    pub line_facts: fn(&str, i64, i64) -> String,
    pub consent_given: fn(&str, &str) -> String,
    pub consent_awaited: &'static str,
    pub followups_heading: &'static str,
    pub no_followups: &'static str,
    pub add_followup: &'static str,
    pub kind_label: &'static str,
    pub posting_label: &'static str,
    pub posting_hint: &'static str,
    pub note_label: &'static str,
    pub save_followup: &'static str,
    pub placements_heading: &'static str,
    pub no_placements: &'static str,
    pub close_case: &'static str,
    pub outcome_label: &'static str,
    pub close_confirm: &'static str,
    pub closed: fn(&str, &str) -> String,
    pub call: &'static str,
    pub back_to_cases: &'static str,
    /// The worker.
    pub my_title: &'static str,
    pub my_none: &'static str,
    pub offer_intro: fn(&str) -> String,
    pub what_is_kept: &'static str,
    pub agree: &'static str,
    pub decline: &'static str,
    pub my_open: fn(&str, &str) -> String,
    pub my_followups: fn(i64) -> String,
    pub withdraw: &'static str,
    pub withdraw_confirm: &'static str,
    refusals: [(&'static str, &'static str); 6],
    field_names: [(&'static str, &'static str); 6],
}

impl HelpTexts {
    pub fn reason(&self, r: HelpReason) -> &'static str {
        self.reason_names[r as usize]
    }

    pub fn status(&self, s: HelpStatus) -> &'static str {
        self.status_names[s as usize]
    }

    pub fn outcome(&self, o: HelpOutcome) -> &'static str {
        self.outcome_names[o as usize]
    }

    pub fn kind(&self, k: FollowUpKind) -> &'static str {
        self.kind_names[k as usize]
    }

    pub fn consent(&self, c: ConsentMethod) -> &'static str {
        self.consent_names[c as usize]
    }

    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn help_texts(self) -> &'static HelpTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_help_texts() -> impl Fn() -> &'static HelpTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || prefs.map(|p| p.get().lang).unwrap_or_default().help_texts()
}

static ZH: HelpTexts = HelpTexts {
    reason_names: ["长期未找到活", "低收入", "残疾", "大龄"],
    status_names: ["等待本人同意", "帮扶中", "已结案"],
    outcome_names: ["已就业", "自主创业或灵活就业", "不再需要帮扶", "迁出本地", "其他"],
    kind_names: ["电话回访", "走访", "推荐（岗位、招聘会、培训）", "备注"],
    consent_names: ["现场签署同意书", "本人在手机上同意"],
    staff_heading: "困难零工帮扶",
    staff_intro: "须经本人同意才能建档。档案只有本区（及上级）人社工作人员可见，每次查看和修改都会记录；本人可随时撤回同意，档案随即删除。",
    new_case: "新建帮扶档案",
    phone_label: "零工的手机号",
    reasons_legend: "帮扶原因",
    consent_legend: "本人同意",
    consent_in_person: "本人已在现场签署同意书",
    consent_online: "请本人在手机上确认（发送通知）",
    open_case: "建档",
    no_cases: "暂无帮扶档案。",
    open_link: "查看档案",
    case_title: "帮扶档案",
    line_facts: |opened, followups, placements| {
        format!("{opened} 建档 · 跟进 {followups} 次 · 上岗 {placements} 次")
    },
    consent_given: |how, at| format!("本人同意：{how}，{at}"),
    consent_awaited: "等待本人在手机上确认，确认前不能记录跟进。",
    followups_heading: "跟进记录",
    no_followups: "还没有跟进记录。",
    add_followup: "记录跟进",
    kind_label: "方式",
    posting_label: "推荐的岗位编号（可选）",
    posting_hint: "岗位地址末尾的数字；推荐后本人会收到通知。",
    note_label: "情况说明",
    save_followup: "保存",
    placements_heading: "帮扶期间上岗",
    no_placements: "帮扶期间还没有上岗记录。",
    close_case: "结案",
    outcome_label: "结果",
    close_confirm: "确认结案",
    closed: |outcome, on| format!("已结案：{outcome}（{on}）"),
    call: "拨打",
    back_to_cases: "返回帮扶档案",
    my_title: "就业帮扶",
    my_none: "您目前没有帮扶档案。需要帮助时，可到附近的零工市场或拨打 12333。",
    offer_intro: |district| {
        format!("{district}人社部门想为您建立就业帮扶档案：优先推荐岗位、招聘会和免费培训，并定期回访。")
    },
    what_is_kept: "档案只记录帮扶原因、跟进情况和上岗情况，只有负责帮扶的人社工作人员能看到，每次查看都会记录。您可以随时撤回同意，档案会被删除。",
    agree: "同意建档",
    decline: "不同意",
    my_open: |district, at| format!("{district}人社部门正在为您提供帮扶（{at} 同意）。"),
    my_followups: |n| format!("已跟进 {n} 次。"),
    withdraw: "撤回同意并删除档案",
    withdraw_confirm: "撤回后档案和跟进记录都会删除，无法恢复。确定吗？",
    refusals: [
        ("help_no_worker", "没有用这个手机号注册的零工。请先为本人现场登记。"),
        ("help_no_district", "这位零工没有填写居住的区县，请由所在区县的工作人员建档。"),
        ("help_case_exists", "这位零工已有帮扶档案。"),
        ("help_case_not_open", "这份档案不在帮扶中（等待本人同意或已结案）。"),
        ("help_posting_closed", "这个岗位编号不对，或岗位已不在招。"),
        ("help_already_answered", "您已经答复过了。"),
    ],
    field_names: [
        ("help_reasons", "帮扶原因（至少选一项）"),
        ("consent", "本人同意的方式"),
        ("kind", "跟进方式"),
        ("posting", "岗位编号"),
        ("help_note", "情况说明（2–500 字）"),
        ("outcome", "结案结果"),
    ],
};

static EN: HelpTexts = HelpTexts {
    reason_names: ["Long without work", "Low income", "Disability", "Older worker"],
    status_names: ["Waiting for consent", "Being helped", "Closed"],
    outcome_names: ["In work", "Self-employed or flexible work", "No longer needs help", "Moved away", "Other"],
    kind_names: ["Phone call", "Visit", "Referral (gig, fair, course)", "Note"],
    consent_names: ["Signed form at the counter", "Agreed on their phone"],
    staff_heading: "Help for hard-to-employ workers",
    staff_intro: "A case needs the worker's consent. Only employment staff of the district (and above) see it, every read and change is recorded, and the worker may withdraw at any time, which deletes it.",
    new_case: "Open a help case",
    phone_label: "The worker's mobile number",
    reasons_legend: "Why help is needed",
    consent_legend: "Consent",
    consent_in_person: "The worker signed the consent form here",
    consent_online: "Ask the worker on their phone (sends a notice)",
    open_case: "Open the case",
    no_cases: "No help cases.",
    open_link: "Open the case",
    case_title: "Help case",
    line_facts: |opened, followups, placements| {
        format!("opened {opened} · {followups} follow-ups · {placements} placements")
    },
    consent_given: |how, at| format!("Consent: {how}, {at}"),
    consent_awaited: "Waiting for the worker to agree on their phone; follow-ups start after that.",
    followups_heading: "Follow-ups",
    no_followups: "No follow-ups yet.",
    add_followup: "Record a follow-up",
    kind_label: "How",
    posting_label: "Gig number recommended (optional)",
    posting_hint: "The number at the end of a gig's address; the worker is told.",
    note_label: "What happened",
    save_followup: "Save",
    placements_heading: "Work found while helped",
    no_placements: "No places yet while helped.",
    close_case: "Close the case",
    outcome_label: "Outcome",
    close_confirm: "Close it",
    closed: |outcome, on| format!("Closed: {outcome} ({on})"),
    call: "Call",
    back_to_cases: "Back to help cases",
    my_title: "Help finding work",
    my_none: "You have no help case. If you need help, visit a gig market near you or call 12333.",
    offer_intro: |district| {
        format!("The employment services of {district} would like to open a help case for you: gigs, job fairs and free training recommended first, and regular calls.")
    },
    what_is_kept: "The case keeps only why you need help, what staff did and the work you found. Only the staff helping you see it, and every look is recorded. You may withdraw at any time: the case is then deleted.",
    agree: "I agree",
    decline: "No, thank you",
    my_open: |district, at| format!("The employment services of {district} are helping you (you agreed {at})."),
    my_followups: |n| format!("{n} follow-ups so far."),
    withdraw: "Withdraw and delete the case",
    withdraw_confirm: "The case and its follow-ups will be deleted for good. Withdraw?",
    refusals: [
        ("help_no_worker", "No worker is registered with this number. Register them at the counter first."),
        ("help_no_district", "This worker gave no home district: staff of their district open the case."),
        ("help_case_exists", "This worker already has a help case."),
        ("help_case_not_open", "This case is not being helped (waiting for consent, or closed)."),
        ("help_posting_closed", "That gig number is wrong, or the gig is no longer open."),
        ("help_already_answered", "You have already answered."),
    ],
    field_names: [
        ("help_reasons", "Why help is needed (at least one)"),
        ("consent", "How the worker consented"),
        ("kind", "How"),
        ("posting", "Gig number"),
        ("help_note", "What happened (2–500 characters)"),
        ("outcome", "Outcome"),
    ],
};

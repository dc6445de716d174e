//! Interface text of the shift after the match: check-in and check-out, hours, pay, wage cases.

use super::Lang;
use crate::model::{CheckMethod, PayMethod, PaymentStatus, WageCaseStatus};

pub struct ShiftTexts {
    pub shift_heading: &'static str,
    /// The pay agreed at acceptance: amount and unit already written out.
    pub agreed_pay: fn(&str) -> String,
    pub code_label: &'static str,
    pub check_in: &'static str,
    pub check_out: &'static str,
    pub check_in_by_location: &'static str,
    pub check_out_by_location: &'static str,
    pub locating: &'static str,
    pub location_refused: &'static str,
    pub clock_window_hint: &'static str,
    pub days_heading: &'static str,
    pub arrived_at: fn(&str) -> String,
    pub left_at: fn(&str) -> String,
    pub still_at_work: &'static str,
    pub minutes: fn(i32) -> String,
    /// The employer's correction: the hours now counted, and why.
    pub corrected: fn(i32, &str) -> String,
    /// Days worked and the hours in all.
    pub worked_total: fn(usize, i32) -> String,
    pub estimated_due: fn(&str) -> String,
    pub payments_heading: &'static str,
    pub no_payments: &'static str,
    pub confirm_received: &'static str,
    pub dispute: &'static str,
    pub dispute_reason_label: &'static str,
    pub dispute_submit: &'static str,
    pub disputed_because: fn(&str) -> String,
    pub case_heading: &'static str,
    pub case_intro: fn(i32) -> String,
    pub complaint_label: &'static str,
    pub open_case: &'static str,
    pub case_state: fn(&str) -> String,
    pub check_in_title: &'static str,
    pub no_place_here: &'static str,
    pub outside_window: &'static str,
    pub sign_in_to_check_in: &'static str,
    pub my_applications_link: &'static str,
    pub check_in_screen_link: &'static str,
    pub check_in_screen_hint: &'static str,
    pub arrived_of: fn(u32, u32) -> String,
    pub code_changes_in: fn(u64) -> String,
    pub record_day: &'static str,
    pub record_day_intro: &'static str,
    pub work_date_label: &'static str,
    pub arrived_label: &'static str,
    pub left_label: &'static str,
    pub save: &'static str,
    pub correct_hours: &'static str,
    pub hours_label: &'static str,
    pub correction_note_label: &'static str,
    pub record_payment: &'static str,
    pub amount_label: &'static str,
    pub method_label: &'static str,
    pub paid_on_label: &'static str,
    pub payment_note_label: &'static str,
    pub cases_heading: &'static str,
    pub no_cases: &'static str,
    pub case_title: &'static str,
    pub complaint_heading: &'static str,
    pub timeline_heading: &'static str,
    pub worker_phone: &'static str,
    pub employer_phone: &'static str,
    pub decide_heading: &'static str,
    pub decision_note_label: &'static str,
    pub decide: &'static str,
    pub decided_note: fn(&str) -> String,
    pub view_case: &'static str,
    pub back_to_staff: &'static str,
    pub thread_link: &'static str,
    pub thread_title: &'static str,
    pub thread_with: fn(&str) -> String,
    pub thread_intro: &'static str,
    pub no_thread_messages: &'static str,
    pub you: &'static str,
    pub broadcast_mark: &'static str,
    pub message_label: &'static str,
    pub send: &'static str,
    pub thread_closed: &'static str,
    pub report_message: &'static str,
    pub report_reason_label: &'static str,
    pub report_send: &'static str,
    pub reported: &'static str,
    pub broadcast_heading: &'static str,
    pub broadcast_hint: &'static str,
    pub broadcast_sent: &'static str,
    pub reported_messages_heading: &'static str,
    pub hide_message: &'static str,
    pub keep_message: &'static str,
    pub message_hidden: &'static str,
    pub no_reported_messages: &'static str,
    pub written_by: fn(bool) -> &'static str,
    pub rating_heading: &'static str,
    /// Whom the reader rates: the organisation (a worker reading) or the worker.
    pub rate_other: fn(bool) -> &'static str,
    pub stars_label: &'static str,
    pub star_option: fn(i16) -> String,
    pub tags_label: &'static str,
    pub submit_rating: &'static str,
    pub your_rating: &'static str,
    pub their_rating: &'static str,
    pub rating_hidden: &'static str,
    pub appeal: &'static str,
    pub appeal_reason_label: &'static str,
    pub appeal_send: &'static str,
    pub stars_average: fn(f64, i64) -> String,
    pub attendance: fn(i64, i64) -> String,
    pub paid_on_time: fn(i64, i64) -> String,
    pub upheld_cases: fn(i64) -> String,
    pub record_heading: &'static str,
    pub appeals_heading: &'static str,
    pub no_appeals: &'static str,
    pub uphold_appeal: &'static str,
    pub reject_appeal: &'static str,
    pub rating_by: fn(bool) -> &'static str,
    /// The worker's form against a recorded no-show (缺勤申诉).
    pub no_show_appeal: &'static str,
    pub no_show_appeal_intro: fn(i64) -> String,
    pub no_show_appeals_heading: &'static str,
    pub no_no_show_appeals: &'static str,
    pub uphold_no_show: &'static str,
    /// "Recorded as not come on …; appealed on …".
    pub no_show_marked: fn(&str, &str) -> String,
    pub shift_dates: fn(&str, &str) -> String,
    no_show_appeal_states: [&'static str; 3],
    appeal_states: [&'static str; 3],
    rating_tags: [&'static str; 8],
    check_methods: [&'static str; 3],
    pay_methods: [&'static str; 4],
    payment_statuses: [&'static str; 3],
    case_statuses: [&'static str; 4],
    case_decisions: [&'static str; 3],
    opened_by: [&'static str; 2],
    events: [(&'static str, &'static str); 22],
    refusals: [(&'static str, &'static str); 12],
    field_names: [(&'static str, &'static str); 14],
}

impl ShiftTexts {
    pub fn check_method(&self, m: CheckMethod) -> &'static str {
        self.check_methods[m as usize]
    }

    pub fn pay_method(&self, m: PayMethod) -> &'static str {
        self.pay_methods[m as usize]
    }

    pub fn payment_status(&self, s: PaymentStatus) -> &'static str {
        self.payment_statuses[s as usize]
    }

    pub fn case_status(&self, s: WageCaseStatus) -> &'static str {
        self.case_statuses[s as usize]
    }

    /// What staff choose: the same order as [`WageCaseStatus::DECISIONS`].
    pub fn case_decision(&self, s: WageCaseStatus) -> &'static str {
        WageCaseStatus::DECISIONS
            .iter()
            .position(|d| *d == s)
            .map_or("", |i| self.case_decisions[i])
    }

    pub fn appeal_state(&self, a: crate::model::AppealStatus) -> &'static str {
        self.appeal_states[a as usize]
    }

    pub fn no_show_appeal_state(&self, a: crate::model::AppealStatus) -> &'static str {
        self.no_show_appeal_states[a as usize]
    }

    pub fn rating_tag(&self, t: crate::model::RatingTag) -> &'static str {
        self.rating_tags[t as usize]
    }

    /// Tags as one line: 按时结算 · 态度好.
    pub fn rating_tag_line(&self, tags: &[crate::model::RatingTag]) -> String {
        tags.iter()
            .map(|&t| self.rating_tag(t))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// "★★★★☆"
    pub fn stars(stars: i16) -> String {
        let full = usize::try_from(stars.clamp(0, 5)).unwrap_or(0);
        format!("{}{}", "★".repeat(full), "☆".repeat(5 - full))
    }

    pub fn opened_by(&self, worker: bool) -> &'static str {
        self.opened_by[usize::from(!worker)]
    }

    /// A step of a place's timeline, by the database's name for it.
    pub fn event(&self, kind: &str) -> &'static str {
        self.events
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("", |(_, label)| *label)
    }

    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn shift_texts(self) -> &'static ShiftTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_shift_texts() -> impl Fn() -> &'static ShiftTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .shift_texts()
    }
}

fn zh_hours(minutes: i32) -> String {
    let h = f64::from(minutes) / 60.0;
    if minutes % 60 == 0 {
        format!("{h:.0}小时")
    } else {
        format!("{h:.1}小时")
    }
}

fn en_hours(minutes: i32) -> String {
    let h = f64::from(minutes) / 60.0;
    if minutes % 60 == 0 {
        format!("{h:.0} h")
    } else {
        format!("{h:.1} h")
    }
}

static ZH: ShiftTexts = ShiftTexts {
    shift_heading: "出勤与工资",
    agreed_pay: |pay| format!("约定工资：{pay}（录用时确定，之后岗位改价不影响）"),
    code_label: "现场签到码（雇主手机上的6位数字）",
    check_in: "签到",
    check_out: "签退",
    check_in_by_location: "用位置签到（须在工作地点300米内）",
    check_out_by_location: "用位置签退",
    locating: "正在获取位置…",
    location_refused: "无法获取位置，请输入签到码，或请雇主登记。",
    clock_window_hint: "上班前1小时可以签到；签退在下班后6小时内。",
    days_heading: "出勤",
    arrived_at: |t| format!("到岗 {t}"),
    left_at: |t| format!("离开 {t}"),
    still_at_work: "未签退",
    minutes: zh_hours,
    corrected: |m, note| format!("雇主改为{}：{note}", zh_hours(m)),
    worked_total: |days, m| format!("共出勤{days}天，{}", zh_hours(m)),
    estimated_due: |amount| format!("按约定约应得 {amount}"),
    payments_heading: "工资发放",
    no_payments: "雇主还没有登记付款。",
    confirm_received: "确认收到",
    dispute: "有异议",
    dispute_reason_label: "哪里不对？（必填）",
    dispute_submit: "提交异议",
    disputed_because: |r| format!("异议：{r}"),
    case_heading: "申请维权（欠薪投诉）",
    case_intro: |days| {
        format!(
            "工资没结清？提交后由岗位所在区的人社工作人员处理，平台上的签到、工时、付款记录都是证据。\
             下班{days}天后仍未结清的，平台会自动转交。"
        )
    },
    complaint_label: "情况说明（可选）",
    open_case: "提交给工作人员",
    case_state: |s| format!("欠薪投诉：{s}"),
    check_in_title: "现场签到",
    no_place_here: "您在这个岗位没有名额，不能签到。",
    outside_window: "现在不是签到时间（上班前1小时到下班）。",
    sign_in_to_check_in: "登录后签到",
    my_applications_link: "我的报名",
    check_in_screen_link: "现场签到码",
    check_in_screen_hint:
        "请工人用手机相机扫码，或在“我的报名”里输入下面的6位数字。签到码每30秒更换，截图无效。",
    arrived_of: |a, e| format!("今天已到岗 {a} / {e} 人"),
    code_changes_in: |s| format!("{s}秒后更换"),
    record_day: "代为登记出勤",
    record_day_intro: "工人无法自己签到时，由您登记到岗和离开时间（工人可见）。",
    work_date_label: "日期",
    arrived_label: "到岗时间",
    left_label: "离开时间（可选）",
    save: "保存",
    correct_hours: "修改工时",
    hours_label: "实际工时（小时，半小时为单位）",
    correction_note_label: "修改原因（工人可见）",
    record_payment: "登记付款",
    amount_label: "金额（元）",
    method_label: "付款方式",
    paid_on_label: "付款日期",
    payment_note_label: "备注（可选）",
    cases_heading: "欠薪投诉",
    no_cases: "没有欠薪投诉。",
    case_title: "欠薪投诉",
    complaint_heading: "工人的说明",
    timeline_heading: "全过程记录（证据）",
    worker_phone: "工人电话",
    employer_phone: "单位电话",
    decide_heading: "处理结果",
    decision_note_label: "处理说明（双方可见）",
    decide: "提交处理结果",
    decided_note: |n| format!("处理说明：{n}"),
    view_case: "查看",
    back_to_staff: "返回工作台",
    thread_link: "留言",
    thread_title: "留言",
    thread_with: |other| format!("与 {other} 的留言"),
    thread_intro:
        "录用后双方在这里联系，记录会保存，出现纠纷时是证据。请勿发送银行卡密码、验证码。",
    no_thread_messages: "还没有留言。",
    you: "我",
    broadcast_mark: "群发",
    message_label: "写留言",
    send: "发送",
    thread_closed: "名额已取消或放弃，不能再留言。",
    report_message: "举报",
    report_reason_label: "举报原因",
    report_send: "提交举报",
    reported: "已举报",
    broadcast_heading: "给所有已录用的工人留言",
    broadcast_hint: "如集合地点、带什么东西；每位已录用的工人都会收到。",
    broadcast_sent: "已发送。",
    reported_messages_heading: "被举报的留言",
    hide_message: "违规，隐藏留言",
    keep_message: "不违规，保留",
    message_hidden: "此留言违反平台规则，已被工作人员隐藏。",
    no_reported_messages: "没有被举报的留言。",
    written_by: |worker| {
        if worker {
            "工人写的"
        } else {
            "单位写的"
        }
    },
    rating_heading: "评价",
    rate_other: |worker| {
        if worker {
            "评价这家单位"
        } else {
            "评价这位工人"
        }
    },
    stars_label: "打分",
    star_option: |n| format!("{n}星"),
    tags_label: "印象（可多选）",
    submit_rating: "提交评价",
    your_rating: "我的评价",
    their_rating: "对方的评价",
    rating_hidden: "对方已评价；您评价后（或7天后）可以看到。",
    appeal: "申诉",
    appeal_reason_label: "申诉理由",
    appeal_send: "提交申诉",
    stars_average: |avg, n| format!("{avg:.1}★（{n}条评价）"),
    attendance: |pct, n| format!("近{n}单到岗率 {pct}%"),
    paid_on_time: |pct, n| format!("按时结算 {pct}%（{n}单）"),
    upheld_cases: |n| format!("欠薪属实 {n} 次"),
    record_heading: "信用",
    appeals_heading: "评价申诉",
    no_appeals: "没有待处理的评价申诉。",
    uphold_appeal: "申诉成立，不计入",
    reject_appeal: "申诉不成立",
    rating_by: |worker| {
        if worker {
            "工人对单位的评价"
        } else {
            "单位对工人的评价"
        }
    },
    no_show_appeal: "对“未到岗”记录申诉",
    no_show_appeal_intro: |days| {
        format!("如果您其实到了岗，或是雇主临时取消、让您白跑一趟，请写明情况。人社工作人员会联系双方核实；申诉成立的，这次不计入您的到岗率。请在记录后{days}天内提出，只能申诉一次。")
    },
    no_show_appeals_heading: "未到岗申诉",
    no_no_show_appeals: "没有待处理的未到岗申诉。",
    uphold_no_show: "申诉成立，不计入到岗率",
    no_show_marked: |marked, appealed| format!("{marked} 记为未到岗，{appealed} 申诉"),
    shift_dates: |from, to| {
        if from == to {
            format!("工作日期：{from}")
        } else {
            format!("工作日期：{from} 至 {to}")
        }
    },
    no_show_appeal_states: [
        "未到岗申诉处理中",
        "未到岗申诉成立，不计入到岗率",
        "未到岗申诉未成立，记录保留",
    ],
    appeal_states: ["申诉处理中", "申诉成立，不计入", "申诉未成立"],
    rating_tags: [
        "按时结算",
        "活儿与描述一致",
        "态度好",
        "环境安全",
        "准时",
        "认真",
        "手艺好",
        "好配合",
    ],
    check_methods: ["扫码", "定位", "雇主登记"],
    pay_methods: ["现金", "微信", "支付宝", "银行转账"],
    payment_statuses: ["待工人确认", "已确认收到", "有异议"],
    case_statuses: ["处理中", "欠薪属实", "已结清", "不予支持"],
    case_decisions: ["欠薪属实", "已结清", "不予支持"],
    opened_by: ["工人投诉", "超期未结清，自动转交"],
    events: [
        ("applied", "报名"),
        ("accepted", "录用"),
        ("rejected", "未录用"),
        ("withdrawn", "撤回"),
        ("attended", "到岗"),
        ("no_show", "未到岗"),
        ("released", "收回名额"),
        ("confirmed", "确认到岗"),
        ("cancelled", "雇主取消名额"),
        ("checked_in", "签到"),
        ("checked_out", "签退"),
        ("hours_corrected", "雇主修改工时"),
        ("payment_recorded", "雇主登记付款"),
        ("payment_confirmed", "工人确认收到"),
        ("payment_disputed", "工人提出异议"),
        ("case_opened", "欠薪投诉"),
        ("case_upheld", "处理：欠薪属实"),
        ("case_settled", "处理：已结清"),
        ("case_dismissed", "处理：不予支持"),
        ("no_show_appealed", "工人对未到岗申诉"),
        ("no_show_appeal_upheld", "处理：未到岗申诉成立"),
        ("no_show_appeal_rejected", "处理：未到岗申诉未成立"),
    ],
    refusals: [
        ("no_place", "您在这个岗位没有名额。"),
        (
            "outside_window",
            "不在签到或签退时间内（上班前1小时至下班后6小时）。",
        ),
        (
            "bad_code",
            "签到码不对或已过期，请看雇主手机上最新的6位数字。",
        ),
        (
            "too_far",
            "您离工作地点超过300米，请到现场再签到，或输入签到码。",
        ),
        ("not_checked_in", "还没有签到，不能签退或修改工时。"),
        ("already_recorded", "这一项已经记录过了。"),
        ("not_worked", "工人到岗后才能登记付款。"),
        (
            "no_case_to_open",
            "现在不能投诉：工资已确认收到，或已经在处理中。",
        ),
        ("case_closed", "这件投诉已经处理过了。"),
        ("thread_closed", "名额已取消或放弃，不能再留言。"),
        (
            "not_reportable",
            "这条留言不能举报（自己写的，或已经举报过）。",
        ),
        (
            "no_show_not_appealable",
            "只有被记为未到岗的名额可以申诉，并且要在记录后30天内。",
        ),
    ],
    field_names: [
        ("code", "签到码（6位数字）"),
        ("arrived", "到岗时间（如 08:00）"),
        ("left", "离开时间（如 17:30）"),
        ("hours", "实际工时（0–24小时）"),
        ("note", "备注或原因（2–200字）"),
        ("amount", "金额（元，最多两位小数）"),
        ("paid_on", "付款日期（不能晚于今天）"),
        ("complaint", "情况说明（500字以内）"),
        ("decision", "处理结果"),
        ("work_date", "日期"),
        ("method", "付款方式"),
        ("body", "留言（1–500字）"),
        ("stars", "打分（1–5星）"),
        ("tags", "印象"),
    ],
};

static EN: ShiftTexts = ShiftTexts {
    shift_heading: "Work and pay",
    agreed_pay: |pay| format!("Agreed pay: {pay} (fixed when you were accepted)"),
    code_label: "Check-in code (6 digits on the employer's phone)",
    check_in: "Check in",
    check_out: "Check out",
    check_in_by_location: "Check in by location (within 300 m of the place)",
    check_out_by_location: "Check out by location",
    locating: "Finding your location…",
    location_refused: "No location. Type the check-in code, or ask the employer to record it.",
    clock_window_hint: "Check in from an hour before the start; check out until 6 hours after the end.",
    days_heading: "Days worked",
    arrived_at: |t| format!("Arrived {t}"),
    left_at: |t| format!("Left {t}"),
    still_at_work: "Not checked out",
    minutes: en_hours,
    corrected: |m, note| format!("Employer changed it to {}: {note}", en_hours(m)),
    worked_total: |days, m| format!("{days} day(s), {} in all", en_hours(m)),
    estimated_due: |amount| format!("At the agreed pay, about {amount}"),
    payments_heading: "Payments",
    no_payments: "The employer has not recorded a payment yet.",
    confirm_received: "I received it",
    dispute: "Something is wrong",
    dispute_reason_label: "What is wrong? (required)",
    dispute_submit: "Send",
    disputed_because: |r| format!("Disputed: {r}"),
    case_heading: "Ask for help with unpaid wages",
    case_intro: |days| {
        format!(
            "Not paid in full? The labour bureau's staff of the gig's district take it up; the check-ins, \
             hours and payments recorded here are the evidence. Pay still unsettled {days} days after \
             the shift is passed to them automatically."
        )
    },
    complaint_label: "What happened (optional)",
    open_case: "Send to the staff",
    case_state: |s| format!("Wage case: {s}"),
    check_in_title: "Check in on site",
    no_place_here: "You hold no place on this gig, so you cannot check in.",
    outside_window: "Check-in is open from an hour before the start until the end of the shift.",
    sign_in_to_check_in: "Sign in to check in",
    my_applications_link: "My applications",
    check_in_screen_link: "Check-in code",
    check_in_screen_hint: "Workers scan this with their phone's camera, or type the 6 digits under “My applications”. It changes every 30 seconds, so a photo is no use.",
    arrived_of: |a, e| format!("Arrived today: {a} of {e}"),
    code_changes_in: |s| format!("changes in {s} s"),
    record_day: "Record a day for the worker",
    record_day_intro: "When a worker cannot check in, record when they arrived and left (they see it).",
    work_date_label: "Date",
    arrived_label: "Arrived at",
    left_label: "Left at (optional)",
    save: "Save",
    correct_hours: "Correct the hours",
    hours_label: "Hours worked (in half hours)",
    correction_note_label: "Why (the worker sees it)",
    record_payment: "Record a payment",
    amount_label: "Amount (yuan)",
    method_label: "Paid by",
    paid_on_label: "Paid on",
    payment_note_label: "Note (optional)",
    cases_heading: "Wage cases",
    no_cases: "No wage cases.",
    case_title: "Wage case",
    complaint_heading: "The worker's account",
    timeline_heading: "Everything recorded (evidence)",
    worker_phone: "Worker's phone",
    employer_phone: "Employer's phone",
    decide_heading: "Decision",
    decision_note_label: "Explanation (both sides see it)",
    decide: "Record the decision",
    decided_note: |n| format!("Decision: {n}"),
    view_case: "Open",
    back_to_staff: "Back to the staff desk",
    thread_link: "Messages",
    thread_title: "Messages",
    thread_with: |other| format!("Messages with {other}"),
    thread_intro: "Once a place is given, both sides talk here. Everything is kept and is evidence if something goes wrong. Never send a bank PIN or a code.",
    no_thread_messages: "No messages yet.",
    you: "Me",
    broadcast_mark: "to all",
    message_label: "Write a message",
    send: "Send",
    thread_closed: "The place was cancelled or given up: no more messages.",
    report_message: "Report",
    report_reason_label: "Why report it",
    report_send: "Send the report",
    reported: "Reported",
    broadcast_heading: "Message every worker with a place",
    broadcast_hint: "Where to meet, what to bring: every accepted worker gets it.",
    broadcast_sent: "Sent.",
    reported_messages_heading: "Reported messages",
    hide_message: "Breaks the rules: hide it",
    keep_message: "Keep it",
    message_hidden: "Staff hid this message: it broke the platform's rules.",
    no_reported_messages: "No reported messages.",
    written_by: |worker| if worker { "by the worker" } else { "by the organisation" },
    rating_heading: "Rating",
    rate_other: |worker| if worker { "Rate this organisation" } else { "Rate this worker" },
    stars_label: "Stars",
    star_option: |n| format!("{n} star{}", if n == 1 { "" } else { "s" }),
    tags_label: "What stood out (any)",
    submit_rating: "Send the rating",
    your_rating: "My rating",
    their_rating: "Their rating",
    rating_hidden: "They have rated; you see it once you rate too (or after 7 days).",
    appeal: "Appeal",
    appeal_reason_label: "Why it is unfair",
    appeal_send: "Send the appeal",
    stars_average: |avg, n| format!("{avg:.1}★ ({n} ratings)"),
    attendance: |pct, n| format!("came to {pct}% of the latest {n}"),
    paid_on_time: |pct, n| format!("paid on time {pct}% ({n} places)"),
    upheld_cases: |n| format!("unpaid wages found {n} time(s)"),
    record_heading: "Record",
    appeals_heading: "Rating appeals",
    no_appeals: "No rating appeals to decide.",
    uphold_appeal: "Appeal upheld: not counted",
    reject_appeal: "Appeal rejected",
    rating_by: |worker| if worker { "the worker's rating of the organisation" } else { "the organisation's rating of the worker" },
    no_show_appeal: "Appeal the “did not come” record",
    no_show_appeal_intro: |days| format!("If you did come, or the employer called the work off and you came for nothing, say what happened. Staff call both sides to check; if the appeal is upheld, this place no longer counts against your attendance. Appeal within {days} days of the record, once."),
    no_show_appeals_heading: "No-show appeals",
    no_no_show_appeals: "No no-show appeals to decide.",
    uphold_no_show: "Upheld: not counted against attendance",
    no_show_marked: |marked, appealed| format!("recorded as not come {marked}, appealed {appealed}"),
    shift_dates: |from, to| if from == to { format!("Work date: {from}") } else { format!("Work dates: {from} to {to}") },
    no_show_appeal_states: ["No-show appeal open", "No-show appeal upheld: not counted against attendance", "No-show appeal rejected: the record stays"],
    appeal_states: ["Appeal open", "Appeal upheld: not counted", "Appeal rejected"],
    rating_tags: ["Paid on time", "As described", "Respectful", "Safe", "Punctual", "Diligent", "Skilled", "Cooperative"],
    check_methods: ["code", "location", "recorded by employer"],
    pay_methods: ["Cash", "WeChat", "Alipay", "Bank transfer"],
    payment_statuses: ["Waiting for the worker", "Received", "Disputed"],
    case_statuses: ["Open", "Wages were owed", "Settled", "Dismissed"],
    case_decisions: ["Wages were owed", "Settled during the case", "Dismissed"],
    opened_by: ["Worker's complaint", "Unpaid past the deadline"],
    events: [
        ("applied", "Applied"),
        ("accepted", "Accepted"),
        ("rejected", "Declined"),
        ("withdrawn", "Withdrew"),
        ("attended", "Came to work"),
        ("no_show", "Did not come"),
        ("released", "Place taken back"),
        ("confirmed", "Confirmed they will come"),
        ("cancelled", "Employer cancelled the place"),
        ("checked_in", "Checked in"),
        ("checked_out", "Checked out"),
        ("hours_corrected", "Employer corrected the hours"),
        ("payment_recorded", "Employer recorded a payment"),
        ("payment_confirmed", "Worker confirmed receipt"),
        ("payment_disputed", "Worker disputed a payment"),
        ("case_opened", "Wage case opened"),
        ("case_upheld", "Decided: wages were owed"),
        ("case_settled", "Decided: settled"),
        ("case_dismissed", "Decided: dismissed"),
        ("no_show_appealed", "Worker appealed the no-show"),
        ("no_show_appeal_upheld", "Decided: no-show appeal upheld"),
        ("no_show_appeal_rejected", "Decided: no-show appeal rejected"),
    ],
    refusals: [
        ("no_place", "You hold no place on this gig."),
        ("outside_window", "Not within check-in or check-out time (an hour before the start until 6 hours after the end)."),
        ("bad_code", "That code is wrong or has changed: read the newest 6 digits on the employer's phone."),
        ("too_far", "You are more than 300 m from the place: check in there, or type the code."),
        ("not_checked_in", "Not checked in yet, so there is nothing to check out of or correct."),
        ("already_recorded", "That was already recorded."),
        ("not_worked", "A payment is recorded once the worker has come."),
        ("no_case_to_open", "Not now: the pay was confirmed, or a case is already open."),
        ("case_closed", "That case was already decided."),
        ("thread_closed", "The place was cancelled or given up: no more messages."),
        ("not_reportable", "That message cannot be reported (your own, or reported already)."),
        ("no_show_not_appealable", "Only a place recorded as “did not come” can be appealed, within 30 days of the record."),
    ],
    field_names: [
        ("code", "Check-in code (6 digits)"),
        ("arrived", "Arrival time (like 08:00)"),
        ("left", "Departure time (like 17:30)"),
        ("hours", "Hours worked (0–24)"),
        ("note", "Note or reason (2–200 characters)"),
        ("amount", "Amount (yuan, at most two decimals)"),
        ("paid_on", "Payment date (not after today)"),
        ("complaint", "What happened (up to 500 characters)"),
        ("decision", "Decision"),
        ("work_date", "Date"),
        ("method", "Paid by"),
        ("body", "Message (1–500 characters)"),
        ("stars", "Stars (1–5)"),
        ("tags", "What stood out"),
    ],
};

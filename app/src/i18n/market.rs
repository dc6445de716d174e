//! Interface text of the market loop: employers' postings and applicants, applying, notifications,
//! recommendations, saved searches and reports.

use super::{Lang, Texts};
use crate::model::{
    ApplicationStatus, MatchReason, Notification, NotificationKind, PostingStatus, ReportReason,
};

pub struct MarketTexts {
    pub nav_messages: &'static str,
    pub unread: fn(i64) -> String,
    pub messages_title: &'static str,
    pub no_messages: &'static str,
    pub mark_all_read: &'static str,
    pub reconnecting: &'static str,
    pub employer_title: &'static str,
    pub employer_intro: &'static str,
    pub new_posting: &'static str,
    pub no_postings: &'static str,
    pub need_organisation: &'static str,
    pub expired: &'static str,
    pub applicants_link: fn(i64) -> String,
    pub filled_of: fn(i16, i16) -> String,
    pub edit: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub close: &'static str,
    pub publish: &'static str,
    pub repost: &'static str,
    pub new_title: &'static str,
    pub edit_title: &'static str,
    pub title_label: &'static str,
    pub description_label: &'static str,
    pub requirements_label: &'static str,
    pub bring_label: &'static str,
    pub bring_placeholder: &'static str,
    pub work_address_label: &'static str,
    pub location_label: &'static str,
    pub location_hint: &'static str,
    pub location_none: &'static str,
    pub location_chosen: fn(f64, f64) -> String,
    /// The chosen place in words: its district, and the nearest market or station with the metres.
    pub location_near: fn(&str, Option<(&str, u32)>) -> String,
    pub place_search_label: &'static str,
    /// A street found in the postings' addresses: its district, the street, how many postings name it.
    pub street_result: fn(&str, &str, i64) -> String,
    pub place_location_refused: &'static str,
    pub market_label: &'static str,
    pub no_market: &'static str,
    pub pay_label: &'static str,
    pub start_label: &'static str,
    pub end_label: &'static str,
    pub shift_label: &'static str,
    pub start_time_label: &'static str,
    pub pay_terms_label: &'static str,
    /// The empty choice of a posting's pay terms (postings from before they were asked for).
    pub choose_pay_terms: &'static str,
    pub headcount_label: &'static str,
    pub groups_label: &'static str,
    pub contact_label: &'static str,
    pub contact_platform: &'static str,
    /// Before the labour hotline's number on the applicants page.
    pub employer_rights_body: &'static str,
    pub contact_phone: &'static str,
    pub contact_calls: &'static str,
    /// The posting page's call button, and what stands in its place.
    pub call_employer: &'static str,
    pub sign_in_to_call: &'static str,
    pub calls_welcome: &'static str,
    pub save_draft: &'static str,
    pub save_publish: &'static str,
    pub save_changes: &'static str,
    pub saved_draft: &'static str,
    pub saved_published: &'static str,
    pub saved_changes: &'static str,
    pub similar_warning: &'static str,
    /// Beside the buttons when a form was refused: the problems are marked at their fields.
    pub check_marked: fn(usize) -> String,
    pub view_posting: &'static str,
    pub applicants_title: &'static str,
    pub no_applicants: &'static str,
    pub accept: &'static str,
    pub reject: &'static str,
    pub attended: &'static str,
    pub no_show: &'static str,
    pub reason_optional: &'static str,
    pub age: fn(i32) -> String,
    pub trade_match: &'static str,
    pub history: fn(i64, i64) -> String,
    pub from_home: fn(u32) -> String,
    pub phone_after_accept: &'static str,
    pub apply_heading: &'static str,
    pub apply: &'static str,
    pub apply_message_label: &'static str,
    /// The posting editor's search over the trade list.
    pub trade_search_label: &'static str,
    /// Applying without a name in the profile: why it is asked, and the two fields.
    pub apply_name_intro: &'static str,
    pub apply_name_label: &'static str,
    pub apply_birth_year_label: &'static str,
    pub applied: &'static str,
    pub your_application: &'static str,
    pub withdraw: &'static str,
    /// The accepted place (录用后).
    pub place_heading: &'static str,
    pub place_address: &'static str,
    pub place_starts: fn(chrono::NaiveDate, chrono::NaiveTime) -> String,
    pub place_contact: &'static str,
    pub place_no_phone: &'static str,
    pub confirm_attendance: &'static str,
    pub confirm_by: fn(&str) -> String,
    pub confirmed_attendance: &'static str,
    pub give_up_place: &'static str,
    pub give_up_confirm: &'static str,
    pub give_up_warning: &'static str,
    pub late_cancel_warning: &'static str,
    pub cancel_reason_label: &'static str,
    pub cancel_place: &'static str,
    pub cancel_place_confirm: &'static str,
    pub cancel_place_warning: &'static str,
    /// On the employer's applicant: the worker confirmed.
    pub confirmed: &'static str,
    pub unconfirmed: &'static str,
    pub release_place: &'static str,
    pub release_hint: &'static str,
    pub cancelled_late: &'static str,
    pub sign_in_to_apply: &'static str,
    pub not_a_worker: &'static str,
    pub my_applications_title: &'static str,
    /// 收藏 and 关注: the posting page's buttons and the worker's page of both lists.
    pub keep: &'static str,
    pub kept: &'static str,
    pub follow: &'static str,
    pub following: &'static str,
    pub sign_in_to_keep: &'static str,
    pub kept_title: &'static str,
    pub kept_postings_heading: &'static str,
    pub followed_heading: &'static str,
    pub no_kept_postings: &'static str,
    pub no_followed: &'static str,
    pub unkeep: &'static str,
    pub unfollow: &'static str,
    pub open_postings: fn(i64) -> String,
    pub no_applications: &'static str,
    pub contact_employer: &'static str,
    pub for_you_title: &'static str,
    pub for_you_intro: &'static str,
    pub profile_incomplete: &'static str,
    pub complete_profile: &'static str,
    pub no_recommendations: &'static str,
    pub why: &'static str,
    pub saved_searches_heading: &'static str,
    pub no_saved_searches: &'static str,
    pub save_search: &'static str,
    pub save_search_label: &'static str,
    pub save_search_done: &'static str,
    pub save_search_texts: &'static str,
    pub delete: &'static str,
    pub open_search: &'static str,
    pub report_heading: &'static str,
    pub report_intro: &'static str,
    pub report_reason_label: &'static str,
    pub report_details_label: &'static str,
    pub report_submit: &'static str,
    pub report_done: &'static str,
    pub reports_heading: &'static str,
    pub no_reports: &'static str,
    pub uphold: &'static str,
    pub dismiss: &'static str,
    pub handling_note: &'static str,
    pub reports_on_posting: fn(i64) -> String,
    pub handled: &'static str,
    pub links_heading: &'static str,
    posting_statuses: [&'static str; 5],
    application_statuses: [&'static str; 7],
    match_reasons: [&'static str; 6],
    report_reasons: [&'static str; 5],
    refusals: [(&'static str, &'static str); 12],
    field_names: [(&'static str, &'static str); 18],
    notification: fn(NotificationKind, &str, &str) -> String,
    /// An alert counting several postings: how many, the newest's title, the search's label (empty when
    /// it merged several searches).
    alert_digest: fn(u32, &str, &str) -> String,
}

fn pick<T: PartialEq + Copy>(all: &[T], value: T, names: &[&'static str]) -> &'static str {
    names[all.iter().position(|x| *x == value).unwrap_or(0)]
}

impl MarketTexts {
    pub fn posting_status(&self, s: PostingStatus) -> &'static str {
        pick(&PostingStatus::ALL, s, &self.posting_statuses)
    }

    pub fn application_status(&self, s: ApplicationStatus) -> &'static str {
        pick(&ApplicationStatus::ALL, s, &self.application_statuses)
    }

    pub fn match_reason(&self, r: MatchReason) -> &'static str {
        use MatchReason::*;
        pick(
            &[Trade, Sector, Near, Pay, Group, New],
            r,
            &self.match_reasons,
        )
    }

    pub fn report_reason(&self, r: ReportReason) -> &'static str {
        pick(&ReportReason::ALL, r, &self.report_reasons)
    }

    /// One line saying what a notification is about. Titles and reasons are data, inserted as text.
    pub fn notification(&self, n: &Notification) -> String {
        if n.kind == NotificationKind::AlertMatch && n.postings > 1 {
            return (self.alert_digest)(n.postings, &n.title, &n.detail);
        }
        (self.notification)(n.kind, &n.title, &n.detail)
    }
}

impl Lang {
    pub fn market_texts(self) -> &'static MarketTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl Texts {
    pub(super) fn market_field_name(&self, field: &str) -> &'static str {
        super::named(&self.lang.market_texts().field_names, field)
            .or_else(|| self.lang.shift_texts().field_name(field))
            .or_else(|| self.lang.service_texts().field_name(field))
            .or_else(|| self.lang.station_texts().field_name(field))
            .or_else(|| self.lang.help_texts().field_name(field))
            .or_else(|| self.lang.course_texts().field_name(field))
            .or_else(|| self.lang.fair_texts().field_name(field))
            .or_else(|| self.lang.api_texts().field_name(field))
            .or_else(|| self.lang.team_texts().field_name(field))
            .or_else(|| self.lang.talent_texts().field_name(field))
            .or_else(|| self.lang.agency_texts().field_name(field))
            .unwrap_or(self.field_request)
    }

    /// Why a request was refused (see [`crate::error::AppError::Refused`]).
    pub fn refusal(&self, reason: &str) -> &'static str {
        super::named(&self.lang.market_texts().refusals, reason)
            .or_else(|| self.lang.shift_texts().refusal(reason))
            .or_else(|| self.lang.service_texts().refusal(reason))
            .or_else(|| self.lang.station_texts().refusal(reason))
            .or_else(|| self.lang.help_texts().refusal(reason))
            .or_else(|| self.lang.course_texts().refusal(reason))
            .or_else(|| self.lang.fair_texts().refusal(reason))
            .or_else(|| self.lang.api_texts().refusal(reason))
            .or_else(|| self.lang.team_texts().refusal(reason))
            .or_else(|| self.lang.talent_texts().refusal(reason))
            .or_else(|| self.lang.agency_texts().refusal(reason))
            .unwrap_or(self.error_forbidden)
    }
}

pub fn use_market_texts() -> impl Fn() -> &'static MarketTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .market_texts()
    }
}

static ZH: MarketTexts = MarketTexts {
    nav_messages: "消息",
    unread: |n| {
        if n >= 100 {
            "99+条未读".to_owned()
        } else {
            format!("{n}条未读")
        }
    },
    messages_title: "消息",
    no_messages: "还没有消息。报名、录用和岗位变动都会在这里通知您。",
    mark_all_read: "全部标为已读",
    reconnecting: "网络中断，正在重新连接…",
    employer_title: "招工管理",
    employer_intro: "发布岗位、查看报名者、录用工人。",
    new_posting: "发布新岗位",
    no_postings: "还没有岗位。点“发布新岗位”开始招工。",
    need_organisation: "发布岗位前，请先在“我的”页面登记单位信息。",
    expired: "已过期",
    applicants_link: |n| {
        if n > 0 {
            format!("报名者（{n}人待处理）")
        } else {
            "报名者".to_owned()
        }
    },
    filled_of: |f, h| format!("已录用 {f}/{h} 人"),
    edit: "编辑",
    pause: "暂停招聘",
    resume: "恢复招聘",
    close: "结束招聘",
    publish: "发布",
    repost: "重新发布",
    new_title: "发布岗位",
    edit_title: "编辑岗位",
    title_label: "岗位名称",
    description_label: "工作内容",
    requirements_label: "要求",
    bring_label: "携带物品",
    bring_placeholder: "如：身份证、健康证、劳保鞋",
    work_address_label: "工作地点（街道门牌）",
    location_label: "地图位置",
    location_hint: "在地图上点一下放置位置，或选一个零工市场/驿站的位置。",
    location_none: "还没有选位置。",
    location_chosen: |lng, lat| format!("已选位置：东经{lng:.5}，北纬{lat:.5}"),
    location_near: |district, market| match market {
        Some((name, metres)) => format!("{district}，距{name}约{metres}米"),
        None => district.to_owned(),
    },
    place_search_label: "找地点：输入市场、驿站、区县或街道的名称，或市场的地址",
    street_result: |area, street, n| format!("{area} · {street}（附近{n}个岗位）"),
    place_location_refused: "无法获取您的位置，请输入地名或在地图上点选。",
    market_label: "发布所在的市场或驿站",
    no_market: "不通过市场发布",
    pay_label: "工资（元）",
    start_label: "开始日期",
    end_label: "结束日期",
    shift_label: "每天工作时长（小时）",
    start_time_label: "上班时间",
    pay_terms_label: "结算方式",
    choose_pay_terms: "请选择",
    headcount_label: "招聘人数",
    groups_label: "欢迎的特殊群体",
    contact_label: "联系方式",
    contact_platform: "只通过平台联系",
    employer_rights_body: "与求职者发生用工纠纷，可拨打当地人社服务热线：",
    contact_phone: "录用后向工人显示单位联系电话",
    contact_calls: "欢迎来电：登录的求职者报名前也可一键拨打单位电话",
    call_employer: "📞 打电话问问",
    sign_in_to_call: "登录后可打电话",
    calls_welcome: "用人单位欢迎来电咨询。",
    save_draft: "存为草稿",
    save_publish: "发布岗位",
    save_changes: "保存修改",
    saved_draft: "草稿已保存，还没有公开。",
    saved_published: "岗位已发布，求职者现在可以搜到。",
    saved_changes: "修改已保存。已报名的工人会收到通知。",
    similar_warning: "注意：您已有类似的在招岗位（同工种、日期重叠、相距不到500米）：",
    check_marked: |n| format!("有{n}处需要修改，已在上方标出。"),
    view_posting: "查看岗位页面",
    applicants_title: "报名者",
    no_applicants: "还没有人报名。",
    accept: "录用",
    reject: "不录用",
    attended: "已到岗",
    no_show: "未到岗",
    reason_optional: "原因（可不填，工人能看到）",
    age: |a| format!("{a}岁"),
    trade_match: "工种对口",
    history: |a, n| format!("以往到岗{a}次，未到岗{n}次"),
    from_home: |m| {
        if m < 1000 {
            format!("离住处{m}米")
        } else {
            format!("离住处{:.1}公里", f64::from(m) / 1000.0)
        }
    },
    phone_after_accept: "录用后显示完整手机号",
    apply_heading: "报名",
    apply: "我要报名",
    apply_message_label: "给用人单位留言（可不填）",
    trade_search_label: "查找工种（输入名称，如 保洁、搬运）",
    apply_name_intro: "第一次报名，请留下姓名，用人单位据此联系您。",
    apply_name_label: "姓名",
    apply_birth_year_label: "出生年份（可不填）",
    applied: "报名成功！用人单位处理后会通知您。",
    your_application: "您的报名：",
    withdraw: "撤回报名",
    place_heading: "上岗信息",
    place_address: "上岗地址",
    place_starts: |day, time| {
        format!(
            "{}月{}日 {} 上班",
            day.format("%-m"),
            day.format("%-d"),
            time.format("%H:%M")
        )
    },
    place_contact: "联系人",
    place_no_phone: "单位没有留电话，请按时到场；遇到问题可拨打求助热线12333。",
    confirm_attendance: "确认到岗",
    confirm_by: |when| format!("请在{when}前确认会来，否则单位可以把名额给别人。"),
    confirmed_attendance: "您已确认会来",
    give_up_place: "放弃这个名额…",
    give_up_confirm: "确认放弃",
    give_up_warning: "放弃后名额会让给别人，不能恢复。",
    late_cancel_warning: "离上班不到24小时：请写明原因，这次放弃会记入出勤记录。",
    cancel_reason_label: "原因",
    cancel_place: "取消录用…",
    cancel_place_confirm: "确认取消",
    cancel_place_warning: "工人会收到通知；离上班不到24小时取消需要写明原因，并会记录。",
    confirmed: "已确认到岗",
    unconfirmed: "未确认",
    release_place: "收回名额",
    release_hint: "工人没有在期限前确认，可以收回名额另录他人。",
    cancelled_late: "24小时内取消",
    sign_in_to_apply: "登录后报名",
    not_a_worker: "用人单位和工作人员账号不能报名。",
    my_applications_title: "我的报名",
    keep: "☆ 收藏",
    kept: "★ 已收藏",
    follow: "+ 关注单位",
    following: "✓ 已关注单位",
    sign_in_to_keep: "登录后收藏",
    kept_title: "我的收藏",
    kept_postings_heading: "收藏的岗位",
    followed_heading: "关注的单位",
    no_kept_postings: "还没有收藏岗位。在岗位页面点“☆ 收藏”，以后在这里找到它。",
    no_followed: "还没有关注单位。在岗位页面点“+ 关注单位”，这里会列出它在招的岗位。",
    unkeep: "取消收藏",
    unfollow: "取消关注",
    open_postings: |n| {
        if n == 0 {
            "暂无在招岗位".to_owned()
        } else {
            format!("在招{n}个岗位")
        }
    },
    no_applications: "还没有报名。找到合适的岗位后点“我要报名”。",
    contact_employer: "用人单位电话：",
    for_you_title: "为我推荐",
    for_you_intro: "根据您的工种、住处、期望工资和特殊群体推荐。",
    profile_incomplete: "您还没填写会做的工种和常住地，下面只是最新的岗位。",
    complete_profile: "完善个人资料",
    no_recommendations: "附近暂时没有合适的岗位。可以订阅搜索，有新岗位时通知您。",
    why: "推荐理由：",
    saved_searches_heading: "职位订阅",
    no_saved_searches: "还没有订阅。在搜索页面选好条件后点“订阅这个搜索”。",
    save_search: "订阅这个搜索",
    save_search_label: "订阅名称",
    save_search_done: "已订阅。有符合条件的新岗位时会通知您。",
    save_search_texts: "同时发短信提醒我（每小时最多3条）",
    delete: "删除",
    open_search: "查看",
    report_heading: "举报这个岗位",
    report_intro: "发现虚假招聘、拖欠工资、歧视或不安全？告诉工作人员。",
    report_reason_label: "举报原因",
    report_details_label: "具体情况",
    report_submit: "提交举报",
    report_done: "举报已提交，工作人员会尽快处理。",
    reports_heading: "待处理的举报",
    no_reports: "没有待处理的举报。",
    uphold: "属实，下架岗位",
    dismiss: "不属实",
    handling_note: "处理说明",
    reports_on_posting: |n| format!("该岗位共{n}条举报"),
    handled: "已处理。",
    links_heading: "常用",
    posting_statuses: ["草稿", "招聘中", "已暂停", "已招满", "已结束"],
    application_statuses: [
        "待处理",
        "已录用",
        "未录用",
        "已撤回",
        "已到岗",
        "未到岗",
        "名额已收回",
    ],
    match_reasons: [
        "工种对口",
        "同行业",
        "离家近",
        "工资达到期望",
        "欢迎您所在的群体",
        "新发布",
    ],
    report_reasons: ["虚假信息", "拖欠工资", "歧视", "不安全", "其他"],
    refusals: [
        (
            "posting_not_open",
            "这个岗位现在不接受报名（已结束、暂停、招满或过期）。",
        ),
        ("already_applied", "您已经报过名了。"),
        ("full", "名额已满，不能再录用。"),
        ("transition", "当前状态下不能这样操作。"),
        ("posting_closed", "岗位已结束，不能再修改；可以“重新发布”。"),
        ("posting_expired", "岗位已过期，请先修改日期。"),
        ("organisation_rejected", "单位未通过审核，不能发布岗位。"),
        (
            "too_many_saved_searches",
            "最多订阅10个搜索，请先删除一个。",
        ),
        ("too_many_favourites", "最多收藏200个岗位，请先取消一些。"),
        ("too_many_follows", "最多关注100个单位，请先取消一些。"),
        (
            "not_releasable",
            "还不能收回：工人已经确认，或确认期限还没到。",
        ),
        ("late_reason_missing", "离上班不到24小时，请写明原因。"),
    ],
    field_names: [
        ("title", "岗位名称"),
        ("description", "工作内容"),
        ("requirements", "要求"),
        ("bring", "携带物品（一行，最多200字）"),
        ("location", "地图位置（须在江苏省内）"),
        ("start_date", "开始日期（不能早于今天）"),
        ("end_date", "结束日期（不早于开始日期，最长一年）"),
        ("shift", "每天工作时长（半小时为单位）"),
        ("headcount", "招聘人数（1–999，不少于已录用人数）"),
        ("start_time", "上班时间"),
        ("pay_terms", "结算方式（日结、周结、月结或完工结）"),
        ("market", "市场或驿站"),
        ("message", "留言（最多200字）"),
        ("label", "订阅名称"),
        ("details", "具体情况"),
        ("wage", "工资（1元至10万元）"),
        ("work_address", "工作地点（街道门牌）"),
        ("trade", "工种"),
    ],
    alert_digest: |n, title, detail| {
        if detail.is_empty() {
            format!("{n}个新岗位符合您的订阅，最新的是“{title}”")
        } else {
            format!("{n}个新岗位符合您的订阅“{detail}”，最新的是“{title}”")
        }
    },
    notification: |kind, title, detail| match kind {
        NotificationKind::NewApplicant => format!("“{title}”有新的报名"),
        NotificationKind::ApplicationWithdrawn => format!("有人撤回了“{title}”的报名"),
        NotificationKind::Accepted => format!("您被“{title}”录用了！"),
        NotificationKind::Rejected if detail.is_empty() => format!("“{title}”未录用您"),
        NotificationKind::Rejected => format!("“{title}”未录用您：{detail}"),
        NotificationKind::AttendanceRecorded => format!("“{title}”已记录您的出勤"),
        NotificationKind::PostingChanged => {
            format!("您报名的“{title}”修改了时间、工资或地点，请查看")
        }
        NotificationKind::PostingCancelled => format!("您报名的“{title}”已暂停或结束招聘"),
        NotificationKind::AlertMatch => format!("新岗位“{title}”符合您的订阅“{detail}”"),
        NotificationKind::PlaceConfirmed => format!("有工人确认会来“{title}”上岗"),
        NotificationKind::PlaceReleased => {
            format!("您没有按时确认，“{title}”已收回名额")
        }
        NotificationKind::PlaceCancelled if detail.is_empty() => {
            format!("“{title}”取消了您的名额")
        }
        NotificationKind::PlaceCancelled => format!("“{title}”取消了您的名额：{detail}"),
        NotificationKind::HoursCorrected => format!("“{title}”修改了您的工时：{detail}"),
        NotificationKind::PaymentRecorded => {
            format!("“{title}”登记了一笔工资，请确认是否收到")
        }
        NotificationKind::PaymentAnswered if detail.is_empty() => {
            format!("工人已确认收到“{title}”的工资")
        }
        NotificationKind::PaymentAnswered => format!("工人对“{title}”的工资有异议：{detail}"),
        NotificationKind::WageCase if detail.is_empty() => {
            format!("“{title}”的工资问题已交给人社工作人员处理")
        }
        NotificationKind::WageCase => format!("“{title}”的欠薪投诉有了处理结果：{detail}"),
        NotificationKind::PlaceMessage => format!("“{title}”有新留言：{detail}"),
        NotificationKind::NoShowAppealed => {
            format!("工人对“{title}”的未到岗记录提出申诉：{detail}")
        }
        NotificationKind::NoShowUpheld => {
            format!("“{title}”的未到岗申诉成立，不计入出勤记录")
        }
        NotificationKind::NoShowRejected => format!("“{title}”的未到岗申诉未成立，记录保留"),
        NotificationKind::BusCancelled => format!("您预约的去“{title}”的零工巴士取消了：{detail}"),
        NotificationKind::HelpOffered => {
            format!("{title}人社部门为您提供就业帮扶，请查看并确认是否同意")
        }
        NotificationKind::HelpReferral => format!("帮扶工作人员为您推荐岗位“{title}”：{detail}"),
        NotificationKind::CourseDecided if detail.is_empty() => {
            format!("培训课程“{title}”已通过审核，零工现在可以报名")
        }
        NotificationKind::CourseDecided => format!("培训课程“{title}”未通过审核：{detail}"),
        NotificationKind::CourseCancelled => format!("您报名的培训课程“{title}”取消了：{detail}"),
        NotificationKind::CourseCompleted => {
            format!("恭喜结业！“{title}”证书编号 {detail}，工种已加入您的资料")
        }
        NotificationKind::CourseGraduate => format!("订单培训“{title}”有学员结业：{detail}"),
        NotificationKind::BoothDecided if detail.is_empty() => {
            format!("招聘会“{title}”的展位申请已通过")
        }
        NotificationKind::BoothDecided => format!("招聘会“{title}”的展位申请未通过"),
        NotificationKind::FairCancelled => format!("招聘会“{title}”取消了：{detail}"),
        NotificationKind::TalentInvited => format!("{detail}邀请您报名“{title}”，请查看并决定"),
        NotificationKind::TalentAnswered if detail.is_empty() => {
            format!("您邀请的零工已接受邀请，报名了“{title}”")
        }
        NotificationKind::TalentAnswered => format!("您邀请的零工婉拒了“{title}”"),
    },
};

static EN: MarketTexts = MarketTexts {
    nav_messages: "Messages",
    unread: |n| {
        if n >= 100 {
            "99+ unread".to_owned()
        } else {
            format!("{n} unread")
        }
    },
    messages_title: "Messages",
    no_messages: "No messages yet. Applications, decisions and changes to postings appear here.",
    mark_all_read: "Mark all as read",
    reconnecting: "Connection lost, reconnecting…",
    employer_title: "Hiring",
    employer_intro: "Post gigs, see who applied, accept workers.",
    new_posting: "Post a new gig",
    no_postings: "No postings yet. Tap “Post a new gig” to start.",
    need_organisation: "Register your organisation on “My account” before posting.",
    expired: "Expired",
    applicants_link: |n| {
        if n > 0 {
            format!("Applicants ({n} waiting)")
        } else {
            "Applicants".to_owned()
        }
    },
    filled_of: |f, h| format!("{f} of {h} places filled"),
    edit: "Edit",
    pause: "Pause",
    resume: "Resume",
    close: "Close",
    publish: "Publish",
    repost: "Post again",
    new_title: "Post a gig",
    edit_title: "Edit gig",
    title_label: "Title",
    description_label: "What the work is",
    requirements_label: "Requirements",
    bring_label: "What to bring",
    bring_placeholder: "e.g. ID card, health certificate, work shoes",
    work_address_label: "Address (street and number)",
    location_label: "Place on the map",
    location_hint: "Tap the map to place the gig, or use a market's or station's location.",
    location_none: "No place chosen yet.",
    location_chosen: |lng, lat| format!("Chosen: {lat:.5}° N, {lng:.5}° E"),
    location_near: |district, market| match market {
        Some((name, metres)) => format!("{district}, about {metres} m from {name}"),
        None => district.to_owned(),
    },
    place_search_label:
        "Find a place: a market's, station's, district's or street's name, or a market's address",
    street_result: |area, street, n| {
        format!("{street}, {area} ({n} gig{} nearby)", if n == 1 { "" } else { "s" })
    },
    place_location_refused: "Your location is not available: type a place's name or tap the map.",
    market_label: "Posted through market or station",
    no_market: "Not through a market",
    pay_label: "Pay (yuan)",
    start_label: "First day",
    end_label: "Last day",
    shift_label: "Hours a day",
    start_time_label: "Starts at",
    pay_terms_label: "Pay settled",
    choose_pay_terms: "Choose",
    headcount_label: "People wanted",
    groups_label: "Groups especially welcome",
    contact_label: "Contact",
    contact_platform: "Through the platform only",
    employer_rights_body: "For a dispute with a worker, call the local human-resources hotline: ",
    contact_phone: "Show our phone to accepted workers",
    contact_calls: "Calls welcome: signed-in job seekers may call us before applying",
    call_employer: "📞 Call the employer",
    sign_in_to_call: "Sign in to call",
    calls_welcome: "The employer welcomes calls.",
    save_draft: "Save draft",
    save_publish: "Publish",
    save_changes: "Save changes",
    saved_draft: "Draft saved; not public yet.",
    saved_published: "Published: job seekers can find it now.",
    saved_changes: "Saved. Applicants are notified.",
    similar_warning:
        "Note: you already have similar open gigs (same trade, overlapping dates, within 500 m):",
    check_marked: |n| {
        if n == 1 {
            "One field needs changing: it is marked above.".to_owned()
        } else {
            format!("{n} fields need changing: they are marked above.")
        }
    },
    view_posting: "View the posting",
    applicants_title: "Applicants",
    no_applicants: "Nobody has applied yet.",
    accept: "Accept",
    reject: "Decline",
    attended: "Attended",
    no_show: "No-show",
    reason_optional: "Reason (optional, the worker sees it)",
    age: |a| format!("{a} years"),
    trade_match: "Right trade",
    history: |a, n| format!("attended {a}, no-shows {n}"),
    from_home: |m| {
        if m < 1000 {
            format!("{m} m from home")
        } else {
            format!("{:.1} km from home", f64::from(m) / 1000.0)
        }
    },
    phone_after_accept: "Full number shown after accepting",
    apply_heading: "Apply",
    apply: "Apply",
    apply_message_label: "Message to the employer (optional)",
    trade_search_label: "Find a trade (type a name, e.g. cleaner)",
    apply_name_intro:
        "Your first application: leave your name, so the employer knows whom to contact.",
    apply_name_label: "Name",
    apply_birth_year_label: "Year of birth (optional)",
    applied: "Applied! You will be notified when the employer decides.",
    your_application: "Your application: ",
    withdraw: "Withdraw",
    place_heading: "Your shift",
    place_address: "Where",
    place_starts: |day, time| format!("Starts {} at {}", day.format("%-d %b"), time.format("%H:%M")),
    place_contact: "Contact",
    place_no_phone: "The employer left no phone number: be there on time; for problems call the help line 12333.",
    confirm_attendance: "Confirm I will come",
    confirm_by: |when| format!("Confirm by {when}, or the employer may give the place to someone else."),
    confirmed_attendance: "You confirmed you will come",
    give_up_place: "Give up this place…",
    give_up_confirm: "Yes, give it up",
    give_up_warning: "The place goes to someone else and cannot be restored.",
    late_cancel_warning: "The shift starts within 24 hours: say why; it is recorded as a late cancellation.",
    cancel_reason_label: "Reason",
    cancel_place: "Cancel this place…",
    cancel_place_confirm: "Yes, cancel",
    cancel_place_warning: "The worker is told; inside 24 hours of the shift a reason is needed and recorded.",
    confirmed: "Confirmed",
    unconfirmed: "Not confirmed",
    release_place: "Take back the place",
    release_hint: "The worker did not confirm by the deadline: you may give the place to someone else.",
    cancelled_late: "Cancelled late",
    sign_in_to_apply: "Sign in to apply",
    not_a_worker: "Employer and staff accounts cannot apply.",
    my_applications_title: "My applications",
    keep: "☆ Save",
    kept: "★ Saved",
    follow: "+ Follow employer",
    following: "✓ Following employer",
    sign_in_to_keep: "Sign in to save",
    kept_title: "Saved",
    kept_postings_heading: "Saved gigs",
    followed_heading: "Employers you follow",
    no_kept_postings: "No saved gigs yet. Tap “☆ Save” on a gig to find it here later.",
    no_followed: "You follow no employers yet. Tap “+ Follow employer” on a gig to see its employer's gigs here.",
    unkeep: "Remove",
    unfollow: "Unfollow",
    open_postings: |n| match n { 0 => "No open gigs".to_owned(), 1 => "1 open gig".to_owned(), n => format!("{n} open gigs") },
    no_applications: "No applications yet. Find a gig and tap “Apply”.",
    contact_employer: "Employer's phone: ",
    for_you_title: "For you",
    for_you_intro: "Based on your trades, home area, expected pay and groups.",
    profile_incomplete:
        "Add your trades and home area for better suggestions; below are the newest gigs.",
    complete_profile: "Complete my profile",
    no_recommendations: "Nothing suitable nearby right now. Save a search to hear about new gigs.",
    why: "Why: ",
    saved_searches_heading: "Job alerts",
    no_saved_searches: "No alerts yet. Choose filters on the search page and tap “Alert me”.",
    save_search: "Alert me about this search",
    save_search_label: "Alert name",
    save_search_done: "Saved. We will tell you about new matching gigs.",
    save_search_texts: "Also text me (at most 3 texts an hour)",
    delete: "Delete",
    open_search: "Open",
    report_heading: "Report this posting",
    report_intro: "Fake, unpaid wages, discrimination or unsafe? Tell the staff.",
    report_reason_label: "Reason",
    report_details_label: "What happened",
    report_submit: "Send report",
    report_done: "Report sent; staff will look into it.",
    reports_heading: "Reports to handle",
    no_reports: "No open reports.",
    uphold: "Uphold and take down",
    dismiss: "Dismiss",
    handling_note: "Note",
    reports_on_posting: |n| format!("{n} reports on this posting"),
    handled: "Handled.",
    links_heading: "Shortcuts",
    posting_statuses: ["Draft", "Open", "Paused", "Filled", "Closed"],
    application_statuses: [
        "Pending",
        "Accepted",
        "Declined",
        "Withdrawn",
        "Attended",
        "No-show",
        "Place taken back",
    ],
    match_reasons: [
        "your trade",
        "your sector",
        "near home",
        "pays what you expect",
        "welcomes your group",
        "new",
    ],
    report_reasons: ["Fake", "Unpaid wages", "Discrimination", "Unsafe", "Other"],
    refusals: [
        (
            "posting_not_open",
            "This gig is not taking applications (closed, paused, filled or over).",
        ),
        ("already_applied", "You have already applied."),
        ("full", "All places are taken."),
        ("transition", "That is not possible in the current state."),
        (
            "posting_closed",
            "The gig is closed and cannot be edited; post it again instead.",
        ),
        (
            "posting_expired",
            "The gig is over; change its dates first.",
        ),
        (
            "organisation_rejected",
            "Your organisation was not verified and cannot publish.",
        ),
        (
            "too_many_saved_searches",
            "At most 10 alerts; delete one first.",
        ),
        ("too_many_favourites", "At most 200 saved gigs; remove some first."),
        ("too_many_follows", "At most 100 employers followed; unfollow some first."),
        (
            "not_releasable",
            "Not yet: the worker has confirmed, or the deadline has not passed.",
        ),
        (
            "late_reason_missing",
            "The shift starts within 24 hours: please say why.",
        ),
    ],
    field_names: [
        ("title", "Title"),
        ("description", "What the work is"),
        ("requirements", "Requirements"),
        ("bring", "What to bring (one line, up to 200 characters)"),
        ("location", "Place on the map (inside Jiangsu)"),
        ("start_date", "First day (not before today)"),
        (
            "end_date",
            "Last day (not before the first, at most a year)",
        ),
        ("shift", "Hours a day (in half hours)"),
        (
            "headcount",
            "People wanted (1–999, not fewer than accepted)",
        ),
        ("start_time", "Start time"),
        (
            "pay_terms",
            "When pay is settled (daily, weekly, monthly or when done)",
        ),
        ("market", "Market or station"),
        ("message", "Message (200 characters at most)"),
        ("label", "Alert name"),
        ("details", "What happened"),
        ("wage", "Pay (1 to 100,000 yuan)"),
        ("work_address", "Address (street and number)"),
        ("trade", "Trade"),
    ],
    alert_digest: |n, title, detail| {
        if detail.is_empty() {
            format!("{n} new gigs match your alerts, the newest “{title}”")
        } else {
            format!("{n} new gigs match your alert “{detail}”, the newest “{title}”")
        }
    },
    notification: |kind, title, detail| match kind {
        NotificationKind::NewApplicant => format!("New applicant for “{title}”"),
        NotificationKind::ApplicationWithdrawn => format!("An applicant withdrew from “{title}”"),
        NotificationKind::Accepted => format!("You were accepted for “{title}”!"),
        NotificationKind::Rejected if detail.is_empty() => {
            format!("“{title}” declined your application")
        }
        NotificationKind::Rejected => format!("“{title}” declined your application: {detail}"),
        NotificationKind::AttendanceRecorded => format!("“{title}” recorded your attendance"),
        NotificationKind::PostingChanged => format!("“{title}” changed its dates, pay or place"),
        NotificationKind::PostingCancelled => format!("“{title}” was paused or closed"),
        NotificationKind::AlertMatch => format!("New gig “{title}” matches your alert “{detail}”"),
        NotificationKind::PlaceConfirmed => format!("A worker confirmed they will come to “{title}”"),
        NotificationKind::PlaceReleased => {
            format!("You did not confirm in time: “{title}” gave your place to someone else")
        }
        NotificationKind::PlaceCancelled if detail.is_empty() => {
            format!("“{title}” cancelled your place")
        }
        NotificationKind::PlaceCancelled => format!("“{title}” cancelled your place: {detail}"),
        NotificationKind::HoursCorrected => format!("“{title}” corrected your hours: {detail}"),
        NotificationKind::PaymentRecorded => {
            format!("“{title}” recorded a payment: please confirm you received it")
        }
        NotificationKind::PaymentAnswered if detail.is_empty() => {
            format!("The worker confirmed receiving the pay for “{title}”")
        }
        NotificationKind::PaymentAnswered => {
            format!("The worker disputes the pay for “{title}”: {detail}")
        }
        NotificationKind::WageCase if detail.is_empty() => {
            format!("The pay for “{title}” was taken to the labour bureau's staff")
        }
        NotificationKind::WageCase => format!("The wage case about “{title}” was decided: {detail}"),
        NotificationKind::PlaceMessage => format!("New message about “{title}”: {detail}"),
        NotificationKind::NoShowAppealed => {
            format!("The worker appealed the no-show you recorded on “{title}”: {detail}")
        }
        NotificationKind::NoShowUpheld => format!(
            "The no-show appeal about “{title}” was upheld: it no longer counts against attendance"
        ),
        NotificationKind::NoShowRejected => {
            format!("The no-show appeal about “{title}” was rejected: the record stays")
        }
        NotificationKind::BusCancelled => {
            format!("The gig bus to “{title}” you had a seat on was cancelled: {detail}")
        }
        NotificationKind::HelpOffered => format!(
            "The employment services of {title} offer you help finding work: please read and say whether you agree"
        ),
        NotificationKind::HelpReferral => {
            format!("The staff helping you recommend the gig “{title}”: {detail}")
        }
        NotificationKind::CourseDecided if detail.is_empty() => {
            format!("Your course “{title}” was approved: workers can enrol now")
        }
        NotificationKind::CourseDecided => format!("Your course “{title}” was not approved: {detail}"),
        NotificationKind::CourseCancelled => {
            format!("The course “{title}” you enrolled on was cancelled: {detail}")
        }
        NotificationKind::CourseCompleted => format!(
            "Congratulations! You completed “{title}” (certificate {detail}); its trade is now on your profile"
        ),
        NotificationKind::CourseGraduate => {
            format!("A learner of the partner course “{title}” completed: {detail}")
        }
        NotificationKind::BoothDecided if detail.is_empty() => {
            format!("Your booth at the job fair “{title}” was approved")
        }
        NotificationKind::BoothDecided => {
            format!("Your booth at the job fair “{title}” was not approved")
        }
        NotificationKind::FairCancelled => format!("The job fair “{title}” was cancelled: {detail}"),
        NotificationKind::TalentInvited => {
            format!("{detail} invites you to apply for “{title}”: see and decide")
        }
        NotificationKind::TalentAnswered if detail.is_empty() => {
            format!("The worker you invited accepted and applied for “{title}”")
        }
        NotificationKind::TalentAnswered => {
            format!("The worker you invited declined “{title}”")
        }
    },
};

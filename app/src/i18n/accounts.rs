//! Interface text of the account pages: sign-in, the person's own page, and the staff desk.

use super::{Lang, Texts};
use crate::model::{AuditEntry, Availability, Role, WorkerTag};

pub struct AccountTexts {
    pub nav_sign_in: &'static str,
    pub nav_my_account: &'static str,
    pub nav_staff: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub phone_label: &'static str,
    pub phone_placeholder: &'static str,
    pub role_label: &'static str,
    pub role_worker_choice: &'static str,
    pub role_employer_choice: &'static str,
    pub send_code: &'static str,
    pub code_sent: fn(&str) -> String,
    pub code_label: &'static str,
    pub sign_in_button: &'static str,
    pub use_password: &'static str,
    pub use_code: &'static str,
    pub password_label: &'static str,
    pub privacy_note: &'static str,
    pub my_account_title: &'static str,
    pub signed_in_as: fn(&str, &str) -> String,
    pub sign_out: &'static str,
    /// 上岗短信: texts about the worker's shifts.
    pub shift_texts_heading: &'static str,
    pub shift_texts_on: &'static str,
    pub shift_texts_off: &'static str,
    pub shift_texts_turn_off: &'static str,
    pub shift_texts_turn_on: &'static str,
    pub sign_out_everywhere: &'static str,
    pub profile_heading: &'static str,
    pub profile_intro: &'static str,
    pub name_label: &'static str,
    pub birth_year_label: &'static str,
    pub home_area_label: &'static str,
    pub trades_label: &'static str,
    pub availability_label: &'static str,
    pub tags_label: &'static str,
    pub expected_pay_label: &'static str,
    pub not_set: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub my_data_heading: &'static str,
    pub my_data_intro: &'static str,
    pub download_data: &'static str,
    pub delete_heading: &'static str,
    pub delete_warning: &'static str,
    pub delete_confirm_label: &'static str,
    pub delete_button: &'static str,
    pub organisation_heading: &'static str,
    pub organisation_intro: &'static str,
    pub org_name_label: &'static str,
    pub credit_code_label: &'static str,
    pub credit_code_hint: &'static str,
    pub address_label: &'static str,
    pub contact_name_label: &'static str,
    pub contact_phone_label: &'static str,
    pub status_pending: &'static str,
    pub status_verified: &'static str,
    pub status_rejected: fn(&str) -> String,
    pub password_heading: &'static str,
    pub password_hint: &'static str,
    pub set_password: &'static str,
    pub password_saved: &'static str,
    pub staff_title: &'static str,
    pub scope_label: &'static str,
    pub pending_heading: &'static str,
    pub no_pending: &'static str,
    pub verify: &'static str,
    pub reject: &'static str,
    pub reason_label: &'static str,
    pub decided: &'static str,
    pub accounts_heading: &'static str,
    pub find_account: &'static str,
    pub no_account: &'static str,
    pub suspend: &'static str,
    pub reinstate: &'static str,
    pub suspended_because: fn(&str) -> String,
    pub active: &'static str,
    pub walk_in_heading: &'static str,
    pub walk_in_intro: &'static str,
    pub register: &'static str,
    pub registered: &'static str,
    pub audit_heading: &'static str,
    pub audit_refused: &'static str,
    pub credit_code_short: &'static str,
    pub registered_on: &'static str,
    field_names: [(&'static str, &'static str); 20],
    roles: [&'static str; 4],
    availability: [&'static str; 6],
    worker_tags: [&'static str; 4],
    /// What an audit entry's action code means, as a verb phrase.
    audit_actions: &'static [(&'static str, &'static str)],
    /// The kinds of things acted on: organisation, account, job seeker, reported posting.
    audit_subjects: [&'static str; 4],
    /// The actor of an entry made by no one signed in.
    audit_system: &'static str,
    /// Before a refused attempt's verb.
    audit_tried: &'static str,
    /// Someone or something known only by its number.
    numbered: fn(i64) -> String,
    /// A name set off in running text.
    quoted: fn(&str) -> String,
    /// Actor, verb and (when there is one) the thing acted on, as a sentence.
    audit_sentence: fn(&str, &str, Option<&str>) -> String,
}

impl AccountTexts {
    /// An audit entry in words: who did what to whom ("工作人员 王芳 审核通过 用人单位「某某公司」").
    pub fn audit_line(&self, entry: &AuditEntry) -> String {
        let actor = match entry.actor_role {
            Some(role) => {
                let who = match (&entry.actor_name, entry.actor_id) {
                    (Some(name), _) => name.clone(),
                    (None, Some(id)) => (self.numbered)(id),
                    (None, None) => String::new(),
                };
                format!("{} {who}", self.role_name(role))
                    .trim_end()
                    .replace(" （", "（")
            }
            None => self.audit_system.to_owned(),
        };
        let verb = self
            .audit_actions
            .iter()
            .find(|(code, _)| *code == entry.action)
            .map_or(entry.action.as_str(), |(_, verb)| verb);
        let verb = if entry.refused {
            format!("{}{verb}", self.audit_tried)
        } else {
            verb.to_owned()
        };
        let kind = match entry.subject_kind.as_str() {
            "employers" => Some(self.audit_subjects[0]),
            "accounts" => Some(self.audit_subjects[1]),
            "workers" => Some(self.audit_subjects[2]),
            "posting_reports" => Some(self.audit_subjects[3]),
            _ => None,
        };
        // What people do to themselves, and refused attempts, name no one else.
        let own = matches!(
            entry.action.as_str(),
            "delete_own_account" | "claim_walk_in_profile"
        );
        let subject = kind.filter(|_| !own).map(|kind| {
            let name = match (&entry.subject_name, entry.subject_id) {
                (Some(name), _) => (self.quoted)(name),
                (None, Some(id)) => (self.numbered)(id),
                (None, None) => String::new(),
            };
            format!("{kind}{name}")
        });
        (self.audit_sentence)(&actor, &verb, subject.as_deref())
    }

    pub fn role_name(&self, role: Role) -> &'static str {
        self.roles[Role::ALL.iter().position(|r| *r == role).unwrap_or(0)]
    }

    pub fn availability_name(&self, a: Availability) -> &'static str {
        self.availability[Availability::ALL.iter().position(|x| *x == a).unwrap_or(0)]
    }

    pub fn worker_tag_name(&self, t: WorkerTag) -> &'static str {
        self.worker_tags[WorkerTag::ALL.iter().position(|x| *x == t).unwrap_or(0)]
    }
}

impl Lang {
    pub fn account_texts(self) -> &'static AccountTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl Texts {
    /// Names of the account forms' fields, for error messages ("请检查：手机号").
    pub(super) fn account_field_name(&self, field: &str) -> &'static str {
        self.lang
            .account_texts()
            .field_names
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, label)| *label)
            .unwrap_or_else(|| self.market_field_name(field))
    }
}

pub fn use_account_texts() -> impl Fn() -> &'static AccountTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .account_texts()
    }
}

static ZH: AccountTexts = AccountTexts {
    nav_sign_in: "登录",
    nav_my_account: "我的",
    nav_staff: "工作台",
    sign_in_title: "登录 / 注册",
    sign_in_intro: "用手机号和短信验证码登录，第一次使用会自动注册。",
    phone_label: "手机号",
    phone_placeholder: "11位手机号",
    role_label: "第一次使用？请选择",
    role_worker_choice: "我要找活（求职者）",
    role_employer_choice: "我要招人（用人单位）",
    send_code: "获取验证码",
    code_sent: |phone| format!("验证码已发送到 {phone}，5分钟内有效。"),
    code_label: "短信验证码",
    sign_in_button: "登录",
    use_password: "用密码登录（用人单位、工作人员）",
    use_code: "用短信验证码登录",
    password_label: "密码",
    privacy_note: "我们只用您的手机号为您提供服务，不会公开。工作人员不会向您索要验证码。",
    my_account_title: "我的账号",
    signed_in_as: |role, phone| format!("{role} · {phone}"),
    sign_out: "退出登录",
    shift_texts_heading: "上岗短信",
    shift_texts_on:
        "录用、取消、岗位变动和上岗前一晚的提醒会发短信到您的手机（21点到次日7点不发，急事除外）。",
    shift_texts_off: "您已关闭上岗短信：录用和变动只在“消息”里通知。",
    shift_texts_turn_off: "关闭上岗短信",
    shift_texts_turn_on: "打开上岗短信",
    sign_out_everywhere: "在所有设备上退出",
    profile_heading: "求职资料",
    profile_intro: "填写越完整，推荐的活越合适。只有您自己和您报名的单位能看到。",
    name_label: "姓名",
    birth_year_label: "出生年份",
    home_area_label: "常住地区",
    trades_label: "会做的工种（可多选，最多10个）",
    availability_label: "可以工作的时间",
    tags_label: "特殊群体（自愿填写，用于推荐合适的岗位）",
    expected_pay_label: "期望工资（元）",
    not_set: "未填写",
    save: "保存",
    saved: "已保存。",
    my_data_heading: "我的数据",
    my_data_intro: "您可以随时下载我们保存的关于您的全部数据。",
    download_data: "下载我的数据",
    delete_heading: "注销账号",
    delete_warning: "注销后，您的资料和报名记录将被永久删除，无法恢复。",
    delete_confirm_label: "请输入“删除”两个字确认",
    delete_button: "永久注销",
    organisation_heading: "单位信息",
    organisation_intro: "填写营业执照上的信息。工作人员核实后，您发布的岗位会显示“已认证”。",
    org_name_label: "单位名称",
    credit_code_label: "统一社会信用代码",
    credit_code_hint: "18位，在营业执照上",
    address_label: "地址",
    contact_name_label: "联系人",
    contact_phone_label: "联系电话（手机）",
    status_pending: "待审核：工作人员核实后即显示“已认证”。",
    status_verified: "已认证",
    status_rejected: |reason| format!("未通过审核：{reason}。修改后再次提交即可。"),
    password_heading: "登录密码（可选）",
    password_hint: "至少8位。设置后也可以用手机号和密码登录。",
    set_password: "设置密码",
    password_saved: "密码已设置。",
    staff_title: "工作台",
    scope_label: "管理范围",
    pending_heading: "待审核的用人单位",
    no_pending: "没有待审核的单位。",
    verify: "通过",
    reject: "不通过",
    reason_label: "原因（不通过时必填）",
    decided: "已处理。",
    accounts_heading: "账号管理",
    find_account: "查找",
    no_account: "没有找到这个手机号的账号。",
    suspend: "暂停使用",
    reinstate: "恢复使用",
    suspended_because: |reason| format!("已暂停：{reason}"),
    active: "正常",
    walk_in_heading: "现场登记求职者",
    walk_in_intro: "为到场的求职者登记。本人以后用同一手机号登录，资料就归本人管理。",
    register: "登记",
    registered: "已登记。",
    audit_heading: "操作记录",
    audit_refused: "被拒绝",
    credit_code_short: "信用代码",
    registered_on: "登记日期",
    field_names: [
        ("phone", "手机号"),
        ("code", "验证码"),
        ("role", "身份"),
        ("password", "密码（至少8位，不能全是同一个字符）"),
        ("name", "姓名"),
        ("birth_year", "出生年份"),
        ("trades", "工种"),
        ("org_name", "单位名称"),
        ("credit_code", "统一社会信用代码"),
        ("credit_code_length", "统一社会信用代码应为18位"),
        (
            "credit_code_character",
            "统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）",
        ),
        (
            "credit_code_check",
            "统一社会信用代码的最后一位（校验码）与前17位对不上，请对照营业执照逐位核对",
        ),
        ("address", "地址"),
        ("contact_name", "联系人"),
        ("contact_phone", "联系电话"),
        ("reason", "原因"),
        ("confirm", "确认文字"),
        ("availability", "可工作时间"),
        ("tags_worker", "特殊群体"),
        ("employer", "用人单位"),
    ],
    roles: ["求职者", "用人单位", "工作人员", "管理员"],
    availability: ["工作日", "周末", "上午", "下午", "晚上", "夜班"],
    worker_tags: ["大龄（50岁以上）", "残疾人", "退捕渔民", "宝妈宝爸"],
    audit_actions: &[
        ("verify_employer", "审核通过"),
        ("reject_employer", "驳回"),
        ("suspend_account", "停用"),
        ("reinstate_account", "恢复"),
        ("register_walk_in", "现场登记"),
        ("claim_walk_in_profile", "认领了现场登记的资料"),
        ("delete_own_account", "注销了自己的账号"),
        ("uphold_report", "核实举报并下架"),
        ("dismiss_report", "驳回了对其的举报："),
        ("manage_own_session", "管理登录"),
        ("set_own_password", "设置密码"),
        ("manage_own_worker_profile", "编辑求职资料"),
        ("register_organisation", "登记单位"),
        ("edit_organisation", "修改单位资料"),
        ("review_as_staff", "进入工作台"),
        ("decide_employer", "审核用人单位"),
        ("read_audit", "查看操作记录"),
        ("post_as_employer", "发布岗位"),
        ("manage_posting", "管理岗位"),
        ("act_as_worker", "以求职者身份报名"),
        ("read_own_notifications", "查看通知"),
        ("handle_report", "处理举报"),
        ("read_area_figures", "查看辖区数据"),
    ],
    audit_subjects: ["用人单位", "账号", "求职者", "岗位"],
    audit_system: "系统",
    audit_tried: "试图",
    numbered: |n| format!("（编号{n}）"),
    quoted: |name| format!("「{name}」"),
    audit_sentence: |actor, verb, subject| match subject {
        Some(subject) => format!("{actor} {verb} {subject}"),
        None => format!("{actor} {verb}"),
    },
};

static EN: AccountTexts = AccountTexts {
    nav_sign_in: "Sign in",
    nav_my_account: "Me",
    nav_staff: "Desk",
    sign_in_title: "Sign in / sign up",
    sign_in_intro: "Sign in with your phone number and a text-message code. The first sign-in creates your account.",
    phone_label: "Mobile number",
    phone_placeholder: "11-digit mobile number",
    role_label: "New here? I am",
    role_worker_choice: "looking for work",
    role_employer_choice: "hiring (employer)",
    send_code: "Send code",
    code_sent: |phone| format!("A code was sent to {phone}. It is valid for 5 minutes."),
    code_label: "Code from the text message",
    sign_in_button: "Sign in",
    use_password: "Sign in with a password (employers, staff)",
    use_code: "Sign in with a text-message code",
    password_label: "Password",
    privacy_note: "We use your number only to serve you and never publish it. Staff never ask for your code.",
    my_account_title: "My account",
    signed_in_as: |role, phone| format!("{role} · {phone}"),
    sign_out: "Sign out",
    shift_texts_heading: "Shift texts",
    shift_texts_on: "Being accepted, a cancelled or changed shift and a reminder the evening before come as text messages (none from 21:00 to 07:00 unless urgent).",
    shift_texts_off: "Shift texts are off: you hear about your shifts in Messages only.",
    shift_texts_turn_off: "Turn shift texts off",
    shift_texts_turn_on: "Turn shift texts on",
    sign_out_everywhere: "Sign out on all devices",
    profile_heading: "My work profile",
    profile_intro: "The more you fill in, the better the gigs we suggest. Only you and employers you apply to see it.",
    name_label: "Name",
    birth_year_label: "Year of birth",
    home_area_label: "Where I live",
    trades_label: "Trades I can do (up to 10)",
    availability_label: "When I can work",
    tags_label: "Special groups (optional, for suitable suggestions)",
    expected_pay_label: "Expected pay (yuan)",
    not_set: "Not set",
    save: "Save",
    saved: "Saved.",
    my_data_heading: "My data",
    my_data_intro: "You can download everything we keep about you at any time.",
    download_data: "Download my data",
    delete_heading: "Delete my account",
    delete_warning: "Your profile and applications will be deleted for good. This cannot be undone.",
    delete_confirm_label: "Type DELETE to confirm",
    delete_button: "Delete for good",
    organisation_heading: "Organisation",
    organisation_intro: "As on your business licence. Once staff have checked it, your postings show \"verified\".",
    org_name_label: "Organisation name",
    credit_code_label: "Unified social credit code",
    credit_code_hint: "18 characters, on the business licence",
    address_label: "Address",
    contact_name_label: "Contact person",
    contact_phone_label: "Contact mobile",
    status_pending: "Waiting for staff to verify.",
    status_verified: "Verified",
    status_rejected: |reason| format!("Not verified: {reason}. Correct it and submit again."),
    password_heading: "Password (optional)",
    password_hint: "At least 8 characters. Lets you sign in with your number and password.",
    set_password: "Set password",
    password_saved: "Password set.",
    staff_title: "Staff desk",
    scope_label: "Scope",
    pending_heading: "Employers waiting for verification",
    no_pending: "Nothing waiting.",
    verify: "Verify",
    reject: "Reject",
    reason_label: "Reason (required to reject)",
    decided: "Done.",
    accounts_heading: "Accounts",
    find_account: "Find",
    no_account: "No account has this number.",
    suspend: "Suspend",
    reinstate: "Reinstate",
    suspended_because: |reason| format!("Suspended: {reason}"),
    active: "Active",
    walk_in_heading: "Register a walk-in worker",
    walk_in_intro: "Register a worker at the counter. When they sign in with the same number, the profile becomes theirs.",
    register: "Register",
    registered: "Registered.",
    audit_heading: "Audit log",
    audit_refused: "refused",
    credit_code_short: "Credit code",
    registered_on: "Registered",
    field_names: [
        ("phone", "mobile number"),
        ("code", "code"),
        ("role", "role"),
        ("password", "password (at least 8 characters, not all the same)"),
        ("name", "name"),
        ("birth_year", "year of birth"),
        ("trades", "trades"),
        ("org_name", "organisation name"),
        ("credit_code", "credit code"),
        ("credit_code_length", "the credit code has 18 characters"),
        (
            "credit_code_character",
            "the credit code holds digits and capital letters only (no I, O, Z, S or V)",
        ),
        (
            "credit_code_check",
            "the credit code's last character (its check character) does not match the first 17: compare it with the business licence",
        ),
        ("address", "address"),
        ("contact_name", "contact person"),
        ("contact_phone", "contact mobile"),
        ("reason", "reason"),
        ("confirm", "confirmation"),
        ("availability", "availability"),
        ("tags_worker", "special groups"),
        ("employer", "employer"),
    ],
    roles: ["Worker", "Employer", "Staff", "Administrator"],
    availability: ["Weekdays", "Weekends", "Mornings", "Afternoons", "Evenings", "Nights"],
    worker_tags: ["Older (50+)", "Disabled", "Former fisher", "Parent"],
    audit_actions: &[
        ("verify_employer", "verified"),
        ("reject_employer", "rejected"),
        ("suspend_account", "suspended"),
        ("reinstate_account", "reinstated"),
        ("register_walk_in", "registered at the counter"),
        ("claim_walk_in_profile", "claimed the profile registered at the counter"),
        ("delete_own_account", "deleted their own account"),
        ("uphold_report", "upheld a report and withdrew"),
        ("dismiss_report", "dismissed a report on"),
        ("manage_own_session", "manage a sign-in"),
        ("set_own_password", "set a password"),
        ("manage_own_worker_profile", "edit a job seeker's profile"),
        ("register_organisation", "register an organisation"),
        ("edit_organisation", "edit an organisation"),
        ("review_as_staff", "open the staff desk"),
        ("decide_employer", "verify an organisation"),
        ("read_audit", "read the audit log"),
        ("post_as_employer", "publish a posting"),
        ("manage_posting", "manage a posting"),
        ("act_as_worker", "apply as a job seeker"),
        ("read_own_notifications", "read notifications"),
        ("handle_report", "handle a report"),
        ("read_area_figures", "read an area's figures"),
    ],
    audit_subjects: ["the organisation ", "the account of ", "the job seeker ", "the posting "],
    audit_system: "The system",
    audit_tried: "tried to ",
    numbered: |n| format!("no. {n}"),
    quoted: |name| format!("“{name}”"),
    audit_sentence: |actor, verb, subject| match subject {
        Some(subject) => format!("{actor} {verb} {subject}"),
        None => format!("{actor} {verb}"),
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, kind: &str, name: Option<&str>, refused: bool) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2026-12-04 09:00:00".into(),
            actor_role: Some(Role::Staff),
            actor_name: Some("王芳".into()),
            actor_id: Some(4),
            action: action.into(),
            subject_kind: kind.into(),
            subject_name: name.map(Into::into),
            subject_id: Some(401),
            refused,
        }
    }

    #[test]
    fn audit_entries_say_who_did_what_to_whom() {
        let e = entry("verify_employer", "employers", Some("南京某某公司"), false);
        assert_eq!(
            ZH.audit_line(&e),
            "工作人员 王芳 审核通过 用人单位「南京某某公司」"
        );
        assert_eq!(
            EN.audit_line(&e),
            "Staff 王芳 verified the organisation “南京某某公司”"
        );
        // No name: known by number, never by a table's name.
        let mut nameless = entry("suspend_account", "accounts", None, false);
        nameless.actor_name = None;
        assert_eq!(
            ZH.audit_line(&nameless),
            "工作人员（编号4） 停用 账号（编号401）"
        );
        // A refused attempt names what was tried.
        let tried = entry("read_audit", "access", None, true);
        assert_eq!(ZH.audit_line(&tried), "工作人员 王芳 试图查看操作记录");
        assert_eq!(
            EN.audit_line(&tried),
            "Staff 王芳 tried to read the audit log"
        );
        for line in [
            ZH.audit_line(&e),
            ZH.audit_line(&tried),
            EN.audit_line(&nameless),
        ] {
            assert!(!line.contains('#') && !line.contains('_'), "{line}");
        }
    }
}

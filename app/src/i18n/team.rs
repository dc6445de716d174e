//! Interface text of organisation teams (单位成员): the team on the account page, invitations sent and
//! received.

use super::Lang;

pub struct TeamTexts {
    pub heading: &'static str,
    pub intro_owner: &'static str,
    pub intro_member: &'static str,
    pub role_name: fn(crate::model::TeamRole) -> &'static str,
    pub you: &'static str,
    pub unnamed: &'static str,
    pub since: fn(&str) -> String,
    pub remove: &'static str,
    pub remove_confirm: &'static str,
    pub leave: &'static str,
    pub leave_confirm: &'static str,
    pub removed: &'static str,
    pub invite_heading: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub role_label: &'static str,
    pub invite: &'static str,
    pub invited: &'static str,
    pub pending_heading: &'static str,
    pub sent_line: fn(&str, &str) -> String,
    pub withdraw: &'static str,
    pub withdrawn: &'static str,
    pub received_heading: &'static str,
    pub received_line: fn(&str, &str, &str) -> String,
    pub accept: &'static str,
    pub decline: &'static str,
    pub declined: &'static str,
    refusals: [(&'static str, &'static str); 5],
    field_names: [(&'static str, &'static str); 2],
}

impl TeamTexts {
    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn team_texts(self) -> &'static TeamTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_team_texts() -> impl Fn() -> &'static TeamTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || prefs.map(|p| p.get().lang).unwrap_or_default().team_texts()
}

static ZH: TeamTexts = TeamTexts {
    heading: "单位成员",
    intro_owner:
        "邀请同事用手机号加入本单位：成员可以发布和管理岗位、处理报名；管理员还可以邀请和移除成员。",
    intro_member: "本单位的成员都可以发布和管理岗位、处理报名；邀请和移除成员由管理员负责。",
    role_name: |role| match role {
        crate::model::TeamRole::Owner => "管理员",
        crate::model::TeamRole::Member => "成员",
    },
    you: "（我）",
    unnamed: "未填写姓名",
    since: |day| format!("{day} 加入"),
    remove: "移除",
    remove_confirm: "移除后，这位同事不能再管理本单位的岗位和报名。确定移除吗？",
    leave: "退出单位",
    leave_confirm:
        "退出后，你不能再管理本单位的岗位和报名，需要管理员重新邀请才能回来。确定退出吗？",
    removed: "已移除。",
    invite_heading: "邀请同事",
    phone_label: "同事的手机号",
    phone_hint: "对方用这个手机号登录（选择“用人单位”）后，在“我的”页面接受邀请。",
    role_label: "身份",
    invite: "发送邀请",
    invited: "邀请已发送。",
    pending_heading: "等待回复的邀请",
    sent_line: |role, by| format!("{role} · {by} 邀请"),
    withdraw: "撤回",
    withdrawn: "邀请已撤回。",
    received_heading: "单位邀请你加入",
    received_line: |organisation, role, by| format!("{organisation} 邀请你成为{role}（{by} 发出）"),
    accept: "接受并加入",
    decline: "谢绝",
    declined: "已谢绝。",
    refusals: [
        ("already_member", "这个手机号已经是本单位的成员了。"),
        (
            "already_invited",
            "已经邀请过这个手机号，正在等待对方回复。",
        ),
        ("invitation_decided", "这个邀请已经处理过了。"),
        (
            "last_owner",
            "单位至少要有一位管理员：请先邀请另一位管理员。",
        ),
        (
            "in_another_organisation",
            "你已经属于一个单位：请先退出原单位，再接受新的邀请。",
        ),
    ],
    field_names: [("phone", "手机号"), ("role", "身份")],
};

static EN: TeamTexts = TeamTexts {
    heading: "Your organisation's team",
    intro_owner: "Invite colleagues to your organisation by their mobile number: members publish and manage postings and decide about applicants; owners also invite and remove members.",
    intro_member: "Every member publishes and manages the organisation's postings and decides about applicants; owners invite and remove members.",
    role_name: |role| match role {
        crate::model::TeamRole::Owner => "owner",
        crate::model::TeamRole::Member => "member",
    },
    you: " (you)",
    unnamed: "No name given",
    since: |day| format!("joined {day}"),
    remove: "Remove",
    remove_confirm: "Once removed, this colleague can no longer manage the organisation's postings and applicants. Remove them?",
    leave: "Leave the organisation",
    leave_confirm: "Once you leave, you can no longer manage the organisation's postings and applicants until an owner invites you again. Leave?",
    removed: "Removed.",
    invite_heading: "Invite a colleague",
    phone_label: "Colleague's mobile number",
    phone_hint: "They sign in with this number (as an employer) and accept the invitation on their account page.",
    role_label: "Role",
    invite: "Send the invitation",
    invited: "Invitation sent.",
    pending_heading: "Invitations waiting for an answer",
    sent_line: |role, by| format!("{role} · invited by {by}"),
    withdraw: "Withdraw",
    withdrawn: "Invitation withdrawn.",
    received_heading: "An organisation invites you",
    received_line: |organisation, role, by| format!("{organisation} invites you as {role} (sent by {by})"),
    accept: "Accept and join",
    decline: "Decline",
    declined: "Declined.",
    refusals: [
        ("already_member", "This number is already a member of your organisation."),
        ("already_invited", "This number has been invited already and has not answered yet."),
        ("invitation_decided", "This invitation has already been answered or withdrawn."),
        ("last_owner", "An organisation keeps at least one owner: invite another owner first."),
        ("in_another_organisation", "You belong to an organisation already: leave it before accepting another."),
    ],
    field_names: [("phone", "Mobile number"), ("role", "Role")],
};

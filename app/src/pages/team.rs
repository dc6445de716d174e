//! The organisation's team on the account page (单位成员): its owners and members, the invitations
//! waiting for an answer, inviting and removing colleagues; and, for an employer account, the
//! invitations it has received. Plain forms: every change is one post, and the page comes back.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::teams::{
    my_team, my_team_invitations, AnswerTeamInvitation, InviteToTeam, RemoveFromTeam,
    WithdrawTeamInvitation,
};
use crate::components::feedback::{feedback, Loaded};
use crate::csrf::CsrfField;
use crate::i18n::use_team_texts;
use crate::model::{ReceivedInvitation, SentInvitation, TeamMember, TeamRole};
use crate::resource::page_resource;

/// The caller's organisation's team (nothing until the account has an organisation).
#[component]
pub fn TeamSection() -> impl IntoView {
    let t = use_team_texts();
    let invite = ServerAction::<InviteToTeam>::new();
    let remove = ServerAction::<RemoveFromTeam>::new();
    let withdraw = ServerAction::<WithdrawTeamInvitation>::new();
    let team = page_resource(|| (), |_| my_team());
    view! {
        {feedback(move || remove.value().get(), || use_team_texts()().removed)}
        <Loaded data=team let:team>
            {team.map(|team| {
                    let owner = team.your_role == TeamRole::Owner;
                    view! {
                      <section class="account-section team" id="team">
                        <h2>{move || t().heading}</h2>
                        {feedback(move || withdraw.value().get(), || use_team_texts()().withdrawn)}
                        <p class="note">{move || if owner { t().intro_owner } else { t().intro_member }}</p>
                        <ul class="review-list team-members">
                            {team.members.into_iter().map(|member| view! { <MemberItem member owner/> }).collect_view()}
                        </ul>
                        {owner.then(|| view! {
                            {(!team.invitations.is_empty()).then(|| view! {
                                <h3>{move || t().pending_heading}</h3>
                                <ul class="review-list team-invitations">
                                    {team.invitations.clone().into_iter().map(|invitation| view! { <SentItem invitation/> }).collect_view()}
                                </ul>
                            })}
                            <h3>{move || t().invite_heading}</h3>
                            <form class="account-form team-invite" method="post" action=InviteToTeam::url()>
                                <CsrfField/>
                                <label for="team-phone">{move || t().phone_label}</label>
                                <input id="team-phone" name="phone" type="tel" inputmode="numeric" autocomplete="off"
                                    maxlength="20" required aria-describedby="team-phone-hint"/>
                                <p id="team-phone-hint" class="hint">{move || t().phone_hint}</p>
                                <label for="team-role">{move || t().role_label}</label>
                                <select id="team-role" name="role">
                                    {TeamRole::ALL.into_iter().rev().map(|role| view! {
                                        <option value=role.as_str()>{move || (t().role_name)(role)}</option>
                                    }).collect_view()}
                                </select>
                                {feedback(move || invite.value().get(), || use_team_texts()().invited)}
                                <button type="submit" class="primary">{move || t().invite}</button>
                            </form>
                        })}
                      </section>
                    }
            })}
        </Loaded>
    }
}

#[component]
fn MemberItem(member: TeamMember, owner: bool) -> impl IntoView {
    let t = use_team_texts();
    let role = member.role;
    let since = member.since.clone();
    let name = member.name.clone();
    // Owners remove others; everyone may leave.
    let action = match (member.is_you, owner) {
        (true, _) => Some((t().leave, t().leave_confirm)),
        (false, true) => Some((t().remove, t().remove_confirm)),
        (false, false) => None,
    };
    view! {
        <li class="review-item team-member" data-account=member.account_id>
            <h3>
                {move || if name.is_empty() { t().unnamed.to_owned() } else { name.clone() }}
                {member.is_you.then(|| view! { <span>{move || t().you}</span> })}
                " "<span class=match role { TeamRole::Owner => "badge badge-verified", TeamRole::Member => "badge" }>
                    {move || (t().role_name)(role)}
                </span>
            </h3>
            <p class="muted">{member.phone.clone()}" · "{move || (t().since)(&since)}</p>
            {action.map(|(label, confirm)| view! {
                <details class="shift-action">
                    <summary class="button button-secondary">{label}</summary>
                    <form method="post" action=RemoveFromTeam::url()>
                        <CsrfField/>
                        <input type="hidden" name="account_id" value=member.account_id/>
                        <p>{confirm}</p>
                        <button type="submit" class="danger">{label}</button>
                    </form>
                </details>
            })}
        </li>
    }
}

#[component]
fn SentItem(invitation: SentInvitation) -> impl IntoView {
    let t = use_team_texts();
    let (role, by) = (invitation.role, invitation.invited_by.clone());
    view! {
        <li class="review-item team-invitation">
            <h3>{invitation.phone.clone()}</h3>
            <p class="muted">{move || (t().sent_line)((t().role_name)(role), &by)}" · "{invitation.sent_at.clone()}</p>
            <form method="post" action=WithdrawTeamInvitation::url()>
                <CsrfField/>
                <input type="hidden" name="id" value=invitation.id/>
                <button type="submit" class="button-secondary">{move || t().withdraw}</button>
            </form>
        </li>
    }
}

/// Invitations to the caller's number, for an employer account: shown only when there are some.
#[component]
pub fn ReceivedInvitationsSection() -> impl IntoView {
    let t = use_team_texts();
    let answer = ServerAction::<AnswerTeamInvitation>::new();
    let invitations = page_resource(|| (), |_| my_team_invitations());
    view! {
        {feedback(move || answer.value().get(), || use_team_texts()().declined)}
        <Loaded data=invitations let:invitations>
            {(!invitations.is_empty()).then(|| view! {
                <section class="account-section team-received">
                    <h2>{move || t().received_heading}</h2>
                    <ul class="review-list">
                        {invitations.into_iter().map(|invitation| view! { <ReceivedItem invitation/> }).collect_view()}
                    </ul>
                </section>
            })}
        </Loaded>
    }
}

#[component]
fn ReceivedItem(invitation: ReceivedInvitation) -> impl IntoView {
    let t = use_team_texts();
    let (organisation, role, by) = (
        invitation.organisation.clone(),
        invitation.role,
        invitation.invited_by.clone(),
    );
    view! {
        <li class="review-item team-invitation-received">
            <p>
                {move || (t().received_line)(&organisation, (t().role_name)(role), &by)}
                {invitation.verified.then(|| view! {
                    " "<span class="badge badge-verified">{move || crate::i18n::use_account_texts()().status_verified}</span>
                })}
            </p>
            <p class="muted">{invitation.sent_at.clone()}</p>
            <div class="actions">
                <form method="post" action=AnswerTeamInvitation::url()>
                    <CsrfField/>
                    <input type="hidden" name="id" value=invitation.id/>
                    <input type="hidden" name="accept" value="true"/>
                    <button type="submit" class="primary">{move || t().accept}</button>
                </form>
                <form method="post" action=AnswerTeamInvitation::url()>
                    <CsrfField/>
                    <input type="hidden" name="id" value=invitation.id/>
                    <input type="hidden" name="accept" value="false"/>
                    <button type="submit" class="button-secondary">{move || t().decline}</button>
                </form>
            </div>
        </li>
    }
}

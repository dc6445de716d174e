//! An organisation's team (单位成员): its owners and members, and the invitations an owner sends by
//! phone number.

use serde::{Deserialize, Serialize};

/// What an account is in its organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// 管理员: invites and removes colleagues, and does everything a member does.
    Owner,
    /// 成员: manages the organisation's postings and applicants.
    Member,
}

impl TeamRole {
    pub const ALL: [TeamRole; 2] = [TeamRole::Owner, TeamRole::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Owner => "owner",
            TeamRole::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A colleague as the team list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub account_id: i64,
    pub name: String,
    /// In full to owners (who invited them by it), masked to members.
    pub phone: String,
    pub role: TeamRole,
    /// The viewer's own account.
    pub is_you: bool,
    /// "YYYY-MM-DD", China time.
    pub since: String,
}

/// An invitation not yet answered, as the organisation's owners see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentInvitation {
    pub id: i64,
    pub phone: String,
    pub role: TeamRole,
    pub invited_by: String,
    /// "YYYY-MM-DD HH:MM", China time.
    pub sent_at: String,
}

/// The viewer's organisation's team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub organisation: String,
    pub your_role: TeamRole,
    pub members: Vec<TeamMember>,
    /// Owners only; empty for members.
    pub invitations: Vec<SentInvitation>,
}

/// An invitation to the viewer's phone number, waiting for their answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedInvitation {
    pub id: i64,
    pub organisation: String,
    pub verified: bool,
    pub role: TeamRole,
    pub invited_by: String,
    pub sent_at: String,
}

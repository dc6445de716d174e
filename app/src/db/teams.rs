//! Organisation teams: who belongs to an organisation and as what, and the invitations its owners send
//! by phone number. The database keeps the roles whole, an owner in every organisation, and each
//! invitation decided once (migration 39); these queries say which way a request went.

use sqlx::{PgConnection, PgPool};

use super::{stored, DbError};
use crate::model::{mask_phone, ReceivedInvitation, SentInvitation, Team, TeamMember, TeamRole};

/// The organisation's team as `viewer` sees it: phone numbers in full only to owners.
#[tracing::instrument(skip(pool), err)]
pub async fn team(pool: &PgPool, employer_id: i64, viewer: i64) -> Result<Option<Team>, DbError> {
    let Some((organisation, your_role)): Option<(String, String)> = sqlx::query_as(
        "SELECT e.name, a.team_role FROM accounts a JOIN employers e ON e.id = a.employer_id
          WHERE a.id = $1 AND a.employer_id = $2",
    )
    .bind(viewer)
    .bind(employer_id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let your_role = stored(your_role, "accounts.team_role", TeamRole::parse)?;
    let owner = your_role == TeamRole::Owner;
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, display_name, phone, team_role,
                to_char(coalesce(joined_team_at, created_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
           FROM accounts WHERE employer_id = $1
          ORDER BY team_role = 'owner' DESC, coalesce(joined_team_at, created_at), id",
    )
    .bind(employer_id)
    .fetch_all(pool)
    .await?;
    let mut members = Vec::with_capacity(rows.len());
    for (account_id, name, phone, role, since) in rows {
        members.push(TeamMember {
            account_id,
            name,
            phone: if owner || account_id == viewer {
                phone
            } else {
                mask_phone(&phone)
            },
            role: stored(role, "accounts.team_role", TeamRole::parse)?,
            is_you: account_id == viewer,
            since,
        });
    }
    let invitations = if owner {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT i.id, i.phone, i.role,
                    COALESCE(NULLIF(a.display_name, ''), overlay(a.phone placing '****' from 4 for 4)),
                    to_char(i.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
               FROM team_invitations i JOIN accounts a ON a.id = i.invited_by
              WHERE i.employer_id = $1 AND i.status = 'pending'
              ORDER BY i.id DESC",
        )
        .bind(employer_id)
        .fetch_all(pool)
        .await?;
        let mut sent = Vec::with_capacity(rows.len());
        for (id, phone, role, invited_by, sent_at) in rows {
            sent.push(SentInvitation {
                id,
                phone,
                role: stored(role, "team_invitations.role", TeamRole::parse)?,
                invited_by,
                sent_at,
            });
        }
        sent
    } else {
        Vec::new()
    };
    Ok(Some(Team {
        organisation,
        your_role,
        members,
        invitations,
    }))
}

/// What an invitation came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Invited {
    Sent(i64),
    /// The number's account is in the organisation already.
    AlreadyMember,
    /// An invitation to the number is waiting already.
    AlreadyInvited,
}

/// Invites `phone` to the organisation as `role`.
#[tracing::instrument(skip(conn, phone), err)]
pub async fn invite(
    conn: &mut PgConnection,
    employer_id: i64,
    phone: &str,
    role: TeamRole,
    by: i64,
) -> Result<Invited, DbError> {
    let member: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE phone = $1 AND employer_id = $2)",
    )
    .bind(phone)
    .bind(employer_id)
    .fetch_one(&mut *conn)
    .await?;
    if member {
        return Ok(Invited::AlreadyMember);
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO team_invitations (employer_id, phone, role, invited_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (employer_id, phone) WHERE status = 'pending' DO NOTHING
         RETURNING id",
    )
    .bind(employer_id)
    .bind(phone)
    .bind(role.as_str())
    .bind(by)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(id.map_or(Invited::AlreadyInvited, Invited::Sent))
}

/// What deciding an invitation came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Decided {
    /// Withdrawn or declined now.
    Now,
    /// Joined the organisation (accepted).
    Joined { employer_id: i64, role: TeamRole },
    /// Someone decided it first.
    Already,
    /// No such invitation for this organisation (or this number).
    NotFound,
    /// The invitee belongs to an organisation already: they must leave it first.
    InAnotherOrganisation,
}

/// An owner withdraws an invitation of their organisation.
#[tracing::instrument(skip(conn), err)]
pub async fn withdraw(
    conn: &mut PgConnection,
    employer_id: i64,
    invitation_id: i64,
    by: i64,
) -> Result<Decided, DbError> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM team_invitations WHERE id = $1 AND employer_id = $2 FOR UPDATE",
    )
    .bind(invitation_id)
    .bind(employer_id)
    .fetch_optional(&mut *conn)
    .await?;
    match status.as_deref() {
        None => return Ok(Decided::NotFound),
        Some("pending") => {}
        Some(_) => return Ok(Decided::Already),
    }
    sqlx::query(
        "UPDATE team_invitations SET status = 'withdrawn', decided_by = $2, decided_at = now() WHERE id = $1",
    )
    .bind(invitation_id)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(Decided::Now)
}

/// The invitee (the account with the invitation's number) accepts or declines it. Accepting joins the
/// organisation, unless the account belongs to one already.
#[tracing::instrument(skip(conn, phone), err)]
pub async fn answer(
    conn: &mut PgConnection,
    invitation_id: i64,
    account_id: i64,
    phone: &str,
    accept: bool,
) -> Result<Decided, DbError> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT employer_id, role, status FROM team_invitations WHERE id = $1 AND phone = $2 FOR UPDATE",
    )
    .bind(invitation_id)
    .bind(phone)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((employer_id, role, status)) = row else {
        return Ok(Decided::NotFound);
    };
    if status != "pending" {
        return Ok(Decided::Already);
    }
    let role = stored(role, "team_invitations.role", TeamRole::parse)?;
    if accept {
        let joined = sqlx::query(
            "UPDATE accounts SET employer_id = $2, team_role = $3, joined_team_at = now()
              WHERE id = $1 AND role = 'employer' AND employer_id IS NULL",
        )
        .bind(account_id)
        .bind(employer_id)
        .bind(role.as_str())
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if joined == 0 {
            return Ok(Decided::InAnotherOrganisation);
        }
    }
    sqlx::query(
        "UPDATE team_invitations SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1",
    )
    .bind(invitation_id)
    .bind(if accept { "accepted" } else { "declined" })
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(if accept {
        Decided::Joined { employer_id, role }
    } else {
        Decided::Now
    })
}

/// The invitations waiting for `phone`'s answer, newest first.
#[tracing::instrument(skip(pool, phone), err)]
pub async fn received(pool: &PgPool, phone: &str) -> Result<Vec<ReceivedInvitation>, DbError> {
    let rows: Vec<(i64, String, bool, String, String, String)> = sqlx::query_as(
        "SELECT i.id, e.name, e.verification_status = 'verified', i.role,
                COALESCE(NULLIF(a.display_name, ''), overlay(a.phone placing '****' from 4 for 4)),
                to_char(i.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
           FROM team_invitations i
           JOIN employers e ON e.id = i.employer_id
           JOIN accounts a ON a.id = i.invited_by
          WHERE i.phone = $1 AND i.status = 'pending'
          ORDER BY i.id DESC",
    )
    .bind(phone)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, organisation, verified, role, invited_by, sent_at)| {
            Ok(ReceivedInvitation {
                id,
                organisation,
                verified,
                role: stored(role, "team_invitations.role", TeamRole::parse)?,
                invited_by,
                sent_at,
            })
        })
        .collect()
}

/// What removing someone from the team came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Removed {
    Now {
        phone: String,
    },
    NotAMember,
    /// The organisation's last owner stays: another must be made owner first.
    LastOwner,
}

/// Takes `account_id` out of the organisation (an owner removing a colleague, or someone leaving).
#[tracing::instrument(skip(conn), err)]
pub async fn remove(
    conn: &mut PgConnection,
    employer_id: i64,
    account_id: i64,
) -> Result<Removed, DbError> {
    let removed: Result<Option<String>, DbError> = sqlx::query_scalar(
        "UPDATE accounts SET employer_id = NULL, joined_team_at = NULL
          WHERE id = $1 AND employer_id = $2 RETURNING phone",
    )
    .bind(account_id)
    .bind(employer_id)
    .fetch_optional(conn)
    .await
    .map_err(DbError::from);
    match removed {
        Ok(Some(phone)) => Ok(Removed::Now { phone }),
        Ok(None) => Ok(Removed::NotAMember),
        Err(DbError::Constraint { constraint, .. }) if constraint == "team_keeps_an_owner" => {
            Ok(Removed::LastOwner)
        }
        Err(error) => Err(error),
    }
}

/// The account's phone number: the one its invitations are sent to.
#[tracing::instrument(skip(pool), err)]
pub async fn phone_of(pool: &PgPool, account_id: i64) -> Result<String, DbError> {
    Ok(
        sqlx::query_scalar("SELECT phone FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_one(pool)
            .await?,
    )
}

//! Who may do what: the one place that decides. Server functions describe what the caller wants
//! ([`Action`]) and where it happens ([`Area`]); [`decide`] answers from the caller's session alone.
//! Anything not explicitly allowed below is refused.

use crate::model::TeamRole;
use crate::model::{Area, BoardPlace, Role, StaffScope};

/// The signed-in caller, from their session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub account_id: i64,
    pub role: Role,
    pub worker_id: Option<i64>,
    pub employer_id: Option<i64>,
    /// What the account is in its organisation (单位成员), when it belongs to one.
    pub team_role: Option<TeamRole>,
    pub scope: Option<StaffScope>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    SignedIn(Principal),
}

/// Everything a caller can ask to do that needs more than being on the public site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Sign out, or sign out everywhere: any signed-in caller, for their own account.
    ManageOwnSession,
    /// Set or change the optional password: not for workers, who sign in by code only.
    SetOwnPassword,
    /// Read or change one's own worker profile, download it, delete it (PIPL rights).
    ManageOwnWorkerProfile,
    /// Register an organisation: an employer account that has none yet.
    RegisterOrganisation,
    /// Read or change an organisation: its own members.
    EditOrganisation { employer_id: i64 },
    /// See the organisations waiting for verification and look accounts up: staff and admins.
    ReviewAsStaff,
    /// Verify or reject an organisation located in `area`.
    DecideEmployer { area: Area },
    /// Suspend or reinstate an account. `area` is where the person is registered (worker: home area;
    /// employer: its organisation's), `None` when unknown.
    SuspendAccount {
        target_role: Role,
        target_account_id: i64,
        area: Option<Area>,
    },
    /// Register a walk-in worker (现场登记) at a counter in `area`.
    RegisterWalkIn { area: Area },
    /// Read the audit log of an area (staff) or of everything (admins).
    ReadAudit,
    /// Create postings and list one's own: an employer account that belongs to an organisation.
    PostAsEmployer,
    /// Edit, pause, close or repost a posting, and decide about its applicants: members of the
    /// organisation that owns it.
    ManagePosting { employer_id: i64 },
    /// Apply, withdraw, see one's applications, recommendations and saved searches: workers.
    ActAsWorker,
    /// Read and mark one's own notifications: anyone signed in.
    ReadOwnNotifications,
    /// Uphold or dismiss a report about a posting located in `area`.
    HandleReport { area: Area },
    /// Read and decide a wage case (欠薪) about a posting located in `area`.
    HandleWageCase { area: Area },
    /// See the staff-only numbers of a board and the statistics of a place: staff of the place or of an
    /// area containing it, and admins.
    ReadAreaFigures { place: BoardPlace },
    /// Run a market's public services (零工巴士: publish runs, board riders) and keep what it says of
    /// itself (opening hours, phone, services, amenities): the market's own staff, staff of an area
    /// containing it, and admins. `market` names the market and where it is.
    ServeAtMarket { market: BoardPlace },
    /// Publish, revise and withdraw a city's policy notes (政策咨询): the city's staff, the province's,
    /// and admins.
    PublishPolicyNotes { city_adcode: i32 },
    /// Keep help cases (困难零工帮扶) of workers in `area`: staff of its district, city or the province.
    /// Not a market's staff, nor admins: sensitive personal information goes to those who serve the
    /// person, and to nobody for the asking.
    KeepHelpCase { area: Area },
    /// Propose courses for an organisation and run them (change their capacity, cancel them, read
    /// their learners): its own members.
    OfferCourse { provider_id: i64 },
    /// Approve or reject a course held in `area`, record its attendance and completions, cancel it:
    /// staff of an area containing it, and admins.
    KeepCourse { area: Area },
    /// Make, list and revoke partners' keys to the public API: admins.
    ManageApiKeys,
    /// Invite colleagues to an organisation, withdraw invitations, remove members: its owners.
    ManageTeam { employer_id: i64 },
    /// See and answer invitations to join an organisation, and one's team: employer accounts.
    AnswerTeamInvitation,
    /// Search findable workers and invite them to apply (找人才): members of an organisation. That
    /// staff have verified it is the organisation's state, not the session's, and is checked with it.
    FindTalent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Denial {
    /// Nobody is signed in: the answer is "sign in first" (401).
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but this is not theirs to do (403).
    #[error("not allowed")]
    Forbidden,
}

/// Decides. On success, the principal the action is done as.
pub fn decide<'a>(caller: &'a Caller, action: &Action) -> Result<&'a Principal, Denial> {
    let Caller::SignedIn(p) = caller else {
        return Err(Denial::Unauthenticated);
    };
    let allowed = match *action {
        Action::ManageOwnSession => true,
        Action::SetOwnPassword => p.role != Role::Worker,
        Action::ManageOwnWorkerProfile => p.role == Role::Worker && p.worker_id.is_some(),
        Action::RegisterOrganisation => p.role == Role::Employer && p.employer_id.is_none(),
        Action::EditOrganisation { employer_id } => {
            p.role == Role::Employer && p.employer_id == Some(employer_id)
        }
        Action::ReviewAsStaff | Action::ReadAudit => matches!(p.role, Role::Staff | Role::Admin),
        Action::ManageApiKeys => p.role == Role::Admin,
        Action::ManageTeam { employer_id } => {
            p.role == Role::Employer
                && p.employer_id == Some(employer_id)
                && p.team_role == Some(TeamRole::Owner)
        }
        Action::AnswerTeamInvitation => p.role == Role::Employer,
        Action::PostAsEmployer | Action::FindTalent => {
            p.role == Role::Employer && p.employer_id.is_some()
        }
        Action::ManagePosting { employer_id }
        | Action::OfferCourse {
            provider_id: employer_id,
        } => p.role == Role::Employer && p.employer_id == Some(employer_id),
        Action::ActAsWorker => p.role == Role::Worker && p.worker_id.is_some(),
        Action::ReadOwnNotifications => true,
        Action::DecideEmployer { area }
        | Action::RegisterWalkIn { area }
        | Action::HandleReport { area }
        | Action::HandleWageCase { area }
        | Action::KeepCourse { area } => p.role == Role::Admin || staff_covers(p, &area),
        Action::ReadAreaFigures {
            place: market_or_area,
        }
        | Action::ServeAtMarket {
            market: market_or_area,
        } => {
            p.role == Role::Admin
                || (p.role == Role::Staff
                    && p.scope.is_some_and(|scope| market_or_area.within(&scope)))
        }
        Action::PublishPolicyNotes { city_adcode } => {
            let city = BoardPlace {
                city_adcode: Some(city_adcode),
                district_adcode: None,
                market_id: None,
            };
            p.role == Role::Admin
                || (p.role == Role::Staff && p.scope.is_some_and(|scope| city.within(&scope)))
        }
        Action::KeepHelpCase { area } => {
            p.role == Role::Staff
                && p.scope
                    .is_some_and(|scope| scope.keeps_help_cases() && scope.covers(&area))
        }
        Action::SuspendAccount {
            target_role,
            target_account_id,
            area,
        } => {
            // Nobody suspends themselves (an admin locked out of the system would need the database).
            target_account_id != p.account_id
                && match p.role {
                    Role::Admin => true,
                    // Staff act on the public they serve, never on colleagues.
                    Role::Staff => {
                        matches!(target_role, Role::Worker | Role::Employer)
                            && area.is_some_and(|area| staff_covers(p, &area))
                    }
                    Role::Worker | Role::Employer => false,
                }
        }
    };
    if allowed {
        Ok(p)
    } else {
        Err(Denial::Forbidden)
    }
}

fn staff_covers(p: &Principal, area: &Area) -> bool {
    p.role == Role::Staff && p.scope.is_some_and(|scope| scope.covers(area))
}

#[cfg(test)]
mod tests {
    //! The access matrix: every action × every kind of caller, each cell written out, so a change to a
    //! rule shows up as a changed line in this table.

    use super::*;

    const NANJING: i32 = 320100;
    const GULOU: i32 = 320106;
    const JIANGNING: i32 = 320115;
    const SUZHOU: i32 = 320500;
    const GULOU_MARKET: i32 = 7;

    fn principal(role: Role, scope: Option<StaffScope>) -> Principal {
        Principal {
            account_id: 100,
            role,
            worker_id: (role == Role::Worker).then_some(1),
            employer_id: (role == Role::Employer).then_some(50),
            team_role: (role == Role::Employer).then_some(TeamRole::Owner),
            scope,
        }
    }

    /// The callers of the matrix, by column.
    fn callers() -> Vec<(&'static str, Caller)> {
        vec![
            ("anon", Caller::Anonymous),
            ("worker", Caller::SignedIn(principal(Role::Worker, None))),
            (
                "employer",
                Caller::SignedIn(principal(Role::Employer, None)),
            ),
            (
                "new employer",
                Caller::SignedIn(Principal {
                    employer_id: None,
                    team_role: None,
                    ..principal(Role::Employer, None)
                }),
            ),
            (
                "market staff",
                Caller::SignedIn(principal(
                    Role::Staff,
                    Some(StaffScope::Market {
                        market_id: GULOU_MARKET,
                        city_adcode: NANJING,
                        district_adcode: Some(GULOU),
                    }),
                )),
            ),
            (
                "district staff",
                Caller::SignedIn(principal(
                    Role::Staff,
                    Some(StaffScope::District {
                        city_adcode: NANJING,
                        district_adcode: GULOU,
                    }),
                )),
            ),
            (
                "city staff",
                Caller::SignedIn(principal(
                    Role::Staff,
                    Some(StaffScope::City {
                        city_adcode: NANJING,
                    }),
                )),
            ),
            (
                "province staff",
                Caller::SignedIn(principal(Role::Staff, Some(StaffScope::Province))),
            ),
            ("admin", Caller::SignedIn(principal(Role::Admin, None))),
        ]
    }

    fn area(city: i32, district: Option<i32>) -> Area {
        Area {
            city_adcode: city,
            district_adcode: district,
            market_id: None,
        }
    }

    fn place(city: Option<i32>, district: Option<i32>, market: Option<i32>) -> BoardPlace {
        BoardPlace {
            city_adcode: city,
            district_adcode: district,
            market_id: market,
        }
    }

    #[test]
    fn access_matrix() {
        let in_gulou = area(NANJING, Some(GULOU));
        let in_jiangning = area(NANJING, Some(JIANGNING));
        let in_suzhou = area(SUZHOU, Some(320505));
        let nanjing_no_district = area(NANJING, None);
        let suspend = |target_role, target_account_id, area| Action::SuspendAccount {
            target_role,
            target_account_id,
            area,
        };

        // Columns: anon, worker, employer, new employer, market staff, district staff, city staff,
        // province staff, admin. 'U' = 401, '-' = 403, 'Y' = allowed.
        let rows: Vec<(&str, Action, &str)> = vec![
            ("own session", Action::ManageOwnSession, "UYYYYYYYY"),
            ("own password", Action::SetOwnPassword, "U-YYYYYYY"),
            (
                "own worker profile",
                Action::ManageOwnWorkerProfile,
                "UY-------",
            ),
            (
                "register organisation",
                Action::RegisterOrganisation,
                "U--Y-----",
            ),
            (
                "edit own organisation",
                Action::EditOrganisation { employer_id: 50 },
                "U-Y------",
            ),
            (
                "edit other organisation",
                Action::EditOrganisation { employer_id: 51 },
                "U--------",
            ),
            ("review as staff", Action::ReviewAsStaff, "U---YYYYY"),
            ("read audit", Action::ReadAudit, "U---YYYYY"),
            (
                "decide employer in 鼓楼",
                Action::DecideEmployer { area: in_gulou },
                "U---YYYYY",
            ),
            (
                "decide employer in 江宁",
                Action::DecideEmployer { area: in_jiangning },
                "U-----YYY",
            ),
            (
                "decide employer in 南京, no district",
                Action::DecideEmployer {
                    area: nanjing_no_district,
                },
                "U-----YYY",
            ),
            (
                "decide employer in 苏州",
                Action::DecideEmployer { area: in_suzhou },
                "U------YY",
            ),
            (
                "offer own course",
                Action::OfferCourse { provider_id: 50 },
                "U-Y------",
            ),
            (
                "offer other's course",
                Action::OfferCourse { provider_id: 51 },
                "U--------",
            ),
            (
                "keep course in 鼓楼",
                Action::KeepCourse { area: in_gulou },
                "U---YYYYY",
            ),
            (
                "keep course in 江宁",
                Action::KeepCourse { area: in_jiangning },
                "U-----YYY",
            ),
            (
                "keep course in 苏州",
                Action::KeepCourse { area: in_suzhou },
                "U------YY",
            ),
            ("manage API keys", Action::ManageApiKeys, "U-------Y"),
            (
                "manage own organisation's team",
                Action::ManageTeam { employer_id: 50 },
                "U-Y------",
            ),
            (
                "manage another organisation's team",
                Action::ManageTeam { employer_id: 51 },
                "U--------",
            ),
            (
                "answer team invitations",
                Action::AnswerTeamInvitation,
                "U-YY-----",
            ),
            (
                "walk-in at 鼓楼",
                Action::RegisterWalkIn { area: in_gulou },
                "U---YYYYY",
            ),
            (
                "walk-in in 苏州",
                Action::RegisterWalkIn { area: in_suzhou },
                "U------YY",
            ),
            (
                "suspend worker in 鼓楼",
                suspend(Role::Worker, 5, Some(in_gulou)),
                "U---YYYYY",
            ),
            (
                "suspend employer in 江宁",
                suspend(Role::Employer, 5, Some(in_jiangning)),
                "U-----YYY",
            ),
            (
                "suspend worker, area unknown",
                suspend(Role::Worker, 5, None),
                "U-------Y",
            ),
            (
                "suspend staff in 鼓楼",
                suspend(Role::Staff, 5, Some(in_gulou)),
                "U-------Y",
            ),
            ("suspend admin", suspend(Role::Admin, 5, None), "U-------Y"),
            ("post as employer", Action::PostAsEmployer, "U-Y------"),
            ("find talent", Action::FindTalent, "U-Y------"),
            (
                "manage own posting",
                Action::ManagePosting { employer_id: 50 },
                "U-Y------",
            ),
            (
                "manage another's posting",
                Action::ManagePosting { employer_id: 51 },
                "U--------",
            ),
            ("act as worker", Action::ActAsWorker, "UY-------"),
            (
                "own notifications",
                Action::ReadOwnNotifications,
                "UYYYYYYYY",
            ),
            (
                "handle report in 鼓楼",
                Action::HandleReport { area: in_gulou },
                "U---YYYYY",
            ),
            (
                "handle report in 苏州",
                Action::HandleReport { area: in_suzhou },
                "U------YY",
            ),
            (
                "wage case in 鼓楼",
                Action::HandleWageCase { area: in_gulou },
                "U---YYYYY",
            ),
            (
                "wage case in 苏州",
                Action::HandleWageCase { area: in_suzhou },
                "U------YY",
            ),
            (
                "suspend oneself",
                suspend(Role::Admin, 100, None),
                "U--------",
            ),
            (
                "figures of the 鼓楼 market",
                Action::ReadAreaFigures {
                    place: place(Some(NANJING), Some(GULOU), Some(GULOU_MARKET)),
                },
                "U---YYYYY",
            ),
            (
                "figures of another 鼓楼 market",
                Action::ReadAreaFigures {
                    place: place(Some(NANJING), Some(GULOU), Some(GULOU_MARKET + 1)),
                },
                "U----YYYY",
            ),
            (
                "figures of 鼓楼",
                Action::ReadAreaFigures {
                    place: place(Some(NANJING), Some(GULOU), None),
                },
                "U----YYYY",
            ),
            (
                "figures of 南京",
                Action::ReadAreaFigures {
                    place: place(Some(NANJING), None, None),
                },
                "U-----YYY",
            ),
            (
                "figures of 苏州",
                Action::ReadAreaFigures {
                    place: place(Some(SUZHOU), None, None),
                },
                "U------YY",
            ),
            (
                "serve at the 鼓楼 market",
                Action::ServeAtMarket {
                    market: place(Some(NANJING), Some(GULOU), Some(GULOU_MARKET)),
                },
                "U---YYYYY",
            ),
            (
                "serve at another 鼓楼 market",
                Action::ServeAtMarket {
                    market: place(Some(NANJING), Some(GULOU), Some(GULOU_MARKET + 1)),
                },
                "U----YYYY",
            ),
            (
                "serve at a 苏州 market",
                Action::ServeAtMarket {
                    market: place(Some(SUZHOU), Some(320505), Some(30)),
                },
                "U------YY",
            ),
            (
                "policy notes of 南京",
                Action::PublishPolicyNotes {
                    city_adcode: NANJING,
                },
                "U-----YYY",
            ),
            (
                "policy notes of 苏州",
                Action::PublishPolicyNotes {
                    city_adcode: SUZHOU,
                },
                "U------YY",
            ),
            (
                "help cases in 鼓楼",
                Action::KeepHelpCase {
                    area: Area {
                        city_adcode: NANJING,
                        district_adcode: Some(GULOU),
                        market_id: None,
                    },
                },
                "U----YYY-",
            ),
            (
                "help cases in 苏州",
                Action::KeepHelpCase {
                    area: Area {
                        city_adcode: SUZHOU,
                        district_adcode: Some(320505),
                        market_id: None,
                    },
                },
                "U------Y-",
            ),
            (
                "figures of the province",
                Action::ReadAreaFigures {
                    place: place(None, None, None),
                },
                "U------YY",
            ),
        ];

        let callers = callers();
        let mut failures = Vec::new();
        for (name, action, expected) in &rows {
            assert_eq!(expected.len(), callers.len(), "row {name}");
            for ((caller_name, caller), want) in callers.iter().zip(expected.chars()) {
                let got = match decide(caller, action) {
                    Ok(_) => 'Y',
                    Err(Denial::Unauthenticated) => 'U',
                    Err(Denial::Forbidden) => '-',
                };
                if got != want {
                    failures.push(format!(
                        "{name} × {caller_name}: expected {want}, got {got}"
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

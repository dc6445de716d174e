//! Accounts, roles and profiles as the browser sees them, and the validation rules both sides share.
//! The browser runs these checks for a quick answer; the server runs them again and the database a third
//! time (CHECK constraints), so no path around the form can store a malformed number or code.

use serde::{Deserialize, Serialize};

use super::PayUnit;

/// A mainland mobile number (手机号), normalised to its 11 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// Accepts what people type: spaces and hyphens anywhere, and an optional +86 / 0086 / 86 prefix.
    /// Only numbers of the mobile ranges (1 then 3–9, 11 digits) are phone numbers here.
    pub fn parse(input: &str) -> Option<Phone> {
        if input.len() > 32 {
            return None;
        }
        let digits: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .or_else(|| {
                (digits.len() == 13)
                    .then(|| digits.strip_prefix("86"))
                    .flatten()
            })
            .unwrap_or(&digits);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        valid.then(|| Phone(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form shown to anyone but the owner and those entitled to the number: 138****5678.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

/// Masks a stored phone number; anything that is not 11 characters is masked entirely.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "****".to_owned()
    }
}

/// The one-time code's length: six digits, as every Chinese SMS login uses.
pub const CODE_LENGTH: usize = 6;

/// A code as typed: digits only, exactly six of them (full-width digits from a Chinese keyboard are
/// accepted and converted).
pub fn parse_code(input: &str) -> Option<String> {
    let code: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect();
    (code.len() == CODE_LENGTH && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

const CREDIT_CODE_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// What is wrong with a unified social credit code, as the form field's error names it (the field
/// names of [`crate::i18n`]). Which check character would fit is never said: that would make up codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditCodeProblem {
    /// Not 18 characters.
    Length,
    /// A character outside the code's alphabet.
    Character,
    /// The 18th character does not match the first 17.
    CheckCharacter,
}

impl CreditCodeProblem {
    pub fn field(self) -> &'static str {
        match self {
            CreditCodeProblem::Length => "credit_code_length",
            CreditCodeProblem::Character => "credit_code_character",
            CreditCodeProblem::CheckCharacter => "credit_code_check",
        }
    }
}

/// Checks a unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-letter
/// alphabet (no I, O, Z, S, V), the last one a check character over the first 17. Returns the code in
/// capitals, or what is wrong with it.
pub fn check_credit_code(input: &str) -> Result<String, CreditCodeProblem> {
    // A Chinese input method types full-width letters and digits (９１３２…): the same code.
    let code: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .to_ascii_uppercase();
    if code.chars().count() != 18 {
        return Err(CreditCodeProblem::Length);
    }
    let value = |b: &u8| CREDIT_CODE_ALPHABET.iter().position(|a| a == b);
    if !code.as_bytes().iter().all(|b| value(b).is_some()) {
        return Err(CreditCodeProblem::Character);
    }
    let mut total = 0u32;
    let mut weight = 1u32;
    for b in &code.as_bytes()[..17] {
        total += value(b).unwrap_or_default() as u32 * weight;
        weight = weight * 3 % 31;
    }
    let check = CREDIT_CODE_ALPHABET[((31 - total % 31) % 31) as usize];
    if code.as_bytes()[17] == check {
        Ok(code)
    } else {
        Err(CreditCodeProblem::CheckCharacter)
    }
}

/// [`check_credit_code`], for callers that need only whether it is valid.
pub fn parse_credit_code(input: &str) -> Option<String> {
    check_credit_code(input).ok()
}

/// What a signed-in person is on the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 求职者
    Worker,
    /// 用人单位
    Employer,
    /// 工作人员 of a market, district, city or the province
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Worker, Role::Employer, Role::Staff, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::Employer => "employer",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The area a staff member works for. Wider scopes contain the narrower ones inside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StaffScope {
    /// One market or station; it acts for the district the market is in where a rule needs an area.
    Market {
        market_id: i32,
        city_adcode: i32,
        district_adcode: Option<i32>,
    },
    District {
        city_adcode: i32,
        district_adcode: i32,
    },
    City {
        city_adcode: i32,
    },
    Province,
}

/// Where something is, as far as staff scopes are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Area {
    pub city_adcode: i32,
    pub district_adcode: Option<i32>,
    pub market_id: Option<i32>,
}

impl StaffScope {
    /// Whether staff of this scope keep help cases (困难零工帮扶): a district's, a city's and the
    /// province's; not a market's, whose staff serve the hall rather than the people of an area.
    pub fn keeps_help_cases(&self) -> bool {
        !matches!(self, StaffScope::Market { .. })
    }

    /// Whether staff of this scope may act on something located in `area`.
    pub fn covers(&self, area: &Area) -> bool {
        match *self {
            StaffScope::Province => true,
            StaffScope::City { city_adcode } => area.city_adcode == city_adcode,
            StaffScope::District {
                district_adcode, ..
            } => area.district_adcode == Some(district_adcode),
            StaffScope::Market {
                market_id,
                district_adcode,
                ..
            } => {
                area.market_id == Some(market_id)
                    || (district_adcode.is_some() && area.district_adcode == district_adcode)
            }
        }
    }
}

/// The signed-in person, as every page may know them. The phone is masked: pages that need the full
/// number (the owner's own profile) fetch it separately.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub account_id: i64,
    pub role: Role,
    pub display_name: String,
    pub phone_masked: String,
    pub scope: Option<StaffScope>,
    /// The name of the scope for display (a market, a district, a city or 江苏省).
    pub scope_name: Option<String>,
    pub has_password: bool,
}

/// A sign-in code just sent from this browser: the sign-in page shows the number filled in and says the
/// code is on its way. The number is the one this browser typed, so it is not masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    pub phone: String,
    /// Signing up as an employer was chosen.
    pub employer: bool,
}

/// When a worker can work (用工时段).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Weekdays,
    Weekends,
    Mornings,
    Afternoons,
    Evenings,
    Nights,
}

impl Availability {
    pub const ALL: [Availability; 6] = [
        Availability::Weekdays,
        Availability::Weekends,
        Availability::Mornings,
        Availability::Afternoons,
        Availability::Evenings,
        Availability::Nights,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Weekdays => "weekdays",
            Availability::Weekends => "weekends",
            Availability::Mornings => "mornings",
            Availability::Afternoons => "afternoons",
            Availability::Evenings => "evenings",
            Availability::Nights => "nights",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// The special groups a worker may choose to be matched for (特殊群体).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerTag {
    /// 大龄
    Older,
    /// 残疾
    Disabled,
    /// 退捕渔民
    Fisher,
    /// 宝妈宝爸
    Parent,
}

impl WorkerTag {
    pub const ALL: [WorkerTag; 4] = [
        WorkerTag::Older,
        WorkerTag::Disabled,
        WorkerTag::Fisher,
        WorkerTag::Parent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkerTag::Older => "older",
            WorkerTag::Disabled => "disabled",
            WorkerTag::Fisher => "fisher",
            WorkerTag::Parent => "parent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

pub const NAME_MAX_CHARS: usize = 40;

/// A plausible year of birth for someone looking for work in `this_year`: born 1930 or later, at least
/// 14 years old (what the database also holds to).
pub fn birth_year_ok(year: i16, this_year: i32) -> bool {
    (1930..=this_year - 14).contains(&i32::from(year))
}
pub const ADDRESS_MAX_CHARS: usize = 200;
pub const REASON_MAX_CHARS: usize = 200;
pub const ORGANISATION_NAME_MAX_CHARS: usize = 100;
/// Expected pay is bounded like posting pay: ¥1 to ¥100,000 per unit.
pub const PAY_MIN_CENTS: i32 = 100;
pub const PAY_MAX_CENTS: i32 = 10_000_000;

/// A worker's profile (求职者资料), as its owner edits it. Also the input of the save function.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkerProfile {
    pub name: String,
    pub birth_year: Option<i16>,
    pub home_city_adcode: Option<i32>,
    pub home_district_adcode: Option<i32>,
    pub trades: Vec<String>,
    pub availability: Vec<Availability>,
    pub tags: Vec<WorkerTag>,
    pub expected_pay_cents: Option<i32>,
    pub expected_pay_unit: Option<PayUnit>,
}

/// An employer organisation (用人单位) as its members edit it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationForm {
    pub name: String,
    pub credit_code: String,
    pub city_adcode: i32,
    pub district_adcode: Option<i32>,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// 人力资源服务许可证编号, for a human-resources service agency; empty for any other organisation.
    #[serde(default)]
    pub hr_licence_no: String,
}

/// Where staff stand on an organisation (认证状态).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    Pending,
    Verified,
    Rejected,
}

impl Verification {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Verification::Pending),
            "verified" => Some(Verification::Verified),
            "rejected" => Some(Verification::Rejected),
            _ => None,
        }
    }
}

/// An organisation with its verification state, as its members and staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: i64,
    pub form: OrganisationForm,
    pub verification: Verification,
    pub rejection_reason: Option<String>,
    /// Where staff stand on its licence, when it gave one (a human-resources service agency).
    pub hr_licence_status: Option<Verification>,
    pub hr_licence_rejection: Option<String>,
}

/// An organisation waiting for staff, with the contact's number masked unless the viewer is entitled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationReview {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub city_name: String,
    pub district_name: Option<String>,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub verification: Verification,
    pub registered_on: String,
}

/// What staff see of an account they looked up by phone number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub account_id: i64,
    pub role: Role,
    pub phone_masked: String,
    pub display_name: String,
    pub suspended_reason: Option<String>,
}

/// A worker registered at a market's counter (现场登记) by staff.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WalkInForm {
    pub phone: String,
    pub name: String,
    pub birth_year: Option<i16>,
    pub district_adcode: Option<i32>,
    pub trades: Vec<String>,
    pub tags: Vec<WorkerTag>,
}

/// One line of the audit log (操作记录), as staff read it: who did what to whom, worded by the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// `None`: the system, or someone not signed in.
    pub actor_role: Option<Role>,
    /// The actor's display name, when they have one.
    pub actor_name: Option<String>,
    pub actor_id: Option<i64>,
    /// What was done, as recorded (`verify_employer`); the page words it.
    pub action: String,
    /// The kind of thing it was done to (`employers`, `accounts`, `workers`, `posting_reports`).
    pub subject_kind: String,
    /// Its name as staff know it: an organisation's name, a person's name or masked number, a reported
    /// posting's title. `None` when it has none or is gone.
    pub subject_name: Option<String>,
    pub subject_id: Option<i64>,
    /// Whether it was refused (an attempt outside the person's rights).
    pub refused: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_and_checked() {
        for ok in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+8613812345678",
            "008613812345678",
            "8613812345678",
            "19912345678",
        ] {
            assert_eq!(
                Phone::parse(ok).map(|p| p.as_str().to_owned()),
                Some(
                    ok.chars().filter(char::is_ascii_digit).collect::<String>()
                        [ok.chars().filter(char::is_ascii_digit).count() - 11..]
                        .to_owned()
                ),
                "{ok}"
            );
        }
        for bad in [
            "",
            "1381234567",
            "138123456789",
            "12812345678",
            "23812345678",
            "1381234567a",
            "０１３８",
            "13812345678; DROP TABLE accounts",
            &"1".repeat(10_000),
        ] {
            assert_eq!(Phone::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn phones_are_masked() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("12345"), "****");
        assert_eq!(mask_phone("１３８１２３４５６７８"), "****");
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(parse_code(" 123456 ").as_deref(), Some("123456"));
        assert_eq!(parse_code("１２３４５６").as_deref(), Some("123456"));
        assert_eq!(parse_code("12345"), None);
        assert_eq!(parse_code("1234567"), None);
        assert_eq!(parse_code("12345a"), None);
    }

    #[test]
    fn credit_codes_follow_gb_32100() {
        // Codes of real organisations, as printed on their business licences.
        for ok in [
            "91110000802100433B",
            "91350100M000100Y43",
            "91110108551385082Q",
            "91440300708461136T",
        ] {
            assert_eq!(parse_credit_code(ok).as_deref(), Some(ok), "{ok}");
        }
        assert_eq!(
            parse_credit_code(" 91110000802100433b ").as_deref(),
            Some("91110000802100433B")
        );
        for bad in [
            "91110000802100433C",
            "9111000080210043B",
            "91110000802100433BB",
            "9111000080210043IB",
            "",
            "<script>alert(1)</script>",
        ] {
            assert_eq!(parse_credit_code(bad), None, "{bad}");
        }
        // Each problem named, so the form can say which.
        use CreditCodeProblem::*;
        assert_eq!(check_credit_code("91110000802100433C"), Err(CheckCharacter));
        assert_eq!(check_credit_code("9111000080210043B"), Err(Length));
        assert_eq!(check_credit_code("9111000080210043IB"), Err(Character));
        assert_eq!(
            check_credit_code("９１110000802100433ｂ").as_deref(),
            Ok("91110000802100433B")
        );
        assert_eq!(check_credit_code("91110000802100433Ｉ"), Err(Character));
        assert_eq!(check_credit_code("<script>alert(1)</"), Err(Character));
    }

    #[test]
    fn wider_scopes_contain_narrower_areas() {
        let gulou_market = Area {
            city_adcode: 320100,
            district_adcode: Some(320106),
            market_id: Some(7),
        };
        let jiangning = Area {
            city_adcode: 320100,
            district_adcode: Some(320115),
            market_id: None,
        };
        let suzhou = Area {
            city_adcode: 320500,
            district_adcode: Some(320505),
            market_id: None,
        };
        let province = StaffScope::Province;
        let nanjing = StaffScope::City {
            city_adcode: 320100,
        };
        let gulou = StaffScope::District {
            city_adcode: 320100,
            district_adcode: 320106,
        };
        let market = StaffScope::Market {
            market_id: 7,
            city_adcode: 320100,
            district_adcode: Some(320106),
        };
        let other_market = StaffScope::Market {
            market_id: 8,
            city_adcode: 320100,
            district_adcode: None,
        };
        for area in [gulou_market, jiangning, suzhou] {
            assert!(province.covers(&area));
        }
        assert!(nanjing.covers(&gulou_market) && nanjing.covers(&jiangning));
        assert!(!nanjing.covers(&suzhou));
        assert!(gulou.covers(&gulou_market) && !gulou.covers(&jiangning));
        assert!(market.covers(&gulou_market) && !market.covers(&jiangning));
        assert!(!other_market.covers(&gulou_market) && !other_market.covers(&jiangning));
    }
}

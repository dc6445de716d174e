//! Human-resources service agencies (人力资源服务机构): organisations holding a licence
//! (人力资源服务许可证) that staff checked. A verified agency has a public storefront (零工旗舰店) and
//! may post for a client employer (用工单位), named on the posting.

use serde::{Deserialize, Serialize};

use super::{PostingSummary, Verification};

/// A licence number's length, as the database's CHECK says.
pub const HR_LICENCE_MIN_CHARS: usize = 6;
pub const HR_LICENCE_MAX_CHARS: usize = 40;
/// A client's name on a posting.
pub const CLIENT_NAME_MIN_CHARS: usize = 2;
pub const CLIENT_NAME_MAX_CHARS: usize = 100;

/// A licence number as typed: spaces and full-width digits and letters (from a Chinese input method)
/// made plain; 6–40 characters holding a digit, none of them a control character or markup.
/// Licences read like 苏人社服证字〔2021〕第3201000123号, so the characters are otherwise free.
pub fn parse_hr_licence(input: &str) -> Option<String> {
    let plain: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    let count = plain.chars().count();
    let ok = (HR_LICENCE_MIN_CHARS..=HR_LICENCE_MAX_CHARS).contains(&count)
        && plain.chars().any(|c| c.is_ascii_digit())
        && !plain
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | '"' | '\''));
    ok.then_some(plain)
}

/// The client an agency posts for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingClient {
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
}

/// An agency's licence waiting for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceReview {
    pub employer_id: i64,
    pub name: String,
    pub credit_code: String,
    pub licence_no: String,
    pub city_name: String,
    pub district_name: Option<String>,
    /// Staff verified the organisation itself.
    pub organisation: Verification,
    /// "YYYY-MM-DD", China time: when the number was given.
    pub submitted_on: String,
}

/// An agency as the list of agencies shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyLine {
    pub employer_id: i64,
    pub name: String,
    pub city_name: String,
    pub open_postings: i64,
}

/// A market or station an agency's open postings are published through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyMarket {
    pub slug: String,
    pub name: String,
    pub postings: i64,
}

/// An agency's public storefront (零工旗舰店).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyStorefront {
    pub employer_id: i64,
    pub name: String,
    pub licence_no: String,
    pub city_name: String,
    pub district_name: Option<String>,
    pub address: String,
    /// Its open postings, newest first (at most [`STOREFRONT_POSTINGS`]).
    pub postings: Vec<PostingSummary>,
    pub open_postings: i64,
    /// The markets and stations its open postings go through, the busiest first.
    pub markets: Vec<AgencyMarket>,
    /// The districts its open postings are in.
    pub districts: Vec<String>,
    /// How many client employers its open postings name.
    pub clients: i64,
}

/// Postings a storefront lists.
pub const STOREFRONT_POSTINGS: i64 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_numbers_as_typed() {
        assert_eq!(
            parse_hr_licence(" 苏人社服证字〔2021〕第 3201000123 号 ").as_deref(),
            Some("苏人社服证字〔2021〕第3201000123号")
        );
        assert_eq!(
            parse_hr_licence("ＪＳ２０２１１２３").as_deref(),
            Some("JS2021123")
        );
        for bad in [
            "",
            "12345",
            "许可证号码没有数字",
            "<script>12345",
            &"1".repeat(41),
        ] {
            assert_eq!(parse_hr_licence(bad), None, "{bad}");
        }
    }
}

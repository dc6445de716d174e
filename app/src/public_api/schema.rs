//! Schemas of the codes the API speaks (pay units, tags, services …), made from the model's own
//! lists, so that the document can never name a value the server does not send or accept.

use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, Type};

use crate::model::{
    Amenity, FairTheme, MarketKind, MarketService, PayTerms, PayUnit, PostingTag, ShiftStart,
    SortOrder,
};

fn codes<'a>(values: impl IntoIterator<Item = &'a str>, description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.into_iter().map(str::to_owned)))
        .description(Some(description))
        .build()
}

fn list_of(item: Object) -> utoipa::openapi::schema::Array {
    ArrayBuilder::new().items(item).build()
}

pub fn pay_unit() -> Object {
    codes(
        PayUnit::ALL.iter().map(|u| u.as_str()),
        "The unit the pay is counted in (计薪方式).",
    )
}

pub fn pay_terms() -> Object {
    codes(
        PayTerms::ALL.iter().map(|t| t.as_str()),
        "When the pay is settled (结算方式): daily, weekly, monthly, on completion.",
    )
}

pub fn shift_start() -> Object {
    codes(
        ShiftStart::ALL.iter().map(|s| s.as_str()),
        "The part of the day the shift starts in (上班时段).",
    )
}

pub fn sort_order() -> Object {
    codes(
        SortOrder::ALL.iter().map(|s| s.as_str()),
        "newest (default), nearest (needs lng and lat), pay (highest first).",
    )
}

pub fn tag() -> Object {
    codes(
        PostingTag::ALL.iter().map(|t| t.as_str()),
        "A group the posting welcomes (特殊群体).",
    )
}

pub fn tags() -> utoipa::openapi::schema::Array {
    list_of(tag())
}

pub fn market_kind() -> Object {
    codes(
        MarketKind::ALL.iter().map(|k| k.as_str()),
        "province, city or district market (零工市场), station (零工驿站), specialised market.",
    )
}

pub fn services() -> utoipa::openapi::schema::Array {
    list_of(codes(
        MarketService::ALL.iter().map(|s| s.code()),
        "A public employment service offered (服务项目).",
    ))
}

pub fn amenities() -> utoipa::openapi::schema::Array {
    list_of(codes(
        Amenity::ALL.iter().map(|a| a.code()),
        "An amenity for workers (便民服务): water, charging, first aid, rest, lunch, lodging ….",
    ))
}

pub fn fair_theme() -> Object {
    codes(
        FairTheme::ALL.iter().map(|t| t.code()),
        "The fair's theme (专场).",
    )
}

pub fn posting_state() -> Object {
    codes(
        super::postings::STATES,
        "open; filled (招满); paused by the employer; closed; expired (the last day has passed).",
    )
}

pub fn problem_code() -> Object {
    codes(
        super::problem::PROBLEM_CODES,
        "What went wrong, for programs.",
    )
}

pub fn board_kind() -> Object {
    codes(
        ["province", "city", "district", "market"],
        "The board's place: the province, a city, a district or a market.",
    )
}

pub fn service() -> Object {
    codes(
        MarketService::ALL.iter().map(|s| s.code()),
        "A public employment service offered (服务项目).",
    )
}

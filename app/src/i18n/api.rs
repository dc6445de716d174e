//! Interface text of the public API: its error messages, the developers' page, and the admins' keys.

use super::Lang;

pub struct ApiTexts {
    /// The API's error messages.
    pub bad_parameter: fn(&str) -> String,
    pub not_found: &'static str,
    pub unknown_key: &'static str,
    pub revoked_key: &'static str,
    pub key_required: &'static str,
    pub import_not_allowed: &'static str,
    /// Why a pushed line was refused: its code and the field at fault (may be empty).
    pub line_problem: fn(&str, &str) -> String,
    pub rate_limited: fn(u32) -> String,
    pub unavailable: &'static str,
    pub internal: &'static str,
    /// The developers' page.
    pub developers_title: &'static str,
    pub developers_intro: &'static str,
    pub how_heading: &'static str,
    pub how_items: [&'static str; 5],
    pub document_link: &'static str,
    pub endpoints_heading: &'static str,
    pub schemas_heading: &'static str,
    pub parameters: &'static str,
    pub responses: &'static str,
    pub request_body: &'static str,
    pub required: &'static str,
    pub in_query: &'static str,
    pub in_path: &'static str,
    pub footer_link: &'static str,
    /// The admins' keys.
    pub keys_heading: &'static str,
    pub keys_intro: &'static str,
    pub no_keys: &'static str,
    pub partner_label: &'static str,
    pub per_minute_label: &'static str,
    pub may_import_label: &'static str,
    pub may_import_badge: &'static str,
    pub create_key: &'static str,
    pub secret_heading: &'static str,
    pub secret_hint: &'static str,
    pub key_line: fn(&str, u32) -> String,
    pub created_line: fn(&str, &str) -> String,
    pub last_used: fn(&str) -> String,
    pub never_used: &'static str,
    pub revoked_on: fn(&str) -> String,
    pub revoke: &'static str,
    pub revoke_confirm: &'static str,
    pub revoked: &'static str,
    refusals: [(&'static str, &'static str); 1],
    field_names: [(&'static str, &'static str); 2],
}

impl ApiTexts {
    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn api_texts(self) -> &'static ApiTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_api_texts() -> impl Fn() -> &'static ApiTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || prefs.map(|p| p.get().lang).unwrap_or_default().api_texts()
}

static ZH: ApiTexts = ApiTexts {
    bad_parameter: |name| format!("参数 {name} 的值不对，请对照接口文档。"),
    not_found: "没有找到。",
    unknown_key: "接口密钥无效：请检查密钥，或向平台管理员申请。",
    revoked_key: "这个接口密钥已停用，请向平台管理员申请新的密钥。",
    key_required: "这个接口只对合作平台开放：请在请求中带上接口密钥（可向平台管理员申请）。",
    import_not_allowed: "这个接口密钥只能读取，不能推送岗位；需要推送请向平台管理员申请可推送的密钥。",
    line_problem: |code, field| match code {
        "malformed" => "这一行不是符合格式的 JSON 岗位".to_owned(),
        "line_too_long" => "这一行太长（最多 16 KB）".to_owned(),
        "too_many_lines" => "一次最多推送 200000 行，请分批推送".to_owned(),
        "repeated_external_id" => "同一次推送里这个 external_id 已经出现过".to_owned(),
        "unknown_trade" => "没有这个工种代码".to_owned(),
        "unknown_market" => "没有这个零工市场或驿站".to_owned(),
        "bad_credit_code" => "统一社会信用代码不正确".to_owned(),
        "outside_province" => "工作地点不在江苏省服务范围内".to_owned(),
        "organisation_rejected" => "这个单位未通过平台审核，不能发布岗位".to_owned(),
        "employer_changed" => "已推送过的岗位不能改换单位；请关闭它并用新的 external_id 推送".to_owned(),
        "posting_closed" => "这个岗位已经关闭，不能再修改".to_owned(),
        "headcount_below_filled" => "招聘人数不能少于已录用的人数".to_owned(),
        "nothing_to_close" => "要关闭的岗位还没有推送过".to_owned(),
        "refused_by_database" => "数据不符合平台要求，未保存".to_owned(),
        _ => format!("字段 {field} 的值不符合要求，请对照接口文档"),
    },
    rate_limited: |s| format!("请求太频繁，请 {s} 秒后再试。"),
    unavailable: "服务暂时不可用，请稍后再试。",
    internal: "内部错误，请稍后再试。",
    developers_title: "开放接口",
    developers_intro: "零工市场的在招岗位、零工市场和驿站、招聘会、技能培训和实时看板数据，向各类平台免费开放读取（JSON）。",
    how_heading: "怎样使用",
    how_items: [
        "所有接口都以 /api/v1 开头，读取用 GET 请求，其他网站的网页脚本也可以直接调用（CORS）；获准推送的合作平台用 POST /api/v1/import/postings.jsonl 推送岗位（JSON Lines，每行一个岗位，按合作方自己的编号更新）。",
        "不带密钥时，每个地址每分钟可请求的次数较少；合作平台可向平台管理员申请接口密钥，放在请求头 Authorization: Bearer lg_… 或 X-Api-Key 中，按密钥单独限流。",
        "超过限额时返回 429，Retry-After 头给出需要等待的秒数。",
        "出错时返回 JSON：error 是给程序看的代码，message 是说明（默认中文，Accept-Language 为英文时返回英文）。",
        "岗位搜索的参数和网站搜索完全一致：网站上的搜索地址把 / 换成 /api/v1/postings 即可得到同样的结果。",
    ],
    document_link: "OpenAPI 3.1 接口描述文档（JSON）",
    endpoints_heading: "接口",
    schemas_heading: "数据结构",
    parameters: "参数",
    responses: "返回",
    request_body: "请求体",
    required: "必填",
    in_query: "查询参数",
    in_path: "路径参数",
    footer_link: "开放接口",
    keys_heading: "接口密钥",
    keys_intro: "给合作平台的开放接口密钥：每个密钥单独限流，可随时停用。密钥只在创建时显示一次，请当面或通过安全渠道交给对方。",
    no_keys: "还没有接口密钥。",
    partner_label: "合作方名称",
    per_minute_label: "每分钟请求上限",
    may_import_label: "允许推送岗位（导入）",
    may_import_badge: "可推送岗位",
    create_key: "创建密钥",
    secret_heading: "新密钥（只显示这一次）",
    secret_hint: "请立即复制并安全地交给合作方；平台只保存它的摘要，以后无法再查看。",
    key_line: |prefix, per_minute| format!("{prefix}… · 每分钟 {per_minute} 次"),
    created_line: |at, by| format!("{at} 由 {by} 创建"),
    last_used: |at| format!("最近使用：{at}"),
    never_used: "还没有使用过",
    revoked_on: |at| format!("已于 {at} 停用"),
    revoke: "停用",
    revoke_confirm: "停用后，使用这个密钥的请求都会被拒绝，且不能恢复。确定停用吗？",
    revoked: "已停用。",
    refusals: [("api_key_revoked", "这个密钥已经停用了。")],
    field_names: [
        ("partner", "合作方名称（2–80 字）"),
        ("per_minute", "每分钟请求上限（1–100000）"),
    ],
};

static EN: ApiTexts = ApiTexts {
    bad_parameter: |name| format!("The value of parameter {name} is not valid; see the API reference."),
    not_found: "Not found.",
    unknown_key: "Unknown API key: check it, or ask the platform's administrators for one.",
    revoked_key: "This API key has been revoked; ask the platform's administrators for a new one.",
    key_required: "This endpoint is for partner platforms: send your API key with the request (the platform's administrators issue them).",
    import_not_allowed: "This API key may read but not push postings; ask the platform's administrators for a key that may push.",
    line_problem: |code, field| match code {
        "malformed" => "This line is not a posting in valid JSON".to_owned(),
        "line_too_long" => "This line is too long (16 KB at most)".to_owned(),
        "too_many_lines" => "At most 200,000 lines a push; send the rest in another".to_owned(),
        "repeated_external_id" => "This external_id came earlier in the same push".to_owned(),
        "unknown_trade" => "There is no such trade code".to_owned(),
        "unknown_market" => "There is no such market or station".to_owned(),
        "bad_credit_code" => "The unified social credit code is not valid".to_owned(),
        "outside_province" => "The place of work is outside Jiangsu's service area".to_owned(),
        "organisation_rejected" => "The platform's staff turned this organisation down: it may not post".to_owned(),
        "employer_changed" => "A pushed gig keeps its organisation; close it and push the new one under a new external_id".to_owned(),
        "posting_closed" => "This posting is closed and can no longer change".to_owned(),
        "headcount_below_filled" => "The headcount may not fall below the places already taken".to_owned(),
        "nothing_to_close" => "There is no posting under this external_id to close".to_owned(),
        "refused_by_database" => "The platform's checks refused this line; nothing was saved".to_owned(),
        _ => format!("The value of field {field} is not acceptable; see the API reference"),
    },
    rate_limited: |s| format!("Too many requests; try again in {s} s."),
    unavailable: "The service is unavailable for a moment; try again shortly.",
    internal: "Internal error; try again later.",
    developers_title: "Open data API",
    developers_intro: "Open postings, markets and stations, job fairs, training courses and live board figures of the gig-work markets, free to read for any platform (JSON).",
    how_heading: "How to use it",
    how_items: [
        "Every address starts with /api/v1; reads are GET requests, open to other sites' scripts (CORS); partners allowed to push send postings with POST /api/v1/import/postings.jsonl (JSON Lines, one posting a line, updated by the partner's own id).",
        "Without a key each address may make a few requests a minute; partner platforms get a key from the platform's administrators, sent as Authorization: Bearer lg_… or X-Api-Key, with a limit of its own.",
        "Over the limit the answer is 429, with Retry-After in seconds.",
        "Errors are JSON: error is a code for programs, message a sentence for people (Chinese, or English when Accept-Language asks for it).",
        "Posting search takes exactly the site's search parameters: replace / with /api/v1/postings in a search address of the site to get the same results.",
    ],
    document_link: "OpenAPI 3.1 description (JSON)",
    endpoints_heading: "Endpoints",
    schemas_heading: "Data structures",
    parameters: "Parameters",
    responses: "Responses",
    request_body: "Request body",
    required: "required",
    in_query: "query",
    in_path: "path",
    footer_link: "Open data API",
    keys_heading: "API keys",
    keys_intro: "Keys to the open API for partner platforms: each with a limit of its own, revocable at any time. A key is shown once, when it is made: hand it over in person or over a secure channel.",
    no_keys: "No API keys yet.",
    partner_label: "Partner",
    per_minute_label: "Requests a minute",
    may_import_label: "May push postings (import)",
    may_import_badge: "pushes postings",
    create_key: "Create key",
    secret_heading: "New key (shown this once)",
    secret_hint: "Copy it now and hand it to the partner securely; the platform keeps only its digest and cannot show it again.",
    key_line: |prefix, per_minute| format!("{prefix}… · {per_minute} a minute"),
    created_line: |at, by| format!("created {at} by {by}"),
    last_used: |at| format!("last used {at}"),
    never_used: "never used",
    revoked_on: |at| format!("revoked {at}"),
    revoke: "Revoke",
    revoke_confirm: "Requests with this key will be refused from now on, for good. Revoke it?",
    revoked: "Revoked.",
    refusals: [("api_key_revoked", "This key has been revoked already.")],
    field_names: [
        ("partner", "Partner (2–80 characters)"),
        ("per_minute", "Requests a minute (1–100000)"),
    ],
};

//! Interface text of the market's public services: 零工巴士.

use super::Lang;
use crate::model::SeatStatus;

pub struct ServiceTexts {
    pub buses_heading: &'static str,
    pub buses_intro: &'static str,
    pub no_buses: &'static str,
    /// "12-06 07:00 发车".
    pub departs: fn(&str) -> String,
    /// Where to get on; empty names the market.
    pub meeting_point: fn(&str) -> String,
    pub seats_left: fn(i16, i16) -> String,
    pub full: &'static str,
    pub departed: &'static str,
    pub cancelled: fn(&str) -> String,
    pub serves: &'static str,
    pub reserve: &'static str,
    pub give_up: &'static str,
    pub sign_in_to_reserve: &'static str,
    /// Staff.
    pub staff_buses_heading: &'static str,
    pub publish_heading: &'static str,
    pub market_label: &'static str,
    pub date_label: &'static str,
    pub time_label: &'static str,
    pub destination_label: &'static str,
    pub destination_placeholder: &'static str,
    pub meeting_point_label: &'static str,
    pub meeting_point_placeholder: &'static str,
    pub seats_label: &'static str,
    pub postings_label: &'static str,
    pub postings_hint: &'static str,
    pub note_label: &'static str,
    pub publish: &'static str,
    pub published: &'static str,
    pub no_staff_buses: &'static str,
    pub boarding_list: &'static str,
    pub boarding_title: &'static str,
    pub boarding_closed_hint: &'static str,
    pub no_riders: &'static str,
    pub board: &'static str,
    pub change_seats: &'static str,
    pub cancel_run: &'static str,
    pub cancel_reason_label: &'static str,
    pub cancel_confirm: &'static str,
    pub riders_count: fn(usize, usize) -> String,
    /// The live board's list of today's runs.
    pub board_heading: &'static str,
    pub board_taken: fn(i16, i16) -> String,
    pub board_cancelled: &'static str,
    seat_statuses: [&'static str; 3],
    refusals: [(&'static str, &'static str); 8],
    field_names: [(&'static str, &'static str); 6],
}

impl ServiceTexts {
    pub fn seat_status(&self, s: SeatStatus) -> &'static str {
        self.seat_statuses[s as usize]
    }

    pub(super) fn refusal(&self, reason: &str) -> Option<&'static str> {
        super::named(&self.refusals, reason)
    }

    pub(super) fn field_name(&self, field: &str) -> Option<&'static str> {
        super::named(&self.field_names, field)
    }
}

impl Lang {
    pub fn service_texts(self) -> &'static ServiceTexts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub fn use_service_texts() -> impl Fn() -> &'static ServiceTexts + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    let prefs = crate::prefs::use_prefs();
    move || {
        prefs
            .map(|p| p.get().lang)
            .unwrap_or_default()
            .service_texts()
    }
}

static ZH: ServiceTexts = ServiceTexts {
    buses_heading: "零工巴士",
    buses_intro: "从市场免费坐车到工地或厂门口。先预约座位，发车前到上车点，工作人员点名上车。",
    no_buses: "近期没有零工巴士。",
    departs: |at| format!("{at} 发车"),
    meeting_point: |p| {
        if p.is_empty() {
            "上车点：市场门口".to_owned()
        } else {
            format!("上车点：{p}")
        }
    },
    seats_left: |left, seats| format!("剩余座位 {left}/{seats}"),
    full: "已满",
    departed: "已发车",
    cancelled: |reason| format!("已取消：{reason}"),
    serves: "对应岗位：",
    reserve: "预约座位",
    give_up: "不坐了，退还座位",
    sign_in_to_reserve: "登录后预约座位",
    staff_buses_heading: "零工巴士",
    publish_heading: "发布班次",
    market_label: "出发市场",
    date_label: "日期",
    time_label: "发车时间",
    destination_label: "目的地（单位名称和地址）",
    destination_placeholder: "如：江宁开发区某电子厂东门",
    meeting_point_label: "上车点（可选）",
    meeting_point_placeholder: "如：市场南门停车场",
    seats_label: "座位数",
    postings_label: "对应岗位编号（可选）",
    postings_hint: "岗位页面地址最后的数字，多个用逗号分开。",
    note_label: "备注（可选）",
    publish: "发布",
    published: "班次已发布。",
    no_staff_buses: "还没有班次。",
    boarding_list: "上车名单",
    boarding_title: "上车名单",
    boarding_closed_hint: "发车前1小时到发车后2小时内可以点名上车。",
    no_riders: "还没有人预约。",
    board: "已上车",
    change_seats: "修改座位数",
    cancel_run: "取消班次",
    cancel_reason_label: "取消原因（乘客可见）",
    cancel_confirm: "确认取消班次",
    riders_count: |reserved, boarded| format!("已预约 {reserved} 人，已上车 {boarded} 人"),
    board_heading: "今日零工巴士",
    board_taken: |taken, seats| format!("已约 {taken}/{seats}"),
    board_cancelled: "已取消",
    seat_statuses: ["已预约", "已退还", "已上车"],
    refusals: [
        ("bus_full", "座位已经约满了。"),
        ("bus_closed", "这个班次已取消或已发车。"),
        ("bus_already_reserved", "您已经预约了这个班次。"),
        ("bus_no_seat", "没有可以退还或点名的座位。"),
        ("bus_below_taken", "座位数不能少于已经预约的人数。"),
        (
            "bus_boarding_closed",
            "现在不在点名时间内（发车前1小时到发车后2小时）。",
        ),
        ("bus_past", "发车时间必须在以后。"),
        ("bus_postings", "岗位编号不对，或岗位已不在招聘。"),
    ],
    field_names: [
        ("destination", "目的地（2–100字）"),
        ("meeting_point", "上车点（100字以内）"),
        ("seats", "座位数（1–99）"),
        ("postings", "岗位编号（最多10个，用逗号分开）"),
        ("market_id", "出发市场"),
        ("time", "发车时间"),
    ],
};

static EN: ServiceTexts = ServiceTexts {
    buses_heading: "Gig bus",
    buses_intro: "A free ride from the market to the site or the factory gate. Reserve a seat, be at the stop before it leaves, and staff check you on.",
    no_buses: "No gig bus in the coming days.",
    departs: |at| format!("leaves {at}"),
    meeting_point: |p| {
        if p.is_empty() {
            "Get on at the market's gate".to_owned()
        } else {
            format!("Get on at: {p}")
        }
    },
    seats_left: |left, seats| format!("{left} of {seats} seats left"),
    full: "Full",
    departed: "Left",
    cancelled: |reason| format!("Cancelled: {reason}"),
    serves: "For the gigs: ",
    reserve: "Reserve a seat",
    give_up: "Give my seat back",
    sign_in_to_reserve: "Sign in to reserve a seat",
    staff_buses_heading: "Gig bus",
    publish_heading: "Publish a run",
    market_label: "From the market",
    date_label: "Date",
    time_label: "Leaves at",
    destination_label: "To (the organisation and its address)",
    destination_placeholder: "e.g. the east gate of a factory in Jiangning",
    meeting_point_label: "Where to get on (optional)",
    meeting_point_placeholder: "e.g. the market's south car park",
    seats_label: "Seats",
    postings_label: "Gig numbers it serves (optional)",
    postings_hint: "The number at the end of a gig's address; separate several with commas.",
    note_label: "Note (optional)",
    publish: "Publish",
    published: "The run is published.",
    no_staff_buses: "No runs yet.",
    boarding_list: "Boarding list",
    boarding_title: "Boarding list",
    boarding_closed_hint: "Riders are checked on from an hour before it leaves until two hours after.",
    no_riders: "Nobody has reserved yet.",
    board: "On board",
    change_seats: "Change the seats",
    cancel_run: "Cancel the run",
    cancel_reason_label: "Why (the riders read it)",
    cancel_confirm: "Cancel this run",
    riders_count: |reserved, boarded| format!("{reserved} reserved, {boarded} on board"),
    board_heading: "Gig buses today",
    board_taken: |taken, seats| format!("{taken} of {seats} seats taken"),
    board_cancelled: "Cancelled",
    seat_statuses: ["Reserved", "Given back", "On board"],
    refusals: [
        ("bus_full", "Every seat is taken."),
        ("bus_closed", "That run was cancelled or has left."),
        ("bus_already_reserved", "You already have a seat on that run."),
        ("bus_no_seat", "There is no seat to give back or check on."),
        ("bus_below_taken", "Fewer seats than people who reserved: not possible."),
        ("bus_boarding_closed", "Not boarding time (an hour before it leaves until two hours after)."),
        ("bus_past", "The departure must be in the future."),
        ("bus_postings", "A gig number is wrong, or that gig is no longer open."),
    ],
    field_names: [
        ("destination", "Destination (2–100 characters)"),
        ("meeting_point", "Where to get on (up to 100 characters)"),
        ("seats", "Seats (1–99)"),
        ("postings", "Gig numbers (up to 10, separated by commas)"),
        ("market_id", "The market"),
        ("time", "Departure time"),
    ],
};

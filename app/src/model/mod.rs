//! Wire types: what travels between the server and the browser. They derive serde only; the database's
//! row types live in [`crate::db`] and are converted into these at the edge.
//!
//! Imports nothing of the application but the language ([`crate::i18n::Lang`], for names in two
//! languages): both the Wasm and the server build it.

mod account;
mod agency;
mod alert;
mod api_key;
mod api_reference;
mod application;
mod board;
mod bus;
mod course;
mod fair;
mod favourite;
mod help;
mod map;
mod market;
mod money;
pub mod navigation;
mod notification;
mod place;
mod place_thread;
mod policy;
mod posting;
mod posting_form;
mod rating;
mod report;
pub mod return_path;
mod search;
mod shift;
mod talent;
mod team;
mod trade;

pub use account::{
    birth_year_ok, check_credit_code, mask_phone, parse_code, parse_credit_code, AccountSummary,
    Area, AuditEntry, Availability, CodeSent, Organisation, OrganisationForm, OrganisationReview,
    Phone, Role, SessionUser, StaffScope, Verification, WalkInForm, WorkerProfile, WorkerTag,
    ADDRESS_MAX_CHARS, CODE_LENGTH, NAME_MAX_CHARS, ORGANISATION_NAME_MAX_CHARS, PAY_MAX_CENTS,
    PAY_MIN_CENTS, REASON_MAX_CHARS,
};
pub use agency::{
    parse_hr_licence, AgencyLine, AgencyMarket, AgencyStorefront, LicenceReview, PostingClient,
    CLIENT_NAME_MAX_CHARS, CLIENT_NAME_MIN_CHARS, HR_LICENCE_MAX_CHARS, HR_LICENCE_MIN_CHARS,
    STOREFRONT_POSTINGS,
};
pub use alert::{
    MatchReason, Recommendation, Recommendations, SavedSearch, SAVED_SEARCHES_MAX,
    SAVED_SEARCH_LABEL_MAX_CHARS,
};
pub use api_key::{
    is_well_formed_secret, parse_partner, ApiKey, NewApiKey, API_KEY_PARTNER_MAX_CHARS,
    API_KEY_PER_MINUTE_MAX,
};
pub use api_reference::{ApiField, ApiOperation, ApiReference, ApiSchema};
pub use application::{
    AcceptedPlace, Applicant, ApplicantList, ApplicationStatus, ApplyState, Decision,
    MyApplication, APPLY_MESSAGE_MAX_CHARS,
};
pub use board::{
    AreaRow, Board, BoardBus, BoardFair, BoardPlace, BoardScope, BoardTotals, BreakdownRow,
    FeedPosting, Period, PeriodFigures, StaffFigures, Statistics, TradeDemand, BOARD_FEED,
    BOARD_TRADES, FEED_BURST,
};
pub use bus::{
    parse_posting_ids, BoardingList, BusMarket, BusPosting, BusRider, BusRun, BusTimetable,
    BusViewer, RunStatus, SeatStatus, StaffBuses, BUS_DAYS_AHEAD, BUS_NOTE_MAX_CHARS,
    BUS_PLACE_MAX_CHARS, BUS_POSTINGS_MAX, BUS_SEATS_MAX,
};
pub use course::{
    parse_certificate_no, CourseDetail, CourseRoster, CourseStatus, CourseSuggestions,
    CourseSummary, CourseViewer, EnrolmentStatus, Learner, MyEnrolment, OrganisationCourses,
    RosterRole, StaffCourses, Subsidy, COURSE_CAPACITY_MAX, COURSE_COST_MAX_CENTS, COURSE_DAYS_MAX,
    COURSE_DESCRIPTION_MAX_CHARS, COURSE_HOURS_MAX, COURSE_LINE_MAX_CHARS, COURSE_REASON_MAX_CHARS,
    COURSE_SUGGESTIONS, COURSE_TITLE_MAX_CHARS, FEW_POSTINGS,
};
pub use fair::{
    parse_livestream_url, parse_pass_code, series_days, BoothRequest, BoothStatus, CheckedIn,
    FairDesk, FairDetail, FairEmployer, FairGuest, FairMarket, FairPass, FairPosting, FairSummary,
    FairTheme, FairViewer, MyBooth, StaffFairs, FAIRS_DAYS_AHEAD, FAIR_BOOTHS_MAX,
    FAIR_BOOTH_POSTINGS_MAX, FAIR_HIRE_DAYS, FAIR_LINE_MAX_CHARS, FAIR_REASON_MAX_CHARS,
    FAIR_SERIES_DAYS_MAX, FAIR_TITLE_MAX_CHARS,
};
pub use favourite::{
    FavouritePosting, FollowedEmployer, KeepState, Kept, FAVOURITES_MAX, FOLLOWS_MAX,
};
pub use help::{
    ConsentMethod, FollowUp, FollowUpKind, HelpCase, HelpCaseLine, HelpOutcome, HelpReason,
    HelpStatus, MyHelpCase, Placement, HELP_NOTE_MAX_CHARS,
};
pub use map::{
    cell_degrees, Cluster, MapLayer, MapPosting, MapSettings, MapView, MAX_MAP_POSTINGS,
    POSTINGS_ZOOM, PRECOMPUTED_ZOOMS,
};
pub use market::{
    is_market_slug, parse_market_phone, Amenity, MarketDetail, MarketKind, MarketService,
    MarketServicesForm, MarketSummary, ServedMarket, OPENING_HOURS_MAX_CHARS,
};
pub use money::{format_pay, parse_yuan, PayUnit};
pub use notification::{Notification, NotificationFeed, NotificationKind};
pub use place::{City, District, KnownStreet, STREET_MAX_CHARS, STREET_MIN_CHARS};
pub use place_thread::{
    PlaceMessage, PlaceThread, ReportedMessage, MESSAGE_MAX_CHARS, MESSAGE_NOTICE_CHARS,
    MESSAGE_REPORT_MAX_CHARS,
};
pub use policy::{
    PolicyCity, PolicyNote, PolicyTopic, StaffPolicyNote, StaffPolicyNotes, POLICY_BODY_MAX_CHARS,
    POLICY_TITLE_MAX_CHARS,
};
pub use posting::{
    minute_of_day, CallState, PayTerms, PostingDetail, PostingState, PostingSummary, PostingTag,
    ShiftStart,
};
pub use posting_form::{
    CheckedPosting, ContactPreference, EditablePosting, ManagedPosting, PostingForm, PostingStatus,
    SavedPosting, SimilarPosting, HEADCOUNT_MAX,
};
pub use rating::{
    AppealStatus, EmployerRecord, NoShowAppeal, NoShowAppealCase, PlaceRatings, Rating,
    RatingAppeal, RatingTag, Reputation, WorkerRecord, APPEAL_MAX_CHARS, ATTENDANCE_WINDOW,
    NO_SHOW_APPEAL_DAYS, RECORD_MIN,
};
pub use report::{OpenReport, ReportReason, REPORT_DETAILS_MAX_CHARS};
pub use search::{
    clean_keyword, BadParam, DateFilter, Facets, MinPay, PlaceFacet, Point, ResultCount, SearchHit,
    SearchQuery, SearchResults, SortOrder, TradeFacet, DATE_FACETS, DAY_PAY_FACETS_YUAN,
    DEFAULT_RADIUS_KM, KEYWORD_MAX_CHARS, RADII_KM, SEARCH_PAGE_SIZE, SEARCH_RESULT_CAP,
};
pub use shift::{
    CaseMessage, CheckInCode, CheckMethod, ClockDirection, PayMethod, Payment, PaymentStatus,
    ShiftDay, ShiftRecord, TimelineEvent, WageCase, WageCaseStatus, WageCaseSummary,
    CASE_TEXT_MAX_CHARS, CHECK_IN_CODE_DIGITS, CHECK_IN_CODE_SECONDS, CHECK_IN_RADIUS_M,
    SHIFT_NOTE_MAX_CHARS, WAGE_CASE_AFTER_DAYS,
};
pub use talent::{
    Findability, InvitablePosting, ReceivedTalentInvitation, SentTalentInvitation, TalentCard,
    TalentInvitationStatus, TalentPage, TalentQuery, TALENT_ATTENDANCE_CHOICES,
    TALENT_CONSENT_WORDING, TALENT_NOTE_MAX_CHARS, TALENT_PAGE_SIZE,
};
pub use team::{ReceivedInvitation, SentInvitation, Team, TeamMember, TeamRole};
pub use trade::{Trade, TradeCode};

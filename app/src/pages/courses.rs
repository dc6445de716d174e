//! Training courses (技能培训): the list and a course's page (a worker enrols there), the
//! organisation's proposals on its employer page, the staff desk's reviews, and a course's roster
//! (attendance and completion). Plain server forms: they work before the Wasm, on the cheapest phone.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::courses::{
    courses_for_staff, courses_of_organisation, list_courses, read_course, read_course_roster,
    suggested_courses, CancelCourse, CompleteCourse, DecideCourse, EnrolOnCourse, ProposeCourse,
    RecordCourseAttendance, SetCourseCapacity,
};
use crate::api::places::list_cities;
use crate::api::trades::list_trades;
use crate::components::feedback::{Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::components::route_id::route_id;
use crate::csrf::CsrfField;
use crate::error::AppError;
use crate::i18n::use_course_texts;
use crate::model::{
    format_pay, CourseDetail, CourseRoster, CourseStatus, CourseSummary, CourseViewer,
    EnrolmentStatus, Learner, RosterRole, Subsidy, COURSE_CAPACITY_MAX, COURSE_HOURS_MAX,
};
use crate::resource::page_resource;

/// A course's facts: trade, provider, place, dates, schedule, places, fee, subsidy, partner.
#[component]
fn CourseFacts(course: CourseSummary) -> impl IntoView {
    let c = use_course_texts();
    let lang = crate::i18n::use_texts();
    let trade = course.clone();
    let (from, to) = (course.starts_on.to_string(), course.ends_on.to_string());
    let schedule = course.schedule.clone();
    let hours = course.hours;
    let (left, capacity) = (course.places_left(), course.capacity);
    let approved = course.status == CourseStatus::Approved;
    let status = course.status;
    let reason = course.status_reason.clone();
    let provider = course.provider_name.clone();
    let cost = course.cost_cents;
    let partner = course.partner_name.clone().zip(course.partner_places);
    view! {
        <p class="muted">
            <span class="badge">{move || trade.trade_name_in(lang().lang).to_owned()}</span>" "
            {course.city_name.clone()}" "{course.district_name.clone()}" · "{course.address.clone()}
        </p>
        <p><strong>{move || (c().dates)(&from, &to)}</strong></p>
        <p>{move || (c().facts)(hours, &schedule)}</p>
        <p>
            {move || if cost == 0 { c().free.to_owned() } else { (c().cost)(&format_pay(cost)) }}
            {course.subsidy_eligible.then(|| view! { " "<span class="badge badge-verified">{move || c().subsidy_badge}</span> })}
            " · "
            {if !approved {
                let reason = reason.clone();
                view! {
                    <span class="badge badge-unverified course-status">
                        {move || match &reason {
                            Some(r) => (c().status_reason)(c().status(status), r),
                            None => c().status(status).to_owned(),
                        }}
                    </span>
                }
                .into_any()
            } else if left == 0 {
                view! { <span class="badge badge-unverified">{move || c().full}</span> }.into_any()
            } else {
                view! { <span class="places-left">{move || (c().places_left)(left, capacity)}</span> }.into_any()
            }}
        </p>
        <p class="muted">{move || (c().provider_line)(&provider)}</p>
        {partner.map(|(name, places)| view! { <p class="course-partner">{move || (c().partner_line)(&name, places)}</p> })}
    }
}

/// A course in a list, linked to its page.
#[component]
fn CourseItem(course: CourseSummary) -> impl IntoView {
    let id = course.id;
    let title = course.title.clone();
    view! {
        <li class="review-item course" data-course=id>
            <h3><A href=format!("/courses/{id}")>{title}</A></h3>
            <CourseFacts course/>
        </li>
    }
}

#[component]
fn CourseList(courses: Vec<CourseSummary>, empty: &'static str) -> impl IntoView {
    if courses.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! {
            <ul class="review-list courses">
                {courses.into_iter().map(|course| view! { <CourseItem course/> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// `/courses`: approved courses not yet over, narrowed by city and trade with a plain GET form.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let c = use_course_texts();
    let lang = crate::i18n::use_texts();
    let query = use_query_map();
    let city =
        Memo::new(move |_| query.with(|q| q.get("city").and_then(|c| c.parse::<i32>().ok())));
    let trade = Memo::new(move |_| query.with(|q| q.get("trade").filter(|t| !t.is_empty())));
    let courses = page_resource(
        move || (city.get(), trade.get()),
        |(city, trade)| list_courses(city, trade),
    );
    let choices = page_resource(
        || (),
        |_| async {
            let (cities, trades) = futures::join!(list_cities(), list_trades());
            Ok::<_, AppError>((cities?, trades?))
        },
    );
    view! {
        <PageTitle text=c().courses_title/>
        <section class="account-page courses-page">
            <h1>{move || c().courses_title}</h1>
            <p class="note">{move || c().courses_intro}</p>
            <Loaded data=choices let:choices>
                {
                    let (cities, trades) = choices;
                    let chosen_city = city.get_untracked();
                    let chosen_trade = trade.get_untracked();
                    view! {
                        <form method="get" action="/courses" class="account-form course-filter">
                            <div class="field">
                                <label for="course-city">{move || c().city_label}</label>
                                <select id="course-city" name="city">
                                    <option value="">{move || c().any_city}</option>
                                    {cities.into_iter().map(|city| view! {
                                        <option value=city.adcode selected=chosen_city == Some(city.adcode)>{city.name}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="course-trade">{move || c().trade_label}</label>
                                <select id="course-trade" name="trade">
                                    <option value="">{move || c().any_trade}</option>
                                    {trades.into_iter().map(|t| {
                                        let selected = chosen_trade.as_deref() == Some(t.code.as_str());
                                        let code = t.code.to_string();
                                        let sector = t.parent_code.is_none();
                                        view! {
                                            <option value=code selected=selected class:sector=sector>
                                                {move || t.name_in(lang().lang).to_owned()}
                                            </option>
                                        }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit">{move || c().filter}</button>
                        </form>
                    }
                }
            </Loaded>
            <Loaded data=courses let:courses>
                <CourseList courses empty=c().no_courses/>
            </Loaded>
        </section>
    }
}

/// The courses enrolling in a market's city, on its page.
#[component]
pub fn MarketCoursesSection(city_adcode: i32) -> impl IntoView {
    let c = use_course_texts();
    let courses = page_resource(move || city_adcode, |city| list_courses(Some(city), None));
    view! {
        <Loaded data=courses let:courses>
            {(!courses.is_empty()).then(|| view! {
                <section class="courses" id="courses" aria-labelledby="courses-heading">
                    <h2 id="courses-heading">{move || c().market_heading}</h2>
                    <CourseList courses=courses.into_iter().take(5).collect() empty=c().no_courses/>
                    <p><A href=format!("/courses?city={city_adcode}") attr:class="button">{move || c().all_courses}</A></p>
                </section>
            })}
        </Loaded>
    }
}

/// 为我推荐's courses, for a worker whose trades have few postings near them (nothing otherwise).
#[component]
pub fn SuggestedCoursesSection() -> impl IntoView {
    let c = use_course_texts();
    let suggestions = page_resource(|| (), |_| suggested_courses());
    view! {
        <Loaded data=suggestions let:s>
            {(!s.courses.is_empty()).then(|| {
                let few = s.postings_in_trades;
                view! {
                    <section class="account-section suggested-courses" id="courses">
                        <h2>{move || c().suggest_heading}</h2>
                        <p class="note">{move || (c().suggest_intro)(few)}</p>
                        <CourseList courses=s.courses.clone() empty=c().no_courses/>
                    </section>
                }
            })}
        </Loaded>
    }
}

/// `/courses/{id}`: a course, enrolment for a worker, and for its provider, partner or staff the way
/// to its roster; the provider changes its places or cancels it.
#[component]
pub fn CoursePage() -> impl IntoView {
    let c = use_course_texts();
    let id = route_id();
    let enrol = ServerAction::<EnrolOnCourse>::new();
    let capacity = ServerAction::<SetCourseCapacity>::new();
    let cancel = ServerAction::<CancelCourse>::new();
    let detail = page_resource(move || id.get(), read_course);
    view! {
        <PageTitle text=c().course_title/>
        <section class="account-page course-page">
            <p><A href="/courses">{move || c().back_to_courses}</A></p>
            {move || enrol.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || capacity.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || cancel.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=detail let:detail>
                <CourseView detail/>
            </Loaded>
        </section>
    }
}

#[component]
fn CourseView(detail: CourseDetail) -> impl IntoView {
    let c = use_course_texts();
    let course = detail.course.clone();
    let id = course.id;
    let title = course.title.clone();
    let open = course.status == CourseStatus::Approved || course.status == CourseStatus::Proposed;
    view! {
        <h1>{title}</h1>
        <div class="course-facts"><CourseFacts course=course.clone()/></div>
        {(!detail.description.is_empty()).then(|| view! {
            <h2>{move || c().description_heading}</h2>
            <p class="prose">{detail.description.clone()}</p>
        })}
        <Enrolment detail=detail.clone()/>
        {detail.roster_open.then(|| view! {
            <p><A href=format!("/courses/{id}/roster") attr:class="button">{move || c().roster_link}</A></p>
        })}
        {(detail.provided_by_viewer && open).then(|| view! {
            <details class="shift-action">
                <summary class="button button-quiet">{move || c().set_capacity}</summary>
                <form method="post" action=SetCourseCapacity::url()>
                    <CsrfField/>
                    <input type="hidden" name="course_id" value=id/>
                    <div class="field">
                        <label for="course-new-capacity">{move || c().capacity_label}</label>
                        <input id="course-new-capacity" name="capacity" type="number" inputmode="numeric"
                            min="1" max=COURSE_CAPACITY_MAX value=course.capacity required/>
                    </div>
                    <button type="submit">{move || c().set_capacity}</button>
                </form>
            </details>
        })}
        {((detail.provided_by_viewer || detail.roster_open) && open).then(|| view! { <CancelCourseForm id/> })}
    }
}

#[component]
fn CancelCourseForm(id: i64) -> impl IntoView {
    let c = use_course_texts();
    view! {
        <details class="shift-action give-up">
            <summary class="button button-quiet">{move || c().cancel_course}</summary>
            <form method="post" action=CancelCourse::url()>
                <CsrfField/>
                <input type="hidden" name="course_id" value=id/>
                <div class="field">
                    <label for=format!("course-cancel-{id}")>{move || c().reason_label}</label>
                    <input id=format!("course-cancel-{id}") name="reason" type="text" minlength="2" maxlength="200" required/>
                </div>
                <button type="submit" class="danger">{move || c().cancel_confirm}</button>
            </form>
        </details>
    }
}

/// The worker's side of a course: the subsidy as it applies to them, their place, enrol or withdraw.
#[component]
fn Enrolment(detail: CourseDetail) -> impl IntoView {
    let c = use_course_texts();
    let id = detail.course.id;
    let back = format!("/courses/{id}");
    let holds = detail
        .mine
        .as_ref()
        .filter(|m| m.status.holds_place())
        .cloned();
    let may_enrol = detail.enrolling && detail.course.places_left() > 0 && holds.is_none();
    let partner = detail.course.partner_name.clone();
    let subsidy = match detail.subsidy {
        Some(Subsidy::Eligible) => Some(c().subsidy_eligible),
        Some(Subsidy::UsedThisYear) => Some(c().subsidy_used),
        _ => None,
    };
    let mine = detail.mine.clone().map(|m| {
        let status = m.status;
        let days = m.days_present;
        view! {
            <p class="my-enrolment">
                <span class="badge badge-verified">{move || c().enrolment(status)}</span>
                {(days > 0).then(|| view! { " "{move || (c().my_days)(days)} })}
                {m.certificate_no.clone().map(|n| view! { " · "{move || (c().my_certificate)(&n)} })}
            </p>
        }
    });
    let action = match detail.viewer {
        CourseViewer::SignedOut if detail.enrolling => view! {
            <A href=crate::model::return_path::sign_in_href(&back) attr:class="button primary">{move || c().sign_in_to_enrol}</A>
        }
        .into_any(),
        CourseViewer::Worker if may_enrol => view! {
            <form method="post" action=EnrolOnCourse::url() class="account-form">
                <CsrfField/>
                <input type="hidden" name="course_id" value=id/>
                <input type="hidden" name="take" value="true"/>
                {partner.map(|partner| view! {
                    <label class="check">
                        <input type="checkbox" name="partner_consent" value="true"/>
                        <span>{move || (c().partner_consent)(&partner)}</span>
                    </label>
                })}
                <button type="submit" class="primary">{move || c().enrol}</button>
            </form>
        }
        .into_any(),
        CourseViewer::Worker
            if detail.enrolling && holds.as_ref().is_some_and(|m| m.status == EnrolmentStatus::Enrolled) =>
        {
            view! {
                <details class="give-up">
                    <summary class="button button-quiet">{move || c().withdraw}</summary>
                    <form method="post" action=EnrolOnCourse::url()>
                        <CsrfField/>
                        <input type="hidden" name="course_id" value=id/>
                        <input type="hidden" name="take" value="false"/>
                        <button type="submit" class="danger">{move || c().withdraw_confirm}</button>
                    </form>
                </details>
            }
            .into_any()
        }
        _ if !detail.enrolling && detail.course.status == CourseStatus::Approved && holds.is_none() => {
            view! { <p class="note">{move || c().enrolment_closed}</p> }.into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <section class="enrolment" id="enrol">
            {subsidy.map(|text| view! { <p class="notice subsidy">{text}</p> })}
            {mine}
            {action}
        </section>
    }
}

/// `/courses/{id}/roster?day=`: the learners with their attendance on a day; staff tick who is
/// present and record completions.
#[component]
pub fn CourseRosterPage() -> impl IntoView {
    let c = use_course_texts();
    let id = route_id();
    let query = use_query_map();
    let day = Memo::new(move |_| {
        query.with(|q| {
            q.get("day")
                .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        })
    });
    let attendance = ServerAction::<RecordCourseAttendance>::new();
    let complete = ServerAction::<CompleteCourse>::new();
    let roster = page_resource(
        move || (id.get(), day.get()),
        |(id, day)| read_course_roster(id, day),
    );
    view! {
        <PageTitle text=c().roster_title/>
        <section class="account-page course-roster">
            <p><A href=move || format!("/courses/{}", id.get())>{move || c().back_to_course}</A></p>
            <h1>{move || c().roster_title}</h1>
            {move || attendance.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            {move || complete.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=roster let:roster>
                <RosterView roster/>
            </Loaded>
        </section>
    }
}

#[component]
fn RosterView(roster: CourseRoster) -> impl IntoView {
    let c = use_course_texts();
    let id = roster.course.id;
    let day = roster.day.to_string();
    let staff = roster.role == RosterRole::Staff;
    let (day_open, may_complete) = (roster.day_open, roster.may_complete);
    let on_course: Vec<Learner> = roster.learners.clone();
    let enrolled = roster.course.enrolled;
    let capacity = roster.course.capacity;
    let legend_day = day.clone();
    view! {
        <h2>{roster.course.title.clone()}</h2>
        <p class="muted">{move || (c().enrolled_of)(enrolled, capacity)}</p>
        {(roster.role == RosterRole::Partner).then(|| view! { <p class="note">{move || c().partner_note}</p> })}
        {staff.then(|| view! {
            <form method="get" action=format!("/courses/{id}/roster") class="inline-form roster-day">
                <div class="field">
                    <label for="roster-day">{move || c().day_label}</label>
                    <input id="roster-day" name="day" type="date" value=day.clone()/>
                </div>
                <button type="submit">{move || c().show_day}</button>
            </form>
        })}
        {if on_course.is_empty() {
            view! { <p class="empty">{move || c().no_learners}</p> }.into_any()
        } else if staff && day_open {
            // One form for the day's attendance; each learner's completion is a form of its own,
            // below, so the two never post each other's fields.
            view! {
                <form method="post" action=RecordCourseAttendance::url() class="account-form attendance">
                    <CsrfField/>
                    <input type="hidden" name="course_id" value=id/>
                    <input type="hidden" name="day" value=roster.day.to_string()/>
                    <fieldset class="field">
                        <legend>{move || (c().present_legend)(&legend_day)}</legend>
                        {on_course.iter().map(|l| {
                            let label = format!("{} {}", l.name, l.phone);
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="present[]" value=l.worker_id checked=l.present/>
                                    <span>{label}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="primary">{move || c().record_present}</button>
                </form>
            }
            .into_any()
        } else {
            ().into_any()
        }}
        {(staff && !day_open && !on_course.is_empty()).then(|| view! { <p class="note">{move || c().day_closed}</p> })}
        {(staff && !may_complete && !on_course.is_empty()).then(|| view! { <p class="note">{move || c().not_begun}</p> })}
        <ul class="review-list learners">
            {on_course.into_iter().map(|l| view! { <LearnerItem learner=l course_id=id may_complete/> }).collect_view()}
        </ul>
    }
}

#[component]
fn LearnerItem(learner: Learner, course_id: i64, may_complete: bool) -> impl IntoView {
    let c = use_course_texts();
    let status = learner.status;
    let days = learner.days_present;
    let worker_id = learner.worker_id;
    let field = format!("certificate-{worker_id}");
    view! {
        <li class="review-item learner" data-worker=worker_id data-status=status.as_str()>
            <p>
                <strong>{learner.name.clone()}</strong>" "
                <a class="button" href=format!("tel:{}", learner.phone)>{move || c().call}" "{learner.phone.clone()}</a>
            </p>
            <p class="muted">
                <span class="badge">{move || c().enrolment(status)}</span>" "{move || (c().days_present)(days)}
                {learner.present.then(|| view! { " "<span class="badge badge-verified">{move || c().present_badge}</span> })}
                {learner.certificate_no.clone().map(|n| view! { " · "{move || (c().completed)(&n)} })}
            </p>
            {(may_complete && status == EnrolmentStatus::Enrolled).then(|| view! {
                <form method="post" action=CompleteCourse::url() class="inline-form complete">
                    <CsrfField/>
                    <input type="hidden" name="course_id" value=course_id/>
                    <input type="hidden" name="worker_id" value=worker_id/>
                    <div class="field">
                        <label for=field.clone()>{move || c().certificate_label}</label>
                        <input id=field.clone() name="certificate_no" type="text" maxlength="40" autocomplete="off" required/>
                    </div>
                    <button type="submit">{move || c().complete}</button>
                </form>
            })}
        </li>
    }
}

/// The employer page's 培训课程: propose a course; the courses the organisation gives and those it is
/// the partner of.
#[component]
pub fn OrganisationCoursesSection() -> impl IntoView {
    let c = use_course_texts();
    let propose = ServerAction::<ProposeCourse>::new();
    let courses = page_resource(|| (), |_| courses_of_organisation());
    view! {
        <Loaded data=courses let:courses>
            {view! {
                <section class="account-section organisation-courses" id="courses">
                    <h2>{move || c().org_heading}</h2>
                    <p class="muted">{move || c().org_intro}</p>
                    {move || propose.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
                    <ProposeForm/>
                    <h3>{move || c().offered_heading}</h3>
                    <CourseList courses=courses.offered empty=c().none_offered/>
                    {(!courses.partnered.is_empty()).then(|| view! {
                        <h3>{move || c().partnered_heading}</h3>
                        <ul class="review-list courses">
                            {courses.partnered.into_iter().map(|course| {
                                let id = course.id;
                                let title = course.title.clone();
                                view! {
                                    <li class="review-item course" data-course=id>
                                        <h3><A href=format!("/courses/{id}")>{title}</A></h3>
                                        <CourseFacts course/>
                                        <A href=format!("/courses/{id}/roster") attr:class="button">{move || c().roster_link}</A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                </section>
            }}
        </Loaded>
    }
}

#[component]
fn ProposeForm() -> impl IntoView {
    let c = use_course_texts();
    let lang = crate::i18n::use_texts();
    let choices = page_resource(
        || (),
        |_| async {
            let (cities, trades) = futures::join!(list_cities(), list_trades());
            Ok::<_, AppError>((cities?, trades?))
        },
    );
    // The form's first day: a server component, so the server's calendar.
    #[cfg(feature = "ssr")]
    let today = crate::calendar::today().to_string();
    #[cfg(not(feature = "ssr"))]
    let today = String::new();
    view! {
        <details class="shift-action propose-course">
            <summary class="button">{move || c().propose}</summary>
            <Loaded data=choices let:choices>
                {
                    let (cities, trades) = choices;
                    let today = today.clone();
                    view! {
                        <form method="post" action=ProposeCourse::url() class="account-form">
                            <CsrfField/>
                            <div class="field">
                                <label for="course-title">{move || c().title_label}</label>
                                <input id="course-title" name="title" type="text" minlength="2" maxlength="60" required/>
                            </div>
                            <div class="field">
                                <label for="course-trade-new">{move || c().trade_label}</label>
                                <select id="course-trade-new" name="trade" required>
                                    {trades.into_iter().filter(|t| t.parent_code.is_some()).map(|t| {
                                        let code = t.code.to_string();
                                        view! { <option value=code>{move || t.name_in(lang().lang).to_owned()}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="course-district">{move || c().district_label}</label>
                                <select id="course-district" name="district" required>
                                    {cities.into_iter().map(|city| view! {
                                        <optgroup label=city.name.clone()>
                                            {city.districts.into_iter().map(|d| view! {
                                                <option value=d.adcode>{d.name}</option>
                                            }).collect_view()}
                                        </optgroup>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="course-address">{move || c().address_label}</label>
                                <input id="course-address" name="address" type="text" minlength="2" maxlength="100" required/>
                            </div>
                            <div class="field">
                                <label for="course-starts">{move || c().starts_label}</label>
                                <input id="course-starts" name="starts_on" type="date" min=today.clone() value=today.clone() required/>
                            </div>
                            <div class="field">
                                <label for="course-ends">{move || c().ends_label}</label>
                                <input id="course-ends" name="ends_on" type="date" min=today.clone() value=today.clone() required/>
                            </div>
                            <div class="field">
                                <label for="course-schedule">{move || c().schedule_label}</label>
                                <input id="course-schedule" name="schedule" type="text" minlength="2" maxlength="100"
                                    placeholder=move || c().schedule_placeholder required/>
                            </div>
                            <div class="field">
                                <label for="course-hours">{move || c().hours_label}</label>
                                <input id="course-hours" name="hours" type="number" inputmode="numeric" min="1" max=COURSE_HOURS_MAX required/>
                            </div>
                            <div class="field">
                                <label for="course-capacity">{move || c().capacity_label}</label>
                                <input id="course-capacity" name="capacity" type="number" inputmode="numeric" min="1" max=COURSE_CAPACITY_MAX value="30" required/>
                            </div>
                            <div class="field">
                                <label for="course-cost">{move || c().cost_label}</label>
                                <input id="course-cost" name="cost" type="text" inputmode="decimal" maxlength="12" value="0"/>
                            </div>
                            <label class="check">
                                <input type="checkbox" name="subsidy_eligible" value="true"/>
                                <span>{move || c().subsidy_label}</span>
                            </label>
                            <fieldset class="field">
                                <legend>{move || c().partner_legend}</legend>
                                <label for="course-partner">{move || c().partner_code_label}</label>
                                <input id="course-partner" name="partner_credit_code" type="text" maxlength="18" autocomplete="off"/>
                                <label for="course-partner-places">{move || c().partner_places_label}</label>
                                <input id="course-partner-places" name="partner_places" type="number" inputmode="numeric" min="1" max=COURSE_CAPACITY_MAX/>
                            </fieldset>
                            <div class="field">
                                <label for="course-description">{move || c().description_label}</label>
                                <textarea id="course-description" name="description" maxlength="2000" rows="4"></textarea>
                            </div>
                            <button type="submit" class="primary">{move || c().submit_proposal}</button>
                        </form>
                    }
                }
            </Loaded>
        </details>
    }
}

/// The staff desk's 培训课程: proposals in the area to approve or reject, and the courses running.
#[component]
pub fn StaffCoursesSection() -> impl IntoView {
    let c = use_course_texts();
    let decide = ServerAction::<DecideCourse>::new();
    let courses = page_resource(|| (), |_| courses_for_staff());
    view! {
        <section class="account-section staff-courses" id="courses">
            <h2>{move || c().staff_heading}</h2>
            <p class="muted">{move || c().staff_intro}</p>
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <Failure error=e/> })}
            <Loaded data=courses let:desk>
                <h3>{move || c().proposed_heading}</h3>
                {if desk.proposed.is_empty() {
                    view! { <p class="empty">{move || c().none_proposed}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list courses">
                            {desk.proposed.clone().into_iter().map(|course| {
                                let id = course.id;
                                let title = course.title.clone();
                                view! {
                                    <li class="review-item course proposed" data-course=id>
                                        <h3><A href=format!("/courses/{id}")>{title}</A></h3>
                                        <CourseFacts course/>
                                        <form method="post" action=DecideCourse::url() class="actions">
                                            <CsrfField/>
                                            <input type="hidden" name="course_id" value=id/>
                                            <input type="hidden" name="approve" value="true"/>
                                            <button type="submit" class="primary">{move || c().approve}</button>
                                        </form>
                                        <details class="shift-action give-up">
                                            <summary class="button button-quiet">{move || c().reject}</summary>
                                            <form method="post" action=DecideCourse::url()>
                                                <CsrfField/>
                                                <input type="hidden" name="course_id" value=id/>
                                                <input type="hidden" name="approve" value="false"/>
                                                <div class="field">
                                                    <label for=format!("course-reject-{id}")>{move || c().reject_reason_label}</label>
                                                    <input id=format!("course-reject-{id}") name="reason" type="text" minlength="2" maxlength="200" required/>
                                                </div>
                                                <button type="submit" class="danger">{move || c().reject}</button>
                                            </form>
                                        </details>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
                <h3>{move || c().running_heading}</h3>
                {if desk.running.is_empty() {
                    view! { <p class="empty">{move || c().none_running}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list courses">
                            {desk.running.clone().into_iter().map(|course| {
                                let id = course.id;
                                let (enrolled, capacity) = (course.enrolled, course.capacity);
                                view! {
                                    <li class="review-item course running" data-course=id>
                                        <h3><A href=format!("/courses/{id}")>{course.title.clone()}</A></h3>
                                        <p class="muted">{course.provider_name.clone()}" · "{course.starts_on.to_string()}" · "{move || (c().enrolled_of)(enrolled, capacity)}</p>
                                        <A href=format!("/courses/{id}/roster") attr:class="button">{move || c().roster_link}</A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

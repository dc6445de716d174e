//! Live boards (实时看板): the index of boards, one board per market, district, city and the province,
//! and the big-screen mode (`?screen=1`) for a market hall's display.
//!
//! The first board comes with the page (server-rendered); after that the browser listens to the board's
//! stream and replaces the whole board with every one it receives, so it never drifts from the server.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::boards::{board_staff_figures, get_board};
use crate::components::feedback::Failure;
use crate::components::page_title::{PageDescription, PageTitle, ShareCard};
use crate::error::AppError;
use crate::i18n::{use_board_texts, use_market_texts, use_texts, BoardTexts};
use crate::model::{format_pay, AreaRow, Board, BoardScope, BoardTotals, Role, StaffFigures};
use crate::pages::not_found::Missing;
use crate::resource::{page_resource, UserResource};

/// Every board: the province, each city, each market and station.
#[component]
pub fn BoardsPage() -> impl IntoView {
    let t = use_texts();
    let b = use_board_texts();
    let cities = page_resource(|| (), |_| crate::api::places::list_cities());
    let markets = page_resource(|| (), |_| crate::api::markets::list_markets(None, None));
    view! {
        <PageTitle text=b().boards_title/>
        <PageDescription text=b().boards_intro/>
        <section class="boards-index">
            <h1>{move || b().boards_title}</h1>
            <p class="lead">{move || b().boards_intro}</p>
            <BoardLinks name=Signal::derive(move || b().province_board.to_owned()) scope=BoardScope::Province/>
            <Suspense fallback=move || view! { <p class="loading">{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let cities = cities.await;
                    let markets = markets.await;
                    match (cities, markets) {
                        (Ok(cities), Ok(markets)) => view! {
                            <h2>{move || b().city_boards}</h2>
                            <ul class="board-list">
                                {cities.into_iter().map(|city| view! {
                                    <li><BoardLinks name=Signal::stored(city.name) scope=BoardScope::City(city.adcode)/></li>
                                }).collect_view()}
                            </ul>
                            <h2>{move || b().market_boards}</h2>
                            <ul class="board-list">
                                {markets.into_iter().map(|market| view! {
                                    <li><BoardLinks name=Signal::stored(market.name) scope=BoardScope::Market(market.slug)/></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <Failure error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// A board's name with its two ways to open it.
#[component]
fn BoardLinks(name: Signal<String>, scope: BoardScope) -> impl IntoView {
    let b = use_board_texts();
    let path = scope.path();
    let screen = format!("{path}?screen=1");
    view! {
        <div class="board-link">
            <span class="board-link-name">{name}</span>
            <A href=path attr:class="button">{move || b().open_board}</A>
            <A href=screen attr:class="button button-secondary">{move || b().open_screen}</A>
        </div>
    }
    .into_any()
}

/// One board, at `/boards/{kind}/{key}`; `?screen=1` for the big screen.
#[component]
pub fn BoardPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let query = use_query_map();
    let address = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get("kind").unwrap_or_default(),
                p.get("key").unwrap_or_default(),
            )
        })
    });
    let screen = Memo::new(move |_| query.with(|q| q.get("screen").as_deref() == Some("1")));
    let first = page_resource(move || address.get(), |(kind, key)| get_board(kind, key));
    let user = use_context::<UserResource>();
    let b = use_board_texts();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(board) => {
                        let staff = match user {
                            Some(user) => matches!(user.await, Ok(Some(u)) if matches!(u.role, Role::Staff | Role::Admin)),
                            None => false,
                        };
                        // Staff only (others are never asked, so nobody is refused).
                        let figures = if staff {
                            board_staff_figures(board.scope.kind().to_owned(), board.scope.key()).await.ok()
                        } else {
                            None
                        };
                        let name = board.name.clone();
                        view! {
                            <PageTitle text=(b().board_of)(&name)/>
                            <PageDescription text=b().boards_intro/>
                            <ShareCard title=(b().board_of)(&name) description=b().boards_intro/>
                            <LiveBoard first=board screen=screen.get_untracked() staff figures/>
                        }
                        .into_any()
                    }
                    Err(AppError::NotFound) => view! {
                        <Missing message=|t| t.not_found_body back_href="/" back_label=|t| t.back_home/>
                    }.into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// Where a board's live stream stands; on the page as `data-stream` for monitors and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum StreamState {
    /// Not yet received a board over the stream (the page shows the one it came with).
    Connecting,
    Open,
    /// Lost; the browser is reconnecting.
    Down,
}

impl StreamState {
    fn as_str(self) -> &'static str {
        match self {
            StreamState::Connecting => "connecting",
            StreamState::Open => "open",
            StreamState::Down => "down",
        }
    }
}

/// A board that keeps itself current: an island of its own, fetched only by the boards' pages. A staff
/// member's board also carries the figures for staff, read again with every board that arrives.
#[island(lazy)]
fn LiveBoard(
    first: Board,
    screen: bool,
    staff: bool,
    figures: Option<StaffFigures>,
) -> impl IntoView {
    crate::prefs::provide_prefs();
    let screen = Memo::new(move |_| screen);
    let b = use_board_texts();
    let m = use_market_texts();
    let scope = first.scope.clone();
    let board = RwSignal::new(first);
    let stream = RwSignal::new(StreamState::Connecting);
    let connected = move || stream.get() != StreamState::Down;
    #[cfg(feature = "hydrate")]
    browser::follow(scope.events_path(), board, stream);

    let staff_figures = RwSignal::new(figures);
    #[cfg(feature = "hydrate")]
    if staff {
        browser::follow_staff_figures(scope.clone(), board, staff_figures);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = staff;

    let view_index = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    browser::rotate(screen, view_index);
    let clock = RwSignal::new(board.with_untracked(|b| b.read_at.clone()));
    #[cfg(feature = "hydrate")]
    browser::tick_clock(clock);

    let has_areas = move || board.with(|b| !b.areas.is_empty());
    // Views of the big screen, in turn: the newest postings, the trades, the places (where there are).
    let showing = move |view: u32| {
        let views = if has_areas() { 3 } else { 2 };
        !screen.get() || view_index.get() % views == view
    };
    let qr = format!("/api/boards/{}/{}/qr.svg", scope.kind(), scope.key());
    let path = scope.path();

    view! {
        <section
            class=move || if screen.get() { "board board-screen" } else { "board" }
            aria-live="off"
            data-change=move || board.with(|b| b.change.to_string())
            data-stream=move || stream.get().as_str()
        >
            <header class="board-head">
                <div>
                    <h1>{move || board.with(|bd| (b().board_of)(&bd.name))}</h1>
                    <p class="board-day">
                        {move || board.with(|bd| (b().today)(&bd.day))}
                        " · "
                        <span class="board-clock">{move || clock.get()}</span>
                        " · "
                        <span class=move || if connected() { "board-live" } else { "board-live board-live-down" } role="status">
                            {move || if connected() { b().live } else { m().reconnecting }}
                        </span>
                    </p>
                </div>
                <Show when=move || screen.get()>
                    <figure class="board-qr">
                        <img src=qr.clone() width="120" height="120" alt=move || b().scan_to_open/>
                        <figcaption>{move || b().scan_to_open}</figcaption>
                    </figure>
                </Show>
                <Show when=move || !screen.get()>
                    <nav class="board-actions">
                        <a href=format!("{path}?screen=1") class="button button-secondary">{move || b().open_screen}</a>
                    </nav>
                </Show>
            </header>
            <Totals totals=Signal::derive(move || board.with(|b| b.totals))/>
            {move || staff_figures.get().map(|figures| view! { <StaffPanel figures/> })}
            <Show when=move || board.with(|b| !b.fairs.is_empty())>
                <Fairs board/>
            </Show>
            <Show when=move || board.with(|b| !b.buses.is_empty())>
                <Buses board/>
            </Show>
            <div class="board-views">
                <Show when=move || showing(0)>
                    <Newest board/>
                </Show>
                <Show when=move || showing(1)>
                    <Trades board/>
                </Show>
                <Show when=move || has_areas() && showing(2)>
                    <Areas board/>
                </Show>
            </div>
            <Show when=move || screen.get()>
                <p class="board-hint">{move || b().screen_hint}</p>
            </Show>
        </section>
    }
    .into_any()
}

#[component]
fn Totals(totals: Signal<BoardTotals>) -> impl IntoView {
    let b = untrack(use_board_texts());
    let tile = move |label: fn(&BoardTexts) -> &'static str, value: fn(&BoardTotals) -> i64| {
        view! {
            <div class="board-tile">
                <span class="board-tile-value">{move || value(&totals.get()).to_string()}</span>
                <span class="board-tile-label">{label(b)}</span>
            </div>
        }
    };
    view! {
        <div class="board-totals">
            {tile(|t| t.open_postings, |n| n.open_postings)}
            {tile(|t| t.places_wanted, |n| n.places_wanted)}
            {tile(|t| t.published, |n| n.published)}
            {tile(|t| t.applications, |n| n.applications)}
            {tile(|t| t.fills, |n| n.fills)}
        </div>
    }
    .into_any()
}

#[component]
fn StaffPanel(figures: StaffFigures) -> impl IntoView {
    let b = use_board_texts();
    view! {
        <section class="board-staff">
            <h2>{move || b().staff_heading}</h2>
            <dl>
                <div><dt>{move || b().pending_decisions}</dt><dd>{figures.pending_decisions}</dd></div>
                <div><dt>{move || b().open_reports}</dt><dd>{figures.open_reports}</dd></div>
                <div><dt>{move || b().employers_waiting}</dt><dd>{figures.employers_waiting}</dd></div>
                <div><dt>{move || b().no_shows_today}</dt><dd>{figures.no_shows_today}</dd></div>
                <div class="open-wage-cases"><dt>{move || b().open_wage_cases}</dt><dd>{figures.open_wage_cases}</dd></div>
                <div class="open-help-cases"><dt>{move || b().open_help_cases}</dt><dd>{figures.open_help_cases}</dd></div>
                <div class="help-placements"><dt>{move || b().help_placements_month}</dt><dd>{figures.help_placements_month}</dd></div>
            </dl>
            <a href="/staff/statistics" class="button button-secondary">{move || b().statistics_link}</a>
        </section>
    }
    .into_any()
}

/// Today's 零工巴士 runs with their seats taken, live: the hall sees the morning's buses fill.
#[component]
fn Buses(board: RwSignal<Board>) -> impl IntoView {
    let v = untrack(|| crate::i18n::use_service_texts()());
    view! {
        <section class="board-buses">
            <h2>{v.board_heading}</h2>
            <ol class="board-feed">
                <For each=move || board.with(|b| b.buses.clone()) key=|r| (r.id, r.taken, r.seats, r.cancelled) let:run>
                    <li class="board-feed-item board-bus">
                        <span class="board-feed-time">{run.departs}</span>
                        <span class="board-feed-title">{run.destination}</span>
                        <span class="board-feed-meta">{run.market_name}</span>
                        <span class="board-feed-left">
                            {if run.cancelled { v.board_cancelled.to_owned() } else { (v.board_taken)(run.taken, run.seats) }}
                        </span>
                    </li>
                </For>
            </ol>
        </section>
    }
    .into_any()
}

/// Today's job fairs, live: employers arriving, the postings they bring and people checked in at the
/// door, as it happens.
#[component]
fn Fairs(board: RwSignal<Board>) -> impl IntoView {
    let (f, v) = untrack(|| {
        (
            crate::i18n::use_fair_texts()(),
            crate::i18n::use_service_texts()(),
        )
    });
    view! {
        <section class="board-fairs">
            <h2>{f.board_heading}</h2>
            <ol class="board-feed">
                <For
                    each=move || board.with(|b| b.fairs.clone())
                    key=|fair| (fair.id, fair.present, fair.booked, fair.postings, fair.checked_in, fair.cancelled)
                    let:fair
                >
                    <li class="board-feed-item board-fair" data-fair=fair.id>
                        <span class="board-feed-time">{fair.hours}</span>
                        <span class="board-feed-title">{fair.title}</span>
                        <span class="board-feed-meta">{fair.market_name}</span>
                        <span class="board-feed-left board-fair-figures">
                            {if fair.cancelled {
                                v.board_cancelled.to_owned()
                            } else {
                                (f.board_line)(fair.present, fair.booked, fair.postings as usize, fair.checked_in)
                            }}
                        </span>
                    </li>
                </For>
            </ol>
        </section>
    }
    .into_any()
}

/// The newest postings; a new one slides in at the top.
#[component]
fn Newest(board: RwSignal<Board>) -> impl IntoView {
    // A row's words are read once: the language never changes under a live board (switching it reloads
    // the page), and a row without reactive parts is cheap to hydrate on a slow phone.
    let (t, b) = untrack(|| (use_texts()(), use_board_texts()()));
    view! {
        <section class="board-newest">
            <h2>{b.newest_heading}</h2>
            <Show
                when=move || board.with(|b| !b.newest.is_empty())
                fallback=move || view! { <p class="empty">{b.nothing_today}</p> }
            >
                <ol class="board-feed">
                    <For each=move || board.with(|b| b.newest.clone()) key=|p| (p.id, p.places_left) let:posting>
                        <li class="board-feed-item">
                            <span class="board-feed-time">{posting.published}</span>
                            <a href=format!("/postings/{}", posting.id) class="board-feed-title">{posting.title}</a>
                            <span class="board-feed-meta">
                                {match t.lang {
                                    crate::i18n::Lang::Zh => posting.trade_name,
                                    crate::i18n::Lang::En => posting.trade_name_en,
                                }}
                                " · " {posting.place_name}
                            </span>
                            <span class="board-feed-pay">
                                {format!("{} {}", format_pay(posting.pay_cents), t.pay_unit(posting.pay_unit))}
                            </span>
                            <span class="board-feed-left">{(b.places_left)(posting.places_left)}</span>
                        </li>
                    </For>
                </ol>
            </Show>
        </section>
    }
    .into_any()
}

/// Places wanted against applications, by trade: two bars each, scaled to the largest number shown.
#[component]
fn Trades(board: RwSignal<Board>) -> impl IntoView {
    let (t, b) = untrack(|| (use_texts()(), use_board_texts()()));
    view! {
        <section class="board-trades">
            <h2>{b.trades_heading}</h2>
            <p class="board-legend">
                <span class="legend legend-demand">{b.places_wanted}</span>
                <span class="legend legend-supply">{b.applications}</span>
            </p>
            <Show
                when=move || board.with(|b| !b.trades.is_empty())
                fallback=move || view! { <p class="empty">{b.nothing_today}</p> }
            >
                <ul class="board-bars" aria-label=b.demand_vs_applicants>
                    {move || {
                        let trades = board.with(|b| b.trades.clone());
                        let max = trades
                            .iter()
                            .map(|t| t.totals.places_wanted.max(t.totals.applications))
                            .max()
                            .unwrap_or(1)
                            .max(1);
                        let lang = t.lang;
                        trades.into_iter().map(|trade| {
                            let name = match lang {
                                crate::i18n::Lang::Zh => trade.trade_name,
                                crate::i18n::Lang::En => trade.trade_name_en,
                            };
                            let demand = trade.totals.places_wanted;
                            let supply = trade.totals.applications;
                            view! {
                                <li class="board-bar">
                                    <span class="board-bar-name">{name}</span>
                                    <span class="bar bar-demand" style=format!("width: {}%", percent(demand, max))></span>
                                    <span class="bar-value">{demand}</span>
                                    <span class="bar bar-supply" style=format!("width: {}%", percent(supply, max))></span>
                                    <span class="bar-value">{supply}</span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
    .into_any()
}

fn percent(value: i64, max: i64) -> i64 {
    (value.max(0) * 100 / max.max(1)).clamp(0, 100)
}

/// The places inside the board's place, with their numbers and their own boards.
#[component]
fn Areas(board: RwSignal<Board>) -> impl IntoView {
    let b = untrack(use_board_texts());
    let heading = move || match board.with(|b| b.scope.clone()) {
        BoardScope::Province => b.areas_heading_province,
        BoardScope::City(_) => b.areas_heading_city,
        _ => b.areas_heading_district,
    };
    view! {
        <section class="board-areas">
            <h2>{heading}</h2>
            <table class="board-table">
                <thead>
                    <tr>
                        <th scope="col">{move || b.area_column(&board.with(|b| b.scope.clone()))}</th>
                        <th scope="col">{b.open_postings}</th>
                        <th scope="col">{b.places_wanted}</th>
                        <th scope="col">{b.applications}</th>
                        <th scope="col">{b.fills}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || board.with(|b| b.areas.clone()) key=|row: &AreaRow| (row.board.clone(), row.totals) let:row>
                        <tr>
                            <th scope="row"><a href=row.board.path()>{row.name.clone()}</a></th>
                            <td>{row.totals.open_postings}</td>
                            <td>{row.totals.places_wanted}</td>
                            <td>{row.totals.applications}</td>
                            <td>{row.totals.fills}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::rc::{Rc, Weak};

    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::StreamState;
    use crate::model::Board;

    /// How soon a stream the browser gave up on is opened again.
    const GIVE_UP_RETRY_MS: i32 = 3000;

    /// How long each view of the big screen stays before the next.
    const ROTATE_SECONDS: u32 = 15;

    /// A screen left running reloads itself after this long, at a view change: whatever a browser
    /// may leak over days is returned, and a new release is picked up.
    const RELOAD_AFTER_MS: f64 = 12.0 * 3600.0 * 1000.0;

    /// An open stream and the handlers it calls, dropped together.
    struct Stream {
        source: web_sys::EventSource,
        _handlers: (
            Closure<dyn Fn(web_sys::MessageEvent)>,
            Closure<dyn Fn(web_sys::Event)>,
        ),
    }

    type Current = Rc<RefCell<Option<Stream>>>;

    /// Listens to the board's stream until the page is left. The browser reconnects by itself after a
    /// network error (the server asks for a retry after a second) and the server then sends the current
    /// board, so nothing missed stays missing. A stream the browser gives up on (an error answer from a
    /// server that is starting or stopping) is opened again here after a few seconds.
    pub fn follow(path: String, board: RwSignal<Board>, state: RwSignal<StreamState>) {
        let current: Current = Rc::new(RefCell::new(None));
        open(Rc::from(path), board, state, Rc::downgrade(&current));
        let held = SendWrapper::new(current);
        on_cleanup(move || {
            if let Some(stream) = held.borrow_mut().take() {
                stream.source.close();
            }
        });
    }

    fn open(
        path: Rc<str>,
        board: RwSignal<Board>,
        state: RwSignal<StreamState>,
        current: Weak<RefCell<Option<Stream>>>,
    ) {
        let Some(slot) = current.upgrade() else {
            return;
        };
        let Ok(source) = web_sys::EventSource::new(&path) else {
            state.set(StreamState::Down);
            return;
        };
        let on_board =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let Some(text) = event.data().as_string() else {
                    return;
                };
                // The reader `get_board`'s response uses: one deserialiser in the Wasm, not two.
                match serde_json::from_slice::<Board>(text.as_bytes()) {
                    Ok(next) => {
                        state.set(StreamState::Open);
                        // The stream opens with the board as it is now, most often the one the page
                        // came with: redrawing it would only cost a slow phone a long task.
                        // (The time it was read at is the clock's business.)
                        board.maybe_update(|current| {
                            let changed = current.change != next.change
                                || *current
                                    != Board {
                                        read_at: current.read_at.clone(),
                                        ..next.clone()
                                    };
                            if changed {
                                *current = next;
                            }
                            changed
                        });
                    }
                    Err(error) => leptos::logging::warn!("unreadable board: {error}"),
                }
            });
        let _ = source.add_event_listener_with_callback("board", on_board.as_ref().unchecked_ref());
        let on_error = {
            let source = source.clone();
            let path = path.clone();
            let current = current.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                state.set(StreamState::Down);
                if source.ready_state() == web_sys::EventSource::CLOSED {
                    let (path, current) = (path.clone(), current.clone());
                    let again = Closure::once_into_js(move || open(path, board, state, current));
                    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
                        again.unchecked_ref(),
                        GIVE_UP_RETRY_MS,
                    );
                }
            })
        };
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // Replacing the previous stream drops its handlers with it.
        let previous = slot.borrow_mut().replace(Stream {
            source,
            _handlers: (on_board, on_error),
        });
        if let Some(previous) = previous {
            previous.source.close();
        }
    }

    /// Turns the big screen's views every few seconds.
    pub fn rotate(screen: Memo<bool>, view_index: RwSignal<u32>) {
        let started = js_sys::Date::now();
        let turn = Closure::<dyn Fn()>::new(move || {
            if !screen.get_untracked() {
                return;
            }
            if js_sys::Date::now() - started > RELOAD_AFTER_MS {
                let _ = window().location().reload();
                return;
            }
            view_index.update(|i| *i = i.wrapping_add(1));
        });
        let Ok(handle) = window().set_interval_with_callback_and_timeout_and_arguments_0(
            turn.as_ref().unchecked_ref(),
            (ROTATE_SECONDS * 1000) as i32,
        ) else {
            return;
        };
        let held = SendWrapper::new(turn);
        on_cleanup(move || {
            window().clear_interval_with_handle(handle);
            drop(held);
        });
    }

    /// A clock for the hall: the browser's time in China Standard Time, every second.
    /// Reads the staff's figures again whenever a new board has arrived.
    pub fn follow_staff_figures(
        scope: crate::model::BoardScope,
        board: RwSignal<crate::model::Board>,
        figures: RwSignal<Option<crate::model::StaffFigures>>,
    ) {
        Effect::new(move |previous: Option<i64>| {
            let change = board.with(|b| b.change);
            if previous.is_some_and(|p| p != change) {
                let (kind, key) = (scope.kind().to_owned(), scope.key());
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = crate::api::boards::board_staff_figures(kind, key).await {
                        figures.set(Some(fresh));
                    }
                });
            }
            change
        });
    }

    pub fn tick_clock(clock: RwSignal<String>) {
        let tick = Closure::<dyn Fn()>::new(move || {
            let now = js_sys::Date::now() / 1000.0 + 8.0 * 3600.0;
            let seconds = (now as i64).rem_euclid(86_400);
            clock.set(format!(
                "{:02}:{:02}:{:02}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            ));
        });
        let Ok(handle) = window().set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            1000,
        ) else {
            return;
        };
        let held = SendWrapper::new(tick);
        on_cleanup(move || {
            window().clear_interval_with_handle(handle);
            drop(held);
        });
    }
}

//! Statistics (统计) for staff: postings, places, applications and hires of their area by day, week or
//! month, charted and exportable; by trade and by place for the whole range.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::boards::area_statistics;
use crate::components::feedback::Loaded;
use crate::components::page_title::PageTitle;
use crate::i18n::{use_board_texts, use_texts};
use crate::model::{BoardScope, BreakdownRow, Period, PeriodFigures, Statistics};
use crate::resource::page_resource;

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let _t = use_texts();
    let _a = crate::i18n::use_account_texts();
    let b = use_board_texts();
    let query = use_query_map();
    let request = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("period")
                    .and_then(|p| Period::parse(&p))
                    .unwrap_or_default(),
                q.get("kind"),
                q.get("key"),
            )
        })
    });
    let figures = page_resource(
        move || request.get(),
        |(period, kind, key)| area_statistics(period.as_str().to_owned(), kind, key),
    );
    let link = move |period: Period| {
        let (_, kind, key) = request.get();
        let mut href = format!("?period={}", period.as_str());
        if let (Some(kind), Some(key)) = (kind, key) {
            href.push_str(&format!("&kind={kind}&key={key}"));
        }
        href
    };
    view! {
        <PageTitle text=b().statistics_title/>
        <section class="statistics">
            <h1>{move || b().statistics_title}</h1>
            <nav class="tabs" aria-label=move || b().section_periods>
                {Period::ALL.into_iter().map(|period| view! {
                    // A plain link: the router's `A` marks every link to this path as the current page,
                    // whatever its query, so all three tabs looked chosen.
                    <a href=move || link(period) class="tab"
                        aria-current=move || (request.get().0 == period).then_some("page")>
                        {move || b().period(period)}
                    </a>
                }).collect_view()}
            </nav>
            <Loaded data=figures let:statistics>
                {view! { <StatisticsView statistics/> }}
            </Loaded>
        </section>
    }
    .into_any()
}

#[component]
fn StatisticsView(statistics: Statistics) -> impl IntoView {
    let b = use_board_texts();
    let mut csv = format!(
        "/staff/statistics.csv?period={}",
        statistics.period.as_str()
    );
    csv.push_str(&format!(
        "&kind={}&key={}",
        statistics.board.kind(),
        statistics.board.key()
    ));
    let empty = statistics
        .periods
        .iter()
        .all(|p| p.published == 0 && p.applications == 0);
    let periods = statistics.periods.clone();
    let periods2 = statistics.periods.clone();
    view! {
        <h2>{statistics.scope_name.clone()} " · " {move || b().period(statistics.period)}</h2>
        <p><a href=csv download class="button">{move || b().download_csv}</a></p>
        <Show when=move || empty>
            <p class="empty">{move || b().no_data}</p>
        </Show>
        <dl class="facts help-figures">
            <div class="fact"><dt>{move || b().open_help_cases}</dt><dd>{statistics.open_help_cases}</dd></div>
            <div class="fact"><dt>{move || b().help_placements_month}</dt><dd>{statistics.help_placements_month}</dd></div>
        </dl>
        <figure class="chart">
            <figcaption>{move || b().chart_postings}</figcaption>
            <BarChart
                periods=periods
                series=[|p: &PeriodFigures| p.published, |p: &PeriodFigures| p.places_published]
                labels=Signal::derive(move || [b().stat_published, b().places_published])
            />
        </figure>
        <figure class="chart">
            <figcaption>{move || b().chart_applications}</figcaption>
            <BarChart
                periods=periods2
                series=[|p: &PeriodFigures| p.applications, |p: &PeriodFigures| p.fills]
                labels=Signal::derive(move || [b().stat_applications, b().stat_fills])
            />
        </figure>
        <PeriodTable periods=statistics.periods.clone()/>
        <Breakdown
            heading=Signal::derive(move || b().by_trade)
            column=Signal::derive(move || b().trade)
            rows=statistics.by_trade.clone()
            scope=statistics.board.clone()
        />
        <Breakdown
            heading=Signal::derive(move || b().by_area)
            column=Signal::derive({
                let scope = statistics.board.clone();
                move || b().area_column(&scope)
            })
            rows=statistics.by_area.clone()
            scope=statistics.board.clone()
        />
    }
    .into_any()
}

/// Two series as grouped bars, drawn as SVG by the same Rust on server and browser: no chart library
/// in the Wasm, and the chart is in the first HTML. The table below has the same numbers for screen
/// readers and for anyone who wants them exactly.
#[component]
fn BarChart(
    periods: Vec<PeriodFigures>,
    series: [fn(&PeriodFigures) -> i64; 2],
    labels: Signal<[&'static str; 2]>,
) -> impl IntoView {
    const WIDTH: f64 = 640.0;
    const HEIGHT: f64 = 220.0;
    const LEFT: f64 = 44.0;
    const BOTTOM: f64 = 28.0;
    let max = periods
        .iter()
        .flat_map(|p| series.iter().map(move |s| s(p)))
        .max()
        .unwrap_or(0)
        .max(1);
    let plot_w = WIDTH - LEFT - 8.0;
    let plot_h = HEIGHT - BOTTOM - 8.0;
    let slot = plot_w / periods.len().max(1) as f64;
    let bar = (slot * 0.4).max(1.0);
    let label_every = (periods.len() / 6).max(1);
    let bars = periods
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            series.iter().enumerate().map(move |(k, s)| {
                let h = s(p) as f64 / max as f64 * plot_h;
                let x = LEFT + i as f64 * slot + slot * 0.1 + k as f64 * bar;
                view! {
                    <rect class=format!("series-{k}") x=format!("{x:.1}") y=format!("{:.1}", 8.0 + plot_h - h)
                        width=format!("{bar:.1}") height=format!("{h:.1}")/>
                }
            })
        })
        .collect_view();
    let ticks = periods
        .iter()
        .enumerate()
        .filter(|(i, _)| i % label_every == 0)
        .map(|(i, p)| {
            let x = LEFT + i as f64 * slot + slot * 0.1;
            view! { <text x=format!("{x:.1}") y=format!("{}", HEIGHT - 8.0) class="tick">{p.start[5..].to_owned()}</text> }
        })
        .collect_view();
    view! {
        <svg class="bar-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-label=move || format!("{} / {}", labels.get()[0], labels.get()[1])>
            <line x1=LEFT y1="8" x2=LEFT y2=format!("{}", 8.0 + plot_h) class="axis"/>
            <line x1=LEFT y1=format!("{}", 8.0 + plot_h) x2=WIDTH - 8.0 y2=format!("{}", 8.0 + plot_h) class="axis"/>
            <text x="4" y="18" class="tick">{max}</text>
            <text x="4" y=format!("{}", 8.0 + plot_h) class="tick">"0"</text>
            {bars}
            {ticks}
        </svg>
        <p class="chart-legend">
            <span class="legend legend-0">{move || labels.get()[0]}</span>
            <span class="legend legend-1">{move || labels.get()[1]}</span>
        </p>
    }
    .into_any()
}

#[component]
fn PeriodTable(periods: Vec<PeriodFigures>) -> impl IntoView {
    let b = use_board_texts();
    view! {
        <div class="table-scroll">
            <table class="stats-table">
                <caption>{move || b().section_periods}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || b().period_start}</th>
                        <th scope="col">{move || b().stat_published}</th>
                        <th scope="col">{move || b().places_published}</th>
                        <th scope="col">{move || b().stat_applications}</th>
                        <th scope="col">{move || b().stat_fills}</th>
                        <th scope="col">{move || b().median_to_first}</th>
                        <th scope="col">{move || b().wage_cases_opened}</th>
                        <th scope="col">{move || b().wage_cases_upheld}</th>
                    </tr>
                </thead>
                <tbody>
                    {periods.into_iter().rev().map(|p| view! {
                        <tr>
                            <th scope="row">{p.start.clone()}</th>
                            <td>{p.published}</td>
                            <td>{p.places_published}</td>
                            <td>{p.applications}</td>
                            <td>{p.fills}</td>
                            <td>{move || p.median_minutes_to_first_applicant.map(|m| (b().minutes)(m)).unwrap_or_else(|| "—".to_owned())}</td>
                            <td>{p.wage_cases_opened}</td>
                            <td>{p.wage_cases_upheld}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Breakdown(
    heading: Signal<&'static str>,
    /// The first column's heading: what a row is (trade, district, market).
    column: Signal<&'static str>,
    rows: Vec<BreakdownRow>,
    scope: BoardScope,
) -> impl IntoView {
    let b = use_board_texts();
    (!rows.is_empty()).then(|| {
        view! {
            <div class="table-scroll">
                <table class="stats-table">
                    <caption>{heading}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{column}</th>
                            <th scope="col">{move || b().stat_published}</th>
                            <th scope="col">{move || b().places_published}</th>
                            <th scope="col">{move || b().stat_applications}</th>
                            <th scope="col">{move || b().stat_fills}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let name = {
                                let scope = scope.clone();
                                let row = row.clone();
                                move || b().breakdown_name(&row, &scope).to_owned()
                            };
                            view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td>{row.published}</td>
                                <td>{row.places_published}</td>
                                <td>{row.applications}</td>
                                <td>{row.fills}</td>
                            </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
}

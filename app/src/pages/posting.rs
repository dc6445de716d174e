use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::postings::get_posting;
use crate::calendar::china_minute;
use crate::components::feedback::Failure;
use crate::components::gig_map::PlaceMap;
use crate::components::page_title::{PageDescription, PageTitle, ShareCard};
use crate::components::report_form::ReportForm;
use crate::error::AppError;
use crate::i18n::use_texts;
use crate::model::navigation::{navigation_links, NavigationLinks};
use crate::model::{format_pay, Point, PostingDetail, PostingState};
use crate::pages::applications::{ApplySection, CallBox};
use crate::pages::favourites::KeepButtons;
use crate::pages::not_found::Missing;
use crate::resource::page_resource;

/// A posting's own page, at a stable URL: everything a worker needs to decide, the nearest market, and
/// the city's rights-protection hotline. Closed and expired postings say so instead of disappearing.
#[component]
pub fn PostingPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    // The point the person searched around, carried by the link from the results, for "how far".
    let from = Memo::new(move |_| {
        query.with(|q| Point::new(q.get("lng")?.parse().ok()?, q.get("lat")?.parse().ok()?))
    });
    let posting = page_resource(
        move || (id.get(), from.get()),
        |(id, from)| async move {
            match id {
                Some(id) => get_posting(id, from).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading" aria-busy="true">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match posting.await {
                    Ok(detail) => view! { <PostingView detail/> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <Missing message=|t| t.posting_not_found back_href="/" back_label=|t| t.back_to_list/>
                    }
                    .into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PostingView(detail: PostingDetail) -> impl IntoView {
    let t = use_texts();
    let PostingDetail {
        summary: p,
        state,
        description,
        requirements,
        bring,
        labour_hotline,
        rights_office_address,
        client_name,
        agency_id,
        ..
    } = detail.clone();
    let ag = crate::i18n::use_agency_texts();
    let for_client = client_name.is_some();
    let title = p.title.clone();
    let place = match &p.district_name {
        Some(district) => format!("{}{} {}", p.city_name, district, p.address),
        None => format!("{} {}", p.city_name, p.address),
    };
    let place_again = place.clone();
    let navigation = navigation_links(p.location, &format!("{} {}", p.employer_name, p.address));
    let hours = f32::from(p.shift_minutes) / 60.0;
    let left = p.places_left();
    let trade = {
        let p = p.clone();
        move || p.trade_name_in(t().lang).to_owned()
    };
    let posted = china_minute(detail.posted_at);
    let updated = china_minute(detail.updated_at);
    let hotline_href = format!("tel:{}", labour_hotline.replace('-', ""));
    let description_text = format!("{} · {} {}", p.title, format_pay(p.pay_cents), p.city_name);

    // Type-erased: the whole page as one type is deeper than the compiler lays out.
    let facts = view! {
        <dl class="facts">
            <div class="fact fact-pay">
                <dt>{move || t().pay_heading}</dt>
                <dd><strong>{format_pay(p.pay_cents)}</strong>" "{move || t().pay_unit(p.pay_unit)}</dd>
            </div>
            <div class="fact">
                <dt>{move || t().pay_terms_label}</dt>
                <dd>{move || match p.pay_terms {
                    Some(terms) => t().pay_terms(terms),
                    None => t().terms_not_stated,
                }}</dd>
            </div>
            <div class="fact">
                <dt>{move || t().trade_label}</dt>
                <dd>{trade}</dd>
            </div>
            <div class="fact">
                <dt>{move || t().dates_heading}</dt>
                <dd>{move || (t().date_range)(p.start_date, p.end_date)}</dd>
            </div>
            <div class="fact">
                <dt>{move || t().hours_heading}</dt>
                <dd>
                    {p.start_time.map(|time| view! { {move || (t().starts_at)(time)} " · " })}
                    {move || (t().hours_per_day)(hours)}
                </dd>
            </div>
            <div class="fact">
                <dt>{move || t().people_heading}</dt>
                <dd>{move || (t().people_wanted)(p.headcount, left)}</dd>
            </div>
            <div class="fact">
                <dt>{move || t().place_heading}</dt>
                <dd>
                    {place}
                    {detail.distance_m.map(|m| view! { <br/><span class="distance">{move || (t().distance_away)(m)}</span> })}
                </dd>
            </div>
            {client_name.clone().map(|client| view! {
                <div class="fact client">
                    <dt>{move || ag().client_heading}</dt>
                    <dd>{client}</dd>
                </div>
            })}
            <div class="fact">
                <dt>{move || if for_client { ag().posted_by_heading } else { t().employer_heading }}</dt>
                <dd>
                    {match agency_id {
                        Some(id) => view! {
                            <A href=format!("/agencies/{id}")>{p.employer_name.clone()}</A>" "
                            <span class="badge badge-verified">{move || ag().agency_badge}</span>" "
                        }
                        .into_any(),
                        None => view! { {p.employer_name.clone()}" " }.into_any(),
                    }}
                    {move || if p.employer_verified {
                        view! { <span class="badge badge-verified">{t().verified_employer}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-unverified">{t().unverified_employer}</span> }.into_any()
                    }}
                    <br/><crate::pages::shift::EmployerRecordLine record=detail.employer_record.clone()/>
                </dd>
            </div>
        </dl>
    }
    .into_any();
    view! {
        <PageTitle text=title.clone()/>
        <PageDescription text=description_text.clone()/>
        <Link rel="canonical" href=detail.canonical_url.clone()/>
        <ShareCard title=title.clone() description=description_text url=detail.canonical_url.clone()
            image=detail.share_image.clone()/>
        <script type="application/ld+json" inner_html=detail.json_ld.clone()></script>
        <article class="posting-page">
            <p class="crumbs"><A href="/">{move || t().back_to_list}</A></p>
            <h1>{title}</h1>
            <p class=move || format!("state state-{}", if state == PostingState::Open { "open" } else { "ended" })>
                {move || t().posting_state(state)}
            </p>
            {(state != PostingState::Open).then(|| view! {
                <p class="notice" role="status">{move || (t().state_notice)(state)}</p>
            })}
            {facts}
            <ApplySection posting_id=p.id open=state == PostingState::Open/>
            {(detail.calls_welcome && state == PostingState::Open).then(|| view! { <CallBox posting_id=p.id/> }.into_any())}
            <crate::pages::buses::PostingBusesSection posting_id=p.id/>
            {view! { <KeepButtons posting_id=p.id/> }.into_any()}
            <section class="posting-where" aria-labelledby="where-heading">
                <h2 id="where-heading">{move || t().place_heading}</h2>
                <p class="posting-address">{place_again}</p>
                <NavigateButton links=navigation/>
            </section>
            <PlaceMap point=p.location label=p.title.clone()/>
            {(!p.tags.is_empty()).then(|| view! {
                <ul class="posting-tags">
                    {p.tags.iter().map(|&tag| view! { <li>{move || t().posting_tag(tag)}</li> }).collect_view()}
                </ul>
            })}
            {(!description.is_empty()).then(|| view! {
                <section>
                    <h2>{move || t().description_heading}</h2>
                    <p class="prose">{description.clone()}</p>
                </section>
            })}
            {(!requirements.is_empty()).then(|| view! {
                <section>
                    <h2>{move || t().requirements_heading}</h2>
                    <p class="prose">{requirements.clone()}</p>
                </section>
            })}
            {(!bring.is_empty()).then(|| view! {
                <section>
                    <h2>{move || t().bring_heading}</h2>
                    <p class="prose">{bring.clone()}</p>
                </section>
            })}
            {detail.nearest_market.clone().map(|market| view! {
                <section class="nearest-market">
                    <h2>{move || t().nearest_market_heading}</h2>
                    <p>
                        <A href=format!("/markets/{}", market.slug)>{market.name.clone()}</A>
                        {market.distance_m.map(|m| view! { " · " {move || (t().distance_from_posting)(m)} })}
                    </p>
                    <p class="muted">{market.address.clone()}</p>
                </section>
            })}
            <section class="rights" aria-labelledby="rights-heading">
                <h2 id="rights-heading">{move || t().rights_heading}</h2>
                <p>{move || t().rights_body}</p>
                <p><a class="button" href=hotline_href>{labour_hotline.clone()}</a></p>
                {rights_office_address.map(|address| view! {
                    <p>{move || t().rights_office}{address.clone()}</p>
                })}
            </section>
            <ReportForm posting_id=p.id/>
            <p class="muted small">
                {move || t().posted_heading}" "{posted.clone()}" · "{move || t().updated_heading}" "{updated.clone()}
            </p>
        </article>
    }
}

/// 导航: the place handed to the person's map app, in that app's own coordinates. A disclosure of plain
/// links: it works before the Wasm and needs none.
#[component]
pub fn NavigateButton(links: NavigationLinks) -> impl IntoView {
    let t = use_texts();
    let apps = [links.amap, links.baidu, links.tencent];
    view! {
        <details class="navigate">
            <summary class="button">{move || t().navigate}</summary>
            <ul class="navigate-apps">
                {apps.into_iter().enumerate().map(|(i, href)| view! {
                    <li>
                        <a class="button button-quiet" href=href rel="noopener" target="_blank">
                            {move || t().map_apps[i]}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}

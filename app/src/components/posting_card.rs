use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_texts;
use crate::model::{format_pay, PostingSummary};

/// One posting in a list: what a worker decides on at a glance — pay first, then place, days and hours.
#[component]
pub fn PostingCard(
    posting: PostingSummary,
    /// How far the posting is from the point the person searched around.
    #[prop(optional_no_strip)]
    distance_m: Option<u32>,
    /// The point of the search, passed on so the posting page can say how far it is.
    #[prop(optional_no_strip)]
    from: Option<crate::model::Point>,
    /// The distance is from a market (its page lists the postings around it), not from the person.
    #[prop(optional)]
    from_market: bool,
) -> impl IntoView {
    let t = use_texts();
    let PostingSummary {
        title,
        trade_code,
        employer_name,
        employer_verified,
        city_name,
        district_name,
        address,
        pay_cents,
        pay_unit,
        start_date,
        end_date,
        shift_minutes,
        start_time,
        pay_terms,
        headcount,
        tags,
        ..
    } = posting.clone();
    let place = match district_name {
        Some(district) => format!("{city_name}{district} · {address}"),
        None => format!("{city_name} · {address}"),
    };
    let hours = f32::from(shift_minutes) / 60.0;
    let left = posting.places_left();
    let trade = {
        let posting = posting.clone();
        move || posting.trade_name_in(t().lang).to_owned()
    };
    let badge = move || {
        if employer_verified {
            view! { <span class="badge badge-verified">{t().verified_employer}</span> }.into_any()
        } else {
            view! { <span class="badge badge-unverified">{t().unverified_employer}</span> }
                .into_any()
        }
    };
    let tags = (!tags.is_empty()).then(|| {
        view! {
            <ul class="posting-tags">
                {tags.into_iter().map(|tag| view! { <li>{move || t().posting_tag(tag)}</li> }).collect_view()}
            </ul>
        }
    });

    view! {
        <li class="posting-card" data-trade=trade_code.to_string()>
            <article>
                <h2 class="posting-title">
                    <A href=match from {
                        Some(p) => format!("/postings/{}?lng={:.5}&lat={:.5}", posting.id, p.lng, p.lat),
                        None => format!("/postings/{}", posting.id),
                    }>{title}</A>
                </h2>
                <p class="posting-pay">
                    <strong>{format_pay(pay_cents)}</strong>
                    " "
                    {move || t().pay_unit(pay_unit)}
                    {pay_terms.map(|terms| view! { " " <span class="pay-terms">{move || t().pay_terms(terms)}</span> })}
                </p>
                <p class="posting-trade">{trade}</p>
                <p class="posting-place">
                    {place}
                    {distance_m.map(|m| view! { " · " <span class="distance">{move || if from_market { (t().distance_from_market)(m) } else { (t().distance_away)(m) }}</span> })}
                </p>
                <p class="posting-when">
                    {move || (t().date_range)(start_date, end_date)}
                    {start_time.map(|time| view! { " · " {move || (t().starts_at)(time)} })}
                    " · "
                    {move || (t().hours_per_day)(hours)}
                </p>
                <p class="posting-people">{move || (t().people_wanted)(headcount, left)}</p>
                <p class="posting-employer">
                    <span>{employer_name}</span>
                    " "
                    {badge}
                </p>
                {tags}
            </article>
        </li>
    }
}

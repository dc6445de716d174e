//! Facet chips (筛选标签): how a search's results divide — by date, trade, place and day pay — each chip
//! a link to the narrower search with its count, as the apps people know show them. Plain links: they
//! work before (and without) the Wasm, and a tap is one step back away.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_texts;
use crate::model::{Facets, MinPay, PayUnit, SearchQuery};

/// Trades or places shown at most; the rest are in the filters.
const MOST_CHIPS: usize = 12;

#[component]
pub fn FacetChips(facets: Facets, query: SearchQuery) -> impl IntoView {
    let t = use_texts();
    let narrower = |change: &dyn Fn(&mut SearchQuery)| {
        let mut narrower = query.with_page(0);
        change(&mut narrower);
        narrower.to_url()
    };

    let dates: Vec<AnyView> = facets
        .dates
        .iter()
        .map(|&(date, count)| {
            let name = move || t().date_name(date);
            if date == query.date {
                view! { <Chip name count/> }.into_any()
            } else {
                let href = narrower(&|q| q.date = date);
                view! { <Chip name count href/> }.into_any()
            }
        })
        .collect();
    let trades: Vec<AnyView> = facets
        .trades
        .into_iter()
        .take(MOST_CHIPS)
        .map(|facet| {
            let href = narrower(&|q| q.trade = Some(facet.code.clone()));
            let name = move || match t().lang {
                crate::i18n::Lang::Zh => facet.name.clone(),
                crate::i18n::Lang::En => facet.name_en.clone(),
            };
            view! { <Chip name count=facet.count href/> }.into_any()
        })
        .collect();
    let places: Vec<AnyView> = facets
        .places
        .into_iter()
        .take(MOST_CHIPS)
        .map(|facet| {
            // A city's code ends in 00; its districts' do not.
            let href = narrower(&|q| {
                if facet.adcode % 100 == 0 {
                    q.city = Some(facet.adcode);
                } else {
                    q.district = Some(facet.adcode);
                }
            });
            let name = facet.name;
            view! { <Chip name=move || name.clone() count=facet.count href/> }.into_any()
        })
        .collect();
    // Only the day pays above what the search already asks.
    let asked = query
        .min_pay
        .filter(|pay| pay.unit == PayUnit::Day)
        .map_or(0, |pay| pay.yuan);
    let day_pay: Vec<AnyView> = facets
        .day_pay
        .iter()
        .filter(|&&(yuan, count)| yuan > asked && count > 0)
        .map(|&(yuan, count)| {
            let href = narrower(&|q| {
                q.min_pay = Some(MinPay {
                    yuan,
                    unit: PayUnit::Day,
                })
            });
            view! { <Chip name=move || (t().facet_day_pay)(yuan) count href/> }.into_any()
        })
        .collect();

    let row = |label: &'static str, chips: Vec<AnyView>| {
        (!chips.is_empty()).then(|| {
            view! {
                <div class="chip-row" role="group" aria-label=label>
                    <span class="chip-row-label" aria-hidden="true">{label}</span>
                    {chips}
                </div>
            }
        })
    };
    let texts = t();
    view! {
        <nav class="facets" aria-label=texts.narrow_results>
            {row(texts.facet_when, dates)}
            {row(texts.facet_trade, trades)}
            {row(texts.facet_place, places)}
            {row(texts.facet_pay, day_pay)}
        </nav>
    }
}

/// One chip: the narrower search's name and count; without a link, the search as it is.
#[component]
fn Chip<N, S>(name: N, count: u32, #[prop(optional, into)] href: Option<String>) -> impl IntoView
where
    N: Fn() -> S + Send + Sync + 'static,
    S: IntoView + 'static,
{
    let inside = view! {
        <span class="chip-name">{name}</span>
        <span class="chip-count">{count}</span>
    };
    match href {
        Some(href) => view! { <A href=href attr:class="chip">{inside}</A> }.into_any(),
        None => {
            view! { <span class="chip chip-current" aria-current="true">{inside}</span> }.into_any()
        }
    }
}

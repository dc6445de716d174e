use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::postings::today_postings;
use crate::api::trades::list_trades;
use crate::components::posting_card::PostingCard;
use crate::components::trade_select::TradeSelect;
use crate::error::AppError;
use crate::i18n::use_texts;
use crate::model::{PostingPage, TodayQuery, TradeCode};

/// Today's open postings, newest first, filtered by trade. The filter lives in the URL, so a link can be
/// shared and the back button works; choosing a trade fetches the new list through a server function
/// without reloading the page.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| TodayQuery::from_params(p.get_str("trade"), p.get_str("before")))
    });
    let trades = Resource::new(|| (), |_| list_trades());
    let postings = Resource::new(
        move || query.get(),
        |query| async move {
            match query {
                Ok(query) => today_postings(query).await,
                Err(field) => {
                    // Same status as the server function gives an unknown trade: the link is wrong.
                    #[cfg(feature = "ssr")]
                    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                        response.set_status(axum::http::StatusCode::BAD_REQUEST);
                    }
                    Err(AppError::invalid(field))
                }
            }
        },
    );
    let selected_trade = Signal::derive(move || query.get().ok().and_then(|q| q.trade));
    let navigate = use_navigate();
    let choose_trade = move |trade: Option<TradeCode>| {
        navigate(&TodayQuery { trade, before: None }.to_url(), Default::default());
    };

    view! {
        <Title text=move || t().today_heading/>
        <section class="today">
            <h1>{move || t().today_heading}</h1>
            <Form method="GET" action="/" attr:class="filter-bar">
                <label for="trade">{move || t().trade_label}</label>
                <Transition fallback=move || view! { <select id="trade" class="trade-select" disabled=true></select> }>
                    {
                        let choose_trade = choose_trade.clone();
                        move || {
                            let choose_trade = choose_trade.clone();
                            Suspend::new(async move {
                                // Without the taxonomy the list still works; the picker just offers "all".
                                let trades = trades.await.unwrap_or_default();
                                view! {
                                    <TradeSelect trades selected=selected_trade on_choose=choose_trade/>
                                }
                            })
                        }
                    }
                </Transition>
                <button type="submit" class="button">{move || t().filter_submit}</button>
            </Form>
            <Transition fallback=move || view! { <p class="loading" aria-busy="true">{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match postings.await {
                        Ok(page) => view! { <PostingList page query=query.get().unwrap_or_default()/> }.into_any(),
                        Err(error) => view! { <p class="error" role="alert">{error.message(t())}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PostingList(page: PostingPage, query: TodayQuery) -> impl IntoView {
    let t = use_texts();
    if page.items.is_empty() {
        return view! { <p class="empty">{move || t().empty_today}</p> }.into_any();
    }
    let next_url = page.next.map(|next| TodayQuery { trade: query.trade.clone(), before: Some(next) }.to_url());
    let first_url = query.before.map(|_| TodayQuery { trade: query.trade.clone(), before: None }.to_url());
    view! {
        <ul class="posting-list">
            {page.items.into_iter().map(|posting| view! { <PostingCard posting/> }).collect_view()}
        </ul>
        <nav class="pager">
            {first_url.map(|href| view! { <A href=href attr:class="button button-quiet">{move || t().first_page}</A> })}
            {next_url.map(|href| view! { <A href=href attr:class="button" attr:rel="next">{move || t().next_page}</A> })}
        </nav>
    }
    .into_any()
}

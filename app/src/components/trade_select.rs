use leptos::prelude::*;

use crate::i18n::{use_texts, Lang};
use crate::model::{Trade, TradeCode};

/// A trade picker grouped by sector; choosing a sector means all of its trades. Submits its form when
/// changed, so one tap changes the results.
#[component]
pub fn TradeSelect(
    trades: Vec<Trade>,
    #[prop(into)] selected: Signal<Option<TradeCode>>,
) -> impl IntoView {
    let t = use_texts();
    let label = move |trade: &Trade| match t().lang {
        Lang::Zh => trade.name.clone(),
        Lang::En => trade.name_en.clone(),
    };
    let initially = selected.get_untracked();
    let nothing_selected = initially.is_none();
    let is_selected = move |code: &TradeCode| initially.as_ref() == Some(code);

    let groups = trades
        .iter()
        .filter(|sector| sector.parent_code.is_none())
        .map(|sector| {
            let members: Vec<Trade> =
                trades.iter().filter(|tr| tr.parent_code.as_ref() == Some(&sector.code)).cloned().collect();
            let sector = sector.clone();
            view! {
                <optgroup label=move || label(&sector)>
                    <option value=sector.code.to_string() selected=is_selected(&sector.code)>
                        {
                            let sector = sector.clone();
                            move || format!("{}（{}）", label(&sector), t().all_trades)
                        }
                    </option>
                    {members
                        .into_iter()
                        .map(|trade| {
                            view! {
                                <option value=trade.code.to_string() selected=is_selected(&trade.code)>
                                    {
                                        let trade = trade.clone();
                                        move || label(&trade)
                                    }
                                </option>
                            }
                        })
                        .collect_view()}
                </optgroup>
            }
        })
        .collect_view();

    view! {
        <select
            id="trade"
            name="trade"
            class="trade-select"
            // The `selected` attributes serve the server-rendered HTML; after that the property follows
            // the URL (back button, shared links).
            prop:value=move || selected.get().map(|code| code.to_string()).unwrap_or_default()
            on:change=super::search_form::submit_own_form
        >
            <option value="" selected=nothing_selected>{move || t().all_trades}</option>
            {groups}
        </select>
    }
}

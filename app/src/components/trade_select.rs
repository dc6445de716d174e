use leptos::prelude::*;

use crate::i18n::use_texts;
use crate::model::{Trade, TradeCode};

/// A trade picker grouped by sector; choosing a sector means all of its trades. Submits its form when
/// changed, so one tap changes the results.
#[component]
pub fn TradeSelect(
    trades: Vec<Trade>,
    #[prop(into)] selected: Signal<Option<TradeCode>>,
) -> impl IntoView {
    let t = use_texts();
    let label = move |trade: &Trade| trade.name_in(t().lang).to_owned();
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
                            move || match t().lang {
                                crate::i18n::Lang::Zh => format!("{}（{}）", label(&sector), t().all_trades),
                                crate::i18n::Lang::En => format!("{} ({})", label(&sector), t().all_trades),
                            }
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

/// Checkboxes for the trades, grouped by sector, each group folded so the form stays short.
#[component]
pub fn TradeChecklist(trades: Vec<Trade>, selected: RwSignal<Vec<String>>) -> impl IntoView {
    let t = use_texts();
    let sectors: Vec<Trade> = trades
        .iter()
        .filter(|s| s.parent_code.is_none())
        .cloned()
        .collect();
    sectors
        .into_iter()
        .map(|sector| {
            let members: Vec<Trade> = trades
                .iter()
                .filter(|tr| tr.parent_code.as_ref() == Some(&sector.code))
                .cloned()
                .collect();
            let codes: Vec<String> = members.iter().map(|m| m.code.to_string()).collect();
            let open = selected.with_untracked(|s| s.iter().any(|c| codes.contains(c)));
            view! {
                <details class="trade-group" open=open>
                    <summary>{
                        let sector = sector.clone();
                        move || sector.name_in(t().lang).to_owned()
                    }</summary>
                    {members
                        .into_iter()
                        .map(|trade| {
                            let code = trade.code.to_string();
                            let checked = {
                                let code = code.clone();
                                move || selected.with(|s| s.contains(&code))
                            };
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="trades" value=code.clone()
                                        prop:checked=checked
                                        on:change=move |_| selected.update(|s| {
                                            if let Some(i) = s.iter().position(|c| *c == code) {
                                                s.remove(i);
                                            } else {
                                                s.push(code.clone());
                                            }
                                        })/>
                                    {move || trade.name_in(t().lang).to_owned()}
                                </label>
                            }
                        })
                        .collect_view()}
                </details>
            }
        })
        .collect_view()
}

use leptos::prelude::*;

use crate::i18n::{use_texts, Lang};
use crate::model::{Trade, TradeCode};

/// A trade picker grouped by sector; choosing a sector means all of its trades.
#[component]
pub fn TradeSelect(
    trades: Vec<Trade>,
    #[prop(into)] selected: Signal<Option<TradeCode>>,
    /// Called with the new choice (`None` for all trades).
    on_choose: impl Fn(Option<TradeCode>) + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_texts();
    let label = move |trade: &Trade| match t().lang {
        Lang::Zh => trade.name.clone(),
        Lang::En => trade.name_en.clone(),
    };
    let is_selected = move |code: &TradeCode| selected.with(|s| s.as_ref() == Some(code));

    let sectors: Vec<Trade> = trades.iter().filter(|tr| tr.parent_code.is_none()).cloned().collect();
    let groups = sectors
        .into_iter()
        .map(|sector| {
            let members: Vec<Trade> =
                trades.iter().filter(|tr| tr.parent_code.as_ref() == Some(&sector.code)).cloned().collect();
            let sector_code = sector.code.clone();
            let sector_label = label(&sector);
            view! {
                <optgroup label=sector_label.clone()>
                    <option value=sector_code.to_string() selected=is_selected(&sector_code)>
                        {format!("{sector_label}（{}）", t().all_trades)}
                    </option>
                    {members
                        .into_iter()
                        .map(|trade| {
                            view! {
                                <option value=trade.code.to_string() selected=is_selected(&trade.code)>
                                    {label(&trade)}
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
            // The `selected` attributes above serve the first, server-rendered HTML; after that the
            // property follows the URL (the back button, shared links).
            prop:value=move || selected.get().map(|code| code.to_string()).unwrap_or_default()
            on:change=move |ev| on_choose(TradeCode::parse(&event_target_value(&ev)))
        >
            <option value="" selected=selected.with(Option::is_none)>{t().all_trades}</option>
            {groups}
        </select>
    }
}

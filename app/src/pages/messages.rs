//! `/messages`: the notification feed (消息), live.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::notifications::{my_notifications, MarkNotificationsRead};
use crate::calendar::china_month_day_minute;
use crate::components::feedback::{Failure, SignInFirst};
use crate::components::live::LIVE_REGION;
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::i18n::{use_market_texts, use_texts};
use crate::resource::{page_resource, UserResource};

#[component]
pub fn MessagesPage() -> impl IntoView {
    let t = use_texts();
    let m = use_market_texts();
    let user = expect_context::<UserResource>();
    let feed = page_resource(|| (), |_| my_notifications());
    view! {
        <PageTitle text=m().messages_title/>
        <section class="messages-page">
            <h1>{move || m().messages_title}</h1>
            <div id=LIVE_REGION>
                <Transition fallback=move || view! { <p class="loading">{t().loading}</p> }>
                    {move || Suspend::new(async move {
                        if !matches!(user.await, Ok(Some(_))) {
                            return view! { <SignInFirst/> }.into_any();
                        }
                        match feed.await {
                            Ok(feed) if feed.items.is_empty() => view! { <p class="empty">{move || m().no_messages}</p> }.into_any(),
                            Ok(feed) => {
                                let newest = feed.items.first().map(|n| n.id).unwrap_or(0);
                                view! {
                                    {(feed.unread > 0).then(|| view! {
                                        // The server sends the browser back to this page.
                                        <form method="post" action=MarkNotificationsRead::url()>
                                            <CsrfField/>
                                            <input type="hidden" name="up_to" value=newest/>
                                            <button type="submit">{move || m().mark_all_read}</button>
                                        </form>
                                    })}
                                    <ul class="message-list">
                                        {feed.items.into_iter().map(|n| {
                                            let when = china_month_day_minute(n.created_at);
                                            let text = m().notification(&n);
                                            // A digest opens its search, which lists what it counts.
                                            // A place's message opens its thread.
                                            let href = match (&n.search_url, n.postings) {
                                                (Some(url), 2..) => Some(url.clone()),
                                                _ => n.thread_url.clone().or_else(|| n.posting_id.map(|id| format!("/postings/{id}"))),
                                            };
                                            view! {
                                                <li class=if n.read { "message" } else { "message unread" } data-kind=n.kind.as_str()>
                                                    {match href {
                                                        Some(href) => view! { <A href=href>{text}</A> }.into_any(),
                                                        None => view! { <span>{text}</span> }.into_any(),
                                                    }}
                                                    <span class="muted small">" "{when}</span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }
                                .into_any()
                            }
                            Err(e) => view! { <Failure error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

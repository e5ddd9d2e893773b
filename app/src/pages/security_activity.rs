use crate::api::activity::security_activity;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::components::session_guard::LoadError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The account's security events, newest first. Nothing here can be edited or deleted.
#[component]
pub fn SecurityActivityPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").filter(|b| !b.is_empty()));
    let page = Resource::new(before, security_activity);
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, account.security_activity) />
        <section class="page">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <h1>{tr!(i18n, account.security_activity)}</h1>
            <p class="hint">{tr!(i18n, activity.security_hint)}</p>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    let on_first_page = before().is_none();
                    match page.await {
                        Ok(p) => view! {
                            <ol class="events">
                                {p.rows
                                    .into_iter()
                                    .map(|e| {
                                        let (device, ip, location) = (e.device_name, e.ip, e.location);
                                        let shown = device.is_some() || ip.is_some() || location.is_some();
                                        let place = move || {
                                            let location = location.as_deref().map(|l| crate::place::name(i18n.get_locale(), Some(l)));
                                            let device = device.as_ref().map(|d| d.say(i18n.get_locale()));
                                            [device, ip.clone(), location]
                                                .into_iter()
                                                .flatten()
                                                .collect::<Vec<_>>()
                                                .join(" · ")
                                        };
                                        let kind = e.kind;
                                        view! {
                                            <li>
                                                <span class="event-what">{move || kind.label(i18n.get_locale())}</span>
                                                <span class="event-when"><LocalTime at=e.at /></span>
                                                {shown.then(|| view! { <span class="event-where">{place}</span> })}
                                                {e.detail.map(|d| view! { <span class="event-detail">{move || d.say(i18n.get_locale())}</span> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                            <Pager base="/account/security" next=p.next on_first_page />
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

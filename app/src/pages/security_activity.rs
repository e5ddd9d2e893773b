use crate::api::activity::security_activity;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::pager::Pager;
use crate::components::session_guard::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The account's security events, newest first. Nothing here can be edited or deleted.
#[component]
pub fn SecurityActivityPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").filter(|b| !b.is_empty()));
    let page = Resource::new(before, security_activity);
    view! {
        <Title text="Security activity" />
        <section class="page">
            <p><a href="/account">"Account"</a></p>
            <h1>"Security activity"</h1>
            <p class="hint">"Sign-ins, wrong passwords, sign-outs and password changes on your account."</p>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    let on_first_page = before().is_none();
                    match page.await {
                        Ok(p) => view! {
                            <ol class="events">
                                {p.rows
                                    .into_iter()
                                    .map(|e| {
                                        let place = [e.device_name, e.ip, e.location]
                                            .into_iter()
                                            .flatten()
                                            .collect::<Vec<_>>()
                                            .join(" · ");
                                        view! {
                                            <li>
                                                <span class="event-what">{e.what}</span>
                                                <span class="event-when"><LocalTime at=e.at /></span>
                                                {(!place.is_empty()).then(|| view! { <span class="event-where">{place}</span> })}
                                                {e.detail.map(|d| view! { <span class="event-detail">{d}</span> })}
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

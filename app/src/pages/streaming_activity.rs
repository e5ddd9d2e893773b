use crate::api::activity::streaming_activity;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::pager::Pager;
use crate::components::session_guard::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Recent device streaming activity: every stream of the account, newest first.
#[component]
pub fn StreamingActivityPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            (
                q.get("device").and_then(|d| d.parse::<i64>().ok()),
                q.get("before").filter(|b| !b.is_empty()),
            )
        })
    };
    let page = Resource::new(filter, |(device, before)| {
        streaming_activity(device, before)
    });
    view! {
        <Title text="Recent device streaming activity" />
        <section class="page">
            <p><a href="/account">"Account"</a></p>
            <h1>"Recent device streaming activity"</h1>
            <p class="hint">
                "Locations are approximate: they come from where each IP address is registered, not from the device itself. "
                "Times are in your time zone (in UTC when JavaScript is off)."
            </p>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    let (device, before) = filter();
                    match page.await {
                        Ok(p) => {
                            let base = match device {
                                Some(d) => format!("/account/streaming?device={d}"),
                                None => "/account/streaming".to_string(),
                            };
                            view! {
                                <form class="filter" method="get" action="/account/streaming">
                                    <label for="device-filter">"Device"</label>
                                    <select id="device-filter" name="device">
                                        <option value="" selected=device.is_none()>"All devices"</option>
                                        {p.devices
                                            .iter()
                                            .map(|d| view! {
                                                <option value=d.id selected=device == Some(d.id)>{d.name.clone()}</option>
                                            })
                                            .collect_view()}
                                    </select>
                                    <button type="submit" class="btn">"Show"</button>
                                </form>
                                {if p.rows.is_empty() {
                                    view! { <p>"No streams to show."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-scroll" role="region" aria-label="Streams" tabindex="0">
                                            // On a phone each row becomes a card (style/main.css), so the
                                            // roles are spelled out: the browser must not take the cards
                                            // for a layout table, and each cell names its column.
                                            <table class="cards" role="table">
                                                <thead role="rowgroup">
                                                    <tr role="row">
                                                        <th role="columnheader" scope="col">"Date and time"</th>
                                                        <th role="columnheader" scope="col">"Device"</th>
                                                        <th role="columnheader" scope="col">"IP address"</th>
                                                        <th role="columnheader" scope="col">"Approximate location"</th>
                                                        <th role="columnheader" scope="col">"Profile"</th>
                                                        <th role="columnheader" scope="col">"Title"</th>
                                                    </tr>
                                                </thead>
                                                <tbody role="rowgroup">
                                                    {p.rows
                                                        .into_iter()
                                                        .map(|r| view! {
                                                            <tr role="row">
                                                                <td role="cell" class="nowrap" data-label="Date and time"><LocalTime at=r.started_at /></td>
                                                                <td role="cell" data-label="Device">{r.device_name}</td>
                                                                <td role="cell" class="nowrap" data-label="IP address">{r.ip.unwrap_or_else(|| "Erased".into())}</td>
                                                                <td role="cell" data-label="Approximate location">{r.location}</td>
                                                                <td role="cell" data-label="Profile">{r.profile_name.unwrap_or_else(|| "Deleted profile".into())}</td>
                                                                <td role="cell" data-label="Title">{r.title_name}</td>
                                                            </tr>
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }
                                        .into_any()
                                }}
                                <Pager base next=p.next on_first_page=before.is_none() />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

use crate::api::activity::streaming_activity;
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
    let i18n = use_i18n();
    // Each column's name, for its header and, on a phone, beside every cell of it.
    let columns = [
        tr!(i18n, activity.when),
        tr!(i18n, activity.device),
        tr!(i18n, activity.ip),
        tr!(i18n, activity.location),
        tr!(i18n, activity.profile),
        tr!(i18n, activity.title),
    ];
    let [
        when,
        device_column,
        ip_column,
        location_column,
        profile_column,
        title_column,
    ] = columns;
    view! {
        <PageTitle text=|l| td_string!(l, account.streaming_activity) />
        <section class="page">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <h1>{tr!(i18n, account.streaming_activity)}</h1>
            <p class="hint">{tr!(i18n, activity.streaming_hint)}</p>
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
                                    <label for="device-filter">{tr!(i18n, activity.device)}</label>
                                    <select id="device-filter" name="device">
                                        <option value="" selected=device.is_none()>{tr!(i18n, activity.all_devices)}</option>
                                        {p.devices
                                            .iter()
                                            .map(|d| view! {
                                                <option value=d.id selected=device == Some(d.id)>{
                                                    let name = d.name.clone();
                                                    move || name.say(i18n.get_locale())
                                                }</option>
                                            })
                                            .collect_view()}
                                    </select>
                                    <button type="submit" class="btn">{tr!(i18n, activity.show)}</button>
                                </form>
                                {if p.rows.is_empty() {
                                    view! { <p>{tr!(i18n, activity.no_streams)}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-scroll" role="region" aria-label=tr!(i18n, activity.streams) tabindex="0">
                                            // On a phone each row becomes a card (style/main.css), so the
                                            // roles are spelled out: the browser must not take the cards
                                            // for a layout table, and each cell names its column.
                                            <table class="cards" role="table">
                                                <thead role="rowgroup">
                                                    <tr role="row">
                                                        {columns
                                                            .map(|name| view! { <th role="columnheader" scope="col">{name}</th> })
                                                            .collect_view()}
                                                    </tr>
                                                </thead>
                                                <tbody role="rowgroup">
                                                    {p.rows
                                                        .into_iter()
                                                        .map(|r| {
                                                            let ip = r.ip.clone();
                                                            let ip = move || match &ip {
                                                                Some(ip) => ip.clone(),
                                                                None => crate::place::name(i18n.get_locale(), Some(crate::place::ERASED)),
                                                            };
                                                            // "Erased" too once the device's addresses were.
                                                            let location = r.location;
                                                            let location = move || crate::place::name(i18n.get_locale(), Some(&location));
                                                            let profile = r.profile_name.clone();
                                                            let profile = move || {
                                                                profile.clone().unwrap_or_else(|| td_string!(i18n.get_locale(), activity.deleted_profile).to_owned())
                                                            };
                                                            view! {
                                                            <tr role="row">
                                                                <td role="cell" class="nowrap" data-label=when><LocalTime at=r.started_at /></td>
                                                                <td role="cell" data-label=device_column>{move || r.device_name.say(i18n.get_locale())}</td>
                                                                <td role="cell" class="nowrap" data-label=ip_column>{ip}</td>
                                                                <td role="cell" data-label=location_column>{location}</td>
                                                                <td role="cell" data-label=profile_column>{profile}</td>
                                                                <td role="cell" data-label=title_column>{r.title_name}</td>
                                                            </tr>
                                                            }
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

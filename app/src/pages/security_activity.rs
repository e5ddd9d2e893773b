use crate::api::activity::{PERIODS, SecurityQuery, security_activity};
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::components::session_guard::LoadError;
use crate::event_kind::EventKind;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The account's security events, newest first, narrowed by kind, device and period, and
/// downloadable as they are shown. Nothing here can be edited or deleted.
#[component]
pub fn SecurityActivityPage() -> impl IntoView {
    let query = use_query_map();
    let read = move || {
        query.with(|q| {
            (
                SecurityQuery {
                    kind: q.get("kind"),
                    device: q.get("device"),
                    period: q.get("period"),
                },
                q.get("before").filter(|b| !b.is_empty()),
            )
        })
    };
    let page = Resource::new(read, |(filter, before)| security_activity(filter, before));
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, account.security_activity) />
        <section class="page">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <h1>{tr!(i18n, account.security_activity)}</h1>
            <p class="hint">{tr!(i18n, activity.security_hint)}</p>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    let (filter, before) = read();
                    let kept = filter.to_query();
                    let base = if kept.is_empty() {
                        "/account/security".to_owned()
                    } else {
                        format!("/account/security?{kept}")
                    };
                    let download = |ext: &str| {
                        if kept.is_empty() {
                            format!("/account/security/activity.{ext}")
                        } else {
                            format!("/account/security/activity.{ext}?{kept}")
                        }
                    };
                    let (csv, json) = (download("csv"), download("json"));
                    let form = move |devices: Vec<crate::api::activity::DeviceOption>| {
                        view! { <Filter filter=filter.clone() devices /> }
                    };
                    match page.await {
                        Ok(p) => view! {
                            {form(p.devices)}
                            <p class="downloads">
                                <a href=csv download>{tr!(i18n, activity.download_events_csv)}</a>
                                " "
                                <a href=json download>{tr!(i18n, activity.download_events_json)}</a>
                            </p>
                            {p.rows.is_empty().then(|| view! { <p>{tr!(i18n, activity.no_events)}</p> })}
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
                                                <a class="event-act" href="/account/secure">{tr!(i18n, activity.not_you)}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                            <Pager base next=p.next on_first_page=before.is_none() />
                        }
                            .into_any(),
                        Err(e) => view! {
                            {form(Vec::new())}
                            <LoadError error=e />
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Kind, device and period, sent as a plain GET so that it works without JavaScript and
/// the address says what is shown.
#[component]
fn Filter(
    filter: SecurityQuery,
    devices: Vec<crate::api::activity::DeviceOption>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = filter.kind().map(str::to_owned);
    let device = filter.device().map(str::to_owned);
    let period = filter.period().map(str::to_owned);
    view! {
        <form class="filter" method="get" action="/account/security">
            <label for="kind-filter">{tr!(i18n, activity.kind)}</label>
            <select id="kind-filter" name="kind">
                <option value="" selected=kind.is_none()>{tr!(i18n, activity.all_kinds)}</option>
                {EventKind::ALL
                    .into_iter()
                    .map(|k| view! {
                        <option value=k.code() selected=kind.as_deref() == Some(k.code())>
                            {move || k.label(i18n.get_locale())}
                        </option>
                    })
                    .collect_view()}
            </select>
            <label for="device-filter">{tr!(i18n, activity.device)}</label>
            <select id="device-filter" name="device">
                <option value="" selected=device.is_none()>{tr!(i18n, activity.all_devices)}</option>
                {devices
                    .into_iter()
                    .map(|d| {
                        let selected = device.as_deref() == Some(d.id.to_string().as_str());
                        view! {
                            <option value=d.id selected=selected>{move || d.name.say(i18n.get_locale())}</option>
                        }
                    })
                    .collect_view()}
            </select>
            <label for="period-filter">{tr!(i18n, activity.period)}</label>
            <select id="period-filter" name="period">
                <option value="" selected=period.is_none()>{tr!(i18n, activity.all_time)}</option>
                {PERIODS
                    .into_iter()
                    .map(|days| view! {
                        <option value=days selected=period.as_deref() == Some(days.to_string().as_str())>
                            {tr!(i18n, activity.last_days, count = days)}
                        </option>
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="btn">{tr!(i18n, activity.show)}</button>
        </form>
    }
}

use crate::api::activity::{EventView, StreamView};
use crate::api::secure::{UnrecognisedDevice, account_secured_report};
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// The last page of "Secure my account": that it is done, and what the devices new to
/// the account did.
#[component]
pub fn SecuredReportPage() -> impl IntoView {
    let report = Resource::new(|| (), |_| account_secured_report());
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, secure.report_title) />
        <section class="page">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match report.await {
                        Ok(r) => view! {
                            {r.secured_at.map(|at| view! {
                                <p class="alert info" role="status">
                                    {tr!(i18n, secure.secured)} " " <LocalTime at /> " · " {tr!(i18n, secure.secured_what)}
                                </p>
                            })}
                            <h1>{tr!(i18n, secure.report_title)}</h1>
                            <p class="hint">{tr!(i18n, secure.report_hint)}</p>
                            {if r.devices.is_empty() {
                                view! { <p>{tr!(i18n, secure.none)}</p> }.into_any()
                            } else {
                                r.devices
                                    .into_iter()
                                    .enumerate()
                                    .map(|(n, d)| view! { <DeviceReport device=d n /> })
                                    .collect_view()
                                    .into_any()
                            }}
                            <p><a href="/account/security">{tr!(i18n, secure.all_activity)}</a></p>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DeviceReport(device: UnrecognisedDevice, n: usize) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("unrecognised-{n}");
    let labelled_by = heading.clone();
    let UnrecognisedDevice {
        sign_in,
        events,
        streams,
    } = device;
    let name = sign_in.device_name.clone();
    let place = sign_in.location.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{move || name.as_ref().map(|n| n.say(i18n.get_locale())).unwrap_or_default()}</h2>
            <p>
                {tr!(i18n, secure.first_signed_in)} " " <LocalTime at=sign_in.at.clone() />
                {sign_in.ip.clone().map(|ip| view! { " · " {ip} })}
                " · " {move || crate::place::name(i18n.get_locale(), place.as_deref())}
            </p>
            <h3>{tr!(i18n, secure.what_it_did)}</h3>
            <ol class="events">{events.into_iter().map(event_row).collect_view()}</ol>
            <h3>{tr!(i18n, secure.what_it_streamed)}</h3>
            {if streams.is_empty() {
                view! { <p>{tr!(i18n, secure.nothing_streamed)}</p> }.into_any()
            } else {
                view! { <ul class="events">{streams.into_iter().map(stream_row).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

fn event_row(e: EventView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = e.kind;
    view! {
        <li>
            <span class="event-what">{move || kind.label(i18n.get_locale())}</span>
            <span class="event-when"><LocalTime at=e.at /></span>
            {e.detail.map(|d| view! { <span class="event-detail">{move || d.say(i18n.get_locale())}</span> })}
        </li>
    }
}

fn stream_row(s: StreamView) -> impl IntoView {
    let i18n = use_i18n();
    let profile = s.profile_name.clone();
    let profile = move || {
        profile
            .clone()
            .unwrap_or_else(|| td_string!(i18n.get_locale(), activity.deleted_profile).to_owned())
    };
    view! {
        <li>
            <span class="event-what">{s.title_name}</span>
            <span class="event-when"><LocalTime at=s.started_at /></span>
            <span class="event-where">{profile}</span>
        </li>
    }
}

use crate::api::devices::{DeviceView, SignOutDevice, list_devices};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::deactivate_device_form::DeactivateDeviceForm;
use crate::components::device_icon::DeviceIcon;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::modal::{Modal, close, open_instead};
use crate::components::page_title::PageTitle;
use crate::components::reauth_field::ReauthField;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Manage access and devices: every device with a live or recent session.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let live = crate::contexts::live::Live::expect();
    let devices = Resource::new(
        // Loads again when a device of the account signs in or out (the live channel).
        move || live.devices_changed.get(),
        |_| list_devices(),
    );
    let i18n = use_i18n();
    let done = use_query_map().with_untracked(|q| match q.get_str("done") {
        Some("signed_out") => Some(tr!(i18n, devices.done_signed_out)),
        Some("deactivated") => Some(tr!(i18n, devices.done_deactivated)),
        _ => None,
    });
    view! {
        <PageTitle text=|l| td_string!(l, devices.title) />
        <section class="page">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <h1>{tr!(i18n, devices.title)}</h1>
            <p>{tr!(i18n, devices.intro)}</p>
            {done.map(|text| view! { <p class="alert info" role="status">{text}</p> })}
            <Transition fallback=Loading>
                {awaited(move || async move {
                    match devices.await {
                        Ok(list) => view! {
                            <ul class="device-list">
                                {list
                                    .devices
                                    .into_iter()
                                    .map(|d| view! { <DeviceCard device=d needs_reauth=list.needs_reauth /> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeviceCard(device: DeviceView, needs_reauth: bool) -> impl IntoView {
    let sign_out = ServerAction::<SignOutDevice>::new();
    if device.this_device {
        crate::contexts::live::Live::expect().signed_out_by(sign_out);
    }
    let i18n = use_i18n();
    let kind = device.kind;
    let heading = format!("device-{}-name", device.id);
    let labelled_by = heading.clone();
    let name = device.name.clone();
    let sign_out_label = tr!(
        i18n,
        devices.sign_out_device,
        name = name.say(i18n.get_locale())
    );
    let name = device.name.clone();
    let sign_out_password = td_string!(
        i18n.get_locale_untracked(),
        devices.sign_out_password,
        name = device.name.say(i18n.get_locale_untracked())
    );
    let sign_out_needs_reauth = needs_reauth && !device.this_device;
    let deactivate_label = tr!(
        i18n,
        devices.deactivate_device,
        name = name.say(i18n.get_locale())
    );
    let deactivate_href = format!("/account/devices/{}/deactivate", device.id);
    let name = device.name.clone();
    let not_you_label = tr!(
        i18n,
        devices.not_you_label,
        name = name.say(i18n.get_locale())
    );
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = NodeRef::<html::Button>::new();
    view! {
        <li class="device card" aria-labelledby=labelled_by>
            <div class="device-head">
                <DeviceIcon kind=device.kind />
                <h2 id=heading>{
                    let name = device.name.clone();
                    move || name.say(i18n.get_locale())
                }</h2>
                <span class="badge">{move || kind.label(i18n.get_locale())}</span>
                {device.this_device.then(|| view! { <span class="badge this-device">{tr!(i18n, devices.this_device)}</span> })}
                {(!device.signed_in).then(|| view! { <span class="badge">{tr!(i18n, devices.signed_out)}</span> })}
            </div>
            <dl class="facts">
                <dt>{tr!(i18n, devices.last_active)}</dt>
                <dd><LocalTime at=device.last_active.clone() /></dd>
                <dt>{tr!(i18n, devices.ip_address)}</dt>
                <dd>{device.last_ip.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{tr!(i18n, devices.location)}</dt>
                <dd>
                    {
                        let stored = device.last_location.clone();
                        move || crate::place::name(i18n.get_locale(), stored.as_deref())
                    }
                </dd>
                <dt>{tr!(i18n, devices.profile)}</dt>
                <dd>{device.last_profile.clone().unwrap_or_else(|| "—".into())}</dd>
            </dl>
            <ErrorAlert action=sign_out />
            <div class="device-actions">
                {device.signed_in.then(|| view! {
                    <ActionForm action=sign_out>
                        <input type="hidden" name="device_id" value=device.id />
                        // Signing out another device is a sensitive action: a stolen cookie
                        // must not sign the owner's devices out.
                        <ReauthField
                            needed=sign_out_needs_reauth
                            action=sign_out
                            id=format!("sign-out-{}-password", device.id)
                            label=sign_out_password.clone()
                        />
                        <SubmitButton pending=sign_out.pending() label=sign_out_label>
                            {tr!(i18n, devices.sign_out)}
                        </SubmitButton>
                    </ActionForm>
                })}
                {(!device.this_device).then(|| view! {
                    <a class="btn" href="/account/secure" aria-label=not_you_label>{tr!(i18n, devices.not_you)}</a>
                })}
                <form method="get" action=deactivate_href on:submit=open_instead(dialog)>
                    <button type="submit" class="btn danger" node_ref=opener aria-label=deactivate_label>
                        {tr!(i18n, devices.deactivate)}
                    </button>
                </form>
            </div>
            <Modal
                dialog
                opener
                labelled_by=format!("deactivate-{}-title", device.id)
                described_by=format!("deactivate-{}-description", device.id)
            >
                <DeactivateDeviceForm device=device.clone() needs_reauth cancel=move || view! {
                    <button type="button" class="btn" autofocus on:click=close(dialog)>{tr!(i18n, devices.cancel)}</button>
                } />
            </Modal>
        </li>
    }
}

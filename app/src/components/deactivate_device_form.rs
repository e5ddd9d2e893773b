use crate::api::devices::{DeactivateDevice, DeviceView};
use crate::components::alert::ErrorAlert;
use crate::components::reauth_field::ReauthField;
use crate::components::submit_button::SubmitButton;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// The warning and the confirming form, shared by the dialog and the no-JavaScript page.
#[component]
pub fn DeactivateDeviceForm(
    device: DeviceView,
    needs_reauth: bool,
    #[prop(into)] cancel: ViewFn,
) -> impl IntoView {
    let deactivate = ServerAction::<DeactivateDevice>::new();
    if device.this_device {
        crate::contexts::live::Live::expect().signed_out_by(deactivate);
    }
    let i18n = use_i18n();
    let name = device.name.clone();
    view! {
        <h2 id=format!("deactivate-{}-title", device.id)>{tr!(i18n, devices.deactivate_question, name = name.say(i18n.get_locale()))}</h2>
        <div id=format!("deactivate-{}-description", device.id)>
            <p>
                {tr!(i18n, devices.deactivate_what)}
                " "
                <strong>{tr!(i18n, devices.deactivate_erases)}</strong>
                " "
                {tr!(i18n, devices.deactivate_erases_what)}
            </p>
            <p class="alert warning">{tr!(i18n, devices.deactivate_lost)}</p>
        </div>
        <ErrorAlert action=deactivate />
        <ActionForm action=deactivate>
            <input type="hidden" name="device_id" value=device.id />
            <ReauthField needed=needs_reauth action=deactivate id=format!("deactivate-{}-password", device.id) />
            <div class="dialog-actions">
                {cancel.run()}
                <SubmitButton pending=deactivate.pending() class="btn danger">{tr!(i18n, devices.deactivate)}</SubmitButton>
            </div>
        </ActionForm>
    }
}

use crate::api::devices::{DeactivateDevice, DeviceView};
use crate::components::alert::ErrorAlert;
use crate::components::reauth_field::ReauthField;
use crate::components::submit_button::SubmitButton;
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
    view! {
        <h2 id=format!("deactivate-{}-title", device.id)>{format!("Deactivate {}?", device.name)}</h2>
        <div id=format!("deactivate-{}-description", device.id)>
            <p>
                "Deactivating signs this device out at once, removes it from your devices and "
                <strong>"erases its location history"</strong>
                " — the IP addresses and places of its streams."
            </p>
            <p class="alert warning">
                "Lost or stolen? Sign it out instead. Its location history may help find it, and deactivating erases it for good."
            </p>
        </div>
        <ErrorAlert action=deactivate />
        <ActionForm action=deactivate>
            <input type="hidden" name="device_id" value=device.id />
            <ReauthField needed=needs_reauth action=deactivate id=format!("deactivate-{}-password", device.id) />
            <div class="dialog-actions">
                {cancel.run()}
                <SubmitButton pending=deactivate.pending() class="btn danger">"Deactivate"</SubmitButton>
            </div>
        </ActionForm>
    }
}

use super::saved::Saved;
use crate::api::parental::{RemoveParentalPin, SetParentalPin};
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use leptos::prelude::*;

/// The account's parental-controls PIN: set, changed or removed.
#[component]
pub fn PinCard(
    pin_set: bool,
    set: ServerAction<SetParentalPin>,
    remove: ServerAction<RemoveParentalPin>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="pin-title">
            <h2 id="pin-title">"Parental-controls PIN"</h2>
            <p>
                {if pin_set {
                    "A PIN is set for the account. Titles above a profile's level ask for it."
                } else {
                    "No PIN is set. With a PIN, titles above a profile's level can be unlocked with it instead of being hidden."
                }}
            </p>
            <ErrorAlert action=set />
            <Saved action=set text="PIN saved." />
            <ActionForm action=set attr:class="stack">
                <label for="parental-pin">{if pin_set { "New 4-digit PIN" } else { "4-digit PIN" }}</label>
                <input
                    id="parental-pin"
                    name="pin"
                    type="password"
                    inputmode="numeric"
                    autocomplete="off"
                    aria-describedby="parental-pin-rules"
                    required
                />
                <p id="parental-pin-rules" class="hint">"Exactly 4 digits, 0 to 9. Letters are not allowed."</p>
                <SubmitButton pending=set.pending() class="btn primary">"Save PIN"</SubmitButton>
            </ActionForm>
            {pin_set.then(|| view! {
                <ActionForm action=remove>
                    <SubmitButton pending=remove.pending()>"Remove PIN"</SubmitButton>
                </ActionForm>
            })}
        </section>
    }
}

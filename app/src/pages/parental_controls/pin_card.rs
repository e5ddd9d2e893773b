use super::saved::Saved;
use crate::api::parental::{RemoveParentalPin, SetParentalPin};
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// The account's parental-controls PIN: set, changed or removed.
#[component]
pub fn PinCard(
    pin_set: bool,
    set: ServerAction<SetParentalPin>,
    remove: ServerAction<RemoveParentalPin>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="pin-title">
            <h2 id="pin-title">{tr!(i18n, parental.pin_title)}</h2>
            <p>
                {if pin_set {
                    tr!(i18n, parental.pin_is_set)
                } else {
                    tr!(i18n, parental.pin_not_set)
                }}
            </p>
            <ErrorAlert action=set />
            <Saved action=set text=tr!(i18n, parental.pin_saved) />
            <ActionForm action=set attr:class="stack">
                <label for="parental-pin">{if pin_set { tr!(i18n, parental.new_pin) } else { tr!(i18n, parental.pin) }}</label>
                <input
                    id="parental-pin"
                    name="pin"
                    type="password"
                    inputmode="numeric"
                    autocomplete="off"
                    aria-describedby="parental-pin-rules"
                    required
                />
                <p id="parental-pin-rules" class="hint">{tr!(i18n, parental.pin_rules)}</p>
                <SubmitButton pending=set.pending() class="btn primary">{tr!(i18n, parental.save_pin)}</SubmitButton>
            </ActionForm>
            {pin_set.then(|| view! {
                <ActionForm action=remove>
                    <SubmitButton pending=remove.pending()>{tr!(i18n, parental.remove_pin)}</SubmitButton>
                </ActionForm>
            })}
        </section>
    }
}

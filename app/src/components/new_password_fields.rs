use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// A new password, its rules and its confirmation, as "Change password" and "Secure my
/// account" ask for them (`new_password`, `confirm_password`).
#[component]
pub fn NewPasswordFields() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for="new-password">{tr!(i18n, password.new_password)}</label>
        <input
            id="new-password"
            name="new_password"
            type="password"
            autocomplete="new-password"
            minlength="8"
            aria-describedby="new-password-rules"
            required
        />
        <p id="new-password-rules" class="hint">{tr!(i18n, password.rules)}</p>
        <label for="confirm-password">{tr!(i18n, password.confirm)}</label>
        <input id="confirm-password" name="confirm_password" type="password" autocomplete="new-password" required />
    }
}

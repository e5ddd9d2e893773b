use crate::api::account::ChangePassword;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    view! {
        <Title text="Change password" />
        <section class="page narrow">
            <p><a href="/account">"Account"</a></p>
            <h1>"Change password"</h1>
            <ErrorAlert action=change />
            <ActionForm action=change attr:class="stack">
                <label for="current-password">"Current password"</label>
                <input id="current-password" name="current_password" type="password" autocomplete="current-password" required />
                <label for="new-password">"New password"</label>
                <input
                    id="new-password"
                    name="new_password"
                    type="password"
                    autocomplete="new-password"
                    minlength="8"
                    aria-describedby="new-password-rules"
                    required
                />
                <p id="new-password-rules" class="hint">
                    "At least 8 characters. Very common passwords are refused. A long phrase is easiest to remember."
                </p>
                <label for="confirm-password">"Confirm new password"</label>
                <input id="confirm-password" name="confirm_password" type="password" autocomplete="new-password" required />
                <p class="checkbox">
                    <input id="sign-out-others" name="sign_out_others" type="checkbox" value="on" checked />
                    <label for="sign-out-others">"Sign out of all other devices"</label>
                </p>
                <p class="hint">
                    "Recommended if you think someone else knows your password: every other device must sign in again with the new one."
                </p>
                <SubmitButton pending=change.pending() class="btn primary">"Save"</SubmitButton>
                <a class="btn" href="/account">"Cancel"</a>
            </ActionForm>
        </section>
    }
}

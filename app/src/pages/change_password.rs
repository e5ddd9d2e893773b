use crate::api::account::ChangePassword;
use crate::components::alert::ErrorAlert;
use crate::components::new_password_fields::NewPasswordFields;
use crate::components::page_title::PageTitle;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, password.title) />
        <section class="page narrow">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <h1>{tr!(i18n, password.title)}</h1>
            <ErrorAlert action=change />
            <ActionForm action=change attr:class="stack">
                <label for="current-password">{tr!(i18n, password.current)}</label>
                <input id="current-password" name="current_password" type="password" autocomplete="current-password" required />
                <NewPasswordFields />
                <p class="checkbox">
                    <input id="sign-out-others" name="sign_out_others" type="checkbox" value="on" checked />
                    <label for="sign-out-others">{tr!(i18n, password.sign_out_others)}</label>
                </p>
                <p class="hint">{tr!(i18n, password.sign_out_others_advice)}</p>
                <SubmitButton pending=change.pending() class="btn primary">{tr!(i18n, password.save)}</SubmitButton>
                <a class="btn" href="/account">{tr!(i18n, password.cancel)}</a>
            </ActionForm>
        </section>
    }
}

use crate::api::secure::SecureAccount;
use crate::components::alert::ErrorAlert;
use crate::components::new_password_fields::NewPasswordFields;
use crate::components::page_title::PageTitle;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// "Secure my account": what it does, then one form that does all of it.
#[component]
pub fn SecureAccountPage() -> impl IntoView {
    let action = ServerAction::<SecureAccount>::new();
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, secure.title) />
        <section class="page narrow">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <h1>{tr!(i18n, secure.title)}</h1>
            <p id="secure-what">{tr!(i18n, secure.intro)}</p>
            <ol class="steps">
                <li>{tr!(i18n, secure.step_sign_out)}</li>
                <li>{tr!(i18n, secure.step_tv_codes)}</li>
                <li>{tr!(i18n, secure.step_password)}</li>
                <li>{tr!(i18n, secure.step_report)}</li>
            </ol>
            <ErrorAlert action=action />
            <ActionForm action=action attr:class="stack" attr:aria-describedby="secure-what">
                <label for="current-password">{tr!(i18n, password.current)}</label>
                <input id="current-password" name="current_password" type="password" autocomplete="current-password" required />
                <NewPasswordFields />
                <div class="dialog-actions">
                    <a class="btn" href="/account">{tr!(i18n, secure.cancel)}</a>
                    <SubmitButton pending=action.pending() class="btn danger">
                        {tr!(i18n, secure.confirm)}
                    </SubmitButton>
                </div>
            </ActionForm>
        </section>
    }
}

use crate::api::account::account_overview;
use crate::api::secure::SecureAccount;
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::new_password_fields::NewPasswordFields;
use crate::components::page_title::PageTitle;
use crate::components::reauth_field::ReauthField;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// "Secure my account": what it does, then one form that does all of it.
#[component]
pub fn SecureAccountPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| account_overview());
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
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match overview.await {
                        Ok(o) => view! {
                            <ErrorAlert action=action />
                            <ActionForm action=action attr:class="stack" attr:aria-describedby="secure-what">
                                <ReauthField needed=o.needs_reauth action=action id="secure-password" />
                                <NewPasswordFields />
                                <div class="dialog-actions">
                                    <a class="btn" href="/account">{tr!(i18n, secure.cancel)}</a>
                                    <SubmitButton pending=action.pending() class="btn danger">
                                        {tr!(i18n, secure.confirm)}
                                    </SubmitButton>
                                </div>
                            </ActionForm>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

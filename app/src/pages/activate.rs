use crate::api::activate::{ApproveTvCode, LookUpTvCode, looked_up_tv_code};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::place;
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/activate`: type the code a TV shows, see which device is asking, approve it.
#[component]
pub fn ActivatePage() -> impl IntoView {
    let query = use_query_map();
    // A code in the address only fills the field: looking it up is the user's POST, so a
    // page that sends the victim here spends none of their guesses.
    let code = StoredValue::new(query.with_untracked(|q| q.get("code").unwrap_or_default()));
    let approved_before = query.with_untracked(|q| q.get("approved").is_some());
    let look_up = ServerAction::<LookUpTvCode>::new();
    let approve = ServerAction::<ApproveTvCode>::new();
    let request = Resource::new(move || look_up.version().get(), |_| looked_up_tv_code());
    let approved = move || approved_before || approve.value().with(|v| matches!(v, Some(Ok(_))));
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, activate.title) />
        <section class="page narrow">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <h1>{tr!(i18n, activate.title)}</h1>
            <Show
                when=approved
                fallback=move || view! {
                    <ErrorAlert action=look_up />
                    <ActionForm action=look_up attr:class="stack">
                        <label for="tv-code">{tr!(i18n, activate.code_label)}</label>
                        <input
                            id="tv-code"
                            name="code"
                            type="text"
                            autocomplete="off"
                            autocapitalize="characters"
                            spellcheck="false"
                            placeholder="BCDF-GHJK"
                            value=code.get_value()
                            required
                        />
                        <SubmitButton pending=look_up.pending() class="btn primary">
                            {tr!(i18n, common.go_on)}
                        </SubmitButton>
                    </ActionForm>
                    <Suspense fallback=Loading>
                        {awaited(move || async move {
                            match request.await {
                                Ok(Some(r)) => {
                                    let location = r.location.clone();
                                    view! {
                                    <section class="card" aria-labelledby="tv-request-title">
                                        <h2 id="tv-request-title">{tr!(i18n, activate.is_yours)}</h2>
                                        <dl class="facts">
                                            <dt>{tr!(i18n, activity.device)}</dt>
                                            <dd>{
                                                let device = r.device_name.clone();
                                                move || device.say(i18n.get_locale())
                                            }</dd>
                                            <dt>{tr!(i18n, activity.location)}</dt>
                                            <dd>{move || place::name(i18n.get_locale(), location.as_deref())}</dd>
                                            <dt>{tr!(i18n, activate.asked)}</dt>
                                            <dd><LocalTime at=r.requested_at /></dd>
                                            <dt>{tr!(i18n, activate.code)}</dt>
                                            <dd>{r.user_code.clone()}</dd>
                                        </dl>
                                        <p class="hint">{tr!(i18n, activate.only_yours)}</p>
                                        <ErrorAlert action=approve />
                                        <ActionForm action=approve attr:class="dialog-actions">
                                            <input type="hidden" name="code" value=r.user_code.clone() />
                                            <a class="btn" href="/account">{tr!(i18n, common.cancel)}</a>
                                            <SubmitButton pending=approve.pending() class="btn primary">{tr!(i18n, activate.approve)}</SubmitButton>
                                        </ActionForm>
                                    </section>
                                    }
                                        .into_any()
                                }
                                Ok(None) => ().into_any(),
                                Err(e) => view! { <LoadError error=e /> }.into_any(),
                            }
                        })}
                    </Suspense>
                }
            >
                <p class="alert info" role="status">{tr!(i18n, activate.approved)}</p>
                <p><a href="/account/devices">{tr!(i18n, account.manage_devices)}</a></p>
            </Show>
        </section>
    }
}

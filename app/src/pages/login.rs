use crate::api::session::{SignIn, phone_region};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::page_title::PageTitle;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{t_string, td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let region = Resource::new(|| (), |_| phone_region());
    let query = use_query_map();
    let i18n = use_i18n();
    let notice = move || {
        query.with(|q| {
            if q.get_str("signed_out") == Some("all") {
                Some(t_string!(i18n, login.signed_out_all))
            } else if q.get_str("signed_out").is_some() {
                Some(t_string!(i18n, login.signed_out))
            } else if q.get_str("expired").is_some() {
                Some(t_string!(i18n, login.expired))
            } else {
                None
            }
        })
    };
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <PageTitle text=|l| td_string!(l, login.title) />
        <section class="page narrow">
            <h1>{tr!(i18n, login.title)}</h1>
            {move || notice().map(|text| view! { <p class="alert info" role="status">{text}</p> })}
            <ErrorAlert action />
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="next" value=next />
                <label for="identifier">{tr!(i18n, login.identifier)}</label>
                <input
                    id="identifier"
                    name="identifier"
                    type="text"
                    inputmode="email"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    aria-describedby="identifier-hint"
                    required
                />
                <label for="password">{tr!(i18n, login.password)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
                <SubmitButton pending=action.pending() class="btn primary">
                    {tr!(i18n, login.submit)}
                </SubmitButton>
            </ActionForm>
            <p class="hint" id="identifier-hint">
                <Suspense fallback=move || tr!(i18n, login.phone_hint)>
                    {awaited(move || async move {
                        let region = region.await.ok().flatten();
                        move || match region.clone() {
                            Some(code) => t_string!(i18n, login.phone_hint_region, code = code),
                            None => t_string!(i18n, login.phone_hint).to_owned(),
                        }
                    })}
                </Suspense>
            </p>
        </section>
    }
}

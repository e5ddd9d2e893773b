use crate::api::session::{SignIn, phone_region};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::submit_button::SubmitButton;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const PHONE_HINT: &str =
    "Use the phone number with its country code, for example +44 20 7946 0958.";

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let region = Resource::new(|| (), |_| phone_region());
    let query = use_query_map();
    let notice = move || {
        query.with(|q| {
            if q.get_str("signed_out") == Some("all") {
                Some("You signed out of all devices. Every device, this one included, must sign in again.")
            } else if q.get_str("signed_out").is_some() {
                Some("You signed out.")
            } else if q.get_str("expired").is_some() {
                Some("Your session has ended. Please sign in again.")
            } else {
                None
            }
        })
    };
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <Title text="Sign in" />
        <section class="page narrow">
            <h1>"Sign in"</h1>
            {move || notice().map(|text| view! { <p class="alert info" role="status">{text}</p> })}
            <ErrorAlert action />
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="next" value=next />
                <label for="identifier">"Email or phone number"</label>
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
                <label for="password">"Password"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
                <SubmitButton pending=action.pending() class="btn primary">
                    "Sign in"
                </SubmitButton>
            </ActionForm>
            <p class="hint" id="identifier-hint">
                <Suspense fallback=|| PHONE_HINT>
                    {awaited(move || async move {
                        match region.await {
                            Ok(Some(code)) => format!(
                                "A phone number without its country code is read as a {code} number; others need it, for example +44 20 7946 0958."
                            ),
                            _ => PHONE_HINT.to_owned(),
                        }
                    })}
                </Suspense>
            </p>
        </section>
    }
}

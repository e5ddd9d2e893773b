use crate::api::activate::{ApproveTvCode, LookUpTvCode, looked_up_tv_code};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use leptos::prelude::*;
use leptos_meta::Title;
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
    view! {
        <Title text="Sign in a TV" />
        <section class="page narrow">
            <p><a href="/account">"Account"</a></p>
            <h1>"Sign in a TV"</h1>
            <Show
                when=approved
                fallback=move || view! {
                    <ErrorAlert action=look_up />
                    <ActionForm action=look_up attr:class="stack">
                        <label for="tv-code">"Code shown on your TV"</label>
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
                            "Continue"
                        </SubmitButton>
                    </ActionForm>
                    <Suspense fallback=Loading>
                        {awaited(move || async move {
                            match request.await {
                                Ok(Some(r)) => view! {
                                    <section class="card" aria-labelledby="tv-request-title">
                                        <h2 id="tv-request-title">"Is this your TV?"</h2>
                                        <dl class="facts">
                                            <dt>"Device"</dt>
                                            <dd>{r.device_name.clone()}</dd>
                                            <dt>"Approximate location"</dt>
                                            <dd>{r.location.clone().unwrap_or_else(|| "Unknown location".into())}</dd>
                                            <dt>"Asked"</dt>
                                            <dd><LocalTime at=r.requested_at /></dd>
                                            <dt>"Code"</dt>
                                            <dd>{r.user_code.clone()}</dd>
                                        </dl>
                                        <p class="hint">"Only approve a TV you are in front of: it will be signed in to your account."</p>
                                        <ErrorAlert action=approve />
                                        <ActionForm action=approve attr:class="dialog-actions">
                                            <input type="hidden" name="code" value=r.user_code.clone() />
                                            <a class="btn" href="/account">"Cancel"</a>
                                            <SubmitButton pending=approve.pending() class="btn primary">"Approve and sign in the TV"</SubmitButton>
                                        </ActionForm>
                                    </section>
                                }
                                    .into_any(),
                                Ok(None) => ().into_any(),
                                Err(e) => view! { <LoadError error=e /> }.into_any(),
                            }
                        })}
                    </Suspense>
                }
            >
                <p class="alert info" role="status">"The TV is signed in. It will show your profiles in a moment."</p>
                <p><a href="/account/devices">"Manage access and devices"</a></p>
            </Show>
        </section>
    }
}

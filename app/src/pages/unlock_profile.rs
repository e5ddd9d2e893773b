use crate::api::profiles::{ProfileSettings, SelectProfile, get_profile};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::error::AppError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Switching to a locked profile: its PIN first.
#[component]
pub fn UnlockProfilePage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    let profile = Resource::new(
        move || id,
        |id| async move { get_profile(id.ok_or(AppError::NotFound)?).await },
    );
    let select = ServerAction::<SelectProfile>::new();
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, parental.lock_title) />
        <section class="page narrow">
            <Suspense fallback=Loading>
                {awaited(move || {
                    let next = next.clone();
                    async move {
                        match profile.await {
                            Ok(ProfileSettings { profile: p, .. }) => view! {
                                <h1>{tr!(i18n, profile_edit.is_locked, name = p.name.clone())}</h1>
                                <ErrorAlert action=select />
                                <ActionForm action=select attr:class="stack">
                                    <input type="hidden" name="profile_id" value=p.id />
                                    <input type="hidden" name="next" value=next />
                                    <label for="unlock-pin">{tr!(i18n, profile_edit.profile_pin)}</label>
                                    <input
                                        id="unlock-pin"
                                        name="pin"
                                        type="password"
                                        inputmode="numeric"
                                        autocomplete="off"
                                        autofocus
                                        required
                                    />
                                    <SubmitButton pending=select.pending() class="btn primary">{tr!(i18n, common.go_on)}</SubmitButton>
                                    <a class="btn" href="/profiles">{tr!(i18n, common.back)}</a>
                                </ActionForm>
                            }
                                .into_any(),
                            Err(e) => view! { <LoadError error=e /> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

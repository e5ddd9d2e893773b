use crate::api::profiles::{
    ConsentAsked, DeleteProfile, ProfileSettings, UpdateProfile, get_profile,
};
use crate::components::alert::ErrorAlert;
use crate::components::avatar_picker::AvatarPicker;
use crate::components::awaited::awaited;
use crate::components::consent_field::{ConsentField, ProfilesNotOnThisDevice};
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::error::AppError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The profile named by the route's `:id`.
fn profile_from_route() -> Resource<Result<ProfileSettings, AppError>> {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    Resource::new(
        move || id,
        |id| async move { get_profile(id.ok_or(AppError::NotFound)?).await },
    )
}

/// A locked profile's settings ask for its PIN (unless this device is using the profile).
#[component]
fn LockPinField(needed: bool) -> impl IntoView {
    let i18n = use_i18n();
    needed.then(|| {
        view! {
            <label for="lock-pin">{tr!(i18n, profile_edit.locked_pin)}</label>
            <input id="lock-pin" name="lock_pin" type="password" inputmode="numeric" autocomplete="off" required />
        }
    })
}

#[component]
pub fn EditProfilePage() -> impl IntoView {
    let profile = profile_from_route();
    let update = ServerAction::<UpdateProfile>::new();
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, profile_edit.edit_title) />
        <section class="page narrow">
            <h1>{tr!(i18n, profile_edit.edit_title)}</h1>
            <ErrorAlert action=update />
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match profile.await {
                        Ok(ProfileSettings { profile: p, needs_pin, consent }) => {
                            let can_delete = !p.owner && consent != ConsentAsked::NotOnThisDevice;
                            let delete = format!("/profiles/{}/delete", p.id);
                            view! {
                                <ActionForm action=update attr:class="stack">
                                    <input type="hidden" name="profile_id" value=p.id />
                                    <label for="profile-name">{tr!(i18n, profile_edit.name)}</label>
                                    <input
                                        id="profile-name"
                                        name="name"
                                        type="text"
                                        maxlength="24"
                                        required
                                        autocomplete="off"
                                        value=p.name.clone()
                                    />
                                    <AvatarPicker selected=p.avatar.clone() />
                                    <LockPinField needed=needs_pin />
                                    <SubmitButton pending=update.pending() class="btn primary">{tr!(i18n, common.save)}</SubmitButton>
                                    <a class="btn" href="/profiles/manage">{tr!(i18n, common.cancel)}</a>
                                </ActionForm>
                                {can_delete.then(|| view! {
                                    <p class="danger-zone">
                                        <a class="btn danger" href=delete>{tr!(i18n, profile_edit.delete)}</a>
                                    </p>
                                })}
                            }
                                .into_any()
                        }
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Confirms deleting a profile: its viewing history goes with it.
#[component]
pub fn DeleteProfilePage() -> impl IntoView {
    let profile = profile_from_route();
    let delete = ServerAction::<DeleteProfile>::new();
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, profile_edit.delete) />
        <section class="page narrow">
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match profile.await {
                        Ok(ProfileSettings { consent: ConsentAsked::NotOnThisDevice, .. }) => {
                            view! { <ProfilesNotOnThisDevice /> }.into_any()
                        }
                        Ok(ProfileSettings { profile: p, needs_pin, consent }) => view! {
                            <h1>{tr!(i18n, profile_edit.delete_question, name = p.name.clone())}</h1>
                            <p>{tr!(i18n, profile_edit.delete_what)}</p>
                            <ErrorAlert action=delete />
                            <ActionForm action=delete attr:class="stack">
                                <input type="hidden" name="profile_id" value=p.id />
                                <LockPinField needed=needs_pin />
                                <ConsentField asked=consent action=delete id="delete-profile" />
                                <div class="dialog-actions">
                                    <a class="btn" href=format!("/profiles/{}/edit", p.id)>{tr!(i18n, common.cancel)}</a>
                                    <SubmitButton pending=delete.pending() class="btn danger">
                                        {tr!(i18n, profile_edit.delete)}
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

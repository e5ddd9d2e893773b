use crate::api::profiles::{AddProfile, ConsentAsked, list_profiles};
use crate::components::alert::ErrorAlert;
use crate::components::avatar_picker::AvatarPicker;
use crate::components::awaited::awaited;
use crate::components::consent_field::{ConsentField, ProfilesNotOnThisDevice};
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn NewProfilePage() -> impl IntoView {
    let add = ServerAction::<AddProfile>::new();
    let profiles = Resource::new(|| (), |_| list_profiles());
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, profile_edit.add) />
        <section class="page narrow">
            <h1>{tr!(i18n, profile_edit.add)}</h1>
            <ErrorAlert action=add />
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match profiles.await {
                        Ok(list) if list.consent == ConsentAsked::NotOnThisDevice => {
                            view! { <ProfilesNotOnThisDevice /> }.into_any()
                        }
                        Ok(list) => view! {
                            <ActionForm action=add attr:class="stack">
                                <label for="profile-name">{tr!(i18n, profile_edit.name)}</label>
                                <input id="profile-name" name="name" type="text" maxlength="24" required autocomplete="off" />
                                <AvatarPicker selected="green" />
                                <p class="checkbox">
                                    <input id="profile-kids" name="kids" type="checkbox" value="on" />
                                    <label for="profile-kids">{tr!(i18n, profile_edit.kids_profile)}</label>
                                </p>
                                <ConsentField asked=list.consent action=add id="add-profile" />
                                <SubmitButton pending=add.pending() class="btn primary">
                                    {tr!(i18n, profile_edit.save_profile)}
                                </SubmitButton>
                                <a class="btn" href="/profiles/manage">{tr!(i18n, common.cancel)}</a>
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

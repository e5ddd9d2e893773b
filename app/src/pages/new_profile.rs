use crate::api::profiles::{AddProfile, ConsentAsked, list_profiles};
use crate::components::alert::ErrorAlert;
use crate::components::avatar_picker::AvatarPicker;
use crate::components::awaited::awaited;
use crate::components::consent_field::{ConsentField, ProfilesNotOnThisDevice};
use crate::components::loading::Loading;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewProfilePage() -> impl IntoView {
    let add = ServerAction::<AddProfile>::new();
    let profiles = Resource::new(|| (), |_| list_profiles());
    view! {
        <Title text="Add profile" />
        <section class="page narrow">
            <h1>"Add profile"</h1>
            <ErrorAlert action=add />
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match profiles.await {
                        Ok(list) if list.consent == ConsentAsked::NotOnThisDevice => {
                            view! { <ProfilesNotOnThisDevice /> }.into_any()
                        }
                        Ok(list) => view! {
                            <ActionForm action=add attr:class="stack">
                                <label for="profile-name">"Name"</label>
                                <input id="profile-name" name="name" type="text" maxlength="24" required autocomplete="off" />
                                <AvatarPicker selected="green" />
                                <p class="checkbox">
                                    <input id="profile-kids" name="kids" type="checkbox" value="on" />
                                    <label for="profile-kids">"Kids profile (titles rated 7+ and under only)"</label>
                                </p>
                                <ConsentField asked=list.consent action=add id="add-profile" />
                                <SubmitButton pending=add.pending() class="btn primary">
                                    "Save profile"
                                </SubmitButton>
                                <a class="btn" href="/profiles/manage">"Cancel"</a>
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

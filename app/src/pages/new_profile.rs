use crate::api::profiles::CreateProfile;
use crate::components::alert::ErrorAlert;
use crate::components::avatar_picker::AvatarPicker;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewProfilePage() -> impl IntoView {
    let create = ServerAction::<CreateProfile>::new();
    view! {
        <Title text="Add profile" />
        <section class="page narrow">
            <h1>"Add profile"</h1>
            <ErrorAlert action=create />
            <ActionForm action=create attr:class="stack">
                <label for="profile-name">"Name"</label>
                <input id="profile-name" name="name" type="text" maxlength="24" required autocomplete="off" />
                <AvatarPicker selected="green" />
                <p class="checkbox">
                    <input id="profile-kids" name="kids" type="checkbox" value="on" />
                    <label for="profile-kids">"Kids profile (titles rated 7+ and under only)"</label>
                </p>
                <button type="submit" class="btn primary">"Save profile"</button>
                <a class="btn" href="/profiles/manage">"Cancel"</a>
            </ActionForm>
        </section>
    }
}

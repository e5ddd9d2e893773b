use super::saved::Saved;
use crate::api::parental::{RemoveProfileLock, SetProfileLock};
use crate::api::profiles::ProfileCard;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use leptos::prelude::*;

/// The profile's own lock PIN, asked when switching to it.
#[component]
pub fn LockCard(
    profile: ProfileCard,
    lock: ServerAction<SetProfileLock>,
    unlock: ServerAction<RemoveProfileLock>,
) -> impl IntoView {
    let profile_id = profile.id;
    let note = if profile.locked {
        format!(
            "{} is locked: switching to it asks for its PIN.",
            profile.name
        )
    } else {
        format!(
            "Lock {} with its own PIN, asked when switching to it.",
            profile.name
        )
    };
    view! {
        <section class="card" aria-labelledby="lock-title">
            <h2 id="lock-title">"Profile lock"</h2>
            <p>{note}</p>
            <ErrorAlert action=lock />
            <Saved action=lock text="Profile lock saved." />
            <ActionForm action=lock attr:class="stack">
                <input type="hidden" name="profile_id" value=profile_id />
                <label for="lock-pin">"Profile PIN (4 digits)"</label>
                <input id="lock-pin" name="pin" type="password" inputmode="numeric" autocomplete="off" required />
                <SubmitButton pending=lock.pending() class="btn primary">
                    {if profile.locked { "Change profile PIN" } else { "Lock profile" }}
                </SubmitButton>
            </ActionForm>
            {profile.locked.then(|| view! {
                <ActionForm action=unlock>
                    <input type="hidden" name="profile_id" value=profile_id />
                    <SubmitButton pending=unlock.pending()>"Remove lock"</SubmitButton>
                </ActionForm>
            })}
        </section>
    }
}

use super::saved::Saved;
use crate::api::parental::{RemoveProfileLock, SetProfileLock};
use crate::api::profiles::ProfileCard;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// The profile's own lock PIN, asked when switching to it.
#[component]
pub fn LockCard(
    profile: ProfileCard,
    lock: ServerAction<SetProfileLock>,
    unlock: ServerAction<RemoveProfileLock>,
) -> impl IntoView {
    let profile_id = profile.id;
    let i18n = use_i18n();
    let name = profile.name.clone();
    let note = if profile.locked {
        tr!(i18n, parental.locked_note, name = name.clone())
    } else {
        tr!(i18n, parental.lock_note, name = name.clone())
    };
    view! {
        <section class="card" aria-labelledby="lock-title">
            <h2 id="lock-title">{tr!(i18n, parental.lock_title)}</h2>
            <p>{note}</p>
            <ErrorAlert action=lock />
            <Saved action=lock text=tr!(i18n, parental.lock_saved) />
            <ActionForm action=lock attr:class="stack">
                <input type="hidden" name="profile_id" value=profile_id />
                <label for="lock-pin">{tr!(i18n, parental.lock_pin)}</label>
                <input id="lock-pin" name="pin" type="password" inputmode="numeric" autocomplete="off" required />
                <SubmitButton pending=lock.pending() class="btn primary">
                    {if profile.locked { tr!(i18n, parental.change_lock_pin) } else { tr!(i18n, parental.lock_profile) }}
                </SubmitButton>
            </ActionForm>
            {profile.locked.then(|| view! {
                <ActionForm action=unlock>
                    <input type="hidden" name="profile_id" value=profile_id />
                    <SubmitButton pending=unlock.pending()>{tr!(i18n, parental.remove_lock)}</SubmitButton>
                </ActionForm>
            })}
        </section>
    }
}

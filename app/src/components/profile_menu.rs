use crate::api::profiles::SelectProfile;
use crate::api::session::{SignOut, Viewer};
use crate::components::avatar::Avatar;
use crate::components::submit_button::SubmitButton;
use leptos::prelude::*;

/// The avatar at the upper right and the menu it opens: the current profile, the others to
/// switch to, and the account. The menu is a native popover, so it opens, closes on Escape
/// or an outside click, and works with JavaScript off.
#[component]
pub fn ProfileMenu(viewer: Viewer) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    // One action for every profile's switch form: each is a form of its own, but only one
    // switch can be meant at a time, and the page builds one action rather than one per
    // profile.
    let select = ServerAction::<SelectProfile>::new();
    crate::contexts::live::Live::expect().signed_out_by(sign_out);
    let label = format!("Profile menu for {}", viewer.display_name());
    let others = viewer.others.clone();
    view! {
        <button
            class="avatar-button"
            popovertarget="profile-menu"
            aria-label=label
            aria-haspopup="true"
        >
            {match viewer.current.clone() {
                Some(p) => view! { <Avatar profile=p /> }.into_any(),
                None => view! { <span class="avatar avatar-blue" aria-hidden="true">"?"</span> }.into_any(),
            }}
            <span class="caret" aria-hidden="true"></span>
        </button>
        <nav id="profile-menu" class="profile-menu" aria-label="Profile menu" popover="auto">
            <p class="profile-menu-who">
                <span class="profile-menu-name">{viewer.display_name()}</span>
                <span class="profile-menu-email">{viewer.email.clone()}</span>
            </p>
            <ul>
                {others
                    .into_iter()
                    .map(|p| view! { <li><SwitchProfile profile=p select /></li> })
                    .collect_view()}
                <li>
                    <a href="/profiles/manage">"Manage profiles"</a>
                </li>
                <li>
                    <a href="/account">"Account"</a>
                </li>
                <li>
                    <a href="/help">"Help Center"</a>
                </li>
                <li>
                    <ActionForm action=sign_out>
                        <SubmitButton pending=sign_out.pending() class="menu-button">
                            "Sign out"
                        </SubmitButton>
                    </ActionForm>
                </li>
            </ul>
        </nav>
    }
}

#[component]
fn SwitchProfile(
    profile: crate::api::profiles::ProfileCard,
    select: ServerAction<SelectProfile>,
) -> impl IntoView {
    let id = profile.id;
    // This profile's switch is the one running.
    let pending = Signal::derive(move || {
        select.pending().get()
            && select
                .input()
                .with(|input| input.as_ref().is_some_and(|i| i.profile_id == id))
    });
    let label = format!("Switch to {}", profile.name);
    if profile.locked {
        let href = format!("/profiles/{}/unlock", profile.id);
        return view! {
            <a href=href class="menu-profile" aria-label=format!("{label} (locked)")>
                <Avatar profile=profile.clone() small=true />
                <span aria-hidden="true">{profile.name.clone()}</span>
            </a>
        }
        .into_any();
    }
    view! {
        <ActionForm action=select>
            <input type="hidden" name="profile_id" value=profile.id />
            <SubmitButton pending class="menu-button menu-profile" label=label>
                <Avatar profile=profile.clone() small=true />
                <span aria-hidden="true">{profile.name.clone()}</span>
            </SubmitButton>
        </ActionForm>
    }
    .into_any()
}

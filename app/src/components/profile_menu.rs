use crate::api::profiles::SelectProfile;
use crate::api::session::{SignOut, Viewer};
use crate::components::avatar::Avatar;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{t_string, use_i18n};
use crate::text::tr;
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
    let i18n = use_i18n();
    let name = viewer.display_name();
    let label = move || t_string!(i18n, profile_menu.open_for, name = name.clone());
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
        <nav id="profile-menu" class="profile-menu" aria-label=move || t_string!(i18n, profile_menu.label) popover="auto">
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
                    <a href="/profiles/manage">{tr!(i18n, profile_menu.manage_profiles)}</a>
                </li>
                <li>
                    <a href="/account">{tr!(i18n, profile_menu.account)}</a>
                </li>
                <li>
                    <a href="/help">{tr!(i18n, profile_menu.help_center)}</a>
                </li>
                <li>
                    <ActionForm action=sign_out>
                        <SubmitButton pending=sign_out.pending() class="menu-button">
                            {tr!(i18n, profile_menu.sign_out)}
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
    let i18n = use_i18n();
    let name = profile.name.clone();
    if profile.locked {
        let href = format!("/profiles/{}/unlock", profile.id);
        let label = move || t_string!(i18n, profile_menu.switch_to_locked, name = name.clone());
        return view! {
            <a href=href class="menu-profile" aria-label=label>
                <Avatar profile=profile.clone() small=true />
                <span aria-hidden="true">{profile.name.clone()}</span>
            </a>
        }
        .into_any();
    }
    let label =
        Signal::derive(move || t_string!(i18n, profile_menu.switch_to, name = name.clone()));
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

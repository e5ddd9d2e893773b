use crate::api::profiles::ProfileCard;
use leptos::prelude::*;

/// A profile's coloured square with its initial; decorative (its name is always nearby).
#[component]
pub fn Avatar(
    profile: ProfileCard,
    #[prop(optional)] small: bool,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let size = if large {
        " avatar-large"
    } else if small {
        " avatar-small"
    } else {
        ""
    };
    let class = format!("avatar avatar-{}{size}", profile.avatar);
    view! {
        <span class=class aria-hidden="true">
            {profile.initial()}
        </span>
    }
}

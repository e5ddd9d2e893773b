use crate::api::profiles::AVATARS;
use leptos::prelude::*;

/// Radio buttons for the avatar colours, as one labelled group.
#[component]
pub fn AvatarPicker(#[prop(into)] selected: String) -> impl IntoView {
    view! {
        <fieldset class="avatar-picker">
            <legend>"Avatar"</legend>
            {AVATARS
                .iter()
                .map(|a| {
                    let id = format!("avatar-{a}");
                    let class = format!("avatar avatar-{a}");
                    view! {
                        <span class="avatar-choice">
                            <input type="radio" name="avatar" id=id.clone() value=*a checked=selected == *a />
                            <label for=id>
                                <span class=class aria-hidden="true"></span>
                                <span class="avatar-choice-name">{capitalise(a)}</span>
                            </label>
                        </span>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

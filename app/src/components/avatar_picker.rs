use crate::api::profiles::AVATARS;
use crate::i18n::{Locale, td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// Radio buttons for the avatar colours, as one labelled group.
#[component]
pub fn AvatarPicker(#[prop(into)] selected: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="avatar-picker">
            <legend>{tr!(i18n, profile_edit.avatar)}</legend>
            {AVATARS
                .iter()
                .map(|a| {
                    let id = format!("avatar-{a}");
                    let class = format!("avatar avatar-{a}");
                    let colour = *a;
                    view! {
                        <span class="avatar-choice">
                            <input type="radio" name="avatar" id=id.clone() value=*a checked=selected == *a />
                            <label for=id>
                                <span class=class aria-hidden="true"></span>
                                <span class="avatar-choice-name">{move || colour_name(i18n.get_locale(), colour)}</span>
                            </label>
                        </span>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// An avatar colour's name in `locale`; the stored value itself for one without a text.
fn colour_name(locale: Locale, colour: &'static str) -> &'static str {
    match colour {
        "blue" => td_string!(locale, profile_edit.avatars.blue),
        "red" => td_string!(locale, profile_edit.avatars.red),
        "green" => td_string!(locale, profile_edit.avatars.green),
        "yellow" => td_string!(locale, profile_edit.avatars.yellow),
        "purple" => td_string!(locale, profile_edit.avatars.purple),
        "teal" => td_string!(locale, profile_edit.avatars.teal),
        "orange" => td_string!(locale, profile_edit.avatars.orange),
        "pink" => td_string!(locale, profile_edit.avatars.pink),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_avatar_colour_has_a_name_in_every_language() {
        for locale in crate::language::ALL {
            for colour in AVATARS {
                assert_ne!(
                    colour_name(locale, colour),
                    *colour,
                    "{colour} in {locale:?}"
                );
            }
        }
    }
}

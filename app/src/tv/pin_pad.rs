use super::key::{TvKey, labels};
use crate::i18n::{td_string, use_i18n};
use leptos::prelude::*;

const PIN_LEN: usize = 4;

/// A 4-digit PIN on the TV. The box takes a remote's number keys; the pad below enters
/// digits with the arrows and Enter, for remotes without them. Focus starts on the pad.
#[component]
pub fn TvPinEntry(
    /// The box's id, for its label.
    id: &'static str,
    label: String,
    pin: RwSignal<String>,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let keys = labels("1234567890")
        .enumerate()
        .map(|(i, d)| {
            let press = move || {
                pin.update(|p| {
                    if p.chars().count() < PIN_LEN {
                        p.push_str(d);
                    }
                })
            };
            view! { <TvKey label=d on_press=press first={i == 0} /> }
        })
        .collect_view();
    view! {
        <label class="tv-label" for=id>
            {label.clone()}
        </label>
        <input
            id=id
            class="tv-input tv-pin-input"
            type="password"
            inputmode="numeric"
            maxlength=PIN_LEN
            autocomplete="off"
            data-tv-focus=""
            prop:value=move || pin.get()
            on:input=move |ev| pin.set(event_target_value(&ev))
        />
        <div class="tv-keyboard tv-pin-pad" role="group" aria-label=td_string!(locale, tv.number_pad, label = label)>
            {keys}
            <TvKey
                label=td_string!(locale, tv.delete)
                wide=true
                on_press=move || {
                    pin.update(|p| {
                        p.pop();
                    })
                }
            />
        </div>
    }
}

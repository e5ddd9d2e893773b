use leptos::prelude::*;

/// A key of an on-screen keyboard or number pad. `first` marks where focus starts: on the
/// screen's arrival, and as soon as the key appears (a pad shown on the same screen).
#[component]
pub fn TvKey(
    label: &'static str,
    on_press: impl Fn() + 'static,
    #[prop(optional)] wide: bool,
    #[prop(optional)] first: bool,
) -> impl IntoView {
    let key = NodeRef::<leptos::html::Button>::new();
    if first {
        Effect::new(move |_| {
            if let Some(key) = key.get() {
                let _ = key.focus();
            }
        });
    }
    view! {
        <button
            type="button"
            class=if wide { "tv-key tv-key-wide" } else { "tv-key" }
            data-tv-focus=""
            data-tv-first=first.then_some("")
            node_ref=key
            on:click=move |_| on_press()
        >
            {label}
        </button>
    }
}

/// Splits a run of key characters into their labels.
pub fn labels(keys: &'static str) -> impl Iterator<Item = &'static str> {
    keys.char_indices()
        .map(move |(i, c)| &keys[i..i + c.len_utf8()])
}

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
    let first_key = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(key) = first_key.get() {
            let _ = key.focus();
        }
    });
    let digit = move |d: char| {
        pin.update(|p| {
            if p.chars().count() < PIN_LEN {
                p.push(d);
            }
        })
    };
    let keys = "1234567890"
        .chars()
        .map(|d| {
            let first = d == '1';
            let node_ref = if first { first_key } else { NodeRef::new() };
            view! {
                <button
                    type="button"
                    class="tv-key"
                    data-tv-focus=""
                    data-tv-first=first.then_some("")
                    node_ref=node_ref
                    on:click=move |_| digit(d)
                >
                    {d.to_string()}
                </button>
            }
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
        <div class="tv-keyboard tv-pin-pad" role="group" aria-label=format!("Number pad: {label}")>
            {keys}
            <button
                type="button"
                class="tv-key tv-key-wide"
                data-tv-focus=""
                on:click=move |_| {
                    pin.update(|p| {
                        p.pop();
                    })
                }
            >
                "Delete"
            </button>
        </div>
    }
}

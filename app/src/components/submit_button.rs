use leptos::prelude::*;

/// A form's submit button that shows its request is running: disabled and `aria-busy`
/// until the answer comes, so that it cannot be pressed twice.
#[component]
pub fn SubmitButton(
    /// The form's action is running (`ServerAction::pending`).
    #[prop(into)]
    pending: Signal<bool>,
    #[prop(optional, default = "btn")] class: &'static str,
    /// The accessible name, where the visible text alone does not say what is acted on.
    #[prop(optional, into)]
    label: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class
            aria-label=label
            disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {children()}
        </button>
    }
}

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
    label: Option<Signal<String>>,
    children: Children,
) -> impl IntoView {
    // A page rendered on the server has no request running: reading `pending` there
    // would only build the action's memos for every button of every page, to say "not
    // busy", which the attributes' absence says as well.
    #[cfg(feature = "ssr")]
    {
        let _ = pending;
        view! {
            <button type="submit" class=class aria-label=move || label.map(|l| l.get())>
                {children()}
            </button>
        }
    }
    #[cfg(not(feature = "ssr"))]
    view! {
        <button
            type="submit"
            class=class
            aria-label=move || label.map(|l| l.get())
            disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {children()}
        </button>
    }
}

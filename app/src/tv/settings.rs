use super::{Screen, TvNav};
use crate::components::alert::ErrorAlert;
use crate::contexts::viewer::ViewerResource;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// Settings: where to sign out other devices, and this TV's own Close Session.
#[component]
pub fn TvSettings() -> impl IntoView {
    let TvNav(screen) = expect_context();
    let i18n = use_i18n();
    #[cfg(feature = "hydrate")]
    let origin = window().location().origin().unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    let origin = String::new();
    view! {
        <h1>{tr!(i18n, tv.settings)}</h1>
        <p class="tv-text">
            {tr!(i18n, tv.settings_text)}
            {(!origin.is_empty()).then(|| format!(": {origin}/account"))}
            "."
        </p>
        <button type="button" class="tv-button" data-tv-focus="" on:click=move |_| screen.set(Screen::CloseSession)>
            {tr!(i18n, tv.close_session)}
        </button>
    }
}

/// "Close Session?" — Yes signs this TV out and back to its sign-in screen.
#[component]
pub fn TvCloseSession() -> impl IntoView {
    let TvNav(screen) = expect_context();
    let ViewerResource(viewer) = ViewerResource::expect();
    let close = ServerAction::<crate::api::tv::TvCloseSession>::new();
    let i18n = use_i18n();
    // Signed out: the page follows the viewer back to the sign-in screen, as it does when
    // the session ends elsewhere. (A reload here would race the new screen's request for a
    // code, and the TV could keep the other code's cookie while showing this one.)
    Effect::new(move |_| {
        if let Some(Ok(())) = close.value().get() {
            viewer.refetch();
        }
    });
    view! {
        <section class="tv-confirm" role="alertdialog" aria-labelledby="tv-close-title" aria-describedby="tv-close-text">
            <h1 id="tv-close-title">{tr!(i18n, tv.close_question)}</h1>
            <p id="tv-close-text" class="tv-text">{tr!(i18n, tv.close_text)}</p>
            <ErrorAlert action=close />
            <div class="tv-actions">
                <button
                    type="button"
                    class="tv-button"
                    data-tv-focus=""
                    aria-busy=move || close.pending().get().then_some("true")
                    on:click=move |_| {
                        // A second press while the first is on its way does nothing.
                        if !close.pending().get_untracked() {
                            close.dispatch(crate::api::tv::TvCloseSession {});
                        }
                    }
                >
                    {tr!(i18n, tv.yes)}
                </button>
                <button type="button" class="tv-button" data-tv-focus="" data-tv-first="" on:click=move |_| screen.set(Screen::Settings)>
                    {tr!(i18n, tv.no)}
                </button>
            </div>
        </section>
    }
}

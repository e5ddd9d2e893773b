use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// Renders a failed page load. A session that ended sends the browser to the sign-in page
/// (the server does the same before rendering; this covers pages already open).
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    if error == AppError::Unauthorized {
        #[cfg(feature = "hydrate")]
        {
            let next = window().location().pathname().unwrap_or_default();
            let _ = window()
                .location()
                .assign(&format!("/login?expired=1&next={}", js_sys_encode(&next)));
        }
    }
    let i18n = use_i18n();
    view! { <p class="alert error" role="alert">{move || error.message(i18n.get_locale())}</p> }
}

#[cfg(feature = "hydrate")]
fn js_sys_encode(s: &str) -> String {
    leptos::web_sys::js_sys::encode_uri_component(s).into()
}

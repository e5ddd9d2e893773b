use crate::i18n::{t_string, use_i18n};
use crate::live::SignedOutReason;
use crate::text::tr;
use leptos::prelude::*;

/// Takes the place of a page whose session ended elsewhere, so nothing of the account stays
/// on screen: says why, and offers to sign in again (a full page load, back to here).
#[component]
pub fn SignedOutNotice(reason: SignedOutReason) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    // Focus moves to the news, so a keyboard or screen-reader user is not left on a
    // control that is gone.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let next = {
        #[cfg(feature = "hydrate")]
        {
            let location = window().location();
            let here = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            leptos::web_sys::js_sys::encode_uri_component(&here).as_string()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            None::<String>
        }
    };
    let href = match next {
        Some(next) => format!("/login?next={next}"),
        None => "/login".to_owned(),
    };
    view! {
        <section class="signed-out-notice" role="alert" aria-labelledby="signed-out-heading">
            <h1 id="signed-out-heading" tabindex="-1" node_ref=heading>
                {tr!(i18n, signed_out.title)}
            </h1>
            <p>
                {move || {
                    let locale = i18n.get_locale();
                    t_string!(i18n, signed_out.because, reason = reason.explanation(locale))
                }}
            </p>
            <p>
                <a class="btn primary" href=href rel="external">{tr!(i18n, signed_out.sign_in_again)}</a>
            </p>
        </section>
    }
}

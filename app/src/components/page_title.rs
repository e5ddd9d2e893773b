use crate::i18n::{Locale, use_i18n};
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

/// The page's `<title>` in the reader's language: `<PageTitle text=|l| td_string!(l, login.title) />`.
#[component]
pub fn PageTitle(text: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    // The server writes the head after the body, once the page's reactive values may be
    // gone (pages render concurrently): it takes the text as it is now. The browser's
    // title follows a change of language.
    #[cfg(feature = "ssr")]
    let text = TextProp::from(text(i18n.get_locale_untracked()));
    #[cfg(not(feature = "ssr"))]
    let text = TextProp::from(move || text(i18n.get_locale()));
    view! { <Title text /> }
}

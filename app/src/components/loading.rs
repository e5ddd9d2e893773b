use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// What a section shows while its data loads after a client-side navigation.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{tr!(i18n, common.loading)}</p> }
}

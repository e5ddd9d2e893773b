use crate::components::page_title::PageTitle;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, not_found.title) />
        <section class="page narrow">
            <h1>{tr!(i18n, not_found.title)}</h1>
            <p>{tr!(i18n, not_found.text)} " " <a href="/">{tr!(i18n, not_found.home)}</a> "."</p>
        </section>
    }
}

use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// "Older" and "Newest" links for a keyset-paged list; `base` keeps the other filters.
#[component]
pub fn Pager(
    #[prop(into)] base: String,
    next: Option<String>,
    on_first_page: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let sep = if base.contains('?') { "&" } else { "?" };
    let older = next.map(|cursor| format!("{base}{sep}before={cursor}"));
    view! {
        <nav class="pager" aria-label=tr!(i18n, common.pages)>
            {(!on_first_page).then(|| view! { <a class="btn" href=base.clone()>{tr!(i18n, common.newest)}</a> })}
            {older.map(|href| view! { <a class="btn" href=href rel="next">{tr!(i18n, common.older)}</a> })}
        </nav>
    }
}

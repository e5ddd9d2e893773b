use super::home::TvTile;
use crate::api::catalog::search_titles;
use leptos::prelude::*;

#[component]
pub fn TvSearch() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = Resource::new(
        move || query.get(),
        |q| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                search_titles(q).await
            }
        },
    );
    view! {
        <h1>"Search"</h1>
        <label class="tv-label" for="tv-search">"Search titles"</label>
        <input
            id="tv-search"
            class="tv-input"
            type="search"
            data-tv-focus=""
            autocomplete="off"
            on:input=move |ev| query.set(event_target_value(&ev))
        />
        <Transition>
            {move || Suspend::new(async move {
                let titles = results.await.unwrap_or_default();
                view! {
                    <ul class="tv-grid" aria-label="Results">
                        {titles.into_iter().map(|t| view! { <TvTile title=t /> }).collect_view()}
                    </ul>
                }
            })}
        </Transition>
    }
}

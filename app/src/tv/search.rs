use super::home::TvTile;
use super::key::{TvKey, labels};
use crate::api::catalog::search_titles;
use crate::components::awaited::awaited;
use leptos::prelude::*;

/// A remote has no letters: the on-screen keyboard types with the arrows and Enter.
/// (Search ignores case and accents, so these are all it needs.)
const KEYS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890";

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
    let keys = labels(KEYS)
        .enumerate()
        .map(|(i, key)| {
            let press = move || query.update(|q| q.push_str(&key.to_lowercase()));
            view! { <TvKey label=key on_press=press first={i == 0} /> }
        })
        .collect_view();
    view! {
        <h1>"Search"</h1>
        <label class="tv-label" for="tv-search">"Search titles"</label>
        // For TVs and computers with a real keyboard.
        <input
            id="tv-search"
            class="tv-input"
            type="search"
            data-tv-focus=""
            autocomplete="off"
            prop:value=move || query.get()
            on:input=move |ev| query.set(event_target_value(&ev))
        />
        <div class="tv-keyboard" role="group" aria-label="On-screen keyboard">
            {keys}
            <TvKey label="Space" wide=true on_press=move || query.update(|q| q.push(' ')) />
            <TvKey
                label="Delete"
                wide=true
                on_press=move || {
                    query.update(|q| {
                        q.pop();
                    })
                }
            />
            <TvKey label="Clear" wide=true on_press=move || query.set(String::new()) />
        </div>
        <Transition>
            {awaited(move || async move {
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

use super::home::TvTile;
use super::key::{TvKey, labels};
use crate::api::catalog::search_titles;
use crate::components::awaited::awaited;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// A remote has no letters: the on-screen keyboard types with the arrows and Enter.
/// (Search ignores case and accents, so these are all it needs.)
const KEYS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890";

#[component]
pub fn TvSearch() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let i18n = use_i18n();
    // The keys' names stay in the language the screen opened in.
    let locale = i18n.get_locale_untracked();
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
        <h1>{tr!(i18n, tv.search)}</h1>
        <label class="tv-label" for="tv-search">{tr!(i18n, tv.search_titles)}</label>
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
        <div class="tv-keyboard" role="group" aria-label=td_string!(locale, tv.keyboard)>
            {keys}
            <TvKey label=td_string!(locale, tv.space) wide=true on_press=move || query.update(|q| q.push(' ')) />
            <TvKey
                label=td_string!(locale, tv.delete)
                wide=true
                on_press=move || {
                    query.update(|q| {
                        q.pop();
                    })
                }
            />
            <TvKey label=td_string!(locale, tv.clear) wide=true on_press=move || query.set(String::new()) />
        </div>
        <Transition>
            {awaited(move || async move {
                let titles = results.await.unwrap_or_default();
                view! {
                    <ul class="tv-grid" aria-label=td_string!(locale, tv.results)>
                        {titles.into_iter().map(|t| view! { <TvTile title=t /> }).collect_view()}
                    </ul>
                }
            })}
        </Transition>
    }
}

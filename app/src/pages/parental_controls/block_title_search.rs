use crate::api::parental::{BlockTitle, suggest_titles};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::submit_button::SubmitButton;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// Type a title's name; matching titles appear as you type (or on "Find" without
/// JavaScript), each with a button to block it.
#[component]
pub fn BlockTitleSearch(
    profile_id: i64,
    block: ServerAction<BlockTitle>,
    query: RwSignal<String>,
) -> impl IntoView {
    let typed = query.get_untracked();
    let i18n = use_i18n();
    let suggestions = Resource::new(
        move || query.get(),
        move |q| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                suggest_titles(profile_id, q).await
            }
        },
    );
    view! {
        <form method="get" action="" class="find" role="search">
            <label for="block-title">{tr!(i18n, parental.block_title)}</label>
            <input
                id="block-title"
                name="find"
                type="search"
                autocomplete="off"
                placeholder=tr!(i18n, parental.block_placeholder)
                aria-describedby="block-title-count"
                aria-controls="block-title-results"
                value=typed
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <button type="submit" class="btn">{tr!(i18n, parental.find)}</button>
        </form>
        <ErrorAlert action=block />
        <Transition>
            {awaited(move || async move {
                let found = suggestions.await.unwrap_or_default();
                let count = match (query.with_untracked(|q| q.trim().is_empty()), found.len()) {
                    (true, _) => None,
                    (false, 0) => Some(tr!(i18n, parental.no_matches).into_any()),
                    (false, n) => Some(tr!(i18n, parental.matches, count = n).into_any()),
                };
                view! {
                    <p id="block-title-count" class="hint" role="status">{count}</p>
                    <ul id="block-title-results" class="suggestions">
                        {found
                            .into_iter()
                            .map(|t| {
                                let (name, year) = (t.name.clone(), t.year);
                                let label = tr!(i18n, parental.block, name = name.clone(), year = year);
                                view! {
                                    <li>
                                        <ActionForm action=block>
                                            <input type="hidden" name="profile_id" value=profile_id />
                                            <input type="hidden" name="title_id" value=t.id />
                                            <SubmitButton pending=block.pending() class="btn small">{label}</SubmitButton>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        </Transition>
    }
}

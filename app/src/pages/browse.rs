use crate::api::catalog::{load_browse, search_titles};
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::title_card::TitleTile;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Rows of titles the current profile may watch, and search by name.
#[component]
pub fn BrowsePage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q").unwrap_or_default());
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, browse.title) />
        <section class="page wide">
            <form class="search" method="get" action="/browse" role="search">
                <label for="search-query" class="visually-hidden">{tr!(i18n, browse.search_titles)}</label>
                <input
                    id="search-query"
                    name="q"
                    type="search"
                    placeholder=tr!(i18n, browse.placeholder)
                    value=q
                    maxlength="100"
                    autocomplete="off"
                />
                <button type="submit" class="btn">{tr!(i18n, browse.search)}</button>
            </form>
            {move || {
                let q = q();
                if q.trim().is_empty() { view! { <Rows /> }.into_any() } else { view! { <Results query=q /> }.into_any() }
            }}
        </section>
    }
}

#[component]
fn Rows() -> impl IntoView {
    let browse = Resource::new(|| (), |_| load_browse());
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {awaited(move || async move {
                match browse.await {
                    Ok(b) => {
                        let name = b.profile_name.clone();
                        view! {
                        <h1 class="visually-hidden">{tr!(i18n, browse.browse_as, name = name.clone())}</h1>
                        {(!b.continue_watching.is_empty()).then(|| view! {
                            <section class="row" aria-labelledby="row-continue">
                                <h2 id="row-continue">{tr!(i18n, browse.continue_for, name = b.profile_name.clone())}</h2>
                                <ul class="tiles">
                                    {b.continue_watching.into_iter().map(|t| view! { <TitleTile title=t /> }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {b.rows
                            .into_iter()
                            .enumerate()
                            .map(|(i, row)| {
                                let heading = format!("row-{i}");
                                let labelled_by = heading.clone();
                                view! {
                                    <section class="row" aria-labelledby=labelled_by>
                                        <h2 id=heading>{row.genre}</h2>
                                        <ul class="tiles">
                                            {row.titles.into_iter().map(|t| view! { <TitleTile title=t /> }).collect_view()}
                                        </ul>
                                    </section>
                                }
                            })
                            .collect_view()}
                        }
                            .into_any()
                    }
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(query: String) -> impl IntoView {
    let shown = query.clone();
    let results = Resource::new(move || query.clone(), search_titles);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {awaited(move || {
                let shown = shown.clone();
                async move {
                    match results.await {
                        Ok(titles) if titles.is_empty() => view! {
                            <h1>{tr!(i18n, browse.no_match, query = shown.clone())}</h1>
                            <p><a href="/browse">{tr!(i18n, common.back_to_browsing)}</a></p>
                        }
                            .into_any(),
                        Ok(titles) => view! {
                            <h1>{tr!(i18n, browse.results_for, query = shown.clone())}</h1>
                            <ul class="tiles grid" aria-label=tr!(i18n, browse.search_results)>
                                {titles.into_iter().map(|t| view! { <TitleTile title=t /> }).collect_view()}
                            </ul>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                }
            })}
        </Suspense>
    }
}

use super::{Screen, TvNav};
use crate::api::catalog::{TitleCard, load_browse};
use crate::components::awaited::awaited;
use crate::components::session_guard::LoadError;
use crate::i18n::{t_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// A title as a focusable tile; Enter opens it.
#[component]
pub fn TvTile(title: TitleCard) -> impl IntoView {
    let TvNav(screen) = expect_context();
    let class = format!("tv-tile poster-{}", title.id % 8);
    let i18n = use_i18n();
    let (name, locked) = (title.name.clone(), title.locked);
    let label = move || {
        if locked {
            t_string!(i18n, tv.tile_pin, name = name.clone())
        } else {
            name.clone()
        }
    };
    let open = title.clone();
    view! {
        <li>
            <button type="button" class=class data-tv-focus="" aria-label=label on:click=move |_| screen.set(Screen::Title(open.clone()))>
                <span class="tv-tile-name">{title.name.clone()}</span>
                <span class="tv-tile-meta">{format!("{} · {}", title.year, title.rating)}</span>
            </button>
        </li>
    }
}

#[component]
pub fn TvHome() -> impl IntoView {
    let browse = Resource::new(|| (), |_| load_browse());
    let i18n = use_i18n();
    view! {
        <h1 class="visually-hidden">{tr!(i18n, tv.home)}</h1>
        <Suspense fallback=move || view! { <p class="tv-hint">{tr!(i18n, tv.loading)}</p> }>
            {awaited(move || async move {
                match browse.await {
                    Ok(b) => b
                        .rows
                        .into_iter()
                        .map(|row| {
                            let heading = row.genre.clone();
                            let label = heading.clone();
                            view! {
                                <section class="tv-row" aria-label=label>
                                    <h2>{heading}</h2>
                                    <ul>{row.titles.into_iter().map(|t| view! { <TvTile title=t /> }).collect_view()}</ul>
                                </section>
                            }
                        })
                        .collect_view()
                        .into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

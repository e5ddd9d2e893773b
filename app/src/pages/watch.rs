use crate::api::catalog::load_title;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::player::Player;
use crate::components::session_guard::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn WatchPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let stream =
        use_query_map().with_untracked(|q| q.get("stream").and_then(|s| s.parse::<i64>().ok()));
    let title = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => load_title(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {awaited(move || async move {
                match title.await {
                    Ok(t) => {
                        let kind = if t.card.series { "Series" } else { "Movie" };
                        view! {
                            <Title text=t.card.name.clone() />
                            <section class="page watch">
                                <h1>{t.card.name.clone()}</h1>
                                <p class="title-meta">
                                    {format!("{} · {} · {} · {}", t.card.year, kind, t.card.genre, t.card.rating)}
                                </p>
                                <Player title=t.clone() initial_stream=stream />
                                <p class="synopsis">{t.synopsis.clone()}</p>
                                <p><a href="/browse">"Back to browsing"</a></p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => view! {
                        <Title text="Not available" />
                        <section class="page narrow">
                            <h1>"Not available"</h1>
                            <LoadError error=e />
                            <p><a href="/browse">"Back to browsing"</a></p>
                        </section>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

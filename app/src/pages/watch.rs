use crate::api::catalog::load_title;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::player::Player;
use crate::components::session_guard::LoadError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
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
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {awaited(move || async move {
                match title.await {
                    Ok(t) => {
                        let kind = if t.card.series { tr!(i18n, common.series) } else { tr!(i18n, common.movie) };
                        let (year, genre, rating) = (t.card.year, t.card.genre.clone(), t.card.rating);
                        let meta = move || format!("{year} · {} · {genre} · {rating}", kind.get());
                        view! {
                            <Title text=t.card.name.clone() />
                            <section class="page watch">
                                <h1>{t.card.name.clone()}</h1>
                                <p class="title-meta">
                                    {meta}
                                </p>
                                <Player title=t.clone() initial_stream=stream />
                                <p class="synopsis">{t.synopsis.clone()}</p>
                                <p><a href="/browse">{tr!(i18n, common.back_to_browsing)}</a></p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => view! {
                        <PageTitle text=|l| td_string!(l, watch.not_available) />
                        <section class="page narrow">
                            <h1>{tr!(i18n, watch.not_available)}</h1>
                            <LoadError error=e />
                            <p><a href="/browse">{tr!(i18n, common.back_to_browsing)}</a></p>
                        </section>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

use crate::api::catalog::TitleCard;
use leptos::prelude::*;

/// A title in a row or a result grid: a link to its player.
#[component]
pub fn TitleTile(title: TitleCard) -> impl IntoView {
    let poster = format!("poster poster-{}", title.id % 8);
    let href = format!("/watch/{}", title.id);
    let kind = if title.series { "Series" } else { "Movie" };
    view! {
        <li class="tile">
            <a href=href class=poster>
                <span class="tile-name">{title.name.clone()}</span>
                <span class="tile-meta">
                    {format!("{} · {} · {}", title.year, kind, title.rating)}
                    {title.locked.then(|| view! { " · " <span class="lock">"PIN"</span> })}
                </span>
            </a>
        </li>
    }
}

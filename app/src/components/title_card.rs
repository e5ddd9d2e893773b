use crate::api::catalog::TitleCard;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// A title in a row or a result grid: a link to its player.
#[component]
pub fn TitleTile(title: TitleCard) -> impl IntoView {
    let poster = format!("poster poster-{}", title.id % 8);
    let href = format!("/watch/{}", title.id);
    let i18n = use_i18n();
    let kind = if title.series {
        tr!(i18n, common.series)
    } else {
        tr!(i18n, common.movie)
    };
    let (year, rating) = (title.year, title.rating);
    let meta = move || format!("{year} · {} · {rating}", kind.get());
    view! {
        <li class="tile">
            <a href=href class=poster>
                <span class="tile-name">{title.name.clone()}</span>
                <span class="tile-meta">
                    {meta}
                    {title.locked.then(|| view! { " · " <span class="lock">"PIN"</span> })}
                </span>
            </a>
        </li>
    }
}

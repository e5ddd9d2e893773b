use super::home::TvHome;
use super::profiles::TvProfiles;
use super::search::TvSearch;
use super::settings::{TvCloseSession, TvSettings};
use super::sign_in::TvSignIn;
use super::title::TvTitle;
use super::{Screen, TvNav};
use crate::api::session::Viewer;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::contexts::viewer::ViewerResource;
use crate::i18n::{Locale, td_string, use_i18n};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

/// `/tv`: the sign-in screen, or the TV app once this TV has a session.
#[component]
pub fn TvPage() -> impl IntoView {
    let ViewerResource(viewer) = ViewerResource::expect();
    view! {
        <Title text="TV" />
        <Suspense fallback=Loading>
            {awaited(move || async move {
                match viewer.await {
                    Ok(Some(v)) => view! { <TvApp viewer=v /> }.into_any(),
                    _ => view! { <TvSignIn /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

const HOME_ICON: &str = "M3 11l9-8 9 8v10h-6v-6H9v6H3z";
const SEARCH_ICON: &str =
    "M10 3a7 7 0 015.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1110 3zm0 2a5 5 0 100 10 5 5 0 000-10z";
const PROFILES_ICON: &str = "M12 12a4.5 4.5 0 110-9 4.5 4.5 0 010 9zm-8 9c0-4 3.6-7 8-7s8 3 8 7z";
const GEAR_ICON: &str = "M19.4 13a7.5 7.5 0 000-2l2.1-1.6-2-3.5-2.5 1a7.6 7.6 0 00-1.7-1L15 3h-4l-.4 2.9a7.6 7.6 0 00-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 000 2l-2.1 1.6 2 3.5 2.5-1a7.6 7.6 0 001.7 1L11 21h4l.4-2.9a7.6 7.6 0 001.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 110-7 3.5 3.5 0 010 7z";

#[component]
fn MenuItem(
    target: Screen,
    /// The item's name in a language.
    label: fn(Locale) -> &'static str,
    icon: &'static str,
) -> impl IntoView {
    let i18n: I18nContext<Locale> = use_i18n();
    let TvNav(screen) = expect_context();
    let here = target.clone();
    let current = move || {
        let on = screen.with(|s| std::mem::discriminant(s) == std::mem::discriminant(&here));
        on.then_some("page")
    };
    view! {
        <li>
            <button type="button" class="tv-menu-item" data-tv-focus="" aria-current=current on:click=move |_| screen.set(target.clone())>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=icon /></svg>
                <span>{move || label(i18n.get_locale())}</span>
            </button>
        </li>
    }
}

#[component]
fn TvApp(viewer: Viewer) -> impl IntoView {
    let first = if viewer.current.is_some() {
        Screen::Home
    } else {
        Screen::Profiles
    };
    let screen = RwSignal::new(first);
    provide_context(TvNav(screen));
    #[cfg(feature = "hydrate")]
    super::focus::install(screen);
    let who = viewer.display_name();
    let i18n = use_i18n();
    view! {
        <div class="tv">
            <nav class="tv-menu" aria-label=move || td_string!(i18n.get_locale(), tv.menu)>
                <p class="tv-brand">"Kinoguard"</p>
                <ul>
                    <MenuItem target=Screen::Home label=|l| td_string!(l, tv.home) icon=HOME_ICON />
                    <MenuItem target=Screen::Search label=|l| td_string!(l, tv.search) icon=SEARCH_ICON />
                    <MenuItem target=Screen::Profiles label=|l| td_string!(l, tv.profiles) icon=PROFILES_ICON />
                    <MenuItem target=Screen::Settings label=|l| td_string!(l, tv.settings) icon=GEAR_ICON />
                </ul>
                <p class="tv-who">{who}</p>
            </nav>
            <div class="tv-main" id="tv-main">
                {move || match screen.get() {
                    Screen::Home => view! { <TvHome /> }.into_any(),
                    Screen::Search => view! { <TvSearch /> }.into_any(),
                    Screen::Profiles => view! { <TvProfiles /> }.into_any(),
                    Screen::Settings => view! { <TvSettings /> }.into_any(),
                    Screen::CloseSession => view! { <TvCloseSession /> }.into_any(),
                    Screen::Title(t) => view! { <TvTitle title=t /> }.into_any(),
                }}
            </div>
        </div>
    }
}

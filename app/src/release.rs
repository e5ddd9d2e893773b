//! Releases that replace each other while pages are open. Each page is served with its
//! server's release in `<meta name="kinoguard-release">`. The page reloads itself, after a
//! short notice, when a newer release shows: the live channel names a different release
//! when it (re)connects, or a server function this page calls is gone
//! (`AppError::ReleaseChanged`). An old page never calls on and fails with a cryptic error.

use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// The `<meta>` naming the release a page was served by.
pub const META: &str = "kinoguard-release";

/// How long the notice shows before the page reloads.
pub const NOTICE_MS: u32 = 2_500;

/// The `<meta>` for the page's `<head>`, from the server serving it.
#[component]
pub fn ReleaseMeta() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let release = use_context::<crate::server::ServerContext>()
        .map(|c| c.release.to_string())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let release = String::new();
    view! { <meta name=META content=release /> }
}

thread_local! {
    /// Set once a newer release has shown; the notice reads it. In the browser only.
    static REPLACED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// The notice, on every page: shown once the page is about to reload.
#[component]
pub fn ReleaseNotice() -> impl IntoView {
    let i18n = use_i18n();
    let replaced = REPLACED.with(Clone::clone);
    view! {
        <Show when=move || replaced.get()>
            <p class="release-notice" role="status">
                {tr!(i18n, errors.release_changed)}
            </p>
        </Show>
    }
}

/// The release this page was served by, as its `<meta>` says.
#[cfg(feature = "hydrate")]
pub fn this_page() -> Option<String> {
    let meta = document()
        .query_selector(&format!("meta[name=\"{META}\"]"))
        .ok()??;
    meta.get_attribute("content")
}

/// Remembers, for this tab, which change of release it last reloaded for.
#[cfg(feature = "hydrate")]
const RELOADED_FOR: &str = "kinoguard-reloaded-for";

/// Another release is serving (`serving` names it, or what showed it): say so, then
/// reload the page. At most once for each change: where a load balancer still sends the
/// page to one release and its channel to another, the page stays as it is rather than
/// reload back and forth.
pub fn replaced(serving: &str) {
    if REPLACED.with(|r| r.get_untracked()) {
        return;
    }
    #[cfg(feature = "hydrate")]
    {
        let change = format!("{} to {serving}", this_page().unwrap_or_default());
        let storage = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
        if let Some(storage) = &storage {
            if storage.get_item(RELOADED_FOR).ok().flatten().as_deref() == Some(change.as_str()) {
                return;
            }
            let _ = storage.set_item(RELOADED_FOR, &change);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = serving;
    REPLACED.with(|r| r.set(true));
    #[cfg(feature = "hydrate")]
    gloo::timers::callback::Timeout::new(NOTICE_MS, || {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    })
    .forget();
}

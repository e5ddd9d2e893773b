use leptos::prelude::*;

/// The child of a `<Suspense>` or `<Transition>`: the view `make` builds once its data are
/// in, to write as `{awaited(move || async move { … })}`.
///
/// In the browser it is a reactive closure, so the view is built again whenever a resource
/// it read changes. On the server a page is rendered once, and a closure there would be
/// called by every pass the boundary makes over its children (two or three per page, see
/// leptos's `SuspenseBoundary`), building the whole view each time; a plain `Suspend` keeps
/// the view it built. Both write the same HTML, so the page hydrates either way.
pub fn awaited<F, Fut, V>(make: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = V> + Send + 'static,
    V: IntoView + 'static,
{
    #[cfg(feature = "ssr")]
    return Suspend::new(make());
    #[cfg(not(feature = "ssr"))]
    move || Suspend::new(make())
}

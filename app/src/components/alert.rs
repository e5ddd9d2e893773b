use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Shows the error of an action's last run, announced to screen readers as it appears.
/// Without JavaScript the server puts the error in the page it redirects back to, and the
/// action starts out holding it.
#[component]
pub fn ErrorAlert<S>(action: ServerAction<S>) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let message = move || {
        action.value().with(|r| match r {
            Some(Err(e)) => Some(e.message(i18n.get_locale())),
            _ => None,
        })
    };
    view! {
        {move || message().map(|text| view! { <p class="alert error" role="alert">{text}</p> })}
    }
}

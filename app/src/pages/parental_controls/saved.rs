use crate::error::AppError;
use leptos::prelude::*;

/// "Saved." once an action succeeded, announced politely.
#[component]
pub fn Saved<S>(action: ServerAction<S>, text: Signal<&'static str>) -> impl IntoView
where
    S: leptos::server_fn::ServerFn<Error = AppError, Output = ()> + Clone + Send + Sync + 'static,
{
    view! {
        {move || {
            action
                .value()
                .with(|v| matches!(v, Some(Ok(()))))
                .then(|| view! { <p class="alert info" role="status">{text}</p> })
        }}
    }
}

use crate::error::AppError;
use leptos::prelude::*;

/// "Saved." once an action succeeded, announced politely.
#[component]
pub fn Saved<S>(action: ServerAction<S>, #[prop(into)] text: String) -> impl IntoView
where
    S: leptos::server_fn::ServerFn<Error = AppError, Output = ()> + Clone + Send + Sync + 'static,
{
    view! {
        {move || {
            action.value().with(|v| matches!(v, Some(Ok(())))).then(|| {
                let text = text.clone();
                view! { <p class="alert info" role="status">{text}</p> }
            })
        }}
    }
}

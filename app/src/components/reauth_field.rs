use crate::error::AppError;
use crate::i18n::{t_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The password field of a sensitive action, shown when the password was not entered in
/// the last 10 minutes — or when the server says so because the window ran out meanwhile.
#[component]
pub fn ReauthField<S>(
    needed: bool,
    action: ServerAction<S>,
    #[prop(into)] id: String,
    /// The field's label where several share a page; "Your account password" otherwise.
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let show = move || {
        needed
            || action
                .value()
                .with(|v| matches!(v, Some(Err(AppError::ReauthRequired))))
    };
    view! {
        <Show when=show>
            <p class="reauth">
                <label for=id.clone()>
                    {let label = label.clone();
                    move || label.clone().unwrap_or_else(|| t_string!(i18n, reauth.label).to_owned())}
                </label>
                <span class="hint">{tr!(i18n, reauth.hint)}</span>
                <input id=id.clone() name="password" type="password" autocomplete="current-password" required />
            </p>
        </Show>
    }
}

use crate::api::profiles::ConsentAsked;
use crate::components::reauth_field::ReauthField;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// What a parent types to add or delete a profile: the parental-controls PIN when the
/// account has one, otherwise the password when it was not entered in the last 10
/// minutes — or whichever the server asks for because the window ran out meanwhile.
#[component]
pub fn ConsentField<S>(
    asked: ConsentAsked,
    action: ServerAction<S>,
    #[prop(into)] id: String,
) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let pin_asked = move || {
        asked == ConsentAsked::Pin
            || action
                .value()
                .with(|v| matches!(v, Some(Err(AppError::PinRequired))))
    };
    let pin_id = format!("{id}-pin");
    let i18n = use_i18n();
    view! {
        <Show
            when=pin_asked
            fallback=move || {
                view! {
                    <ReauthField
                        needed=asked == ConsentAsked::Password
                        action=action
                        id=format!("{id}-password")
                    />
                }
            }
        >
            <p class="reauth">
                <label for=pin_id.clone()>{tr!(i18n, parental.pin_title)}</label>
                <span class="hint">{tr!(i18n, profile_edit.consent_hint)}</span>
                <input
                    id=pin_id.clone()
                    name="pin"
                    type="password"
                    inputmode="numeric"
                    maxlength="4"
                    autocomplete="off"
                    required
                />
            </p>
        </Show>
    }
}

/// Said instead of a form on a TV, which cannot add or delete profiles.
#[component]
pub fn ProfilesNotOnThisDevice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="alert warning" role="status">
            {tr!(i18n, tv.profiles_elsewhere)}
        </p>
    }
}

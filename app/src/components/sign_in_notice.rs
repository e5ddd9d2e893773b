use crate::api::secure::{ConfirmSignIn, SignInNotice, sign_in_notices};
use crate::components::local_time::LocalTime;
use crate::components::submit_button::SubmitButton;
use crate::contexts::live::Live;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// "New sign-in: Chrome on Windows near Lyon, 21:04 — Was this you?" on the owner's other
/// devices, from the page as served (no JavaScript needed) and live as it happens.
#[component]
pub fn SignInNotices() -> impl IntoView {
    let live = Live::expect();
    let confirm = ServerAction::<ConfirmSignIn>::new();
    let notices = Resource::new(
        move || (live.sign_in_notices.get(), confirm.version().get()),
        |_| sign_in_notices(),
    );
    let location = use_location();
    // Already securing the account: nothing to ask.
    let securing = move || location.pathname.with(|p| p.starts_with("/account/secure"));
    view! {
        <Transition>
            {move || {
                let shown = notices.get().and_then(Result::ok).unwrap_or_default();
                (!securing())
                    .then(|| {
                        shown
                            .into_iter()
                            .map(|notice| view! { <Notice notice confirm /> })
                            .collect_view()
                    })
            }}
        </Transition>
    }
}

#[component]
fn Notice(notice: SignInNotice, confirm: ServerAction<ConfirmSignIn>) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || location.pathname.get();
    let heading = format!("sign-in-notice-{}", notice.id);
    let labelled_by = heading.clone();
    let name = notice.device_name.clone();
    let place = notice.location.clone();
    let what = move || {
        let device = name.say(i18n.get_locale());
        match place.as_deref() {
            Some(p) if !p.is_empty() => {
                let near = crate::place::name(i18n.get_locale(), Some(p));
                crate::i18n::td_string!(
                    i18n.get_locale(),
                    notice.device_near,
                    device = device,
                    place = near
                )
            }
            _ => device,
        }
    };
    view! {
        <aside class="sign-in-notice" role="region" aria-labelledby=labelled_by>
            <p>
                <strong id=heading>{tr!(i18n, notice.new_sign_in)}</strong>
                " " {what} ", " <LocalTime at=notice.at.clone() />
                " — " {tr!(i18n, notice.was_this_you)}
            </p>
            <div class="notice-actions">
                <ActionForm action=confirm>
                    <input type="hidden" name="event_id" value=notice.id />
                    <input type="hidden" name="back" value=back />
                    <SubmitButton pending=confirm.pending() class="btn">{tr!(i18n, notice.yes)}</SubmitButton>
                </ActionForm>
                <a class="btn danger" href="/account/secure">{tr!(i18n, notice.no)}</a>
            </div>
        </aside>
    }
}

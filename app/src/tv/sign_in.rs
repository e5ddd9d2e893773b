use crate::api::tv::{TvCode, TvStartCode, tv_sign_in_code};
use crate::components::alert::ErrorAlert;
use crate::error::AppError;
use crate::i18n::{t_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// The TV's sign-in screen: a code to type on a phone or computer, in the page as served.
/// With JavaScript the TV signs in as soon as it is approved, and asks for a new code when
/// this one expires.
#[component]
pub fn TvSignIn() -> impl IntoView {
    let served = Resource::new(|| (), |_| sign_in_code());
    let i18n = use_i18n();
    let start = ServerAction::<TvStartCode>::new();
    // What replaced the served code once it expired (`Some(None)` while a new one is
    // being asked for); `None` while the served one stands.
    let replaced = RwSignal::new(None::<Option<TvCode>>);
    let code = move || match replaced.get() {
        Some(now) => now,
        None => served.get().and_then(Result::ok).flatten(),
    };
    Effect::new(move |_| {
        if let Some(Ok(c)) = start.value().get() {
            replaced.set(Some(Some(c)));
        }
    });
    #[cfg(feature = "hydrate")]
    {
        use crate::api::tv::{TvPoll, TvSignInState};
        use gloo::timers::callback::Interval;
        let poll = ServerAction::<TvPoll>::new();
        // No code could be had when the page was made: ask for one (and show why not).
        Effect::new(move |_| {
            if let Some(Ok(None)) = served.get()
                && start.version().get_untracked() == 0
            {
                start.dispatch(TvStartCode {});
            }
        });
        Effect::new(move |_| match poll.value().get() {
            Some(Ok(TvSignInState::SignedIn)) => {
                let _ = window().location().reload();
            }
            Some(Ok(TvSignInState::Expired)) => {
                replaced.set(Some(None));
                start.dispatch(TvStartCode {});
            }
            _ => {}
        });
        let ticker = Interval::new(crate::api::tv::POLL_EVERY_MS, move || {
            if untrack(code).is_some() && !poll.pending().get_untracked() {
                poll.dispatch(TvPoll {});
            }
        });
        let held = StoredValue::new_local(Some(ticker));
        on_cleanup(move || held.update_value(|t| *t = None));
    }
    view! {
        <div class="tv tv-sign-in">
            <div class="tv-main">
                <h1>{tr!(i18n, tv.sign_in_title)}</h1>
                <ErrorAlert action=start />
                <Suspense fallback=move || view! { <p class="tv-hint">{tr!(i18n, tv.getting_code)}</p> }>
                {move || match code() {
                    Some(c) => view! {
                        <ol class="tv-steps">
                            <li>{tr!(i18n, tv.go_to)} " " <strong class="tv-url">{c.activate_url.clone()}</strong></li>
                            <li>{tr!(i18n, tv.enter_code)}</li>
                        </ol>
                        <p class="tv-code" aria-label={
                            let code = c.user_code.clone();
                            move || t_string!(i18n, tv.code_label, code = code.clone())
                        }>{c.user_code.clone()}</p>
                        <p class="tv-hint">{tr!(i18n, tv.code_hint)}</p>
                        <noscript>
                            <form method="post" action="/api/tv_poll">
                                <button type="submit">{tr!(i18n, tv.approved_continue)}</button>
                            </form>
                        </noscript>
                    }
                        .into_any(),
                    None => view! {
                        <p class="tv-hint">{tr!(i18n, tv.getting_code)}</p>
                        <noscript>
                            <form method="post" action="/api/tv_start_code">
                                <button type="submit">{tr!(i18n, tv.show_code)}</button>
                            </form>
                        </noscript>
                    }
                        .into_any(),
                }}
                </Suspense>
            </div>
        </div>
    }
}

/// The code to show. When a session ends, the viewer may load more than once (the TV's own
/// Close Session and the live channel both report it), each time making this screen anew:
/// those screens share one request, or two codes would start and the TV could keep the
/// cookie of one while showing the other. Later requests carry the cookie and get the same
/// code back.
async fn sign_in_code() -> Result<Option<TvCode>, AppError> {
    #[cfg(feature = "hydrate")]
    {
        use futures_util::future::{BoxFuture, FutureExt, Shared};
        use std::cell::RefCell;
        type Asking = Shared<BoxFuture<'static, Result<Option<TvCode>, AppError>>>;
        thread_local! {
            static ASKING: RefCell<Option<Asking>> = const { RefCell::new(None) };
        }
        let asking = ASKING.with_borrow_mut(|slot| {
            slot.get_or_insert_with(|| tv_sign_in_code().boxed().shared())
                .clone()
        });
        let code = asking.clone().await;
        ASKING.with_borrow_mut(|slot| {
            if slot.as_ref().is_some_and(|s| s.ptr_eq(&asking)) {
                *slot = None;
            }
        });
        code
    }
    #[cfg(not(feature = "hydrate"))]
    tv_sign_in_code().await
}

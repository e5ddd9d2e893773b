use crate::api::tv::{TvCode, TvStartCode, tv_pending_code};
use crate::components::alert::ErrorAlert;
use leptos::prelude::*;

/// The TV's sign-in screen: a code to type on a phone or computer. With JavaScript the TV
/// asks for the code itself and signs in as soon as it is approved.
#[component]
pub fn TvSignIn() -> impl IntoView {
    let pending = Resource::new(|| (), |_| tv_pending_code());
    let start = ServerAction::<TvStartCode>::new();
    let code = RwSignal::new(None::<TvCode>);
    Effect::new(move |_| {
        if let Some(Ok(Some(c))) = pending.get() {
            code.set(Some(c));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(c)) = start.value().get() {
            code.set(Some(c));
        }
    });
    #[cfg(feature = "hydrate")]
    {
        use crate::api::tv::{TvPoll, TvSignInState};
        use gloo::timers::callback::Interval;
        let poll = ServerAction::<TvPoll>::new();
        // No valid code yet: ask for one.
        Effect::new(move |_| {
            if let Some(Ok(None)) = pending.get()
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
                code.set(None);
                start.dispatch(TvStartCode {});
            }
            _ => {}
        });
        let ticker = Interval::new(crate::api::tv::POLL_EVERY_MS, move || {
            if code.get_untracked().is_some() && !poll.pending().get_untracked() {
                poll.dispatch(TvPoll {});
            }
        });
        let held = StoredValue::new_local(Some(ticker));
        on_cleanup(move || held.update_value(|t| *t = None));
    }
    view! {
        <div class="tv tv-sign-in">
            <div class="tv-main">
                <h1>"Sign in to Kinoguard"</h1>
                <ErrorAlert action=start />
                {move || match code.get() {
                    Some(c) => view! {
                        <ol class="tv-steps">
                            <li>"On your phone or computer, go to " <strong class="tv-url">{c.activate_url.clone()}</strong></li>
                            <li>"Sign in, and enter this code:"</li>
                        </ol>
                        <p class="tv-code" aria-label=format!("Sign-in code {}", c.user_code)>{c.user_code.clone()}</p>
                        <p class="tv-hint">"The code works once, for 10 minutes. This TV signs in as soon as you approve it."</p>
                        <noscript>
                            <form method="post" action="/api/tv_poll">
                                <button type="submit">"I approved it — continue"</button>
                            </form>
                        </noscript>
                    }
                        .into_any(),
                    None => view! {
                        <p class="tv-hint">"Getting a sign-in code…"</p>
                        <noscript>
                            <form method="post" action="/api/tv_start_code">
                                <button type="submit">"Show a sign-in code"</button>
                            </form>
                        </noscript>
                    }
                        .into_any(),
                }}
            </div>
        </div>
    }
}

//! What the live channel has said, for the pages below the app: whether this session was
//! signed out (and why), that the account's devices changed, that the server stopped a
//! stream. In the browser, [`LiveChannel`] keeps an `EventSource` open while someone is
//! signed in; on the server the values simply stay at rest.

use crate::live::SignedOutReason;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[derive(Clone, Copy)]
pub struct Live {
    /// Set once this session has ended elsewhere; the page then says so.
    pub signed_out: RwSignal<Option<SignedOutReason>>,
    /// Goes up whenever the account's devices or sessions may have changed: lists that
    /// depend on it load again.
    pub devices_changed: RwSignal<u32>,
    /// The last stream the server stopped.
    pub stream_stopped: RwSignal<Option<i64>>,
    /// Goes up whenever a sign-in on a new device is to be shown, or was answered.
    pub sign_in_notices: RwSignal<u32>,
    /// This window is signing itself out: its own sign-out is no news to it.
    leaving: RwSignal<bool>,
}

impl Live {
    pub fn provide() -> Self {
        let live = Self {
            signed_out: RwSignal::new(None),
            devices_changed: RwSignal::new(0),
            stream_stopped: RwSignal::new(None),
            sign_in_notices: RwSignal::new(0),
            leaving: RwSignal::new(false),
        };
        provide_context(live);
        live
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// `action` signs this window's own session out (sign out, sign out of all devices,
    /// sign out or deactivate this device): while it runs and once it has succeeded, the
    /// sign-out this window hears is its own doing, and the page it goes to says so. A
    /// refusal (a wrong password) leaves it listening.
    pub fn signed_out_by<S>(&self, action: ServerAction<S>)
    where
        S: ServerFn + Send + Sync + Clone + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: Send + Sync + 'static,
    {
        let leaving = self.leaving;
        Effect::new(move |_| {
            if action.pending().get() {
                leaving.set(true);
            } else if action.value().with(|v| matches!(v, Some(Err(_)))) {
                leaving.set(false);
            }
        });
    }

    /// The channel heard that this session ended.
    pub fn ended(&self, reason: SignedOutReason) {
        if !self.leaving.get_untracked() {
            self.signed_out.set(Some(reason));
        }
    }
}

/// Keeps the live channel open while a subscriber is signed in (nothing without
/// JavaScript: the next request goes to sign-in, as it always has).
#[component]
pub fn LiveChannel() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::connect_while_signed_in(Live::expect());
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Live;
    use crate::api::session::current_viewer;
    use crate::contexts::viewer::ViewerResource;
    use crate::live::{self, SignedOut, SignedOutReason, StreamStopped};
    use gloo::timers::callback::Timeout;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::web_sys::{EventSource, MessageEvent};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// The first wait after the channel fails for good; doubled each time, up to the most.
    const FIRST_RETRY_MS: u32 = 1_000;
    const LONGEST_RETRY_MS: u32 = 30_000;

    /// The open channel and what must live as long as it.
    struct Open {
        source: EventSource,
        _handlers: Vec<Closure<dyn FnMut(MessageEvent)>>,
    }

    impl Drop for Open {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    #[derive(Default)]
    struct State {
        open: Option<Open>,
        retry: Option<Timeout>,
        backoff_ms: u32,
        /// The channel dropped since it last opened: the page may have missed news.
        interrupted: bool,
    }

    pub fn connect_while_signed_in(live: Live) {
        let ViewerResource(viewer) = ViewerResource::expect();
        let state = Rc::new(RefCell::new(State::default()));
        let held = state.clone();
        Effect::new(move |was_signed_in: Option<bool>| {
            let signed_in = matches!(viewer.get(), Some(Ok(Some(_))));
            if signed_in && was_signed_in == Some(false) {
                // Signed in again without a page load (the TV): a new session, a new channel.
                live.signed_out.set(None);
                live.leaving.set(false);
            }
            let over = live.signed_out.get().is_some() || live.leaving.get();
            if signed_in && !over {
                if state.borrow().open.is_none() && state.borrow().retry.is_none() {
                    open(live, viewer, &state);
                }
            } else {
                let mut s = state.borrow_mut();
                s.open = None;
                s.retry = None;
            }
            signed_in
        });
        let held = StoredValue::new_local(held);
        on_cleanup(move || {
            held.with_value(|state| {
                let mut s = state.borrow_mut();
                s.open = None;
                s.retry = None;
            })
        });
    }

    type Viewer = Resource<Result<Option<crate::api::session::Viewer>, crate::error::AppError>>;

    fn open(live: Live, viewer: Viewer, state: &Rc<RefCell<State>>) {
        let Ok(source) = EventSource::new(live::PATH) else {
            return;
        };
        let mut handlers: Vec<Closure<dyn FnMut(MessageEvent)>> = Vec::new();
        let mut on = |name: &str, handler: Box<dyn FnMut(MessageEvent)>| {
            let closure = Closure::wrap(handler);
            let _ = source.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            handlers.push(closure);
        };

        on(
            live::SIGNED_OUT,
            Box::new(move |ev: MessageEvent| {
                let reason = data::<SignedOut>(&ev).map_or(SignedOutReason::Unknown, |d| d.reason);
                signed_out(live, viewer, reason);
            }),
        );
        on(
            live::RELEASE,
            Box::new(move |ev: MessageEvent| {
                if let Some(serving) = data::<String>(&ev)
                    && Some(&serving) != crate::release::this_page().as_ref()
                {
                    crate::release::replaced(&serving);
                }
            }),
        );
        on(
            live::DEVICES_CHANGED,
            Box::new(move |_| live.devices_changed.update(|n| *n += 1)),
        );
        on(
            live::SIGN_IN_NOTICES,
            Box::new(move |_| live.sign_in_notices.update(|n| *n += 1)),
        );
        on(
            live::STREAM_STOPPED,
            Box::new(move |ev: MessageEvent| {
                if let Some(d) = data::<StreamStopped>(&ev) {
                    live.stream_stopped.set(Some(d.playback_id));
                }
            }),
        );
        let reopened = state.clone();
        on(
            "open",
            Box::new(move |_| {
                let mut s = reopened.borrow_mut();
                s.backoff_ms = 0;
                // Back after a drop: whatever changed meanwhile, lists load again (the
                // server has already said if this session ended while away).
                if std::mem::take(&mut s.interrupted) {
                    live.devices_changed.update(|n| *n += 1);
                    live.sign_in_notices.update(|n| *n += 1);
                }
            }),
        );
        let failed = state.clone();
        let source_of_error = source.clone();
        on(
            "error",
            Box::new(move |_| {
                failed.borrow_mut().interrupted = true;
                // CONNECTING: the browser retries by itself. CLOSED: the server refused
                // (or is gone); check the session, then try again later.
                if source_of_error.ready_state() == EventSource::CLOSED {
                    // Dropped later: this very handler belongs to it.
                    let closed = failed.borrow_mut().open.take();
                    spawn_local(async move { drop(closed) });
                    recheck_then_retry(live, viewer, failed.clone());
                }
            }),
        );
        state.borrow_mut().open = Some(Open {
            source,
            _handlers: handlers,
        });
    }

    fn signed_out(live: Live, viewer: Viewer, reason: SignedOutReason) {
        live.ended(reason);
        // The header and the TV follow the viewer: signed out now.
        viewer.refetch();
    }

    fn recheck_then_retry(live: Live, viewer: Viewer, state: Rc<RefCell<State>>) {
        spawn_local(async move {
            // Still signed in, or the server is unreachable: try again later.
            if let Ok(None) = current_viewer().await {
                signed_out(live, viewer, SignedOutReason::Unknown);
                return;
            }
            let wait = {
                let mut s = state.borrow_mut();
                s.backoff_ms = (s.backoff_ms * 2).clamp(FIRST_RETRY_MS, LONGEST_RETRY_MS);
                s.backoff_ms
            };
            let again = state.clone();
            let retry = Timeout::new(wait, move || {
                let mut s = again.borrow_mut();
                s.retry = None;
                let over =
                    live.signed_out.get_untracked().is_some() || live.leaving.get_untracked();
                if s.open.is_none() && !over {
                    drop(s);
                    open(live, viewer, &again);
                }
            });
            state.borrow_mut().retry = Some(retry);
        });
    }

    fn data<T: serde::de::DeserializeOwned>(ev: &MessageEvent) -> Option<T> {
        serde_json::from_str(&ev.data().as_string()?).ok()
    }
}

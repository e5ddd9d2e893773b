//! `GET /api/live`: a signed-in page's live channel, as Server-Sent Events.
//!
//! Authenticated by the session cookie like a page, but opening it is not use of the
//! session (a tab left open must not keep a session from going idle), so the session
//! middleware leaves it alone. Each instance caps the channels one session and one
//! address hold open, and ends them all when it shuts down.

use crate::middleware::csrf::same_origin;
use crate::middleware::session::client_info;
use crate::state::AppState;
use app::live::{self as wire, SignedOut, SignedOutReason, StreamStopped};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use domain::entity::session::RevokeReason;
use domain::live::{self, Ended, Notice, Opening, Watch};
use futures_util::stream::{self, Stream};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// Proxies close a connection that stays silent for long; a comment this often keeps it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How soon the browser reconnects by itself after the connection drops: at least this,
/// plus up to as long again, so that the pages of a restarted server do not all come back
/// in the same instant.
const RETRY: Duration = Duration::from_secs(1);

/// The open channels of this instance.
pub struct LiveChannels {
    limits: crate::config::LiveLimits,
    open: Mutex<Open>,
    closing: watch::Sender<bool>,
}

#[derive(Default)]
struct Open {
    by_session: HashMap<i64, usize>,
    by_address: HashMap<String, usize>,
}

/// One open channel's place in the counts, given back when it closes.
struct Slot {
    channels: Arc<LiveChannels>,
    session_id: i64,
    address: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.channels.open.lock().unwrap_or_else(|e| e.into_inner());
        release(&mut open.by_session, &self.session_id);
        release(&mut open.by_address, &self.address);
    }
}

fn release<K: std::hash::Hash + Eq>(counts: &mut HashMap<K, usize>, key: &K) {
    if let Some(n) = counts.get_mut(key) {
        *n -= 1;
        if *n == 0 {
            counts.remove(key);
        }
    }
}

/// Why a channel was not opened.
enum Refusal {
    Session,
    Address,
}

impl LiveChannels {
    pub fn new(limits: crate::config::LiveLimits) -> Arc<Self> {
        Arc::new(Self {
            limits,
            open: Mutex::default(),
            closing: watch::channel(false).0,
        })
    }

    /// Ends every open channel and refuses new ones: for a graceful shutdown, which
    /// otherwise waits for streams that never end.
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }

    /// Channels open on this instance.
    pub fn count(&self) -> usize {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.by_session.values().sum()
    }

    fn claim(self: &Arc<Self>, session_id: i64, address: String) -> Result<Slot, Refusal> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.by_session.get(&session_id).copied().unwrap_or(0) >= self.limits.per_session {
            return Err(Refusal::Session);
        }
        if open.by_address.get(&address).copied().unwrap_or(0) >= self.limits.per_address {
            return Err(Refusal::Address);
        }
        *open.by_session.entry(session_id).or_default() += 1;
        *open.by_address.entry(address.clone()).or_default() += 1;
        Ok(Slot {
            channels: self.clone(),
            session_id,
            address,
        })
    }
}

pub async fn channel(State(state): State<AppState>, req: Request) -> Response {
    let channels = state.live_channels.clone();
    if *channels.closing.borrow() {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "This server is restarting. The page reconnects by itself.",
        );
    }
    // Cookies are SameSite=Lax and never sent with another site's request; refuse one
    // anyway (by Sec-Fetch-Site, or Origin where a browser sends no Sec-Fetch-Site), so a
    // hostile page cannot use up the session's channels.
    if !same_origin(req.headers(), state.config.public_origin.as_deref()) {
        return refuse(StatusCode::FORBIDDEN, "Cross-site request refused.");
    }
    let Some(token) = state.context.cookie.read(req.headers()) else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Sign in to open the live channel.",
        );
    };
    let client = client_info(req.headers(), req.extensions(), &state);
    match live::open(state.services(), &token, Utc::now()).await {
        Err(e) => {
            tracing::error!(error = %e, "opening a live channel");
            refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "Kinoguard is temporarily unavailable.",
            )
        }
        Ok(Opening::Unknown) => refuse(
            StatusCode::UNAUTHORIZED,
            "Sign in to open the live channel.",
        ),
        // A page reconnecting after its session ended learns why at once.
        Ok(Opening::Ended(ended)) => sse(&state, stream::iter([Ok(signed_out(ended))])),
        Ok(Opening::Live(watch)) => {
            let address = domain::attempts::address_key(client.ip);
            match channels.claim(watch.session_id(), address) {
                Ok(slot) => sse(&state, notices(watch, slot, channels.closing.subscribe())),
                Err(Refusal::Session) => refuse(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many windows of this session are open. Close some and reload.",
                ),
                Err(Refusal::Address) => refuse(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many live connections from your network. Try again later.",
                ),
            }
        }
    }
}

fn retry() -> Duration {
    use std::hash::{BuildHasher, Hasher};
    // Any spread will do; RandomState is seeded per instance and per call.
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    RETRY + Duration::from_millis(random % RETRY.as_millis() as u64)
}

fn refuse(status: StatusCode, message: &'static str) -> Response {
    (status, message).into_response()
}

fn sse<S>(state: &AppState, events: S) -> Response
where
    S: Stream<Item = Result<Event, Infallible>> + Send + 'static,
{
    // Every (re)connection first names the serving release: a page of another one
    // reloads itself (app::release).
    let release = serde_json::to_string(&*state.context.release).unwrap_or_default();
    let opening = stream::iter([
        Ok(Event::default().retry(retry()).comment("open")),
        Ok(Event::default().event(wire::RELEASE).data(release)),
    ]);
    let mut res = Sse::new(stream::StreamExt::chain(opening, events))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let h = res.headers_mut();
    // nginx buffers responses unless told not to, which would hold events back.
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The session's notices as events, until it is signed out or the server shuts down.
fn notices(
    watch: Watch,
    slot: Slot,
    closing: watch::Receiver<bool>,
) -> impl Stream<Item = Result<Event, Infallible>> + Send + 'static {
    stream::unfold(
        (watch, slot, closing),
        |(mut watch, slot, mut closing)| async move {
            let notice = tokio::select! {
                notice = watch.next() => notice?,
                _ = closing.wait_for(|closing| *closing) => return None,
            };
            let event = match notice {
                Notice::SignedOut(ended) => signed_out(ended),
                Notice::DevicesChanged => Event::default().event(wire::DEVICES_CHANGED).data("{}"),
                Notice::SignInNoticesChanged => {
                    Event::default().event(wire::SIGN_IN_NOTICES).data("{}")
                }
                Notice::StreamStopped { playback_id } => Event::default()
                    .event(wire::STREAM_STOPPED)
                    .json_data(StreamStopped { playback_id })
                    .unwrap_or_default(),
            };
            Some((Ok(event), (watch, slot, closing)))
        },
    )
}

fn signed_out(ended: Ended) -> Event {
    Event::default()
        .event(wire::SIGNED_OUT)
        .json_data(SignedOut {
            reason: reason(ended),
        })
        .unwrap_or_default()
}

fn reason(ended: Ended) -> SignedOutReason {
    match ended {
        Ended::Expired => SignedOutReason::Expired,
        Ended::Revoked(reason) => match reason {
            RevokeReason::SignOut => SignedOutReason::SignOut,
            RevokeReason::SignOutAll => SignedOutReason::SignOutAll,
            RevokeReason::DeviceSignedOut => SignedOutReason::DeviceSignedOut,
            RevokeReason::DeviceDeactivated => SignedOutReason::DeviceDeactivated,
            RevokeReason::PasswordChanged => SignedOutReason::PasswordChanged,
            RevokeReason::Operator => SignedOutReason::Operator,
            RevokeReason::AccountSecured => SignedOutReason::AccountSecured,
        },
    }
}

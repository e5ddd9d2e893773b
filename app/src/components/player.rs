use crate::api::catalog::TitleDetails;
use crate::api::playback::{StartPlayback, StopPlayback};
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// A simulated player. Play starts a stream on the server; while playing the page sends a
/// heartbeat every 30 seconds and, when the page goes away, a stop. Without JavaScript,
/// Play and Stop are plain forms and the stream is recorded all the same.
#[component]
pub fn Player(title: TitleDetails, initial_stream: Option<i64>) -> impl IntoView {
    let start = ServerAction::<StartPlayback>::new();
    let stop = ServerAction::<StopPlayback>::new();
    let stream = RwSignal::new(initial_stream);
    // A stream already started (the no-JavaScript Play, or a reload) is playing.
    let playing = RwSignal::new(initial_stream.is_some());
    let position = RwSignal::new(0u32);
    let runtime = title.runtime_secs;
    let locked = title.card.locked;

    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            stream.set(Some(id));
            playing.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = stop.value().get() {
            stream.set(None);
            playing.set(false);
            position.set(0);
        }
    });
    // The server stopped this stream (a parental change forbade it): stop at once.
    let live = crate::contexts::live::Live::expect();
    let stopped_by_server = RwSignal::new(false);
    Effect::new(move |_| {
        let stopped = live.stream_stopped.get();
        if stopped.is_some() && stopped == stream.get_untracked() {
            stream.set(None);
            playing.set(false);
            position.set(0);
            stopped_by_server.set(true);
        }
    });
    Effect::new(move |_| {
        if start.pending().get() {
            stopped_by_server.set(false);
        }
    });
    #[cfg(feature = "hydrate")]
    browser::run_clock(stream, playing, position, runtime);

    let title_id = title.card.id;
    let i18n = use_i18n();
    let clock = move || format!("{} / {}", hms(position.get()), hms(runtime));
    view! {
        <section class="player" aria-label=tr!(i18n, watch.player)>
            <div class=format!("screen poster-{}", title_id % 8)>
                <p class="screen-state" role="status">
                    {move || match (stream.get(), playing.get()) {
                        (Some(_), true) => tr!(i18n, watch.playing),
                        (Some(_), false) => tr!(i18n, watch.paused),
                        (None, _) => tr!(i18n, watch.ready),
                    }}
                </p>
            </div>
            <label class="visually-hidden" for="playback-position">{tr!(i18n, watch.position)}</label>
            <progress id="playback-position" max=runtime value=move || position.get()></progress>
            <p class="clock">{clock}</p>
            <Show when=move || stopped_by_server.get()>
                <p class="alert error" role="alert">
                    {tr!(i18n, watch.stopped)}
                </p>
            </Show>
            <ErrorAlert action=start />
            <ErrorAlert action=stop />
            <div class="controls">
                {move || match stream.get() {
                    None => view! {
                        <ActionForm action=start attr:class="play-form">
                            <input type="hidden" name="title_id" value=title_id />
                            <Show when=move || {
                                locked || start.value().with(|v| matches!(v, Some(Err(AppError::PinRequired))))
                            }>
                                <p class="lock-note">
                                    {tr!(i18n, watch.above_level)}
                                    <label for="play-pin">{tr!(i18n, parental.pin_title)}</label>
                                    <input
                                        id="play-pin"
                                        name="pin"
                                        type="password"
                                        inputmode="numeric"
                                        autocomplete="off"
                                        required
                                    />
                                </p>
                            </Show>
                            <SubmitButton pending=start.pending() class="btn primary">
                                {tr!(i18n, watch.play)}
                            </SubmitButton>
                        </ActionForm>
                    }
                        .into_any(),
                    Some(id) => view! {
                        <button
                            type="button"
                            class="btn primary js-only"
                            on:click=move |_| playing.update(|p| *p = !*p)
                        >
                            {move || if playing.get() { tr!(i18n, watch.pause) } else { tr!(i18n, watch.play) }}
                        </button>
                        <ActionForm action=stop>
                            <input type="hidden" name="playback_id" value=id />
                            <input type="hidden" name="position_secs" value=move || position.get() />
                            <SubmitButton pending=stop.pending()>
                                {tr!(i18n, watch.stop)}
                            </SubmitButton>
                        </ActionForm>
                    }
                        .into_any(),
                }}
            </div>
        </section>
    }
}

fn hms(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::api::playback::playback_heartbeat;
    use crate::api::playback::stop_playback;
    use gloo::events::EventListener;
    use gloo::timers::callback::Interval;
    use leptos::prelude::*;
    use leptos::task::spawn_local;

    const HEARTBEAT_EVERY: u32 = 30;

    /// Advances the position once a second while playing, sends heartbeats, and stops the
    /// stream when the player goes away (navigation inside the app, or the page closing).
    pub fn run_clock(
        stream: RwSignal<Option<i64>>,
        playing: RwSignal<bool>,
        position: RwSignal<u32>,
        runtime: u32,
    ) {
        let ticker = Interval::new(1_000, move || {
            if !playing.get_untracked() {
                return;
            }
            let Some(id) = stream.get_untracked() else {
                return;
            };
            let now = (position.get_untracked() + 1).min(runtime);
            position.set(now);
            if now.is_multiple_of(HEARTBEAT_EVERY) {
                spawn_local(async move {
                    let _ = playback_heartbeat(id, now as i32).await;
                });
            }
            if now == runtime {
                playing.set(false);
                spawn_local(async move {
                    let _ = stop_playback(id, now as i32).await;
                });
            }
        });
        let leaving = EventListener::new(&window(), "pagehide", move |_| {
            if let Some(id) = stream.get_untracked() {
                send_stop(id, position.get_untracked());
            }
        });
        let held = StoredValue::new_local(Some((ticker, leaving)));
        on_cleanup(move || {
            if let (Some(Some(id)), Some(pos)) =
                (stream.try_get_untracked(), position.try_get_untracked())
            {
                send_stop(id, pos);
            }
            held.update_value(|h| *h = None);
        });
    }

    /// A beacon outlives the page that sends it.
    fn send_stop(id: i64, position: u32) {
        let Ok(params) = leptos::web_sys::UrlSearchParams::new() else {
            return;
        };
        params.append("playback_id", &id.to_string());
        params.append("position_secs", &position.to_string());
        let _ = window()
            .navigator()
            .send_beacon_with_opt_url_search_params("/api/stop_playback", Some(&params));
    }
}

use super::pin_pad::TvPinEntry;
use super::{Screen, TvNav};
use crate::api::catalog::TitleCard;
use crate::api::playback::{StartPlayback, StopPlayback};
use crate::components::alert::ErrorAlert;
use crate::error::AppError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// A title on the TV: Play (with the parental-controls PIN when it needs one) and Back.
#[component]
pub fn TvTitle(title: TitleCard) -> impl IntoView {
    let TvNav(screen) = expect_context();
    let start = ServerAction::<StartPlayback>::new();
    let stop = ServerAction::<StopPlayback>::new();
    let pin = RwSignal::new(String::new());
    let i18n = use_i18n();
    let playing = move || match (start.value().get(), stop.value().get()) {
        (Some(Ok(id)), None) => Some(id),
        _ => None,
    };
    let needs_pin = move || {
        title.locked
            || start
                .value()
                .with(|v| matches!(v, Some(Err(AppError::PinRequired))))
    };
    // A wrong PIN is cleared for the next try.
    Effect::new(move |_| {
        if let Some(Err(_)) = start.value().get() {
            pin.set(String::new());
        }
    });
    let id = title.id;
    view! {
        <section class="tv-title">
            <h1>{title.name.clone()}</h1>
            <p class="tv-text">{format!("{} · {} · {}", title.year, title.genre, title.rating)}</p>
            <ErrorAlert action=start />
            {move || match playing() {
                Some(stream) => view! {
                    <p class="tv-playing" role="status">{tr!(i18n, tv.playing)}</p>
                    <button
                        type="button"
                        class="tv-button"
                        data-tv-focus=""
                        aria-busy=move || stop.pending().get().then_some("true")
                        on:click=move |_| {
                            // A second press while the first is on its way does nothing.
                            if !stop.pending().get_untracked() {
                                stop.dispatch(StopPlayback { playback_id: stream, position_secs: 0 });
                            }
                        }
                    >
                        {tr!(i18n, tv.stop)}
                    </button>
                }
                    .into_any(),
                None => view! {
                    {needs_pin().then(|| view! {
                        <TvPinEntry id="tv-play-pin" label=td_string!(i18n.get_locale_untracked(), tv.parental_pin).to_owned() pin=pin />
                    })}
                    <div class="tv-actions">
                        <button
                            type="button"
                            class="tv-button"
                            data-tv-focus=""
                            aria-busy=move || start.pending().get().then_some("true")
                            on:click=move |_| {
                                if start.pending().get_untracked() {
                                    return;
                                }
                                let pin = Some(pin.get_untracked()).filter(|p| !p.is_empty());
                                start.dispatch(StartPlayback { title_id: id, pin });
                            }
                        >
                            {tr!(i18n, tv.play)}
                        </button>
                        <button type="button" class="tv-button" data-tv-focus="" on:click=move |_| screen.set(Screen::Home)>
                            {tr!(i18n, tv.back)}
                        </button>
                    </div>
                }
                    .into_any(),
            }}
        </section>
    }
}

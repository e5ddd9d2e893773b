//! The remote in the browser: arrow keys move focus to the nearest control in that
//! direction, Back goes back, and the secret sequence opens Close Session. (A session
//! ended elsewhere reaches the TV through the live channel, which sends it back to its
//! sign-in screen.)

use super::sequence::{Arrow, SequenceTracker};
use super::{FOCUSABLE, Screen};
use gloo::events::{EventListener, EventListenerOptions};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};

pub fn install(screen: RwSignal<Screen>) {
    let tracker = StoredValue::new_local(SequenceTracker::default());
    let keys = EventListener::new_with_options(
        &document(),
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |ev| {
            let Some(ev) = ev.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let arrow = match ev.key().as_str() {
                "ArrowUp" => Some(Arrow::Up),
                "ArrowDown" => Some(Arrow::Down),
                "ArrowLeft" => Some(Arrow::Left),
                "ArrowRight" => Some(Arrow::Right),
                _ => None,
            };
            let typing = document()
                .active_element()
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
            match arrow {
                Some(arrow) => {
                    if tracker.try_update_value(|t| t.press(arrow)) == Some(true) {
                        ev.prevent_default();
                        screen.set(Screen::CloseSession);
                        return;
                    }
                    // In a text box, Left and Right move the caret.
                    if typing.is_some() && matches!(arrow, Arrow::Left | Arrow::Right) {
                        return;
                    }
                    ev.prevent_default();
                    move_focus(arrow);
                }
                None => {
                    tracker.update_value(|t| t.reset());
                    let key = ev.key();
                    let back = key == "Escape"
                        || (key == "Backspace"
                            && typing.as_ref().is_none_or(|i| i.value().is_empty()));
                    if back {
                        ev.prevent_default();
                        go_back(screen);
                    }
                }
            }
        },
    );
    // A screen change puts focus on its first control (or the one marked to start on).
    Effect::new(move |_| {
        screen.track();
        request_animation_frame(focus_screen);
    });
    let held = StoredValue::new_local(Some(keys));
    on_cleanup(move || held.update_value(|h| *h = None));
}

fn focusables(within: &str) -> Vec<HtmlElement> {
    let Ok(list) = document().query_selector_all(&format!("{within} [{FOCUSABLE}]")) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some())
        .collect()
}

fn focus(el: &HtmlElement) {
    let _ = el.focus();
    let opts = leptos::web_sys::ScrollIntoViewOptions::new();
    opts.set_block(leptos::web_sys::ScrollLogicalPosition::Nearest);
    opts.set_inline(leptos::web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

fn focus_screen() {
    let preferred = document()
        .query_selector(&format!("#tv-main [{FOCUSABLE}][data-tv-first]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(el) = preferred.or_else(|| focusables("#tv-main").into_iter().next()) {
        focus(&el);
    }
}

/// Moves to the control nearest in the arrow's direction, preferring ones in line.
fn move_focus(arrow: Arrow) {
    let all = focusables(".tv");
    let active = document().active_element();
    let Some(current) = active.and_then(|a| all.iter().find(|e| a == ***e).cloned()) else {
        if let Some(first) = all.first() {
            focus(first);
        }
        return;
    };
    let from = current.get_bounding_client_rect();
    let (fx, fy) = (
        from.x() + from.width() / 2.0,
        from.y() + from.height() / 2.0,
    );
    let best = all
        .iter()
        .filter(|e| *e != &current)
        .filter_map(|e| {
            let r = e.get_bounding_client_rect();
            let (x, y) = (r.x() + r.width() / 2.0, r.y() + r.height() / 2.0);
            let (along, across) = match arrow {
                Arrow::Right if r.left() >= from.right() - 1.0 => (x - fx, (y - fy).abs()),
                Arrow::Left if r.right() <= from.left() + 1.0 => (fx - x, (y - fy).abs()),
                Arrow::Down if r.top() >= from.bottom() - 1.0 => (y - fy, (x - fx).abs()),
                Arrow::Up if r.bottom() <= from.top() + 1.0 => (fy - y, (x - fx).abs()),
                _ => return None,
            };
            Some((along + 2.0 * across, e))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, e)| e.clone());
    if let Some(next) = best {
        focus(&next);
    }
}

/// Back: out of a dialog or title to where it came from, else from the screen to the menu.
fn go_back(screen: RwSignal<Screen>) {
    match screen.get_untracked() {
        Screen::CloseSession => screen.set(Screen::Settings),
        Screen::Title(_) => screen.set(Screen::Home),
        _ => {
            if let Some(item) = document()
                .query_selector(".tv-menu [aria-current=page]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                focus(&item);
            }
        }
    }
}

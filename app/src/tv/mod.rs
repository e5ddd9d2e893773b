//! The Smart TV surface at `/tv`: a 10-foot interface for 1920×1080, driven by the arrow
//! keys, Enter and Back (Escape or Backspace) alone.

#[cfg(feature = "hydrate")]
mod focus;
mod home;
mod key;
mod page;
mod pin_pad;
mod profiles;
mod search;
pub mod sequence;
mod settings;
mod sign_in;
mod title;

pub use page::TvPage;

use crate::api::catalog::TitleCard;
use leptos::prelude::*;

/// The TV's screens.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    Home,
    Search,
    Profiles,
    Settings,
    CloseSession,
    Title(TitleCard),
}

/// The screen on show, shared by the menu, the screens and the remote's keys.
#[derive(Clone, Copy)]
pub struct TvNav(pub RwSignal<Screen>);

/// Marks an element the arrow keys can move to.
pub const FOCUSABLE: &str = "data-tv-focus";

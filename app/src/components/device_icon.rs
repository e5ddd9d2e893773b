//! A device's picture: a small line drawing in the text colour, drawn inline so that it
//! needs no font (emoji render as empty boxes where no emoji font is installed) and no
//! extra request.

use crate::device_kind::DeviceKind;
use leptos::prelude::*;

/// Decorative: the device's kind is always written beside it, so assistive technology
/// skips the drawing rather than announce the same word twice.
#[component]
pub fn DeviceIcon(kind: DeviceKind) -> impl IntoView {
    let shape = match kind {
        DeviceKind::Browser => view! {
            <rect x="4" y="5" width="16" height="11" rx="1.5" />
            <path d="M2 19h20" />
        }
        .into_any(),
        DeviceKind::Phone | DeviceKind::Tablet => view! {
            <rect x="7" y="2.5" width="10" height="19" rx="2" />
            <path d="M11 18.5h2" />
        }
        .into_any(),
        DeviceKind::Tv => view! {
            <rect x="2.5" y="4" width="19" height="12.5" rx="1.5" />
            <path d="M8 20.5h8M12 16.5v4" />
        }
        .into_any(),
        DeviceKind::Console => view! {
            <path d="M7 8h10a4 4 0 0 1 4 4v2.5a3 3 0 0 1-5.4 1.8L14.5 15h-5l-1.1 1.3A3 3 0 0 1 3 14.5V12a4 4 0 0 1 4-4z" />
            <path d="M7.5 11v3M6 12.5h3" />
        }
        .into_any(),
    };
    view! {
        <svg
            class="device-icon"
            viewBox="0 0 24 24"
            width="28"
            height="28"
            aria-hidden="true"
            focusable="false"
            fill="none"
            stroke="currentColor"
            stroke-width="1.6"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            {shape}
        </svg>
    }
}

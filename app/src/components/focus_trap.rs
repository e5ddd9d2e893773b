//! Keeps Tab and Shift+Tab inside an open modal dialog. A native modal dialog makes the
//! page behind it inert, but Tab past its last control still escapes to the browser.

use leptos::ev::KeyboardEvent;

/// Call from the dialog's `keydown` handler.
#[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
pub fn keep_focus_inside(ev: &KeyboardEvent, dialog: &leptos::web_sys::HtmlDialogElement) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::HtmlElement;

        if ev.key() != "Tab" {
            return;
        }
        let Ok(nodes) = dialog.query_selector_all(
            "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), \
             textarea:not([disabled]), [tabindex]:not([tabindex='-1'])",
        ) else {
            return;
        };
        let focusable: Vec<HtmlElement> = (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .collect();
        let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
            ev.prevent_default();
            return;
        };
        let active = leptos::prelude::document().active_element();
        let is = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref());
        let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
        if ev.shift_key() && (is(first) || !inside) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && (is(last) || !inside) {
            ev.prevent_default();
            let _ = first.focus();
        }
    }
}

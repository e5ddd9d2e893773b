use crate::components::focus_trap::keep_focus_inside;
use leptos::html;
use leptos::prelude::*;

/// A modal dialog: focus moves in (to the element marked `autofocus`) and cannot Tab out,
/// Escape closes it, and focus returns to the control that opened it.
#[component]
pub fn Modal(
    dialog: NodeRef<html::Dialog>,
    opener: NodeRef<html::Button>,
    #[prop(into)] labelled_by: String,
    #[prop(into)] described_by: String,
    children: Children,
) -> impl IntoView {
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:close=move |_| {
                if let Some(b) = opener.get() {
                    let _ = b.focus();
                }
            }
            on:keydown=move |ev| {
                if let Some(d) = dialog.get() {
                    keep_focus_inside(&ev, &d);
                }
            }
        >
            {children()}
        </dialog>
    }
}

/// Opens the dialog instead of following a no-JavaScript fallback form.
pub fn open_instead(dialog: NodeRef<html::Dialog>) -> impl Fn(leptos::ev::SubmitEvent) + Copy {
    move |ev| {
        if let Some(d) = dialog.get() {
            ev.prevent_default();
            let _ = d.show_modal();
        }
    }
}

pub fn close(dialog: NodeRef<html::Dialog>) -> impl Fn(leptos::ev::MouseEvent) + Copy {
    move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    }
}

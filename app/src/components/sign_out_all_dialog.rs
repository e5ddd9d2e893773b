use crate::api::account::SignOutAll;
use crate::components::alert::ErrorAlert;
use crate::components::modal::{Modal, close, open_instead};
use crate::components::reauth_field::ReauthField;
use crate::components::submit_button::SubmitButton;
use leptos::html;
use leptos::prelude::*;

/// What "Sign out of all devices" does, said the same way in the dialog and on the
/// JavaScript-off confirmation page.
#[component]
pub fn SignOutAllExplanation(sessions: u64) -> impl IntoView {
    let count = match sessions {
        0 | 1 => "This device will be signed out".to_string(),
        n => format!("All {n} signed-in devices, this one included, will be signed out"),
    };
    view! {
        <div id="sign-out-all-description">
            <p>{count} " immediately — not in hours. Each device must sign in again with the account password."</p>
            <p>
                "If you think someone else knows your password, change it right after you sign back in; otherwise they can simply sign in again."
            </p>
        </div>
    }
}

/// The confirming form: posts to the server function, with or without JavaScript.
#[component]
pub fn SignOutAllForm(#[prop(into)] cancel: ViewFn, needs_reauth: bool) -> impl IntoView {
    let action = ServerAction::<SignOutAll>::new();
    crate::contexts::live::Live::expect().signed_out_by(action);
    view! {
        <ErrorAlert action=action />
        <ActionForm action=action>
            <ReauthField needed=needs_reauth action=action id="sign-out-all-password" />
            <div class="dialog-actions">
                {cancel.run()}
                <SubmitButton pending=action.pending() class="btn danger">
                    "Sign out of all devices"
                </SubmitButton>
            </div>
        </ActionForm>
    }
}

/// The Security section's button. With JavaScript it opens a modal dialog; without, the
/// same button leads to a confirmation page.
#[component]
pub fn SignOutAllButton(sessions: u64, needs_reauth: bool) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = NodeRef::<html::Button>::new();
    view! {
        <form method="get" action="/account/sign-out-all" on:submit=open_instead(dialog)>
            <button type="submit" class="btn danger" node_ref=opener>
                "Sign out of all devices"
            </button>
        </form>
        <Modal dialog opener labelled_by="sign-out-all-title" described_by="sign-out-all-description">
            <h2 id="sign-out-all-title">"Sign out of all devices?"</h2>
            <SignOutAllExplanation sessions />
            <SignOutAllForm
                needs_reauth
                cancel=move || {
                    view! {
                        <button type="button" class="btn" autofocus on:click=close(dialog)>
                            "Cancel"
                        </button>
                    }
                }
            />
        </Modal>
    }
}

use crate::api::account::SignOutAll;
use crate::components::alert::ErrorAlert;
use crate::components::modal::{Modal, close, open_instead};
use crate::components::reauth_field::ReauthField;
use crate::components::submit_button::SubmitButton;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::html;
use leptos::prelude::*;

/// What "Sign out of all devices" does, said the same way in the dialog and on the
/// JavaScript-off confirmation page.
#[component]
pub fn SignOutAllExplanation(sessions: u64) -> impl IntoView {
    let i18n = use_i18n();
    // This device is one of them, even when the count has not caught up with it.
    let count = sessions.max(1);
    view! {
        <div id="sign-out-all-description">
            <p>
                {tr!(i18n, sign_out_all.who, count = count)}
                " "
                {tr!(i18n, sign_out_all.sign_in_again)}
            </p>
            <p>{tr!(i18n, sign_out_all.change_password_advice)}</p>
        </div>
    }
}

/// The confirming form: posts to the server function, with or without JavaScript.
#[component]
pub fn SignOutAllForm(#[prop(into)] cancel: ViewFn, needs_reauth: bool) -> impl IntoView {
    let action = ServerAction::<SignOutAll>::new();
    crate::contexts::live::Live::expect().signed_out_by(action);
    let i18n = use_i18n();
    view! {
        <ErrorAlert action=action />
        <ActionForm action=action>
            <ReauthField needed=needs_reauth action=action id="sign-out-all-password" />
            <div class="dialog-actions">
                {cancel.run()}
                <SubmitButton pending=action.pending() class="btn danger">
                    {tr!(i18n, sign_out_all.confirm)}
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
    let i18n = use_i18n();
    view! {
        <form method="get" action="/account/sign-out-all" on:submit=open_instead(dialog)>
            <button type="submit" class="btn danger" node_ref=opener>
                {tr!(i18n, sign_out_all.open)}
            </button>
        </form>
        <Modal dialog opener labelled_by="sign-out-all-title" described_by="sign-out-all-description">
            <h2 id="sign-out-all-title">{tr!(i18n, sign_out_all.question)}</h2>
            <SignOutAllExplanation sessions />
            <SignOutAllForm
                needs_reauth
                cancel=move || {
                    view! {
                        <button type="button" class="btn" autofocus on:click=close(dialog)>
                            {tr!(i18n, sign_out_all.cancel)}
                        </button>
                    }
                }
            />
        </Modal>
    }
}

use crate::api::account::account_overview;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::session_guard::LoadError;
use crate::components::sign_out_all_dialog::{SignOutAllExplanation, SignOutAllForm};
use leptos::prelude::*;
use leptos_meta::Title;

/// The confirmation step of "Sign out of all devices" when JavaScript is off.
#[component]
pub fn SignOutAllPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| account_overview());
    view! {
        <Title text="Sign out of all devices" />
        <section class="page narrow">
            <h1>"Sign out of all devices?"</h1>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match overview.await {
                        Ok(o) => {
                            view! {
                                <SignOutAllExplanation sessions=o.signed_in_sessions />
                                <SignOutAllForm
                                    needs_reauth=o.needs_reauth
                                    cancel=|| view! { <a class="btn" href="/account">"Cancel"</a> }
                                />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

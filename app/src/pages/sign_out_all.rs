use crate::api::account::account_overview;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::sign_out_all_dialog::{SignOutAllExplanation, SignOutAllForm};
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// The confirmation step of "Sign out of all devices" when JavaScript is off.
#[component]
pub fn SignOutAllPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| account_overview());
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, sign_out_all.open) />
        <section class="page narrow">
            <h1>{tr!(i18n, sign_out_all.question)}</h1>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match overview.await {
                        Ok(o) => {
                            view! {
                                <SignOutAllExplanation sessions=o.signed_in_sessions />
                                <SignOutAllForm
                                    needs_reauth=o.needs_reauth
                                    cancel=move || view! { <a class="btn" href="/account">{tr!(i18n, sign_out_all.cancel)}</a> }
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

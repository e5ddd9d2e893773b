//! Parental controls of one profile, one card per kind of rule.

mod block_title_search;
mod changes;
mod lock_card;
mod maturity_card;
mod pin_card;
mod restrictions_card;
mod saved;

use crate::api::parental::{ConfirmPassword, ParentalControls, load_parental_controls};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::error::AppError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use changes::Changes;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use lock_card::LockCard;
use maturity_card::MaturityCard;
use pin_card::PinCard;
use restrictions_card::RestrictionsCard;

/// Parental controls of one profile, behind the account password. Every form saves at once:
/// the next request of every device already obeys it.
#[component]
pub fn ParentalControlsPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let confirm = ServerAction::<ConfirmPassword>::new();
    let changes = Changes::new();
    // Every save reloads the controls below; what is typed in the title search lives
    // here so that a save finishing meanwhile does not wipe it.
    let find = RwSignal::new(use_query_map().with_untracked(|q| q.get("find").unwrap_or_default()));
    let controls = Resource::new(
        move || (id, confirm.version().get(), changes.version()),
        |(id, _, _)| async move { load_parental_controls(id.ok_or(AppError::NotFound)?).await },
    );
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, parental.title) />
        <section class="page narrow parental">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match controls.await {
                        Ok(c) => view! { <Controls c changes find /> }.into_any(),
                        Err(AppError::ReauthRequired) => view! {
                            <h1>{tr!(i18n, parental.title)}</h1>
                            <p>{tr!(i18n, parental.gate)}</p>
                            <ErrorAlert action=confirm />
                            <ActionForm action=confirm attr:class="stack">
                                <label for="gate-password">{tr!(i18n, parental.gate_password)}</label>
                                <input id="gate-password" name="password" type="password" autocomplete="current-password" required />
                                <SubmitButton pending=confirm.pending() class="btn primary">{tr!(i18n, parental.go_on)}</SubmitButton>
                            </ActionForm>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Controls(c: ParentalControls, changes: Changes, find: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let name = c.profile.name.clone();
    view! {
        <h1>{tr!(i18n, parental.title_for, name = name.clone())}</h1>
        <MaturityCard
            profile=c.profile.clone()
            level=c.level
            highest_level=c.highest_level
            action=changes.maturity
        />
        <RestrictionsCard
            profile=c.profile.clone()
            blocked=c.blocked
            unblock=changes.unblock
            block=changes.block
            find
        />
        <PinCard pin_set=c.pin_set set=changes.pin remove=changes.remove_pin />
        <LockCard profile=c.profile lock=changes.lock unlock=changes.unlock />
    }
}

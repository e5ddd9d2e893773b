use super::block_title_search::BlockTitleSearch;
use crate::api::parental::{BlockTitle, BlockedTitle, UnblockTitle};
use crate::api::profiles::ProfileCard;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

/// The titles blocked for the profile whatever their rating, and the search to block more.
#[component]
pub fn RestrictionsCard(
    profile: ProfileCard,
    blocked: Vec<BlockedTitle>,
    unblock: ServerAction<UnblockTitle>,
    block: ServerAction<BlockTitle>,
    find: RwSignal<String>,
) -> impl IntoView {
    let profile_id = profile.id;
    let i18n = use_i18n();
    let name = profile.name.clone();
    let note = tr!(i18n, parental.blocked_note, name = name.clone());
    view! {
        <section class="card" aria-labelledby="restrictions-title">
            <h2 id="restrictions-title">{tr!(i18n, parental.restrictions_title)}</h2>
            <p>{note}</p>
            <ErrorAlert action=unblock />
            {if blocked.is_empty() {
                view! { <p class="hint">{tr!(i18n, parental.none_blocked)}</p> }.into_any()
            } else {
                view! {
                    <ul class="blocked" aria-label=tr!(i18n, parental.blocked_titles)>
                        {blocked
                            .into_iter()
                            .map(|t| {
                                let name = t.name.clone();
                                let label = tr!(i18n, parental.unblock, name = name.clone());
                                view! {
                                    <li>
                                        <span>{format!("{} ({})", t.name, t.year)}</span>
                                        <ActionForm action=unblock>
                                            <input type="hidden" name="profile_id" value=profile_id />
                                            <input type="hidden" name="title_id" value=t.id />
                                            <SubmitButton pending=unblock.pending() class="btn small" label=label>{tr!(i18n, parental.remove)}</SubmitButton>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <BlockTitleSearch profile_id block query=find />
        </section>
    }
}

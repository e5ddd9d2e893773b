use super::block_title_search::BlockTitleSearch;
use crate::api::parental::{BlockTitle, BlockedTitle, UnblockTitle};
use crate::api::profiles::ProfileCard;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
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
    let note = format!(
        "Blocked titles never appear for {} and cannot be played, whatever their rating.",
        profile.name
    );
    view! {
        <section class="card" aria-labelledby="restrictions-title">
            <h2 id="restrictions-title">"Title restrictions"</h2>
            <p>{note}</p>
            <ErrorAlert action=unblock />
            {if blocked.is_empty() {
                view! { <p class="hint">"No titles are blocked."</p> }.into_any()
            } else {
                view! {
                    <ul class="blocked" aria-label="Blocked titles">
                        {blocked
                            .into_iter()
                            .map(|t| {
                                let label = format!("Unblock {}", t.name);
                                view! {
                                    <li>
                                        <span>{format!("{} ({})", t.name, t.year)}</span>
                                        <ActionForm action=unblock>
                                            <input type="hidden" name="profile_id" value=profile_id />
                                            <input type="hidden" name="title_id" value=t.id />
                                            <SubmitButton pending=unblock.pending() class="btn small" label=label>"Remove"</SubmitButton>
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

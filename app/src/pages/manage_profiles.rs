use crate::api::profiles::{ConsentAsked, list_profiles};
use crate::components::avatar::Avatar;
use crate::components::awaited::awaited;
use crate::components::consent_field::ProfilesNotOnThisDevice;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn ManageProfilesPage() -> impl IntoView {
    let profiles = Resource::new(|| (), |_| list_profiles());
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, profiles.manage) />
        <section class="page narrow">
            <h1>{tr!(i18n, profiles.manage)}</h1>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match profiles.await {
                        Ok(list) => view! {
                            <ul class="profile-list">
                                {list
                                    .profiles
                                    .into_iter()
                                    .map(|p| {
                                        let edit = format!("/profiles/{}/edit", p.id);
                                        let name = p.name.clone();
                                        let label = tr!(i18n, profile_edit.edit_name, name = name.clone());
                                        view! {
                                            <li>
                                                <Avatar profile=p.clone() />
                                                <span class="profile-list-name">
                                                    {p.name.clone()}
                                                    {p.owner.then(|| view! { <span class="badge">{tr!(i18n, profile_edit.owner)}</span> })}
                                                    {p.kids.then(|| view! { <span class="badge">{tr!(i18n, profiles.kids)}</span> })}
                                                </span>
                                                <a class="btn" href=edit aria-label=label>{tr!(i18n, profile_edit.edit)}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {if list.consent == ConsentAsked::NotOnThisDevice {
                                view! { <ProfilesNotOnThisDevice /> }.into_any()
                            } else if list.can_add {
                                view! { <a class="btn primary" href="/profiles/new">{tr!(i18n, profile_edit.add)}</a> }.into_any()
                            } else {
                                view! {
                                    <p class="hint">{tr!(i18n, profile_edit.full)}</p>
                                }
                                    .into_any()
                            }}
                            <p><a href="/profiles">{tr!(i18n, common.done)}</a></p>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

use crate::api::profiles::{ConsentAsked, list_profiles};
use crate::components::avatar::Avatar;
use crate::components::awaited::awaited;
use crate::components::consent_field::ProfilesNotOnThisDevice;
use crate::components::loading::Loading;
use crate::components::session_guard::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ManageProfilesPage() -> impl IntoView {
    let profiles = Resource::new(|| (), |_| list_profiles());
    view! {
        <Title text="Manage profiles" />
        <section class="page narrow">
            <h1>"Manage profiles"</h1>
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
                                        let label = format!("Edit {}", p.name);
                                        view! {
                                            <li>
                                                <Avatar profile=p.clone() />
                                                <span class="profile-list-name">
                                                    {p.name.clone()}
                                                    {p.owner.then(|| view! { <span class="badge">"Account owner"</span> })}
                                                    {p.kids.then(|| view! { <span class="badge">"Kids"</span> })}
                                                </span>
                                                <a class="btn" href=edit aria-label=label>"Edit"</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {if list.consent == ConsentAsked::NotOnThisDevice {
                                view! { <ProfilesNotOnThisDevice /> }.into_any()
                            } else if list.can_add {
                                view! { <a class="btn primary" href="/profiles/new">"Add profile"</a> }.into_any()
                            } else {
                                view! {
                                    <p class="hint">
                                        "This account has the most profiles it can have (5). Delete one to add another."
                                    </p>
                                }
                                    .into_any()
                            }}
                            <p><a href="/profiles">"Done"</a></p>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

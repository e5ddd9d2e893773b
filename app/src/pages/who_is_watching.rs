use crate::api::profiles::{SelectProfile, list_profiles};
use crate::components::alert::ErrorAlert;
use crate::components::avatar::Avatar;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "Who's watching?": shown after sign-in, and whenever this device has no profile yet.
#[component]
pub fn WhoIsWatchingPage() -> impl IntoView {
    let profiles = Resource::new(|| (), |_| list_profiles());
    let select = ServerAction::<SelectProfile>::new();
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, profiles.who) />
        <section class="page chooser">
            <h1>{tr!(i18n, profiles.who)}</h1>
            <ErrorAlert action=select />
            <Suspense fallback=Loading>
                {awaited(move || {
                    let next = next.clone();
                    async move {
                        match profiles.await {
                            Ok(list) => view! {
                                <ul class="chooser-grid">
                                    {list
                                        .profiles
                                        .into_iter()
                                        .map(|p| {
                                            let next = next.clone();
                                            let face = view! {
                                                <Avatar profile=p.clone() large=true />
                                                <span class="chooser-name">{p.name.clone()}</span>
                                                {p.kids.then(|| view! { <span class="badge">{tr!(i18n, profiles.kids)}</span> })}
                                                {p.locked.then(|| view! { <span class="badge">{tr!(i18n, profiles.locked)}</span> })}
                                            };
                                            if p.locked {
                                                let href = format!("/profiles/{}/unlock?next={}", p.id, next);
                                                view! { <li><a class="chooser-button" href=href>{face}</a></li> }.into_any()
                                            } else {
                                                view! {
                                                    <li>
                                                        <ActionForm action=select>
                                                            <input type="hidden" name="profile_id" value=p.id />
                                                            <input type="hidden" name="next" value=next />
                                                            <SubmitButton pending=select.pending() class="chooser-button">{face}</SubmitButton>
                                                        </ActionForm>
                                                    </li>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <p class="chooser-manage">
                                    <a class="btn" href="/profiles/manage">{tr!(i18n, profiles.manage)}</a>
                                </p>
                            }
                                .into_any(),
                            Err(e) => view! { <LoadError error=e /> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

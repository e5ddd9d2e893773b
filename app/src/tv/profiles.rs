use super::pin_pad::TvPinEntry;
use crate::api::profiles::{ProfileCard, list_profiles};
use crate::api::tv::TvSelectProfile;
use crate::components::alert::ErrorAlert;
use crate::components::avatar::Avatar;
use crate::components::awaited::awaited;
use crate::components::consent_field::ProfilesNotOnThisDevice;
use crate::components::loading::Loading;
use crate::components::session_guard::LoadError;
use crate::i18n::{t_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

/// Who's watching, on the TV. A locked profile asks for its PIN.
#[component]
pub fn TvProfiles() -> impl IntoView {
    let profiles = Resource::new(|| (), |_| list_profiles());
    let select = ServerAction::<TvSelectProfile>::new();
    let asking = RwSignal::new(None::<ProfileCard>);
    let pin = RwSignal::new(String::new());
    let i18n = use_i18n();
    Effect::new(move |_| match select.value().get() {
        Some(Ok(())) => {
            #[cfg(feature = "hydrate")]
            let _ = window().location().reload();
        }
        // A wrong PIN is cleared for the next try.
        Some(Err(_)) => pin.set(String::new()),
        None => {}
    });
    view! {
        <h1>{tr!(i18n, tv.who)}</h1>
        <ErrorAlert action=select />
        <Suspense fallback=Loading>
            {awaited(move || async move {
                match profiles.await {
                    Ok(list) => view! {
                        <ul class="tv-profiles">
                            {list
                                .profiles
                                .into_iter()
                                .map(|p| {
                                    let chosen = p.clone();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="tv-profile"
                                                data-tv-focus=""
                                                aria-busy=move || select.pending().get().then_some("true")
                                                on:click=move |_| {
                                                    if select.pending().get_untracked() {
                                                        return;
                                                    }
                                                    if chosen.locked {
                                                        asking.set(Some(chosen.clone()));
                                                    } else {
                                                        select.dispatch(TvSelectProfile { profile_id: chosen.id, pin: None });
                                                    }
                                                }
                                            >
                                                <Avatar profile=p.clone() large=true />
                                                <span>{p.name.clone()}</span>
                                                {p.locked.then(|| view! { <span class="badge">{tr!(i18n, tv.locked)}</span> })}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <ProfilesNotOnThisDevice />
                    }
                        .into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
        {move || asking.get().map(|p| {
            let id = p.id;
            view! {
                <div class="tv-pin">
                    <div>
                        <TvPinEntry id="tv-profile-pin" label=t_string!(i18n, tv.pin_for, name = p.name.clone()) pin=pin />
                    </div>
                    <button
                        type="button"
                        class="tv-button"
                        data-tv-focus=""
                        aria-busy=move || select.pending().get().then_some("true")
                        on:click=move |_| {
                            if !select.pending().get_untracked() {
                                select.dispatch(TvSelectProfile { profile_id: id, pin: Some(pin.get_untracked()) });
                            }
                        }
                    >
                        {tr!(i18n, tv.ok)}
                    </button>
                </div>
            }
        })}
    }
}

use crate::components::awaited::awaited;
use crate::components::profile_menu::ProfileMenu;
use crate::contexts::viewer::ViewerResource;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let ViewerResource(viewer) = ViewerResource::expect();
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                "Kinoguard"
            </a>
            <div class="header-end">
                <Suspense fallback=|| view! { <span class="avatar-placeholder" aria-hidden="true"></span> }>
                    {awaited(move || async move {
                        match viewer.await {
                            Ok(Some(v)) => view! { <ProfileMenu viewer=v /> }.into_any(),
                            _ => view! { <a class="btn" href="/login">{tr!(i18n, site.sign_in)}</a> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </header>
    }
}

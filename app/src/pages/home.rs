use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::contexts::viewer::ViewerResource;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let ViewerResource(viewer) = ViewerResource::expect();
    let i18n = use_i18n();
    view! {
        <Title text="" />
        <Suspense fallback=Loading>
            {awaited(move || async move {
                match viewer.await {
                    Ok(Some(v)) => {
                        view! {
                            <section class="page">
                                <h1>{tr!(i18n, home.welcome, name = v.display_name())}</h1>
                                <p>
                                    {tr!(i18n, home.worried_before)}
                                    <a href="/account">{tr!(i18n, home.worried_link)}</a>
                                    {tr!(i18n, home.worried_after)}
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <section class="page hero">
                                <h1>{tr!(i18n, home.hero_title)}</h1>
                                <p>{tr!(i18n, home.hero_text)}</p>
                                <a class="btn primary" href="/login">{tr!(i18n, site.sign_in)}</a>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

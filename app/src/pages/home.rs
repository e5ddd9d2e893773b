use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::contexts::viewer::ViewerResource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let ViewerResource(viewer) = ViewerResource::expect();
    view! {
        <Title text="" />
        <Suspense fallback=Loading>
            {awaited(move || async move {
                match viewer.await {
                    Ok(Some(v)) => {
                        view! {
                            <section class="page">
                                <h1>"Welcome back, " {v.display_name()}</h1>
                                <p>
                                    "Think someone else is using your account? Your "
                                    <a href="/account">"Account"</a>
                                    " page shows what to do, and can sign every device out at once."
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <section class="page hero">
                                <h1>"Your account, only yours."</h1>
                                <p>
                                    "See which devices use your streaming account, and sign them out the moment something looks wrong."
                                </p>
                                <a class="btn primary" href="/login">"Sign in"</a>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

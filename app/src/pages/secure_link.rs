use crate::api::secure::{LinkOpening, SignInWithLink, open_secure_link};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where a "This wasn't me" link from an email lands: the password of the account it was
/// sent to, then "Secure my account".
#[component]
pub fn SecureLinkPage() -> impl IntoView {
    let query = use_query_map();
    let link = move || query.with(|q| q.get("link").unwrap_or_default());
    let opening = Resource::new(link, open_secure_link);
    let action = ServerAction::<SignInWithLink>::new();
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, secure.link_title) />
        <section class="page narrow">
            <h1>{tr!(i18n, secure.link_title)}</h1>
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match opening.await {
                        Ok(LinkOpening::AskPassword { email }) => {
                            let to = email.clone();
                            view! {
                            <p>{tr!(i18n, secure.link_ask, email = to.clone())}</p>
                            <ErrorAlert action=action />
                            <ActionForm action=action attr:class="stack">
                                <input type="hidden" name="link" value=link() />
                                <input type="email" name="username" value=email.clone() autocomplete="username" hidden />
                                <label for="link-password">{tr!(i18n, secure.link_password)}</label>
                                <input id="link-password" name="password" type="password" autocomplete="current-password" required />
                                <SubmitButton pending=action.pending() class="btn primary">{tr!(i18n, secure.link_continue)}</SubmitButton>
                            </ActionForm>
                        }
                            .into_any()
                        }
                        Ok(LinkOpening::SignedIn) => view! {
                            <p>{tr!(i18n, secure.link_signed_in)}</p>
                            <p><a class="btn danger" href="/account/secure">{tr!(i18n, secure.title)}</a></p>
                        }
                            .into_any(),
                        Ok(LinkOpening::OtherAccount) => view! {
                            <p class="alert error" role="alert">{tr!(i18n, problems.secure_link_other_account)}</p>
                        }
                            .into_any(),
                        Ok(LinkOpening::Unusable) => view! {
                            <p class="alert error" role="alert">{tr!(i18n, problems.secure_link_unusable)}</p>
                            <p><a class="btn" href="/login?next=/account/secure">{tr!(i18n, secure.link_sign_in)}</a></p>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

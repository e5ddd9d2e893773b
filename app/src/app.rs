use crate::api::session::{Viewer, current_viewer};
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::error::AppError;
use crate::pages::{
    account::AccountPage,
    activate::ActivatePage,
    browse::BrowsePage,
    change_password::ChangePasswordPage,
    deactivate_device::DeactivateDevicePage,
    devices::DevicesPage,
    edit_profile::{DeleteProfilePage, EditProfilePage},
    help::HelpPage,
    home::HomePage,
    login::LoginPage,
    manage_profiles::ManageProfilesPage,
    new_profile::NewProfilePage,
    not_found::NotFound,
    parental_controls::ParentalControlsPage,
    security_activity::SecurityActivityPage,
    sign_out_all::SignOutAllPage,
    streaming_activity::StreamingActivityPage,
    unlock_profile::UnlockProfilePage,
    viewing_activity::ViewingActivityPage,
    watch::WatchPage,
    who_is_watching::WhoIsWatchingPage,
};
use crate::tv::TvPage;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The signed-in subscriber, loaded once per page load and shared by the header and pages.
#[derive(Clone, Copy)]
pub struct ViewerResource(pub Resource<Result<Option<Viewer>, AppError>>);

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="dark light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Scripts run only with this page's nonce; WebAssembly compilation is allowed for the
/// hydration bundle. Everything else is same-origin, and nothing may frame the page.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use axum::http::{HeaderValue, header};
    let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let viewer = ViewerResource(Resource::new(|| (), |_| current_viewer()));
    provide_context(viewer);

    // Pages wait for their data on the server (`SsrMode::Async`) so that every page is
    // complete HTML: with JavaScript off there is nothing to fill in streamed fragments.
    view! {
        <Stylesheet id="leptos" href="/pkg/kinoguard.css" />
        <Title formatter=|page: String| {
            if page.is_empty() { "Kinoguard".to_string() } else { format!("{page} · Kinoguard") }
        } />
        <Router>
            <SiteChrome>
                <a class="skip-link" href="#main">"Skip to content"</a>
                <Header />
            </SiteChrome>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/sign-out-all")
                        view=SignOutAllPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/account/devices") view=DevicesPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/devices/:id/deactivate")
                        view=DeactivateDevicePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/streaming")
                        view=StreamingActivityPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/profiles/:id/activity")
                        view=ViewingActivityPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/account/password") view=ChangePasswordPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/profiles/:id/parental")
                        view=ParentalControlsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/profiles/:id/unlock")
                        view=UnlockProfilePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/security")
                        view=SecurityActivityPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/help") view=HelpPage ssr=SsrMode::Async />
                    <Route path=path!("/activate") view=ActivatePage ssr=SsrMode::Async />
                    <Route path=path!("/tv") view=TvPage ssr=SsrMode::Async />
                    <Route path=path!("/profiles") view=WhoIsWatchingPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/profiles/manage")
                        view=ManageProfilesPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/profiles/new") view=NewProfilePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/profiles/:id/edit")
                        view=EditProfilePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/profiles/:id/delete")
                        view=DeleteProfilePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/browse") view=BrowsePage ssr=SsrMode::Async />
                    <Route path=path!("/watch/:id") view=WatchPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteChrome>
                <Footer />
            </SiteChrome>
        </Router>
    }
}

/// The site's header and footer, left out of the TV's full-screen interface.
#[component]
fn SiteChrome(children: ChildrenFn) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let on_tv = move || {
        location
            .pathname
            .with(|p| p == "/tv" || p.starts_with("/tv/"))
    };
    view! { <Show when=move || !on_tv()>{children()}</Show> }
}

use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::components::signed_out_notice::SignedOutNotice;
use crate::contexts::live::{Live, LiveChannel};
use crate::contexts::viewer::ViewerResource;
use crate::i18n::{I18nContextProvider, use_i18n};
use crate::lazy_pages::*;
use crate::pages::not_found::NotFound;
use crate::text::tr;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Outlet, ParentRoute, Route, Router, Routes},
    path,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        // `lang` is set by the language context (`App`).
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="dark light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The stylesheet's name carries its hash in a release build, so browsers
                // may keep it for a year.
                <link id="leptos" rel="stylesheet" href=stylesheet_href(&options) />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
                <crate::release::ReleaseMeta />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The stylesheet's address, `/pkg/kinoguard.<hash>.css` in a release build: cargo-leptos
/// lists the hash in `hash.txt` beside the binary. Read once per process and set of
/// options; leptos_meta's `HashedStylesheet` reads the file on every page.
fn stylesheet_href(options: &LeptosOptions) -> String {
    #[cfg(feature = "ssr")]
    {
        use std::sync::OnceLock;
        static KEPT: OnceLock<(String, String)> = OnceLock::new();
        let key = format!(
            "{}/{}/{}/{}",
            options.hash_files, options.hash_file, options.site_pkg_dir, options.output_name
        );
        let (kept_key, href) = KEPT.get_or_init(|| (key.clone(), read_stylesheet_href(options)));
        if *kept_key == key {
            href.clone()
        } else {
            read_stylesheet_href(options)
        }
    }
    #[cfg(not(feature = "ssr"))]
    format!("/{}/{}.css", options.site_pkg_dir, options.output_name)
}

#[cfg(feature = "ssr")]
fn read_stylesheet_href(options: &LeptosOptions) -> String {
    let hash = options
        .hash_files
        .then(|| {
            let path = std::env::current_exe()
                .ok()?
                .parent()?
                .join(options.hash_file.as_ref());
            let hashes = std::fs::read_to_string(path).ok()?;
            hashes.lines().find_map(|line| {
                let (file, hash) = line.split_once(':')?;
                (file.trim() == "css").then(|| hash.trim().to_owned())
            })
        })
        .flatten();
    match hash {
        Some(hash) => format!(
            "/{}/{}.{hash}.css",
            options.site_pkg_dir, options.output_name
        ),
        None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
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
    // The server decides the page's language (`language::of_request`) and writes it in
    // `<html lang>`, where the browser's code reads it back.
    #[cfg(feature = "ssr")]
    let options = leptos_i18n::context::UseLocalesOptions::default().ssr_lang_header_getter(|| {
        use crate::i18n::I18nLocaleTrait;
        Some(crate::language::of_request().as_str().to_owned())
    });
    #[cfg(not(feature = "ssr"))]
    let options = leptos_i18n::context::UseLocalesOptions::default();
    view! {
        <I18nContextProvider set_dir_attr_on_html=false ssr_lang_header_getter=options>
            <Site />
        </I18nContextProvider>
    }
}

#[component]
fn Site() -> impl IntoView {
    ViewerResource::provide();
    let live = Live::provide();
    let i18n = use_i18n();

    // Pages wait for their data on the server (`SsrMode::Async`, set once on the parent
    // route and inherited by every page) so that every page is complete HTML: with
    // JavaScript off there is nothing to fill in streamed fragments.
    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { "Kinoguard".to_string() } else { format!("{page} · Kinoguard") }
        } />
        <LiveChannel />
        <crate::release::ReleaseNotice />
        <Router>
            <SiteChrome>
                <a class="skip-link" href="#main">{tr!(i18n, site.skip_to_content)}</a>
                <Header />
                <crate::components::sign_in_notice::SignInNotices />
            </SiteChrome>
            <main id="main" tabindex="-1">
                <SignedOutOr live>
                <Routes fallback=NotFound>
                    <ParentRoute path=path!("") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!("/") view=crate::pages::home::HomePage />
                        <Route path=path!("/login") view=crate::pages::login::LoginPage />
                        <Route path=path!("/account") view=crate::pages::account::AccountPage />
                        <Route path=path!("/account/sign-out-all") view={Lazy::<SignOutAllRoute>::new()} />
                        <Route path=path!("/account/devices") view={Lazy::<DevicesRoute>::new()} />
                        <Route path=path!("/account/devices/:id/deactivate") view={Lazy::<DeactivateDeviceRoute>::new()} />
                        <Route path=path!("/account/streaming") view={Lazy::<StreamingActivityRoute>::new()} />
                        <Route path=path!("/account/profiles/:id/activity") view={Lazy::<ViewingActivityRoute>::new()} />
                        <Route path=path!("/account/password") view={Lazy::<ChangePasswordRoute>::new()} />
                        <Route path=path!("/account/profiles/:id/parental") view={Lazy::<ParentalControlsRoute>::new()} />
                        <Route path=path!("/profiles/:id/unlock") view={Lazy::<UnlockProfileRoute>::new()} />
                        <Route path=path!("/account/security") view={Lazy::<SecurityActivityRoute>::new()} />
                        <Route path=path!("/account/secure") view={Lazy::<SecureAccountRoute>::new()} />
                        <Route path=path!("/account/secure/report") view={Lazy::<SecuredReportRoute>::new()} />
                        <Route path=path!("/secure") view={Lazy::<SecureLinkRoute>::new()} />
                        <Route path=path!("/help") view={Lazy::<HelpRoute>::new()} />
                        <Route path=path!("/activate") view={Lazy::<ActivateRoute>::new()} />
                        <Route path=path!("/tv") view={Lazy::<TvRoute>::new()} />
                        <Route path=path!("/profiles") view={Lazy::<WhoIsWatchingRoute>::new()} />
                        <Route path=path!("/profiles/manage") view={Lazy::<ManageProfilesRoute>::new()} />
                        <Route path=path!("/profiles/new") view={Lazy::<NewProfileRoute>::new()} />
                        <Route path=path!("/profiles/:id/edit") view={Lazy::<EditProfileRoute>::new()} />
                        <Route path=path!("/profiles/:id/delete") view={Lazy::<DeleteProfileRoute>::new()} />
                        <Route path=path!("/browse") view={Lazy::<BrowseRoute>::new()} />
                        <Route path=path!("/watch/:id") view={Lazy::<WatchRoute>::new()} />
                    </ParentRoute>
                </Routes>
                </SignedOutOr>
            </main>
            <SiteChrome>
                <Footer />
            </SiteChrome>
        </Router>
    }
}

/// The page, or — once its session has ended elsewhere — the news that it has. The TV
/// needs no notice: it goes back to its own sign-in screen.
#[component]
fn SignedOutOr(live: Live, children: ChildrenFn) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let notice = move || {
        let on_tv = location
            .pathname
            .with(|p| p == "/tv" || p.starts_with("/tv/"));
        live.signed_out.get().filter(|_| !on_tv)
    };
    view! {
        <Show
            when=move || notice().is_none()
            fallback=move || notice().map(|reason| view! { <SignedOutNotice reason /> })
        >
            {children()}
        </Show>
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

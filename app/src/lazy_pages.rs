//! Lazy routes: the browser loads a page's own code when its route is first opened (or
//! when the server-rendered page hydrates), so what a phone downloads before a page is
//! interactive is the shared core plus that page, not the whole site. `cargo leptos build
//! --split` cuts the bundle at these routes.
//!
//! The pages most visits start on — the front page, sign-in and Account — stay in the main
//! part: making them lazy too left the shared code in dozens of small chunks that every
//! page then loaded and compiled one by one (measured in BENCHMARKS.md).

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A lazy route per page: `Route => page component`.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {
        $(
            #[doc = concat!("The route that shows `", stringify!($page), "`.")]
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                fn view(_this: Self) -> AnyView {
                    #[cfg(feature = "ssr")]
                    crate::chunk_preloads::announce();
                    view! { <$page /> }.into_any()
                }
            }
        )*
    };
}

lazy_pages! {
    SignOutAllRoute => crate::pages::sign_out_all::SignOutAllPage,
    DevicesRoute => crate::pages::devices::DevicesPage,
    DeactivateDeviceRoute => crate::pages::deactivate_device::DeactivateDevicePage,
    StreamingActivityRoute => crate::pages::streaming_activity::StreamingActivityPage,
    ViewingActivityRoute => crate::pages::viewing_activity::ViewingActivityPage,
    ChangePasswordRoute => crate::pages::change_password::ChangePasswordPage,
    ParentalControlsRoute => crate::pages::parental_controls::ParentalControlsPage,
    UnlockProfileRoute => crate::pages::unlock_profile::UnlockProfilePage,
    SecurityActivityRoute => crate::pages::security_activity::SecurityActivityPage,
    SecureAccountRoute => crate::pages::secure_account::SecureAccountPage,
    SecuredReportRoute => crate::pages::secured_report::SecuredReportPage,
    SecureLinkRoute => crate::pages::secure_link::SecureLinkPage,
    HelpRoute => crate::pages::help::HelpPage,
    ActivateRoute => crate::pages::activate::ActivatePage,
    TvRoute => crate::tv::TvPage,
    WhoIsWatchingRoute => crate::pages::who_is_watching::WhoIsWatchingPage,
    ManageProfilesRoute => crate::pages::manage_profiles::ManageProfilesPage,
    NewProfileRoute => crate::pages::new_profile::NewProfilePage,
    EditProfileRoute => crate::pages::edit_profile::EditProfilePage,
    DeleteProfileRoute => crate::pages::edit_profile::DeleteProfilePage,
    BrowseRoute => crate::pages::browse::BrowsePage,
    WatchRoute => crate::pages::watch::WatchPage,
}

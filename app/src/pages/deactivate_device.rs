use crate::api::devices::{get_device, list_devices};
use crate::components::awaited::awaited;
use crate::components::deactivate_device_form::DeactivateDeviceForm;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::error::AppError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The confirmation step of deactivating a device when JavaScript is off.
#[component]
pub fn DeactivateDevicePage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let device = Resource::new(
        move || id,
        |id| async move {
            let device = get_device(id.ok_or(AppError::NotFound)?).await?;
            let needs_reauth = list_devices().await?.needs_reauth;
            Ok::<_, AppError>((device, needs_reauth))
        },
    );
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, devices.deactivate_title) />
        <section class="page narrow">
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    match device.await {
                        Ok((d, needs_reauth)) => view! {
                            <DeactivateDeviceForm
                                device=d
                                needs_reauth
                                cancel=move || view! { <a class="btn" href="/account/devices">{tr!(i18n, devices.cancel)}</a> }
                            />
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

use crate::api::activity::{HideViewingItem, viewing_activity};
use crate::components::alert::ErrorAlert;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::components::session_guard::LoadError;
use crate::components::submit_button::SubmitButton;
use crate::error::AppError;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A profile's viewing activity: what it watched, when, on which device.
#[component]
pub fn ViewingActivityPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").filter(|b| !b.is_empty()));
    let hide = ServerAction::<HideViewingItem>::new();
    let page = Resource::new(
        move || (id, before(), hide.version().get()),
        |(id, before, _)| async move { viewing_activity(id.ok_or(AppError::NotFound)?, before).await },
    );
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, account.viewing_activity) />
        <section class="page">
            <p><a href="/account">{tr!(i18n, account.title)}</a></p>
            <ErrorAlert action=hide />
            <Suspense fallback=Loading>
                {awaited(move || async move {
                    let on_first_page = before().is_none();
                    match page.await {
                        Ok(p) => {
                            let base = format!("/account/profiles/{}/activity", p.profile_id);
                            let csv = format!("/account/profiles/{}/viewing-activity.csv", p.profile_id);
                            view! {
                                <h1>{tr!(i18n, activity.viewing_for, name = p.profile_name.clone())}</h1>
                                <p>
                                    {tr!(i18n, activity.hide_note)}
                                    <a href="/account/streaming">{tr!(i18n, activity.hide_note_link)}</a>
                                    {tr!(i18n, activity.hide_note_end)}
                                </p>
                                <p><a class="btn" href=csv download>{tr!(i18n, activity.download_csv)}</a></p>
                                {if p.rows.is_empty() {
                                    view! { <p>{tr!(i18n, activity.nothing_watched)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="history">
                                            {p.rows
                                                .into_iter()
                                                .map(|r| {
                                                    let name = r.title_name.clone();
                                                    let label = tr!(i18n, activity.hide_item, name = name.clone());
                                                    view! {
                                                        <li>
                                                            <span class="history-title">
                                                                {if r.watchable {
                                                                    view! { <a href=format!("/watch/{}", r.title_id)>{r.title_name.clone()}</a> }.into_any()
                                                                } else {
                                                                    view! { <span>{r.title_name.clone()}</span> }.into_any()
                                                                }}
                                                            </span>
                                                            <span class="history-when"><LocalTime at=r.watched_at /></span>
                                                            <span class="history-device">{
                                                                let device = r.device_name.clone();
                                                                move || device.say(i18n.get_locale())
                                                            }</span>
                                                            <ActionForm action=hide>
                                                                <input type="hidden" name="playback_id" value=r.id />
                                                                <SubmitButton pending=hide.pending() class="btn small" label=label>{tr!(i18n, activity.hide)}</SubmitButton>
                                                            </ActionForm>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                                <Pager base next=p.next on_first_page />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

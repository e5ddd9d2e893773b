use crate::api::account::account_overview;
use crate::components::awaited::awaited;
use crate::components::language_picker::LanguagePicker;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::page_title::PageTitle;
use crate::components::session_guard::LoadError;
use crate::components::sign_out_all_dialog::SignOutAllButton;
use crate::i18n::{t_string, td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let live = crate::contexts::live::Live::expect();
    let overview = Resource::new(
        // Loads again when a device of the account signs in or out (the live channel).
        move || live.devices_changed.get(),
        |_| account_overview(),
    );
    let i18n = use_i18n();
    let changed = use_query_map()
        .with_untracked(|q| q.get_str("password_changed").map(|who| who == "others"));
    let notice = move || {
        changed.map(|others| {
            if others {
                t_string!(i18n, account.password_changed_others)
            } else {
                t_string!(i18n, account.password_changed)
            }
        })
    };
    view! {
        <PageTitle text=|l| td_string!(l, account.title) />
        <section class="page">
            <h1>{tr!(i18n, account.title)}</h1>
            {move || notice().map(|text| view! { <p class="alert info" role="status">{text}</p> })}
            <Transition fallback=Loading>
                {awaited(move || async move {
                    match overview.await {
                        Ok(o) => {
                            let sessions = o.signed_in_sessions;
                            view! {
                                <section class="card" aria-labelledby="membership-title">
                                    <h2 id="membership-title">{tr!(i18n, account.membership)}</h2>
                                    <dl class="facts">
                                        <dt>{tr!(i18n, account.email)}</dt>
                                        <dd>{o.email.clone()}</dd>
                                        <dt>{tr!(i18n, account.phone)}</dt>
                                        <dd>
                                            {match o.phone.clone() {
                                                Some(phone) => phone.into_any(),
                                                None => tr!(i18n, account.phone_not_set).into_any(),
                                            }}
                                        </dd>
                                        <dt>{tr!(i18n, account.member_since)}</dt>
                                        <dd>{o.member_since.clone()}</dd>
                                        <dt>{tr!(i18n, account.password)}</dt>
                                        <dd>{tr!(i18n, account.password_last_changed)} " " <LocalTime at=o.password_changed /></dd>
                                    </dl>
                                </section>
                                <section class="card" aria-labelledby="security-title">
                                    <h2 id="security-title">{tr!(i18n, account.security)}</h2>
                                    <ul class="links">
                                        <li><a href="/account/password">{tr!(i18n, account.change_password)}</a></li>
                                        <li><a href="/account/devices">{tr!(i18n, account.manage_devices)}</a></li>
                                        <li><a href="/account/streaming">{tr!(i18n, account.streaming_activity)}</a></li>
                                        <li><a href="/account/security">{tr!(i18n, account.security_activity)}</a></li>
                                        <li><a href="/account/secure">{tr!(i18n, account.secure_account)}</a></li>
                                    </ul>
                                    <h3>{tr!(i18n, account.sign_out_all)}</h3>
                                    <p>
                                        {tr!(i18n, account.devices_signed_in, count = sessions)}
                                        " "
                                        {tr!(i18n, account.sign_out_all_advice)}
                                    </p>
                                    <SignOutAllButton sessions=o.signed_in_sessions needs_reauth=o.needs_reauth />
                                </section>
                                <section class="card" aria-labelledby="profiles-title">
                                    <h2 id="profiles-title">{tr!(i18n, account.profiles)}</h2>
                                    <ul class="profile-list">
                                        {o.profiles
                                            .iter()
                                            .map(|p| {
                                                let href = format!("/account/profiles/{}/activity", p.id);
                                                let name = p.name.clone();
                                                let label = move || t_string!(i18n, account.viewing_activity_of, name = name.clone());
                                                let parental = format!("/account/profiles/{}/parental", p.id);
                                                let name = p.name.clone();
                                                let parental_label = move || t_string!(i18n, account.parental_controls_of, name = name.clone());
                                                view! {
                                                    <li>
                                                        <crate::components::avatar::Avatar profile=p.clone() />
                                                        <span class="profile-list-name">{p.name.clone()}</span>
                                                        <a href=parental aria-label=parental_label>{tr!(i18n, account.parental_controls)}</a>
                                                        <a href=href aria-label=label>{tr!(i18n, account.viewing_activity)}</a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    <p><a href="/profiles/manage">{tr!(i18n, account.manage_profiles)}</a></p>
                                </section>
                                <section class="card" aria-labelledby="language-title">
                                    <h2 id="language-title">{tr!(i18n, account.language)}</h2>
                                    <p id="account-language-hint">{tr!(i18n, account.language_explained)}</p>
                                    <LanguagePicker id="account-language" />
                                </section>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

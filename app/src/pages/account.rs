use crate::api::account::account_overview;
use crate::components::awaited::awaited;
use crate::components::loading::Loading;
use crate::components::local_time::LocalTime;
use crate::components::session_guard::LoadError;
use crate::components::sign_out_all_dialog::SignOutAllButton;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let live = crate::contexts::live::Live::expect();
    let overview = Resource::new(
        // Loads again when a device of the account signs in or out (the live channel).
        move || live.devices_changed.get(),
        |_| account_overview(),
    );
    let notice = use_query_map().with_untracked(|q| match q.get_str("password_changed") {
        Some("others") => Some("Your password was changed, and every other device was signed out."),
        Some(_) => Some("Your password was changed."),
        None => None,
    });
    view! {
        <Title text="Account" />
        <section class="page">
            <h1>"Account"</h1>
            {notice.map(|text| view! { <p class="alert info" role="status">{text}</p> })}
            <Transition fallback=Loading>
                {awaited(move || async move {
                    match overview.await {
                        Ok(o) => {
                            let devices = match o.signed_in_sessions {
                                1 => "1 device is signed in to your account.".to_string(),
                                n => format!("{n} devices are signed in to your account."),
                            };
                            view! {
                                <section class="card" aria-labelledby="membership-title">
                                    <h2 id="membership-title">"Membership"</h2>
                                    <dl class="facts">
                                        <dt>"Email"</dt>
                                        <dd>{o.email.clone()}</dd>
                                        <dt>"Phone"</dt>
                                        <dd>{o.phone.clone().unwrap_or_else(|| "Not set".into())}</dd>
                                        <dt>"Member since"</dt>
                                        <dd>{o.member_since.clone()}</dd>
                                        <dt>"Password"</dt>
                                        <dd>"Last changed " <LocalTime at=o.password_changed /></dd>
                                    </dl>
                                </section>
                                <section class="card" aria-labelledby="security-title">
                                    <h2 id="security-title">"Security"</h2>
                                    <ul class="links">
                                        <li><a href="/account/password">"Change password"</a></li>
                                        <li><a href="/account/devices">"Manage access and devices"</a></li>
                                        <li><a href="/account/streaming">"Recent device streaming activity"</a></li>
                                        <li><a href="/account/security">"Security activity"</a></li>
                                    </ul>
                                    <h3>"Sign out of all devices"</h3>
                                    <p>
                                        {devices}
                                        " If you think someone else is using your account, sign every device out at once, then change your password."
                                    </p>
                                    <SignOutAllButton sessions=o.signed_in_sessions needs_reauth=o.needs_reauth />
                                </section>
                                <section class="card" aria-labelledby="profiles-title">
                                    <h2 id="profiles-title">"Profiles & parental controls"</h2>
                                    <ul class="profile-list">
                                        {o.profiles
                                            .iter()
                                            .map(|p| {
                                                let href = format!("/account/profiles/{}/activity", p.id);
                                                let label = format!("Viewing activity of {}", p.name);
                                                let parental = format!("/account/profiles/{}/parental", p.id);
                                                let parental_label = format!("Parental controls of {}", p.name);
                                                view! {
                                                    <li>
                                                        <crate::components::avatar::Avatar profile=p.clone() />
                                                        <span class="profile-list-name">{p.name.clone()}</span>
                                                        <a href=parental aria-label=parental_label>"Parental controls"</a>
                                                        <a href=href aria-label=label>"Viewing activity"</a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    <p><a href="/profiles/manage">"Manage profiles"</a></p>
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

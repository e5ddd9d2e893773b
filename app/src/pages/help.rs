use crate::components::page_title::PageTitle;
use crate::i18n::{td_string, use_i18n};
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, site.help_center) />
        <section class="page narrow prose">
            <h1>{tr!(i18n, site.help_center)}</h1>
            <h2>{tr!(i18n, help.someone_else)}</h2>
            <ol>
                <li>{tr!(i18n, help.step_sign_in)}</li>
                <li>{tr!(i18n, help.step_menu)} <strong>{tr!(i18n, account.title)}</strong> "."</li>
                <li>
                    {tr!(i18n, help.step_security_in)} <strong>{tr!(i18n, account.security)}</strong>
                    {tr!(i18n, help.step_security_choose)} <strong>{tr!(i18n, account.sign_out_all)}</strong>
                    {tr!(i18n, help.step_security_confirm)}
                </li>
                <li>{tr!(i18n, help.step_password)}</li>
            </ol>
            <h2>{tr!(i18n, help.tv_title)}</h2>
            <p>{tr!(i18n, help.tv_text)}</p>
        </section>
    }
}

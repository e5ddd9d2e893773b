use crate::components::language_picker::LanguagePicker;
use crate::i18n::use_i18n;
use crate::text::tr;
use leptos::prelude::*;

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>
                {tr!(i18n, site.tagline)}
                " "
                <a href="/help">{tr!(i18n, site.help_center)}</a>
            </p>
            <LanguagePicker />
            <p>
                {tr!(i18n, site.locations)}
                " "
                <a href="https://db-ip.com" rel="noopener">{tr!(i18n, site.geoip_credit)}</a>
                " "
                {tr!(i18n, site.geoip_licence)}
            </p>
        </footer>
    }
}

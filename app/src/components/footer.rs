use leptos::prelude::*;

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "Kinoguard — the account security center. "
                <a href="/help">"Help Center"</a>
            </p>
            <p>
                "Approximate locations: "
                <a href="https://db-ip.com" rel="noopener">"IP Geolocation by DB-IP"</a>
                " (CC BY 4.0)."
            </p>
        </footer>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HelpPage() -> impl IntoView {
    view! {
        <Title text="Help Center" />
        <section class="page narrow prose">
            <h1>"Help Center"</h1>
            <h2>"I think someone else is using my account"</h2>
            <ol>
                <li>"Sign in with your email address or phone number and your password."</li>
                <li>"Open the menu under your avatar at the upper right and choose " <strong>"Account"</strong> "."</li>
                <li>
                    "In " <strong>"Security"</strong> ", choose " <strong>"Sign out of all devices"</strong>
                    " and confirm. Every device is signed out at once, this one included."
                </li>
                <li>"Sign back in and change your password, so whoever had it cannot sign in again."</li>
            </ol>
            <h2>"Signing out of a Smart TV"</h2>
            <p>
                "A TV can only close its own session. To sign out other devices, use the Account page on the web or your phone."
            </p>
        </section>
    }
}

//! The browser entry point: hydrates the server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Redirects from server functions (after signing in or out) load the new page in full,
    // so nothing rendered for the previous session survives. The first hook set wins.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|location: &str| {
        let _ = leptos::prelude::window().location().assign(location);
    });
    leptos::mount::hydrate_body(app::App);
    // Lets the browser tests wait until the page is interactive.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}

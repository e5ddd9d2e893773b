//! The browser entry point: hydrates the server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::moment::browser::remember_time_zone();
    // Redirects from server functions (after signing in or out) load the new page in full,
    // so nothing rendered for the previous session survives. The first hook set wins.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|location: &str| {
        let _ = leptos::prelude::window().location().assign(location);
    });
    // Every page is a lazy route: hydration waits for the page's own chunk to load. An Err
    // only says the executor is already set up.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a page always has a body");
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute(app::HYDRATED, "");
        }
    });
}

//! Tells the browser, with the page's response headers, which split chunks its route needs,
//! so they download beside the main bundle instead of after it.
//!
//! Leptos 0.8 means to add these `<link rel=preload>`s itself, but looks the split manifest
//! up outside the render (leptos_integration_utils 0.8.9), where it is never found. The
//! route knows which lazy functions it ran (`PrefetchLazyFn`, filled as each runs on the
//! server) and `HydrationScripts` has read the manifest (`WasmSplitManifest`); both are
//! in the render's context, so each lazy page announces its own chunks here.

use leptos::prelude::*;
use leptos::{PrefetchLazyFn, WasmSplitManifest};
use leptos_axum::ResponseOptions;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// Chunks already announced in this response.
#[derive(Clone, Default)]
struct Announced(Arc<Mutex<HashSet<String>>>);

/// Adds a `Link: rel=preload` header for every chunk of the lazy functions run so far.
pub fn announce() {
    let (Some(ran), Some(manifest), Some(res)) = (
        use_context::<PrefetchLazyFn>(),
        use_context::<WasmSplitManifest>(),
        use_context::<ResponseOptions>(),
    ) else {
        return;
    };
    let announced = use_context::<Announced>().unwrap_or_else(|| {
        let a = Announced::default();
        provide_context(a.clone());
        a
    });
    let Ok(mut announced) = announced.0.lock() else {
        return;
    };
    // Borrowed where they are kept: the manifest lists every chunk of the site, and
    // copying it cost a lazy page about a twelfth of its render.
    let links = ran.0.try_with_value(|ran| {
        manifest.0.try_with_value(|(pkg, chunks, _)| {
            ran.iter()
                .filter_map(|name| chunks.get(*name))
                .flatten()
                .filter(|chunk| announced.insert((*chunk).clone()))
                // Same-origin and fetched with CORS mode by the loader, hence `crossorigin`.
                .map(|chunk| {
                    format!(
                        "<{pkg}/{chunk}.wasm>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin"
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    for link in links.flatten().unwrap_or_default() {
        if let Ok(value) = axum::http::HeaderValue::from_str(&link) {
            res.append_header(axum::http::header::LINK, value);
        }
    }
}

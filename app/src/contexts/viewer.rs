use crate::api::session::{Viewer, current_viewer};
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in subscriber, loaded once per page load and shared by the header and pages.
#[derive(Clone, Copy)]
pub struct ViewerResource(pub Resource<Result<Option<Viewer>, AppError>>);

impl ViewerResource {
    /// Starts loading the viewer and offers it to everything below the caller.
    pub fn provide() {
        provide_context(Self(Resource::new(|| (), |_| current_viewer())));
    }

    /// The viewer resource [`ViewerResource::provide`] started.
    pub fn expect() -> Self {
        expect_context()
    }
}

use crate::moment::Moment;
use leptos::prelude::*;

/// A moment, in the viewer's time zone once the page is interactive; in UTC (and saying
/// so) without JavaScript, since the server cannot know the zone.
#[component]
pub fn LocalTime(at: Moment) -> impl IntoView {
    let Moment { iso, utc } = at;
    let text = RwSignal::new(utc);
    #[cfg(feature = "hydrate")]
    {
        let iso = iso.clone();
        Effect::new(move |_| text.set(local(&iso)));
    }
    view! { <time datetime=iso>{move || text.get()}</time> }
}

#[cfg(feature = "hydrate")]
fn local(iso: &str) -> String {
    use leptos::wasm_bindgen::JsValue;
    use leptos::web_sys::js_sys::{Date, Object, Reflect};
    let date = Date::new(&JsValue::from_str(iso));
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string("default", &options).into()
}

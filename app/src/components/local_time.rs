use crate::moment::Moment;
use leptos::prelude::*;

/// A moment as the server wrote it for the viewer (see `moment`); once the page is
/// interactive, as the browser says it in the page's language, which follows a change of
/// language made in place.
#[component]
pub fn LocalTime(at: Moment) -> impl IntoView {
    let Moment { iso, text } = at;
    let text = RwSignal::new(text);
    #[cfg(feature = "hydrate")]
    {
        use crate::i18n::I18nLocaleTrait;
        let i18n = crate::i18n::use_i18n();
        let iso = iso.clone();
        Effect::new(move |_| {
            text.set(crate::moment::browser::say(
                &iso,
                i18n.get_locale().as_str(),
            ))
        });
    }
    view! { <time datetime=iso>{move || text.get()}</time> }
}

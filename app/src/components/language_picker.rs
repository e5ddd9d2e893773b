use crate::api::language::SetLanguage;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{I18nLocaleTrait, use_i18n};
use crate::language::{ALL, native_name, parse};
use crate::text::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// A choice of language, in the footer and on Account. The server keeps it for this browser
/// and its account; the open page then changes language in place (without JavaScript, the
/// server sends it back rewritten).
#[component]
pub fn LanguagePicker(
    /// The `id` of its list: a page may show two pickers.
    #[prop(default = "language")]
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    let location = use_location();
    // The router's `search` has no `?`.
    let back = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let pathname = location.pathname.get();
        if search.is_empty() {
            pathname
        } else {
            format!("{pathname}?{search}")
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(code)) = action.value().get()
            && let Some(chosen) = parse(&code)
        {
            i18n.set_locale(chosen);
        }
    });
    view! {
        <ActionForm action attr:class="language-picker">
            <input type="hidden" name="back" value=back />
            <label for=id>{tr!(i18n, language.label)}</label>
            <select id=id name="language">
                {ALL
                    .into_iter()
                    .map(|choice| {
                        view! {
                            <option
                                value=choice.as_str()
                                lang=choice.as_str()
                                selected=move || i18n.get_locale() == choice
                            >
                                {native_name(choice)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <SubmitButton pending=action.pending()>{tr!(i18n, language.change)}</SubmitButton>
            <ErrorAlert action />
        </ActionForm>
    }
}

use super::saved::Saved;
use crate::api::parental::SetMaturity;
use crate::api::profiles::ProfileCard;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use crate::i18n::use_i18n;
use crate::maturity::MaturityLevel;
use crate::text::tr;
use leptos::prelude::*;

/// The highest rating the profile may watch; levels above what it may be given are shown
/// but cannot be chosen.
#[component]
pub fn MaturityCard(
    profile: ProfileCard,
    level: MaturityLevel,
    highest_level: MaturityLevel,
    action: ServerAction<SetMaturity>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = profile.name.clone();
    let legend = tr!(i18n, parental.maturity_legend, name = name.clone());
    view! {
        <section class="card" aria-labelledby="maturity-title">
            <h2 id="maturity-title">{tr!(i18n, parental.maturity_title)}</h2>
            <ErrorAlert action />
            <Saved action text=tr!(i18n, parental.maturity_saved) />
            <ActionForm action>
                <input type="hidden" name="profile_id" value=profile.id />
                <fieldset class="levels">
                    <legend>{legend}</legend>
                    {MaturityLevel::EVERY
                        .into_iter()
                        .map(|choice| {
                            let id = format!("level-{}", choice.as_str().trim_end_matches('+'));
                            view! {
                                <p class="radio">
                                    <input
                                        type="radio"
                                        name="level"
                                        id=id.clone()
                                        value=choice.as_str()
                                        checked=choice == level
                                        disabled={choice > highest_level}
                                    />
                                    <label for=id>{move || choice.description(i18n.get_locale())}</label>
                                </p>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <p class="hint">
                    {if profile.kids {
                        tr!(i18n, parental.kids_note)
                    } else {
                        tr!(i18n, parental.above_note)
                    }}
                </p>
                <SubmitButton pending=action.pending() class="btn primary">{tr!(i18n, parental.save)}</SubmitButton>
            </ActionForm>
        </section>
    }
}

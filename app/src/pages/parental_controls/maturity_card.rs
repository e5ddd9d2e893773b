use super::saved::Saved;
use crate::api::parental::SetMaturity;
use crate::api::profiles::ProfileCard;
use crate::components::alert::ErrorAlert;
use crate::components::submit_button::SubmitButton;
use crate::maturity::MaturityLevel;
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
    let legend = format!("{} can watch titles rated", profile.name);
    view! {
        <section class="card" aria-labelledby="maturity-title">
            <h2 id="maturity-title">"Maturity level"</h2>
            <ErrorAlert action />
            <Saved action text="Maturity level saved." />
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
                                    <label for=id>{choice.description()}</label>
                                </p>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <p class="hint">
                    {if profile.kids {
                        "A kids profile never sees titles above its level."
                    } else {
                        "Titles above this level are hidden — or, when a PIN is set, ask for the PIN."
                    }}
                </p>
                <SubmitButton pending=action.pending() class="btn primary">"Save"</SubmitButton>
            </ActionForm>
        </section>
    }
}

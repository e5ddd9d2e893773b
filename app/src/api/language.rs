//! Choosing the language the site is written in.

use crate::error::AppError;
use leptos::prelude::*;

/// Keeps `language` for this browser and, when it is signed in, for its account (every
/// device of the account follows); answers its code. A page without JavaScript goes back
/// to `back`, now in that language.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String, back: Option<String>) -> Result<String, AppError> {
    use crate::i18n::{I18nLocaleTrait, td_string};
    use crate::language;
    use crate::server::{context, redirect_plain_form, request_auth, safe_next, set_cookie};

    let ctx = context()?;
    let Some(chosen) = language::parse(&language) else {
        let asked_in = language::of_request();
        return Err(AppError::Invalid(
            td_string!(asked_in, language.invalid).to_owned(),
        ));
    };
    if let Some(session) = request_auth().session {
        domain::accounts::set_language(&ctx.services.db, session.account_id, chosen.as_str())
            .await?;
    }
    set_cookie(&ctx.cookie.set_language(chosen.as_str()));
    redirect_plain_form(&safe_next(back.as_deref()));
    Ok(chosen.as_str().to_owned())
}

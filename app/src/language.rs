//! Which language a page and a server's answer are written in. The server decides, once per
//! request, in [`of_request`]: the signed-in account's language, else the language chosen
//! on this browser (its cookie), else the browser's `Accept-Language`, else English. The page carries it in `<html lang>`, where
//! the browser's code reads it back when it starts.

use crate::i18n::{I18nLocaleTrait, Locale};
#[cfg(feature = "ssr")]
use leptos::prelude::use_context;

/// Every language the site is written in, in the order the picker lists them.
pub const ALL: [Locale; 2] = [Locale::en, Locale::es];

/// The language's name in its own language, as a speaker looks for it in a list.
pub fn native_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::es => "Español",
    }
}

/// The language a code such as `es` names, if the site is written in it.
pub fn parse(code: &str) -> Option<Locale> {
    ALL.into_iter().find(|l| l.as_str() == code)
}

/// The language of the request being served.
#[cfg(feature = "ssr")]
pub fn of_request() -> Locale {
    use crate::server::{RequestAuth, ServerContext, with_request};
    // Quietly absent outside a request (the route list is made by rendering the app once).
    let cookie = use_context::<ServerContext>().map(|ctx| ctx.cookie);
    with_request(|parts| {
        of(
            &parts.headers,
            parts.extensions.get::<RequestAuth>(),
            cookie.as_ref(),
        )
    })
    .unwrap_or_default()
}

/// The language of a request with these headers and this session, for the server's answers
/// that are not pages (downloads).
#[cfg(feature = "ssr")]
pub fn of(
    headers: &axum::http::HeaderMap,
    auth: Option<&crate::server::RequestAuth>,
    cookie: Option<&crate::server::SessionCookie>,
) -> Locale {
    let account = auth
        .and_then(|auth| auth.account.as_ref())
        .and_then(|account| account.language.as_deref())
        .and_then(parse);
    let chosen = account.or_else(|| {
        cookie
            .and_then(|c| c.read_language(headers))
            .and_then(|code| parse(&code))
    });
    chosen.unwrap_or_else(|| {
        let accepted = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        from_accept_language(accepted)
    })
}

/// The best of the site's languages for an `Accept-Language` header: its ranges in order of
/// preference (`q`), a range the site lacks skipped, English when none matches.
pub fn from_accept_language(header: &str) -> Locale {
    let mut ranges: Vec<(&str, f32)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let range = parts.next().filter(|r| !r.is_empty() && *r != "*")?;
            let q = parts
                .find_map(|p| p.strip_prefix("q="))
                .map_or(Some(1.0), |q| q.parse::<f32>().ok())?;
            (q > 0.0).then_some((range, q))
        })
        .collect();
    // Stable: equal weights keep the order the browser gave.
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranges
        .into_iter()
        .find_map(|(range, _)| {
            let primary = range.split(['-', '_']).next().unwrap_or(range);
            parse(&primary.to_ascii_lowercase())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_language_the_site_has() {
        assert_eq!(from_accept_language("es-MX,es;q=0.9,en;q=0.8"), Locale::es);
        assert_eq!(
            from_accept_language("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4"),
            Locale::es
        );
        assert_eq!(from_accept_language("en-GB,es;q=0.9"), Locale::en);
        assert_eq!(from_accept_language("en;q=0.2,es;q=0.8"), Locale::es);
        assert_eq!(from_accept_language("ES"), Locale::es);
    }

    #[test]
    fn accept_language_falls_back_to_english() {
        assert_eq!(from_accept_language(""), Locale::en);
        assert_eq!(from_accept_language("fr,de;q=0.5"), Locale::en);
        assert_eq!(from_accept_language("es;q=0,fr"), Locale::en);
        assert_eq!(from_accept_language("*"), Locale::en);
        assert_eq!(from_accept_language("es;q=abc"), Locale::en);
    }

    #[test]
    fn only_the_sites_languages_parse() {
        assert_eq!(parse("es"), Some(Locale::es));
        assert_eq!(parse("en"), Some(Locale::en));
        assert_eq!(parse("fr"), None);
        assert_eq!(parse("ES"), None);
        assert_eq!(parse(""), None);
    }
}

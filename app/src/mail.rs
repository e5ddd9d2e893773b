//! The messages the outbox sends an account's owner, written when they are sent, from the
//! security event they tell of, in the account's language. Plain text and HTML say the
//! same; neither carries a secret (no password, PIN, code or session token): only what
//! happened, when, on which device and near where, and where to act.

use crate::device_name::DeviceName;
use crate::event_detail::EventDetail;
use crate::event_kind::EventKind;
use crate::i18n::{I18nLocaleTrait, Locale, td_string};
use crate::moment::Dates;

/// A message ready for SMTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Writes `message` for its account; `site` is the public origin links start with, and
/// `secure_link` the token of its "This wasn't me" link (without one, the link opens
/// "Secure my account" for whoever is signed in).
pub fn write(message: &domain::outbox::Message, site: &str, secure_link: Option<&str>) -> Letter {
    let locale = message
        .language
        .as_deref()
        .and_then(crate::language::parse)
        .unwrap_or(Locale::en);
    let event = &message.event;
    let what = EventKind::from(event.kind).label(locale);
    let detail = event
        .detail
        .as_deref()
        .map(|d| EventDetail::read(d).say(locale));
    // The owner may read it anywhere: the time in UTC, saying so.
    let when = Dates { locale, zone: None }.date_time(event.occurred_at);
    let device = event
        .device_name
        .as_deref()
        .map(|d| DeviceName::of(d).say(locale));
    let place = event
        .location
        .as_deref()
        .map(|p| crate::place::name(locale, Some(p)));
    let site = site.trim_end_matches('/');
    let link = format!("{site}/account/security");
    let secure = match secure_link {
        Some(token) => format!("{site}/secure?link={token}"),
        None => format!("{site}/account/secure"),
    };

    let mut facts: Vec<(&str, String)> = vec![(td_string!(locale, mail.when), when)];
    if let Some(device) = device {
        facts.push((td_string!(locale, mail.device), device));
    }
    if let Some(ip) = &event.ip {
        facts.push((td_string!(locale, mail.ip), ip.clone()));
    }
    if let Some(place) = place {
        facts.push((td_string!(locale, mail.place), place));
    }
    let headline = match &detail {
        Some(detail) => format!("{what}: {detail}"),
        None => what.to_owned(),
    };
    let greeting = td_string!(locale, mail.greeting);
    let if_not_you = td_string!(locale, mail.if_not_you);
    let review = td_string!(locale, mail.review);
    let wasnt_me = td_string!(locale, mail.wasnt_me);
    let never = td_string!(locale, mail.never_asks);

    let mut text = format!("{greeting}\n\n{headline}\n\n");
    for (label, value) in &facts {
        text.push_str(&format!("{label}: {value}\n"));
    }
    text.push_str(&format!(
        "\n{if_not_you}\n{wasnt_me}:\n{secure}\n\n{review}:\n{link}\n\n{never}\n"
    ));

    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><body><p>{}</p><p><strong>{}</strong></p><dl>",
        locale.as_str(),
        escape(greeting),
        escape(&headline)
    );
    for (label, value) in &facts {
        html.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(label),
            escape(value)
        ));
    }
    html.push_str(&format!(
        "</dl><p>{}</p><p><a href=\"{}\">{}</a></p><p><a href=\"{}\">{}</a></p><p>{}</p></body></html>",
        escape(if_not_you),
        escape(&secure),
        escape(wasnt_me),
        escape(&link),
        escape(review),
        escape(never)
    ));
    Letter {
        subject: td_string!(locale, mail.subject, what = what),
        text,
        html,
    }
}

/// Text as HTML: names and places come from people and the network, never markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

//! The texts of `locales/*.json` in the reader's language, as the views show them.

/// A text in the reader's language that follows it when it changes:
/// `tr!(i18n, login.title)`, or with values, `tr!(i18n, account.devices_signed_in, count = n)`.
///
/// Every text is a `Signal` (`&'static str`, or `String` with values): one type, whose view
/// code the browser's bundle carries once. `leptos_i18n`'s `t!` makes a closure of its own
/// type at every use, and the view code is compiled again for each: with about a hundred
/// texts that was a quarter more code in the bundle (see BENCHMARKS.md).
macro_rules! tr {
    ($i18n:expr, $($key:ident).+) => {{
        let i18n = $i18n;
        ::leptos::prelude::Signal::derive(move || {
            $crate::i18n::td_string!(i18n.get_locale(), $($key).+)
        })
    }};
    ($i18n:expr, $($key:ident).+, $($name:ident = $value:expr),+ $(,)?) => {{
        let i18n = $i18n;
        ::leptos::prelude::Signal::derive(move || {
            $crate::i18n::td_string!(i18n.get_locale(), $($key).+, $($name = $value),+)
        })
    }};
}

pub(crate) use tr;

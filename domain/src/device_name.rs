//! Human names for devices, from the User-Agent header ("Chrome on Linux").

use entity::device::DeviceKind;

/// The words [`describe`] puts in a name; [`parts`] takes them out again so that a page
/// can say the name in its reader's language.
const ON: &str = " on ";
const BROWSER: &str = "Browser";
const UNKNOWN: &str = "Unknown device";
/// Who acted through `kinoguard` on the command line (an operator for support).
pub const SUPPORT: &str = "Service support (command line)";

pub struct DeviceDescription {
    pub name: String,
    pub kind: DeviceKind,
}

/// Marks of TVs and consoles, which the browser-oriented parser reports as plain
/// browsers or not at all.
const TV_MARKS: &[&str] = &[
    "smart-tv",
    "smarttv",
    "tizen",
    "web0s",
    "webos",
    "bravia",
    "hbbtv",
    "googletv",
    "android tv",
    "aftt",
    "aftm",
    "crkey",
    "roku",
    "appletv",
    "kinoguard-tv",
];
const CONSOLE_MARKS: &[(&str, &str)] = &[
    ("playstation", "PlayStation"),
    ("xbox", "Xbox"),
    ("nintendo", "Nintendo"),
];

pub fn describe(user_agent: &str) -> DeviceDescription {
    let lower = user_agent.to_ascii_lowercase();
    if let Some((_, console)) = CONSOLE_MARKS.iter().find(|(mark, _)| lower.contains(mark)) {
        return DeviceDescription {
            name: (*console).to_string(),
            kind: DeviceKind::Console,
        };
    }
    let parsed = woothee::parser::Parser::new().parse(user_agent);
    if TV_MARKS.iter().any(|mark| lower.contains(mark)) {
        return DeviceDescription {
            name: "Smart TV".to_string(),
            kind: DeviceKind::Tv,
        };
    }
    let Some(result) = parsed else {
        return DeviceDescription {
            name: UNKNOWN.to_string(),
            kind: DeviceKind::Browser,
        };
    };
    let os = match result.os {
        "Mac OSX" => "macOS",
        "iPad" => "iPad",
        "iPhone" => "iPhone",
        "ChromeOS" => "ChromeOS",
        os if os.starts_with("Windows") => "Windows",
        "UNKNOWN" => "",
        os => os,
    };
    let browser = match result.name {
        "UNKNOWN" => "",
        "Internet Explorer" => "Internet Explorer",
        name => name,
    };
    let is_tablet = os == "iPad" || (os == "Android" && !lower.contains("mobile"));
    let kind = if is_tablet {
        DeviceKind::Tablet
    } else if result.category == "smartphone" || result.category == "mobilephone" {
        DeviceKind::Phone
    } else {
        DeviceKind::Browser
    };
    let name = match (browser.is_empty(), os.is_empty()) {
        (false, false) => format!("{browser}{ON}{os}"),
        (false, true) => browser.to_string(),
        (true, false) => format!("{BROWSER}{ON}{os}"),
        (true, true) => UNKNOWN.to_string(),
    };
    DeviceDescription { name, kind }
}

/// A stored device name, taken apart.
#[derive(Debug, PartialEq, Eq)]
pub enum NameParts<'a> {
    /// "Chrome on Windows"; no browser for "Browser on Windows".
    On {
        browser: Option<&'a str>,
        system: &'a str,
    },
    Unknown,
    Support,
    /// A name with no words of ours in it: "Smart TV", "PlayStation", "Firefox".
    Plain(&'a str),
}

pub fn parts(name: &str) -> NameParts<'_> {
    if name == UNKNOWN {
        return NameParts::Unknown;
    }
    if name == SUPPORT {
        return NameParts::Support;
    }
    match name.split_once(ON) {
        Some((browser, system)) => NameParts::On {
            browser: (browser != BROWSER).then_some(browser),
            system,
        },
        None => NameParts::Plain(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ua: &str, name: &str, kind: DeviceKind) {
        let d = describe(ua);
        assert_eq!((d.name.as_str(), d.kind), (name, kind), "{ua}");
    }

    #[test]
    fn common_user_agents() {
        check(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
            "Chrome on Linux",
            DeviceKind::Browser,
        );
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
            DeviceKind::Phone,
        );
        check(
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iPad",
            DeviceKind::Tablet,
        );
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Windows",
            DeviceKind::Browser,
        );
        check(
            "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
            DeviceKind::Phone,
        );
        check(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Safari on macOS",
            DeviceKind::Browser,
        );
    }

    #[test]
    fn tvs_and_consoles() {
        check(
            "Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) 94.0.4606.31/7.0 TV Safari/537.36",
            "Smart TV",
            DeviceKind::Tv,
        );
        check(
            "Mozilla/5.0 (PlayStation; PlayStation 5/6.50) AppleWebKit/605.1.15 (KHTML, like Gecko)",
            "PlayStation",
            DeviceKind::Console,
        );
    }

    #[test]
    fn a_name_comes_apart_into_what_describe_put_in_it() {
        let chrome = describe(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        );
        assert_eq!(
            parts(&chrome.name),
            NameParts::On {
                browser: Some("Chrome"),
                system: "Windows"
            }
        );
        assert_eq!(
            parts("Browser on Linux"),
            NameParts::On {
                browser: None,
                system: "Linux"
            }
        );
        assert_eq!(parts(&describe("").name), NameParts::Unknown);
        assert_eq!(parts("Smart TV"), NameParts::Plain("Smart TV"));
    }

    #[test]
    fn unknown_agents_still_get_a_name() {
        assert_eq!(describe("").name, "Unknown device");
        assert!(!describe("curl/8.5.0").name.is_empty());
    }
}

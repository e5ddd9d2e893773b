//! Moments the pages show. The browser build carries no date library: the server writes
//! each moment out, and the browser's own `Date` says it in the viewer's time zone.

use serde::{Deserialize, Serialize};

/// A moment, as the server writes it out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// RFC 3339 in UTC: for `<time datetime>` and the browser's `Date`.
    pub iso: String,
    /// How it reads in UTC, "Dec 6, 2026, 21:04 UTC": what a page shows until the browser
    /// says it in the viewer's zone, and all it shows without JavaScript.
    pub utc: String,
}

#[cfg(feature = "ssr")]
impl From<chrono::DateTime<chrono::Utc>> for Moment {
    fn from(at: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            iso: at.to_rfc3339(),
            utc: format!("{} UTC", at.format("%b %-d, %Y, %H:%M")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_moment_reads_in_utc_and_for_the_browser() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 6, 21, 4, 5).unwrap();
        let m = Moment::from(at);
        assert_eq!(m.utc, "Dec 6, 2026, 21:04 UTC");
        assert_eq!(m.iso, "2026-12-06T21:04:05+00:00");
    }
}

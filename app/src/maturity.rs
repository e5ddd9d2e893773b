//! Maturity levels, the same five from a title's rating to a profile's limit, as the
//! browser and the server both see them.

use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// Sent as "ALL", "7+", "13+", "16+" or "18+", the spelling the database stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MaturityLevel {
    #[serde(rename = "ALL")]
    All,
    #[serde(rename = "7+")]
    Seven,
    #[serde(rename = "13+")]
    Thirteen,
    #[serde(rename = "16+")]
    Sixteen,
    #[serde(rename = "18+")]
    Eighteen,
}

impl MaturityLevel {
    pub const EVERY: [Self; 5] = [
        Self::All,
        Self::Seven,
        Self::Thirteen,
        Self::Sixteen,
        Self::Eighteen,
    ];

    /// The rating as printed on a title.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "ALL",
            Self::Seven => "7+",
            Self::Thirteen => "13+",
            Self::Sixteen => "16+",
            Self::Eighteen => "18+",
        }
    }

    /// What the level means, where a parent chooses one, in `locale`.
    pub fn description(self, locale: Locale) -> &'static str {
        match self {
            Self::All => td_string!(locale, parental.levels.all),
            Self::Seven => td_string!(locale, parental.levels.seven),
            Self::Thirteen => td_string!(locale, parental.levels.thirteen),
            Self::Sixteen => td_string!(locale, parental.levels.sixteen),
            Self::Eighteen => td_string!(locale, parental.levels.eighteen),
        }
    }
}

impl std::fmt::Display for MaturityLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "ssr")]
mod stored {
    use super::MaturityLevel;
    use domain::entity::profile::MaturityLevel as Stored;

    impl From<Stored> for MaturityLevel {
        fn from(level: Stored) -> Self {
            match level {
                Stored::All => Self::All,
                Stored::Seven => Self::Seven,
                Stored::Thirteen => Self::Thirteen,
                Stored::Sixteen => Self::Sixteen,
                Stored::Eighteen => Self::Eighteen,
            }
        }
    }

    impl From<MaturityLevel> for Stored {
        fn from(level: MaturityLevel) -> Self {
            match level {
                MaturityLevel::All => Self::All,
                MaturityLevel::Seven => Self::Seven,
                MaturityLevel::Thirteen => Self::Thirteen,
                MaturityLevel::Sixteen => Self::Sixteen,
                MaturityLevel::Eighteen => Self::Eighteen,
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use sea_orm::ActiveEnum;

        #[test]
        fn the_wire_spells_each_level_as_the_database_stores_it() {
            for level in MaturityLevel::EVERY {
                let stored = Stored::from(level);
                assert_eq!(MaturityLevel::from(stored), level);
                assert_eq!(level.as_str(), stored.to_value());
                assert_eq!(
                    serde_json::to_string(&level).unwrap(),
                    format!("\"{}\"", stored.to_value())
                );
            }
        }
    }
}

//! What a profile may watch. Every path that lists or plays titles — browse rows, search,
//! suggestions, the player, the device API's start and heartbeat, viewing-activity links —
//! asks [`Rules::access`], so a restriction cannot leak through any of them.

use crate::error::Result;
use entity::profile::{self, MaturityLevel};
use entity::{account, title, title_restriction};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, Iterable, QueryFilter, QuerySelect};
use std::collections::HashSet;

/// The verdict for one title and one profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// Above the profile's maturity level: listed with a lock, playable with the account PIN.
    NeedsPin,
    /// Never listed, never playable: blocked for the profile, or above its level when no
    /// PIN can unlock it (no PIN set, or a kids profile).
    Hidden,
}

/// A profile's restrictions, loaded once per request.
#[derive(Clone, Debug)]
pub struct Rules {
    pub level: MaturityLevel,
    pub kids: bool,
    /// The account has a parental-controls PIN.
    pub pin_set: bool,
    pub blocked: HashSet<i64>,
}

impl Rules {
    pub async fn load(db: &impl ConnectionTrait, profile: &profile::Model) -> Result<Self> {
        let pin_set = account::Entity::find_by_id(profile.account_id)
            .select_only()
            .column(account::Column::ParentalPinHash)
            .into_tuple::<Option<String>>()
            .one(db)
            .await?
            .flatten()
            .is_some();
        let blocked = title_restriction::Entity::find()
            .select_only()
            .column(title_restriction::Column::TitleId)
            .filter(title_restriction::Column::ProfileId.eq(profile.id))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        Ok(Self {
            level: profile.maturity_level,
            kids: profile.is_kids,
            pin_set,
            blocked,
        })
    }

    /// The one decision.
    pub fn access(&self, title: &title::Model) -> Access {
        self.access_to(title.id, title.maturity_rating)
    }

    /// [`Rules::access`] from a title's id and rating alone.
    pub fn access_to(&self, title_id: i64, rating: MaturityLevel) -> Access {
        if self.blocked.contains(&title_id) {
            Access::Hidden
        } else if rating <= self.level {
            Access::Allowed
        } else if self.pin_set && !self.kids {
            Access::NeedsPin
        } else {
            Access::Hidden
        }
    }

    /// The same decision as a SQL filter for lists: exactly the titles [`Rules::access`]
    /// does not hide. Lists still pass each row through `access` to mark locked titles.
    pub fn listable(&self) -> Condition {
        let ratings: Vec<MaturityLevel> = MaturityLevel::iter()
            .filter(|r| *r <= self.level || (self.pin_set && !self.kids))
            .collect();
        let mut c = Condition::all().add(title::Column::MaturityRating.is_in(ratings));
        if !self.blocked.is_empty() {
            c = c.add(title::Column::Id.is_not_in(self.blocked.iter().copied()));
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::title::TitleKind;

    fn title(id: i64, rating: MaturityLevel) -> title::Model {
        title::Model {
            id,
            name: format!("T{id}"),
            search_name: format!("t{id}"),
            kind: TitleKind::Movie,
            year: 2000,
            maturity_rating: rating,
            genre: "Drama".into(),
            synopsis: String::new(),
        }
    }

    /// Every level × every rating × kids or not × PIN or not × blocked or not.
    #[test]
    fn the_whole_table() {
        for level in MaturityLevel::iter() {
            for rating in MaturityLevel::iter() {
                for kids in [false, true] {
                    for pin_set in [false, true] {
                        for blocked in [false, true] {
                            let rules = Rules {
                                level,
                                kids,
                                pin_set,
                                blocked: if blocked {
                                    HashSet::from([7])
                                } else {
                                    HashSet::new()
                                },
                            };
                            let expected = if blocked {
                                Access::Hidden
                            } else if rating <= level {
                                Access::Allowed
                            } else if pin_set && !kids {
                                Access::NeedsPin
                            } else {
                                Access::Hidden
                            };
                            assert_eq!(
                                rules.access(&title(7, rating)),
                                expected,
                                "level {level:?} rating {rating:?} kids {kids} pin {pin_set} blocked {blocked}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn examples_a_parent_would_check() {
        let seven = Rules {
            level: MaturityLevel::Seven,
            kids: false,
            pin_set: true,
            blocked: HashSet::from([2]),
        };
        assert_eq!(seven.access(&title(1, MaturityLevel::All)), Access::Allowed);
        assert_eq!(
            seven.access(&title(1, MaturityLevel::Seven)),
            Access::Allowed
        );
        assert_eq!(
            seven.access(&title(1, MaturityLevel::Thirteen)),
            Access::NeedsPin
        );
        assert_eq!(
            seven.access(&title(2, MaturityLevel::All)),
            Access::Hidden,
            "blocked beats everything"
        );
        let kids = Rules {
            kids: true,
            ..seven
        };
        assert_eq!(
            kids.access(&title(1, MaturityLevel::Thirteen)),
            Access::Hidden
        );
    }
}

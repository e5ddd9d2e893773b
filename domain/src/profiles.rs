//! Profiles: up to five per account, one of them the owner's. The profile in use is part
//! of the server-side session.

use crate::error::{DomainError, Problem, Result};
use crate::events::{self, EventOrigin};
use crate::pin::{self, Pin};
use crate::sessions::CurrentSession;
use crate::sql_text::SqlText;
use crate::text::fold;
use crate::{ClientInfo, Services, auth, devices};
use chrono::{DateTime, Utc};
use entity::profile::{self, MaturityLevel};
use entity::security_event::SecurityEventKind;
use entity::session;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QueryTrait,
};

pub const MAX_PROFILES: u64 = 5;
pub const MAX_NAME_CHARS: usize = 24;
/// The avatar colours a profile can pick.
pub const AVATARS: &[&str] = &[
    "blue", "red", "green", "yellow", "purple", "teal", "orange", "pink",
];

/// A profile name: 1 to 24 characters, trimmed, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileName(String);

impl ProfileName {
    pub fn parse(raw: &str) -> Result<Self> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(DomainError::invalid(Problem::ProfileNameMissing));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(DomainError::invalid(Problem::ProfileNameTooLong {
                max: MAX_NAME_CHARS,
            }));
        }
        if name.chars().any(char::is_control) {
            return Err(DomainError::invalid(Problem::ProfileNameControl));
        }
        Ok(Self(name.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One of [`AVATARS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Avatar(&'static str);

impl Avatar {
    pub fn parse(raw: &str) -> Result<Self> {
        AVATARS
            .iter()
            .find(|a| **a == raw.trim())
            .map(|a| Self(a))
            .ok_or_else(|| DomainError::invalid(Problem::AvatarUnknown))
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// The owner's profile first, then the others in the order they were made.
pub async fn list(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<profile::Model>> {
    // Every signed-in page runs this (the profile menu): its SQL text is built once.
    static TEXT: SqlText = SqlText::new();
    let backend = db.get_database_backend();
    let stmt = TEXT.bind(
        backend,
        || list_query(0).build(backend),
        [account_id.into()],
    );
    Ok(profile::Entity::find().from_raw_sql(stmt).all(db).await?)
}

/// The query behind [`list`]; it binds the account id alone.
fn list_query(account_id: i64) -> sea_orm::Select<profile::Entity> {
    profile::Entity::find()
        .filter(profile::Column::AccountId.eq(account_id))
        .order_by_desc(profile::Column::IsOwner)
        .order_by_asc(profile::Column::Id)
}

/// The account's profile `profile_id`; another account's id is not found.
pub async fn get(
    db: &impl ConnectionTrait,
    account_id: i64,
    profile_id: i64,
) -> Result<profile::Model> {
    profile::Entity::find_by_id(profile_id)
        .filter(profile::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

pub struct NewProfile {
    pub name: ProfileName,
    pub avatar: Avatar,
    /// A kids profile sees titles up to 7+ and never asks for a PIN.
    pub kids: bool,
}

/// What a parent gives to add or delete a profile: the account password (needed only when
/// it was not entered in the last few minutes) or, when the account has one, the
/// parental-controls PIN.
#[derive(Clone, Copy, Debug, Default)]
pub struct Consent<'a> {
    pub password: Option<&'a str>,
    pub pin: Option<&'a Pin>,
}

/// What a page must ask for before it can add or delete a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentAsked {
    /// The password was entered recently enough.
    Nothing,
    Password,
    /// The account has a parental-controls PIN; the password would do too.
    Pin,
    /// A TV session: profiles are added and deleted on the web or the app.
    NotOnThisDevice,
}

pub async fn consent_asked(
    svc: &Services,
    current: &CurrentSession,
    now: DateTime<Utc>,
) -> Result<ConsentAsked> {
    Ok(if current.require_not_tv().is_err() {
        ConsentAsked::NotOnThisDevice
    } else if current.recently_authenticated(&svc.policy, now) {
        ConsentAsked::Nothing
    } else if pin::has_account_pin(svc, current.account_id).await? {
        ConsentAsked::Pin
    } else {
        ConsentAsked::Password
    })
}

/// Adding a profile is how a child would escape its limits (a new profile is an unlocked
/// 18+), and deleting one erases a child's settings: both need a parent's consent, and
/// never from a TV.
async fn require_consent(
    svc: &Services,
    current: &CurrentSession,
    consent: Consent<'_>,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut current = current.clone();
    let password = consent.password.filter(|p| !p.is_empty());
    match consent_asked(svc, &current, now).await? {
        ConsentAsked::NotOnThisDevice => Err(DomainError::Forbidden),
        ConsentAsked::Nothing => Ok(()),
        ConsentAsked::Password | ConsentAsked::Pin if password.is_some() => {
            auth::confirm_recent_auth(svc, &mut current, password, client, now).await
        }
        ConsentAsked::Password => Err(DomainError::ReauthRequired),
        ConsentAsked::Pin => {
            let pin = consent.pin.ok_or(DomainError::PinRequired)?;
            // The guess is logged against the profile in use (the owner's if none is).
            let acting = match self::current(&svc.db, &current).await? {
                Some(p) => p,
                None => list(&svc.db, current.account_id).await?.remove(0),
            };
            pin::verify_account_pin(svc, &current, &acting, pin, client, now).await
        }
    }
}

/// Adds a profile, with a parent's [`Consent`], and logs it.
pub async fn add(
    svc: &Services,
    current: &CurrentSession,
    new: NewProfile,
    consent: Consent<'_>,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<profile::Model> {
    require_consent(svc, current, consent, client, now).await?;
    let origin = devices::origin(svc, current, client).await?;
    let account_id = current.account_id;
    crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            let added = insert_in(txn, account_id, new, now).await?;
            let origin = EventOrigin {
                profile_id: Some(added.id),
                ..origin
            };
            let detail = Some(events::Detail::ProfileAdded {
                profile: added.name.clone(),
            });
            events::record(
                txn,
                account_id,
                SecurityEventKind::ProfileAdded,
                &origin,
                detail,
                now,
            )
            .await?;
            Ok(added)
        })
    })
    .await
}

/// Inserts a profile without asking who wants it: for the demo and for tests. People add
/// profiles through [`add`].
pub async fn insert(
    db: &DatabaseConnection,
    account_id: i64,
    new: NewProfile,
    now: DateTime<Utc>,
) -> Result<profile::Model> {
    crate::db::transaction(db, |txn| Box::pin(insert_in(txn, account_id, new, now))).await
}

async fn insert_in(
    txn: &DatabaseTransaction,
    account_id: i64,
    new: NewProfile,
    now: DateTime<Utc>,
) -> Result<profile::Model> {
    {
        {
            let count = profile::Entity::find()
                .filter(profile::Column::AccountId.eq(account_id))
                .count(txn)
                .await?;
            if count >= MAX_PROFILES {
                return Err(DomainError::invalid(Problem::ProfilesFull {
                    max: MAX_PROFILES,
                }));
            }
            ensure_unique_name(txn, account_id, &new.name, None).await?;
            Ok(profile::ActiveModel {
                account_id: Set(account_id),
                name: Set(new.name.as_str().to_owned()),
                avatar: Set(new.avatar.as_str().to_owned()),
                maturity_level: Set(if new.kids {
                    MaturityLevel::Seven
                } else {
                    MaturityLevel::Eighteen
                }),
                is_kids: Set(new.kids),
                is_owner: Set(false),
                lock_pin_hash: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?)
        }
    }
}

pub async fn update(
    db: &impl ConnectionTrait,
    account_id: i64,
    profile_id: i64,
    name: ProfileName,
    avatar: Avatar,
) -> Result<profile::Model> {
    let existing = get(db, account_id, profile_id).await?;
    ensure_unique_name(db, account_id, &name, Some(profile_id)).await?;
    let mut active = existing.into_active_model();
    active.name = Set(name.as_str().to_owned());
    active.avatar = Set(avatar.as_str().to_owned());
    Ok(active.update(db).await?)
}

/// Deletes a profile and its viewing history, with a parent's [`Consent`] and, when the
/// profile is locked, its `lock_pin`; its streams stay in the account's audit. The owner's
/// profile cannot be deleted.
pub async fn delete(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    consent: Consent<'_>,
    lock_pin: Option<&Pin>,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    let existing = get(&svc.db, current.account_id, profile_id).await?;
    if existing.is_owner {
        return Err(DomainError::invalid(Problem::OwnerProfileKept));
    }
    require_consent(svc, current, consent, client, now).await?;
    unlock_settings(svc, current, &existing, lock_pin, client, now).await?;
    let origin = devices::origin(svc, current, client).await?;
    let account_id = current.account_id;
    crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            profile::Entity::delete_by_id(existing.id).exec(txn).await?;
            let detail = Some(events::Detail::ProfileDeleted {
                profile: existing.name.clone(),
            });
            events::record(
                txn,
                account_id,
                SecurityEventKind::ProfileDeleted,
                &origin,
                detail,
                now,
            )
            .await
        })
    })
    .await
}

/// A locked profile's settings need its PIN, unless this device is using the profile.
pub async fn unlock_settings(
    svc: &Services,
    current: &CurrentSession,
    profile: &profile::Model,
    lock_pin: Option<&Pin>,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    if profile.lock_pin_hash.is_none() || current.profile_id == Some(profile.id) {
        return Ok(());
    }
    let pin = lock_pin.ok_or(DomainError::LockPinRequired)?;
    pin::verify_profile_lock(svc, current, profile, pin, client, now).await
}

/// Makes `profile_id` the session's current profile. A locked profile needs its PIN.
pub async fn select(
    svc: &crate::Services,
    current: &CurrentSession,
    profile_id: i64,
    lock_pin: Option<&Pin>,
    client: &crate::ClientInfo,
    now: DateTime<Utc>,
) -> Result<profile::Model> {
    let db = &svc.db;
    let chosen = get(db, current.account_id, profile_id).await?;
    unlock_settings(svc, current, &chosen, lock_pin, client, now).await?;
    session::Entity::update_many()
        .col_expr(session::Column::ProfileId, Expr::value(chosen.id))
        .filter(session::Column::Id.eq(current.session_id))
        .filter(session::Column::AccountId.eq(current.account_id))
        .exec(db)
        .await?;
    Ok(chosen)
}

/// The profile the session watches as, with its parental-controls rules: what every
/// catalog and playback path of the web and the TV starts from.
pub async fn watching(
    db: &impl ConnectionTrait,
    session: &CurrentSession,
) -> Result<(profile::Model, crate::policy::Rules)> {
    let profile = current(db, session)
        .await?
        .ok_or_else(|| DomainError::invalid(Problem::ProfileNotChosen))?;
    let rules = crate::policy::Rules::load(db, &profile).await?;
    Ok((profile, rules))
}

/// The session's current profile, if one is chosen and still exists.
pub async fn current(
    db: &impl ConnectionTrait,
    current: &CurrentSession,
) -> Result<Option<profile::Model>> {
    match current.profile_id {
        Some(id) => match get(db, current.account_id, id).await {
            Ok(p) => Ok(Some(p)),
            Err(DomainError::NotFound) => Ok(None),
            Err(e) => Err(e),
        },
        None => Ok(None),
    }
}

async fn ensure_unique_name(
    db: &impl ConnectionTrait,
    account_id: i64,
    name: &ProfileName,
    except: Option<i64>,
) -> Result<()> {
    let wanted = fold(name.as_str());
    let clash = list(db, account_id)
        .await?
        .into_iter()
        .any(|p| Some(p.id) != except && fold(&p.name) == wanted);
    if clash {
        return Err(DomainError::invalid(Problem::ProfileNameTaken {
            name: name.as_str().to_owned(),
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::DbBackend;

    #[test]
    fn names() {
        assert_eq!(
            ProfileName::parse("  Kids   room ").unwrap().as_str(),
            "Kids room"
        );
        assert!(ProfileName::parse("").is_err());
        assert!(ProfileName::parse(&"x".repeat(25)).is_err());
        assert!(ProfileName::parse(&"é".repeat(24)).is_ok());
        assert!(ProfileName::parse("a\u{0007}b").is_err());
    }

    #[test]
    fn avatars() {
        assert_eq!(Avatar::parse("teal").unwrap().as_str(), "teal");
        assert!(Avatar::parse("javascript:alert(1)").is_err());
    }

    #[test]
    fn the_kept_list_query_is_the_one_seaorm_builds() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let kept =
                SqlText::new().bind(backend, || list_query(0).build(backend), [42i64.into()]);
            assert_eq!(kept, list_query(42).build(backend), "{backend:?}");
        }
    }
}

//! Creating and finding accounts.

use crate::error::{DomainError, Problem, Result};
use crate::events::{self, EventOrigin};
use crate::identifier::{Email, LoginIdentifier, Phone};
use crate::password::{NewPassword, PasswordHasher};
use chrono::{DateTime, Utc};
use entity::account;
use entity::profile::{self, MaturityLevel};
use entity::security_event::SecurityEventKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};

pub struct NewAccount {
    pub email: Email,
    pub phone: Option<Phone>,
    pub password: NewPassword,
}

/// Creates the account and its owner profile.
pub async fn create(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    new: NewAccount,
    now: DateTime<Utc>,
) -> Result<account::Model> {
    if find(db, &LoginIdentifier::Email(new.email.clone()))
        .await?
        .is_some()
    {
        return Err(DomainError::Conflict(Problem::EmailTaken));
    }
    if let Some(phone) = &new.phone
        && find(db, &LoginIdentifier::Phone(phone.clone()))
            .await?
            .is_some()
    {
        return Err(DomainError::Conflict(Problem::PhoneTaken));
    }
    let password_hash = hasher.hash(new.password.expose()).await?;
    crate::db::transaction(db, |txn| {
        Box::pin(async move {
            let account = account::ActiveModel {
                email: Set(new.email.as_str().to_owned()),
                phone: Set(new.phone.as_ref().map(|p| p.as_str().to_owned())),
                password_hash: Set(password_hash),
                password_changed_at: Set(now),
                parental_pin_hash: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await
            .map_err(|e| match e.sql_err() {
                // Lost a race with another sign-up for the same address or number.
                Some(SqlErr::UniqueConstraintViolation(_)) => {
                    DomainError::Conflict(Problem::IdentifierTaken)
                }
                _ => DomainError::Db(e),
            })?;
            profile::ActiveModel {
                account_id: Set(account.id),
                name: Set(owner_profile_name(&new.email)),
                avatar: Set("blue".into()),
                maturity_level: Set(MaturityLevel::Eighteen),
                is_kids: Set(false),
                is_owner: Set(true),
                lock_pin_hash: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            events::record(
                txn,
                account.id,
                SecurityEventKind::AccountCreated,
                &EventOrigin::default(),
                None,
                now,
            )
            .await?;
            Ok(account)
        })
    })
    .await
}

pub async fn find(
    db: &impl ConnectionTrait,
    id: &LoginIdentifier,
) -> Result<Option<account::Model>> {
    let filter = match id {
        LoginIdentifier::Email(e) => account::Column::Email.eq(e.as_str()),
        LoginIdentifier::Phone(p) => account::Column::Phone.eq(p.as_str()),
    };
    Ok(account::Entity::find().filter(filter).one(db).await?)
}

/// Keeps the language the account's pages are written in, on every device signed in to
/// it. `code` is one the site is written in: the caller checks.
pub async fn set_language(db: &impl ConnectionTrait, account_id: i64, code: &str) -> Result<()> {
    let updated = account::Entity::update_many()
        .col_expr(account::Column::Language, Expr::value(code))
        .filter(account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// Accounts oldest first, `limit` of them after the first `offset`: what
/// `kinoguard accounts list` prints.
pub async fn list(
    db: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<Vec<account::Model>> {
    Ok(account::Entity::find()
        .order_by_asc(account::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, account_id: i64) -> Result<account::Model> {
    account::Entity::find_by_id(account_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

pub async fn owner_profile(db: &impl ConnectionTrait, account_id: i64) -> Result<profile::Model> {
    profile::Entity::find()
        .filter(profile::Column::AccountId.eq(account_id))
        .filter(profile::Column::IsOwner.eq(true))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// "ana.perez@example.com" → "Ana".
fn owner_profile_name(email: &Email) -> String {
    let local = email.as_str().split('@').next().unwrap_or_default();
    let first = local
        .split(|c: char| !c.is_alphanumeric())
        .find(|part| !part.is_empty())
        .unwrap_or("Me");
    let mut chars = first.chars();
    let name: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Me".into(),
    };
    name.chars().take(24).collect()
}

/// Rewrites stored email addresses and phone numbers in the form [`Email`] and [`Phone`]
/// give them today. An earlier parser kept the trunk 0 of `+44 (0)20 …`
/// (`+4402079460958`) and left emails un-normalised (decomposed accents, Unicode domains),
/// so those accounts could not sign in as typed. Runs at every start-up, after the
/// migrations; a value that is already right, or that cannot be read, is left as it is,
/// and so is one another account holds once rewritten (for an operator to settle).
/// Returns how many values changed.
pub async fn normalise_identifiers(db: &DatabaseConnection) -> Result<u64> {
    let stored = account::Entity::find().all(db).await?;
    let mut changed = 0;
    for a in stored {
        let email = Email::parse(&a.email)
            .ok()
            .map(|e| e.as_str().to_owned())
            .filter(|e| *e != a.email);
        if let Some(email) = email {
            let update = account::Entity::update_many()
                .col_expr(
                    account::Column::Email,
                    sea_orm::sea_query::Expr::value(email),
                )
                .filter(account::Column::Id.eq(a.id))
                .filter(account::Column::Email.eq(a.email.as_str()));
            changed += rewrite(db, update, a.id, "email address").await?;
        }
        let phone = a
            .phone
            .as_deref()
            .and_then(|p| Phone::parse_in(p, None).ok())
            .map(|p| p.as_str().to_owned())
            .filter(|p| Some(p.as_str()) != a.phone.as_deref());
        if let (Some(phone), Some(old)) = (phone, a.phone.as_deref()) {
            let update = account::Entity::update_many()
                .col_expr(
                    account::Column::Phone,
                    sea_orm::sea_query::Expr::value(phone),
                )
                .filter(account::Column::Id.eq(a.id))
                .filter(account::Column::Phone.eq(old));
            changed += rewrite(db, update, a.id, "phone number").await?;
        }
    }
    Ok(changed)
}

/// Runs one rewrite of [`normalise_identifiers`]: 1 when it changed the row, 0 when the
/// value belongs to another account once rewritten.
async fn rewrite(
    db: &DatabaseConnection,
    update: sea_orm::UpdateMany<account::Entity>,
    account_id: i64,
    what: &str,
) -> Result<u64> {
    match update.exec(db).await {
        Ok(done) => Ok(done.rows_affected),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            tracing::warn!(
                account = account_id,
                "a stored {what} belongs to another account once normalised; left as it is"
            );
            Ok(0)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_profile_names() {
        let name = |e: &str| owner_profile_name(&Email::parse(e).unwrap());
        assert_eq!(name("ana.perez@example.com"), "Ana");
        assert_eq!(name("_x@example.com"), "X");
        assert_eq!(name("émile@example.com"), "Émile");
    }
}

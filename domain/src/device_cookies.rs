//! Device cookies (OWASP's pattern against lockout): a browser that signed in with the
//! password gets a long-lived random cookie. Presented with the same account's next
//! sign-in, it draws on an allowance of its own, so however many wrong passwords strangers
//! send — from the owner's own address or from thousands — the owner on their usual device
//! still signs in. Only the hash is stored; the cookie alone opens nothing.

use crate::error::Result;
use chrono::{DateTime, TimeDelta, Utc};
use entity::device_cookie;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// How long a browser stays trusted after its last password sign-in.
pub const LIFETIME: TimeDelta = TimeDelta::days(365);

/// A new device cookie for the account: the value to hand to the browser once.
pub async fn issue(
    db: &impl ConnectionTrait,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<String> {
    let token = crate::token::generate();
    device_cookie::ActiveModel {
        account_id: Set(account_id),
        token_hash: Set(token.hash),
        issued_at: Set(now),
        expires_at: Set(now + LIFETIME),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token.token)
}

/// The id of the device cookie `presented`, when it is a live one of `account_id`. Looked
/// up the same way whether or not the account exists, so it tells nothing about that.
pub async fn trusted(
    db: &impl ConnectionTrait,
    presented: Option<&str>,
    account_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let Some(presented) = presented.filter(|c| crate::token::looks_valid(c)) else {
        return Ok(None);
    };
    Ok(device_cookie::Entity::find()
        .filter(device_cookie::Column::TokenHash.eq(crate::token::hash(presented)))
        .filter(device_cookie::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .filter(|c| Some(c.account_id) == account_id)
        .map(|c| c.id))
}

/// Deletes expired device cookies.
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64> {
    Ok(device_cookie::Entity::delete_many()
        .filter(device_cookie::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

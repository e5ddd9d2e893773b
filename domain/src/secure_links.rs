//! "This wasn't me" links: each message to an account's owner carries one, opening "Secure
//! my account". A link proves the mailbox and nothing more: the password is still asked.
//! Only the SHA-256 of its token is kept; it works once, and not after [`LIFETIME`].

use crate::error::Result;
use chrono::{DateTime, TimeDelta, Utc};
use entity::{account, secure_link};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// Mail is often read a day or two late; a link lives three days.
pub const LIFETIME: TimeDelta = TimeDelta::days(3);

/// A usable link and the account it is for.
#[derive(Clone, Debug)]
pub struct Link {
    pub id: i64,
    pub account: account::Model,
    pub event_id: Option<i64>,
}

/// Makes a link for a message about `event_id`; returns the token to put in it.
pub async fn issue(
    db: &impl ConnectionTrait,
    account_id: i64,
    event_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String> {
    let new = crate::token::generate();
    secure_link::ActiveModel {
        account_id: Set(account_id),
        token_hash: Set(new.hash),
        event_id: Set(event_id),
        created_at: Set(now),
        expires_at: Set(now + LIFETIME),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(new.token)
}

/// The link behind `token`, if it was never used and has not expired.
pub async fn usable(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Link>> {
    if !crate::token::looks_valid(token) {
        return Ok(None);
    }
    let found = secure_link::Entity::find()
        .filter(secure_link::Column::TokenHash.eq(crate::token::hash(token)))
        .filter(secure_link::Column::UsedAt.is_null())
        .filter(secure_link::Column::ExpiresAt.gt(now))
        .find_also_related(account::Entity)
        .one(db)
        .await?;
    Ok(found.and_then(|(link, account)| {
        account.map(|account| Link {
            id: link.id,
            account,
            event_id: link.event_id,
        })
    }))
}

/// Uses the link up. Only one caller ever gets `true`: two requests racing with one link
/// cannot both use it, and an expired link cannot be used.
pub async fn use_up(db: &impl ConnectionTrait, link_id: i64, now: DateTime<Utc>) -> Result<bool> {
    let done = secure_link::Entity::update_many()
        .col_expr(secure_link::Column::UsedAt, Expr::value(now))
        .filter(secure_link::Column::Id.eq(link_id))
        .filter(secure_link::Column::UsedAt.is_null())
        .filter(secure_link::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Deletes the links that expired: used or not, they open nothing any more.
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64> {
    Ok(secure_link::Entity::delete_many()
        .filter(secure_link::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

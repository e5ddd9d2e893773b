//! The mail outbox. A message is written in the same transaction as the security event it
//! tells of ([`crate::events::record`]), so there is never an event the owner should hear
//! of without its message, nor a message without its event. A worker claims due messages
//! for a while (a lease, so that several server instances never send one twice at once),
//! sends them and marks them sent; a failed send is tried again later, ever more slowly.

use crate::error::Result;
use chrono::{DateTime, TimeDelta, Utc};
use entity::security_event::SecurityEventKind;
use entity::{account, outbox, security_event};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// Events the account's owner is told of by mail.
pub fn tells_the_owner(kind: SecurityEventKind) -> bool {
    use SecurityEventKind::*;
    matches!(
        kind,
        NewDeviceSignIn
            | PasswordChanged
            | SignOutAll
            | AccountSecured
            | AccountDisabled
            | AccountEnabled
            | PasswordReset
            | PinSet
            | PinRemoved
            | ProfileLockRemoved
            | TvCodeApproved
            | DeviceDeactivated
    )
}

pub(crate) async fn enqueue(
    db: &impl ConnectionTrait,
    account_id: i64,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    outbox::ActiveModel {
        account_id: Set(account_id),
        event_id: Set(event_id),
        message_id: Set(crate::token::generate().token),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A message with what it tells of and whom it is for.
#[derive(Clone, Debug)]
pub struct Message {
    pub message: outbox::Model,
    pub event: security_event::Model,
    pub to: String,
    /// The account's chosen language, if it chose one.
    pub language: Option<String>,
}

/// How long a worker has to send what it claimed before another may try.
pub const LEASE: TimeDelta = TimeDelta::minutes(2);

/// Claims up to `limit` unsent messages that are due, oldest first. Each claim has a token
/// of its own: a worker whose claim ran out (and was taken over) can no longer mark the
/// message.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Message>> {
    let free = Condition::any()
        .add(outbox::Column::ClaimedUntil.is_null())
        .add(outbox::Column::ClaimedUntil.lt(now));
    let due = outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(free.clone())
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::with_capacity(due.len());
    for mut message in due {
        let token = crate::token::generate().token;
        // Only one worker's update finds it still free.
        let won = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + LEASE))
            .col_expr(outbox::Column::ClaimToken, Expr::value(token.clone()))
            .filter(outbox::Column::Id.eq(message.id))
            .filter(outbox::Column::SentAt.is_null())
            .filter(free.clone())
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if won {
            message.claim_token = Some(token);
            claimed.push(message);
        }
    }
    read(db, claimed).await
}

/// Every message (of one account, or all), newest first: what `kinoguard outbox` lists.
pub async fn list(
    db: &impl ConnectionTrait,
    account_id: Option<i64>,
    limit: u64,
) -> Result<Vec<Message>> {
    let mut rows = outbox::Entity::find();
    if let Some(account_id) = account_id {
        rows = rows.filter(outbox::Column::AccountId.eq(account_id));
    }
    let rows = rows
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    read(db, rows).await
}

async fn read(db: &impl ConnectionTrait, rows: Vec<outbox::Model>) -> Result<Vec<Message>> {
    let mut messages = Vec::with_capacity(rows.len());
    for message in rows {
        let (Some(event), Some(account)) = (
            security_event::Entity::find_by_id(message.event_id)
                .one(db)
                .await?,
            account::Entity::find_by_id(message.account_id)
                .one(db)
                .await?,
        ) else {
            continue;
        };
        messages.push(Message {
            message,
            event,
            to: account.email,
            language: account.language,
        });
    }
    Ok(messages)
}

/// The claimed message went out: it is never sent again. Answers whether this claim still
/// held it.
pub async fn sent(
    db: &impl ConnectionTrait,
    claimed: &outbox::Model,
    now: DateTime<Utc>,
) -> Result<bool> {
    let marked = outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::ClaimToken,
            Expr::value(Option::<String>::None),
        )
        .filter(held(claimed))
        .exec(db)
        .await?
        .rows_affected;
    Ok(marked == 1)
}

/// The row is still `claimed`'s: its id and its claim.
fn held(claimed: &outbox::Model) -> Condition {
    Condition::all()
        .add(outbox::Column::Id.eq(claimed.id))
        .add(outbox::Column::ClaimToken.eq(claimed.claim_token.clone()))
}

/// The claimed message's send failed: try again after [`backoff`], saying why for the
/// operator. Answers whether this claim still held it.
pub async fn failed(
    db: &impl ConnectionTrait,
    claimed: &outbox::Model,
    error: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let attempts = claimed.attempts.saturating_add(1);
    let error: String = error.chars().take(500).collect();
    let marked = outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(now + backoff(attempts)),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::LastError, Expr::value(Some(error)))
        .col_expr(
            outbox::Column::ClaimToken,
            Expr::value(Option::<String>::None),
        )
        .filter(held(claimed))
        .exec(db)
        .await?
        .rows_affected;
    Ok(marked == 1)
}

/// 30 seconds after the first failure, doubling to at most an hour: a long outage is
/// waited out without hammering the server, and nothing is ever given up.
pub fn backoff(attempts: i32) -> TimeDelta {
    let doublings = attempts.saturating_sub(1).clamp(0, 7) as u32;
    (TimeDelta::seconds(30) * 2_i32.pow(doublings)).min(TimeDelta::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_slow_down_to_once_an_hour() {
        assert_eq!(backoff(1), TimeDelta::seconds(30));
        assert_eq!(backoff(2), TimeDelta::minutes(1));
        assert_eq!(backoff(5), TimeDelta::minutes(8));
        assert_eq!(backoff(8), TimeDelta::hours(1));
        assert_eq!(backoff(1000), TimeDelta::hours(1));
    }
}

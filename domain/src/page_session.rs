//! The session a page is shown with, read in one statement with what every signed-in page
//! shows of it: its account, the account's profiles (the profile menu) and how many of
//! its sessions are live (the Account page).
//!
//! On SQLite each statement is a round trip to the connection's own thread and back;
//! profiled under load, those hand-offs were a third of the server's time on a
//! signed-in page that made its reads one by one.

use crate::error::Result;
use crate::sessions::{CurrentSession, SessionPolicy};
use crate::sql_text::SqlText;
use crate::token;
use chrono::{DateTime, Utc};
use entity::security_event::{self, SecurityEventKind};
use entity::{account, device, profile, session, sign_in_review};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, SelectA, SelectB, SelectC,
};

/// A live session with what its pages show of it.
#[derive(Clone, Debug)]
pub struct PageSession {
    pub session: CurrentSession,
    pub account: account::Model,
    /// The owner's profile first, then the others in the order they were made, as
    /// [`crate::profiles::list`] gives them.
    pub profiles: Vec<profile::Model>,
    /// Sessions that "sign out of all devices" would end, this one included, as
    /// [`crate::sessions::live_count`] counts them.
    pub live_sessions: u64,
    /// Sign-ins on new devices this device may be asked about (see
    /// [`crate::sign_in_notices`]), counted roughly — TVs and Kids profiles are left to
    /// that module — so that a page only reads them when there are some.
    pub new_sign_ins: u64,
}

/// [`crate::sessions::authenticate`] for a page: the same checks, the same touch of
/// `last_seen`, and with them the account, its profiles and its live-session count.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    token: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<PageSession>> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    let Some(read) = read(db, token, now).await? else {
        return Ok(None);
    };
    let Some(session) =
        crate::sessions::check_and_touch(db, policy, &read.session, &read.account, ip, now).await?
    else {
        return Ok(None);
    };
    Ok(Some(PageSession {
        session,
        account: read.account,
        profiles: read.profiles,
        live_sessions: read.live_sessions,
        new_sign_ins: read.new_sign_ins,
    }))
}

struct Read {
    session: session::Model,
    account: account::Model,
    profiles: Vec<profile::Model>,
    live_sessions: u64,
    new_sign_ins: u64,
}

/// One row per profile of the session's account (one row with no profile when it has
/// none), each carrying the session, the account and the live count.
async fn read(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> Result<Option<Read>> {
    // Every signed-in page runs this: its SQL text is built once (see `sql_text`).
    static TEXT: SqlText = SqlText::new();
    let backend = db.get_database_backend();
    let stmt = TEXT.bind(
        backend,
        || query(String::new(), now).build(backend),
        values(token::hash(token), now),
    );
    let rows = db.query_all_raw(stmt).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let session = session::Model::from_query_result(first, SelectA.as_str())?;
    let Some(account) = account::Model::from_query_result_optional(first, SelectB.as_str())? else {
        return Ok(None);
    };
    let live: Option<i64> = first.try_get("", LIVE)?;
    let news: Option<i64> = first.try_get("", NEWS)?;
    let mut profiles = Vec::with_capacity(rows.len());
    for row in &rows {
        if let Some(p) = profile::Model::from_query_result_optional(row, SelectC.as_str())? {
            profiles.push(p);
        }
    }
    Ok(Some(Read {
        session,
        account,
        profiles,
        live_sessions: u64::try_from(live.unwrap_or(0)).unwrap_or(0),
        new_sign_ins: u64::try_from(news.unwrap_or(0)).unwrap_or(0),
    }))
}

/// The live count's column.
const LIVE: &str = "live_sessions";
/// The new sign-ins' count's column.
const NEWS: &str = "new_sign_ins";

/// The statement behind [`read`], for a token's hash.
fn query(
    hash: String,
    now: DateTime<Utc>,
) -> sea_orm::SelectThree<session::Entity, account::Entity, profile::Entity, sea_orm::TopologyChain>
{
    session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash))
        .find_also_related(account::Entity)
        .and_also_related(profile::Entity)
        .expr_as(live_count(now), LIVE)
        .expr_as(new_sign_ins(now), NEWS)
        .order_by_desc(profile::Column::IsOwner)
        .order_by_asc(profile::Column::Id)
}

/// The values [`query`] binds, in its order: the counts' values come first, in the column
/// list.
fn values(hash: String, now: DateTime<Utc>) -> [sea_orm::Value; 5] {
    [
        now.into(),
        now.into(),
        sea_orm::ActiveEnum::into_value(SecurityEventKind::NewDeviceSignIn).into(),
        (now - crate::sign_in_notices::NEWS_FOR).into(),
        hash.into(),
    ]
}

/// The sign-ins on new devices, within the notice's time, that came after this session's
/// device was first seen and that nobody answered: what [`crate::sign_in_notices::pending`]
/// reads in full when there are any.
fn new_sign_ins(now: DateTime<Utc>) -> Expr {
    let event = Alias::new("news");
    let col = |c: security_event::Column| Expr::col((event.clone(), c));
    let first_seen = Query::select()
        .column((device::Entity, device::Column::FirstSeenAt))
        .from(device::Entity)
        .and_where(
            Expr::col((device::Entity, device::Column::Id))
                .equals((session::Entity, session::Column::DeviceId)),
        )
        .to_owned();
    let answered = Query::select()
        .column((sign_in_review::Entity, sign_in_review::Column::EventId))
        .from(sign_in_review::Entity)
        .and_where(
            Expr::col((sign_in_review::Entity, sign_in_review::Column::AccountId))
                .equals((session::Entity, session::Column::AccountId)),
        )
        .to_owned();
    let count = Query::select()
        .expr(col(security_event::Column::Id).count())
        .from_as(security_event::Entity, event.clone())
        .and_where(
            col(security_event::Column::AccountId)
                .equals((session::Entity, session::Column::AccountId)),
        )
        .and_where(col(security_event::Column::Kind).eq(SecurityEventKind::NewDeviceSignIn))
        .and_where(
            col(security_event::Column::OccurredAt).gt(now - crate::sign_in_notices::NEWS_FOR),
        )
        .and_where(
            col(security_event::Column::OccurredAt)
                .gt(Expr::SubQuery(None, Box::new(first_seen.into()))),
        )
        .and_where(col(security_event::Column::Id).not_in_subquery(answered))
        .to_owned();
    Expr::SubQuery(None, Box::new(count.into()))
}

/// The account's live sessions: unrevoked, unexpired, and of the account's current
/// generation (the joined account's, so a "sign out of all devices" that has not yet
/// marked its rows revoked still counts them out).
fn live_count(now: DateTime<Utc>) -> Expr {
    let live = Alias::new("live");
    let col = |c: session::Column| Expr::col((live.clone(), c));
    let count = Query::select()
        .expr(col(session::Column::Id).count())
        .from_as(session::Entity, live.clone())
        .and_where(
            col(session::Column::AccountId).equals((session::Entity, session::Column::AccountId)),
        )
        .and_where(col(session::Column::RevokedAt).is_null())
        .and_where(
            col(session::Column::Generation)
                .equals((account::Entity, account::Column::SessionGeneration)),
        )
        .and_where(col(session::Column::IdleExpiresAt).gt(now))
        .and_where(col(session::Column::AbsoluteExpiresAt).gt(now))
        .to_owned();
    Expr::SubQuery(None, Box::new(count.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::DbBackend;

    // The kept text must bind the values SeaORM binds, in its order.
    #[test]
    fn the_kept_page_query_is_the_one_seaorm_builds() {
        let now = Utc::now();
        let then = now - chrono::TimeDelta::minutes(3);
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let kept = SqlText::new().bind(
                backend,
                || query(String::new(), then).build(backend),
                values("hash".into(), now),
            );
            assert_eq!(
                kept,
                query("hash".into(), now).build(backend),
                "{backend:?}"
            );
        }
    }
}

use sea_orm::entity::prelude::*;

/// A message to an account's owner about one security event, waiting to be sent or sent.
/// What it says is written when it is sent, from the event, in the account's language.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// One message per event.
    #[sea_orm(unique)]
    pub event_id: i64,
    /// Random, for the `Message-ID` header: the same on every attempt (a repeat can be
    /// told), never the same for two messages of any installation.
    #[sea_orm(unique)]
    pub message_id: String,
    pub created_at: DateTimeUtc,
    /// Failed attempts so far.
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A worker is sending it until then; after, another may.
    pub claimed_until: Option<DateTimeUtc>,
    /// Which claim holds it: only that worker may mark it sent or failed.
    pub claim_token: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    /// Why the last attempt failed, for the operator.
    pub last_error: Option<String>,
    #[sea_orm(belongs_to, from = "account_id", to = "id")]
    pub account: HasOne<super::account::Entity>,
    #[sea_orm(belongs_to, from = "event_id", to = "id")]
    pub event: HasOne<super::security_event::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

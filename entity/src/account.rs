use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Case-folded.
    #[sea_orm(unique)]
    pub email: String,
    /// E.164, e.g. `+14155550123`.
    #[sea_orm(unique)]
    pub phone: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub password_changed_at: DateTimeUtc,
    /// Argon2id PHC string of the parental-controls PIN, when one is set.
    pub parental_pin_hash: Option<String>,
    pub created_at: DateTimeUtc,
    /// Goes up at every "sign out of all devices": a session opened in an earlier
    /// generation is over.
    pub session_generation: i64,
    /// Why the last generation ended, for the pages of the sessions it ended.
    pub sessions_ended_by: Option<super::session::RevokeReason>,
    /// The language its pages are written in (`es`), once its owner has chosen one.
    pub language: Option<String>,
    /// When the service's operator disabled it (`kinoguard disable`); nobody signs in
    /// to a disabled account.
    pub disabled_at: Option<DateTimeUtc>,
    #[sea_orm(has_many)]
    pub profiles: HasMany<super::profile::Entity>,
    #[sea_orm(has_many)]
    pub devices: HasMany<super::device::Entity>,
    #[sea_orm(has_many)]
    pub sessions: HasMany<super::session::Entity>,
    #[sea_orm(has_many)]
    pub security_events: HasMany<super::security_event::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

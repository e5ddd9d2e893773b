use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub device_id: i64,
    /// Hex SHA-256 of the bearer token; the token itself is never stored.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub client: ClientKind,
    /// The profile currently chosen on this session, if any.
    pub profile_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub idle_expires_at: DateTimeUtc,
    pub absolute_expires_at: DateTimeUtc,
    /// The last time the account password was entered on this session.
    pub reauthenticated_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_reason: Option<RevokeReason>,
    /// The account's session generation when this session opened; once the account's is
    /// higher, the session is over even before `revoked_at` is written.
    pub generation: i64,
    #[sea_orm(belongs_to, from = "account_id", to = "id")]
    pub account: HasOne<super::account::Entity>,
    #[sea_orm(belongs_to, from = "device_id", to = "id")]
    pub device: HasOne<super::device::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

/// Which surface the session was opened from; a TV may end only its own session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum ClientKind {
    #[sea_orm(string_value = "web")]
    Web,
    #[sea_orm(string_value = "tv")]
    Tv,
    #[sea_orm(string_value = "app")]
    App,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum RevokeReason {
    #[sea_orm(string_value = "sign_out")]
    SignOut,
    #[sea_orm(string_value = "sign_out_all")]
    SignOutAll,
    #[sea_orm(string_value = "device_signed_out")]
    DeviceSignedOut,
    #[sea_orm(string_value = "device_deactivated")]
    DeviceDeactivated,
    #[sea_orm(string_value = "password_changed")]
    PasswordChanged,
    /// By the service's operator, from the command line (what support does for an owner
    /// who calls).
    #[sea_orm(string_value = "operator")]
    Operator,
    /// The owner chose "Secure my account" on another device.
    #[sea_orm(string_value = "account_secured")]
    AccountSecured,
}

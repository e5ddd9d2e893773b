use sea_orm::entity::prelude::*;

/// Append-only audit log. Rows are never updated except to erase location fields when
/// their device is deactivated.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "security_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub kind: SecurityEventKind,
    pub occurred_at: DateTimeUtc,
    pub device_id: Option<i64>,
    /// Copied, so the event still reads well after the device is gone.
    pub device_name: Option<String>,
    pub ip: Option<String>,
    pub location: Option<String>,
    pub detail: Option<String>,
    /// The profile a PIN or parental-controls event concerns.
    pub profile_id: Option<i64>,
    #[sea_orm(belongs_to, from = "account_id", to = "id")]
    pub account: HasOne<super::account::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum SecurityEventKind {
    #[sea_orm(string_value = "account_created")]
    AccountCreated,
    #[sea_orm(string_value = "sign_in")]
    SignIn,
    /// A sign-in from a device the account had not used before: its owner is told.
    #[sea_orm(string_value = "new_device_sign_in")]
    NewDeviceSignIn,
    #[sea_orm(string_value = "sign_in_failed")]
    SignInFailed,
    #[sea_orm(string_value = "sign_out")]
    SignOut,
    #[sea_orm(string_value = "sign_out_all")]
    SignOutAll,
    /// "Secure my account": every other device signed out and every approved TV code
    /// voided in one step.
    #[sea_orm(string_value = "account_secured")]
    AccountSecured,
    /// The service's operator disabled the account, ending its sessions.
    #[sea_orm(string_value = "account_disabled")]
    AccountDisabled,
    /// The service's operator enabled it again.
    #[sea_orm(string_value = "account_enabled")]
    AccountEnabled,
    /// The service's operator replaced the password, ending every session.
    #[sea_orm(string_value = "password_reset")]
    PasswordReset,
    #[sea_orm(string_value = "device_signed_out")]
    DeviceSignedOut,
    #[sea_orm(string_value = "device_deactivated")]
    DeviceDeactivated,
    #[sea_orm(string_value = "password_changed")]
    PasswordChanged,
    #[sea_orm(string_value = "pin_set")]
    PinSet,
    #[sea_orm(string_value = "pin_removed")]
    PinRemoved,
    #[sea_orm(string_value = "pin_failed")]
    PinFailed,
    #[sea_orm(string_value = "parental_changed")]
    ParentalChanged,
    #[sea_orm(string_value = "profile_lock_set")]
    ProfileLockSet,
    #[sea_orm(string_value = "profile_lock_removed")]
    ProfileLockRemoved,
    #[sea_orm(string_value = "tv_code_approved")]
    TvCodeApproved,
    #[sea_orm(string_value = "profile_added")]
    ProfileAdded,
    #[sea_orm(string_value = "profile_deleted")]
    ProfileDeleted,
}

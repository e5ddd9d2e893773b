use sea_orm::entity::prelude::*;

/// One stream: the streaming-activity audit and the viewing history in one row.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "playback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// `None` once the profile is deleted: the stream stays in the audit.
    pub profile_id: Option<i64>,
    pub device_id: i64,
    pub title_id: i64,
    pub started_at: DateTimeUtc,
    pub last_heartbeat_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    pub position_secs: i32,
    /// Erased, with the location, when the device is deactivated.
    pub ip: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    /// Hidden from the profile's viewing history; still in the streaming audit.
    pub hidden_from_history: bool,
    /// Started above the profile's maturity level with the account PIN.
    pub pin_unlocked: bool,
    #[sea_orm(belongs_to, from = "account_id", to = "id")]
    pub account: HasOne<super::account::Entity>,
    #[sea_orm(belongs_to, from = "profile_id", to = "id")]
    pub profile: HasOne<super::profile::Entity>,
    #[sea_orm(belongs_to, from = "device_id", to = "id")]
    pub device: HasOne<super::device::Entity>,
    #[sea_orm(belongs_to, from = "title_id", to = "id")]
    pub title: HasOne<super::title::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "device")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// "Chrome on Linux", "Living-room TV".
    pub name: String,
    pub kind: DeviceKind,
    pub user_agent: String,
    pub first_seen_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub last_ip: Option<String>,
    pub last_location: Option<String>,
    pub state: DeviceState,
    #[sea_orm(belongs_to, from = "account_id", to = "id")]
    pub account: HasOne<super::account::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum DeviceKind {
    #[sea_orm(string_value = "browser")]
    Browser,
    #[sea_orm(string_value = "phone")]
    Phone,
    #[sea_orm(string_value = "tablet")]
    Tablet,
    #[sea_orm(string_value = "tv")]
    Tv,
    #[sea_orm(string_value = "console")]
    Console,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum DeviceState {
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "signed_out")]
    SignedOut,
    #[sea_orm(string_value = "deactivated")]
    Deactivated,
}

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profile")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub avatar: String,
    pub maturity_level: MaturityLevel,
    pub is_kids: bool,
    pub is_owner: bool,
    /// Argon2id PHC string of the profile-lock PIN, when the profile is locked.
    pub lock_pin_hash: Option<String>,
    pub created_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "account_id", to = "id")]
    pub account: HasOne<super::account::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

/// Ordered from most to least restrictive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum MaturityLevel {
    #[sea_orm(string_value = "ALL")]
    All,
    #[sea_orm(string_value = "7+")]
    Seven,
    #[sea_orm(string_value = "13+")]
    Thirteen,
    #[sea_orm(string_value = "16+")]
    Sixteen,
    #[sea_orm(string_value = "18+")]
    Eighteen,
}

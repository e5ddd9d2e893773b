use sea_orm::entity::prelude::*;

/// The owner's answer to the notice of a sign-in on a new device: it was them, or they
/// secured the account. A sign-in without one is still shown on their other devices.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_review")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: i64,
    pub account_id: i64,
    pub answer: Answer,
    pub reviewed_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "account_id", to = "id")]
    pub account: HasOne<super::account::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Answer {
    /// "Yes, it was me".
    #[sea_orm(string_value = "mine")]
    Mine,
    /// Answered by securing the account.
    #[sea_orm(string_value = "secured")]
    Secured,
}

use sea_orm::entity::prelude::*;

/// A browser that signed in to the account with its password. Its cookie buys a sign-in
/// allowance of its own, which strangers' wrong passwords cannot spend. Only the hash is
/// stored.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "device_cookie")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub issued_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}

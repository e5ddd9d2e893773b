use sea_orm::entity::prelude::*;

/// A live event relayed through an SQLite file to the other processes using it.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The process that wrote it, which has already delivered it to its own pages.
    pub origin: String,
    /// The event as JSON.
    pub payload: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}

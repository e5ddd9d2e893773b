use sea_orm::entity::prelude::*;

/// One guess at a secret (a password, a PIN, a TV code), reserved before it is checked.
/// A wrong guess stays until its window passes; a right one is deleted at once.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attempt")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What the guess counts against, e.g. `pin:account:12`.
    pub scope: String,
    pub attempted_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}

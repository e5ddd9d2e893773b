//! An account the service's operator disabled (`kinoguard disable`): nobody signs in to
//! it until it is enabled again.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(timestamp_with_time_zone_null(Account::DisabledAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .drop_column(Account::DisabledAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    DisabledAt,
}

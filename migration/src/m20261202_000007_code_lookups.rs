//! Which session looked a TV code up: the confirmation page reads it back without the
//! code in its address, so opening `/activate?code=…` is never a guess.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(DeviceCode::Table)
                .add_column(big_integer_null(DeviceCode::LookedUpBySessionId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_device_code_looked_up_by")
                .table(DeviceCode::Table)
                .col(DeviceCode::LookedUpBySessionId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_device_code_looked_up_by")
                .table(DeviceCode::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(DeviceCode::Table)
                .drop_column(DeviceCode::LookedUpBySessionId)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum DeviceCode {
    Table,
    LookedUpBySessionId,
}

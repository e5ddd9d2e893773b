//! Guesses at secrets, reserved before they are checked: the throttles' shared ledger.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Attempt::Table)
                .col(big_pk_auto(Attempt::Id))
                .col(string_len(Attempt::Scope, 200))
                .col(timestamp_with_time_zone(Attempt::AttemptedAt))
                .to_owned(),
        )
        .await?;
        // Every reservation counts one scope's rows in a window.
        m.create_index(
            Index::create()
                .name("idx_attempt_scope_at")
                .table(Attempt::Table)
                .col(Attempt::Scope)
                .col(Attempt::AttemptedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Attempt::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Attempt {
    Table,
    Id,
    Scope,
    AttemptedAt,
}

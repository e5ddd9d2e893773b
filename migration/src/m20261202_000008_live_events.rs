//! Live events written to the database so that other processes on the same SQLite file
//! (a second server, the command line) learn of a sign-out. PostgreSQL carries them with
//! `NOTIFY` instead and leaves this table empty.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LiveEvent::Table)
                .if_not_exists()
                .col(big_pk_auto(LiveEvent::Id))
                .col(string_len(LiveEvent::Origin, 64))
                .col(text(LiveEvent::Payload))
                .col(timestamp_with_time_zone(LiveEvent::CreatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LiveEvent::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LiveEvent {
    Table,
    Id,
    Origin,
    Payload,
    CreatedAt,
}

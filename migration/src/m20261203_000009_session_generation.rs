//! "Sign out of all devices" as one write: the account's session generation goes up, and
//! a session whose generation is older is over from that moment, however many there are.
//! Their rows are marked revoked afterwards (see `domain::sessions::settle`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(big_integer(Account::SessionGeneration).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(string_len_null(Account::SessionsEndedBy, 24))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Session::Table)
                .add_column(big_integer(Session::Generation).default(0))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Session::Table)
                .drop_column(Session::Generation)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .drop_column(Account::SessionsEndedBy)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .drop_column(Account::SessionGeneration)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    SessionGeneration,
    SessionsEndedBy,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Generation,
}

//! Device cookies: a browser that signed in before keeps a sign-in allowance of its own
//! (OWASP's device-cookie pattern), and the attempt ledger can be swept by age.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DeviceCookie::Table)
                .col(big_pk_auto(DeviceCookie::Id))
                .col(big_integer(DeviceCookie::AccountId))
                .col(string_len_uniq(DeviceCookie::TokenHash, 64))
                .col(timestamp_with_time_zone(DeviceCookie::IssuedAt))
                .col(timestamp_with_time_zone(DeviceCookie::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DeviceCookie::Table, DeviceCookie::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_device_cookie_account")
                .table(DeviceCookie::Table)
                .col(DeviceCookie::AccountId)
                .to_owned(),
        )
        .await?;
        // The sweep deletes guesses whose window has passed.
        m.create_index(
            Index::create()
                .name("idx_attempt_at")
                .table(Attempt::Table)
                .col(Attempt::AttemptedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_attempt_at")
                .table(Attempt::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(DeviceCookie::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DeviceCookie {
    Table,
    Id,
    AccountId,
    TokenHash,
    IssuedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Attempt {
    Table,
    AttemptedAt,
}

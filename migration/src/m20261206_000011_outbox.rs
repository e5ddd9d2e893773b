//! The mail outbox: a message to the account's owner is a row written in the same
//! transaction as the security event it tells of, and a worker sends it (with retries), so
//! an SMTP outage loses nothing.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(big_pk_auto(Outbox::Id))
                .col(big_integer(Outbox::AccountId))
                .col(big_integer_uniq(Outbox::EventId))
                .col(string_len_uniq(Outbox::MessageId, 64))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(integer(Outbox::Attempts).default(0))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                .col(string_len_null(Outbox::ClaimToken, 64))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .col(string_len_null(Outbox::LastError, 500))
                .foreign_key(
                    ForeignKey::create()
                        .from(Outbox::Table, Outbox::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Outbox::Table, Outbox::EventId)
                        .to(SecurityEvent::Table, SecurityEvent::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The worker's question: what is unsent and due.
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::SentAt)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        // Deleting an account deletes its messages.
        m.create_index(
            Index::create()
                .name("idx_outbox_account")
                .table(Outbox::Table)
                .col(Outbox::AccountId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    AccountId,
    EventId,
    MessageId,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    ClaimToken,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SecurityEvent {
    Table,
    Id,
}

//! "This wasn't me": the links mailed to an account's owner that open "Secure my account"
//! (single-use and expiring; only a hash of each is kept), and the owner's answers to the
//! notice of a sign-in on a new device.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SecureLink::Table)
                .col(big_pk_auto(SecureLink::Id))
                .col(big_integer(SecureLink::AccountId))
                .col(string_len_uniq(SecureLink::TokenHash, 64))
                .col(big_integer_null(SecureLink::EventId))
                .col(timestamp_with_time_zone(SecureLink::CreatedAt))
                .col(timestamp_with_time_zone(SecureLink::ExpiresAt))
                .col(timestamp_with_time_zone_null(SecureLink::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SecureLink::Table, SecureLink::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SecureLink::Table, SecureLink::EventId)
                        .to(SecurityEvent::Table, SecurityEvent::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_secure_link_account")
                .table(SecureLink::Table)
                .col(SecureLink::AccountId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SignInReview::Table)
                .col(big_integer(SignInReview::EventId).primary_key())
                .col(big_integer(SignInReview::AccountId))
                .col(string_len(SignInReview::Answer, 16))
                .col(timestamp_with_time_zone(SignInReview::ReviewedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SignInReview::Table, SignInReview::EventId)
                        .to(SecurityEvent::Table, SecurityEvent::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SignInReview::Table, SignInReview::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sign_in_review_account")
                .table(SignInReview::Table)
                .col(SignInReview::AccountId)
                .to_owned(),
        )
        .await?;
        // Every signed-in page asks for the account's recent sign-ins on new devices, and
        // the security activity filters by kind: by account, kind and time, not by
        // reading all of an account's events (which wrong passwords inflate).
        m.create_index(
            Index::create()
                .name("idx_security_event_account_kind")
                .table(SecurityEvent::Table)
                .col(SecurityEvent::AccountId)
                .col(SecurityEvent::Kind)
                .col(SecurityEvent::OccurredAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_security_event_account_kind")
                .table(SecurityEvent::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(SignInReview::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SecureLink::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SecureLink {
    Table,
    Id,
    AccountId,
    TokenHash,
    EventId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum SignInReview {
    Table,
    EventId,
    AccountId,
    Answer,
    ReviewedAt,
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
    AccountId,
    Kind,
    OccurredAt,
}

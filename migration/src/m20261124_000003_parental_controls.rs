//! Parental controls: the account PIN, blocked titles per profile, and what PIN checks need
//! to remember (which profile a failed PIN was for, which streams a PIN unlocked).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(string_null(Account::ParentalPinHash))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(SecurityEvent::Table)
                .add_column(big_integer_null(SecurityEvent::ProfileId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Playback::Table)
                .add_column(boolean(Playback::PinUnlocked).default(false))
                .to_owned(),
        )
        .await?;
        // Wrong PINs are counted per profile over the last 15 minutes.
        m.create_index(
            Index::create()
                .name("idx_security_event_profile_kind_time")
                .table(SecurityEvent::Table)
                .col(SecurityEvent::ProfileId)
                .col(SecurityEvent::Kind)
                .col(SecurityEvent::OccurredAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TitleRestriction::Table)
                .col(big_integer(TitleRestriction::ProfileId))
                .col(big_integer(TitleRestriction::TitleId))
                .col(timestamp_with_time_zone(TitleRestriction::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(TitleRestriction::ProfileId)
                        .col(TitleRestriction::TitleId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TitleRestriction::Table, TitleRestriction::ProfileId)
                        .to(Profile::Table, Profile::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TitleRestriction::Table, TitleRestriction::TitleId)
                        .to(Title::Table, Title::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TitleRestriction::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_security_event_profile_kind_time")
                .table(SecurityEvent::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Playback::Table)
                .drop_column(Playback::PinUnlocked)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(SecurityEvent::Table)
                .drop_column(SecurityEvent::ProfileId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .drop_column(Account::ParentalPinHash)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    ParentalPinHash,
}

#[derive(DeriveIden)]
enum SecurityEvent {
    Table,
    ProfileId,
    Kind,
    OccurredAt,
}

#[derive(DeriveIden)]
enum Playback {
    Table,
    PinUnlocked,
}

#[derive(DeriveIden)]
enum TitleRestriction {
    Table,
    ProfileId,
    TitleId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Profile {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Title {
    Table,
    Id,
}

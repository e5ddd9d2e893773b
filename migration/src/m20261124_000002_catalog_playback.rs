//! The catalog, and playback rows: streaming activity and viewing history in one table.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Title::Table)
                .col(big_pk_auto(Title::Id))
                .col(string_uniq(Title::Name))
                .col(string(Title::SearchName))
                .col(string_len(Title::Kind, 8))
                .col(integer(Title::Year))
                .col(string_len(Title::MaturityRating, 8))
                .col(string(Title::Genre))
                .col(text(Title::Synopsis))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_title_genre_name")
                .table(Title::Table)
                .col(Title::Genre)
                .col(Title::Name)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Playback::Table)
                .col(big_pk_auto(Playback::Id))
                .col(big_integer(Playback::AccountId))
                .col(big_integer_null(Playback::ProfileId))
                .col(big_integer(Playback::DeviceId))
                .col(big_integer(Playback::TitleId))
                .col(timestamp_with_time_zone(Playback::StartedAt))
                .col(timestamp_with_time_zone(Playback::LastHeartbeatAt))
                .col(timestamp_with_time_zone_null(Playback::EndedAt))
                .col(integer(Playback::PositionSecs).default(0))
                .col(string_null(Playback::Ip))
                .col(string_null(Playback::Country))
                .col(string_null(Playback::Region))
                .col(string_null(Playback::City))
                .col(boolean(Playback::HiddenFromHistory).default(false))
                .foreign_key(
                    ForeignKey::create()
                        .from(Playback::Table, Playback::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Playback::Table, Playback::ProfileId)
                        .to(Profile::Table, Profile::Id)
                        // The streaming audit outlives a deleted profile.
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Playback::Table, Playback::DeviceId)
                        .to(Device::Table, Device::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Playback::Table, Playback::TitleId)
                        .to(Title::Table, Title::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Streaming activity: an account's streams, newest first, paged by (started_at, id).
        m.create_index(
            Index::create()
                .name("idx_playback_account_started")
                .table(Playback::Table)
                .col(Playback::AccountId)
                .col(Playback::StartedAt)
                .col(Playback::Id)
                .to_owned(),
        )
        .await?;
        // The same, filtered by device.
        m.create_index(
            Index::create()
                .name("idx_playback_device_started")
                .table(Playback::Table)
                .col(Playback::DeviceId)
                .col(Playback::StartedAt)
                .col(Playback::Id)
                .to_owned(),
        )
        .await?;
        // Viewing activity: one profile's history.
        m.create_index(
            Index::create()
                .name("idx_playback_profile_started")
                .table(Playback::Table)
                .col(Playback::ProfileId)
                .col(Playback::StartedAt)
                .col(Playback::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Playback::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Title::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Title {
    Table,
    Id,
    Name,
    SearchName,
    Kind,
    Year,
    MaturityRating,
    Genre,
    Synopsis,
}

#[derive(DeriveIden)]
enum Playback {
    Table,
    Id,
    AccountId,
    ProfileId,
    DeviceId,
    TitleId,
    StartedAt,
    LastHeartbeatAt,
    EndedAt,
    PositionSecs,
    Ip,
    Country,
    Region,
    City,
    HiddenFromHistory,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Profile {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Device {
    Table,
    Id,
}

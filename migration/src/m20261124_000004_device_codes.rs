//! TV sign-in codes: a short user code shown on the TV and typed on a phone, and the
//! secret device code the TV polls with.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DeviceCode::Table)
                .col(big_pk_auto(DeviceCode::Id))
                .col(string_len(DeviceCode::UserCode, 8))
                .col(string_uniq(DeviceCode::SecretHash))
                .col(string_len(DeviceCode::Client, 8))
                .col(string(DeviceCode::DeviceName))
                .col(text(DeviceCode::UserAgent))
                .col(string_null(DeviceCode::Ip))
                .col(string_null(DeviceCode::Location))
                .col(timestamp_with_time_zone(DeviceCode::CreatedAt))
                .col(timestamp_with_time_zone(DeviceCode::ExpiresAt))
                .col(big_integer_null(DeviceCode::ApprovedAccountId))
                .col(timestamp_with_time_zone_null(DeviceCode::ApprovedAt))
                .col(timestamp_with_time_zone_null(DeviceCode::ConsumedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DeviceCode::Table, DeviceCode::ApprovedAccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Typed codes are looked up among the live ones.
        m.create_index(
            Index::create()
                .name("idx_device_code_user_code")
                .table(DeviceCode::Table)
                .col(DeviceCode::UserCode)
                .col(DeviceCode::ExpiresAt)
                .to_owned(),
        )
        .await?;
        // Live codes are counted per address when a new one is asked for.
        m.create_index(
            Index::create()
                .name("idx_device_code_ip")
                .table(DeviceCode::Table)
                .col(DeviceCode::Ip)
                .col(DeviceCode::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DeviceCode::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DeviceCode {
    Table,
    Id,
    UserCode,
    #[sea_orm(iden = "device_code_hash")]
    SecretHash,
    Client,
    DeviceName,
    UserAgent,
    Ip,
    Location,
    CreatedAt,
    ExpiresAt,
    ApprovedAccountId,
    ApprovedAt,
    ConsumedAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

//! Accounts, profiles, devices, sessions and the security-event log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(big_pk_auto(Account::Id))
                .col(string_uniq(Account::Email))
                .col(string_null(Account::Phone).unique_key())
                .col(string(Account::PasswordHash))
                .col(timestamp_with_time_zone(Account::PasswordChangedAt))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Profile::Table)
                .col(big_pk_auto(Profile::Id))
                .col(big_integer(Profile::AccountId))
                .col(string(Profile::Name))
                .col(string(Profile::Avatar))
                .col(string_len(Profile::MaturityLevel, 8))
                .col(boolean(Profile::IsKids))
                .col(boolean(Profile::IsOwner))
                .col(string_null(Profile::LockPinHash))
                .col(timestamp_with_time_zone(Profile::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Profile::Table, Profile::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_profile_account")
                .table(Profile::Table)
                .col(Profile::AccountId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Device::Table)
                .col(big_pk_auto(Device::Id))
                .col(big_integer(Device::AccountId))
                .col(string(Device::Name))
                .col(string_len(Device::Kind, 16))
                .col(text(Device::UserAgent))
                .col(timestamp_with_time_zone(Device::FirstSeenAt))
                .col(timestamp_with_time_zone(Device::LastSeenAt))
                .col(string_null(Device::LastIp))
                .col(string_null(Device::LastLocation))
                .col(string_len(Device::State, 16))
                .foreign_key(
                    ForeignKey::create()
                        .from(Device::Table, Device::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_device_account_last_seen")
                .table(Device::Table)
                .col(Device::AccountId)
                .col(Device::LastSeenAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Session::Table)
                .col(big_pk_auto(Session::Id))
                .col(big_integer(Session::AccountId))
                .col(big_integer(Session::DeviceId))
                .col(string_uniq(Session::TokenHash))
                .col(string_len(Session::Client, 8))
                .col(big_integer_null(Session::ProfileId))
                .col(timestamp_with_time_zone(Session::CreatedAt))
                .col(timestamp_with_time_zone(Session::LastSeenAt))
                .col(timestamp_with_time_zone(Session::IdleExpiresAt))
                .col(timestamp_with_time_zone(Session::AbsoluteExpiresAt))
                .col(timestamp_with_time_zone(Session::ReauthenticatedAt))
                .col(timestamp_with_time_zone_null(Session::RevokedAt))
                .col(string_len_null(Session::RevokedReason, 24))
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::DeviceId)
                        .to(Device::Table, Device::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::ProfileId)
                        .to(Profile::Table, Profile::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // Revocation sweeps select an account's live sessions.
        m.create_index(
            Index::create()
                .name("idx_session_account_revoked")
                .table(Session::Table)
                .col(Session::AccountId)
                .col(Session::RevokedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_session_device")
                .table(Session::Table)
                .col(Session::DeviceId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SecurityEvent::Table)
                .col(big_pk_auto(SecurityEvent::Id))
                .col(big_integer(SecurityEvent::AccountId))
                .col(string_len(SecurityEvent::Kind, 32))
                .col(timestamp_with_time_zone(SecurityEvent::OccurredAt))
                .col(big_integer_null(SecurityEvent::DeviceId))
                .col(string_null(SecurityEvent::DeviceName))
                .col(string_null(SecurityEvent::Ip))
                .col(string_null(SecurityEvent::Location))
                .col(text_null(SecurityEvent::Detail))
                .foreign_key(
                    ForeignKey::create()
                        .from(SecurityEvent::Table, SecurityEvent::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_security_event_account_time")
                .table(SecurityEvent::Table)
                .col(SecurityEvent::AccountId)
                .col(SecurityEvent::OccurredAt)
                .col(SecurityEvent::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SecurityEvent::Table.into_iden(),
            Session::Table.into_iden(),
            Device::Table.into_iden(),
            Profile::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Email,
    Phone,
    PasswordHash,
    PasswordChangedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Profile {
    Table,
    Id,
    AccountId,
    Name,
    Avatar,
    MaturityLevel,
    IsKids,
    IsOwner,
    LockPinHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Device {
    Table,
    Id,
    AccountId,
    Name,
    Kind,
    UserAgent,
    FirstSeenAt,
    LastSeenAt,
    LastIp,
    LastLocation,
    State,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    AccountId,
    DeviceId,
    TokenHash,
    Client,
    ProfileId,
    CreatedAt,
    LastSeenAt,
    IdleExpiresAt,
    AbsoluteExpiresAt,
    ReauthenticatedAt,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum SecurityEvent {
    Table,
    Id,
    AccountId,
    Kind,
    OccurredAt,
    DeviceId,
    DeviceName,
    Ip,
    Location,
    Detail,
}

use sea_orm::entity::prelude::*;

/// A title blocked for one profile.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "title_restriction")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub profile_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub title_id: i64,
    pub created_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "profile_id", to = "id")]
    pub profile: HasOne<super::profile::Entity>,
    #[sea_orm(belongs_to, from = "title_id", to = "id")]
    pub title: HasOne<super::title::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

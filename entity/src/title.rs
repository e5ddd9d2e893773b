use super::profile::MaturityLevel;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "title")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// The name lower-cased and without accents, for search.
    pub search_name: String,
    pub kind: TitleKind,
    pub year: i32,
    pub maturity_rating: MaturityLevel,
    pub genre: String,
    pub synopsis: String,
}

impl ActiveModelBehavior for ActiveModel {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum TitleKind {
    #[sea_orm(string_value = "movie")]
    Movie,
    #[sea_orm(string_value = "series")]
    Series,
}

//! The catalog: seeded from `data/catalog.tsv`, listed in rows by genre, searched by name
//! regardless of case and accents — always through [`crate::policy`].

use crate::error::{DomainError, Result};
use crate::policy::{Access, Rules};
use crate::text::{contains_pattern, fold};
use entity::profile::MaturityLevel;
use entity::title::{self, TitleKind};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveEnum, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

const CATALOG: &str = include_str!("../data/catalog.tsv");
/// Longest search query worth running.
const MAX_QUERY_CHARS: usize = 100;

/// Genres in the order the browse page shows them.
pub const GENRES: &[&str] = &[
    "Drama",
    "Comedy",
    "Thriller",
    "Sci-Fi",
    "Romance",
    "Horror",
    "Documentary",
    "Animation",
    "Kids & Family",
];

/// Inserts the bundled catalog when the title table is empty. Returns how many titles
/// were added.
pub async fn ensure_seeded(db: &impl ConnectionTrait) -> Result<u64> {
    if title::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let rows = parse_catalog(CATALOG)?;
    let count = rows.len() as u64;
    // SQLite limits bound parameters per statement; insert in chunks.
    for chunk in rows.chunks(100) {
        title::Entity::insert_many(chunk.iter().cloned())
            .exec(db)
            .await?;
    }
    Ok(count)
}

fn parse_catalog(text: &str) -> Result<Vec<title::ActiveModel>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let bad = || DomainError::Internal(format!("catalog.tsv line {}: malformed", i + 3));
            let cols: Vec<&str> = line.split('\t').collect();
            let [name, kind, year, rating, genre, synopsis] = cols[..] else {
                return Err(bad());
            };
            Ok(title::ActiveModel {
                name: Set(name.to_owned()),
                search_name: Set(fold(name)),
                kind: Set(match kind {
                    "movie" => TitleKind::Movie,
                    "series" => TitleKind::Series,
                    _ => return Err(bad()),
                }),
                year: Set(year.parse().map_err(|_| bad())?),
                maturity_rating: Set(
                    MaturityLevel::try_from_value(&rating.to_owned()).map_err(|_| bad())?
                ),
                genre: Set(genre.to_owned()),
                synopsis: Set(synopsis.to_owned()),
                ..Default::default()
            })
        })
        .collect()
}

/// A row of the browse page: titles with their verdict (allowed, or locked by the PIN).
pub struct Row {
    pub genre: &'static str,
    pub titles: Vec<(title::Model, Access)>,
}

/// Keeps what the rules let the profile see, with each title's verdict.
fn judged(rules: &Rules, titles: Vec<title::Model>) -> Vec<(title::Model, Access)> {
    titles
        .into_iter()
        .map(|t| {
            let access = rules.access(&t);
            (t, access)
        })
        .filter(|(_, a)| *a != Access::Hidden)
        .collect()
}

/// Up to `per_row` titles of each genre the profile may see.
pub async fn rows(db: &impl ConnectionTrait, rules: &Rules, per_row: u64) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for genre in GENRES {
        let titles = title::Entity::find()
            .filter(title::Column::Genre.eq(*genre))
            .filter(rules.listable())
            .order_by_desc(title::Column::Year)
            .order_by_asc(title::Column::Name)
            .limit(per_row)
            .all(db)
            .await?;
        let titles = judged(rules, titles);
        if !titles.is_empty() {
            rows.push(Row { genre, titles });
        }
    }
    Ok(rows)
}

/// Titles whose name contains `query`, ignoring case and accents, that the profile may see.
pub async fn search(
    db: &impl ConnectionTrait,
    rules: &Rules,
    query: &str,
    limit: u64,
) -> Result<Vec<(title::Model, Access)>> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    if fold(&query).is_empty() {
        return Ok(Vec::new());
    }
    let pattern = contains_pattern(&query);
    let titles = title::Entity::find()
        .filter(
            Expr::col(title::Column::SearchName)
                .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
        )
        .filter(rules.listable())
        .order_by_asc(title::Column::Name)
        .limit(limit)
        .all(db)
        .await?;
    Ok(judged(rules, titles))
}

pub async fn get(db: &impl ConnectionTrait, title_id: i64) -> Result<title::Model> {
    title::Entity::find_by_id(title_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The title and the profile's verdict on it; a hidden title is refused, not revealed.
pub async fn get_for(
    db: &impl ConnectionTrait,
    rules: &Rules,
    title_id: i64,
) -> Result<(title::Model, Access)> {
    let title = get(db, title_id).await?;
    match rules.access(&title) {
        Access::Hidden => Err(DomainError::Forbidden),
        access => Ok((title, access)),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_catalog_parses_and_is_large_enough() {
        let rows = parse_catalog(CATALOG).unwrap();
        assert!(rows.len() >= 300, "{}", rows.len());
        let genres: std::collections::HashSet<_> =
            rows.iter().map(|r| r.genre.clone().unwrap()).collect();
        for genre in &genres {
            assert!(
                GENRES.contains(&genre.as_str()),
                "{genre} is not a browse row"
            );
        }
    }
}

//! Browsing and searching the catalog as the current profile.

use crate::error::AppError;
use crate::maturity::MaturityLevel;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleCard {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub series: bool,
    pub rating: MaturityLevel,
    pub genre: String,
    /// Above the profile's maturity level: plays with the parental-controls PIN.
    pub locked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleDetails {
    pub card: TitleCard,
    pub synopsis: String,
    /// Simulated running time.
    pub runtime_secs: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowseRow {
    pub genre: String,
    pub titles: Vec<TitleCard>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Browse {
    pub profile_name: String,
    pub continue_watching: Vec<TitleCard>,
    pub rows: Vec<BrowseRow>,
}

#[cfg(feature = "ssr")]
pub(crate) fn card(
    (t, access): (domain::entity::title::Model, domain::policy::Access),
) -> TitleCard {
    TitleCard {
        locked: access == domain::policy::Access::NeedsPin,
        id: t.id,
        name: t.name,
        year: t.year,
        series: t.kind == domain::entity::title::TitleKind::Series,
        rating: t.maturity_rating.into(),
        genre: t.genre,
    }
}

/// The session's current profile and its parental-controls rules, or `Invalid` asking to
/// choose a profile.
#[cfg(feature = "ssr")]
pub(crate) async fn current_profile(
    ctx: &crate::server::ServerContext,
    session: &domain::sessions::CurrentSession,
) -> Result<(domain::entity::profile::Model, domain::policy::Rules), AppError> {
    domain::profiles::watching(&ctx.services.db, session)
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "browse")]
pub async fn load_browse() -> Result<Browse, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let (profile, rules) = current_profile(&ctx, &session).await?;
    let db = &ctx.services.db;
    let rows = domain::catalog::rows(db, &rules, 24).await?;
    let recent = domain::playback::recently_watched(db, &profile, &rules, 12).await?;
    Ok(Browse {
        profile_name: profile.name,
        continue_watching: recent.into_iter().map(card).collect(),
        rows: rows
            .into_iter()
            .map(|r| BrowseRow {
                genre: r.genre.to_owned(),
                titles: r.titles.into_iter().map(card).collect(),
            })
            .collect(),
    })
}

#[server(endpoint = "search")]
pub async fn search_titles(query: String) -> Result<Vec<TitleCard>, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let (_, rules) = current_profile(&ctx, &session).await?;
    Ok(
        domain::catalog::search(&ctx.services.db, &rules, &query, 60)
            .await?
            .into_iter()
            .map(card)
            .collect(),
    )
}

#[server(endpoint = "title")]
pub async fn load_title(title_id: i64) -> Result<TitleDetails, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let (profile, rules) = current_profile(&ctx, &session).await?;
    let (title, access) = domain::catalog::get_for(&ctx.services.db, &rules, title_id)
        .await
        .map_err(|e| match e {
            domain::DomainError::Forbidden => {
                AppError::Forbidden(format!("{} cannot watch this title.", profile.name))
            }
            other => AppError::from(other),
        })?;
    let runtime_secs = if title.kind == domain::entity::title::TitleKind::Series {
        45 * 60
    } else {
        100 * 60
    };
    Ok(TitleDetails {
        synopsis: title.synopsis.clone(),
        runtime_secs,
        card: card((title, access)),
    })
}

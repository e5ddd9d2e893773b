//! Reads that several parts of one page make — the header's viewer and the page's own
//! data both want the account and its profiles — made once per request; and the TV's
//! sign-in code, which a render may ask for more than once but must start only once.
//!
//! The server provides a fresh [`PageReads`] to every request's render (and server
//! function call); without one, each read goes to the database as before. Only reads
//! that show the page use it: a server function that changes a profile reads afresh.

use domain::entity::{account, profile};
use domain::{DomainError, Services};
use std::sync::Arc;
use tokio::sync::OnceCell;

#[derive(Clone, Default)]
pub struct PageReads {
    account: Arc<OnceCell<account::Model>>,
    profiles: Arc<OnceCell<Vec<profile::Model>>>,
    tv_sign_in_code: Arc<OnceCell<Option<crate::api::tv::TvCode>>>,
}

impl PageReads {
    /// The account `account_id`, read once per request.
    pub async fn account(svc: &Services, account_id: i64) -> Result<account::Model, DomainError> {
        let read = || read_account(svc, account_id);
        match leptos::prelude::use_context::<Self>() {
            // Two resources of one page ask at once: the second waits for the first.
            Some(reads) => {
                let a = reads.account.get_or_try_init(read).await?;
                // One request is one session, so one account; anything else reads afresh.
                if a.id == account_id {
                    Ok(a.clone())
                } else {
                    read().await
                }
            }
            None => read().await,
        }
    }

    /// The profiles of `account_id`, owner first, read once per request.
    pub async fn profiles(
        svc: &Services,
        account_id: i64,
    ) -> Result<Vec<profile::Model>, DomainError> {
        let read = || read_profiles(svc, account_id);
        match leptos::prelude::use_context::<Self>() {
            Some(reads) => {
                let list = reads.profiles.get_or_try_init(read).await?;
                if list.iter().all(|p| p.account_id == account_id) {
                    Ok(list.clone())
                } else {
                    read().await
                }
            }
            None => read().await,
        }
    }

    /// How many sessions of `account_id` are live: counted with the session for a page,
    /// else now.
    pub async fn live_sessions(
        svc: &Services,
        account_id: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<u64, DomainError> {
        let auth = crate::server::request_auth();
        match (auth.live_sessions, auth.account) {
            (Some(n), Some(a)) if a.id == account_id => Ok(n),
            _ => domain::sessions::live_count(&svc.db, account_id, now).await,
        }
    }

    /// The TV's sign-in code for this request, found or started by `find_or_start` once.
    pub async fn tv_sign_in_code<F>(
        find_or_start: impl FnOnce() -> F,
    ) -> Result<Option<crate::api::tv::TvCode>, crate::error::AppError>
    where
        F: Future<Output = Result<Option<crate::api::tv::TvCode>, crate::error::AppError>>,
    {
        match leptos::prelude::use_context::<Self>() {
            Some(reads) => reads
                .tv_sign_in_code
                .get_or_try_init(find_or_start)
                .await
                .cloned(),
            None => find_or_start().await,
        }
    }
}

/// The account as the session middleware read it with the session, else from the database.
async fn read_account(svc: &Services, account_id: i64) -> Result<account::Model, DomainError> {
    match crate::server::request_auth().account {
        Some(a) if a.id == account_id => Ok((*a).clone()),
        _ => domain::accounts::get(&svc.db, account_id).await,
    }
}

/// The profiles as the session middleware read them with a page's session, else from the
/// database.
async fn read_profiles(
    svc: &Services,
    account_id: i64,
) -> Result<Vec<profile::Model>, DomainError> {
    let auth = crate::server::request_auth();
    match (auth.profiles, auth.account) {
        (Some(list), Some(a)) if a.id == account_id => Ok((*list).clone()),
        _ => domain::profiles::list(&svc.db, account_id).await,
    }
}

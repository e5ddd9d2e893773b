use super::session::ClientKind;
use sea_orm::entity::prelude::*;

/// A pending TV sign-in: the TV shows `user_code`, polls with the secret device code
/// (stored only as its SHA-256), and is signed in once a signed-in user approves it.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "device_code")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_code: String,
    #[sea_orm(unique)]
    pub device_code_hash: String,
    pub client: ClientKind,
    /// What the approving user is shown: "Smart TV".
    pub device_name: String,
    pub user_agent: String,
    pub ip: Option<String>,
    pub location: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub approved_account_id: Option<i64>,
    pub approved_at: Option<DateTimeUtc>,
    /// Set when the TV exchanged the approved code for a session: codes are single-use.
    pub consumed_at: Option<DateTimeUtc>,
    /// The session that last looked this code up, to confirm it on its next page.
    pub looked_up_by_session_id: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}

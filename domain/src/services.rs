use crate::geo::GeoIp;
use crate::live::LiveHub;
use crate::password::PasswordHasher;
use crate::sessions::SessionPolicy;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What the services need, built once at start-up and shared by every request.
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub hasher: PasswordHasher,
    pub policy: SessionPolicy,
    pub geo: Arc<GeoIp>,
    pub live: LiveHub,
}

impl Services {
    pub fn new(db: DatabaseConnection, policy: SessionPolicy, geo: GeoIp, live: LiveHub) -> Self {
        Self {
            db,
            hasher: PasswordHasher::new(),
            policy,
            geo: Arc::new(geo),
            live,
        }
    }
}

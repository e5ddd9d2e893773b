use crate::geo::GeoIp;
use crate::password::PasswordHasher;
use crate::sessions::SessionPolicy;
use crate::throttle::SignInThrottle;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What the services need, built once at start-up and shared by every request.
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub hasher: PasswordHasher,
    pub throttle: Arc<SignInThrottle>,
    /// Guesses of TV sign-in codes, per account and per IP.
    pub activation_throttle: Arc<SignInThrottle>,
    pub policy: SessionPolicy,
    pub geo: Arc<GeoIp>,
}

impl Services {
    pub fn new(db: DatabaseConnection, policy: SessionPolicy, geo: GeoIp) -> Self {
        Self {
            db,
            hasher: PasswordHasher::new(),
            throttle: Arc::new(SignInThrottle::new()),
            activation_throttle: Arc::new(SignInThrottle::new()),
            policy,
            geo: Arc::new(geo),
        }
    }
}

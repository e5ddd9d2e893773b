//! Helpers shared by the service tests.
#![allow(dead_code)]

use chrono::Utc;
use domain::accounts::{self, NewAccount};
use domain::entity::session::ClientKind;
use domain::identifier::{Email, LoginIdentifier, Phone};
use domain::password::{NewPassword, Password};
use domain::sessions::{self, CurrentSession};
use domain::{ClientInfo, DomainError, Services, auth};

pub const PASSWORD: &str = "correct horse battery";
pub const CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
pub const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
/// Registered in London in DB-IP's database.
pub const LONDON_IP: &str = "81.2.69.142";

pub async fn account(svc: &Services, email: &str, phone: Option<&str>) -> i64 {
    accounts::create(
        &svc.db,
        &svc.hasher,
        NewAccount {
            email: Email::parse(email).unwrap(),
            phone: phone.map(|p| Phone::parse(p).unwrap()),
            password: NewPassword::parse(PASSWORD).unwrap(),
        },
        Utc::now(),
    )
    .await
    .unwrap()
    .id
}

pub fn client(ua: &str, ip: &str) -> ClientInfo {
    ClientInfo {
        ip: Some(ip.parse().unwrap()),
        user_agent: ua.into(),
    }
}

pub async fn sign_in(
    svc: &Services,
    who: &str,
    password: &str,
    ua: &str,
) -> Result<auth::SignedIn, DomainError> {
    auth::sign_in(
        svc,
        &LoginIdentifier::parse(who).unwrap(),
        &Password::parse(password).unwrap(),
        ClientKind::Web,
        &client(ua, LONDON_IP),
        None,
        Utc::now(),
    )
    .await
}

pub async fn current(svc: &Services, token: &str) -> Option<CurrentSession> {
    sessions::authenticate(&svc.db, &svc.policy, token, None, Utc::now())
        .await
        .unwrap()
}

/// A new account, signed in on a laptop: its session.
pub async fn signed_in(svc: &Services, email: &str) -> CurrentSession {
    account(svc, email, None).await;
    let signed = sign_in(svc, email, PASSWORD, CHROME_LINUX).await.unwrap();
    current(svc, &signed.token).await.unwrap()
}

/// The account's owner profile.
pub async fn owner(svc: &Services, account_id: i64) -> domain::entity::profile::Model {
    domain::profiles::list(&svc.db, account_id)
        .await
        .unwrap()
        .remove(0)
}

/// A new kids profile on the account.
pub async fn kid(svc: &Services, account_id: i64) -> domain::entity::profile::Model {
    domain::profiles::insert(
        &svc.db,
        account_id,
        domain::profiles::NewProfile {
            name: domain::profiles::ProfileName::parse("Kid").unwrap(),
            avatar: domain::profiles::Avatar::parse("yellow").unwrap(),
            kids: true,
        },
        Utc::now(),
    )
    .await
    .unwrap()
}

/// An 18+ title, as an adult profile finds it.
pub async fn adult_title(
    svc: &Services,
    adult: &domain::entity::profile::Model,
) -> domain::entity::title::Model {
    domain::catalog::search(&svc.db, &rules_for(svc, adult).await, "the", 500)
        .await
        .unwrap()
        .into_iter()
        .map(|(t, _)| t)
        .find(|t| t.maturity_rating == domain::entity::profile::MaturityLevel::Eighteen)
        .expect("an 18+ title")
}

/// The profile's parental-controls rules, as every catalog path loads them.
pub async fn rules_for(
    svc: &Services,
    profile: &domain::entity::profile::Model,
) -> domain::policy::Rules {
    domain::policy::Rules::load(&svc.db, profile).await.unwrap()
}

/// The first title `profile` finds for `query`.
pub async fn title(
    svc: &Services,
    profile: &domain::entity::profile::Model,
    query: &str,
) -> domain::entity::title::Model {
    domain::catalog::search(&svc.db, &rules_for(svc, profile).await, query, 1)
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("a title for {query:?}"))
        .0
}

/// `session` starts watching `title_id` as `profile_id`, from `from`, now, with no PIN.
pub async fn start_stream(
    svc: &Services,
    session: &CurrentSession,
    profile_id: i64,
    title_id: i64,
    from: &ClientInfo,
) -> domain::entity::playback::Model {
    domain::playback::start(svc, session, profile_id, title_id, None, from, Utc::now())
        .await
        .unwrap()
}

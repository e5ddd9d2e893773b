//! The demo account `make run` signs in with: four profiles and a month of streams on
//! five devices in three countries, so every activity view has something true to show.

use crate::accounts::{self, NewAccount};
use crate::error::Result;
use crate::geo::GeoIp;
use crate::identifier::{Email, LoginIdentifier, Phone};
use crate::password::{NewPassword, PasswordHasher};
use crate::profiles::{self, Avatar, NewProfile, ProfileName};
use crate::sessions::{self, SessionPolicy};
use crate::{catalog, events, policy};
use chrono::{DateTime, Duration, DurationRound, TimeDelta, Utc};
use entity::device::{self, DeviceKind, DeviceState};
use entity::playback;
use entity::profile::{self, MaturityLevel};
use entity::security_event::SecurityEventKind;
use entity::session::ClientKind;
use entity::title;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, IntoActiveModel,
};

pub const DEMO_EMAIL: &str = "demo@kinoguard.test";
pub const DEMO_PHONE: &str = "+14155550100";
pub const DEMO_PASSWORD: &str = "watch-together-2026";

pub struct DemoCredentials {
    pub email: &'static str,
    pub phone: &'static str,
    pub password: &'static str,
}

pub const CREDENTIALS: DemoCredentials = DemoCredentials {
    email: DEMO_EMAIL,
    phone: DEMO_PHONE,
    password: DEMO_PASSWORD,
};

/// Public addresses that DB-IP places in London, Paris and Berlin.
const LONDON: &str = "81.2.69.142";
const PARIS: &str = "62.210.0.1";
const BERLIN: &str = "85.214.132.117";

struct DemoDevice {
    name: &'static str,
    kind: DeviceKind,
    client: ClientKind,
    user_agent: &'static str,
}

const DEVICES: [DemoDevice; 5] = [
    DemoDevice {
        name: "Chrome on macOS",
        kind: DeviceKind::Browser,
        client: ClientKind::Web,
        user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    },
    DemoDevice {
        name: "Safari on iPhone",
        kind: DeviceKind::Phone,
        client: ClientKind::App,
        user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    },
    DemoDevice {
        name: "Safari on iPad",
        kind: DeviceKind::Tablet,
        client: ClientKind::App,
        user_agent: "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    },
    DemoDevice {
        name: "Living-room TV",
        kind: DeviceKind::Tv,
        client: ClientKind::Tv,
        user_agent: "Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) 94.0.4606.31/7.0 TV Safari/537.36",
    },
    DemoDevice {
        name: "PlayStation",
        kind: DeviceKind::Console,
        client: ClientKind::App,
        user_agent: "Mozilla/5.0 (PlayStation; PlayStation 5/6.50) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    },
];

/// Creates the demo account when the database has no accounts. Returns whether it did.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    geo: &GeoIp,
) -> Result<bool> {
    use sea_orm::PaginatorTrait;
    if entity::account::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    seed(db, hasher, geo, Utc::now()).await?;
    Ok(true)
}

/// Whether the demo account exists.
pub async fn exists(db: &DatabaseConnection) -> Result<bool> {
    Ok(
        accounts::find(db, &LoginIdentifier::Email(Email::parse(DEMO_EMAIL)?))
            .await?
            .is_some(),
    )
}

/// Creates the demo account and its month of activity up to `now`.
pub async fn seed(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    geo: &GeoIp,
    now: DateTime<Utc>,
) -> Result<entity::account::Model> {
    let start = now - TimeDelta::days(30);
    let account = accounts::create(
        db,
        hasher,
        NewAccount {
            email: Email::parse(DEMO_EMAIL)?,
            phone: Some(Phone::parse(DEMO_PHONE)?),
            password: NewPassword::parse(DEMO_PASSWORD)?,
        },
        start - TimeDelta::days(400),
    )
    .await?;

    let mut owner = profiles::list(db, account.id)
        .await?
        .remove(0)
        .into_active_model();
    owner.name = Set("Alex".into());
    let owner = owner.update(db).await?;
    let mut people = vec![owner];
    for (name, avatar, kids) in [
        ("Sam", "red", false),
        ("Kids", "yellow", true),
        ("Grandma Rosa", "green", false),
    ] {
        people.push(
            profiles::insert(
                db,
                account.id,
                NewProfile {
                    name: ProfileName::parse(name)?,
                    avatar: Avatar::parse(avatar)?,
                    kids,
                },
                start - TimeDelta::days(200),
            )
            .await?,
        );
    }
    // Sam is sixteen.
    let mut sam = people[1].clone().into_active_model();
    sam.maturity_level = Set(MaturityLevel::Sixteen);
    people[1] = sam.update(db).await?;

    catalog::ensure_seeded(db).await?;
    let titles = title::Entity::find().all(db).await?;
    let mut devices = Vec::new();
    let policy = SessionPolicy::default();
    for (i, d) in DEVICES.iter().enumerate() {
        let home = if d.kind == DeviceKind::Tablet {
            BERLIN
        } else {
            LONDON
        };
        let first_seen = start - TimeDelta::days(90 - i as i64 * 10);
        let device = device::ActiveModel {
            account_id: Set(account.id),
            name: Set(d.name.into()),
            kind: Set(d.kind),
            user_agent: Set(d.user_agent.into()),
            first_seen_at: Set(first_seen),
            last_seen_at: Set(first_seen),
            last_ip: Set(Some(home.into())),
            last_location: Set(Some(geo.locate(home.parse().ok()).describe())),
            state: Set(DeviceState::Active),
            ..Default::default()
        }
        .insert(db)
        .await?;
        // The demo's other devices stay signed in; their tokens are never shown.
        sessions::open(
            db,
            &policy,
            account.id,
            device.id,
            d.client,
            sessions::SignInMethod::Password,
            now - TimeDelta::hours(i as i64 + 1),
        )
        .await?;
        events::record(
            db,
            account.id,
            SecurityEventKind::SignIn,
            &events::EventOrigin {
                device_id: Some(device.id),
                device_name: Some(device.name.clone()),
                ip: device.last_ip.clone(),
                location: device.last_location.clone(),
                profile_id: None,
            },
            None,
            first_seen,
        )
        .await?;
        devices.push(device);
    }

    // Who watches on what, and where: (profile, device, usual address).
    let habits: [(usize, usize, &str); 7] = [
        (0, 0, LONDON),
        (0, 1, LONDON),
        (0, 3, LONDON),
        (1, 1, LONDON),
        (1, 4, LONDON),
        (2, 3, LONDON),
        (3, 2, BERLIN),
    ];
    let mut rng = StdRng::seed_from_u64(2026);
    let mut rows = Vec::new();
    let midnight = start.duration_trunc(TimeDelta::days(1)).unwrap_or(start);
    for day in 0..30 {
        for &(person, device, usual) in &habits {
            if !rng.random_bool(0.55) {
                continue;
            }
            let profile: &profile::Model = &people[person];
            let rules = policy::Rules::load(db, profile).await?;
            let allowed: Vec<&title::Model> = titles
                .iter()
                .filter(|t| rules.access(t) == policy::Access::Allowed)
                .collect();
            let title = allowed[rng.random_range(0..allowed.len())];
            // Alex's phone spent days 12 to 15 in Paris.
            let ip = if device == 1 && person == 0 && (12..16).contains(&day) {
                PARIS
            } else {
                usual
            };
            let started = midnight
                + Duration::days(day)
                + Duration::hours(rng.random_range(7..23))
                + Duration::minutes(rng.random_range(0..60));
            if started >= now {
                continue;
            }
            let length = Duration::minutes(rng.random_range(12..110));
            let ended = (started + length).min(now);
            let (country, region, city) = geo.locate(ip.parse().ok()).columns();
            rows.push(playback::ActiveModel {
                account_id: Set(account.id),
                profile_id: Set(Some(profile.id)),
                device_id: Set(devices[device].id),
                title_id: Set(title.id),
                started_at: Set(started),
                last_heartbeat_at: Set(ended),
                ended_at: Set(Some(ended)),
                position_secs: Set((ended - started).num_seconds() as i32),
                ip: Set(Some(ip.into())),
                country: Set(country),
                region: Set(region),
                city: Set(city),
                hidden_from_history: Set(false),
                pin_unlocked: Set(false),
                ..Default::default()
            });
        }
    }
    rows.sort_by_key(|r| *r.started_at.as_ref());
    for device in &devices {
        if let Some(last) = rows
            .iter()
            .rev()
            .find(|r| *r.device_id.as_ref() == device.id)
        {
            let mut d = device.clone().into_active_model();
            d.last_seen_at = Set(*last.last_heartbeat_at.as_ref());
            d.last_ip = Set(last.ip.as_ref().clone());
            d.last_location = Set(Some(
                geo.locate(last.ip.as_ref().as_deref().and_then(|i| i.parse().ok()))
                    .describe(),
            ));
            d.update(db).await?;
        }
    }
    for chunk in rows.chunks(100) {
        playback::Entity::insert_many(chunk.iter().cloned())
            .exec(db)
            .await?;
    }
    Ok(account)
}

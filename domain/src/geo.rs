//! Approximate location of an IP address from a MaxMind-format database (DB-IP's free
//! city database by default). Loopback and private addresses are the "Local network";
//! without a database every address is an "Unknown location", never an error.

use maxminddb::{Mmap, Reader};
use serde::Deserialize;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// Where an address is, as precisely as the database knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Local,
    Unknown,
    Found {
        country: String,
        region: Option<String>,
        city: Option<String>,
    },
}

impl Place {
    /// "Porto, Portugal"; "Local network"; "Unknown location".
    pub fn describe(&self) -> String {
        match self {
            Self::Local => "Local network".into(),
            Self::Unknown => "Unknown location".into(),
            Self::Found {
                country,
                region,
                city,
            } => match (city, region) {
                (Some(city), _) => format!("{city}, {country}"),
                (None, Some(region)) => format!("{region}, {country}"),
                (None, None) => country.clone(),
            },
        }
    }

    /// The country, region and city columns of a playback row.
    pub fn columns(&self) -> (Option<String>, Option<String>, Option<String>) {
        match self {
            Self::Found {
                country,
                region,
                city,
            } => (Some(country.clone()), region.clone(), city.clone()),
            _ => (None, None, None),
        }
    }
}

/// The fields of ip-location-db's MMDB files (`country_code, state1, state2, city, …`).
#[derive(Deserialize)]
struct Record<'a> {
    country_code: Option<&'a str>,
    state1: Option<&'a str>,
    city: Option<&'a str>,
}

pub struct GeoIp {
    readers: Vec<Reader<Mmap>>,
}

impl GeoIp {
    /// No database: every public address is an unknown location.
    pub fn disabled() -> Self {
        Self {
            readers: Vec::new(),
        }
    }

    /// Opens `path`: one `.mmdb` file, or a folder whose `.mmdb` files are all used (DB-IP
    /// ships IPv4 and IPv6 separately). A missing or unreadable database logs one warning
    /// and gives a `GeoIp` that answers "Unknown location".
    pub fn open(path: &Path) -> Self {
        match Self::try_open(path) {
            Ok(geo) if !geo.readers.is_empty() => geo,
            Ok(_) => {
                tracing::warn!(path = %path.display(), "no geo-IP database found: locations will read \"Unknown location\"");
                Self::disabled()
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "geo-IP database unreadable: locations will read \"Unknown location\"");
                Self::disabled()
            }
        }
    }

    fn try_open(path: &Path) -> Result<Self, maxminddb::MaxMindDbError> {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "mmdb"))
                .collect();
            files.sort();
            files
        } else if path.exists() {
            vec![path.to_owned()]
        } else {
            Vec::new()
        };
        let readers = files
            .iter()
            .map(|f| {
                // SAFETY: the map is read-only and the database files are only ever
                // replaced whole (downloaded beside, then renamed), never written in place.
                unsafe { Reader::open_mmap(f) }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { readers })
    }

    pub fn is_enabled(&self) -> bool {
        !self.readers.is_empty()
    }

    pub fn locate(&self, ip: Option<IpAddr>) -> Place {
        let Some(ip) = ip.map(canonical) else {
            return Place::Unknown;
        };
        if is_local(ip) {
            return Place::Local;
        }
        let wanted = if ip.is_ipv4() { 4 } else { 6 };
        // An IPv6 database can answer IPv4 queries too; prefer the one built for the family.
        let mut readers: Vec<&Reader<Mmap>> = self.readers.iter().collect();
        readers.sort_by_key(|r| r.metadata().ip_version != wanted);
        for reader in readers {
            if ip.is_ipv6() && reader.metadata().ip_version == 4 {
                continue;
            }
            let Ok(result) = reader.lookup(ip) else {
                continue;
            };
            if let Ok(Some(record)) = result.decode::<Record>()
                && let Some(code) = record.country_code.filter(|c| !c.is_empty() && *c != "ZZ")
            {
                return Place::Found {
                    country: country_name(code),
                    region: record.state1.filter(|s| !s.is_empty()).map(str::to_owned),
                    // "Berlin (Charlottenburg-Wilmersdorf)": the district is more precision
                    // than an IP address carries.
                    city: record
                        .city
                        .map(|c| c.split(" (").next().unwrap_or(c).trim())
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                };
            }
        }
        Place::Unknown
    }
}

/// `::ffff:1.2.3.4` is 1.2.3.4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Loopback, private, link-local, carrier-grade NAT and unique-local addresses.
pub fn is_local(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Everyday English names: ISO's formal ones ("Viet Nam", "Korea (Republic of)") shortened.
fn country_name(code: &str) -> String {
    let everyday = match code {
        "GB" => Some("United Kingdom"),
        "US" => Some("United States"),
        "KR" => Some("South Korea"),
        "KP" => Some("North Korea"),
        "RU" => Some("Russia"),
        "VN" => Some("Vietnam"),
        "CZ" => Some("Czechia"),
        "LA" => Some("Laos"),
        "SY" => Some("Syria"),
        "NL" => Some("Netherlands"),
        "CD" => Some("DR Congo"),
        "CG" => Some("Congo"),
        "MD" => Some("Moldova"),
        _ => None,
    };
    if let Some(name) = everyday {
        return name.into();
    }
    match isocountry::CountryCode::for_alpha2_caseless(code) {
        Ok(c) => c
            .name()
            .split([',', '('])
            .next()
            .unwrap_or(code)
            .trim()
            .to_owned(),
        Err(_) => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.10",
            "172.16.5.4",
            "100.64.0.1",
            "169.254.1.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.1.1",
        ] {
            assert!(is_local(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "81.2.69.142",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_local(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn everyday_country_names() {
        assert_eq!(country_name("GB"), "United Kingdom");
        assert_eq!(country_name("PT"), "Portugal");
        assert_eq!(country_name("BO"), "Bolivia");
        assert_eq!(country_name("TZ"), "Tanzania");
        assert_eq!(country_name("XX"), "XX");
    }

    #[test]
    fn descriptions() {
        let found = |city: Option<&str>, region: Option<&str>| Place::Found {
            country: "Portugal".into(),
            region: region.map(Into::into),
            city: city.map(Into::into),
        };
        assert_eq!(
            found(Some("Porto"), Some("Porto")).describe(),
            "Porto, Portugal"
        );
        assert_eq!(found(None, Some("Algarve")).describe(), "Algarve, Portugal");
        assert_eq!(found(None, None).describe(), "Portugal");
        assert_eq!(Place::Local.describe(), "Local network");
        assert_eq!(Place::Unknown.describe(), "Unknown location");
    }

    #[test]
    fn without_a_database_public_addresses_are_unknown() {
        let geo = GeoIp::open(Path::new("/nonexistent/geoip.mmdb"));
        assert!(!geo.is_enabled());
        assert_eq!(geo.locate(Some("8.8.8.8".parse().unwrap())), Place::Unknown);
        assert_eq!(
            geo.locate(Some("192.168.1.1".parse().unwrap())),
            Place::Local
        );
        assert_eq!(geo.locate(None), Place::Unknown);
    }
}

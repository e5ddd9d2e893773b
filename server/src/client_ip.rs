//! The client's address: the socket's, unless the socket is a trusted proxy, in which case
//! the right-most untrusted address of `X-Forwarded-For`.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{s:?} is not an IP address or CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Walks `X-Forwarded-For` from the right (the hop nearest us), skipping trusted
    /// proxies; the first other address is the client. Entries further left are written
    /// by the client itself and never believed — nor read: a malformed one there cannot
    /// make the client hide behind the proxy's address.
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in entries.into_iter().rev() {
            // A trusted proxy writes only addresses; anything else is not ours to follow.
            let Some(hop) = parse_hop(entry) else { break };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        Some(client)
    }
}

/// An address as proxies write it: bare, or with a port (`203.0.113.7:443`,
/// `[2001:db8::1]:443`).
fn parse_hop(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<std::net::SocketAddr>().map(|s| s.ip()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static(v));
        h
    }

    #[test]
    fn forwarded_for_is_ignored_by_default() {
        let none = TrustedProxies::default();
        let peer = "198.51.100.1".parse().ok();
        assert_eq!(none.client_ip(peer, &xff("203.0.113.5")), peer);
    }

    #[test]
    fn a_trusted_proxy_supplies_the_client() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap();
        let proxy = "10.1.2.3".parse().ok();
        let client: IpAddr = "203.0.113.5".parse().unwrap();
        assert_eq!(trusted.client_ip(proxy, &xff("203.0.113.5")), Some(client));
        // A client-written entry to the left of the real one is not believed.
        assert_eq!(
            trusted.client_ip(proxy, &xff("1.2.3.4, 203.0.113.5, 10.9.9.9")),
            Some(client)
        );
        // A malformed header falls back to the proxy's own address.
        assert_eq!(trusted.client_ip(proxy, &xff("not-an-ip")), proxy);
        // A malformed entry written by the client, left of the real one, changes nothing.
        assert_eq!(
            trusted.client_ip(proxy, &xff("not-an-ip, 203.0.113.5")),
            Some(client)
        );
        assert_eq!(
            trusted.client_ip(proxy, &xff("<script>, 203.0.113.5, 10.9.9.9")),
            Some(client)
        );
        // Proxies that add a port.
        assert_eq!(
            trusted.client_ip(proxy, &xff("203.0.113.5:51234")),
            Some(client)
        );
        assert_eq!(
            trusted.client_ip(proxy, &xff("[2001:db8::7]:443")),
            "2001:db8::7".parse().ok()
        );
        // An untrusted peer's header is ignored.
        let stranger = "198.51.100.1".parse().ok();
        assert_eq!(trusted.client_ip(stranger, &xff("203.0.113.5")), stranger);
    }
}

//! Which requests the preview answers at all: the `Host` (so a web page
//! cannot read the preview through DNS rebinding), the websocket's
//! `Origin` (so a web page cannot listen to diagnostics) and the method.
//!
//! DNS rebinding needs a host *name* the attacker controls; a request
//! naming `localhost`, a loopback or the bound address, or a name the user
//! allowed, cannot come from such a page. Bound to every address
//! (`0.0.0.0`, `::`), the server cannot know all of the machine's
//! addresses, so any IP literal is accepted: a page whose origin is an IP
//! literal was served by that address, which is this server.

use super::reload::WS_PATH;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

/// The hosts a request may name.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    bound: IpAddr,
    /// Lower-cased `--allowed-host` names.
    allowed: Vec<String>,
}

impl HostPolicy {
    pub fn new(bound: IpAddr, allowed: &[String]) -> HostPolicy {
        HostPolicy {
            bound,
            allowed: allowed
                .iter()
                .map(|name| name.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether `host` (a `Host` value: a name or IP, with or without a
    /// port) names this preview. Any port is fine: a tunnel such as
    /// `ssh -L 8080:localhost:1111` keeps its own port in `Host`.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some(name) = strip_port(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        if name == "localhost" || self.allowed.contains(&name) {
            return true;
        }
        let Some(ip) = parse_ip(&name) else {
            return false;
        };
        ip == self.bound
            || ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
            || self.bound.is_unspecified()
    }

    /// Whether a websocket handshake's `Origin` is a page of this preview.
    /// Browsers always send one; a missing `Origin` is a non-browser client
    /// (a script, a test), which could as well send any `Origin` it likes.
    pub fn allows_origin(&self, origin: Option<&str>) -> bool {
        let Some(origin) = origin else {
            return true;
        };
        ["http://", "https://"]
            .iter()
            .find_map(|scheme| origin.strip_prefix(scheme))
            .is_some_and(|authority| self.allows_host(authority))
    }
}

/// A `--allowed-host` value: a host name or IP address, without a port.
pub fn parse_allowed_host(value: &str) -> Result<String, String> {
    let is_name = !value.is_empty()
        && value.len() <= 253
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_');
    if is_name || parse_ip(value).is_some() {
        Ok(value.to_string())
    } else {
        Err(format!(
            "{value:?} is not a host name (give only the name, such as docs.example.test, \
             without a scheme, port or path)"
        ))
    }
}

/// `name`, `name:port`, `[v6]` or `[v6]:port` to the host part; `None`
/// when the port is not a number or the brackets do not match.
fn strip_port(host: &str) -> Option<&str> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let rest = &host[end + 1..];
        let port = if rest.is_empty() {
            None
        } else {
            Some(rest.strip_prefix(':')?)
        };
        (&host[..=end], port)
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

/// A dotted IPv4 address or a bracketed IPv6 one.
fn parse_ip(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// Middleware: refuses foreign hosts (403), methods other than GET and
/// HEAD (405), and websocket handshakes from foreign pages (403).
pub async fn check(
    State(policy): State<Arc<HostPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    // An absolute-form target (`GET http://x/ HTTP/1.1`) overrides `Host`.
    let host = match request.uri().authority() {
        Some(authority) => Some(authority.as_str()),
        None => header_text(&request, header::HOST),
    };
    if !host.is_some_and(|host| policy.allows_host(host)) {
        return refuse_host(host);
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: the yomu preview only answers GET and HEAD.\n".into(),
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if request.uri().path() == WS_PATH {
        let origin = request.headers().get(header::ORIGIN);
        let origin_text = origin.map(|value| value.to_str().unwrap_or("(not text)"));
        if !policy.allows_origin(origin_text) {
            return plain(
                StatusCode::FORBIDDEN,
                format!(
                    "403 Forbidden: the yomu preview's reload socket only talks to its own \
                     pages, and {} is not one of them. To open the preview under that name, \
                     start `yomu serve` with `--allowed-host NAME`.\n",
                    quoted(origin_text.unwrap_or_default())
                ),
            );
        }
    }
    next.run(request).await
}

fn header_text(request: &Request, name: header::HeaderName) -> Option<&str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

fn refuse_host(host: Option<&str>) -> Response {
    let named = match host {
        Some(host) => format!("host {}", quoted(host)),
        None => "no host".to_string(),
    };
    plain(
        StatusCode::FORBIDDEN,
        format!(
            "403 Forbidden: the yomu preview answers only for localhost, 127.0.0.1, [::1] \
             and the address it listens on, so that other web sites cannot read it \
             (DNS rebinding); this request named {named}. To reach the preview under \
             another name, start `yomu serve` with `--bind ADDRESS --allowed-host NAME`.\n"
        ),
    )
}

/// `value` in quotes, shortened, for a message that echoes a header.
fn quoted(value: &str) -> String {
    let short: String = value.chars().take(100).collect();
    format!("{short:?}")
}

fn plain(status: StatusCode, text: String) -> Response {
    let mut response = (status, text).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(bound: &str, allowed: &[&str]) -> HostPolicy {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        HostPolicy::new(bound.parse().expect("ip"), &allowed)
    }

    #[test]
    fn loopback_names_with_or_without_a_port() {
        let p = policy("127.0.0.1", &[]);
        for ok in [
            "localhost",
            "LocalHost:1111",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(p.allows_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "localhost:",
            "localhost:http",
            "localhost:1:2",
            "127.0.0.2",
            "10.0.0.1:1111",
            "::1",
            "[::1",
            "[::1]x",
            "[::2]:80",
            "",
        ] {
            assert!(!p.allows_host(bad), "{bad}");
        }
    }

    #[test]
    fn bound_address_and_allowed_names() {
        let p = policy("192.168.1.5", &["Docs.Example.Test"]);
        assert!(p.allows_host("192.168.1.5:1111"));
        assert!(p.allows_host("docs.example.test:1111"));
        assert!(p.allows_host("localhost"));
        assert!(!p.allows_host("192.168.1.6"));
        assert!(!p.allows_host("other.example.test"));
    }

    #[test]
    fn every_address_accepts_ip_literals_but_not_names() {
        let p = policy("0.0.0.0", &["box.lan"]);
        assert!(p.allows_host("192.168.1.5:1111"));
        assert!(p.allows_host("[fe80::1]:1111"));
        assert!(p.allows_host("box.lan"));
        assert!(!p.allows_host("evil.example"));
        assert!(!p.allows_host("1.2.3.4.evil.example"));
    }

    #[test]
    fn origins_follow_the_host_rule() {
        let p = policy("127.0.0.1", &[]);
        assert!(p.allows_origin(None));
        assert!(p.allows_origin(Some("http://localhost:1111")));
        assert!(p.allows_origin(Some("http://127.0.0.1:1111")));
        assert!(!p.allows_origin(Some("http://evil.example")));
        assert!(!p.allows_origin(Some("null")));
        assert!(!p.allows_origin(Some("file://")));
        assert!(!p.allows_origin(Some("http://localhost/path")));
    }

    #[test]
    fn allowed_host_values_are_bare_names() {
        assert!(parse_allowed_host("docs.example.test").is_ok());
        assert!(parse_allowed_host("[::1]").is_ok());
        assert!(parse_allowed_host("http://docs.example.test").is_err());
        assert!(parse_allowed_host("docs.example.test:80").is_err());
        assert!(parse_allowed_host("").is_err());
    }
}

//! The address a request came with (its `Host`), which the preview uses twice:
//! - on a server bound to loopback (the default), a request whose `Host` is not a loopback
//!   name is refused: a web page elsewhere could otherwise point a name it controls at
//!   127.0.0.1 and read the preview through the visitor's browser (DNS rebinding);
//! - pages are built with the printed URL as their base_url and sent with it replaced by the
//!   address the browser used, so a phone opening `http://192.168.1.5:1111/` gets links to
//!   `http://192.168.1.5:1111/…`, not to an address only the computer can reach.

use std::net::IpAddr;

use memchr::memmem;

/// The `Host` value when it is a valid `host[:port]` (a name, an IPv4 address, or an IPv6
/// address in brackets): nothing that could break out of an attribute or a URL.
pub(crate) fn valid(host: &str) -> Option<&str> {
    if host.is_empty() || host.len() > 255 {
        return None;
    }
    let (name, port) = split(host)?;
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ok = if let Some(v6) = name.strip_prefix('[') {
        v6.strip_suffix(']')
            .is_some_and(|v6| v6.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    };
    ok.then_some(host)
}

/// `name:port` → (`name`, `port`); `[::1]:80` → (`[::1]`, `80`); no port → (`host`, ``).
fn split(host: &str) -> Option<(&str, &str)> {
    if host.starts_with('[') {
        let end = host.find(']')? + 1;
        let rest = &host[end..];
        let port = match rest.strip_prefix(':') {
            Some(p) => p,
            None if rest.is_empty() => "",
            None => return None,
        };
        return Some((&host[..end], port));
    }
    Some(match host.rsplit_once(':') {
        Some((name, port)) => (name, port),
        None => (host, ""),
    })
}

/// Whether a `Host` names this computer only: `localhost` and its subdomains (RFC 6761: never
/// sent to DNS by browsers), 127.0.0.0/8 and `[::1]`.
pub(crate) fn is_loopback(host: &str) -> bool {
    let Some((name, _)) = valid(host).and_then(split) else {
        return false;
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    let ip = name.trim_start_matches('[').trim_end_matches(']');
    ip.parse::<IpAddr>().is_ok_and(|ip| match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    })
}

/// `bytes` with every `from` replaced by `to`; `None` when there is none (send them as they are).
pub(crate) fn rebase(bytes: &[u8], from: &str, to: &str) -> Option<Vec<u8>> {
    let finder = memmem::Finder::new(from.as_bytes());
    let mut hits = finder.find_iter(bytes).peekable();
    hits.peek()?;
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    let mut last = 0;
    for at in hits {
        out.extend_from_slice(&bytes[last..at]);
        out.extend_from_slice(to.as_bytes());
        last = at + from.len();
    }
    out.extend_from_slice(&bytes[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_checked_before_use() {
        for good in [
            "127.0.0.1:1111",
            "localhost",
            "192.168.1.5:8080",
            "[::1]:1111",
            "pc-01.local",
        ] {
            assert_eq!(valid(good), Some(good), "{good}");
        }
        for bad in [
            "", "a\"b", "a b:1", "<x>", "a:b", "[::1", "[zz]:1", "[::1]x", "a/b",
        ] {
            assert_eq!(valid(bad), None, "{bad}");
        }
    }

    #[test]
    fn loopback_names() {
        for yes in [
            "127.0.0.1:1111",
            "127.0.0.2",
            "localhost:1",
            "LOCALHOST.",
            "site.localhost:3",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:1",
        ] {
            assert!(is_loopback(yes), "{yes}");
        }
        for no in [
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "192.168.1.5:1111",
            "[::2]:1",
            "0.0.0.0:1111",
            "",
        ] {
            assert!(!is_loopback(no), "{no}");
        }
    }

    #[test]
    fn rebasing_replaces_every_occurrence() {
        let page =
            b"<a href=\"http://127.0.0.1:1/a/\">a</a><link href=\"http://127.0.0.1:1/s.css\">";
        let out = rebase(page, "http://127.0.0.1:1/", "http://10.0.0.7:1/").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<a href=\"http://10.0.0.7:1/a/\">a</a><link href=\"http://10.0.0.7:1/s.css\">"
        );
        assert_eq!(rebase(b"none here", "http://127.0.0.1:1/", "x"), None);
    }
}

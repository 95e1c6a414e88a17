//! Previewing on a phone: this computer's addresses on the local network, and a QR code of the
//! URL to print in the terminal.

use std::net::{IpAddr, Ipv4Addr};

/// This computer's IPv4 addresses a phone on the same network could reach: not loopback, not
/// link-local; those of real network cards first, virtual ones (docker, bridges, VPNs) after.
pub(crate) fn addresses() -> Vec<IpAddr> {
    let mut found: Vec<(bool, Ipv4Addr)> = interfaces()
        .into_iter()
        .filter(|(_, ip)| !ip.is_loopback() && !ip.is_link_local() && !ip.is_unspecified())
        .map(|(name, ip)| (is_virtual(&name), ip))
        .collect();
    found.sort();
    found.dedup();
    found.into_iter().map(|(_, ip)| IpAddr::V4(ip)).collect()
}

fn is_virtual(name: &str) -> bool {
    [
        "docker",
        "br-",
        "veth",
        "virbr",
        "vmnet",
        "vboxnet",
        "lxc",
        "lxd",
        "cni",
        "flannel",
        "tun",
        "tap",
        "wg",
        "tailscale",
        "zt",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// Every up interface's IPv4 addresses, with the interface's name.
#[cfg(unix)]
fn interfaces() -> Vec<(String, Ipv4Addr)> {
    let mut out = Vec::new();
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `head` with a list that stays valid until freeifaddrs; every
    // pointer read below comes from that list and is checked for null first.
    unsafe {
        if libc::getifaddrs(&mut head) != 0 {
            return out;
        }
        let mut cur = head;
        while !cur.is_null() {
            let ifa = &*cur;
            let up = ifa.ifa_flags & (libc::IFF_UP as libc::c_uint) != 0;
            if up
                && !ifa.ifa_addr.is_null()
                && i32::from((*ifa.ifa_addr).sa_family) == libc::AF_INET
            {
                let sin = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
                let name = if ifa.ifa_name.is_null() {
                    String::new()
                } else {
                    std::ffi::CStr::from_ptr(ifa.ifa_name)
                        .to_string_lossy()
                        .into_owned()
                };
                out.push((name, ip));
            }
            cur = ifa.ifa_next;
        }
        libc::freeifaddrs(head);
    }
    out
}

/// Elsewhere: the address the system would use to leave this computer (connecting a UDP
/// socket sends nothing).
#[cfg(not(unix))]
fn interfaces() -> Vec<(String, Ipv4Addr)> {
    let probe = || -> std::io::Result<Ipv4Addr> {
        let socket = std::net::UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))?;
        socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9))?;
        match socket.local_addr()?.ip() {
            IpAddr::V4(v4) => Ok(v4),
            IpAddr::V6(_) => Err(std::io::ErrorKind::Unsupported.into()),
        }
    };
    probe()
        .map(|ip| vec![(String::new(), ip)])
        .unwrap_or_default()
}

/// `text` as a QR code drawn with half-block characters, two rows of modules to a line, light
/// on dark so that it scans from a dark terminal too (a quiet zone around it).
pub(crate) fn qr(text: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_drawn_in_half_blocks() {
        let code = qr("http://192.168.1.5:1111/").unwrap();
        let lines: Vec<&str> = code.lines().collect();
        // Version 2 at level L: 25 modules and a quiet zone of 4 on each side.
        assert_eq!(lines[0].chars().count(), 33);
        assert!(lines.iter().all(|l| l.chars().count() == 33));
        assert!(code.contains('▀') || code.contains('▄'));
    }

    #[test]
    fn loopback_is_never_offered() {
        assert!(addresses().iter().all(|ip| !ip.is_loopback()));
    }

    #[test]
    fn virtual_interfaces_come_last() {
        assert!(is_virtual("docker0") && is_virtual("br-1a2b") && !is_virtual("eth0"));
        assert!(!is_virtual("wlan0") && !is_virtual("enp3s0"));
    }
}

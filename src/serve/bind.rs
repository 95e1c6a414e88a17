//! Opening the listening socket. A busy port is not fatal: the next free one (up to ten
//! further) is taken and announced. Port 0 lets the system pick one.

use std::io;
use std::net::{IpAddr, TcpListener, ToSocketAddrs};

use crate::messages::{Lang, Msg, Status};

const TRIES: u16 = 10;

/// Why no socket could be opened, and the exit status to give.
#[derive(Debug)]
pub(crate) struct BindError {
    pub(crate) msg: Msg,
    pub(crate) status: u8,
}

/// Listens on `interface:port`, or on the next free port when that one is taken.
pub(crate) fn bind(interface: &str, port: u16, lang: Lang) -> Result<TcpListener, BindError> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(TRIES)
    };
    let mut busy = false;
    for p in port..=last {
        match bind_one(interface, p) {
            Ok(listener) => {
                if busy {
                    let note = Status::PortInUse {
                        asked: port,
                        used: p,
                    };
                    eprintln!("{}", note.text(lang));
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => busy = true,
            Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
                return Err(BindError {
                    msg: Msg::BadInterface {
                        interface: interface.to_string(),
                        detail: e.to_string(),
                    },
                    status: 2,
                });
            }
            Err(e) => {
                return Err(BindError {
                    msg: Msg::CannotListen {
                        address: host_port(interface, p),
                        detail: e.to_string(),
                    },
                    status: 1,
                });
            }
        }
    }
    Err(BindError {
        msg: Msg::PortsBusy {
            interface: interface.to_string(),
            first: port,
            last,
        },
        status: 1,
    })
}

fn bind_one(interface: &str, port: u16) -> io::Result<TcpListener> {
    let addrs = (interface, port).to_socket_addrs().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot resolve it: {e}"),
        )
    })?;
    let mut last = io::Error::new(io::ErrorKind::InvalidInput, "it names no address");
    for addr in addrs {
        match TcpListener::bind(addr) {
            Ok(l) => return Ok(l),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// `HOST:PORT`, with brackets around an IPv6 address.
pub(crate) fn host_port(interface: &str, port: u16) -> String {
    match interface.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => format!("[{v6}]:{port}"),
        _ => format!("{interface}:{port}"),
    }
}

/// The address pages are served at, used as the site's base_url.
pub(crate) fn url(interface: &str, port: u16) -> String {
    format!("http://{}/", host_port(interface, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(url("127.0.0.1", 1111), "http://127.0.0.1:1111/");
        assert_eq!(url("::1", 8080), "http://[::1]:8080/");
        assert_eq!(url("localhost", 80), "http://localhost:80/");
    }

    #[test]
    fn a_busy_port_moves_to_the_next() {
        let first = bind("127.0.0.1", 0, Lang::En).unwrap();
        let port = first.local_addr().unwrap().port();
        let second = bind("127.0.0.1", port, Lang::En).unwrap();
        assert_ne!(second.local_addr().unwrap().port(), port);
    }

    #[test]
    fn a_bad_interface_is_a_usage_error() {
        let err = bind("not an address", 1111, Lang::En).unwrap_err();
        assert_eq!(err.status, 2);
    }
}

//! How many requests run at once: at most [`TOTAL`] in all, and to one host at most
//! [`PER_HOST`] at a time, each starting at least [`GAP`] after the one before it, so a check
//! never hammers a small government server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, SemaphorePermit};

/// Requests in flight, all hosts together.
pub(crate) const TOTAL: usize = 8;
/// Requests in flight to one host.
pub(crate) const PER_HOST: usize = 2;
/// The least time between the starts of two requests to one host.
pub(crate) const GAP: Duration = Duration::from_millis(200);

/// When the requests to one host may start: each reserves the next free start.
#[derive(Debug)]
pub(crate) struct Schedule {
    next: Option<Instant>,
    gap: Duration,
}

impl Schedule {
    pub(crate) fn new(gap: Duration) -> Schedule {
        Schedule { next: None, gap }
    }

    /// The start of a request asked for at `now`: now, or the gap after the last start.
    pub(crate) fn reserve(&mut self, now: Instant) -> Instant {
        let start = self.next.map_or(now, |n| n.max(now));
        self.next = Some(start + self.gap);
        start
    }
}

struct Host {
    in_flight: Arc<Semaphore>,
    schedule: Mutex<Schedule>,
}

pub(crate) struct Gates {
    total: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    gap: Duration,
}

/// Leave to send one request; dropped when it is answered.
pub(crate) struct Pass<'a> {
    _host: Option<OwnedSemaphorePermit>,
    _total: Option<SemaphorePermit<'a>>,
}

impl Gates {
    pub(crate) fn new(gap: Duration) -> Gates {
        Gates {
            total: Semaphore::new(TOTAL),
            hosts: Mutex::new(HashMap::new()),
            gap,
        }
    }

    /// Waits for a turn at `host` (a place among its requests in flight, then its start time),
    /// then for a place among all requests.
    pub(crate) async fn enter(&self, host: &str) -> Pass<'_> {
        let gate = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            hosts
                .entry(host.to_ascii_lowercase())
                .or_insert_with(|| {
                    Arc::new(Host {
                        in_flight: Arc::new(Semaphore::new(PER_HOST)),
                        schedule: Mutex::new(Schedule::new(self.gap)),
                    })
                })
                .clone()
        };
        // The semaphores are never closed: acquiring cannot fail.
        let host_permit = gate.in_flight.clone().acquire_owned().await.ok();
        let start = gate
            .schedule
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .reserve(Instant::now());
        tokio::time::sleep_until(start.into()).await;
        let total = self.total.acquire().await.ok();
        Pass {
            _host: host_permit,
            _total: total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_to_one_host_are_spaced_by_the_gap() {
        let gap = Duration::from_millis(200);
        let mut s = Schedule::new(gap);
        let t0 = Instant::now();
        assert_eq!(s.reserve(t0), t0, "the first goes at once");
        assert_eq!(s.reserve(t0), t0 + gap, "the second waits a gap");
        assert_eq!(s.reserve(t0 + Duration::from_millis(50)), t0 + gap * 2);
        // After a quiet while, a request goes at once again.
        let later = t0 + Duration::from_secs(5);
        assert_eq!(s.reserve(later), later);
        assert_eq!(s.reserve(later), later + gap);
    }

    #[test]
    fn no_more_than_two_requests_to_a_host_at_once() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let gates = Gates::new(Duration::ZERO);
            let a1 = gates.enter("a.example").await;
            let _a2 = gates.enter("A.example").await;
            // A third to the same host waits; another host does not.
            let third = tokio::time::timeout(Duration::from_millis(50), gates.enter("a.example"));
            assert!(third.await.is_err(), "a third request to one host waited");
            let _b = gates.enter("b.example").await;
            drop(a1);
            let third = tokio::time::timeout(Duration::from_millis(50), gates.enter("a.example"));
            assert!(third.await.is_ok(), "it goes when one is answered");
        });
    }
}

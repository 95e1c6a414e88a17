//! `limits:` in site.yaml: how far one render of a template may go before it is stopped
//! (an extension of the contract; see README). Every key is optional.
//!
//! ```yaml
//! limits:
//!   page_mb: 64             # the HTML of one page
//!   range_items: 1000000    # all items of all range() calls of one page
//!   render_seconds: 60      # one page's render
//!   memory_mb: 18000        # the whole process (default: 3/4 of the machine's memory)
//! ```

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimits {
    page_mb: Option<u64>,
    range_items: Option<u64>,
    render_seconds: Option<u64>,
    memory_mb: Option<u64>,
}

/// The limits in force (each at least 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub page_mb: u64,
    pub range_items: u64,
    pub render_seconds: u64,
    pub memory_mb: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            page_mb: 64,
            range_items: 1_000_000,
            render_seconds: 60,
            memory_mb: default_memory_mb(),
        }
    }
}

impl From<RawLimits> for Limits {
    fn from(raw: RawLimits) -> Limits {
        let RawLimits {
            page_mb,
            range_items,
            render_seconds,
            memory_mb,
        } = raw;
        let d = Limits::default();
        Limits {
            page_mb: page_mb.unwrap_or(d.page_mb).max(1),
            range_items: range_items.unwrap_or(d.range_items).max(1),
            render_seconds: render_seconds.unwrap_or(d.render_seconds).max(1),
            memory_mb: memory_mb.unwrap_or(d.memory_mb).max(1),
        }
    }
}

impl Limits {
    pub fn page_bytes(&self) -> usize {
        usize::try_from(self.page_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
}

/// Three quarters of the machine's memory (`/proc/meminfo`), else 8 GiB: stopped there, a
/// runaway template leaves the machine usable instead of swapping it to a halt.
fn default_memory_mb() -> u64 {
    let total_kb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
    total_kb.map_or(8192, |kb| kb / 1024 * 3 / 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_given_values() {
        let d = Limits::default();
        assert_eq!(
            (d.page_mb, d.range_items, d.render_seconds),
            (64, 1_000_000, 60)
        );
        assert!(d.memory_mb >= 1);
        let raw: RawLimits = serde_yaml::from_str("page_mb: 2\nrender_seconds: 0\n").unwrap();
        let l = Limits::from(raw);
        assert_eq!((l.page_mb, l.render_seconds), (2, 1));
        assert_eq!(l.page_bytes(), 2 * 1024 * 1024);
        assert!(serde_yaml::from_str::<RawLimits>("pages_mb: 2\n").is_err());
    }
}

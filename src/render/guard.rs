//! Limits on what one render of a template may do, so a theme cannot hang or exhaust a build
//! or the preview (issue #14 item 9). Tera runs templates without hooks, so each limit is held
//! where jieshui can hold it:
//!
//! - **Output of one page** (`limits.page_mb`): the page is rendered into a [`Capped`] buffer,
//!   which refuses the write past the limit and so stops the render there.
//! - **`range` items of one page** (`limits.range_items`): jieshui's `range` replaces Tera's and
//!   counts what every call of a render makes; nested `range(end=100000)` loops stop at once,
//!   with Tera's own file and line of the call.
//! - **Time of one render** (`limits.render_seconds`) and **memory of the process**
//!   (`limits.memory_mb`): a loop that prints nothing over big lists, or a string doubled with
//!   `set`, offers no hook. A watchdog thread looks every 200 ms at the renders under way and at
//!   the process's resident memory; past a limit it prints an error naming the template and the
//!   page, and ends the process (exit status 1; the output is left as it was).

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::config::Limits;
use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg};

thread_local! {
    /// `range` items the render on this thread may still make.
    static RANGE_LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// The renders under way, for the watchdog: id → (template, page, since).
static ACTIVE: Mutex<BTreeMap<u64, (String, String, Instant)>> = Mutex::new(BTreeMap::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// One render under way on this thread; it ends (and its budget with it) when dropped.
pub(crate) struct Rendering {
    id: u64,
    range_before: u64,
}

impl Rendering {
    pub(crate) fn start(template: &str, page: &str, limits: &Limits) -> Rendering {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut active) = ACTIVE.lock() {
            active.insert(id, (template.to_string(), page.to_string(), Instant::now()));
        }
        let range_before = RANGE_LEFT.with(|left| left.replace(limits.range_items));
        Rendering { id, range_before }
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        if let Ok(mut active) = ACTIVE.lock() {
            active.remove(&self.id);
        }
        RANGE_LEFT.with(|left| left.set(self.range_before));
    }
}

/// A page's bytes, refusing to grow past `max`.
pub(crate) struct Capped<'a> {
    pub(crate) bytes: &'a mut Vec<u8>,
    pub(crate) max: usize,
    pub(crate) hit: bool,
}

impl Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.max {
            self.hit = true;
            return Err(std::io::Error::other(
                "the page is larger than limits.page_mb",
            ));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Replaces Tera's `range` with [`range`], whose items count against each render's budget
/// (`limits.range_items`); the watchdog starts too.
pub(crate) fn register(tera: &mut tera::Tera, limits: &Limits, lang: Lang) {
    let max = limits.range_items;
    tera.register_function("range", move |kwargs: tera::Kwargs, _: &tera::State| {
        range(&kwargs, max, lang)
    });
    watch(limits, lang);
}

/// Tera's `range(start=0, end, step_by=1)`, with every item counted against the render's
/// budget.
fn range(kwargs: &tera::Kwargs, max: u64, lang: Lang) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    let len = range_len(start, end, step).map_err(tera::Error::message)?;
    let left = RANGE_LEFT.with(Cell::get);
    if len > left {
        let why = crate::messages::FunctionWhy::RangeBudget(max);
        return Err(tera::Error::message(
            Msg::TemplateFunction { why }.text(lang),
        ));
    }
    RANGE_LEFT.with(|l| l.set(left - len));
    Ok((0..len as i128).map(|i| start + i * step).collect())
}

/// How many items `range` makes, as Tera counts them.
fn range_len(start: i128, end: i128, step: i128) -> Result<u64, String> {
    if step == 0 {
        return Err("Function `range` was called with a `step_by` argument of 0".into());
    }
    if start > end && step > 0 {
        return Err(
            "Function `range` was called with a `start` argument greater than the `end` one".into(),
        );
    }
    let (span, step) = if step > 0 {
        (end.checked_sub(start), step)
    } else if start <= end {
        return Ok(0);
    } else {
        (
            start.checked_sub(end),
            step.checked_neg().unwrap_or(i128::MAX),
        )
    };
    let span = span.ok_or("Function `range` was called with arguments that overflow")?;
    let len = span / step + i128::from(span % step != 0);
    u64::try_from(len).map_err(|_| "Function `range` would make too many items".into())
}

/// Starts the watchdog once per process, with the limits of the first build that asks.
fn watch(limits: &Limits, lang: Lang) {
    static STARTED: OnceLock<()> = OnceLock::new();
    let limits = limits.clone();
    STARTED.get_or_init(|| {
        let _ = std::thread::Builder::new()
            .name("jieshui-watchdog".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(200));
                    if let Some(d) = runaway(&limits) {
                        eprintln!("{}", d.render(lang));
                        std::process::exit(1);
                    }
                }
            });
    });
}

/// A render past its time, or the process past its memory, as the error to end with.
fn runaway(limits: &Limits) -> Option<Diagnostic> {
    let active = ACTIVE.lock().ok()?;
    let oldest = active.values().min_by_key(|(_, _, since)| *since);
    if let Some((template, page, since)) = oldest
        && since.elapsed().as_secs() >= limits.render_seconds
    {
        return Some(
            Diagnostic::error(Msg::RenderTooLong {
                page: page.clone(),
                seconds: limits.render_seconds,
            })
            .in_file(template.clone()),
        );
    }
    let rss = resident_bytes()?;
    if rss <= limits.memory_mb.saturating_mul(1024 * 1024) {
        return None;
    }
    let d = Diagnostic::error(Msg::MemoryLimit {
        limit_mb: limits.memory_mb,
        page: oldest.map(|(_, page, _)| page.clone()),
    });
    Some(match oldest {
        Some((template, ..)) => d.in_file(template.clone()),
        None => d,
    })
}

/// The process's resident memory (Linux: `/proc/self/statm`).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_counts_as_tera_does() {
        assert_eq!(range_len(0, 10, 1), Ok(10));
        assert_eq!(range_len(0, 10, 3), Ok(4));
        assert_eq!(range_len(10, 0, -3), Ok(4));
        assert_eq!(range_len(5, 5, 1), Ok(0));
        assert_eq!(range_len(0, 5, -1), Ok(0));
        assert!(range_len(0, 5, 0).is_err());
        assert!(range_len(5, 0, 1).is_err());
    }

    #[test]
    fn nested_ranges_stop_at_the_budget() {
        let limits = Limits {
            range_items: 1_000_000,
            ..Limits::default()
        };
        let mut tera = tera::Tera::default();
        tera.register_function("range", move |k: tera::Kwargs, _: &tera::State| {
            range(&k, 1_000_000, Lang::En)
        });
        tera.add_raw_template(
            "t.html",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        let err = {
            let _r = Rendering::start("t.html", "/", &limits);
            tera.render("t.html", &tera::Context::new()).unwrap_err()
        };
        assert!(format!("{err:?}").contains("limits.range_items"), "{err:?}");
        // (Without the budget this render would make ten billion iterations.)
        assert_eq!(
            RANGE_LEFT.with(Cell::get),
            u64::MAX,
            "the budget ends with the render"
        );
    }

    #[test]
    fn capped_output_stops_the_render() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "t.html",
            "{% for i in range(end=1000) %}{{ \"0123456789\" }}{% endfor %}",
        )
        .unwrap();
        let mut bytes = Vec::new();
        let mut out = Capped {
            bytes: &mut bytes,
            max: 1000,
            hit: false,
        };
        let limits = Limits::default();
        let _r = Rendering::start("t.html", "/", &limits);
        assert!(
            tera.render_to("t.html", &tera::Context::new(), &mut out)
                .is_err()
        );
        assert!(out.hit && bytes.len() <= 1000);
    }
}

//! `check --external`: the links to other sites in the pages a check renders, asked over
//! HTTP(S) whether they still work. Each address is asked once, however many pages carry it
//! ([`probe`], paced by [`gate`]); working ones are remembered for a day ([`cache`]); each
//! problem is a warning where the link is written ([`place`]). Broken links (4xx, 5xx,
//! redirect loops) and sites that cannot be reached (no answer, DNS, refused, TLS) are
//! warnings, the second kind saying to check again later: the network is not the site's fault.

mod cache;
mod extract;
mod gate;
mod place;
mod probe;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg, Origin};
use crate::output::progress::Progress;

use probe::Outcome;

/// The longest a whole check of external links may take.
const BUDGET: Duration = Duration::from_secs(600);

/// What `check --external` was asked for.
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {
    /// The user's cache folder (`~/.cache/jieshui`), where working links are remembered; none:
    /// nothing is remembered.
    pub cache_dir: Option<PathBuf>,
    /// Ask about every link again, whatever the cache remembers.
    pub recheck: bool,
}

/// What a check of external links did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkCounts {
    /// Different addresses found.
    pub found: usize,
    /// Asked over the network in this run.
    pub requested: usize,
    /// Known to work from the cache.
    pub cached: usize,
    /// Left out by `links.external_skip`.
    pub skipped: usize,
    /// Warned about.
    pub bad: usize,
    pub seconds: f64,
}

/// External links found in rendered pages, by address, with the pages they are on. Pages are
/// added from the render's threads.
pub struct Collector {
    own: String,
    found: Mutex<BTreeMap<String, BTreeSet<Origin>>>,
}

impl Collector {
    /// A collector for a site at `base_url` (links under it are the site's own).
    pub fn new(base_url: &str) -> Collector {
        Collector {
            own: base_url.to_string(),
            found: Mutex::new(BTreeMap::new()),
        }
    }

    /// Adds the links of one rendered file (only HTML files have any).
    pub fn file(&self, path: &str, bytes: &[u8], origin: &Origin) {
        if !(path.ends_with(".html") || path.ends_with(".htm")) {
            return;
        }
        let html = String::from_utf8_lossy(bytes);
        let urls = extract::external_urls(&html, &self.own);
        if urls.is_empty() {
            return;
        }
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        for url in urls {
            found.entry(url).or_default().insert(origin.clone());
        }
    }
}

/// Asks about every link `collector` found (but those site.yaml skips and those the cache
/// knows to work), and warns about each that does not work, where it is written.
pub fn check(
    root: &Path,
    config: &Config,
    collector: Collector,
    opts: &LinkOptions,
    (progress, lang): (bool, Lang),
) -> (Vec<Diagnostic>, LinkCounts) {
    let started = Instant::now();
    let found = collector
        .found
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let mut counts = LinkCounts {
        found: found.len(),
        ..LinkCounts::default()
    };
    let now = cache::now();
    let mut remembered = opts.cache_dir.as_deref().map(cache::LinkCache::load);
    let mut ask = Vec::new();
    for url in found.keys() {
        if skipped(url, &config.links.external_skip) {
            counts.skipped += 1;
        } else if !opts.recheck && remembered.as_ref().is_some_and(|c| c.fresh(url, now)) {
            counts.cached += 1;
        } else {
            ask.push(url.clone());
        }
    }
    counts.requested = ask.len();
    let asked = ask.clone();
    let bar = Progress::counting(
        progress,
        lang,
        ask.len(),
        crate::messages::Status::LinksWorking,
    );
    let timeout = Duration::from_secs(config.links.timeout_seconds().into());
    let answers: BTreeMap<String, Outcome> = probe::ask_all(ask, timeout, gate::GAP, BUDGET, &bar)
        .into_iter()
        .collect();
    bar.finish();

    let mut sources = place::Sources::new(root, &config.theme, &config.source);
    let mut diags = Vec::new();
    for (url, outcome) in &answers {
        if let Some(c) = remembered.as_mut() {
            match outcome {
                Outcome::Works => c.worked(url, now),
                _ => c.failed(url),
            }
        }
        let warn = |others: usize| match outcome {
            Outcome::Works => None,
            Outcome::Broken(why) => Some(Msg::ExternalLinkBroken {
                url: url.clone(),
                why: why.clone(),
                others,
            }),
            Outcome::Unreachable(why) => Some(Msg::ExternalLinkUnreachable {
                url: url.clone(),
                why: why.clone(),
                others,
            }),
        };
        if warn(0).is_none() {
            continue;
        }
        counts.bad += 1;
        for place in sources.places(url, &found[url]) {
            let Some(msg) = warn(place.others) else {
                continue;
            };
            let mut d = Diagnostic::warning(msg);
            if let Some(file) = place.file {
                d = d.in_file(file);
            }
            if let Some((pos, text)) = place.at {
                d = d.at(pos).with_source(&text);
            }
            diags.push(d);
        }
    }
    let unfinished = asked.iter().filter(|u| !answers.contains_key(*u)).count();
    if unfinished > 0 {
        diags.push(Diagnostic::warning(Msg::ExternalLinksUnfinished {
            count: unfinished,
            seconds: BUDGET.as_secs(),
        }));
    }
    if let (Some(c), Some(dir)) = (remembered, opts.cache_dir.as_deref()) {
        c.save(dir, now);
    }
    counts.seconds = started.elapsed().as_secs_f64();
    (diags, counts)
}

/// Whether `links.external_skip` leaves `url` out: an entry with `://` is the start of an
/// address; else a host, which also covers its subdomains.
fn skipped(url: &str, skip: &[String]) -> bool {
    let host = url
        .split_once("://")
        .map(|(_, r)| r.split(['/', '?', ':']).next().unwrap_or_default())
        .unwrap_or_default()
        .to_ascii_lowercase();
    skip.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .any(|s| {
            if s.contains("://") {
                url.to_ascii_lowercase()
                    .starts_with(&s.to_ascii_lowercase())
            } else {
                let s = s.trim_start_matches('.').to_ascii_lowercase();
                host == s || host.ends_with(&format!(".{s}"))
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skip_list_takes_hosts_subdomains_and_prefixes() {
        let skip = vec![
            "beian.miit.gov.cn".to_string(),
            "example.com".to_string(),
            "https://a.example.net/private/".to_string(),
        ];
        assert!(skipped("https://beian.miit.gov.cn/", &skip));
        assert!(skipped("https://www.example.com:8443/x", &skip));
        assert!(!skipped("https://notexample.com/", &skip));
        assert!(skipped("https://A.example.net/private/x", &skip));
        assert!(!skipped("https://a.example.net/public/", &skip));
    }

    #[test]
    fn each_address_is_kept_once_with_its_pages() {
        let c = Collector::new("https://e.org/");
        let page = Origin::File("content/a.md".into());
        let html = b"<a href=\"https://x.example/\">1</a><a href=\"https://x.example/#b\">2</a>";
        c.file("a/index.html", html, &page);
        c.file("elder/a/index.html", html, &page);
        c.file("b/index.html", html, &Origin::File("content/b.md".into()));
        c.file("style.css", b"<a href=\"https://y.example/\">", &page);
        let found = c.found.into_inner().unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found["https://x.example/"].len(), 2);
    }
}

//! One content file: read, its front matter split off and parsed, its dates, slug and
//! section-only keys checked, every problem placed at its line.

use std::path::Path;

use crate::cache;
use crate::config::Config;
use crate::content::front_matter;
use crate::content::library::{Doc, EventDays};
use crate::content::paths::{check_slug, parent_dir, slug_or_keep};
use crate::diagnostics::Diagnostic;
use crate::files::walk::Entry;
use crate::messages::Msg;
use crate::yaml::positions::Placer;

/// What parsing one content file gives: its document, or why it has none.
pub type Parsed = Result<Doc, Vec<Diagnostic>>;

/// Reads and parses one file. `old` is `Some` when caching: the previous entry of this file, if
/// any, reused when the file's bytes are the same; the entry to keep is returned beside the
/// result.
pub(super) fn load_doc(
    root: &Path,
    entry: &Entry,
    config: &Config,
    is_section: bool,
    old: cache::Old<Parsed>,
) -> (Parsed, Option<cache::Kept<Parsed>>) {
    let bytes = match entry.read_bytes(root) {
        Ok(b) => b,
        Err(d) => return (Err(vec![d]), None),
    };
    cache::through(old, bytes, |bytes| {
        crate::files::decode(&format!("content/{}", entry.rel), bytes)
            .map_err(|d| vec![d])
            .and_then(|source| parse_doc(entry, config, is_section, source))
    })
}

fn parse_doc(entry: &Entry, config: &Config, is_section: bool, source: String) -> Parsed {
    let shown = format!("content/{}", entry.rel);
    let split = front_matter::split(&shown, &source).map_err(|d| vec![d])?;
    let (fm, fm_problems) = front_matter::parse_all(&shown, &split);
    let Some(fm) = fm else {
        return Err(fm_problems);
    };
    let body_start = source.len() - split.body.len();
    let body_line = split.body_line;
    let yaml_line = split.yaml_line;
    let yaml = split.yaml.to_string();

    let mut problems = Vec::new();
    let placer = Placer::new(&shown, &source, &yaml, yaml_line);
    let mut at = |key: &str, d: Diagnostic| problems.push(placer.at_value(key, d));
    if fm.title.trim().is_empty() {
        at("title", Diagnostic::error(Msg::EmptyTitle));
    }
    let mut parse_date = |key: &str, value: &Option<String>| {
        value.as_deref().and_then(
            |v| match crate::content::dates::parse(v, &config.timezone) {
                Ok(d) => Some(d),
                Err(why) => {
                    at(key, Diagnostic::error(why));
                    None
                }
            },
        )
    };
    let date = parse_date("date", &fm.date);
    let updated = parse_date("updated", &fm.updated);
    let mut event = None;
    if let Some(e) = &fm.event {
        let start = parse_date("event.start", &Some(e.start.clone()));
        let end = parse_date("event.end", &e.end);
        if let (Some(start), Some(end)) = (&start, &end)
            && end.date < start.date
        {
            at(
                "event.end",
                Diagnostic::error(Msg::EventEndsBeforeStart {
                    start: start.iso.clone(),
                    end: end.iso.clone(),
                }),
            );
        }
        event = start.map(|s| EventDays {
            start: s.date,
            end: end.map_or(s.date, |e| e.date.max(s.date)),
        });
    }
    if !is_section {
        for key in ["sort_by", "paginate_by", "transparent"] {
            let set = match key {
                "sort_by" => fm.sort_by.is_some(),
                "paginate_by" => fm.paginate_by.is_some(),
                _ => fm.transparent,
            };
            if set {
                let d = Diagnostic::error(Msg::SectionOnlyField {
                    field: key.to_string(),
                });
                problems.push(placer.at_key(key, d));
            }
        }
    }
    let slug = match &fm.slug {
        Some(s) => {
            if let Err(why) = check_slug(s) {
                let d = Diagnostic::error(Msg::BadSlug {
                    slug: s.clone(),
                    why,
                });
                problems.push(placer.at_value("slug", d));
            }
            s.clone()
        }
        None if is_section => String::new(),
        None => {
            let stem = if entry.rel.ends_with("/index.md") {
                parent_dir(&entry.rel).rsplit('/').next().unwrap_or("")
            } else {
                let name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
                name.strip_suffix(".md").unwrap_or(name)
            };
            slug_or_keep(stem)
        }
    };
    for (key, terms) in [("tags", &fm.tags), ("categories", &fm.categories)] {
        for (i, term) in terms.iter().enumerate() {
            if term.trim().is_empty() {
                let d = Diagnostic::error(Msg::EmptyTerm {
                    taxonomy: key.to_string(),
                });
                problems.push(placer.at_value(&format!("{key}[{i}]"), d));
            }
        }
    }
    // Every problem here is an error that keeps the file out of the site; all are reported.
    if !problems.is_empty() {
        let mut all = fm_problems;
        all.extend(problems);
        return Err(all);
    }
    Ok(Doc {
        rel: entry.rel.clone(),
        shown,
        source,
        body_start,
        body_line,
        fm,
        date,
        updated,
        event,
        slug,
        path: String::new(),
        problems: fm_problems,
    })
}

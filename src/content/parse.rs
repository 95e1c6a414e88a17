//! One content file: read, its front matter split off and parsed, its dates, slug and
//! section-only keys checked, every problem placed at its line.

use std::path::Path;

use crate::cache;
use crate::config::Config;
use crate::content::dates::SiteDate;
use crate::content::front_matter;
use crate::content::library::{Doc, EventDays, Expiry};
use crate::content::paths::{check_slug, parent_dir, slug_or_keep};
use crate::diagnostics::{Diagnostic, Pos};
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
    let publish_date = parse_date("publish_date", &fm.publish_date);
    let expiry_date = parse_date("expiry_date", &fm.expiry_date);
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
    let publish = publish_date.or_else(|| date.clone());
    let expiry = expiry_date.map(|written| expiry_of(written, &config.timezone));
    if let (Some(p), Some(e)) = (&publish, &expiry)
        && e.from <= p.timestamp
    {
        let d = Diagnostic::error(Msg::ExpiresBeforePublished {
            publish: p.iso.clone(),
            expiry: e.written.iso.clone(),
        });
        problems.push(placer.at_value("expiry_date", d));
    }
    if is_section {
        // A section's list is always there; its pages are what get published and withdrawn.
        for (key, set) in [
            ("publish_date", fm.publish_date.is_some()),
            ("expiry_date", fm.expiry_date.is_some()),
        ] {
            if set {
                let d = Diagnostic::error(Msg::PageOnlyField {
                    field: key.to_string(),
                });
                problems.push(placer.at_key(key, d));
            }
        }
    } else {
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
    // An access key pasted into a page would be published with it: said at its place, never
    // shown (the build fails; the page is still checked).
    let secrets: Vec<Diagnostic> = crate::config::secrets::find(&source)
        .into_iter()
        .map(|(line, col)| {
            Diagnostic::error(Msg::SecretInSite)
                .in_file(&shown)
                .at(Pos::new(line, col))
        })
        .collect();
    // Every problem here is an error that keeps the file out of the site; all are reported.
    if !problems.is_empty() {
        let mut all = fm_problems;
        all.extend(problems);
        all.extend(secrets);
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
        publish: if is_section { None } else { publish },
        expiry: if is_section { None } else { expiry },
        event,
        slug,
        path: String::new(),
        problems: fm_problems.into_iter().chain(secrets).collect(),
    })
}

/// The first second a page with `expiry_date: written` is no longer published: a bare date is
/// published through its last second, a date and time is exact.
fn expiry_of(written: SiteDate, tz: &jiff::tz::TimeZone) -> Expiry {
    let from = match written.iso.len() == 10 {
        true => written
            .date
            .tomorrow()
            .ok()
            .and_then(|d| d.to_zoned_datetime(tz.clone()).ok())
            .map_or(i64::MAX, |z| z.timestamp().as_second()),
        false => written.timestamp,
    };
    Expiry { written, from }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn a_bare_expiry_date_lasts_through_its_day_and_a_time_is_exact() {
        let day = crate::content::dates::parse("2021-12-31", &tz()).unwrap();
        let midnight_after = crate::content::dates::parse("2022-01-01", &tz()).unwrap();
        assert_eq!(expiry_of(day, &tz()).from, midnight_after.timestamp);
        let exact = crate::content::dates::parse("2021-12-31T18:00:00+08:00", &tz()).unwrap();
        assert_eq!(expiry_of(exact.clone(), &tz()).from, exact.timestamp);
    }
}

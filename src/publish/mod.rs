//! The publish stage: the files beside the pages, made from the site model once pages are
//! rendered: sitemap.xml, robots.txt, Atom feeds and events.ics.

pub(crate) mod calendar;
pub(crate) mod feeds;
pub(crate) mod sitemap;

use crate::config::Config;
use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::output::OutFile;
use crate::render::DocHtml;
use calendar::CalEvent;
use feeds::FeedEntry;
use sitemap::Entry;

pub(crate) fn publish(
    config: &Config,
    lib: &Library,
    pages_html: &[DocHtml],
    record_paths: Vec<String>,
    diags: &mut Diagnostics,
) -> Vec<OutFile> {
    let mut files = Vec::new();
    if config.sitemap {
        files.push(sitemap::sitemap(
            config,
            sitemap_entries(config, lib, record_paths),
        ));
    }
    files.push(sitemap::robots(config));
    files.extend(feeds(config, lib, pages_html, diags));
    files.push(calendar::calendar(config, events(config, lib, pages_html)));
    files
}

/// Every page of the site: documents (with their last change), records, taxonomy pages and
/// the search page.
fn sitemap_entries(config: &Config, lib: &Library, record_paths: Vec<String>) -> Vec<Entry> {
    let lastmod = |d: &crate::content::Doc| {
        d.updated
            .as_ref()
            .or(d.date.as_ref())
            .map(|d| d.iso.clone())
    };
    let mut entries: Vec<Entry> = lib
        .pages
        .iter()
        .map(|p| &p.doc)
        .chain(lib.sections.iter().map(|s| &s.doc))
        .map(|d| Entry {
            path: d.path.clone(),
            lastmod: lastmod(d),
        })
        .collect();
    entries.extend(record_paths.into_iter().map(|path| Entry {
        path,
        lastmod: None,
    }));
    for tax in &lib.taxonomies {
        let slug = crate::text::slug::slugify(&tax.name);
        entries.push(Entry {
            path: format!("/{slug}/"),
            lastmod: None,
        });
        entries.extend(tax.terms.iter().map(|t| Entry {
            path: format!("/{slug}/{}/", t.slug),
            lastmod: None,
        }));
    }
    if config.search {
        entries.push(Entry {
            path: "/search/".into(),
            lastmod: None,
        });
    }
    entries
}

/// An Atom feed of each section named in site.yaml's `feeds`.
fn feeds(
    config: &Config,
    lib: &Library,
    pages_html: &[DocHtml],
    diags: &mut Diagnostics,
) -> Vec<OutFile> {
    let mut files = Vec::new();
    for (i, name) in config.feeds.iter().enumerate() {
        let path = format!("/{}/", name.trim_matches('/'));
        let Some(section) = lib.sections.iter().find(|s| s.doc.path == path) else {
            diags.push(config.diag_at(
                &format!("feeds[{i}]"),
                Diagnostic::error(Msg::FeedNoSection {
                    path: path.to_string(),
                }),
            ));
            continue;
        };
        let entries: Vec<FeedEntry<'_>> = section
            .pages
            .iter()
            .map(|&p| {
                let doc = &lib.pages[p].doc;
                FeedEntry {
                    title: &doc.fm.title,
                    path: &doc.path,
                    date: doc.date.as_ref(),
                    updated: doc.updated.as_ref(),
                    summary: &pages_html[p].summary,
                }
            })
            .collect();
        files.push(feeds::atom(
            config,
            &section.doc.fm.title,
            &section.doc.path,
            &entries,
        ));
    }
    files
}

/// The events of the calendar: pages with an `event`, and the national campaigns of every
/// year the site covers.
fn events(config: &Config, lib: &Library, pages_html: &[DocHtml]) -> Vec<CalEvent> {
    let mut events = Vec::new();
    let mut dates = Vec::new();
    for (p, page) in lib.pages.iter().enumerate() {
        let doc = &page.doc;
        if let Some(d) = &doc.date {
            dates.push(d.date);
        }
        let (Some(event), Some(days)) = (&doc.fm.event, doc.event) else {
            continue;
        };
        let (start, end) = (days.start, days.end);
        dates.push(start);
        let stamp = doc
            .updated
            .as_ref()
            .or(doc.date.as_ref())
            .map_or(start, |d| d.date);
        let description = doc.fm.description.clone().unwrap_or_else(|| {
            crate::text::html::truncate_text(
                &crate::text::html::strip_tags(&pages_html[p].summary),
                200,
            )
        });
        events.push(CalEvent {
            uid: calendar::uid_for(&doc.rel),
            summary: event.title.clone().unwrap_or_else(|| doc.fm.title.clone()),
            start,
            end,
            location: event.location.clone(),
            description: Some(description).filter(|d| !d.is_empty()),
            path: Some(doc.path.clone()),
            stamp,
        });
    }
    events.extend(calendar::campaign_events(
        config,
        calendar::years_covered(dates),
    ));
    events
}

//! From the walked files to the `Library`: parse every file in parallel (`parse`), then give
//! each its URL, its section and its place in the order.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;

use crate::cache::{self, Fingerprint, Memo};
use crate::config::Config;
use crate::content::front_matter::{self, SortBy};
use crate::content::library::{Doc, LeftOut, Library, Page, Section, Taxonomy, Term};
use crate::content::parse::{self, Parsed};
use crate::content::paths::{parent_dir, slug_or_keep};
use crate::diagnostics::timing::Timer;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::files::walk::{self, Entry};
use crate::messages::Msg;

/// Which pages a build publishes besides those that are due.
#[derive(Debug, Clone, Copy, Default)]
pub struct Include {
    /// `--drafts`: pages and sections with `draft: true`.
    pub drafts: bool,
    /// `--future`: pages whose `publish_date` (or `date`) is still to come.
    pub future: bool,
    /// `--expired`: pages whose `expiry_date` has passed.
    pub expired: bool,
    /// Now, in seconds since the epoch: what is due.
    pub now: i64,
}

impl Include {
    /// Why a page is not published in this build, if it is not.
    pub fn left_out(&self, doc: &Doc) -> Option<LeftOut> {
        if doc.fm.draft && !self.drafts {
            return Some(LeftOut::Draft);
        }
        if let Some(p) = &doc.publish
            && p.timestamp > self.now
            && !self.future
        {
            return Some(LeftOut::Future(p.date));
        }
        if let Some(e) = &doc.expiry
            && e.from <= self.now
            && !self.expired
        {
            return Some(LeftOut::Expired(e.written.date));
        }
        None
    }
}

/// Loads the content. With a `cache` (serve), a file whose text is unchanged since the last
/// build is not parsed again.
pub fn load(
    root: &Path,
    config: &Config,
    include: Include,
    cache: Option<&Memo<Parsed>>,
    timer: &mut Timer,
    diags: &mut Diagnostics,
) -> Library {
    let files = walk::walk(root, diags);
    timer.mark("content: walk");

    // Parsing depends on the file's text and on site.yaml (the time zone of dates).
    let fingerprint = Fingerprint::default().add(&config.source).finish();
    let mut previous = cache.map(|c| c.take(fingerprint));
    let mut kept = Vec::new();
    let mut parse_all = |entries: &[Entry], is_section: bool| -> Vec<Parsed> {
        let olds: Vec<cache::Old<Parsed>> = entries
            .iter()
            .map(|e| previous.as_mut().map(|p| p.remove(&e.rel)))
            .collect();
        let (parsed, keep): (Vec<Parsed>, Vec<Option<cache::Kept<Parsed>>>) = entries
            .par_iter()
            .zip(olds)
            .map(|(e, old)| parse::load_doc(root, e, config, is_section, old))
            .unzip();
        kept.extend(
            entries
                .iter()
                .zip(keep)
                .filter_map(|(e, k)| Some((e.rel.clone(), k?))),
        );
        parsed
    };
    let section_docs = parse_all(&files.sections, true);
    let page_docs = parse_all(&files.pages, false);
    timer.mark("content: parse");
    if let Some(cache) = cache {
        cache.put(fingerprint, kept);
    }

    let mut lib = Library::default();
    let mut section_dirs: BTreeMap<String, usize> = BTreeMap::new();
    for mut result in section_docs {
        if let Ok(doc) = &mut result {
            diags.extend(std::mem::take(&mut doc.problems));
        }
        match result {
            Ok(doc) if doc.fm.draft && !include.drafts => {
                lib.left_out.insert(doc.rel.clone(), LeftOut::Draft);
            }
            Ok(doc) => {
                let dir = parent_dir(&doc.rel).to_string();
                section_dirs.insert(dir, lib.sections.len());
                lib.sections.push(new_section(doc, false));
            }
            Err(ds) => {
                lib.left_out.extend(failed_rel(&ds, "content/"));
                diags.extend(ds);
            }
        }
    }
    if !section_dirs.contains_key("") {
        // No content/_index.md: the home page still exists, titled after the site.
        section_dirs.insert(String::new(), lib.sections.len());
        lib.sections.push(new_section(implicit_root(config), true));
    }
    for i in 0..lib.sections.len() {
        let dir = parent_dir(&lib.sections[i].doc.rel).to_string();
        lib.sections[i].parent = if dir.is_empty() {
            None
        } else {
            Some(nearest_section(&section_dirs, parent_dir(&dir)))
        };
    }

    // URLs: each folder's URL comes from its section's slug or the folder name in pinyin.
    let mut dir_urls: HashMap<String, String> = HashMap::new();
    let dirs: Vec<String> = section_dirs.keys().cloned().collect();
    for dir in &dirs {
        let url = dir_url(dir, &section_dirs, &lib.sections, &mut dir_urls);
        let i = section_dirs[dir];
        lib.sections[i].doc.path = url;
    }

    lib.pages.reserve_exact(page_docs.len());
    for mut result in page_docs {
        if let Ok(doc) = &mut result {
            diags.extend(std::mem::take(&mut doc.problems));
        }
        let mut doc = match result {
            Ok(doc) => match include.left_out(&doc) {
                Some(why) => {
                    lib.left_out.insert(doc.rel.clone(), why);
                    continue;
                }
                None => doc,
            },
            Err(ds) => {
                lib.left_out.extend(failed_rel(&ds, "content/"));
                diags.extend(ds);
                continue;
            }
        };
        let is_bundle = doc.rel.ends_with("/index.md") || doc.rel == "index.md";
        let home_dir = if is_bundle {
            parent_dir(parent_dir(&doc.rel))
        } else {
            parent_dir(&doc.rel)
        };
        if doc.rel == "index.md" {
            diags.push(Diagnostic::error(Msg::IndexMd).in_file(&doc.shown));
            continue;
        }
        let base = dir_url(home_dir, &section_dirs, &lib.sections, &mut dir_urls);
        doc.path = format!("{base}{}/", doc.slug);
        let section = nearest_section(&section_dirs, home_dir);
        lib.pages.push(Page {
            doc,
            section,
            assets: Vec::new(),
        });
    }

    attach_assets(&mut lib, files.assets, &section_dirs);
    check_unique_paths(&lib, diags);
    for (i, p) in lib.pages.iter().enumerate() {
        lib.page_by_rel.insert(p.doc.rel.clone(), i);
    }
    for (i, s) in lib.sections.iter().enumerate() {
        lib.section_by_rel.insert(s.doc.rel.clone(), i);
    }
    order_sections(&mut lib);
    lib.taxonomies = collect_taxonomies(&lib, config);
    lib
}

fn new_section(doc: Doc, implicit: bool) -> Section {
    Section {
        doc,
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        assets: Vec::new(),
        implicit,
    }
}

fn implicit_root(config: &Config) -> Doc {
    Doc {
        rel: "_index.md".into(),
        shown: "content/_index.md".into(),
        source: String::new(),
        body_start: 0,
        body_line: 1,
        fm: front_matter::FrontMatter {
            title: config.title.clone(),
            ..Default::default()
        },
        date: None,
        updated: None,
        publish: None,
        expiry: None,
        event: None,
        slug: String::new(),
        path: "/".into(),
        problems: Vec::new(),
    }
}

fn nearest_section(section_dirs: &BTreeMap<String, usize>, mut dir: &str) -> usize {
    loop {
        if let Some(&i) = section_dirs.get(dir) {
            return i;
        }
        if dir.is_empty() {
            return 0;
        }
        dir = parent_dir(dir);
    }
}

fn dir_url(
    dir: &str,
    section_dirs: &BTreeMap<String, usize>,
    sections: &[Section],
    memo: &mut HashMap<String, String>,
) -> String {
    if dir.is_empty() {
        return "/".into();
    }
    if let Some(url) = memo.get(dir) {
        return url.clone();
    }
    let parent = dir_url(parent_dir(dir), section_dirs, sections, memo);
    let name = dir.rsplit('/').next().unwrap_or(dir);
    let own = match section_dirs.get(dir) {
        Some(&i) if !sections[i].doc.slug.is_empty() => sections[i].doc.slug.clone(),
        _ => slug_or_keep(name),
    };
    let url = format!("{parent}{own}/");
    memo.insert(dir.to_string(), url.clone());
    url
}

/// Bundle files go beside their page; other files beside their folder's section.
fn attach_assets(lib: &mut Library, assets: Vec<Entry>, section_dirs: &BTreeMap<String, usize>) {
    let bundles: HashMap<String, usize> = lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.doc.rel.ends_with("/index.md"))
        .map(|(i, p)| (parent_dir(&p.doc.rel).to_string(), i))
        .collect();
    for asset in assets {
        let mut dir = parent_dir(&asset.rel);
        let owner = loop {
            if let Some(&i) = bundles.get(dir) {
                break Some(i);
            }
            if dir.is_empty() || section_dirs.contains_key(dir) {
                break None;
            }
            dir = parent_dir(dir);
        };
        match owner {
            Some(i) => lib.pages[i].assets.push(asset),
            None => {
                let s = nearest_section(section_dirs, parent_dir(&asset.rel));
                lib.sections[s].assets.push(asset);
            }
        }
    }
}

fn check_unique_paths(lib: &Library, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let docs = lib.docs();
    for doc in docs {
        if let Some(first) = seen.insert(&doc.path, &doc.shown) {
            diags.push(
                Diagnostic::error(Msg::UrlClaimedTwice {
                    url: doc.path.clone(),
                    first: first.to_string(),
                })
                .in_file(&doc.shown),
            );
        }
    }
}

fn order_sections(lib: &mut Library) {
    let n = lib.sections.len();
    let mut pages: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in lib.pages.iter().enumerate() {
        pages[p.section].push(i);
        // Pages of a transparent section also list in its parent.
        let mut s = p.section;
        while lib.sections[s].doc.fm.transparent {
            match lib.sections[s].parent {
                Some(parent) => {
                    pages[parent].push(i);
                    s = parent;
                }
                None => break,
            }
        }
    }
    let mut subsections: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in lib.sections.iter().enumerate() {
        if let Some(parent) = s.parent {
            subsections[parent].push(i);
        }
    }
    for (i, list) in pages.iter_mut().enumerate() {
        let sort_by = lib.sections[i].doc.fm.sort_by.unwrap_or_default();
        list.sort_by(|&a, &b| compare_pages(&lib.pages[a].doc, &lib.pages[b].doc, sort_by));
    }
    for list in subsections.iter_mut() {
        list.sort_by(|&a, &b| {
            let (a, b) = (&lib.sections[a].doc, &lib.sections[b].doc);
            (a.fm.weight.unwrap_or(i64::MAX), &a.fm.title, &a.rel).cmp(&(
                b.fm.weight.unwrap_or(i64::MAX),
                &b.fm.title,
                &b.rel,
            ))
        });
    }
    for (i, s) in lib.sections.iter_mut().enumerate() {
        s.pages = std::mem::take(&mut pages[i]);
        s.subsections = std::mem::take(&mut subsections[i]);
    }
}

/// Date: newest first, undated last; weight: lightest first; title: by title. Ties by path.
fn compare_pages(a: &Doc, b: &Doc, sort_by: SortBy) -> std::cmp::Ordering {
    let primary = match sort_by {
        SortBy::Date => {
            let key = |d: &Doc| std::cmp::Reverse(d.date.as_ref().map(|d| d.timestamp));
            key(a).cmp(&key(b))
        }
        SortBy::Weight => {
            a.fm.weight
                .unwrap_or(i64::MAX)
                .cmp(&b.fm.weight.unwrap_or(i64::MAX))
        }
        SortBy::Title => a.fm.title.cmp(&b.fm.title),
    };
    primary.then_with(|| a.rel.cmp(&b.rel))
}

/// The content file (`news/a.md`) the errors of a document that failed to load are about.
fn failed_rel(ds: &[Diagnostic], prefix: &str) -> Option<(String, LeftOut)> {
    let path = ds.iter().find_map(|d| d.path.as_deref())?;
    Some((path.strip_prefix(prefix)?.to_string(), LeftOut::Failed))
}

fn collect_taxonomies(lib: &Library, config: &Config) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|&taxonomy| {
            let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, p) in lib.pages.iter().enumerate() {
                let values = match taxonomy {
                    crate::config::Taxonomy::Categories => &p.doc.fm.categories,
                    crate::config::Taxonomy::Tags => &p.doc.fm.tags,
                };
                for v in values {
                    let list = terms.entry(v.clone()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            let mut terms: Vec<Term> = terms
                .into_iter()
                .map(|(name, mut pages)| {
                    pages.sort_by(|&a, &b| {
                        compare_pages(&lib.pages[a].doc, &lib.pages[b].doc, SortBy::Date)
                    });
                    Term {
                        slug: slug_or_keep(&name),
                        name,
                        pages,
                    }
                })
                .collect();
            terms.sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.name.cmp(&b.name)));
            dedupe_term_slugs(&mut terms);
            Taxonomy {
                name: taxonomy.name().to_string(),
                terms,
            }
        })
        .collect()
}

/// Two terms with one pinyin (`节水` and `结水`) get `-1`, `-2` so their pages stay apart.
fn dedupe_term_slugs(terms: &mut [Term]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for term in terms.iter_mut() {
        let n = count.entry(term.slug.clone()).or_insert(0);
        if *n > 0 {
            term.slug = format!("{}-{n}", term.slug);
        }
        *n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::library::Expiry;

    fn doc(publish: Option<i64>, expiry: Option<i64>) -> Doc {
        let at = |ts: i64| crate::content::dates::SiteDate {
            iso: String::new(),
            date: jiff::civil::date(2021, 3, 22),
            timestamp: ts,
        };
        let config = Config::parse("title: t\nbase_url: https://e.org/\n", None).unwrap();
        let mut d = implicit_root(&config);
        d.publish = publish.map(at);
        d.expiry = expiry.map(|ts| Expiry {
            written: at(ts),
            from: ts,
        });
        d
    }

    #[test]
    fn a_page_is_due_from_its_publish_second_until_its_expiry_second() {
        let at = |now| Include {
            now,
            ..Include::default()
        };
        let d = doc(Some(100), Some(200));
        assert!(matches!(at(99).left_out(&d), Some(LeftOut::Future(_))));
        assert_eq!(at(100).left_out(&d), None);
        assert_eq!(at(199).left_out(&d), None);
        assert!(matches!(at(200).left_out(&d), Some(LeftOut::Expired(_))));
        let preview = Include {
            future: true,
            expired: true,
            ..at(0)
        };
        assert_eq!(preview.left_out(&d), None);
        assert_eq!(at(0).left_out(&doc(None, None)), None);
    }
}

//! The site model: pages and sections in vectors, sections holding indices (not references),
//! and a map from each content path (`news/a.md`) to its document.

use std::collections::HashMap;

use crate::content::dates::SiteDate;
use crate::content::front_matter::FrontMatter;
use crate::files::walk::Entry;

/// What pages and sections share.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Relative to `content/` (`news/a.md`, `news/_index.md`).
    pub rel: String,
    /// Relative to the site root, for messages (`content/news/a.md`).
    pub shown: String,
    /// The whole file text.
    pub source: String,
    /// Byte offset where the body starts in `source`.
    pub body_start: usize,
    /// The file line the body starts on.
    pub body_line: usize,
    pub fm: FrontMatter,
    pub date: Option<SiteDate>,
    pub updated: Option<SiteDate>,
    /// When it may be published: `publish_date`, else `date` (pages only).
    pub publish: Option<SiteDate>,
    /// `expiry_date`: the first second it is no longer published.
    pub expiry: Option<Expiry>,
    /// The days of the `event:` of the front matter, when it has one with a valid start.
    pub event: Option<EventDays>,
    pub slug: String,
    /// Site-relative URL path, starting and ending with `/` (`/news/a/`).
    pub path: String,
    /// Wrong keys of its front matter, left out: reported (the build fails), while the rest
    /// of the file is still checked.
    pub problems: Vec<crate::diagnostics::Diagnostic>,
}

/// `expiry_date` as written, and the first second the page is no longer published: for a date,
/// the midnight that ends it (a page that expires on 12-31 is still published that day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    pub written: SiteDate,
    pub from: i64,
}

/// The first and last day of an event (the last is the first when no valid `end` is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDays {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
}

impl Doc {
    pub fn body(&self) -> &str {
        self.source.get(self.body_start..).unwrap_or("")
    }

    /// Takes the whole file text out, to render the body from (`source[body_start..]`) and then
    /// free; the front matter stays, copied, for messages. The text is moved, not copied, so it
    /// is freed where it was allocated (by the thread that read it), for that thread to reuse.
    pub fn take_source(&mut self) -> String {
        let front = self.source.get(..self.body_start).unwrap_or("").to_string();
        std::mem::replace(&mut self.source, front)
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Doc,
    /// Index of its section in `Library::sections`.
    pub section: usize,
    /// Files of a page bundle, copied beside the page.
    pub assets: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Doc,
    pub parent: Option<usize>,
    /// Sorted as the section asks (transparent children's pages included).
    pub pages: Vec<usize>,
    /// Sorted by weight, then title.
    pub subsections: Vec<usize>,
    /// Files in the section's folder that belong to no bundle.
    pub assets: Vec<Entry>,
    /// Whether the section was written (`_index.md`) or stands in for a missing one.
    pub implicit: bool,
}

/// One taxonomy (`tags`) and its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Pages carrying the term, newest first.
    pub pages: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    /// `news/a.md` → page index; `news/_index.md` → section index.
    pub page_by_rel: HashMap<String, usize>,
    pub section_by_rel: HashMap<String, usize>,
    /// Content files that exist but are not in the site, and why: a link to one says so
    /// (a draft), or nothing more (its own error is reported).
    pub left_out: std::collections::BTreeMap<String, LeftOut>,
}

/// Why a content file that exists is not in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeftOut {
    /// `draft: true`, built only with `--drafts`.
    Draft,
    /// Its `publish_date` (or `date`) is still to come; built only with `--future`.
    Future(jiff::civil::Date),
    /// Its `expiry_date` has passed; built only with `--expired`.
    Expired(jiff::civil::Date),
    /// It has errors, reported at it.
    Failed,
}

impl Library {
    /// Every document: the sections, then the pages.
    pub fn docs(&self) -> impl Iterator<Item = &Doc> {
        self.sections
            .iter()
            .map(|s| &s.doc)
            .chain(self.pages.iter().map(|p| &p.doc))
    }

    pub fn root_section(&self) -> usize {
        self.section_by_rel.get("_index.md").copied().unwrap_or(0)
    }

    /// The URL path of a content file (`news/a.md`), if it exists.
    pub fn path_of(&self, rel: &str) -> Option<&str> {
        if let Some(&i) = self.page_by_rel.get(rel) {
            return Some(&self.pages[i].doc.path);
        }
        self.section_by_rel
            .get(rel)
            .map(|&i| self.sections[i].doc.path.as_str())
    }
}

impl Doc {
    /// A diagnostic at a front-matter key of this file (at the file when the key is not found).
    pub fn diag_at_key(
        &self,
        key: &str,
        d: crate::diagnostics::Diagnostic,
    ) -> crate::diagnostics::Diagnostic {
        let yaml = self
            .source
            .find('\n')
            .and_then(|i| self.source.get(i + 1..self.body_start))
            .unwrap_or("");
        crate::yaml::positions::Placer::new(&self.shown, &self.source, yaml, 2).at_value(key, d)
    }

    /// A diagnostic at byte `offset` of `body`, this document's body text.
    pub fn diag_in_body(
        &self,
        body: &str,
        offset: usize,
        d: crate::diagnostics::Diagnostic,
    ) -> crate::diagnostics::Diagnostic {
        let pos = crate::diagnostics::Pos::of_offset(body, offset, self.body_line);
        d.in_file(&self.shown)
            .at(pos)
            .with_source_lines(body, self.body_line)
    }
}

//! What templates see: page and section values built once per build and shared (cheap `Arc`
//! clones) by every context that shows them, never a per-page copy of the whole site.

use tera::{Map, Value};

use crate::config::Config;
use crate::content::{Doc, Library, Page, Section};
use crate::data::DocRefs;
use crate::data::refs::Kind;
use crate::output::urls::permalink;
use crate::render::records::RecordViews;
use crate::render::values::{empty_list, obj};
use crate::text::html::strip_tags;

fn opt_str(s: &Option<String>) -> Value {
    match s {
        Some(s) => Value::from(s.as_str()),
        None => Value::none(),
    }
}

fn strings(list: &[String]) -> Value {
    if list.is_empty() {
        return empty_list();
    }
    Value::from(
        list.iter()
            .map(|s| Value::from(s.as_str()))
            .collect::<Vec<_>>(),
    )
}

/// What markdown rendering produced for one document, ready for its view.
#[derive(Debug, Clone)]
pub(crate) struct DocHtml {
    pub content: String,
    pub summary: String,
    /// Plain text, for the search index.
    pub text: String,
    pub toc: Value,
    pub word_count: usize,
}

/// Fields pages and sections share.
fn doc_fields(doc: &Doc, config: &Config, html: Option<&DocHtml>) -> Map {
    let fm = &doc.fm;
    let mut m = Map::with_capacity(32);
    let mut put = |k: &'static str, v: Value| {
        m.insert(k.into(), v);
    };
    put("title", Value::from(fm.title.as_str()));
    let summary = html.map(|h| h.summary.as_str()).unwrap_or("");
    let description = match &fm.description {
        Some(d) => d.clone(),
        None => crate::text::html::truncate_text(&strip_tags(summary), 160),
    };
    put("description", Value::from(description));
    put(
        "date",
        doc.date
            .as_ref()
            .map_or(Value::none(), |d| Value::from(d.iso.as_str())),
    );
    put(
        "updated",
        doc.updated
            .as_ref()
            .map_or(Value::none(), |d| Value::from(d.iso.as_str())),
    );
    put("publish_date", opt_str(&fm.publish_date));
    put("expiry_date", opt_str(&fm.expiry_date));
    put("slug", Value::from(doc.slug.as_str()));
    put("path", Value::from(doc.path.as_str()));
    put(
        "permalink",
        Value::from(permalink(&config.base_url, &doc.path)),
    );
    put("relative_path", Value::from(doc.rel.as_str()));
    put("weight", fm.weight.map_or(Value::none(), Value::from));
    put("draft", Value::from(fm.draft));
    put("template", opt_str(&fm.template));
    // The cover photo as a site path: beside the page unless it starts with `/`.
    put(
        "cover",
        fm.cover
            .as_deref()
            .map_or(Value::none(), |c| match c.starts_with('/') {
                true => Value::from(c),
                false => Value::from(format!("{}{c}", doc.path)),
            }),
    );
    put("extra", Value::from_serializable(&fm.extra));
    match html {
        Some(h) => {
            put("content", Value::safe_string(&h.content));
            put("summary", Value::safe_string(&h.summary));
            put("toc", h.toc.clone());
            put("word_count", Value::from(h.word_count));
            put("reading_time", Value::from(h.word_count.div_ceil(400)));
        }
        None => {
            put("content", Value::safe_string(""));
            put("summary", Value::safe_string(""));
            put("toc", Value::from(Vec::<Value>::new()));
            put("word_count", Value::from(0usize));
            put("reading_time", Value::from(0usize));
        }
    }
    m
}

pub(crate) fn page_view(
    page: &Page,
    lib: &Library,
    config: &Config,
    html: Option<&DocHtml>,
    refs: Option<&DocRefs>,
    records: &RecordViews,
) -> Value {
    let doc = &page.doc;
    let mut m = doc_fields(doc, config, html);
    let fm = &doc.fm;
    let mut put = |k: &'static str, v: Value| {
        m.insert(k.into(), v);
    };
    put("tags", strings(&fm.tags));
    put("categories", strings(&fm.categories));
    let none = DocRefs::default();
    let refs = refs.unwrap_or(&none);
    put("districts", records.pick(Kind::Districts, &refs.districts));
    put("lead", records.pick(Kind::Units, &refs.lead));
    put(
        "participants",
        records.pick(Kind::Units, &refs.participants),
    );
    put("carriers", records.pick(Kind::Carriers, &refs.carriers));
    put(
        "event",
        fm.event
            .as_ref()
            .map_or(Value::none(), Value::from_serializable),
    );
    put("pinyin", Value::from(fm.pinyin));
    put("aliases", strings(&fm.aliases));
    put(
        "section",
        Value::from(lib.sections[page.section].doc.path.as_str()),
    );
    let assets: Vec<Value> = page
        .assets
        .iter()
        .map(|a| {
            let name = a.rel.rsplit('/').next().unwrap_or(&a.rel);
            Value::from(format!("{}{name}", doc.path))
        })
        .collect();
    put(
        "assets",
        if assets.is_empty() {
            empty_list()
        } else {
            Value::from(assets)
        },
    );
    Value::from(m)
}

/// A page as listed (in sections, terms, record pages, lookups) when no template reads a listed
/// page's HTML: its whole view but `content` and `toc`.
pub(crate) fn list_entry(view: &Value) -> Value {
    let Some(map) = view.as_map() else {
        return view.clone();
    };
    let mut m = Map::with_capacity(map.len().saturating_sub(2));
    for (k, v) in map {
        if !matches!(k.as_str(), Some("content" | "toc")) {
            m.insert(k.clone(), v.clone());
        }
    }
    Value::from(m)
}

/// What shortcodes see of a page while pages are still being rendered (no content yet).
pub(crate) fn light_view(doc: &Doc, config: &Config) -> Value {
    obj([
        ("title", Value::from(doc.fm.title.as_str())),
        (
            "description",
            doc.fm
                .description
                .as_deref()
                .map_or(Value::none(), Value::from),
        ),
        (
            "date",
            doc.date
                .as_ref()
                .map_or(Value::none(), |d| Value::from(d.iso.as_str())),
        ),
        ("slug", Value::from(doc.slug.as_str())),
        ("path", Value::from(doc.path.as_str())),
        (
            "permalink",
            Value::from(permalink(&config.base_url, &doc.path)),
        ),
        ("relative_path", Value::from(doc.rel.as_str())),
        ("extra", Value::from_serializable(&doc.fm.extra)),
    ])
}

/// A section without its pages (as listed in `subsections`).
pub(crate) fn section_summary(section: &Section, config: &Config, html: Option<&DocHtml>) -> Value {
    let mut m = doc_fields(&section.doc, config, html);
    m.insert("page_count".into(), Value::from(section.pages.len()));
    Value::from(m)
}

/// A whole section: `pages` given (the slice being shown), `subsections` from `summaries`.
pub(crate) fn section_view(
    section: &Section,
    base: &Value,
    pages: Vec<Value>,
    summaries: &[Value],
    paginator: Value,
) -> Value {
    let mut m = base.as_map().cloned().unwrap_or_default();
    m.insert("pages".into(), Value::from(pages));
    let subs: Vec<Value> = section
        .subsections
        .iter()
        .map(|&i| summaries[i].clone())
        .collect();
    m.insert("subsections".into(), Value::from(subs));
    m.insert("paginator".into(), paginator);
    Value::from(m)
}

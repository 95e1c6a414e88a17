//! Markdown for every page and section, in parallel: internal links resolved, shortcodes
//! rendered from `templates/shortcodes/`, and every problem placed at its file line.

use std::cell::RefCell;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::cache::{self, Memo};
use crate::config::Config;
use crate::content::{Doc, Library};
use crate::data::Typed;
use crate::data::refs::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, Severity};
use crate::messages::Msg;
use crate::output::ImageRef;
use crate::render::DocHtml;
use crate::render::doc_host::DocHost;
use crate::render::templates::TemplateSources;

/// Markdown results for all sections, then all pages (same order as the library).
pub(crate) struct MarkdownResults {
    pub(crate) sections: Vec<DocHtml>,
    pub(crate) pages: Vec<DocHtml>,
    /// The view of each page kept for lists and lookups, built as soon as its HTML exists: the
    /// whole view (its HTML then lives only there, never twice), or, when pages stream, its
    /// list entry without `content` and `toc`.
    pub(crate) page_views: Vec<tera::Value>,
    /// Records each page shows through `carrier(id)` / `leader(id)` shortcodes.
    pub(crate) page_mentions: Vec<Vec<(Kind, usize)>>,
    /// Every image of every document, to be looked for in the output once it is written.
    pub(crate) images: Vec<ImageRef>,
}

/// What rendering one document's Markdown gives (kept by the serve cache).
#[derive(Clone)]
pub(crate) struct DocResult {
    html: DocHtml,
    anchors: Vec<String>,
    /// Internal links with an anchor, each with a diagnostic placed at it, to fill in when the
    /// anchor turns out to be missing.
    links: Vec<(markdown::LinkRef, Diagnostic)>,
    /// Every image's address, with the warning placed at it should the file be missing.
    images: Vec<(String, Diagnostic)>,
    diags: Vec<Diagnostic>,
    mentions: Vec<(Kind, usize)>,
}

/// What rendering a document needs from the rest of the build.
pub(crate) struct Env<'a> {
    pub(crate) config: &'a Config,
    pub(crate) paths: &'a HashMap<String, String>,
    /// Content files not in the site (drafts, files with errors), for what links to them say.
    pub(crate) left_out: &'a std::collections::BTreeMap<String, crate::content::LeftOut>,
    pub(crate) tera: &'a tera::Tera,
    pub(crate) sources: &'a TemplateSources,
    pub(crate) typed: &'a Typed,
    /// The serve cache and the fingerprint of this build's context.
    pub(crate) cache: Option<(&'a Memo<DocResult>, u64)>,
    /// The photos of the site, which each `<img>` of a page becomes a `<picture>` of.
    pub(crate) images: &'a crate::images::Images,
}

/// A previous result for one document.
type Old = cache::Old<DocResult>;

/// The sections' Markdown, rendered before the pages' (whose shortcodes and templates may show
/// sections), with what the pages' pass needs from the serve cache.
pub(crate) struct Sections {
    results: Vec<DocResult>,
    keep: Vec<Option<cache::Kept<DocResult>>>,
    page_olds: Vec<Old>,
}

impl Sections {
    /// Each section's HTML, in library order.
    pub(crate) fn html(&self) -> impl Iterator<Item = &DocHtml> {
        self.results.iter().map(|r| &r.html)
    }
}

fn render_one(env: &Env<'_>, doc: &Doc, body: &str) -> DocResult {
    render_doc(doc, body, env)
}

/// Renders every section's Markdown (taking this build's entries out of the serve cache).
pub(crate) fn render_sections(lib: &Library, env: &Env<'_>) -> Sections {
    let mut previous = env.cache.map(|(c, fingerprint)| c.take(fingerprint));
    let mut old = |doc: &Doc| -> Old { previous.as_mut().map(|p| p.remove(&doc.rel)) };
    let section_olds: Vec<Old> = lib.sections.iter().map(|s| old(&s.doc)).collect();
    let page_olds: Vec<Old> = lib.pages.iter().map(|p| old(&p.doc)).collect();
    let (results, keep) = lib
        .sections
        .par_iter()
        .zip(section_olds)
        .map(|(s, old)| {
            let (mut r, keep) =
                cache::through(old, s.doc.body(), |body| render_one(env, &s.doc, body));
            pictures(env, &s.doc, s.doc.body(), &mut r);
            (r, keep)
        })
        .unzip();
    Sections {
        results,
        keep,
        page_olds,
    }
}

/// What is done with a page as soon as its Markdown is rendered: its view is made (and, when
/// pages stream, its file rendered and written); returns the view to keep for lists and
/// lookups. It may take what it used out of the HTML.
pub(crate) type PageDone<'a> = dyn Fn(usize, &mut DocHtml) -> tera::Value + Sync + 'a;

/// Renders every page's Markdown, handing each to `done`, then checks the links between
/// documents and keeps this build's results in the serve cache.
pub(crate) fn render_pages(
    lib: &Library,
    env: &Env<'_>,
    sections: Sections,
    page_sources: Vec<String>,
    done: &PageDone<'_>,
    diags: &mut Diagnostics,
) -> MarkdownResults {
    let Sections {
        results: sections,
        keep: section_keep,
        page_olds,
    } = sections;
    // Each page's text is freed as soon as it is rendered. (Kept entries are boxed: when not
    // caching, the list of them is a list of null pointers.)
    type Keep = Option<Box<cache::Kept<DocResult>>>;
    let (pages, (page_views, page_keep)): (Vec<DocResult>, (Vec<tera::Value>, Vec<Keep>)) = lib
        .pages
        .par_iter()
        .zip(page_sources.into_par_iter())
        .zip(page_olds)
        .enumerate()
        .map(|(i, ((p, source), old))| {
            let body = source.get(p.doc.body_start..).unwrap_or("");
            let (mut result, keep) = cache::through(old, body, |b| render_one(env, &p.doc, b));
            pictures(env, &p.doc, body, &mut result);
            drop(source);
            let view = done(i, &mut result.html);
            (result, (view, keep.map(Box::new)))
        })
        .unzip();
    if let Some((cache, fingerprint)) = env.cache {
        let docs = lib.docs();
        let keep = section_keep
            .into_iter()
            .chain(page_keep.into_iter().map(|k| k.map(|b| *b)));
        cache.put(
            fingerprint,
            docs.zip(keep)
                .filter_map(|(d, k)| Some((d.rel.clone(), k?))),
        );
    }

    // Anchors of every document, then every `@/x.md#anchor` checked against them.
    let mut anchors: HashMap<&str, &[String]> = HashMap::new();
    for (s, r) in lib.sections.iter().zip(&sections) {
        anchors.insert(&s.doc.rel, &r.anchors);
    }
    for (p, r) in lib.pages.iter().zip(&pages) {
        anchors.insert(&p.doc.rel, &r.anchors);
    }
    for result in sections.iter().chain(&pages) {
        diags.extend(result.diags.iter().cloned());
        for (link, placed) in &result.links {
            let (Some(anchor), Some(list)) = (&link.anchor, anchors.get(link.path.as_str())) else {
                continue;
            };
            if !list.iter().any(|a| a == anchor) {
                diags.push(placed.clone().with_msg(Msg::MissingHeading {
                    path: link.path.clone(),
                    anchor: anchor.clone(),
                    headings: list.to_vec(),
                }));
            }
        }
    }
    let page_mentions = pages.iter().map(|r| r.mentions.clone()).collect();
    let images = lib
        .docs()
        .zip(sections.iter().chain(&pages))
        .flat_map(|(doc, r)| {
            r.images.iter().map(|(src, missing)| ImageRef {
                doc_path: doc.path.clone(),
                src: src.clone(),
                missing: missing.clone(),
            })
        })
        .collect();
    MarkdownResults {
        images,
        sections: sections.into_iter().map(|r| r.html).collect(),
        pages: pages.into_iter().map(|r| r.html).collect(),
        page_views,
        page_mentions,
    }
}

/// Every `<img>` of a document's HTML that shows a photo of the site becomes a `<picture>`
/// (done after the serve cache, so a replaced photo is seen even when the text is not
/// changed); what is wrong with a photo is placed at the line that shows it. Only the first
/// image of the page is loaded at once.
fn pictures(env: &Env<'_>, doc: &Doc, body: &str, result: &mut DocResult) {
    let mut first = true;
    let mut problems = Vec::new();
    // A Markdown image is placed where it starts; one from a shortcode or raw HTML where its
    // address is written.
    let mut markdown_images: Vec<Option<&(String, Diagnostic)>> =
        result.images.iter().map(Some).collect();
    let mut place = |src: &str, attrs: &str, eager: bool| {
        let known = markdown_images
            .iter_mut()
            .find(|m| m.is_some_and(|(s, _)| s == src))
            .and_then(Option::take);
        let at = match known {
            Some((_, placed)) => placed.clone(),
            None => {
                let offset = body
                    .find(src)
                    .or_else(|| body.find(src.rsplit('/').next().unwrap_or(src)))
                    .unwrap_or(0);
                doc.diag_in_body(body, offset, Diagnostic::error(Msg::InternalError))
            }
        };
        let pic = env.images.picture(&doc.path, src, attrs, eager, &at);
        problems.extend(pic.problems);
        pic.html
    };
    result.html.content = crate::images::rewrite(&result.html.content, |img| {
        let eager = std::mem::take(&mut first);
        place(&img.src, &img.attrs, eager)
    });
    let mut ignored = Vec::new();
    let mut quiet = |src: &str, attrs: &str| {
        let at = Diagnostic::error(Msg::InternalError);
        let pic = env.images.picture(&doc.path, src, attrs, false, &at);
        ignored.extend(pic.problems);
        pic.html
    };
    result.html.summary =
        crate::images::rewrite(&result.html.summary, |img| quiet(&img.src, &img.attrs));
    result.diags.extend(problems);
}

/// The most problems reported one by one for one Markdown file.
const MAX_PROBLEMS: usize = 1000;

fn render_doc(doc: &Doc, body: &str, env: &Env<'_>) -> DocResult {
    let config = env.config;
    let host = DocHost {
        doc,
        config,
        paths: env.paths,
        left_out: env.left_out,
        tera: env.tera,
        sources: env.sources,
        typed: env.typed,
        mentions: RefCell::new(Vec::new()),
    };
    let opts = markdown::Options {
        cjk_soft_breaks: config.soft_breaks,
        pinyin: doc.fm.pinyin,
        pinyin_tones: config.pinyin_tones,
    };
    let out = markdown::render(body, &opts, &host);
    // Placing a problem costs a pass over the text before it: past MAX_PROBLEMS in one file
    // (a broken page pasted 10,000 times), one line says how many more there are.
    let (shown, rest) = out.problems.split_at(out.problems.len().min(MAX_PROBLEMS));
    let mut diags: Vec<Diagnostic> = shown
        .iter()
        .map(|p| {
            let d = match p.severity {
                Severity::Error => Diagnostic::error(p.msg.clone()),
                Severity::Warning => Diagnostic::warning(p.msg.clone()),
            };
            doc.diag_in_body(body, p.offset, d)
        })
        .collect();
    if let Some(next) = rest.first() {
        let message = Msg::MoreProblems { count: rest.len() };
        let d = if rest.iter().any(|p| p.severity == Severity::Error) {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        };
        diags.push(doc.diag_in_body(body, next.offset, d));
    }
    let summary = match (&doc.fm.summary, out.summary) {
        (Some(text), _) => crate::text::html::escape(text),
        (None, Some(html)) => html,
        (None, None) => {
            crate::text::html::escape(&crate::text::html::truncate_text(&out.text, 120))
        }
    };
    DocResult {
        html: DocHtml {
            content: out.html,
            summary,
            text: if config.search {
                out.text
            } else {
                String::new()
            },
            toc: toc_value(&out.toc),
            word_count: out.word_count,
        },
        anchors: out.anchors,
        links: out
            .links
            .into_iter()
            .filter(|l| l.anchor.is_some())
            .map(|l| {
                let placed =
                    doc.diag_in_body(body, l.offset, Diagnostic::error(Msg::InternalError));
                (l, placed)
            })
            .collect(),
        images: out
            .images
            .into_iter()
            .map(|l| {
                let missing = Diagnostic::error(Msg::ImageMissing {
                    src: l.path.clone(),
                });
                (l.path, doc.diag_in_body(body, l.offset, missing))
            })
            .collect(),
        diags,
        mentions: host.mentions.into_inner(),
    }
}

/// The table of contents as templates see it (`level`, `id`, `title`, `children`), built
/// directly: each entry's map holds exactly its four fields.
fn toc_value(entries: &[markdown::TocEntry]) -> tera::Value {
    let list: Vec<tera::Value> = entries
        .iter()
        .map(|e| {
            crate::render::values::obj([
                ("level", tera::Value::from(e.level)),
                ("id", tera::Value::from(e.id.as_str())),
                ("title", tera::Value::from(e.title.as_str())),
                ("children", toc_value(&e.children)),
            ])
        })
        .collect();
    tera::Value::from(list)
}

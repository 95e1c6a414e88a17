//! The render stage: Markdown for every document, then templates for every page, section,
//! record, taxonomy and the 404 page, in parallel, each file put into the output's sink as soon
//! as it is made. Three phases: [`setup`] (the engine, its functions and the templates), the
//! Markdown of sections and then pages (pages' own files stream out with their Markdown when no
//! template reads another page's HTML), and the templates of everything else. What the later
//! stages need (texts for search, summaries for feeds, images to look for) is handed back.

mod doc_host;
mod elder;
mod functions;
mod guard;
mod markdown_pass;
mod pages;
mod quiz;
mod records;
mod redirects;
mod setup;
mod taxonomy;
pub(crate) mod templates;
mod usage;
mod values;
mod views;

use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

use crate::cache::{Fingerprint, Memo};
use crate::config::Config;
use crate::content::Library;
use crate::data::refs::Kind;
use crate::data::{ContentRefs, DataSet};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::timing::Timer;
use crate::output::{ImageRef, Sink};

pub(crate) use markdown_pass::DocResult as MarkdownEntry;
pub(crate) use views::DocHtml;

/// What the render stage reads besides the library.
#[derive(Clone, Copy)]
pub(crate) struct Site<'a> {
    pub root: &'a std::path::Path,
    pub config: &'a Config,
    pub data: &'a DataSet,
    pub refs: &'a ContentRefs,
    /// Rendered Markdown kept from the previous build (`serve`).
    pub(crate) cache: Option<&'a Memo<MarkdownEntry>>,
    /// The language of messages (template functions' failures among them).
    pub lang: crate::messages::Lang,
    /// The photos pages show, made into pictures.
    pub(crate) images: &'a std::sync::Arc<crate::images::Images>,
}

/// What rendering leaves for the stages after it.
pub(crate) struct Rendered {
    /// Each page's rendered Markdown, in library order (its HTML already taken: only the
    /// summary and text are left).
    pub pages: Vec<DocHtml>,
    /// Each section's, likewise.
    pub sections: Vec<DocHtml>,
    /// The site paths of record pages and record list pages, for the sitemap.
    pub record_paths: Vec<String>,
    /// Every image the documents show, to look for once every file is written.
    pub images: Vec<ImageRef>,
    /// The template engine and the views, which hold every page: for the caller to free
    /// where it does not wait for it.
    pub leftovers: Box<dyn Send>,
}

/// Renders every page, section, record and taxonomy into `sink`.
pub(crate) fn render(
    site: &Site<'_>,
    library: &mut Library,
    sink: &Sink,
    timer: &mut Timer,
    diags: &mut Diagnostics,
) -> Rendered {
    let page_sources: Vec<String> = library
        .pages
        .iter_mut()
        .map(|p| p.doc.take_source())
        .collect();
    let lib: &Library = library;
    let setup = setup::setup(site, lib, diags);
    let stream = setup.usage.streams();
    let (md, section_bases) = markdown(site, &setup, lib, page_sources, stream, sink, diags);
    timer.mark(if stream {
        "render: markdown and pages (streamed)"
    } else {
        "render: markdown"
    });
    let markdown_pass::MarkdownResults {
        mut sections,
        pages,
        page_views,
        page_mentions,
        images,
    } = md;
    for html in &mut sections {
        html.content = String::new();
    }
    setup
        .lookups
        .replace(lookup_maps(lib, &page_views, &section_bases));
    timer.mark("render: views");
    let jobs = pages::Jobs {
        config: site.config,
        lib,
        tera: &setup.tera,
        sources: &setup.sources,
        page_views: &page_views,
        section_bases: &section_bases,
        records: &setup.records,
        typed: &site.data.typed,
        refs: site.refs,
        mentions: &page_mentions,
    };
    jobs.render_all(sink, stream, diags);
    // A page that needed a record of a data file with errors is not written; the file's own
    // errors (which fail the build) say why, once.
    diags.retain(|d| !functions::said_at_the_data_file(d));
    timer.mark("render: templates");
    Rendered {
        pages,
        sections,
        record_paths: record_paths(&setup.records)
            .into_iter()
            .chain(
                site.data
                    .typed
                    .quizzes
                    .iter()
                    .map(|q| quiz::quiz_path(&q.id)),
            )
            .collect(),
        images,
        leftovers: Box::new((setup, page_views, section_bases, page_mentions)),
    }
}

/// The Markdown phase: sections' first (pages' shortcodes and templates may show them whole),
/// then pages', each page's own file rendered and written as soon as its Markdown is when
/// `stream`. Returns the results and each section's view without its pages.
fn markdown(
    site: &Site<'_>,
    setup: &setup::Setup,
    lib: &Library,
    page_sources: Vec<String>,
    stream: bool,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> (markdown_pass::MarkdownResults, Vec<Value>) {
    let Site {
        config,
        data,
        refs,
        cache,
        ..
    } = *site;
    // Shortcodes may look pages up before their HTML exists: they see pages without it (built
    // only when some shortcode looks anything up), and sections without it while sections'
    // Markdown renders.
    let light_pages: Vec<Value> = if setup.usage.shortcode_lookups {
        lib.pages
            .par_iter()
            .map(|p| views::light_view(&p.doc, config))
            .collect()
    } else {
        Vec::new()
    };
    let light_sections: Vec<Value> = lib
        .sections
        .iter()
        .map(|s| views::section_summary(s, config, None))
        .collect();
    setup
        .lookups
        .replace(lookup_maps(lib, &light_pages, &light_sections));
    drop(light_sections);
    let env = markdown_pass::Env {
        config,
        paths: &setup.paths,
        left_out: &lib.left_out,
        tera: &setup.tera,
        sources: &setup.sources,
        typed: &data.typed,
        cache: cache.map(|c| (c, markdown_fingerprint(config, &setup.sources, data, lib))),
        images: site.images,
    };
    let section_md = markdown_pass::render_sections(lib, &env);
    let section_bases: Vec<Value> = lib
        .sections
        .iter()
        .zip(section_md.html())
        .map(|(s, html)| views::section_summary(s, config, Some(html)))
        .collect();
    setup
        .lookups
        .replace(lookup_maps(lib, &light_pages, &section_bases));

    let jobs = pages::Jobs {
        config,
        lib,
        tera: &setup.tera,
        sources: &setup.sources,
        page_views: &[],
        section_bases: &section_bases,
        records: &setup.records,
        typed: &data.typed,
        refs,
        mentions: &[],
    };
    // Pages stream when no template reads another page's HTML: each page's file is rendered
    // as soon as its Markdown is, and only its list entry is kept. Otherwise every page's
    // whole view is kept for the templates that run after.
    let own_file = pages::rendered_pages(lib);
    if stream {
        sink.progress()
            .start(own_file.iter().filter(|y| **y).count());
    }
    let page_errors = std::sync::Mutex::new(Vec::new());
    let page_done = |i: usize, html: &mut DocHtml| {
        let view = views::page_view(
            &lib.pages[i],
            lib,
            config,
            Some(&*html),
            refs.pages.get(i),
            &setup.records,
        );
        html.content = String::new();
        if !stream {
            return view;
        }
        html.toc = Value::none();
        if own_file[i] {
            match jobs.render_page(i, view.clone()) {
                Ok(files) => {
                    let origin = jobs.page_origin(i);
                    for file in files {
                        sink.put(file, &origin);
                    }
                }
                Err(d) => page_errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(d),
            }
            sink.progress().tick();
        }
        views::list_entry(&view)
    };
    let md = markdown_pass::render_pages(lib, &env, section_md, page_sources, &page_done, diags);
    diags.extend(page_errors.into_inner().unwrap_or_else(|e| e.into_inner()));
    // The lookups are replaced with the views the templates see by the caller: the light
    // ones are given back then.
    drop(light_pages);
    (md, section_bases)
}

/// The site paths of the record pages and of each kind's list page.
fn record_paths(records: &records::RecordViews) -> Vec<String> {
    Kind::ALL
        .iter()
        .flat_map(|&k| {
            let list = records.of(k);
            let index = (!list.is_empty()).then(|| format!("/{}/", k.name()));
            index.into_iter().chain(list.iter().filter_map(|v| {
                v.as_map()
                    .and_then(|m| m.get(&tera::value::Key::from("path")))
                    .and_then(|p| p.as_str().map(str::to_string))
            }))
        })
        .collect()
}

/// Everything a document's rendered Markdown depends on besides its own body: site.yaml, the
/// templates (shortcodes), the data (records), and every document's path and front matter
/// (links, and what shortcodes can look up).
fn markdown_fingerprint(
    config: &Config,
    sources: &templates::TemplateSources,
    data: &DataSet,
    lib: &Library,
) -> u64 {
    let mut f = Fingerprint::default();
    f.add(&config.source)
        .add(&config.base_url)
        .add(sources.fingerprint())
        .add_serialized(&data.files)
        .add_serialized(&data.typed.quizzes);
    let docs = lib.docs();
    for doc in docs {
        let front = doc.source.get(..doc.body_start).unwrap_or(&doc.source);
        f.add(&doc.rel).add(&doc.path).add(front);
    }
    for (rel, why) in &lib.left_out {
        f.add(rel).add(why);
    }
    // Pages' shortcodes may show sections whole.
    for s in &lib.sections {
        f.add(s.doc.body());
    }
    f.finish()
}

/// `get_page` / `get_section` answers from views of the pages and of the sections (a page
/// missing from `pages`, which is empty when no shortcode looks pages up, is left out of
/// sections' lists).
fn lookup_maps(lib: &Library, pages: &[Value], sections: &[Value]) -> functions::LookupMaps {
    let page_map: HashMap<String, Value> = lib
        .pages
        .iter()
        .zip(pages)
        .map(|(p, v)| (p.doc.rel.clone(), v.clone()))
        .collect();
    let section_map: HashMap<String, Value> = lib
        .sections
        .iter()
        .zip(sections)
        .map(|(s, base)| {
            let list = s
                .pages
                .iter()
                .filter_map(|&i| pages.get(i).cloned())
                .collect();
            let v = views::section_view(s, base, list, sections, Value::none());
            (s.doc.rel.clone(), v)
        })
        .collect();
    functions::LookupMaps {
        pages: page_map,
        sections: section_map,
    }
}

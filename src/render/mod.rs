//! The render stage: Markdown for every document, then templates for every page, section,
//! record, taxonomy and the 404 page, in parallel. Produces what the output stage writes.

mod doc_host;
mod elder;
mod functions;
mod markdown_pass;
mod pages;
mod publish;
mod records;
mod redirects;
mod taxonomy;
pub mod templates;
pub mod urls;
mod usage;
mod views;

use std::collections::HashMap;

use rayon::prelude::*;
use std::sync::Arc;

use tera::Value;

use crate::cache::{BuildCache, Fingerprint};
use crate::config::Config;
use crate::content::Library;
use crate::data::refs::Kind;
use crate::data::{ContentRefs, DataSet};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Sink;
pub use pages::OutFile;

pub(crate) use markdown_pass::DocResult as MarkdownEntry;
pub use markdown_pass::ImageRef;

/// What the render stage reads besides the library.
#[derive(Clone, Copy)]
pub struct Site<'a> {
    pub root: &'a std::path::Path,
    pub config: &'a Config,
    pub data: &'a DataSet,
    pub refs: &'a ContentRefs,
    /// Rendered Markdown kept from the previous build (`serve`).
    pub cache: Option<&'a BuildCache>,
    /// The language of messages (template functions' failures among them).
    pub lang: crate::messages::Lang,
}

/// Renders everything into `sink`; returns the images the documents show, for the output
/// stage to look for once every file is written.
pub fn render(
    site: &Site<'_>,
    library: &mut Library,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> Vec<ImageRef> {
    let Site {
        root,
        config,
        data,
        refs,
        cache,
        lang,
    } = *site;
    let mut tera = tera::Tera::new();
    let page_sources: Vec<String> = library
        .pages
        .iter_mut()
        .map(|p| p.doc.take_source())
        .collect();
    let lib: &Library = library;
    let paths: HashMap<String, String> = lib
        .pages
        .iter()
        .map(|p| (p.doc.rel.clone(), p.doc.path.clone()))
        .chain(
            lib.sections
                .iter()
                .map(|s| (s.doc.rel.clone(), s.doc.path.clone())),
        )
        .collect();
    let paths = Arc::new(paths);
    let records = Arc::new(records::build_views(config, data));

    let data_value = Value::from_serializable(&data.files);
    functions::register_url(&mut tera, config, paths.clone(), lang);
    functions::register_data(&mut tera, data_value.clone(), lang);
    functions::register_campaign(&mut tera, config.campaigns.clone(), lang);
    functions::register_records(&mut tera, records.clone(), &data.typed, lang);
    functions::register_filters(&mut tera, config, lang);
    let global = tera.global_context();
    global.insert_value("site", site_view(config, &paths, diags));
    global.insert_value("data", data_value);
    global.insert_value("taxonomies", taxonomy::taxonomy_index(config, lib));
    let lookups = Arc::new(functions::Lookups::default());
    functions::register_lookups(&mut tera, lookups.clone(), lang);
    let sources = &templates::load(root, &config.theme, &mut tera, diags);
    let usage = sources.usage(
        std::iter::once("page.html").chain(lib.pages.iter().map(|p| pages::page_template(&p.doc))),
    );
    let stream = usage.streams();
    let mut timer = crate::diagnostics::timing::Timer::new();

    // Shortcodes may look pages up before their HTML exists: they see pages without it (built
    // only when some shortcode looks anything up), and sections without it while sections'
    // Markdown renders.
    let light_pages: Vec<Value> = if usage.shortcode_lookups {
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
    lookups.replace(lookup_maps(lib, &light_pages, &light_sections));
    drop(light_sections);
    let env = markdown_pass::Env {
        config,
        paths: &paths,
        tera: &tera,
        sources,
        typed: &data.typed,
        cache: cache.map(|c| (c, markdown_fingerprint(config, sources, data, lib))),
    };
    let section_md = markdown_pass::render_sections(lib, &env);
    let section_bases: Vec<Value> = lib
        .sections
        .iter()
        .zip(section_md.html())
        .map(|(s, html)| views::section_summary(s, config, Some(html)))
        .collect();
    lookups.replace(lookup_maps(lib, &light_pages, &section_bases));

    let jobs = pages::Jobs {
        config,
        lib,
        tera: &tera,
        sources,
        page_views: &[],
        section_bases: &section_bases,
        records: &records,
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
    let page_done = |i: usize, html: &mut views::DocHtml| {
        let view = views::page_view(
            &lib.pages[i],
            lib,
            config,
            Some(&*html),
            refs.pages.get(i),
            &records,
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
    let mut md =
        markdown_pass::render_pages(lib, &env, section_md, page_sources, &page_done, diags);
    diags.extend(page_errors.into_inner().unwrap_or_else(|e| e.into_inner()));
    timer.mark(if stream {
        "render: markdown and pages (streamed)"
    } else {
        "render: markdown"
    });
    let page_views = std::mem::take(&mut md.page_views);
    for html in &mut md.sections {
        html.content = String::new();
    }
    lookups.replace(lookup_maps(lib, &page_views, &section_bases));
    // The lookups now hold the views the templates see: the light ones are given back.
    drop(light_pages);

    let jobs = pages::Jobs {
        page_views: &page_views,
        mentions: &md.page_mentions,
        ..jobs
    };
    timer.mark("render: views");
    jobs.render_all(sink, stream, diags);
    timer.mark("render: templates");
    let record_paths = Kind::ALL
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
        .collect();
    let published = publish::publish(config, lib, &md.pages, record_paths, diags);
    for file in published {
        let origin = crate::messages::Origin::Generated(file.path.clone());
        sink.put(file, &origin);
    }
    // The views and the template engine hold every page: freeing them is left to another
    // thread, so nothing waits for it (and the search index is built without them).
    let images = std::mem::take(&mut md.images);
    crate::build::free_later((tera, page_views, section_bases));
    if config.search {
        // The texts are moved out, not copied: the index is the last to need them.
        let docs: Vec<crate::search::SearchDoc> = lib
            .pages
            .iter()
            .zip(&mut md.pages)
            .map(|(p, html)| crate::search::SearchDoc {
                path: p.doc.path.clone(),
                title: p.doc.fm.title.clone(),
                section: lib.sections[p.section].doc.fm.title.clone(),
                date: p.doc.date.as_ref().map(|d| d.iso.clone()),
                text: std::mem::take(&mut html.text),
            })
            .chain(lib.sections.iter().zip(&mut md.sections).map(|(s, html)| {
                crate::search::SearchDoc {
                    path: s.doc.path.clone(),
                    title: s.doc.fm.title.clone(),
                    section: String::new(),
                    date: None,
                    text: std::mem::take(&mut html.text),
                }
            }))
            .collect();
        crate::build::free_later(md);
        for file in crate::search::build_index(&docs) {
            sink.put(file, &crate::messages::Origin::SearchIndex);
        }
        crate::build::free_later(docs);
    } else {
        crate::build::free_later(md);
    }
    images
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
        .add_serialized(&data.files);
    let docs = lib.docs();
    for doc in docs {
        let front = doc.source.get(..doc.body_start).unwrap_or(&doc.source);
        f.add(&doc.rel).add(&doc.path).add(front);
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

/// `site` in templates: site.yaml with the menu's URLs resolved.
fn site_view(config: &Config, paths: &HashMap<String, String>, diags: &mut Diagnostics) -> Value {
    let menu: Vec<Value> = config
        .menu
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let url = match functions::resolve_url(&config.base_url, paths, &item.url) {
                Ok(url) => url,
                Err(_) => {
                    let d = config.diag_at(
                        &format!("menu[{i}].url"),
                        Diagnostic::error(crate::messages::Msg::BadMenuUrl {
                            name: item.name.clone(),
                            url: item.url.clone(),
                        }),
                    );
                    diags.push(d);
                    String::new()
                }
            };
            let path = url
                .strip_prefix(&config.base_url)
                .map(|rest| format!("/{rest}"))
                .unwrap_or_default();
            views::obj([
                ("name", Value::from(item.name.as_str())),
                ("url", Value::from(url)),
                ("path", Value::from(path)),
                ("weight", Value::from(item.weight)),
            ])
        })
        .collect();
    let org = config
        .organization
        .as_ref()
        .map_or(Value::none(), Value::from_serializable);
    views::obj([
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("base_url", Value::from(config.base_url.as_str())),
        ("base_path", Value::from(config.base_path.as_str())),
        ("language", Value::from(config.language.as_str())),
        ("timezone", Value::from(config.timezone_name.as_str())),
        ("theme", Value::from(config.theme.as_str())),
        ("relative_urls", Value::from(config.relative_urls)),
        ("elder_mode", Value::from(config.elder_mode)),
        ("taxonomies", Value::from_serializable(&config.taxonomies)),
        ("feeds", Value::from_serializable(&config.feeds)),
        ("search", Value::from(config.search)),
        ("sitemap", Value::from(config.sitemap)),
        ("organization", org),
        ("menu", Value::from(menu)),
        ("extra", views::json(&config.extra)),
    ])
}

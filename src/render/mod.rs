//! The render stage: Markdown for every document, then templates for every page, section,
//! record, taxonomy and the 404 page, in parallel. Produces what the output stage writes.

mod elder;
mod functions;
mod markdown_pass;
mod pages;
mod publish;
mod records;
pub mod templates;
pub mod urls;
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
    let page_bodies: Vec<String> = library
        .pages
        .iter_mut()
        .map(|p| p.doc.take_body())
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
    global.insert_value("taxonomies", pages::taxonomy_index(config, lib));

    // Shortcodes may look pages up before their HTML exists: give them the views without it.
    let light_pages: Vec<Value> = lib
        .pages
        .par_iter()
        .map(|p| views::light_view(&p.doc, config))
        .collect();
    let light_sections: Vec<Value> = lib
        .sections
        .iter()
        .map(|s| views::section_summary(s, config, None))
        .collect();
    register_lookups(&mut tera, lib, &light_pages, &light_sections, lang);
    let sources = &templates::load(root, &config.theme, &mut tera, diags);
    let mut timer = crate::timing::Timer::new();

    let page_view = |i: usize, html: &views::DocHtml| {
        views::page_view(
            &lib.pages[i],
            lib,
            config,
            Some(html),
            refs.pages.get(i),
            &records,
        )
    };
    let env = markdown_pass::Env {
        config,
        paths: &paths,
        tera: &tera,
        sources,
        typed: &data.typed,
        cache: cache.map(|c| (c, markdown_fingerprint(config, sources, data, lib))),
    };
    let mut md = markdown_pass::render_all(lib, &env, page_bodies, &page_view, diags);

    timer.mark("render: markdown");
    let page_views = std::mem::take(&mut md.page_views);

    let section_bases: Vec<Value> = lib
        .sections
        .iter()
        .zip(&md.sections)
        .map(|(s, html)| views::section_summary(s, config, Some(html)))
        .collect();
    for html in &mut md.sections {
        html.content = String::new();
    }
    register_lookups(&mut tera, lib, &page_views, &section_bases, lang);
    // The lookups now hold the full views: the light ones, and the page bodies freed while
    // rendering, are given back before the templates run.
    drop((light_pages, light_sections));

    let jobs = pages::Jobs {
        config,
        lib,
        tera: &tera,
        sources,
        page_views: &page_views,
        section_bases: &section_bases,
        records: &records,
        typed: &data.typed,
        refs,
        mentions: &md.page_mentions,
    };
    timer.mark("render: views");
    jobs.render_all(sink, diags);
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
    if config.search {
        let docs: Vec<crate::search::SearchDoc> = lib
            .pages
            .iter()
            .zip(&md.pages)
            .map(|(p, html)| crate::search::SearchDoc {
                path: p.doc.path.clone(),
                title: p.doc.fm.title.clone(),
                section: lib.sections[p.section].doc.fm.title.clone(),
                date: p.doc.date.as_ref().map(|d| d.iso.clone()),
                text: html.text.clone(),
            })
            .chain(lib.sections.iter().zip(&md.sections).map(|(s, html)| {
                crate::search::SearchDoc {
                    path: s.doc.path.clone(),
                    title: s.doc.fm.title.clone(),
                    section: String::new(),
                    date: None,
                    text: html.text.clone(),
                }
            }))
            .collect();
        for file in crate::search::build_index(&docs) {
            sink.put(file, &crate::messages::Origin::SearchIndex);
        }
    }
    // The views and the template engine hold every page: freeing them is left to another
    // thread, so nothing waits for it.
    let images = std::mem::take(&mut md.images);
    crate::build::free_later((tera, page_views, section_bases, md));
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
    f.finish()
}

fn register_lookups(
    tera: &mut tera::Tera,
    lib: &Library,
    pages: &[Value],
    sections: &[Value],
    lang: crate::messages::Lang,
) {
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
            let list = s.pages.iter().map(|&i| pages[i].clone()).collect();
            let v = views::section_view(s, base, list, sections, Value::none());
            (s.doc.rel.clone(), v)
        })
        .collect();
    functions::register_lookups(tera, Arc::new(page_map), Arc::new(section_map), lang);
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

//! The first phase of rendering: the template engine with jieshui's functions and filters, the
//! globals every template sees (`site`, `data`, `taxonomies`), the site's templates, and what
//! they read (which decides whether pages stream).

use std::collections::HashMap;
use std::sync::Arc;

use tera::Value;

use crate::config::Config;
use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::functions::{self, Lookups};
use crate::render::records::{self, RecordViews};
use crate::render::templates::{self, TemplateSources};
use crate::render::usage::Usage;
use crate::render::values::{json, obj};
use crate::render::{Site, pages, taxonomy};

/// The engine and what every later phase shares.
pub(super) struct Setup {
    pub(super) tera: tera::Tera,
    pub(super) sources: TemplateSources,
    pub(super) usage: Usage,
    /// Document path under `content/` → its site path, for `@/` links and `url()`.
    pub(super) paths: Arc<HashMap<String, String>>,
    pub(super) records: Arc<RecordViews>,
    /// What `get_page` / `get_section` answer, replaced as each phase knows more.
    pub(super) lookups: Arc<Lookups>,
}

pub(super) fn setup(site: &Site<'_>, lib: &Library, diags: &mut Diagnostics) -> Setup {
    let Site {
        root,
        config,
        data,
        lang,
        ..
    } = *site;
    let mut tera = tera::Tera::new();
    super::guard::register(&mut tera, &config.limits, lang);
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
    functions::register_quizzes(&mut tera, config, &data.typed.quizzes, lang);
    functions::register_qr(&mut tera, config);
    functions::register_image(&mut tera, site.images.clone(), lang);
    let global = tera.global_context();
    global.insert_value("site", site_view(config, &paths, diags));
    global.insert_value("data", data_value);
    global.insert_value("taxonomies", taxonomy::taxonomy_index(config, lib));
    let lookups = Arc::new(Lookups::default());
    functions::register_lookups(&mut tera, lookups.clone(), lang);
    let government = config.government().then_some(config);
    let sources = templates::load(root, &config.theme, government, &mut tera, diags);
    let usage = sources.usage(
        std::iter::once("page.html").chain(lib.pages.iter().map(|p| pages::page_template(&p.doc))),
    );
    Setup {
        tera,
        sources,
        usage,
        paths,
        records,
        lookups,
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
            obj([
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
    obj([
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
        ("extra", json(&config.extra)),
    ])
}

//! Taxonomy views: `taxonomies` (every taxonomy and its terms, for all templates), and the
//! taxonomy and term of `taxonomy_list.html` / `taxonomy_single.html`.

use tera::Value;

use crate::config::Config;
use crate::content::Library;
use crate::output::urls::permalink;
use crate::render::values::obj;

/// A taxonomy with its terms, each with its pages when `with_pages`.
pub(crate) fn taxonomy_value(
    config: &Config,
    lib: &Library,
    page_views: &[Value],
    t: usize,
    with_pages: bool,
) -> Value {
    let tax = &lib.taxonomies[t];
    let slug = crate::text::slug::slugify(&tax.name);
    let terms: Vec<Value> = (0..tax.terms.len())
        .map(|i| term_value(config, lib, page_views, t, i, with_pages))
        .collect();
    obj([
        ("name", Value::from(tax.name.as_str())),
        ("slug", Value::from(slug.as_str())),
        (
            "permalink",
            Value::from(permalink(&config.base_url, &format!("/{slug}/"))),
        ),
        ("terms", Value::from(terms)),
    ])
}

pub(crate) fn term_value(
    config: &Config,
    lib: &Library,
    page_views: &[Value],
    t: usize,
    i: usize,
    with_pages: bool,
) -> Value {
    let tax = &lib.taxonomies[t];
    let term = &tax.terms[i];
    let path = format!("/{}/{}/", crate::text::slug::slugify(&tax.name), term.slug);
    let pages: Vec<Value> = if with_pages {
        term.pages.iter().map(|&p| page_views[p].clone()).collect()
    } else {
        Vec::new()
    };
    obj([
        ("name", Value::from(term.name.as_str())),
        ("slug", Value::from(term.slug.as_str())),
        ("path", Value::from(path.as_str())),
        ("permalink", Value::from(permalink(&config.base_url, &path))),
        ("page_count", Value::from(term.pages.len())),
        ("pages", Value::from(pages)),
    ])
}

/// `taxonomies` in templates: each taxonomy with its terms (their `pages` left empty; a term's
/// page lists them).
pub(crate) fn taxonomy_index(config: &Config, lib: &Library) -> Value {
    Value::from(
        (0..lib.taxonomies.len())
            .map(|t| taxonomy_value(config, lib, &[], t, false))
            .collect::<Vec<_>>(),
    )
}

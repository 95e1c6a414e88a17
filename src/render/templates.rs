//! Loading templates in one place: the site's `templates/` overrides the theme's file by file,
//! and built-in fallbacks fill what neither has. The theme is the site's `themes/NAME/`, or the
//! default theme inside the binary (see `crate::files::theme`). Parsed once per build.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
use crate::files::theme::Theme;
use crate::files::walk::{WalkOptions, walk_files};
use crate::messages::Msg;
use crate::render::usage::{Facts, Usage};

/// Built-in templates, used only when neither the site nor its theme has the file.
const BUILTIN: &[(&str, &str)] = &[
    ("__jieshui/base.html", include_str!("builtin/base.html")),
    ("index.html", include_str!("builtin/section.html")),
    ("section.html", include_str!("builtin/section.html")),
    ("page.html", include_str!("builtin/page.html")),
    ("404.html", include_str!("builtin/404.html")),
    ("quiz.html", include_str!("builtin/quiz.html")),
    (
        "shortcodes/quiz.html",
        include_str!("builtin/quiz_shortcode.html"),
    ),
    (
        "partials/quiz.html",
        include_str!("builtin/quiz_partial.html"),
    ),
    (
        "taxonomy_list.html",
        include_str!("builtin/taxonomy_list.html"),
    ),
    (
        "taxonomy_single.html",
        include_str!("builtin/taxonomy_single.html"),
    ),
    (
        "districts_single.html",
        include_str!("builtin/record_single.html"),
    ),
    (
        "units_single.html",
        include_str!("builtin/record_single.html"),
    ),
    (
        "carriers_single.html",
        include_str!("builtin/record_single.html"),
    ),
    (
        "leaders_single.html",
        include_str!("builtin/record_single.html"),
    ),
    (
        "districts_list.html",
        include_str!("builtin/record_list.html"),
    ),
    ("units_list.html", include_str!("builtin/record_list.html")),
    (
        "carriers_list.html",
        include_str!("builtin/record_list.html"),
    ),
    (
        "leaders_list.html",
        include_str!("builtin/record_list.html"),
    ),
];

/// Which file each template came from, for messages.
#[derive(Debug, Default)]
pub(crate) struct TemplateSources {
    shown: BTreeMap<String, String>,
    /// Of every template's name and text, for the cache of rendered Markdown (shortcodes).
    fingerprint: u64,
    /// What each template reads of pages.
    facts: BTreeMap<String, Facts>,
    /// Templates that did not load (their error is reported): what uses them says nothing more.
    failed: std::collections::BTreeSet<String>,
}

impl TemplateSources {
    pub(crate) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Whether `name` was there but did not load (its error already reported).
    pub(crate) fn failed(&self, name: &str) -> bool {
        self.failed.contains(name)
    }

    /// What the templates read of pages, when pages use `page_templates`.
    pub(crate) fn usage<'a>(&'a self, page_templates: impl IntoIterator<Item = &'a str>) -> Usage {
        Usage::of(&self.facts, page_templates)
    }

    /// The file a template name came from, relative to the root (`themes/default/templates/page.html`).
    pub(crate) fn shown(&self, name: &str) -> String {
        self.shown
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("(built-in {name})"))
    }
}

/// Reads the templates (built-in fallbacks → theme → site) into `tera`, whose functions and
/// filters must already be registered (Tera checks every call when templates are added).
/// `government` (the site's configuration, in the government profile) also checks the page
/// frames show what such a site must and load nothing from hosts not allowed.
pub(crate) fn load(
    root: &Path,
    theme_name: &str,
    government: Option<&crate::config::Config>,
    tera: &mut tera::Tera,
    diags: &mut Diagnostics,
) -> TemplateSources {
    let found = gather(root, theme_name, diags);
    if let Some(config) = government {
        diags.extend(crate::gov::theme::check(&found, config));
    }
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    let mut sources = TemplateSources::default();
    let mut fingerprint = crate::cache::Fingerprint::default();
    for (name, (shown, text)) in &found {
        sources.shown.insert(name.clone(), shown.clone());
        fingerprint.add(name).add(text);
        sources
            .facts
            .insert(name.clone(), crate::render::usage::scan(text));
    }
    sources.fingerprint = fingerprint.finish();
    sources.failed = add_all(tera, &found, &sources, diags).into_iter().collect();
    sources
}

/// Every template by name, with where it comes from (for messages) and its text: jieshui's
/// own, then the theme's (the built-in default theme's from the binary), then the site's
/// `templates/`, each replacing the one before of the same name.
fn gather(
    root: &Path,
    theme_name: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, (String, String)> {
    let mut found: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (name, text) in BUILTIN {
        found.insert((*name).into(), ("(built-in)".into(), (*text).into()));
    }
    let theme = Theme::resolve(root, theme_name);
    let site_dir = root.join("templates");
    if theme == Theme::BuiltIn {
        for (name, bytes) in crate::files::theme::built_in_files("templates") {
            // Ours, checked by the tests: UTF-8 text.
            let text = String::from_utf8_lossy(bytes).into_owned();
            let shown = format!(
                "(built-in themes/{}/templates/{name})",
                crate::files::theme::BUILT_IN
            );
            found.insert(name, (shown, text));
        }
    }
    let theme_dir = theme.folder("templates");
    if theme == Theme::Missing && !site_dir.is_dir() {
        diags.push(
            Diagnostic::error(Msg::ThemeNotFound {
                theme: theme_name.to_string(),
            })
            .in_file(crate::layout::CONFIG_FILE),
        );
    }
    for dir in theme_dir.into_iter().chain([site_dir]) {
        for file in walk_files(root, &dir, WalkOptions::default(), diags) {
            match crate::files::read_text(root, &file.abs) {
                Ok(text) => {
                    found.insert(file.rel, (display_path(root, &file.abs), text));
                }
                Err(d) => diags.push(d),
            }
        }
    }
    found
}

/// Adds every template to Tera. Tera stops at the first broken template: each broken one is
/// set aside and the rest tried again, so every template error is reported, not only the
/// first. Returns the names of the broken ones.
fn add_all(
    tera: &mut tera::Tera,
    found: &BTreeMap<String, (String, String)>,
    sources: &TemplateSources,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut failed: Vec<String> = Vec::new();
    for _ in 0..=found.len() {
        let set = found
            .iter()
            .filter(|(n, _)| !failed.contains(n))
            .map(|(n, (_, t))| (n.as_str(), t.as_str()));
        let Err(e) = tera.add_raw_templates(set) else {
            break;
        };
        let before = failed.len();
        match e.kind() {
            tera::ErrorKind::SyntaxError(report) => {
                diags.push(template_error(&e, sources, report.filename(), None));
                failed.push(report.filename().to_string());
            }
            tera::ErrorKind::MissingParent { current, parent } => {
                if !failed.contains(parent) {
                    diags.push(
                        Diagnostic::error(Msg::TemplateMissingParent {
                            parent: parent.to_string(),
                        })
                        .in_file(sources.shown(current)),
                    );
                }
                failed.push(current.clone());
            }
            tera::ErrorKind::CircularInclude {
                tpl,
                include_chain: chain,
            }
            | tera::ErrorKind::CircularExtend {
                tpl,
                inheritance_chain: chain,
            } => {
                let extends = matches!(e.kind(), tera::ErrorKind::CircularExtend { .. });
                diags.push(circle(tpl, chain, extends, found, sources));
                for name in chain.iter().chain([tpl]) {
                    if !failed.contains(name) {
                        failed.push(name.clone());
                    }
                }
            }
            tera::ErrorKind::Msg(text) => {
                for (name, d) in reports_in(text, sources) {
                    diags.push(d);
                    if !failed.contains(&name) {
                        failed.push(name);
                    }
                }
            }
            _ => {}
        }
        if failed.len() == before {
            diags.push(
                Diagnostic::error(Msg::TemplateError {
                    detail: error_chain(&e),
                    page: None,
                })
                .in_file("templates"),
            );
            break;
        }
    }
    failed
}

/// A circle of includes or extends, as one error at the place in the first template of the
/// circle that names the next one (Tera says which templates, not where).
fn circle(
    tpl: &str,
    chain: &[String],
    extends: bool,
    found: &BTreeMap<String, (String, String)>,
    sources: &TemplateSources,
) -> Diagnostic {
    // The chain may start before the circle (`a, b, c, b`): the circle itself, from its first
    // name in order, whichever template Tera happened to start from.
    let start = chain.iter().position(|n| n == tpl).unwrap_or(0);
    let mut ring: Vec<String> = chain[start..].to_vec();
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.is_empty() {
        ring.push(tpl.to_string());
    }
    let first = (0..ring.len()).min_by_key(|&i| &ring[i]).unwrap_or(0);
    ring.rotate_left(first);
    ring.push(ring[0].clone());
    let (head, next) = (&ring[0], &ring[1]);
    let mut d = Diagnostic::error(Msg::TemplateCircle {
        chain: ring.clone(),
        extends,
    })
    .in_file(sources.shown(head));
    if let Some((_, text)) = found.get(head)
        && let Some(pos) = place_of_name(text, next)
    {
        d = d.at(pos);
    }
    d
}

/// Where `"name"` (or `'name'`) is first written in a template's text.
fn place_of_name(text: &str, name: &str) -> Option<Pos> {
    let at = [format!("\"{name}\""), format!("'{name}'")]
        .iter()
        .filter_map(|quoted| text.find(quoted.as_str()))
        .min()?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some(Pos::new(line, col))
}

/// Tera's combined reports (`error: MESSAGE` then ` --> NAME:LINE:COL`) as diagnostics.
fn reports_in(text: &str, sources: &TemplateSources) -> Vec<(String, Diagnostic)> {
    let mut out = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.to_string());
        } else if let Some(place) = line.trim_start().strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
            let name = parts.next().unwrap_or(place).to_string();
            let mut d = Diagnostic::error(Msg::TemplateError {
                detail: message.take().unwrap_or_else(|| "template error".into()),
                page: None,
            })
            .in_file(sources.shown(&name));
            if let (Some(l), Some(c)) = (line_no, col) {
                d = d.at(Pos::new(l, c));
            }
            out.push((name, d));
        }
    }
    out
}

/// A Tera error as a diagnostic naming the template file, its line, and the page rendered.
pub(crate) fn template_error(
    e: &tera::Error,
    sources: &TemplateSources,
    template: &str,
    page: Option<&str>,
) -> Diagnostic {
    // Errors without a place of their own (a component recursing too deep, a failed write) are
    // put at the file of the template rendered.
    let fallback_file = &sources.shown(template);
    let (file, pos, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                sources.shown(report.filename()),
                Some(Pos::new(span.start_line, span.start_col + 1)),
                report.message().to_string(),
            )
        }
        _ => (fallback_file.to_string(), None, error_chain(e)),
    };
    let mut d = Diagnostic::error(Msg::TemplateError {
        detail: message,
        page: page.map(str::to_string),
    })
    .in_file(file);
    if let Some(pos) = pos {
        d = d.at(pos);
    }
    d
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

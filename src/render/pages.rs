//! One job per output file: pages, section pages (paginated), taxonomy pages, the 404 page and
//! alias redirects, rendered in parallel.

use std::collections::HashSet;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::Config;
use crate::content::{Doc, Library};
use crate::data::refs::Kind;
use crate::data::{ContentRefs, Typed};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Msg, Origin};
use crate::output::urls::{permalink, relativize_html};
use crate::output::{OutFile, Sink, file_for};
use crate::render::elder;
use crate::render::records::{self, RecordViews};
use crate::render::templates::{TemplateSources, template_error};
use crate::render::values::obj;
use crate::render::views;
use crate::render::{redirects, taxonomy};

pub(crate) struct Jobs<'a> {
    pub(crate) config: &'a Config,
    pub(crate) lib: &'a Library,
    pub(crate) tera: &'a tera::Tera,
    pub(crate) sources: &'a TemplateSources,
    pub(crate) page_views: &'a [Value],
    pub(crate) section_bases: &'a [Value],
    pub(crate) records: &'a RecordViews,
    pub(crate) typed: &'a Typed,
    pub(crate) refs: &'a ContentRefs,
    pub(crate) mentions: &'a [Vec<(Kind, usize)>],
}

enum Job {
    Page(usize),
    SectionPage {
        section: usize,
        index: usize,
        of: usize,
    },
    TaxonomyList(usize),
    TaxonomyTerm(usize, usize),
    NotFound,
    Search,
    RecordSingle(Kind, usize),
    RecordList(Kind),
    Quiz(usize),
    Redirect {
        from: String,
        to: String,
    },
}

pub(crate) type JobResult = Result<Vec<OutFile>, Diagnostic>;

impl Jobs<'_> {
    /// Renders every output file; the pages' own files too unless `pages_done` (they were
    /// rendered with their Markdown).
    pub(crate) fn render_all(&self, sink: &Sink, pages_done: bool, diags: &mut Diagnostics) {
        let mut jobs: Vec<Job> = Vec::new();
        if !pages_done {
            jobs.extend(
                rendered_pages(self.lib)
                    .into_iter()
                    .enumerate()
                    .filter(|(_, yes)| *yes)
                    .map(|(i, _)| Job::Page(i)),
            );
        }
        let kinds: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|&k| self.kind_present(k))
            .collect();
        for &kind in &kinds {
            jobs.push(Job::RecordList(kind));
            let mut ids = HashSet::new();
            let records = self.records.of(kind);
            jobs.extend(
                (0..records.len())
                    .filter(|&i| ids.insert(value_str(&records[i], "id")))
                    .map(|i| Job::RecordSingle(kind, i)),
            );
        }
        for (i, s) in self.lib.sections.iter().enumerate() {
            // A section at /districts/ etc. gives its text to the record index instead.
            if kinds
                .iter()
                .any(|k| s.doc.path == format!("/{}/", k.name()))
            {
                continue;
            }
            let pages = pager_count(s.pages.len(), s.doc.fm.paginate_by);
            for index in 0..pages {
                jobs.push(Job::SectionPage {
                    section: i,
                    index,
                    of: pages,
                });
            }
            if pages > 1 {
                jobs.push(Job::Redirect {
                    from: format!("{}page/1/", s.doc.path),
                    to: s.doc.path.clone(),
                });
            }
        }
        for (t, tax) in self.lib.taxonomies.iter().enumerate() {
            jobs.push(Job::TaxonomyList(t));
            jobs.extend((0..tax.terms.len()).map(|i| Job::TaxonomyTerm(t, i)));
        }
        jobs.extend((0..self.typed.quizzes.len()).map(Job::Quiz));
        jobs.push(Job::NotFound);
        if self.config.search {
            jobs.push(Job::Search);
        }
        for doc in self
            .lib
            .pages
            .iter()
            .map(|p| &p.doc)
            .chain(self.lib.sections.iter().map(|s| &s.doc))
        {
            for alias in &doc.fm.aliases {
                match redirects::alias_path(alias) {
                    Ok(from) => jobs.push(Job::Redirect {
                        from,
                        to: doc.path.clone(),
                    }),
                    Err(why) => diags.push(doc.diag_at_key(
                        "aliases",
                        Diagnostic::error(Msg::BadAlias {
                            alias: alias.to_string(),
                            why,
                        }),
                    )),
                }
            }
        }
        // Each file goes to the sink as soon as it is rendered: nothing accumulates.
        let progress = sink.progress();
        progress.start(jobs.len());
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|job| {
                let done = match self.run(job) {
                    Ok(list) => {
                        let origin = self.origin(job);
                        for file in list {
                            sink.put(file, &origin);
                        }
                        None
                    }
                    Err(d) => Some(d),
                };
                progress.tick();
                done
            })
            .collect();
        progress.finish();
        diags.extend(errors);
    }

    /// What a job renders, for messages about two writers of one file.
    fn origin(&self, job: &Job) -> Origin {
        match job {
            Job::Page(i) => self.page_origin(*i),
            Job::SectionPage { section, .. } => {
                Origin::File(self.lib.sections[*section].doc.shown.clone())
            }
            Job::TaxonomyList(t) | Job::TaxonomyTerm(t, _) => {
                Origin::Taxonomy(self.lib.taxonomies[*t].name.clone())
            }
            Job::NotFound => Origin::NotFound,
            Job::Search => Origin::SearchPage,
            Job::RecordSingle(kind, i) => {
                let id = self.records.of(*kind)[*i]
                    .as_map()
                    .and_then(|m| m.get(&tera::value::Key::from("id")))
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                Origin::Record { kind: *kind, id }
            }
            Job::RecordList(kind) => Origin::RecordList(*kind),
            Job::Quiz(i) => Origin::File(self.typed.quizzes[*i].shown.clone()),
            Job::Redirect { from, to } => Origin::Alias {
                from: from.to_string(),
                to: to.to_string(),
            },
        }
    }

    fn run(&self, job: &Job) -> JobResult {
        match job {
            Job::Page(i) => self.render_page(*i, self.page_views[*i].clone()),
            Job::SectionPage { section, index, of } => self.section_page(*section, *index, *of),
            Job::TaxonomyList(t) => {
                let tax = &self.lib.taxonomies[*t];
                let path = format!("/{}/", crate::text::slug::slugify(&tax.name));
                let mut ctx = Context::new();
                ctx.insert_value(
                    "taxonomy",
                    taxonomy::taxonomy_value(self.config, self.lib, self.page_views, *t, true),
                );
                self.render_plain("taxonomy_list.html", &path, ctx)
            }
            Job::TaxonomyTerm(t, i) => {
                let tax = &self.lib.taxonomies[*t];
                let term = &tax.terms[*i];
                let path = format!("/{}/{}/", crate::text::slug::slugify(&tax.name), term.slug);
                let mut ctx = Context::new();
                ctx.insert_value(
                    "taxonomy",
                    taxonomy::taxonomy_value(self.config, self.lib, self.page_views, *t, false),
                );
                ctx.insert_value(
                    "term",
                    taxonomy::term_value(self.config, self.lib, self.page_views, *t, *i, true),
                );
                self.render_plain("taxonomy_single.html", &path, ctx)
            }
            Job::NotFound => self.render_plain("404.html", "/404.html", Context::new()),
            Job::Quiz(i) => {
                let quiz = &self.typed.quizzes[*i];
                let mut ctx = Context::new();
                ctx.insert_value("quiz", crate::render::quiz::view(self.config, quiz));
                self.render_plain("quiz.html", &crate::render::quiz::quiz_path(&quiz.id), ctx)
            }
            Job::Search => self.render_plain("search.html", "/search/", Context::new()),
            Job::RecordSingle(kind, i) => {
                let ctx = records::single_context(
                    *kind,
                    *i,
                    self.records,
                    self.typed,
                    self.refs,
                    self.page_views,
                    self.mentions,
                );
                let path = self.records.of(*kind)[*i]
                    .as_map()
                    .and_then(|m| m.get(&tera::value::Key::from("path")))
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                self.render_record(&format!("{}_single.html", kind.name()), &path, ctx)
            }
            Job::RecordList(kind) => {
                let path = format!("/{}/", kind.name());
                let mut ctx = Context::new();
                ctx.insert_value("records", Value::from(self.records.of(*kind).to_vec()));
                ctx.insert("kind", kind.name());
                let section = self.lib.sections.iter().position(|s| s.doc.path == path);
                let view = match section {
                    Some(i) => views::section_view(
                        &self.lib.sections[i],
                        &self.section_bases[i],
                        self.lib.sections[i]
                            .pages
                            .iter()
                            .map(|&p| self.page_views[p].clone())
                            .collect(),
                        self.section_bases,
                        Value::none(),
                    ),
                    None => Value::none(),
                };
                ctx.insert_value("section", view);
                let (downloads, files) = self.downloads(*kind);
                ctx.insert_value("downloads", downloads);
                let mut out =
                    self.render_record(&format!("{}_list.html", kind.name()), &path, ctx)?;
                out.extend(files);
                Ok(out)
            }
            Job::Redirect { from, to, .. } => Ok(vec![OutFile {
                path: file_for(from),
                bytes: redirects::redirect_html(self.config, from, to).into_bytes(),
            }]),
        }
    }

    /// A kind's public table for download beside its list page (`/carriers/carriers.xlsx` and
    /// `.csv`): the template's `downloads` (`xlsx`, `csv`: their URLs) and the files.
    fn downloads(&self, kind: Kind) -> (Value, Vec<OutFile>) {
        use crate::data::export;
        let name = kind.name();
        let table = export::public_table(kind, &export::records_json(self.typed, kind));
        let xlsx = format!("/{name}/{name}.xlsx");
        let csv = format!("/{name}/{name}.csv");
        let links = obj([
            ("xlsx", Value::from(permalink(&self.config.base_url, &xlsx))),
            ("csv", Value::from(permalink(&self.config.base_url, &csv))),
        ]);
        // Writing a zip into memory cannot fail but for a bug; the CSV is there either way.
        let workbook = export::to_xlsx(export::sheet_name(kind), &table).unwrap_or_default();
        let files = vec![
            OutFile {
                path: file_for(&xlsx),
                bytes: workbook,
            },
            OutFile {
                path: file_for(&csv),
                bytes: export::to_csv(&table),
            },
        ];
        (links, files)
    }

    /// A page's own file, from its whole view.
    pub(crate) fn render_page(&self, i: usize, view: Value) -> JobResult {
        let page = &self.lib.pages[i];
        let template = page_template(&page.doc);
        let mut ctx = Context::new();
        ctx.insert_value("page", view);
        if self.config.government() {
            let meta = crate::gov::meta::Meta::site(self.config)
                .column(&self.lib.sections[page.section])
                .article(&page.doc, self.config);
            ctx.insert_value("gov", Value::from_serializable(&meta));
        }
        self.render(&page.doc, template, &page.doc.path, ctx)
    }

    /// Where a page's file came from, for messages about two writers of one file.
    pub(crate) fn page_origin(&self, i: usize) -> Origin {
        Origin::File(self.lib.pages[i].doc.shown.clone())
    }

    fn section_page(&self, i: usize, index: usize, of: usize) -> JobResult {
        let section = &self.lib.sections[i];
        let per = section.doc.fm.paginate_by.unwrap_or(0);
        let all = &section.pages;
        let slice = if per == 0 {
            &all[..]
        } else {
            &all[(index * per).min(all.len())..((index + 1) * per).min(all.len())]
        };
        let pages: Vec<Value> = slice.iter().map(|&p| self.page_views[p].clone()).collect();
        let pager_path = |n: usize| {
            if n == 0 {
                section.doc.path.clone()
            } else {
                format!("{}page/{}/", section.doc.path, n + 1)
            }
        };
        let path = pager_path(index);
        let paginator = if per == 0 {
            Value::none()
        } else {
            let link = |n: usize| Value::from(permalink(&self.config.base_url, &pager_path(n)));
            obj([
                ("paginate_by", Value::from(per)),
                ("current_index", Value::from(index + 1)),
                ("number_pagers", Value::from(of)),
                ("total_pages", Value::from(all.len())),
                ("first", link(0)),
                ("last", link(of - 1)),
                (
                    "previous",
                    if index > 0 {
                        link(index - 1)
                    } else {
                        Value::none()
                    },
                ),
                (
                    "next",
                    if index + 1 < of {
                        link(index + 1)
                    } else {
                        Value::none()
                    },
                ),
            ])
        };
        let view = views::section_view(
            section,
            &self.section_bases[i],
            pages,
            self.section_bases,
            paginator.clone(),
        );
        let template = match &section.doc.fm.template {
            Some(t) => t.as_str(),
            None if section.parent.is_none() => "index.html",
            None => "section.html",
        };
        let mut ctx = Context::new();
        ctx.insert_value("section", view);
        ctx.insert_value("paginator", paginator);
        if self.config.government() && section.parent.is_some() {
            let meta = crate::gov::meta::Meta::site(self.config).column(section);
            ctx.insert_value("gov", Value::from_serializable(&meta));
        }
        self.render(&section.doc, template, &path, ctx)
    }

    fn render(&self, doc: &Doc, template: &str, path: &str, ctx: Context) -> JobResult {
        if self.sources.failed(template) {
            // Its own error says what is wrong; the build fails without this file.
            return Ok(Vec::new());
        }
        if !self.tera.contains_template(template) {
            return Err(doc.diag_at_key(
                "template",
                Diagnostic::error(Msg::TemplateNotFound {
                    template: template.to_string(),
                }),
            ));
        }
        self.finish(template, path, ctx, Some(&doc.shown))
    }

    fn kind_present(&self, kind: Kind) -> bool {
        match kind {
            Kind::Districts => self.typed.districts.is_present(),
            Kind::Units => self.typed.units.is_present(),
            Kind::Carriers => self.typed.carriers.is_present(),
            Kind::Leaders => self.typed.leaders.is_present(),
        }
    }

    fn render_record(&self, template: &str, path: &str, ctx: Context) -> JobResult {
        if self.sources.failed(template) {
            return Ok(Vec::new());
        }
        if !self.tera.contains_template(template) {
            return Err(Diagnostic::error(Msg::RecordTemplateMissing {
                template: template.to_string(),
                path: path.to_string(),
            }));
        }
        self.finish(template, path, ctx, None)
    }

    fn render_plain(&self, template: &str, path: &str, ctx: Context) -> JobResult {
        if !self.tera.contains_template(template) {
            return Ok(Vec::new());
        }
        self.finish(template, path, ctx, None)
    }

    fn finish(
        &self,
        template: &str,
        path: &str,
        mut ctx: Context,
        shown: Option<&str>,
    ) -> JobResult {
        ctx.insert("current_path", path);
        ctx.insert("current_url", &permalink(&self.config.base_url, path));
        // The government profile's `<meta>` values and filing links (none outside it).
        if !ctx.contains_key("gov") {
            let gov = match self.config.government() {
                true => Value::from_serializable(&crate::gov::meta::Meta::site(self.config)),
                false => Value::none(),
            };
            ctx.insert_value("gov", gov);
        }
        // Rendered as bytes, which is what is written: no pass over the page to check it is
        // UTF-8 (Tera's output is, being made of UTF-8 templates and values).
        let mut bytes = Vec::with_capacity(16 * 1024);
        let limits = &self.config.limits;
        let mut capped = super::guard::Capped {
            bytes: &mut bytes,
            max: limits.page_bytes(),
            hit: false,
        };
        let rendered = {
            let _rendering = super::guard::Rendering::start(
                &self.sources.shown(template),
                shown.unwrap_or(path),
                limits,
            );
            self.tera.render_to(template, &ctx, &mut capped)
        };
        if capped.hit {
            return Err(Diagnostic::error(Msg::PageTooBig {
                page: shown.unwrap_or(path).to_string(),
                limit_mb: limits.page_mb,
            })
            .in_file(self.sources.shown(template)));
        }
        rendered
            .map_err(|e| template_error(&e, self.sources, template, Some(shown.unwrap_or(path))))?;
        let elder_copy = self.config.elder_mode && path != "/404.html";
        if !self.config.relative_urls && !elder_copy {
            return Ok(vec![OutFile {
                path: file_for(path),
                bytes,
            }]);
        }
        let html = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(Msg::TemplateError {
                detail: format!("`{template}` wrote text that is not UTF-8: {e}"),
                page: shown.map(str::to_string),
            })
        })?;
        let (base_url, base_path) = (&self.config.base_url, &self.config.base_path);
        let mut pages = vec![(path.to_string(), html)];
        if self.config.elder_mode && path != "/404.html" {
            for level in &elder::LEVELS {
                let copy = elder::elder_copy(&pages[0].1, path, base_url, base_path, level);
                pages.push((format!("{}{path}", level.prefix), copy));
            }
        }
        Ok(pages
            .into_iter()
            .map(|(path, html)| {
                let html = if self.config.relative_urls {
                    relativize_html(&html, &path, base_url, base_path)
                } else {
                    html
                };
                OutFile {
                    path: file_for(&path),
                    bytes: html.into_bytes(),
                }
            })
            .collect())
    }
}

/// The template a page is rendered with.
pub(crate) fn page_template(doc: &Doc) -> &str {
    doc.fm.template.as_deref().unwrap_or("page.html")
}

/// Which pages get a file of their own: a URL claimed twice is already an error naming both
/// files, so it is rendered once, and the author sees that error and not a second one about
/// the same file.
pub(crate) fn rendered_pages(lib: &Library) -> Vec<bool> {
    let mut claimed: HashSet<&str> = lib.sections.iter().map(|s| s.doc.path.as_str()).collect();
    lib.pages
        .iter()
        .map(|p| claimed.insert(&p.doc.path))
        .collect()
}

/// A string field of a view (`""` when missing).
fn value_str(view: &Value, key: &'static str) -> String {
    view.as_map()
        .and_then(|m| m.get(&tera::value::Key::from(key)))
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn pager_count(pages: usize, paginate_by: Option<usize>) -> usize {
    match paginate_by {
        Some(n) if n > 0 && pages > 0 => pages.div_ceil(n),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_file_names() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/news/a/"), "news/a/index.html");
        assert_eq!(file_for("/404.html"), "404.html");
    }

    #[test]
    fn pagers() {
        assert_eq!(pager_count(0, Some(5)), 1);
        assert_eq!(pager_count(11, Some(5)), 3);
        assert_eq!(pager_count(11, None), 1);
    }
}

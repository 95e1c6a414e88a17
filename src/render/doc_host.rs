//! What a document's Markdown asks of the site while it renders: internal links resolved to
//! URLs, shortcodes rendered from `templates/shortcodes/` (and the records they mention noted).

use std::cell::RefCell;
use std::collections::HashMap;

use crate::config::Config;
use crate::content::Doc;
use crate::data::Typed;
use crate::data::refs::Kind;
use crate::markdown;
use crate::messages::Msg;
use crate::output::urls::permalink;
use crate::render::templates::TemplateSources;

/// One document's view of the site while its Markdown renders.
pub(super) struct DocHost<'a> {
    pub(super) doc: &'a Doc,
    pub(super) config: &'a Config,
    pub(super) paths: &'a HashMap<String, String>,
    pub(super) left_out: &'a std::collections::BTreeMap<String, crate::content::LeftOut>,
    pub(super) tera: &'a tera::Tera,
    pub(super) sources: &'a TemplateSources,
    pub(super) typed: &'a Typed,
    pub(super) mentions: RefCell<Vec<(Kind, usize)>>,
}

impl markdown::Host for DocHost<'_> {
    fn base_path(&self) -> &str {
        &self.config.base_path
    }

    fn resolve_link(&self, path: &str) -> Result<String, Msg> {
        match (self.paths.get(path), self.left_out.get(path)) {
            (Some(site_path), _) => Ok(permalink(&self.config.base_url, site_path)),
            (None, Some(crate::content::LeftOut::Draft)) => Err(Msg::LinkToDraft {
                path: path.to_string(),
            }),
            (None, Some(crate::content::LeftOut::Future(date))) => Err(Msg::LinkToScheduled {
                path: path.to_string(),
                date: date.to_string(),
            }),
            (None, Some(crate::content::LeftOut::Expired(date))) => Err(Msg::LinkToExpired {
                path: path.to_string(),
                date: date.to_string(),
            }),
            // The file exists but has errors, reported at it: the build fails anyway, and one
            // broken file does not make every link to it a second error.
            (None, Some(crate::content::LeftOut::Failed)) => Ok("#".to_string()),
            (None, None) => Err(Msg::BrokenInternalLink {
                path: path.to_string(),
            }),
        }
    }

    fn shortcode(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
    ) -> Result<String, Msg> {
        let template = format!("shortcodes/{name}.html");
        if self.sources.failed(&template) {
            // Its own error says what is wrong, once, not at every use.
            return Ok(String::new());
        }
        if !self.tera.contains_template(&template) {
            let mut known: Vec<&str> = self
                .tera
                .get_template_names()
                .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
                .collect();
            known.sort_unstable();
            return Err(Msg::UnknownShortcode {
                name: name.to_string(),
                known: known.into_iter().map(str::to_string).collect(),
            });
        }
        let mentioned = match name {
            "carrier" => Some(Kind::Carriers),
            "leader" => Some(Kind::Leaders),
            _ => None,
        };
        if let (Some(kind), Some(id)) = (mentioned, args.get("id").and_then(|v| v.as_str())) {
            let found = match kind {
                Kind::Carriers => self.typed.carriers.resolve(id),
                _ => self.typed.leaders.resolve(id),
            };
            match found {
                Some(i) => self.mentions.borrow_mut().push((kind, i)),
                None => {
                    // Said here in the catalogue's words, not as the template's error.
                    let unknown = match kind {
                        Kind::Carriers => self.typed.carriers.unknown(kind, id),
                        _ => self.typed.leaders.unknown(kind, id),
                    };
                    match unknown {
                        Some(d) => return Err(d.msg),
                        // The data file is broken: its own errors say so, and this card
                        // has nothing to show (the build fails, so no page goes out blank).
                        None => return Ok(String::new()),
                    }
                }
            }
        }
        let mut ctx = tera::Context::new();
        for (k, v) in args {
            ctx.insert(k.clone(), v);
        }
        if let Some(body) = body {
            ctx.insert("body", body);
        }
        ctx.insert("current_path", &self.doc.path);
        ctx.insert(
            "current_url",
            &permalink(&self.config.base_url, &self.doc.path),
        );
        let _rendering = super::guard::Rendering::start(
            &self.sources.shown(&template),
            &self.doc.path,
            &self.config.limits,
        );
        self.tera.render(&template, &ctx).map_err(|e| {
            let d = crate::render::templates::template_error(&e, self.sources, &template, None);
            Msg::ShortcodeFailed {
                name: name.to_string(),
                detail: d
                    .headline(crate::messages::Lang::En)
                    .trim_start_matches("error: ")
                    .to_string(),
            }
        })
    }
}

//! What wrote an output file, named in messages about two writers of one file.

use super::Lang;
use crate::layout::RecordKind as Kind;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file of the site (`content/a.md`, `static/logo.png`).
    File(String),
    Taxonomy(String),
    NotFound,
    SearchPage,
    SearchIndex,
    Record {
        kind: Kind,
        id: String,
    },
    RecordList(Kind),
    Alias {
        from: String,
        to: String,
    },
    /// A generated file (sitemap, feed, calendar) at this output path.
    Generated(String),
}

impl Origin {
    /// The content or static file, if the origin is one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Origin::File(f) => Some(f),
            _ => None,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (_, Origin::File(f)) => f.clone(),
            (Lang::Zh, Origin::Taxonomy(t)) => format!("分类 `{t}` 的页面"),
            (Lang::En, Origin::Taxonomy(t)) => format!("the taxonomy `{t}`"),
            (Lang::Zh, Origin::NotFound) => "404 页面".into(),
            (Lang::En, Origin::NotFound) => "the 404 page".into(),
            (Lang::Zh, Origin::SearchPage) => "搜索页面".into(),
            (Lang::En, Origin::SearchPage) => "the search page".into(),
            (Lang::Zh, Origin::SearchIndex) => "搜索索引".into(),
            (Lang::En, Origin::SearchIndex) => "the search index".into(),
            (Lang::Zh, Origin::Record { kind, id }) => {
                format!("`data/{}` 里编号为 `{id}` 的记录", kind.name())
            }
            (Lang::En, Origin::Record { kind, id }) => {
                format!("the record `{id}` of data/{}", kind.name())
            }
            (Lang::Zh, Origin::RecordList(kind)) => format!("`data/{}` 的列表页", kind.name()),
            (Lang::En, Origin::RecordList(kind)) => format!("the index of data/{}", kind.name()),
            (Lang::Zh, Origin::Alias { from, to }) => format!("{to} 的旧网址 {from}"),
            (Lang::En, Origin::Alias { from, to }) => format!("an alias {from} of {to}"),
            (Lang::Zh, Origin::Generated(path)) => format!("自动生成的 {path}"),
            (Lang::En, Origin::Generated(path)) => format!("the generated {path}"),
        }
    }
}

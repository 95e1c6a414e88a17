//! Template functions and filters of the contract: `url`, `get_page`, `get_section`,
//! `get_data`, `campaign`; `date_zh`, `markdown`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use tera::{Error, Kwargs, State, TeraResult, Value};

use crate::config::{CampaignDates, Config};
use crate::data::Typed;
use crate::data::records::Record;
use crate::markdown;
use crate::messages::{FunctionWhy, Lang, Msg};
use crate::output::urls::permalink;
use crate::render::records::RecordViews;

/// `image(src="/news/a/photo.jpg", width=960)`: the address of a metadata-free JPEG (or PNG)
/// version of a photo of the site about that wide, for cards and social previews.
pub(crate) fn register_image(
    tera: &mut tera::Tera,
    images: Arc<crate::images::Images>,
    lang: Lang,
) {
    tera.register_function(
        "image",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let src: String = kwargs.must_get("src")?;
            let width: Option<u32> = kwargs.get("width")?;
            images
                .url_for(&src, width)
                .map_err(|msg| Error::message(msg.text(lang)))
        },
    );
}

/// What `url(path="@/x.md")` resolves against: content path → site path.
pub(crate) type PathIndex = Arc<HashMap<String, String>>;

/// A function's failure, in the catalogue's words (the template error frames it).
/// What `record()` fails with for an id missing from a data file that has errors of its own:
/// the page is not written, and no second error is said (the file's own errors fail the build).
pub(crate) const SAID_AT_THE_DATA_FILE: &str =
    "\u{2063}jieshui: the data file's own errors say why\u{2063}";

/// Whether `d` is a template's failure that [`SAID_AT_THE_DATA_FILE`] already accounts for.
pub(crate) fn said_at_the_data_file(d: &crate::diagnostics::Diagnostic) -> bool {
    match &d.msg {
        Msg::TemplateError { detail, .. } | Msg::ShortcodeFailed { detail, .. } => {
            detail.contains(SAID_AT_THE_DATA_FILE)
        }
        _ => false,
    }
}

fn fail(lang: Lang, why: FunctionWhy) -> Error {
    Error::message(Msg::TemplateFunction { why }.text(lang))
}

pub(crate) fn register_url(tera: &mut tera::Tera, config: &Config, paths: PathIndex, lang: Lang) {
    let base_url = config.base_url.clone();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            resolve_url(&base_url, &paths, &path).map_err(|why| fail(lang, why))
        },
    );
}

pub(crate) fn resolve_url(
    base_url: &str,
    paths: &HashMap<String, String>,
    path: &str,
) -> Result<String, FunctionWhy> {
    if let Some(rel) = path.strip_prefix("@/") {
        let (file, anchor) = match rel.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (rel, None),
        };
        let site_path = paths
            .get(file)
            .ok_or_else(|| FunctionWhy::UrlNoFile(file.to_string()))?;
        let mut url = permalink(base_url, site_path);
        if let Some(anchor) = anchor {
            url.push('#');
            url.push_str(anchor);
        }
        return Ok(url);
    }
    if !crate::text::html::is_safe_link(path) {
        return Err(FunctionWhy::UrlNotALink(path.to_string()));
    }
    if crate::text::html::link_scheme(path).is_some() || path.starts_with("//") {
        return Ok(path.to_string());
    }
    if path.split('/').any(|seg| seg == "..") {
        return Err(FunctionWhy::UrlClimbs(path.to_string()));
    }
    Ok(permalink(base_url, path))
}

/// What `get_page` and `get_section` answer (by the document's path under `content/`). The
/// build replaces the maps between its stages (sections' Markdown, pages' Markdown, the other
/// templates), each time with views that know more; the replaced maps are freed then.
#[derive(Default)]
pub(crate) struct Lookups {
    current: RwLock<Arc<LookupMaps>>,
}

#[derive(Default)]
pub(crate) struct LookupMaps {
    pub(crate) pages: HashMap<String, Value>,
    pub(crate) sections: HashMap<String, Value>,
}

impl Lookups {
    /// What lookups answer from now on.
    pub(crate) fn replace(&self, maps: LookupMaps) {
        // A panic elsewhere cannot leave the maps half-written: they are swapped whole.
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(maps);
    }

    fn current(&self) -> Arc<LookupMaps> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

pub(crate) fn register_lookups(tera: &mut tera::Tera, lookups: Arc<Lookups>, lang: Lang) {
    register_lookup(
        tera,
        "get_page",
        lookups.clone(),
        lang,
        |m| &m.pages,
        FunctionWhy::NoPage,
    );
    register_lookup(
        tera,
        "get_section",
        lookups,
        lang,
        |m| &m.sections,
        FunctionWhy::NoSection,
    );
}

/// `NAME(path="news/a.md")` (or `"@/news/a.md"`): the view `pick` finds in the current stage.
fn register_lookup(
    tera: &mut tera::Tera,
    name: &'static str,
    lookups: Arc<Lookups>,
    lang: Lang,
    pick: fn(&LookupMaps) -> &HashMap<String, Value>,
    missing: fn(String) -> FunctionWhy,
) {
    tera.register_function(
        name,
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            pick(&lookups.current())
                .get(path.trim_start_matches("@/"))
                .cloned()
                .ok_or_else(|| fail(lang, missing(path.clone())))
        },
    );
}

/// `qr_code(url=page.permalink)`: a QR code of the address as inline SVG, for printed
/// worksheets to lead back to the page; empty when the site has no public address
/// (`relative_urls`, a site opened from a USB stick) or the address is too long for one.
pub(crate) fn register_qr(tera: &mut tera::Tera, config: &Config) {
    let public = !config.relative_urls;
    tera.register_function(
        "qr_code",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let url: String = kwargs.must_get("url")?;
            if !public || !(url.starts_with("https://") || url.starts_with("http://")) {
                return Ok(Value::from(""));
            }
            Ok(Value::safe_string(&qr_svg(&url).unwrap_or_default()))
        },
    );
}

/// The QR code of `text` as an `<svg>` element (no XML declaration), black on white.
pub(crate) fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(120, 120)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen(
        "<svg",
        "<svg role=\"img\" aria-label=\"本页网址的二维码\" class=\"qr\"",
        1,
    ))
}

/// `get_quiz(id="water-day")`: the view of `data/quizzes/water-day.yaml` (see `render::quiz`).
pub(crate) fn register_quizzes(
    tera: &mut tera::Tera,
    config: &Config,
    quizzes: &[crate::data::quiz::Quiz],
    lang: Lang,
) {
    let views: HashMap<String, Value> = quizzes
        .iter()
        .map(|q| (q.id.clone(), crate::render::quiz::view(config, q)))
        .collect();
    let known: Vec<String> = quizzes.iter().map(|q| q.id.clone()).collect();
    tera.register_function(
        "get_quiz",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let id: String = kwargs.must_get("id")?;
            views.get(&id).cloned().ok_or_else(|| {
                fail(
                    lang,
                    FunctionWhy::UnknownQuiz {
                        id: id.clone(),
                        known: known.clone(),
                    },
                )
            })
        },
    );
}

pub(crate) fn register_data(tera: &mut tera::Tera, data: Value, lang: Lang) {
    tera.register_function(
        "get_data",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let name: String = kwargs.must_get("name")?;
            data.as_map()
                .and_then(|m| m.get(&tera::value::Key::from(name.clone())))
                .cloned()
                .ok_or_else(|| fail(lang, FunctionWhy::NoData(name.clone())))
        },
    );
}

pub(crate) fn register_campaign(
    tera: &mut tera::Tera,
    overrides: BTreeMap<i32, BTreeMap<String, CampaignDates>>,
    lang: Lang,
) {
    tera.register_function(
        "campaign",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let name: String = kwargs.must_get("name")?;
            let year: i64 = kwargs.must_get("year")?;
            let year =
                i16::try_from(year).map_err(|_| fail(lang, FunctionWhy::YearOutOfRange(year)))?;
            let c = crate::config::campaign::campaign(&name, year, &overrides)
                .map_err(|why| fail(lang, why))?;
            Ok(crate::render::values::obj([
                ("name", Value::from(c.name)),
                ("year", Value::from(i64::from(c.year))),
                ("start", Value::from(c.start.to_string())),
                ("end", Value::from(c.end.to_string())),
                ("ordinal", Value::from(c.ordinal)),
                ("title", Value::from(c.title)),
            ]))
        },
    );
}

pub(crate) fn register_filters(tera: &mut tera::Tera, config: &Config, lang: Lang) {
    tera.register_filter(
        "date_zh",
        move |value: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            crate::content::dates::leading_date(value)
                .map(crate::content::dates::zh)
                .ok_or_else(|| fail(lang, FunctionWhy::NotADate(value.to_string())))
        },
    );
    let opts = markdown::Options {
        cjk_soft_breaks: config.soft_breaks,
        pinyin: false,
        pinyin_tones: config.pinyin_tones,
    };
    tera.register_filter(
        "markdown",
        move |value: &str, _: Kwargs, _: &State| -> Value {
            let out = markdown::render(value, &opts, &NoHost);
            Value::safe_string(&out.html)
        },
    );
}

/// Markdown in templates has no page around it: no internal links, no shortcodes.
struct NoHost;

impl markdown::Host for NoHost {
    fn resolve_link(&self, path: &str) -> Result<String, Msg> {
        Err(Msg::NotInMarkdownFilter {
            what: format!("@/{path}"),
        })
    }
    fn shortcode(
        &self,
        name: &str,
        _: &serde_json::Map<String, serde_json::Value>,
        _: Option<&str>,
    ) -> Result<String, Msg> {
        Err(Msg::NotInMarkdownFilter {
            what: format!("{{{{ {name}() }}}}"),
        })
    }
}

/// `record(kind="carriers", id="x")` (id, name or alias) and `indicator(id="water-audit")`, for
/// shortcodes; an unknown one is an error, reported at the shortcode's line.
pub(crate) fn register_records(
    tera: &mut tera::Tera,
    views: Arc<RecordViews>,
    typed: &Typed,
    lang: Lang,
) {
    use crate::data::refs::Kind;
    let broken: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|kind| match kind {
            Kind::Districts => typed.districts.is_broken(),
            Kind::Units => typed.units.is_broken(),
            Kind::Carriers => typed.carriers.is_broken(),
            Kind::Leaders => typed.leaders.is_broken(),
        })
        .collect();
    let lookups: Vec<(Kind, HashMap<String, usize>)> = Kind::ALL
        .iter()
        .map(|&kind| {
            let mut map = HashMap::new();
            let mut add = |i: usize, keys: Vec<String>| {
                for k in keys {
                    map.entry(k).or_insert(i);
                }
            };
            match kind {
                Kind::Districts => typed
                    .districts
                    .records
                    .iter()
                    .enumerate()
                    .for_each(|(i, r)| add(i, keys_of(r))),
                Kind::Units => typed
                    .units
                    .records
                    .iter()
                    .enumerate()
                    .for_each(|(i, r)| add(i, keys_of(r))),
                Kind::Carriers => typed
                    .carriers
                    .records
                    .iter()
                    .enumerate()
                    .for_each(|(i, r)| add(i, keys_of(r))),
                Kind::Leaders => typed
                    .leaders
                    .records
                    .iter()
                    .enumerate()
                    .for_each(|(i, r)| add(i, keys_of(r))),
            }
            (kind, map)
        })
        .collect();
    let record_views = views.clone();
    tera.register_function(
        "record",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let kind_name: String = kwargs.must_get("kind")?;
            let id: String = kwargs.must_get("id")?;
            let (kind, map) = lookups
                .iter()
                .find(|(k, _)| k.name() == kind_name)
                .ok_or_else(|| fail(lang, FunctionWhy::UnknownRecordKind(kind_name.clone())))?;
            let i = map.get(id.trim()).ok_or_else(|| {
                if broken.contains(kind) {
                    return Error::message(SAID_AT_THE_DATA_FILE);
                }
                fail(
                    lang,
                    FunctionWhy::UnknownRecordId {
                        kind: *kind,
                        id: id.clone(),
                    },
                )
            })?;
            Ok(record_views.of(*kind)[*i].clone())
        },
    );
    let ids: HashMap<String, usize> = typed
        .indicators
        .iter()
        .enumerate()
        .map(|(i, f)| (f.indicator.id.clone(), i))
        .collect();
    tera.register_function(
        "indicator",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let id: String = kwargs.must_get("id")?;
            let i = ids
                .get(id.trim())
                .ok_or_else(|| fail(lang, FunctionWhy::UnknownIndicator(id.clone())))?;
            Ok(views.indicators[*i].clone())
        },
    );
}

fn keys_of<R: Record>(r: &R) -> Vec<String> {
    let mut keys = vec![r.id().to_string(), r.name().to_string()];
    keys.extend(r.aliases().iter().cloned());
    keys
}

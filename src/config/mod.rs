//! site.yaml: the raw serde struct (unknown keys rejected) → a validated `Config`.

pub mod campaign;
pub mod limits;
pub mod organization;
pub mod secrets;

pub use limits::Limits;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{PinyinTones, SoftBreaks};
use crate::messages::{BaseUrlWhy, Msg};
use crate::yaml::positions::Placer;

use crate::layout::CONFIG_FILE;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_timezone")]
    timezone: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_output")]
    output_dir: String,
    #[serde(default)]
    relative_urls: bool,
    #[serde(default)]
    elder_mode: bool,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    taxonomies: Vec<String>,
    #[serde(default)]
    feeds: Vec<String>,
    #[serde(default)]
    search: bool,
    #[serde(default = "yes")]
    sitemap: bool,
    #[serde(default)]
    campaigns: BTreeMap<i32, BTreeMap<String, CampaignDates>>,
    organization: Option<Organization>,
    #[serde(default)]
    government: Government,
    #[serde(default)]
    links: LinkSettings,
    #[serde(default)]
    menu: Vec<MenuItem>,
    #[serde(default)]
    extra: serde_json::Value,
    #[serde(default)]
    limits: limits::RawLimits,
    deploy: Option<Deploy>,
    #[serde(default)]
    images: ImageSettings,
}

/// `images:` in site.yaml: how photos are published (an extension of the contract).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageSettings {
    /// WebP quality, 1–100.
    pub quality: u8,
    /// Quality of the JPEG fallback, 1–100.
    pub jpeg_quality: u8,
    /// Widths in pixels of the WebP versions (none wider than the source is made).
    pub widths: Vec<u32>,
    /// Also publish the original at its own address (re-encoded upright, without metadata).
    pub keep_original: bool,
    /// The `sizes` attribute of every picture: how wide it is shown.
    pub sizes: String,
}

impl Default for ImageSettings {
    fn default() -> ImageSettings {
        ImageSettings {
            quality: 75,
            jpeg_quality: 80,
            widths: vec![480, 960, 1600],
            keep_original: false,
            sizes: "(max-width: 50rem) 100vw, 50rem".into(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    cjk_soft_breaks: RawSoftBreaks,
    #[serde(default)]
    pinyin_tones: RawPinyinTones,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawPinyinTones {
    #[default]
    Textbook,
    Citation,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawSoftBreaks {
    #[default]
    Join,
    Space,
}

/// A year's published dates for one national campaign, where they differ from the rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignDates {
    pub start: String,
    pub end: String,
}

/// 主办单位 and the filing numbers Chinese public sites show in their footer.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    #[serde(default)]
    pub sponsor: String,
    #[serde(default)]
    pub site_code: String,
    #[serde(default)]
    pub icp: String,
    #[serde(default)]
    pub police_record: String,
    #[serde(default)]
    pub contact: String,
    /// The address the 党政机关网站标识 links to, as issued with it (`https://bszs.conac.cn/…`).
    #[serde(default)]
    pub conac_url: String,
    /// The mark's image, a site path (`/images/conac.png`), when the site has it.
    #[serde(default)]
    pub conac_image: String,
}

/// The government profile of `check` and `build` (政府网站检查): on when `enabled: true`, or when
/// `enabled` is not written and `organization.site_code` is filled in.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Government {
    #[serde(default)]
    pub enabled: Option<bool>,
    /// A warning when the newest dated page is older than this many days at build time
    /// (default 14: inspections fail a home page not updated for two weeks).
    #[serde(default)]
    pub stale_days: Option<u32>,
    /// Hosts pages may load scripts, frames and embeds from besides the site's own (a
    /// domain allows its subdomains).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
}

impl Government {
    pub fn stale_days(&self) -> u32 {
        self.stale_days.unwrap_or(14)
    }
}

/// `links:` in site.yaml: how `check --external` checks links to other sites (an extension of
/// the contract).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSettings {
    /// Links not checked: a host (which also covers its subdomains) or the start of an address
    /// (`https://host/path`).
    #[serde(default)]
    pub external_skip: Vec<String>,
    /// How long one request may take to connect and answer (default 10).
    #[serde(default)]
    pub timeout_seconds: Option<u32>,
}

impl LinkSettings {
    pub fn timeout_seconds(&self) -> u32 {
        self.timeout_seconds.unwrap_or(10).clamp(1, 600)
    }
}

/// `deploy:` in site.yaml: where `jieshui deploy` publishes the site (an extension of the
/// contract). Never a secret: credentials come from the environment (`src/deploy/`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Deploy {
    /// `aliyun-oss`, `tencent-cos`, `huawei-obs` or `s3`.
    pub provider: String,
    pub bucket: String,
    /// `cn-hangzhou`, `ap-guangzhou`, `cn-north-4`, `us-east-1`…
    #[serde(default)]
    pub region: String,
    /// `https://s3.oss-cn-hangzhou.aliyuncs.com`; made from the provider and region when empty.
    #[serde(default)]
    pub endpoint: String,
    /// A folder in the bucket (`jieshui/`); empty for the bucket's root.
    #[serde(default)]
    pub prefix: String,
    /// `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`.
    #[serde(default)]
    pub path_style: bool,
    /// Also set the bucket's website index (`index.html`) and error (`404.html`) documents.
    #[serde(default)]
    pub website: bool,
}

/// A front-matter list that can have term pages (`taxonomies: [tags]` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Taxonomy {
    Tags,
    Categories,
}

impl Taxonomy {
    fn from_name(name: &str) -> Option<Taxonomy> {
        match name {
            "tags" => Some(Taxonomy::Tags),
            "categories" => Some(Taxonomy::Categories),
            _ => None,
        }
    }

    /// Its name in site.yaml and front matter.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Categories => "categories",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub weight: i64,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_timezone() -> String {
    "Asia/Shanghai".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}
fn yes() -> bool {
    true
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, e.g. `/jieshui/` (at least `/`).
    pub base_path: String,
    pub language: String,
    pub timezone: jiff::tz::TimeZone,
    pub timezone_name: String,
    pub theme: String,
    pub output_dir: String,
    pub relative_urls: bool,
    /// 长者模式: every page also at `/elder/…` in large type (an extension of the contract).
    pub elder_mode: bool,
    pub soft_breaks: SoftBreaks,
    /// The tones automatic pinyin gives 一 and 不 (`markdown.pinyin_tones`, an extension).
    pub pinyin_tones: PinyinTones,
    pub taxonomies: Vec<Taxonomy>,
    pub feeds: Vec<String>,
    pub search: bool,
    pub sitemap: bool,
    pub campaigns: BTreeMap<i32, BTreeMap<String, CampaignDates>>,
    pub organization: Option<Organization>,
    /// The government profile's settings; see [`Config::government`].
    pub gov: Government,
    /// How `check --external` checks links to other sites.
    pub links: LinkSettings,
    pub menu: Vec<MenuItem>,
    pub extra: serde_json::Value,
    /// How far one render of a template may go.
    pub limits: Limits,
    pub deploy: Option<Deploy>,
    pub images: ImageSettings,
    /// The text of site.yaml, to place messages about its values.
    pub source: String,
}

impl Config {
    /// Whether the site gets the government profile: `government.enabled`, else a filled-in
    /// `organization.site_code` (网站标识码, which only government sites are issued).
    pub fn government(&self) -> bool {
        self.gov.enabled.unwrap_or_else(|| {
            self.organization
                .as_ref()
                .is_some_and(|o| !o.site_code.trim().is_empty())
        })
    }

    /// The host of `base_url` (`SiteDomain`), e.g. `slj.changzhou.gov.cn`.
    pub fn domain(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        host.rsplit_once('@').map_or(host, |(_, h)| h)
    }

    /// A diagnostic at the value of `key` (a path such as `menu[2].url`) in site.yaml.
    pub fn diag_at(&self, key: &str, d: Diagnostic) -> Diagnostic {
        Placer::whole(CONFIG_FILE, &self.source).at_value(key, d)
    }

    /// Reads and validates `ROOT/site.yaml`; `base_url` replaces the file's when given.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let mut diags = Diagnostics::new();
        let text = crate::files::read_text(root, &path).map_err(|d| one(d, &mut diags))?;
        Config::parse(&text, base_url)
    }

    pub fn parse(text: &str, base_url: Option<&str>) -> Result<Config, Diagnostics> {
        let mut diags = Diagnostics::new();
        if text.trim().is_empty() {
            return Err(one(
                Diagnostic::error(Msg::EmptySiteYaml).in_file(CONFIG_FILE),
                &mut diags,
            ));
        }
        // Only where: the excerpt of the line would print the secret.
        for (line, col) in secrets::find(text) {
            diags.push(
                Diagnostic::error(Msg::SecretInSite)
                    .in_file(CONFIG_FILE)
                    .at(crate::diagnostics::Pos::new(line, col)),
            );
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let raw: RawConfig =
            crate::yaml::parse(CONFIG_FILE, text, 1).map_err(|d| one(d, &mut diags))?;
        // Every field named: a new one does not compile until it is carried over.
        let RawConfig {
            title,
            description,
            base_url: raw_base_url,
            language,
            timezone: timezone_name,
            theme,
            output_dir,
            relative_urls,
            elder_mode,
            markdown:
                RawMarkdown {
                    cjk_soft_breaks,
                    pinyin_tones,
                },
            taxonomies,
            feeds,
            search,
            sitemap,
            campaigns,
            organization,
            government,
            links,
            menu,
            extra,
            limits,
            deploy,
            mut images,
        } = raw;
        let placer = Placer::whole(CONFIG_FILE, text);
        let (base_url, base_path) = match base_url {
            Some(flag) => check_base_url(flag, None, &mut diags),
            None => check_base_url(&raw_base_url, Some(&placer), &mut diags),
        };
        let timezone = check_timezone(&timezone_name, &placer, &mut diags);
        check_campaigns(&campaigns, &placer, &mut diags);
        let taxonomies = check_taxonomies(&taxonomies, &placer, &mut diags);
        images.quality = images.quality.clamp(1, 100);
        images.jpeg_quality = images.jpeg_quality.clamp(1, 100);
        images.widths.retain(|w| (16..=8000).contains(w));
        images.widths.sort_unstable();
        images.widths.dedup();
        if images.widths.is_empty() {
            images.widths = ImageSettings::default().widths;
        }
        if output_dir.trim().is_empty() {
            diags.push(placer.at_value("output_dir", Diagnostic::error(Msg::EmptyOutputDir)));
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Config {
            title,
            description,
            base_url,
            base_path,
            language,
            timezone,
            timezone_name,
            theme,
            output_dir,
            relative_urls,
            elder_mode,
            soft_breaks: match cjk_soft_breaks {
                RawSoftBreaks::Join => SoftBreaks::Join,
                RawSoftBreaks::Space => SoftBreaks::Space,
            },
            pinyin_tones: match pinyin_tones {
                RawPinyinTones::Textbook => PinyinTones::Textbook,
                RawPinyinTones::Citation => PinyinTones::Citation,
            },
            taxonomies,
            feeds,
            search,
            sitemap,
            campaigns,
            organization,
            gov: government,
            links,
            menu,
            extra,
            limits: limits.into(),
            deploy,
            images,
            source: text.to_string(),
        })
    }
}

/// `base_url` (and its path) when valid; an error at site.yaml's line (`placer`), or without a
/// line when the URL came from `--base-url`.
fn check_base_url(
    url: &str,
    placer: Option<&Placer<'_>>,
    diags: &mut Diagnostics,
) -> (String, String) {
    match validate_base_url(url) {
        Ok(v) => v,
        Err(why) => {
            let d = Diagnostic::error(Msg::BadBaseUrl {
                url: url.to_string(),
                why,
            });
            diags.push(match placer {
                Some(p) => p.at_value("base_url", d),
                None => d,
            });
            (String::from("/"), String::from("/"))
        }
    }
}

fn check_timezone(name: &str, placer: &Placer<'_>, diags: &mut Diagnostics) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(name).unwrap_or_else(|_| {
        let d = Diagnostic::error(Msg::UnknownTimezone {
            timezone: name.to_string(),
        });
        diags.push(placer.at_value("timezone", d));
        jiff::tz::TimeZone::UTC
    })
}

fn check_campaigns(
    campaigns: &BTreeMap<i32, BTreeMap<String, CampaignDates>>,
    placer: &Placer<'_>,
    diags: &mut Diagnostics,
) {
    for (year, names) in campaigns {
        for (name, dates) in names {
            for (field, value) in [("start", &dates.start), ("end", &dates.end)] {
                if value.parse::<jiff::civil::Date>().is_err() {
                    let d = Diagnostic::error(Msg::BadDate {
                        value: value.to_string(),
                    });
                    diags.push(placer.at_value(&format!("campaigns.{year}.{name}.{field}"), d));
                }
            }
        }
    }
}

fn check_taxonomies(
    names: &[String],
    placer: &Placer<'_>,
    diags: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match Taxonomy::from_name(name) {
            Some(t) => taxonomies.push(t),
            None => {
                let d = Diagnostic::error(Msg::UnknownTaxonomy { name: name.clone() });
                diags.push(placer.at_value(&format!("taxonomies[{i}]"), d));
            }
        }
    }
    taxonomies
}

fn one(d: Diagnostic, diags: &mut Diagnostics) -> Diagnostics {
    diags.push(d);
    std::mem::take(diags)
}

/// Checks an absolute http(s) URL and returns it ending in `/`, with its path. Scheme and host
/// are read as browsers read them, in any case (`HTTPS://Example.org`), and written in lower case.
fn validate_base_url(url: &str) -> Result<(String, String), BaseUrlWhy> {
    let (scheme, rest) = url.split_once("://").ok_or(BaseUrlWhy::Scheme)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(BaseUrlWhy::Scheme);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BaseUrlWhy::Spaces);
    }
    if url.contains(['?', '#']) {
        return Err(BaseUrlWhy::QueryOrFragment);
    }
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.starts_with(':') {
        return Err(BaseUrlWhy::NoHost);
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(BaseUrlWhy::DotSegment);
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let host = host.to_ascii_lowercase();
    Ok((format!("{scheme}://{host}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = Config::parse("title: 节水\nbase_url: https://example.org/sub\n", None).unwrap();
        assert_eq!(c.base_url, "https://example.org/sub/");
        assert_eq!(c.base_path, "/sub/");
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.theme, "default");
        assert!(c.sitemap && !c.search && !c.relative_urls);
    }

    #[test]
    fn unknown_key_has_hint_and_line() {
        let err = Config::parse("title: a\nbase_url: https://e.org/\nthem: x\n", None).unwrap_err();
        let d = err.into_sorted().remove(0);
        assert!(
            d.headline(crate::messages::Lang::En)
                .starts_with("error: site.yaml:3:1: unknown field `them`")
        );
        assert_eq!(
            d.hint(crate::messages::Lang::En).as_deref(),
            Some("did you mean `theme`?")
        );
    }

    #[test]
    fn base_url_scheme_and_host_in_any_case() {
        // Issue #14: `HTTPS://` was refused, though every browser reads it.
        let c = Config::parse("title: t\nbase_url: HTTPS://Water.Example.ORG/Sub\n", None).unwrap();
        assert_eq!(c.base_url, "https://water.example.org/Sub/");
        assert_eq!(c.base_path, "/Sub/");
        assert!(Config::parse("title: t\nbase_url: ftp://e.org/\n", None).is_err());
        assert!(Config::parse("title: t\nbase_url: e.org://x/\n", None).is_err());
    }

    #[test]
    fn bad_base_url_is_located() {
        let err = Config::parse("title: a\nbase_url: example.org\n", None).unwrap_err();
        let d = err.into_sorted().remove(0);
        assert!(
            d.headline(crate::messages::Lang::En)
                .starts_with("error: site.yaml:2:11: base_url"),
            "{}",
            d.headline(crate::messages::Lang::En)
        );
    }

    #[test]
    fn flag_overrides_base_url() {
        let c = Config::parse(
            "title: a\nbase_url: https://e.org/\n",
            Some("http://127.0.0.1:1111"),
        )
        .unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:1111/");
        assert!(Config::parse("title: a\nbase_url: https://e.org/\n", Some("ftp://x")).is_err());
    }

    #[test]
    fn base_url_validation() {
        assert!(validate_base_url("https://").is_err());
        assert!(validate_base_url("https://a.org/x?y").is_err());
        assert!(validate_base_url("https://a.org/../x").is_err());
        assert_eq!(validate_base_url("http://a.org").unwrap().1, "/");
    }
}

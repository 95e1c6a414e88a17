//! site.yaml: the raw serde struct (unknown keys rejected) → a validated `Config`.

pub mod campaign;
pub mod organization;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::SoftBreaks;
use crate::messages::{BaseUrlWhy, Msg};
use crate::yaml::positions::YamlPositions;

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
    menu: Vec<MenuItem>,
    #[serde(default)]
    extra: serde_json::Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    cjk_soft_breaks: RawSoftBreaks,
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
    pub taxonomies: Vec<String>,
    pub feeds: Vec<String>,
    pub search: bool,
    pub sitemap: bool,
    pub campaigns: BTreeMap<i32, BTreeMap<String, CampaignDates>>,
    pub organization: Option<Organization>,
    pub menu: Vec<MenuItem>,
    pub extra: serde_json::Value,
    /// The text of site.yaml, to place messages about its values.
    pub source: String,
}

impl Config {
    /// A diagnostic at the value of `key` (a path such as `menu[2].url`) in site.yaml.
    pub fn diag_at(&self, key: &str, d: Diagnostic) -> Diagnostic {
        let d = d.in_file(CONFIG_FILE);
        match YamlPositions::index(&self.source, 1).value(key) {
            Some(pos) => d.at(pos).with_source(&self.source),
            None => d,
        }
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
        let raw: RawConfig =
            crate::yaml::parse(CONFIG_FILE, text, 1).map_err(|d| one(d, &mut diags))?;
        let positions = std::cell::OnceCell::new();
        let at = |key: &str, d: Diagnostic| -> Diagnostic {
            let idx = positions.get_or_init(|| YamlPositions::index(text, 1));
            match idx.value(key) {
                Some(pos) => d.at(pos).with_source(text),
                None => d,
            }
        };

        let from_flag = base_url.is_some();
        let base = base_url.unwrap_or(&raw.base_url);
        let (base_url, base_path) = match validate_base_url(base) {
            Ok(v) => v,
            Err(why) => {
                let d = Diagnostic::error(Msg::BadBaseUrl {
                    url: base.to_string(),
                    why,
                });
                if from_flag {
                    diags.push(d);
                } else {
                    diags.push(at("base_url", d.in_file(CONFIG_FILE)));
                }
                (String::from("/"), String::from("/"))
            }
        };
        let timezone = match jiff::tz::TimeZone::get(&raw.timezone) {
            Ok(tz) => tz,
            Err(_) => {
                diags.push(at(
                    "timezone",
                    Diagnostic::error(Msg::UnknownTimezone {
                        timezone: raw.timezone.clone(),
                    })
                    .in_file(CONFIG_FILE),
                ));
                jiff::tz::TimeZone::UTC
            }
        };
        for (year, names) in &raw.campaigns {
            for (name, dates) in names {
                for (field, value) in [("start", &dates.start), ("end", &dates.end)] {
                    if value.parse::<jiff::civil::Date>().is_err() {
                        diags.push(at(
                            &format!("campaigns.{year}.{name}.{field}"),
                            Diagnostic::error(Msg::BadDate {
                                value: value.to_string(),
                            })
                            .in_file(CONFIG_FILE),
                        ));
                    }
                }
            }
        }
        for (i, name) in raw.taxonomies.iter().enumerate() {
            if name != "tags" && name != "categories" {
                diags.push(at(
                    &format!("taxonomies[{i}]"),
                    Diagnostic::error(Msg::UnknownTaxonomy { name: name.clone() })
                        .in_file(CONFIG_FILE),
                ));
            }
        }
        if raw.output_dir.trim().is_empty() {
            diags.push(at(
                "output_dir",
                Diagnostic::error(Msg::EmptyOutputDir).in_file(CONFIG_FILE),
            ));
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Config {
            title: raw.title,
            description: raw.description,
            base_url,
            base_path,
            language: raw.language,
            timezone,
            timezone_name: raw.timezone,
            theme: raw.theme,
            output_dir: raw.output_dir,
            relative_urls: raw.relative_urls,
            elder_mode: raw.elder_mode,
            soft_breaks: match raw.markdown.cjk_soft_breaks {
                RawSoftBreaks::Join => SoftBreaks::Join,
                RawSoftBreaks::Space => SoftBreaks::Space,
            },
            taxonomies: raw.taxonomies,
            feeds: raw.feeds,
            search: raw.search,
            sitemap: raw.sitemap,
            campaigns: raw.campaigns,
            organization: raw.organization,
            menu: raw.menu,
            extra: raw.extra,
            source: text.to_string(),
        })
    }
}

fn one(d: Diagnostic, diags: &mut Diagnostics) -> Diagnostics {
    diags.push(d);
    std::mem::take(diags)
}

/// Checks an absolute http(s) URL and returns it ending in `/`, with its path.
fn validate_base_url(url: &str) -> Result<(String, String), BaseUrlWhy> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(BaseUrlWhy::Scheme)?;
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
    let scheme_len = url.len() - rest.len();
    Ok((format!("{}{host}{path}", &url[..scheme_len]), path))
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

//! A theme in the government profile must show, on every page, the `<meta>` set in its `<head>`
//! and the filing items in its footer. Each template that is a page frame (it has `</head>` or
//! `</body>`, with what it includes) is read for them; what is missing is one warning naming the
//! template, at its `</head>` or `</body>` line.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;

/// The `<meta>` names a government page carries.
pub const META_NAMES: &[&str] = &[
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
];

/// Footer items: what is shown, and the words in a template that show it (any one will do).
const FOOTER: &[(&str, &[&str])] = &[
    ("主办单位 (sponsor)", &["sponsor"]),
    ("网站标识码 (site_code)", &["site_code", "site_id_code"]),
    (
        "ICP备案号 → beian.miit.gov.cn",
        &["beian.miit.gov.cn", "icp_url"],
    ),
    (
        "公安备案号 → beian.gov.cn",
        &["www.beian.gov.cn", "police_url"],
    ),
    ("联系方式 (contact)", &["contact"]),
];

const CONAC: (&str, &[&str]) = ("党政机关网站标识 (conac_url)", &["conac_url"]);

/// Warnings for page frames that leave out a required item (the 党政机关网站标识 when the site
/// has one), and for any template loading from a host not allowed. `templates` maps each
/// template's name to where it is shown from and its text.
pub fn check(templates: &BTreeMap<String, (String, String)>, config: &Config) -> Vec<Diagnostic> {
    let conac = config
        .organization
        .as_ref()
        .is_some_and(|o| !o.conac_url.trim().is_empty());
    let mut out = Vec::new();
    for (name, (shown, text)) in templates {
        if name.starts_with("__jieshui/") {
            continue;
        }
        let (own, allowed) = (config.domain(), &config.gov.allowed_hosts);
        out.extend(crate::gov::embeds::warnings(shown, text, 1, own, allowed));
        if name.starts_with("shortcodes/") {
            continue;
        }
        let whole = with_includes(templates, text);
        if let Some(line) = line_of(text, "</head>") {
            let missing: Vec<String> = META_NAMES
                .iter()
                .filter(|n| !whole.contains(*n))
                .map(|n| format!("<meta name=\"{n}\">"))
                .collect();
            out.extend(warning(shown, text, line, missing));
        }
        if let Some(line) = line_of(text, "</body>") {
            let wanted = FOOTER.iter().chain(conac.then_some(&CONAC));
            let missing: Vec<String> = wanted
                .filter(|(_, words)| !words.iter().any(|w| whole.contains(w)))
                .map(|(item, _)| item.to_string())
                .collect();
            out.extend(warning(shown, text, line, missing));
        }
    }
    out
}

fn warning(shown: &str, text: &str, line: usize, missing: Vec<String>) -> Option<Diagnostic> {
    if missing.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(Msg::GovThemeMissing {
            template: shown.to_string(),
            items: missing,
        })
        .in_file(shown)
        .at(Pos::line(line))
        .with_source(text),
    )
}

/// The 1-based line of the first `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// The text with the text of every template it includes (and they include), each once.
fn with_includes(templates: &BTreeMap<String, (String, String)>, text: &str) -> String {
    let mut whole = text.to_string();
    let mut seen = std::collections::BTreeSet::new();
    let mut todo = includes(text);
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some((_, t)) = templates.get(&name) {
            whole.push('\n');
            whole.push_str(t);
            todo.extend(includes(t));
        }
    }
    whole
}

/// The literal names of `{% include "…" %}` tags.
fn includes(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("include") {
        rest = &rest[at + "include".len()..];
        let trimmed = rest.trim_start();
        let Some(quote) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = trimmed[1..].find(quote) {
            names.push(trimmed[1..1 + end].to_string());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(conac: bool) -> Config {
        let url = if conac { "https://c.example/" } else { "" };
        let text = format!(
            "title: t\nbase_url: https://e.org/\norganization:\n  site_code: \"3204000001\"\n  conac_url: \"{url}\"\n"
        );
        Config::parse(&text, None).unwrap()
    }

    #[test]
    fn a_script_from_another_host_in_a_template_is_named() {
        let t = map(&[(
            "partials/stats.html",
            "x\n<script src=\"https://stats.example.com/s.js\"></script>",
        )]);
        let w = check(&t, &config(false));
        assert_eq!(w.len(), 1);
        let head = w[0].headline(crate::messages::Lang::En);
        assert!(
            head.starts_with("warning: themes/t/templates/partials/stats.html:2:1:"),
            "{head}"
        );
        assert!(head.contains("stats.example.com"), "{head}");
    }

    fn map(items: &[(&str, &str)]) -> BTreeMap<String, (String, String)> {
        items
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (format!("themes/t/templates/{n}"), t.to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn a_frame_without_the_set_is_named_at_its_head_and_body() {
        let t = map(&[(
            "base.html",
            "<html>\n<head>\n<meta name=\"SiteName\">\n</head>\n<body>\n{{ org.sponsor }}\n</body>\n</html>",
        )]);
        let w = check(&t, &config(false));
        assert_eq!(w.len(), 2);
        let head = w[0].headline(crate::messages::Lang::En);
        assert!(
            head.starts_with("warning: themes/t/templates/base.html:4:"),
            "{head}"
        );
        assert!(
            head.contains("SiteIDCode") && !head.contains("SiteName\""),
            "{head}"
        );
        let foot = w[1].headline(crate::messages::Lang::En);
        assert!(
            foot.contains(":7:") && foot.contains("beian.miit.gov.cn"),
            "{foot}"
        );
        assert!(!foot.contains("sponsor)"), "{foot}");
    }

    #[test]
    fn items_in_included_partials_count_and_conac_only_when_configured() {
        let head: String = META_NAMES.iter().map(|n| format!("{n} ")).collect();
        let t = map(&[
            (
                "base.html",
                "<head>{% include \"partials/meta.html\" %}</head><body>{% include 'partials/footer.html' %}</body>",
            ),
            ("partials/meta.html", head.as_str()),
            (
                "partials/footer.html",
                "sponsor site_code icp_url police_url contact",
            ),
            ("page.html", "{% extends \"base.html\" %}"),
        ]);
        assert!(check(&t, &config(false)).is_empty());
        let w = check(&t, &config(true));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].headline(crate::messages::Lang::En)
                .contains("conac_url")
        );
    }
}

//! Site-wide checks that are warnings, not errors: what a public Chinese government site must
//! show in its footer (主办单位, 网站标识码, ICP备案号, 公安机关备案号, contact).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;

/// Warnings for `organization` fields that are empty or malformed. A site without
/// `organization` is not a public one and gets none, unless it asks for the government profile
/// (`government: { enabled: true }`), which needs every field.
pub fn organization(config: &Config) -> Vec<Diagnostic> {
    let none = crate::config::Organization::default();
    let org = match &config.organization {
        Some(org) => org,
        None if config.government() => &none,
        None => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut warn = |key: &str, msg: Msg| {
        out.push(config.diag_at(&format!("organization.{key}"), Diagnostic::warning(msg)));
    };
    let fields = [
        ("sponsor", org.sponsor.as_str()),
        ("site_code", org.site_code.as_str()),
        ("icp", org.icp.as_str()),
        ("police_record", org.police_record.as_str()),
        ("contact", org.contact.as_str()),
    ];
    for (key, value) in fields {
        let value = value.trim();
        if value.is_empty() {
            warn(
                key,
                Msg::OrganizationEmpty {
                    field: key.to_string(),
                },
            );
            continue;
        }
        let malformed = match key {
            "site_code" => !site_code_ok(value),
            "icp" => !icp_ok(value),
            "police_record" => !police_record_ok(value),
            _ => false,
        };
        if malformed {
            warn(
                key,
                Msg::OrganizationMalformed {
                    field: key.to_string(),
                    value: value.to_string(),
                },
            );
        }
    }
    out
}

/// The one-character abbreviations of the provinces, autonomous regions and municipalities of
/// the mainland, which begin ICP and 公安 filing numbers (苏ICP备…, 苏公网安备…).
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// 网站标识码 as issued: ten digits (a government's own sites: its area code and a number), or
/// `bm` and eight digits (a State Council department's, e.g. `bm17000009`).
pub fn site_code_ok(value: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    digits(value, 10) || value.strip_prefix("bm").is_some_and(|rest| digits(rest, 8))
}

/// An ICP filing number: `苏ICP备12345678号`, optionally with a site number (`…号-1`).
pub fn icp_ok(value: &str) -> bool {
    let Some(rest) = strip_province(value).and_then(|r| r.strip_prefix("ICP备")) else {
        return false;
    };
    let Some((number, site)) = rest.split_once('号') else {
        return false;
    };
    let number_ok = (4..=12).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
    let site_ok = site.is_empty()
        || site.strip_prefix('-').is_some_and(|n| {
            !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit())
        });
    number_ok && site_ok
}

/// A 公安机关 filing number: `苏公网安备 32041102000123号` (14 digits; the space is optional).
pub fn police_record_ok(value: &str) -> bool {
    police_record_code(value).is_some()
}

/// The 14 digits of a 公安 filing number, for the link to its record
/// (`https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=DIGITS`).
pub fn police_record_code(value: &str) -> Option<&str> {
    let rest = strip_province(value.trim())?.strip_prefix("公网安备")?;
    let number = rest.trim_start().strip_suffix('号')?;
    (number.len() == 14 && number.bytes().all(|b| b.is_ascii_digit())).then_some(number)
}

fn strip_province(value: &str) -> Option<&str> {
    let first = value.chars().next()?;
    PROVINCES
        .contains(first)
        .then(|| &value[first.len_utf8()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_malformed_fields_warn_at_their_line() {
        let text = "title: t\nbase_url: https://e.org/\norganization:\n  sponsor: 常州市水利局\n  site_code: \"12345\"\n  icp: 苏ICP备12345678号\n  police_record: \"\"\n  contact: 0519-00000000\n";
        let config = Config::parse(text, None).unwrap();
        let warnings = organization(&config);
        let heads: Vec<String> = warnings
            .iter()
            .map(|w| w.headline(crate::messages::Lang::En))
            .collect();
        assert_eq!(heads.len(), 2, "{heads:?}");
        assert!(
            heads[0].starts_with("warning: site.yaml:5:14: organization.site_code"),
            "{}",
            heads[0]
        );
        assert!(
            heads[1].starts_with("warning: site.yaml:7:18: organization.police_record"),
            "{}",
            heads[1]
        );
    }

    #[test]
    fn formats_as_issued() {
        for good in ["3204000001", "bm17000009"] {
            assert!(site_code_ok(good), "{good}");
        }
        for bad in [
            "12345",
            "320400000",
            "32040000011",
            "BM17000009",
            "bm1700000",
            "320400000a",
        ] {
            assert!(!site_code_ok(bad), "{bad}");
        }
        for good in [
            "苏ICP备12345678号",
            "苏ICP备12345678号-1",
            "京ICP备2021012345号-12",
        ] {
            assert!(icp_ok(good), "{good}");
        }
        for bad in [
            "ICP备12345678号",
            "苏ICP12345678号",
            "苏ICP备12345678",
            "苏ICP备号",
            "苏ICP备12345678号-",
            "苏ICP备12345678号-a",
            "A ICP备12345678号",
            "苏ICP备1234５678号",
        ] {
            assert!(!icp_ok(bad), "{bad}");
        }
        assert_eq!(
            police_record_code("苏公网安备 32041102000123号"),
            Some("32041102000123")
        );
        assert_eq!(
            police_record_code("苏公网安备32041102000123号"),
            Some("32041102000123")
        );
        for bad in [
            "苏公网安备 3204110200012号",
            "公网安备 32041102000123号",
            "苏公网安备 32041102000123",
        ] {
            assert!(!police_record_ok(bad), "{bad}");
        }
    }

    #[test]
    fn no_organization_no_warnings() {
        let config = Config::parse("title: t\nbase_url: https://e.org/\n", None).unwrap();
        assert!(organization(&config).is_empty());
    }
}

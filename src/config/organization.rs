//! Site-wide checks that are warnings, not errors: what a public Chinese government site must
//! show in its footer (主办单位, 网站标识码, ICP备案号, 公安机关备案号, contact).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;

/// Warnings for `organization` fields that are empty or malformed. A site without
/// `organization` is not a public one and gets none.
pub fn organization(config: &Config) -> Vec<Diagnostic> {
    let Some(org) = &config.organization else {
        return Vec::new();
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
            "site_code" => !(value.len() == 10 && value.bytes().all(|b| b.is_ascii_digit())),
            "icp" => !value.contains("ICP") || !value.chars().any(|c| c.is_ascii_digit()),
            "police_record" => {
                !value.contains("公网安备") || !value.chars().any(|c| c.is_ascii_digit())
            }
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
    fn no_organization_no_warnings() {
        let config = Config::parse("title: t\nbase_url: https://e.org/\n", None).unwrap();
        assert!(organization(&config).is_empty());
    }
}

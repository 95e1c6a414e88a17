//! Site-wide checks that are warnings, not errors: what a public Chinese government site must
//! show in its footer (主办单位, 网站标识码, ICP备案号, 公安机关备案号, contact).

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// Warnings for `organization` fields that are empty or malformed. A site without
/// `organization` is not a public one and gets none.
pub fn organization(config: &Config) -> Vec<Diagnostic> {
    let Some(org) = &config.organization else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut warn = |key: &str, message: String, hint: &str| {
        out.push(config.diag_at(
            &format!("organization.{key}"),
            Diagnostic::warning(message).hint(hint),
        ));
    };
    let fields = [
        (
            "sponsor",
            "主办单位",
            org.sponsor.as_str(),
            "e.g. sponsor: 常州市水利局",
        ),
        (
            "site_code",
            "网站标识码",
            org.site_code.as_str(),
            "the 10-digit code from the government website registry",
        ),
        (
            "icp",
            "ICP备案号",
            org.icp.as_str(),
            "e.g. icp: 苏ICP备12345678号",
        ),
        (
            "police_record",
            "公安机关备案号",
            org.police_record.as_str(),
            "e.g. police_record: 苏公网安备 32041102000000号",
        ),
        (
            "contact",
            "联系方式",
            org.contact.as_str(),
            "a telephone number or e-mail address for the public",
        ),
    ];
    for (key, label, value, hint) in fields {
        let value = value.trim();
        if value.is_empty() {
            warn(
                key,
                format!(
                    "organization.{key} ({label}) is empty; a public site must show it in its footer"
                ),
                hint,
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
                format!("organization.{key} ({label}) `{value}` does not look right"),
                hint,
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
        let heads: Vec<String> = warnings.iter().map(|w| w.headline()).collect();
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

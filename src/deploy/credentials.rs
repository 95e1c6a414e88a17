//! The key pair a deploy signs with: from the environment, or from a file outside the site
//! (`JIESHUI_CREDENTIALS`); and secrets written into content/ by mistake, which stop a deploy.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;

use super::settings::{AWS_PAIR, Provider};
use super::sign::Credentials;

/// Secret-looking text in content/ (site.yaml is checked whenever it is read).
pub(super) fn secrets_in_content(root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let content = root.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let shown = crate::diagnostics::display_path(root, path);
        for (line, col) in crate::config::secrets::find(&text) {
            out.push(
                Diagnostic::error(Msg::SecretInSite)
                    .in_file(shown.clone())
                    .at(Pos::new(line, col)),
            );
        }
    }
    out
}

/// The provider's key pair from the environment, else from `JIESHUI_CREDENTIALS`' file.
pub(super) fn credentials(
    root: &Path,
    provider: &Provider,
    env: &BTreeMap<String, String>,
) -> Result<Credentials, Diagnostic> {
    let get = |name: &str| env.get(name).filter(|v| !v.trim().is_empty()).cloned();
    for (id, secret) in provider.pairs {
        if let (Some(key_id), Some(secret)) = (get(id), get(secret)) {
            let token = (*id == AWS_PAIR.0)
                .then(|| get("AWS_SESSION_TOKEN"))
                .flatten();
            return Ok(Credentials {
                key_id: key_id.trim().to_string(),
                secret: secret.trim().to_string(),
                token,
            });
        }
    }
    if let Some(file) = get("JIESHUI_CREDENTIALS") {
        return credentials_file(root, Path::new(&file));
    }
    let mut names: Vec<String> = provider
        .pairs
        .iter()
        .flat_map(|(a, b)| [a.to_string(), b.to_string()])
        .collect();
    names.push("JIESHUI_CREDENTIALS".into());
    Err(Diagnostic::error(Msg::NoCredentials {
        provider: provider.name.to_string(),
        names,
    }))
}

/// A key file: `access_key_id = …` and `secret_access_key = …` lines (`#` starts a comment).
fn credentials_file(root: &Path, file: &Path) -> Result<Credentials, Diagnostic> {
    let shown = file.display().to_string();
    let real = std::fs::canonicalize(file).map_err(|e| {
        Diagnostic::error(Msg::CannotRead {
            detail: e.to_string(),
        })
        .in_file(shown.clone())
    })?;
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if real.starts_with(&site) {
        return Err(Diagnostic::error(Msg::CredentialsInsideSite {
            path: shown,
        }));
    }
    let text = std::fs::read_to_string(&real).map_err(|e| {
        Diagnostic::error(Msg::CannotRead {
            detail: e.to_string(),
        })
        .in_file(shown.clone())
    })?;
    let mut key_id = None;
    let mut secret = None;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        if let Some((k, v)) = line.split_once(['=', ':']) {
            let v = v.trim().trim_matches(['"', '\'']).to_string();
            match k.trim() {
                "access_key_id" => key_id = Some(v),
                "secret_access_key" => secret = Some(v),
                _ => {}
            }
        }
    }
    match (key_id, secret) {
        (Some(key_id), Some(secret)) if !key_id.is_empty() && !secret.is_empty() => {
            Ok(Credentials {
                key_id,
                secret,
                token: None,
            })
        }
        _ => Err(Diagnostic::error(Msg::MissingField {
            field: "access_key_id / secret_access_key".into(),
        })
        .in_file(shown)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::settings::provider;
    use crate::messages::Lang;

    #[test]
    fn credentials_come_from_the_provider_names_then_aws() {
        let root = Path::new("/nonexistent-site");
        let env = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let oss = provider("aliyun-oss").unwrap();
        let c = credentials(
            root,
            &oss,
            &env(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id1"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s1"),
                ("AWS_ACCESS_KEY_ID", "id2"),
                ("AWS_SECRET_ACCESS_KEY", "s2"),
            ]),
        )
        .unwrap();
        assert_eq!((c.key_id.as_str(), c.secret.as_str()), ("id1", "s1"));
        let d = credentials(root, &oss, &env(&[])).unwrap_err();
        let text = d.render(Lang::Zh);
        assert!(text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{text}");
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("keys.txt");
        std::fs::write(&inside, "access_key_id = a\nsecret_access_key = b\n").unwrap();
        let d = credentials(
            dir.path(),
            &oss,
            &env(&[("JIESHUI_CREDENTIALS", inside.to_str().unwrap())]),
        )
        .unwrap_err();
        assert_eq!(d.msg.kind(), "credentials-inside-site");
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        let c = credentials(
            &site,
            &oss,
            &env(&[("JIESHUI_CREDENTIALS", inside.to_str().unwrap())]),
        )
        .unwrap();
        assert_eq!((c.key_id.as_str(), c.secret.as_str()), ("a", "b"));
    }
}

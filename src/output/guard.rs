//! Where the output may go: never the root, an ancestor of it, a folder holding `content/`,
//! or inside the folders jieshui reads.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::messages::{Msg, OutputWhy};

/// The output folder: `--output-dir` (relative to the working directory) or site.yaml's
/// `output_dir` (relative to the root).
pub(crate) fn resolve_output_dir(root: &Path, flag: Option<&Path>, config_dir: &str) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = match flag {
        Some(p) => cwd.join(p),
        None => absolute(&cwd, root).join(config_dir),
    };
    normalize(&path)
}

fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    }
}

/// Resolves `.` and `..` lexically, then symlinks of the longest existing ancestor.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    let mut existing = out.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => return out,
        }
    }
    let mut real = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in tail.into_iter().rev() {
        real.push(name);
    }
    real
}

/// Whether `out` (resolved, links followed) lies inside the site folder: where site.yaml's
/// `output_dir` must lead. A site folder someone sends you cannot choose to write elsewhere;
/// only the command line (`--output-dir`) can.
pub(crate) fn inside_site(root: &Path, out: &Path) -> bool {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| normalize(root));
    out.starts_with(&root) && out != root
}

pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let shown = out.display().to_string();
    let refuse = |why: OutputWhy| {
        Err(Diagnostic::error(Msg::OutputDirRefused {
            dir: shown.clone(),
            why,
        }))
    };
    if out == root {
        return refuse(OutputWhy::IsSite);
    }
    if root.starts_with(out) {
        return refuse(OutputWhy::ContainsSite);
    }
    if out.join("content").is_dir() || out.join(crate::layout::CONFIG_FILE).is_file() {
        return refuse(OutputWhy::HoldsSite);
    }
    let cache = [crate::layout::CACHE_DIR];
    for inner in crate::layout::INPUT_FOLDERS.iter().chain(&cache) {
        if out.starts_with(root.join(inner)) {
            return refuse(OutputWhy::Inside(inner.to_string()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_ancestors_and_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let root = std::fs::canonicalize(&root).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(&root, &root.join("content/x")).is_err());
        assert!(check_output_dir(&root, &root.join(".jieshui-cache/out")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        let out = resolve_output_dir(&root, None, "public/../..");
        assert!(check_output_dir(&root, &out).is_err());
    }

    #[test]
    fn output_dir_of_site_yaml_stays_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let inside = |d: &str| inside_site(&root, &resolve_output_dir(&root, None, d));
        assert!(inside("public") && inside("build/site") && inside("a/../public"));
        assert!(!inside("../x") && !inside("public/../../x") && !inside("/tmp/x"));
        assert!(!inside("."));
        std::os::unix::fs::symlink(dir.path(), root.join("out")).unwrap();
        assert!(!inside("out/x"), "a link out of the site leads out");
    }
}

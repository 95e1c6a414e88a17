//! A fixture site in a temp dir, the binary run over it, and assertions on what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) const MINIMAL_THEME: &[(&str, &str)] = &[
    (
        "themes/t/templates/base.html",
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><title>{% block title %}{{ site.title }}{% endblock title %}</title><link rel=\"stylesheet\" href=\"{{ url(path=\"style.css\") }}\"></head><body><nav><a href=\"{{ url(path=\"@/_index.md\") }}\">home</a></nav><main>{% block content %}{% endblock content %}</main></body></html>\n",
    ),
    (
        "themes/t/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><div class=\"content\">{{ page.content | safe }}</div>{% endblock content %}",
    ),
    (
        "themes/t/templates/section.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock content %}",
    ),
    (
        "themes/t/templates/index.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for s in section.subsections %}<li><a href=\"{{ s.permalink }}\">{{ s.title }}</a></li>{% endfor %}{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock content %}",
    ),
    ("themes/t/static/style.css", "body { line-height: 1.8; }\n"),
];

pub(crate) struct Site {
    pub(crate) dir: tempfile::TempDir,
}

/// The jieshui binary, about to run: English messages unless told otherwise.
pub(crate) struct Jieshui {
    cmd: Command,
}

/// `jieshui ARGS`, with `JIESHUI_LANG=en` (the tests assert English text) and the user's cache
/// folder (the photo cache's key) under `target/`, so tests leave the home folder alone.
pub(crate) fn jieshui(args: &[&str]) -> Jieshui {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jieshui"));
    cmd.args(args).env("JIESHUI_LANG", "en").env(
        "XDG_CACHE_HOME",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("xdg-cache"),
    );
    Jieshui { cmd }
}

impl Jieshui {
    /// Runs in `dir`.
    pub(crate) fn current_dir(mut self, dir: &Path) -> Jieshui {
        self.cmd.current_dir(dir);
        self
    }

    pub(crate) fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Jieshui {
        self.cmd.arg(arg);
        self
    }

    pub(crate) fn args(mut self, args: &[&str]) -> Jieshui {
        self.cmd.args(args);
        self
    }

    pub(crate) fn env(mut self, key: &str, value: &str) -> Jieshui {
        self.cmd.env(key, value);
        self
    }

    /// Messages in `lang` (`zh`, `en`), or, with `None`, whatever jieshui chooses itself.
    pub(crate) fn lang(mut self, lang: Option<&str>) -> Jieshui {
        match lang {
            Some(lang) => self.cmd.env("JIESHUI_LANG", lang),
            None => self.cmd.env_remove("JIESHUI_LANG"),
        };
        self
    }

    /// The command itself, for what the builder does not cover (limits, pipes, spawning).
    pub(crate) fn command(self) -> Command {
        self.cmd
    }

    /// Runs to the end; asserts it did not panic.
    pub(crate) fn run(mut self) -> Run {
        let out: Output = self.cmd.output().expect("run jieshui");
        let run = Run {
            status: out.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        };
        run.assert_no_panic();
        run
    }
}

/// What a run of the binary did, with fluent assertions: `.fails().error_at("content/a.md:3")`.
pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stderr: String,
    pub(crate) stdout: String,
}

impl Run {
    /// Exit status 0.
    pub(crate) fn succeeds(&self) -> &Run {
        self.exits(0)
    }

    /// Exit status 1: the site has errors.
    pub(crate) fn fails(&self) -> &Run {
        self.exits(1)
    }

    pub(crate) fn exits(&self, code: i32) -> &Run {
        assert_eq!(self.status, code, "exit status; stderr:\n{}", self.stderr);
        self
    }

    /// Some diagnostic's first line starts `error: PREFIX` (`content/a.md:3:5: …`).
    pub(crate) fn error_at(&self, prefix: &str) -> &Run {
        self.line_starting(&format!("error: {prefix}"))
    }

    /// Some diagnostic's first line starts `warning: PREFIX`.
    pub(crate) fn warning_at(&self, prefix: &str) -> &Run {
        self.line_starting(&format!("warning: {prefix}"))
    }

    /// Some line of stderr starts with `prefix`.
    pub(crate) fn line_starting(&self, prefix: &str) -> &Run {
        assert!(
            self.stderr.lines().any(|l| l.starts_with(prefix)),
            "no line starting with {prefix:?} in stderr:\n{}",
            self.stderr
        );
        self
    }

    /// stderr contains `text`.
    pub(crate) fn says(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "{text:?} not in stderr:\n{}",
            self.stderr
        );
        self
    }

    pub(crate) fn assert_no_panic(&self) -> &Run {
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        self
    }
}

impl Site {
    /// A site with `site.yaml` (title, base_url, theme t) and the minimal theme.
    pub(crate) fn new() -> Site {
        let site = Site::empty();
        site.write(
            "site.yaml",
            "title: 测试站\nbase_url: https://example.org/\ntheme: t\n",
        );
        for (path, text) in MINIMAL_THEME {
            site.write(path, text);
        }
        site.write("content/_index.md", "---\ntitle: 首页\n---\n欢迎\n");
        site
    }

    pub(crate) fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
        self
    }

    /// Runs the binary in the site folder with English messages.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        jieshui(args).current_dir(self.root()).run()
    }

    /// Runs the binary in the site folder with `JIESHUI_LANG` set to `lang`, or unset.
    pub(crate) fn run_in(&self, lang: Option<&str>, args: &[&str]) -> Run {
        jieshui(args).current_dir(self.root()).lang(lang).run()
    }

    pub(crate) fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub(crate) fn out(&self, rel: &str) -> String {
        let path = self.root().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub(crate) fn out_exists(&self, rel: &str) -> bool {
        self.root().join("public").join(rel).exists()
    }

    /// Every file under the site except `public/` and the build's lock file beside it, with
    /// its bytes.
    pub(crate) fn inputs(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = tree(self.root(), Some("public"));
        files.remove(Path::new(".jieshui-lock-public"));
        files
    }

    pub(crate) fn output_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&self.root().join("public"), None)
    }
}

/// Files under `dir` (relative path → bytes), skipping the top-level folder `skip`.
pub(crate) fn tree(dir: &Path, skip: Option<&str>) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let Ok(entry) = entry else { continue };
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("prefix")
            .to_path_buf();
        if let (Some(skip), Some(first)) = (skip, rel.components().next())
            && first.as_os_str() == skip
        {
            continue;
        }
        if entry.file_type().is_file() {
            out.insert(rel, std::fs::read(entry.path()).unwrap_or_default());
        }
    }
    out
}

/// A bad-input case: the run fails with status 1, names `prefix`, and changes no input file.
pub(crate) fn assert_fails_at(site: &Site, prefix: &str) -> Run {
    let before = site.inputs();
    let run = site.build();
    run.fails().line_starting(prefix);
    assert_eq!(
        before,
        site.inputs(),
        "a failed build changed files outside the output"
    );
    assert!(
        !site.out_exists("index.html"),
        "a failed build wrote output"
    );
    run
}

/// Builds the site at `root` into `out` with English messages, `env` set and `args` added;
/// asserts it succeeded and returns what it printed on stderr.
pub(crate) fn build_site(root: &Path, out: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = jieshui(&["build", "--root"])
        .arg(root)
        .arg("--output-dir")
        .arg(out)
        .args(args);
    for (k, v) in env {
        cmd = cmd.env(k, v);
    }
    cmd.run().succeeds().stderr.clone()
}

/// The bundled Changzhou site (this repository's site.yaml and site folders) copied to `to`.
pub(crate) fn copy_bundled_site(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "data", "themes", "static", "templates"] {
        let src = from.join(dir);
        if !src.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.expect("walk the bundled site");
            let dest = to.join(
                entry
                    .path()
                    .strip_prefix(from)
                    .expect("inside the repository"),
            );
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &dest).expect("copy");
            }
        }
    }
    std::fs::copy(from.join("site.yaml"), to.join("site.yaml")).expect("copy site.yaml");
}

/// Asserts two output folders hold the same files, byte for byte; `label` says which site.
pub(crate) fn assert_same_tree(a: &Path, b: &Path, label: &str) -> usize {
    let (a, b) = (tree(a, None), tree(b, None));
    let differ: Vec<_> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .take(5)
        .collect();
    assert!(differ.is_empty(), "{label}: differ on {differ:?}");
    a.len()
}

/// Values of every `href="…"` and `src="…"` in `html`.
pub(crate) fn attr_values(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " srcset=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            if attr == " srcset=\"" {
                // `a-480w.webp 480w, a-960w.webp 960w`: each address.
                for candidate in rest[..end].split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or_default();
                    out.push(url.to_string());
                }
            } else {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}

/// Checks that every relative link and image in every HTML file under `out` points at a file
/// that exists; returns how many were checked.
pub(crate) fn assert_relative_links_resolve(out: &Path) -> usize {
    let mut checked = 0;
    for (rel, bytes) in tree(out, None) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8 html");
        for href in attr_values(&html) {
            if href.starts_with('#')
                || href.contains("://")
                || href.starts_with("mailto:")
                || href.starts_with("data:")
            {
                continue;
            }
            assert!(
                !href.starts_with('/'),
                "{}: root-relative {href}",
                rel.display()
            );
            let target = href.split(['#', '?']).next().unwrap_or_default();
            let target = percent_decode(target);
            let file = out.join(rel.parent().expect("parent")).join(&target);
            assert!(
                file.is_file(),
                "{}: {href} → {} missing",
                rel.display(),
                file.display()
            );
            checked += 1;
        }
    }
    checked
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

//! The shape of `src/`: no import circles between files, none between folders, and the
//! folders in the documented order of the pipeline (issue #15).
//!
//! Every `crate::`, `super::` and `self::` path in each file of the library is read (`use`
//! lines, re-exports and inline paths such as `crate::markdown::is_han(…)` alike, and the
//! paths that go through a module imported by name), resolved to the file that *defines* the
//! item, through `pub use` re-exports. A file depends on the files whose items it names; a
//! re-export alone is not a dependency (it forwards a name). Test code (`#[cfg(test)]`
//! modules and files) is left out: it is not part of the data flow.
//!
//! Standard library only, so it builds in seconds: `cargo test --test architecture`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The library's top-level modules, from the bottom (what everything may use) to the top
/// (what uses everything). A module may use modules listed before it, never after.
const LAYERS: &[&str] = &[
    "text",
    "layout",
    "messages",
    "diagnostics",
    "yaml",
    "files",
    "markdown",
    "cache",
    "config",
    "content",
    "data",
    "gov",
    "output",
    "images",
    "render",
    "publish",
    "search",
    "links",
    "build",
    "init",
    "serve",
    "deploy",
    "cli",
];

type ModPath = Vec<String>;

struct Module {
    file: PathBuf,
    /// Text without comments, strings and test modules.
    code: String,
    /// Items defined here (functions, types, constants, macros).
    defines: BTreeSet<String>,
    /// `pub use` re-exports: name → absolute path of what it names.
    reexports: Vec<(String, ModPath)>,
    /// Glob re-exports (`pub use x::*`): absolute module paths.
    globs: Vec<ModPath>,
    /// Child modules declared here (not under `#[cfg(test)]`).
    children: BTreeSet<String>,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Removes comments and the contents of string and char literals (keeping the quotes), so a
/// message that mentions `crate::x` is not read as a path.
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"') | Some(b'#')) && !ident_byte(b, i)
        {
            // Raw string r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // A char literal ('a', '\n', '\u{1F600}', '"') or a lifetime ('a).
            let rest = &text[i + 1..];
            let mut chars = rest.char_indices();
            match chars.next() {
                Some((_, '\\')) => {
                    let end = rest[1..].find('\'').map_or(rest.len(), |e| e + 2);
                    i += 1 + end;
                    out.push_str("' '");
                }
                Some((_, ch)) if rest[ch.len_utf8()..].starts_with('\'') => {
                    i += 2 + ch.len_utf8();
                    out.push_str("' '");
                }
                _ => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident_byte(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// Cuts every `#[cfg(test)]` item out: a module with a body, a `mod x;` line, a function.
/// Returns the text left and the names of test-only child modules declared with `mod x;`.
fn without_tests(code: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut test_mods = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        // The item ends at its `;` or at the brace closing its first `{`.
        let semi = after.find(';');
        let brace = after.find('{');
        match (semi, brace) {
            (Some(s), b) if b.is_none_or(|b| s < b) => {
                let decl = after[..s].trim();
                if let Some(name) = decl
                    .trim_start_matches("pub(crate)")
                    .trim_start_matches("pub")
                    .trim()
                    .strip_prefix("mod ")
                {
                    test_mods.push(name.trim().to_string());
                }
                rest = &after[s + 1..];
            }
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = after.len();
                for (i, ch) in after[b..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end..];
            }
            _ => rest = "",
        }
    }
    out.push_str(rest);
    (out, test_mods)
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Words following `keyword ` in `code` (e.g. every name after `fn `).
fn names_after(code: &str, keyword: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(found) = code[start..].find(keyword) {
        let at = start + found;
        start = at + keyword.len();
        if at > 0 && code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let name: String = code[start..]
            .trim_start()
            .chars()
            .take_while(|&c| is_ident(c))
            .collect();
        if name.chars().next().is_some_and(is_ident_start) {
            out.push(name);
        }
    }
    out
}

/// The `use` statements of `code`: (is `pub`, the tree text between `use` and `;`).
fn use_statements(code: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(found) = code[start..].find("use ") {
        let at = start + found;
        start = at + 4;
        let before = &code[..at];
        if before.chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let line_start = before.rfind(['\n', ';', '{', '}']).map_or(0, |i| i + 1);
        let prefix = before[line_start..].trim();
        let public = prefix.starts_with("pub");
        if !(prefix.is_empty() || prefix.starts_with("pub") || prefix.starts_with("#[")) {
            continue;
        }
        if let Some(end) = code[start..].find(';') {
            out.push((public, code[start..start + end].to_string()));
            start += end;
        }
    }
    out
}

/// Expands a use tree (`a::{b, c::{d as e}}`) into (path, alias) pairs; `*` is kept as a
/// last segment.
fn expand(tree: &str) -> Vec<(Vec<String>, String)> {
    fn go(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, String)>) {
        let tree = tree.trim();
        if tree.is_empty() {
            return;
        }
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let close = tree.rfind('}').unwrap_or(tree.len());
            let inner = &tree[open + 1..close];
            let mut base = prefix.to_vec();
            base.extend(head);
            for part in split_top(inner) {
                go(&base, part, out);
            }
            return;
        }
        let (path, alias) = match tree.split_once(" as ") {
            Some((p, a)) => (p.trim(), Some(a.trim().to_string())),
            None => (tree, None),
        };
        let mut full = prefix.to_vec();
        full.extend(
            path.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        if full.last().is_some_and(|l| l == "self") {
            full.pop();
        }
        let alias = alias.unwrap_or_else(|| full.last().cloned().unwrap_or_default());
        out.push((full, alias));
    }
    let mut out = Vec::new();
    go(&[], tree, &mut out);
    out
}

/// Splits on commas not inside braces.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

impl Crate {
    fn load() -> Crate {
        let src = src_dir();
        let mut modules = BTreeMap::new();
        let mut test_only: BTreeSet<ModPath> = BTreeSet::new();
        let mut files: Vec<PathBuf> = Vec::new();
        collect_rs(&src, &mut files);
        for file in files {
            let rel = file.strip_prefix(&src).expect("under src");
            let parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            let mut path: ModPath = parts.clone();
            let last = path.pop().unwrap_or_default();
            match last.as_str() {
                "main.rs" => continue,
                "lib.rs" | "mod.rs" => {}
                other => path.push(other.trim_end_matches(".rs").to_string()),
            }
            let text = std::fs::read_to_string(&file).expect("read source");
            let (code, test_mods) = without_tests(&strip(&text));
            for name in test_mods {
                let mut child = path.clone();
                child.push(name);
                test_only.insert(child);
            }
            let mut defines = BTreeSet::new();
            for kw in [
                "fn ", "struct ", "enum ", "const ", "static ", "type ", "trait ", "union ",
            ] {
                defines.extend(names_after(&code, kw));
            }
            defines.extend(names_after(&code, "macro_rules!"));
            let children = names_after(&code, "mod ").into_iter().collect();
            modules.insert(
                path,
                Module {
                    file: rel.to_path_buf(),
                    code,
                    defines,
                    reexports: Vec::new(),
                    globs: Vec::new(),
                    children,
                },
            );
        }
        modules.retain(|p, _| !test_only.iter().any(|t| p.starts_with(t)));
        let mut krate = Crate { modules };
        let paths: Vec<ModPath> = krate.modules.keys().cloned().collect();
        for path in paths {
            let code = krate.modules[&path].code.clone();
            let mut reexports = Vec::new();
            let mut globs = Vec::new();
            for (public, tree) in use_statements(&code) {
                if !public {
                    continue;
                }
                for (segs, alias) in expand(&tree) {
                    let Some(abs) = krate.absolute(&path, &segs) else {
                        continue;
                    };
                    if abs.last().is_some_and(|l| l == "*") {
                        globs.push(abs[..abs.len() - 1].to_vec());
                    } else {
                        reexports.push((alias, abs));
                    }
                }
            }
            let m = krate.modules.get_mut(&path).expect("module");
            m.reexports = reexports;
            m.globs = globs;
        }
        krate
    }

    /// `segs` as an absolute path from the crate root, seen from module `from`; `None` for a
    /// path outside the crate (std, other crates).
    fn absolute(&self, from: &ModPath, segs: &[String]) -> Option<ModPath> {
        let first = segs.first()?;
        let mut base: ModPath = match first.as_str() {
            "crate" => Vec::new(),
            "self" => from.clone(),
            "super" => {
                let mut b = from.clone();
                let mut i = 0;
                while segs.get(i).is_some_and(|s| s == "super") {
                    b.pop();
                    i += 1;
                }
                b.extend(segs[i..].iter().cloned());
                return Some(b);
            }
            name if self
                .modules
                .get(from)
                .is_some_and(|m| m.children.contains(name)) =>
            {
                let mut b = from.clone();
                b.push(name.to_string());
                b.extend(segs[1..].iter().cloned());
                return Some(b);
            }
            _ => return None,
        };
        base.extend(segs[1..].iter().cloned());
        Some(base)
    }

    /// The file that defines what `abs` names (following re-exports), or the deepest module
    /// on the way when the item is not found.
    fn defining_module(&self, abs: &[String], depth: usize) -> Option<ModPath> {
        if depth > 16 {
            return None;
        }
        let mut module: ModPath = Vec::new();
        let mut i = 0;
        while i < abs.len() {
            let mut next = module.clone();
            next.push(abs[i].clone());
            if self.modules.contains_key(&next) {
                module = next;
                i += 1;
            } else {
                break;
            }
        }
        let Some(item) = abs.get(i) else {
            // The path names a module itself.
            return Some(module);
        };
        let m = self.modules.get(&module)?;
        if m.defines.contains(item) {
            return Some(module);
        }
        for (alias, target) in &m.reexports {
            if alias == item {
                return self.defining_module(target, depth + 1).or(Some(module));
            }
        }
        for glob in &m.globs {
            let mut target = glob.clone();
            target.push(item.clone());
            if let Some(found) = self.defining_module(&target, depth + 1)
                && self.modules[&found].defines.contains(item)
            {
                return Some(found);
            }
        }
        Some(module)
    }

    /// File → the files it depends on.
    fn file_edges(&self) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
        let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
        for (path, m) in &self.modules {
            let mut targets: Vec<ModPath> = Vec::new();
            // Modules imported by name (`use crate::markdown;`), for `markdown::x` below.
            let mut module_aliases: HashMap<String, ModPath> = HashMap::new();
            for (public, tree) in use_statements(&m.code) {
                for (segs, alias) in expand(&tree) {
                    let Some(abs) = self.absolute(path, &segs) else {
                        continue;
                    };
                    if abs.last().is_some_and(|l| l == "*") {
                        if !public {
                            // A glob import: every item of the module it names may be used.
                            targets.push(abs[..abs.len() - 1].to_vec());
                        }
                        continue;
                    }
                    if self.modules.contains_key(&abs) {
                        module_aliases.insert(alias, abs);
                        continue;
                    }
                    if !public {
                        targets.push(abs);
                    }
                }
            }
            // Inline paths: crate::a::b, super::x, self::y, and alias::item.
            for start in ["crate::", "super::", "self::"] {
                for p in inline_paths(&m.code, start) {
                    if let Some(abs) = self.absolute(path, &p) {
                        targets.push(abs);
                    }
                }
            }
            for (alias, module) in &module_aliases {
                for p in inline_paths(&m.code, &format!("{alias}::")) {
                    let mut abs = module.clone();
                    abs.extend(p[1..].iter().cloned());
                    targets.push(abs);
                }
            }
            let set = edges.entry(path.clone()).or_default();
            for t in targets {
                if let Some(def) = self.defining_module(&t, 0)
                    && &def != path
                {
                    set.insert(def);
                }
            }
        }
        edges
    }
}

/// Paths starting with `start` (which ends in `::`): the segments, `start`'s included.
fn inline_paths(code: &str, start: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find(start) {
        let at = from + found;
        from = at + start.len();
        if at > 0
            && code[..at]
                .chars()
                .next_back()
                .is_some_and(|c| is_ident(c) || c == ':')
        {
            continue;
        }
        let mut segs: Vec<String> = vec![start.trim_end_matches("::").to_string()];
        let mut rest = &code[from..];
        loop {
            let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
            if name.is_empty() {
                break;
            }
            rest = &rest[name.len()..];
            segs.push(name);
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        if segs.len() > 1 {
            out.push(segs);
        }
    }
    out
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_rs(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Strongly connected components with more than one member (Tarjan).
fn circles<N: Ord + Clone>(edges: &BTreeMap<N, BTreeSet<N>>) -> Vec<Vec<N>> {
    struct State<N> {
        index: BTreeMap<N, usize>,
        low: BTreeMap<N, usize>,
        on_stack: BTreeSet<N>,
        stack: Vec<N>,
        next: usize,
        found: Vec<Vec<N>>,
    }
    fn visit<N: Ord + Clone>(n: &N, edges: &BTreeMap<N, BTreeSet<N>>, s: &mut State<N>) {
        s.index.insert(n.clone(), s.next);
        s.low.insert(n.clone(), s.next);
        s.next += 1;
        s.stack.push(n.clone());
        s.on_stack.insert(n.clone());
        for m in edges.get(n).into_iter().flatten() {
            if !s.index.contains_key(m) {
                visit(m, edges, s);
                let low = s.low[n].min(s.low[m]);
                s.low.insert(n.clone(), low);
            } else if s.on_stack.contains(m) {
                let low = s.low[n].min(s.index[m]);
                s.low.insert(n.clone(), low);
            }
        }
        if s.low[n] == s.index[n] {
            let mut comp = Vec::new();
            while let Some(m) = s.stack.pop() {
                s.on_stack.remove(&m);
                let done = &m == n;
                comp.push(m);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.found.push(comp);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for n in edges.keys() {
        if !s.index.contains_key(n) {
            visit(n, edges, &mut s);
        }
    }
    s.found
}

fn show(krate: &Crate, p: &ModPath) -> String {
    krate.modules[p].file.display().to_string()
}

/// The top-level module a module belongs to (`render` for `render::pages`).
fn top(p: &ModPath) -> String {
    p.first().cloned().unwrap_or_else(|| "lib".to_string())
}

#[test]
fn no_import_circles_between_files() {
    let krate = Crate::load();
    let edges = krate.file_edges();
    let found = circles(&edges);
    let shown: Vec<String> = found
        .iter()
        .map(|c| {
            c.iter()
                .map(|p| show(&krate, p))
                .collect::<Vec<_>>()
                .join(" ↔ ")
        })
        .collect();
    assert!(shown.is_empty(), "import circles:\n{}", shown.join("\n"));
}

#[test]
fn no_import_circles_between_folders_and_each_uses_only_layers_below() {
    let krate = Crate::load();
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut why: BTreeMap<(String, String), String> = BTreeMap::new();
    for (from, tos) in krate.file_edges() {
        for to in tos {
            let (a, b) = (top(&from), top(&to));
            if a != b && a != "lib" {
                why.entry((a.clone(), b.clone()))
                    .or_insert_with(|| format!("{} → {}", show(&krate, &from), show(&krate, &to)));
                folders.entry(a).or_default().insert(b);
            }
        }
    }
    let found = circles(&folders);
    assert!(found.is_empty(), "circles between folders: {found:?}");
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut wrong = Vec::new();
    for top_module in krate.modules.keys().map(top).collect::<BTreeSet<_>>() {
        if top_module != "lib" && rank(&top_module).is_none() {
            wrong.push(format!("{top_module} is not in LAYERS"));
        }
    }
    for (a, bs) in &folders {
        for b in bs {
            if let (Some(ra), Some(rb)) = (rank(a), rank(b))
                && rb > ra
            {
                wrong.push(format!(
                    "{a} uses {b}, a later layer: {}",
                    why[&(a.clone(), b.clone())]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_understands_paths() {
    assert_eq!(
        expand("crate::a::{b, c::{d as e, self}, f::*}"),
        vec![
            (vec!["crate".into(), "a".into(), "b".into()], "b".into()),
            (
                vec!["crate".into(), "a".into(), "c".into(), "d".into()],
                "e".into()
            ),
            (vec!["crate".into(), "a".into(), "c".into()], "c".into()),
            (
                vec!["crate".into(), "a".into(), "f".into(), "*".into()],
                "*".into()
            ),
        ]
    );
    let code = strip("let s = \"crate::x::y\"; // crate::z\ncrate::markdown::is_han('a');");
    assert_eq!(
        inline_paths(&code, "crate::"),
        vec![vec![
            "crate".to_string(),
            "markdown".into(),
            "is_han".into()
        ]]
    );
    let (kept, mods) = without_tests(
        "fn a() {}\n#[cfg(test)]\nmod tests {\n use crate::b;\n}\n#[cfg(test)]\nmod more;\nfn c() {}",
    );
    assert!(kept.contains("fn a") && kept.contains("fn c") && !kept.contains("crate::b"));
    assert_eq!(mods, vec!["more".to_string()]);
    // A circle of two is found; a chain is not.
    let mut g: BTreeMap<u8, BTreeSet<u8>> = BTreeMap::new();
    g.entry(1).or_default().insert(2);
    g.entry(2).or_default().insert(3);
    assert!(circles(&g).is_empty());
    g.entry(3).or_default().insert(1);
    assert_eq!(circles(&g), vec![vec![1, 2, 3]]);
}

/// Prints every file's dependencies: `cargo test --test architecture -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_dependencies() {
    let krate = Crate::load();
    for (from, tos) in krate.file_edges() {
        let tos: Vec<String> = tos.iter().map(|t| show(&krate, t)).collect();
        println!("{} → {}", show(&krate, &from), tos.join(", "));
    }
}

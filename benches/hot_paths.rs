//! Criterion benchmarks of the engine's hot paths: `cargo bench --bench hot_paths`.
//!
//! The inputs are the project's synthetic corpus (`examples/gen_corpus.rs`, compiled in here
//! as a module; 200 pages, `ours` layout) generated into a temporary folder once per run, plus
//! a hand-written page that uses every Chinese-content adapter (`@/` links, shortcodes, ruby,
//! CJK emphasis). `JIESHUI_GEN_CORPUS=PATH` generates it with another generator of the same
//! command line instead (a `.py` file is run with `python3`), e.g. the shared `gen_corpus.py`.
//!
//! Groups (filter with `cargo bench --bench hot_paths -- GROUP`):
//! - `front_matter`: `split` + `parse` of all 200 page files;
//! - `markdown`: `render` of all 200 page bodies, of the feature page, and of one body with
//!   `pinyin: true`;
//! - `build`: `build_to_memory` of the 200-page site (content, Markdown, Tera templates, no
//!   writing): the template-rendering path;
//! - `search`: `build_index` over the 200 rendered pages.
//!
//! Kept short (10 samples, 2 s each): the whole run takes well under 3 minutes.
//! Whole-binary timings on 1k-50k pages, and peers, are `scripts/bench`'s job.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jieshui::build::{BuildOptions, build_to_memory};
use jieshui::content::front_matter::{parse, split};
use jieshui::markdown::{Host, Options, render};
use jieshui::search::{SearchDoc, build_index};

/// The corpus generator, the same file as `cargo run --example gen_corpus`.
#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)] // its command line
mod gen_corpus;

const PAGES: usize = 200;

/// Resolves every `@/` link (`a/b.md` → `/a/b/`) and renders every shortcode as a fixed
/// string, so only the Markdown pipeline is measured.
struct BenchHost;

impl Host for BenchHost {
    fn resolve_link(&self, path: &str) -> Result<String, jieshui::messages::Msg> {
        let stem = path.strip_suffix(".md").unwrap_or(path);
        let stem = stem.strip_suffix("_index").unwrap_or(stem);
        Ok(format!("/{}/", stem.trim_end_matches('/')))
    }

    fn shortcode(
        &self,
        _name: &str,
        _args: &serde_json::Map<String, serde_json::Value>,
        _body: Option<&str>,
    ) -> Result<String, jieshui::messages::Msg> {
        Ok("<figure class=\"sc\"><img src=\"/a.png\" alt=\"节水\"><figcaption>节水</figcaption></figure>"
            .to_string())
    }
}

/// A page using every adapter, about 2 KB like the corpus pages.
const FEATURES: &str = "\
围绕“节水优先”主题，市节约用水办公室组织开展节水型企业创建工作，
取得了明显成效。**重点：**节约用水，人人有责。获得**“节水型企业”**称号的单位共有十二家。

## 工作背景 {#background}

详见[世界水日活动](@/campaigns/world-water-day.md#activities)与[首页](@/_index.md)，
其中*水平衡测试*部分值得借鉴。{长江|cháng jiāng}流域的{节水|jié shuǐ}工作稳步推进。

{{ figure(src=\"/img/a.png\", caption=\"节水型小区\") }}

{% note(kind=\"tip\") %}
生活中随手关紧水龙头，一年可节约用水约**三吨**。
{% end %}

1. 深入推进用水审计专项检查，覆盖溧阳市等5个辖市区。
2. 扎实推进计划用水考核评估，覆盖金坛区等3个辖市区。
3. 全面启动再生水利用技术改造，覆盖武进区等7个辖市区。

| 指标 | 数值 | 单位 | 备注 |
| --- | ---: | :---: | --- |
| 年节水量 | 1234 | 万立方米 | 新北区 |
| 重复利用率 | 92.5 | % | 天宁区 |

> 生命之水，节约为先——市水利局

延伸阅读：[计划用水](@/jihua-yongshui/p-000001.md)。{{ carrier(id=\"CZJS-000001\") }}
";

/// Generates the 200-page corpus; returns the temp dir (kept alive by the caller) and the
/// `ours` site root.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    match std::env::var_os("JIESHUI_GEN_CORPUS") {
        None => {
            let model = gen_corpus::build_model(
                PAGES,
                gen_corpus::DEFAULT_SEED,
                gen_corpus::SECTIONS.len(),
            );
            gen_corpus::write(&model, dir.path(), &["ours"], gen_corpus::HugoNav::Menu)
                .expect("writing the corpus");
        }
        Some(script) => {
            let script = PathBuf::from(script);
            let mut cmd = if script.extension().is_some_and(|x| x == "py") {
                let mut c = Command::new("python3");
                c.arg(&script);
                c
            } else {
                Command::new(&script)
            };
            let status = cmd
                .arg(PAGES.to_string())
                .arg("--out")
                .arg(dir.path())
                .args(["--layouts", "ours"])
                .stdout(std::process::Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("running {}: {e}", script.display()));
            assert!(status.success(), "{} failed", script.display());
        }
    }
    let root = dir.path().join("ours");
    (dir, root)
}

/// (shown name, full text) of every page file (not `_index.md`) under `content/`.
fn page_files(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.join("content")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read content dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
            {
                let text = std::fs::read_to_string(&p).expect("read page");
                out.push((p.display().to_string(), text));
            }
        }
    }
    out.sort();
    out
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

fn benches(c: &mut Criterion) {
    let (_tmp, root) = corpus();
    let files = page_files(&root);
    assert_eq!(files.len(), PAGES, "corpus pages");
    let bytes: u64 = files.iter().map(|(_, t)| t.len() as u64).sum();

    // ---------------------------------------------------------------- front matter
    let mut g = c.benchmark_group("front_matter");
    g.throughput(Throughput::Elements(PAGES as u64));
    g.bench_function("split+parse/200 pages", |b| {
        b.iter(|| {
            for (shown, text) in &files {
                let s = split(shown, black_box(text)).expect("split");
                black_box(parse(shown, &s).expect("parse"));
            }
        })
    });
    g.finish();

    // ---------------------------------------------------------------- markdown
    let bodies: Vec<&str> = files
        .iter()
        .map(|(shown, t)| split(shown, t).expect("split").body)
        .collect();
    let opts = Options::default();
    let pinyin = Options {
        pinyin: true,
        ..Options::default()
    };
    let mut g = c.benchmark_group("markdown");
    g.throughput(Throughput::Bytes(
        bodies.iter().map(|b| b.len() as u64).sum(),
    ));
    g.bench_function("render/200 corpus bodies", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(render(black_box(body), &opts, &BenchHost));
            }
        })
    });
    let check = render(FEATURES, &opts, &BenchHost);
    assert!(
        check.problems.is_empty(),
        "feature page: {:?}",
        check.problems
    );
    assert!(check.html.contains("<ruby>") && check.html.contains("class=\"sc\""));
    g.throughput(Throughput::Bytes(FEATURES.len() as u64));
    g.bench_function(
        "render/feature page (links, shortcodes, ruby, CJK emphasis)",
        |b| b.iter(|| black_box(render(black_box(FEATURES), &opts, &BenchHost))),
    );
    g.throughput(Throughput::Bytes(bodies[0].len() as u64));
    g.bench_function("render/one body, pinyin: true", |b| {
        b.iter(|| black_box(render(black_box(bodies[0]), &pinyin, &BenchHost)))
    });
    g.finish();

    // ---------------------------------------------------------------- whole build in memory
    let build_opts = BuildOptions {
        root: root.clone(),
        output_dir: None,
        base_url: None,
        drafts: false,
        future: false,
        expired: false,
        relative_urls: false,
        write: false,
        cache: None,
        lang: None,
        progress: false,
        timings: false,
        external: None,
    };
    let (site, report) = build_to_memory(&build_opts);
    assert!(
        site.is_some() && !report.has_errors(),
        "the bench corpus must build: {:?}",
        report.diagnostics
    );
    let mut g = c.benchmark_group("build");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("build_to_memory/200 pages", |b| {
        b.iter(|| black_box(build_to_memory(black_box(&build_opts))))
    });
    g.finish();

    // ---------------------------------------------------------------- search index
    // The documents as the engine would give them: path, title, section, date, plain text.
    let docs: Vec<SearchDoc> = files
        .iter()
        .map(|(shown, t)| {
            let s = split(shown, t).expect("split");
            let fm = parse(shown, &s).expect("parse");
            let r = render(s.body, &opts, &BenchHost);
            let p = Path::new(shown);
            let sec = p
                .parent()
                .and_then(|d| d.file_name())
                .map(|d| d.to_string_lossy().into_owned());
            let stem = p.file_stem().map(|d| d.to_string_lossy().into_owned());
            SearchDoc {
                path: format!(
                    "/{}/{}/",
                    sec.clone().unwrap_or_default(),
                    stem.unwrap_or_default()
                ),
                title: fm.title,
                section: sec.unwrap_or_default(),
                date: fm.date,
                text: r.text,
            }
        })
        .collect();
    if build_index(&docs).is_empty() {
        // Still a scaffold: nothing to measure.
        eprintln!("search::build_index returns no files yet: search bench skipped");
    } else {
        let mut g = c.benchmark_group("search");
        g.throughput(Throughput::Elements(docs.len() as u64));
        g.bench_function("build_index/200 pages", |b| {
            b.iter(|| black_box(build_index(black_box(&docs))))
        });
        g.finish();
    }
}

criterion_group! {
    name = hot_paths;
    config = config();
    targets = benches
}
criterion_main!(hot_paths);

//! What each fuzz target does with its input. No libFuzzer here: `tests/it/corpus/fuzz_replay.rs` includes
//! this file with `#[path]` and replays the committed seeds through the same functions, so CI
//! runs every target's corpus as a regression test without fuzzing.
//!
//! Each function takes arbitrary bytes, runs one stage of jieshui over them the way a build
//! does, formats every diagnostic (the excerpt and caret code runs on hostile text too), and
//! asserts what must hold whatever the input: no panic, offsets and positions inside the text,
//! every diagnostic's first line framed as `error: PATH…` / `warning: PATH…`.

use jieshui::config::Config;
use jieshui::content::front_matter;
use jieshui::data::Typed;
use jieshui::data::table::Source;
use jieshui::diagnostics::{Diagnostic, Diagnostics, Pos};
use jieshui::markdown::{Host, Options, PinyinTones, SoftBreaks};

/// What a fuzz target does with one input.
pub type Target = fn(&[u8]);

/// Every target, by name, for the replay test.
pub const TARGETS: &[(&str, Target)] = &[
    ("front_matter", front_matter),
    ("data_districts", data_districts),
    ("data_units", data_units),
    ("data_carriers", data_carriers),
    ("data_leaders", data_leaders),
    ("data_targets", data_targets),
    ("sheet_csv", sheet_csv),
    ("sheet_xlsx", sheet_xlsx),
    ("markdown", markdown),
    ("site_config", site_config),
    ("template", template),
];

/// A content file: decoded as jieshui reads files (BOM, UTF-16 and GBK refused), split, parsed,
/// then its dates, slug and key positions looked at as `content::load` does.
pub fn front_matter(data: &[u8]) {
    let shown = "content/fuzz.md";
    let text = match jieshui::files::decode(shown, data.to_vec()) {
        Ok(t) => t,
        Err(d) => return check_diag(&d, shown),
    };
    let split = match front_matter::split(shown, &text) {
        Ok(s) => s,
        Err(d) => return check_diag(&d, shown),
    };
    assert!(
        is_within(&text, split.yaml),
        "yaml is not a slice of the file"
    );
    assert!(
        is_within(&text, split.body),
        "body is not a slice of the file"
    );
    assert!(split.body_line >= 3 && split.yaml_line == 2);
    let positions = jieshui::yaml::positions::YamlPositions::index(split.yaml, split.yaml_line);
    let _ = positions.value("title");
    let _ = positions.key("date");
    let fm = match front_matter::parse(shown, &split) {
        Ok(fm) => fm,
        Err(d) => return check_diag(&d, shown),
    };
    let tz = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    for value in [&fm.date, &fm.updated].into_iter().flatten() {
        let _ = jieshui::content::dates::parse(value, &tz);
    }
    if let Some(event) = &fm.event {
        let _ = jieshui::content::dates::parse(&event.start, &tz);
    }
    if let Some(slug) = &fm.slug
        && jieshui::content::check_slug(slug).is_ok()
    {
        assert!(!slug.contains('/') && !slug.contains(".."), "{slug:?}");
    }
    let _ = jieshui::text::slug::slugify(&fm.title);
    for key in ["title", "date", "slug", "tags[0]", "event.start"] {
        if let Some(pos) = positions.value(key) {
            let d = Diagnostic::error(jieshui::messages::Msg::EmptyTitle)
                .in_file(shown)
                .at(pos)
                .with_source(&text);
            check_diag(&d, shown);
        }
    }
}

pub fn data_districts(data: &[u8]) {
    data_file("districts", data);
}

pub fn data_units(data: &[u8]) {
    data_file("units", data);
}

pub fn data_carriers(data: &[u8]) {
    data_file("carriers", data);
}

pub fn data_leaders(data: &[u8]) {
    data_file("leaders", data);
}

/// `data/targets.yaml` (YAML only; the first byte is used as for the others, so seeds carry over).
pub fn data_targets(data: &[u8]) {
    data_file("targets", data);
}

/// Districts and units every data input can refer to, so references resolve as well as fail.
const DISTRICTS: &str =
    "- id: wujin\n  name: 武进区\n  kind: 区\n  aliases: [武进]\n- id: liyang\n  name: 溧阳市\n";
const UNITS: &str = "- id: slj\n  name: 市水利局\n  kind: 市级部门\n";

/// One typed data file. The first byte chooses the format: odd = CSV, even = YAML; the rest is
/// the file. Loaded in memory exactly as `data::load` loads a file from disk, then the
/// cross-file checks (references, totals), then as an untyped file too.
fn data_file(stem: &str, data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let csv = first & 1 == 1 && stem != "targets";
    let ext = if csv { "csv" } else { "yaml" };
    let shown = format!("data/{stem}.{ext}");
    let source = if csv {
        match jieshui::data::sheet::read(&shown, rest.to_vec()) {
            Ok(sheet) => Err(sheet),
            Err(d) => return check_diag(&d, &shown),
        }
    } else {
        match jieshui::files::decode(&shown, rest.to_vec()) {
            Ok(t) => Ok(t),
            Err(d) => return check_diag(&d, &shown),
        }
    };
    let mut diags = Diagnostics::new();
    let mut typed = Typed::default();
    if stem != "districts" {
        typed.load_file(
            "districts",
            "data/districts.yaml",
            Source::Yaml(DISTRICTS),
            &mut diags,
        );
    }
    if stem != "units" {
        typed.load_file("units", "data/units.yaml", Source::Yaml(UNITS), &mut diags);
    }
    assert!(diags.is_empty(), "the fixed records must load cleanly");
    let value = match &source {
        Ok(text) => typed.load_file(stem, &shown, Source::Yaml(text), &mut diags),
        Err(sheet) => typed.load_file(stem, &shown, Source::Table(sheet.clone()), &mut diags),
    };
    assert!(value.is_some(), "{stem} is a typed file");
    typed.cross_check(&mut diags);
    check_all(diags, &shown);
    match &source {
        Err(sheet) => {
            let _ = jieshui::data::untyped_table(sheet);
        }
        Ok(text) => {
            if !text.trim().is_empty()
                && let Err(d) = jieshui::yaml::parse::<serde_json::Value>(&shown, text, 1)
            {
                check_diag(&d, &shown);
            }
        }
    }
}

/// Every diagnostic of a data file checked: about that file (or another data file), framed.
fn check_all(diags: Diagnostics, shown: &str) {
    for d in diags.into_sorted() {
        let path = d.path.clone().unwrap_or_default();
        assert!(
            path == shown || path.starts_with("data/"),
            "a diagnostic about another file: {}",
            d.headline(jieshui::messages::Lang::En)
        );
        check_diag(&d, &path);
    }
}

/// A CSV file as staff save it (any bytes: the encoding is detected), read into rows of cells
/// by `data::sheet`, then loaded as the carriers table (every bad cell reported, with its
/// place) and as an untyped table.
pub fn sheet_csv(data: &[u8]) {
    table_file("data/carriers.csv", data.to_vec());
}

/// A workbook. The first byte chooses: even, the rest is the file as it is (zip, OLE or
/// anything); odd, the rest is the `<row>`s of the sheet of an otherwise well-formed `.xlsx`, so
/// the fuzzer reaches the cells without having to make a zip.
pub fn sheet_xlsx(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let bytes = if first & 1 == 0 {
        rest.to_vec()
    } else {
        match xlsx_with_rows(rest) {
            Some(b) => b,
            None => return,
        }
    };
    table_file("data/carriers.xlsx", bytes);
}

/// A well-formed one-sheet `.xlsx` whose sheet's `<sheetData>` holds `rows` (XML).
pub fn xlsx_with_rows(rows: &[u8]) -> Option<Vec<u8>> {
    let mut sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.to_vec();
    sheet.extend_from_slice(rows);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", XLSX_TYPES.as_bytes()),
        ("_rels/.rels", XLSX_ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", XLSX_BOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", XLSX_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", &sheet),
    ];
    jieshui::data::export::zip_parts(&parts).ok()
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const XLSX_ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const XLSX_BOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// One table file through `data::sheet::read`, then as the carriers kind and untyped; and the
/// records that loaded written out again (CSV and xlsx) and read back.
fn table_file(shown: &str, bytes: Vec<u8>) {
    let sheet = match jieshui::data::sheet::read(shown, bytes) {
        Ok(s) => s,
        Err(d) => return check_diag(&d, shown),
    };
    for row in &sheet.rows {
        assert!(row.row >= 1);
        assert!(
            row.cells.windows(2).all(|w| w[0].col < w[1].col),
            "cells in order"
        );
        for cell in &row.cells {
            let _ = sheet.pos(row, cell.col);
        }
    }
    let _ = jieshui::data::untyped_table(&sheet);
    let mut diags = Diagnostics::new();
    let mut typed = Typed::default();
    typed.load_file(
        "districts",
        "data/districts.yaml",
        Source::Yaml(DISTRICTS),
        &mut diags,
    );
    let value = typed.load_file("carriers", shown, Source::Table(sheet), &mut diags);
    assert!(value.is_some(), "carriers is a typed file");
    typed.cross_check(&mut diags);
    check_all(diags, shown);
    let kind = jieshui::layout::RecordKind::Carriers;
    let table = jieshui::data::export::public_table(
        kind,
        &jieshui::data::export::records_json(&typed, kind),
    );
    let csv = jieshui::data::export::to_csv(&table);
    assert!(
        jieshui::data::sheet::read("data/out.csv", csv).is_ok(),
        "an export reads back"
    );
    if let Ok(xlsx) = jieshui::data::export::to_xlsx("名单", &table) {
        assert!(
            jieshui::data::sheet::read("data/out.xlsx", xlsx).is_ok(),
            "an export reads back"
        );
    }
}

/// Markdown through the whole pipeline with our adapters. The first byte chooses the options
/// (bit 0: pinyin, bit 1: CommonMark soft breaks, bit 2: citation tones); the rest, as text,
/// is the document.
pub fn markdown(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let src = String::from_utf8_lossy(rest);
    let opts = Options {
        pinyin: first & 1 == 1,
        cjk_soft_breaks: if first & 2 == 2 {
            SoftBreaks::Space
        } else {
            SoftBreaks::Join
        },
        pinyin_tones: if first & 4 == 4 {
            PinyinTones::Citation
        } else {
            PinyinTones::Textbook
        },
    };
    let r = jieshui::markdown::render(&src, &opts, &FuzzHost);
    for p in &r.problems {
        assert!(
            p.offset <= src.len(),
            "problem offset {} > {}",
            p.offset,
            src.len()
        );
        let pos = Pos::of_offset(&src, p.offset, 4);
        let d = Diagnostic::error(p.msg.clone())
            .in_file("content/fuzz.md")
            .at(pos)
            .with_source(&src);
        check_diag(&d, "content/fuzz.md");
    }
    for l in &r.links {
        assert!(
            l.offset <= src.len(),
            "link offset {} > {}",
            l.offset,
            src.len()
        );
    }
    if let Some(summary) = &r.summary {
        assert!(summary.len() <= r.html.len() + 64 + summary.len() / 2);
    }
}

/// A host that resolves some links and fails others, and renders shortcodes (or refuses
/// unknown ones), as the engine's does, without templates.
struct FuzzHost;

impl Host for FuzzHost {
    fn resolve_link(&self, path: &str) -> Result<String, jieshui::messages::Msg> {
        if path.ends_with(".md") && !path.len().is_multiple_of(3) {
            Ok(format!("/{}/", path.trim_end_matches(".md")))
        } else {
            Err(jieshui::messages::Msg::BrokenInternalLink {
                path: path.to_string(),
            })
        }
    }

    fn shortcode(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
    ) -> Result<String, jieshui::messages::Msg> {
        match name {
            "figure" => {
                let src = args.get("src").and_then(|v| v.as_str()).unwrap_or("");
                Ok(format!("<figure><img src=\"{src}\" alt=\"\"></figure>"))
            }
            "note" => Ok(format!("<div class=\"note\">{}</div>", body.unwrap_or(""))),
            "args" => Ok(serde_json::Value::Object(args.clone()).to_string()),
            "empty" => Ok(String::new()),
            _ => Err(jieshui::messages::Msg::UnknownShortcode {
                name: name.to_string(),
                known: Vec::new(),
            }),
        }
    }
}

/// site.yaml, as `Config::load` parses it, then the organization checks and a positioned
/// message at a menu entry (the YAML position index over the same text).
pub fn site_config(data: &[u8]) {
    let shown = jieshui::layout::CONFIG_FILE;
    let text = match jieshui::files::decode(shown, data.to_vec()) {
        Ok(t) => t,
        Err(d) => return check_diag(&d, shown),
    };
    match Config::parse(&text, None) {
        Ok(config) => {
            assert!(config.base_url.ends_with('/'));
            assert!(config.base_path.starts_with('/') && config.base_path.ends_with('/'));
            for d in jieshui::config::organization::organization(&config) {
                check_diag(&d, shown);
            }
            let d = config.diag_at(
                "menu[0].url",
                Diagnostic::error(jieshui::messages::Msg::EmptyTitle),
            );
            check_diag(&d, shown);
        }
        Err(diags) => {
            for d in diags.into_sorted() {
                check_diag(&d, shown);
            }
        }
    }
}

/// A theme's page template: the input (lossy UTF-8) as `themes/t/templates/page.html` of a small
/// site, which is then built in memory as `serve` does: template loading (syntax errors, missing
/// parents, circles of includes and extends), rendering under the render limits, every
/// diagnostic formatted. A first byte `b'\0'` makes the input a shortcode used by the page
/// instead. The page limits are kept small (16 range items: a loop doubling a string with
/// `set_global` found a 5 GB allocation with 100,000) so a runaway shows up as a located error; hangs and
/// memory past libFuzzer's own limits are findings.
pub fn template(data: &[u8]) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let (as_shortcode, body) = match data.split_first() {
        Some((0, rest)) => (true, rest),
        _ => (false, data),
    };
    let text = String::from_utf8_lossy(body);
    let root = std::env::temp_dir().join(format!(
        "jieshui-fuzz-template-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.yaml",
        "title: t\nbase_url: https://e.org/\ntheme: t\nlimits: { page_mb: 1, range_items: 16, render_seconds: 3600, memory_mb: 1000000 }\n",
    );
    write("content/_index.md", "---\ntitle: 首页\n---\n");
    write(
        "themes/t/templates/index.html",
        "<h1>{{ section.title }}</h1>{{ section.content | safe }}",
    );
    write("themes/t/templates/section.html", "{{ section.title }}");
    if as_shortcode {
        write("themes/t/templates/shortcodes/s.html", &text);
        write("themes/t/templates/page.html", "{{ page.content | safe }}");
        write(
            "content/a.md",
            "---\ntitle: a\n---\n{{ s(x=1) }}\n\n{% s() %}body{% end %}\n",
        );
    } else {
        write("themes/t/templates/page.html", &text);
        write("content/a.md", "---\ntitle: a\ntags: [节水]\n---\n正文\n");
    }
    let opts = jieshui::build::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let (_, report) = jieshui::build::build_to_memory(&opts);
    let _ = std::fs::remove_dir_all(&root);
    for d in &report.diagnostics {
        let path = d.path.clone().unwrap_or_default();
        check_diag(d, &path);
    }
}

/// A diagnostic formats without panicking, names `path` in its first line, and any position
/// it has is 1-based.
fn check_diag(d: &Diagnostic, path: &str) {
    for lang in [jieshui::messages::Lang::Zh, jieshui::messages::Lang::En] {
        let full = d.render(lang);
        assert!(full.starts_with(&d.headline(lang)));
    }
    let headline = d.headline(jieshui::messages::Lang::En);
    let frame = if d.is_error() { "error: " } else { "warning: " };
    assert!(headline.starts_with(frame), "{headline}");
    if let Some(p) = &d.path {
        assert_eq!(p, path, "{headline}");
        assert!(headline[frame.len()..].starts_with(path), "{headline}");
    }
    if let Some(pos) = d.pos {
        assert!(pos.line >= 1, "line 0: {headline}");
        assert!(pos.col.is_none_or(|c| c >= 1), "column 0: {headline}");
    }
}

fn is_within(outer: &str, inner: &str) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    i >= o && i + inner.len() <= o + outer.len()
}

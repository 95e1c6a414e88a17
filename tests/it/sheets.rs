//! Data as staff keep it: CSV files saved by Excel or WPS, and workbooks (.xlsx), with errors
//! that name the cell, and the public tables offered for download. Workbooks are made here,
//! from their XML, with the same zip writer the build uses.

use jieshui::data::export::{Out, to_xlsx, zip_parts};

use crate::harness::{Site, assert_fails_at};

/// The default theme's `carrier` shortcode, for pages that show a carrier's card.
const CARRIER_SHORTCODE: &str =
    include_str!("../../themes/default/templates/shortcodes/carrier.html");

fn site() -> Site {
    let site = Site::new();
    site.write("templates/shortcodes/carrier.html", CARRIER_SHORTCODE);
    site.write(
        "data/districts.yaml",
        "- id: wujin\n  name: 武进区\n  kind: 区\n  aliases: [武进]\n- id: liyang\n  name: 溧阳市\n  kind: 县级市\n",
    );
    site
}

fn texts(rows: &[&[&str]]) -> Vec<Vec<Out>> {
    rows.iter()
        .map(|r| r.iter().map(|c| Out::Text(c.to_string())).collect())
        .collect()
}

/// A one-sheet workbook whose sheet XML is `rows_xml` (the `<row>` elements).
fn workbook_xml(rows_xml: &str) -> Vec<u8> {
    let good = to_xlsx("名单", &texts(&[&["编号"]])).unwrap();
    // Take the parts of a good workbook and swap its sheet.
    let mut archive = zip_read(&good);
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows_xml}</sheetData></worksheet>"#
    );
    archive.retain(|(n, _)| n != "xl/worksheets/sheet1.xml");
    archive.push(("xl/worksheets/sheet1.xml".into(), sheet.into_bytes()));
    let parts: Vec<(&str, &[u8])> = archive
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_parts(&parts).unwrap()
}

/// The parts of a zip: names and unpacked bytes, in order.
fn zip_read(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut out = Vec::new();
            file.read_to_end(&mut out).unwrap();
            (file.name().unwrap().into_owned(), out)
        })
        .collect()
}

#[test]
fn crlf_csv_names_the_right_row_and_cell() {
    let site = site();
    site.write(
        "data/carriers.csv",
        "id,name,type,level,district\r\na,甲,企业,市级,武进\r\nb,\"乙\r\n（第二行）\",学校,市级,武进\r\nc,丙,小区,省,武进\r\n",
    );
    let run = assert_fails_at(
        &site,
        "error: data/carriers.csv:5:8: row 4, column D (level)",
    );
    run.says("unknown value `省`");
    let zh = site.run_in(Some("zh"), &["build"]);
    zh.fails()
        .error_at("data/carriers.csv:5:8: 第4行 D列（level）：不认识的值 `省`");
}

#[test]
fn every_bad_cell_of_a_file_is_reported_in_one_run() {
    let site = site();
    site.write(
        "data/carriers.csv",
        "编号,名称,类型,级别,区县,年份\na,甲,企业,省,武进,2021\nb,乙,工厂,市级,武进,去年\n",
    );
    let run = assert_fails_at(&site, "error: data/carriers.csv:2:");
    run.error_at("data/carriers.csv:2:8: row 2, column D (级别): unknown value `省`")
        .error_at("data/carriers.csv:3:5: row 3, column C (类型): unknown value `工厂`")
        .error_at("data/carriers.csv:3:14: row 3, column F (年份):")
        .says("write a whole number in this cell");
    assert!(!run.stderr.contains("add a line"), "{}", run.stderr);
}

#[test]
fn blank_rows_columns_and_title_rows_are_skipped() {
    let site = site();
    site.write(
        "data/carriers.csv",
        "2021年常州市节水载体名单,,,,,\r\n,,,,,\r\n编号,名称,,类型,级别,区县\r\na,节水学校,,学校,市级,武进\r\n,,,,,\r\n,,,,,\r\n",
    );
    site.build().succeeds();
    assert!(site.out("carriers/a/index.html").contains("节水学校"));
}

#[test]
fn chinese_and_english_headers_mix_and_aliases_resolve() {
    let site = site();
    site.write(
        "data/carriers.csv",
        "名称,id,类型,level,区县,年份,别名,示例\n某节水型企业,demo,企业,省级,溧阳,2021年,示例企业、演示企业,✓\n",
    );
    site.write(
        "data/districts.yaml",
        "- id: liyang\n  name: 溧阳市\n  aliases: [溧阳]\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: 一篇\ncarriers: [演示企业]\n---\n{{ carrier(id=\"示例企业\") }}\n",
    );
    site.build().succeeds();
    let page = site.out("carriers/demo/index.html");
    assert!(
        page.contains("某节水型企业") && page.contains("示例"),
        "{page}"
    );
    assert!(site.out("a/index.html").contains("某节水型企业"));
}

#[test]
fn a_gbk_csv_with_chinese_headers_loads() {
    let site = site();
    let (bytes, _, _) =
        encoding_rs::GBK.encode("编号,名称,类型,级别,区县\r\nx,节水小区,小区,市级,武进区\r\n");
    site.write_bytes("data/carriers.csv", &bytes);
    site.build().succeeds();
    assert!(site.out("carriers/x/index.html").contains("节水小区"));
}

#[test]
fn an_undecidable_csv_encoding_is_a_clear_error() {
    let site = site();
    site.write_bytes("data/carriers.csv", b"id,name\n\x80\x00\xff\x01\n");
    let run = assert_fails_at(
        &site,
        "error: data/carriers.csv: the encoding of this CSV file",
    );
    run.says("CSV UTF-8");
}

#[test]
fn an_xlsx_bad_cell_is_named_by_row_and_column() {
    let site = site();
    let mut rows = vec![vec!["编号", "名称", "类型", "级别", "区县"]];
    let ids: Vec<String> = (2..=12).map(|i| format!("c{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let level = if i + 2 == 12 { "省里" } else { "市级" };
        rows.push(vec![id.as_str(), "节水单位", "企业", level, "武进"]);
    }
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    site.write_bytes(
        "data/carriers.xlsx",
        &to_xlsx("节水载体", &texts(&rows)).unwrap(),
    );
    let run = assert_fails_at(
        &site,
        "error: data/carriers.xlsx:12:4: row 12, column D (级别): unknown value `省里`",
    );
    run.says("did you mean `省级`?");
    assert!(!run.stderr.contains("data/carriers.yaml"), "{}", run.stderr);
    // check --format json says the cell apart.
    let json = site.run(&["check", "--format", "json"]);
    json.fails();
    let line: serde_json::Value =
        serde_json::from_str(json.stdout.lines().next().unwrap_or_default()).unwrap();
    assert_eq!(line["kind"], "unknown-value", "{line}");
    assert_eq!(
        (line["line"].as_u64(), line["column"].as_u64()),
        (Some(12), Some(4))
    );
    assert_eq!(
        line["cell"],
        serde_json::json!({"sheet": null, "row": 12, "column": "D", "header": "级别"})
    );
}

#[test]
fn an_xlsx_loads_like_yaml_with_numbers_dates_and_formulas() {
    let site = site();
    let xml = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>名单（2021年）</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>编号</t></is></c><c r="B3" t="inlineStr"><is><t>名称</t></is></c><c r="C3" t="inlineStr"><is><t>级别</t></is></c><c r="D3" t="inlineStr"><is><t>年份</t></is></c><c r="E3" t="inlineStr"><is><t>示例</t></is></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>a</t></is></c><c r="B4" t="inlineStr"><is><t>节水学校</t></is></c><c r="C4" t="str"><f>CONCAT("市","级")</f><v>市级</v></c><c r="D4"><v>2021</v></c><c r="E4" t="b"><v>1</v></c></row>"#;
    site.write_bytes("data/carriers.xlsx", &workbook_xml(xml));
    site.build().succeeds();
    assert!(site.out("carriers/a/index.html").contains("节水学校"));
    let table = std::fs::read_to_string(site.root().join("public/carriers/carriers.csv")).unwrap();
    assert!(table.contains("\r\na,节水学校,市级,2021,是\r\n"), "{table}");
}

#[test]
fn yaml_and_xlsx_for_one_kind_is_an_error_naming_both() {
    let site = site();
    site.write("data/carriers.yaml", "- id: a\n  name: 甲\n");
    site.write_bytes(
        "data/carriers.xlsx",
        &to_xlsx("x", &texts(&[&["编号", "名称"], &["b", "乙"]])).unwrap(),
    );
    let run = site.build();
    run.fails();
    run.says("data/carriers.xlsx").says("data/carriers.yaml");
    run.line_starting("error: data/carriers.");
}

#[test]
fn an_open_workbooks_lock_file_is_not_data() {
    let site = site();
    site.write("data/carriers.yaml", "- id: a\n  name: 甲\n");
    site.write_bytes("data/~$carriers.xlsx", b"\x00owner\x00");
    site.build().succeeds();
}

#[test]
fn a_renamed_file_and_a_zip_bomb_are_refused() {
    let site = site();
    site.write("data/carriers.xlsx", "id,name\na,甲\n");
    assert_fails_at(
        &site,
        "error: data/carriers.xlsx: this file is not an Excel/WPS spreadsheet",
    );
    // A workbook whose sheet says it unpacks to 4 GB.
    let mut bomb = to_xlsx("x", &texts(&[&["编号", "名称"], &["b", "乙"]])).unwrap();
    set_unpacked_size(&mut bomb, "xl/worksheets/sheet1.xml", 0xFFFF_FF00);
    site.write_bytes("data/carriers.xlsx", &bomb);
    assert_fails_at(
        &site,
        "error: data/carriers.xlsx: unpacked, the spreadsheet would be larger",
    );
    // One that says it unpacks to a few bytes but holds megabytes: stopped while reading.
    let big = format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>编号{}</t></is></c></row>"#,
        " ".repeat(4 << 20)
    );
    let mut liar = workbook_xml(&big);
    set_unpacked_size(&mut liar, "xl/worksheets/sheet1.xml", 200);
    site.write_bytes("data/carriers.xlsx", &liar);
    assert_fails_at(
        &site,
        "error: data/carriers.xlsx: this spreadsheet cannot be opened",
    );
}

/// Writes `size` as the unpacked size of part `name` in both of the zip's headers for it.
fn set_unpacked_size(zip: &mut [u8], name: &str, size: u32) {
    let name = name.as_bytes();
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        if zip[i..].starts_with(b"PK\x03\x04") && zip[i + 30..].starts_with(name) {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        if zip[i..].starts_with(b"PK\x01\x02") && zip[i + 46..].starts_with(name) {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2);
}

#[test]
fn a_million_row_sheet_is_refused_quickly() {
    let site = site();
    site.write("data/carriers.csv", &"a,b\n".repeat(1_000_000));
    assert_fails_at(&site, "error: data/carriers.csv: the sheet is too big");
    // A file over 50 MB is refused before it is read (this one is sparse: no disk used).
    let big = std::fs::File::create(site.root().join("data/carriers.csv")).unwrap();
    big.set_len(51 << 20).unwrap();
    assert_fails_at(
        &site,
        "error: data/carriers.csv: the spreadsheet file is larger than 50 MB",
    );
    // Two cells a million rows and 16,000 columns apart (a dense grid of them would take
    // gigabytes).
    let xml = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row><row r="1000000"><c r="XFD1000000"><v>1</v></c></row>"#;
    site.write_bytes("data/carriers.xlsx", &workbook_xml(xml));
    std::fs::remove_file(site.root().join("data/carriers.csv")).unwrap();
    assert_fails_at(&site, "error: data/carriers.xlsx: the sheet is too big");
}

#[test]
fn a_broken_data_file_is_the_one_error_for_it() {
    let site = site();
    site.write("data/carriers.xlsx", "not a workbook");
    site.write(
        "content/a.md",
        "---\ntitle: 一篇\ncarriers: [某企业]\n---\n{{ carrier(id=\"某企业\") }}\n",
    );
    let run = assert_fails_at(&site, "error: data/carriers.xlsx:");
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .count();
    assert_eq!(errors, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("templates/"), "{}", run.stderr);
}

#[test]
fn a_theme_template_asking_for_a_record_of_a_broken_file_adds_no_second_error() {
    let site = site();
    // Row 3 (`b`) has a wrong level: the file is broken and `b` is left out.
    site.write(
        "data/carriers.csv",
        "id,name,type,level\na,甲,企业,市级\nb,乙,企业,省里\n",
    );
    site.write(
        "themes/t/templates/page.html",
        "{% set c = record(kind=\"carriers\", id=\"b\") %}{{ c.name }}",
    );
    site.write("content/a.md", "---\ntitle: 一篇\n---\n正文\n");
    let run = assert_fails_at(&site, "error: data/carriers.csv:3:");
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    // With the file fixed, an id that is really missing is still the template's error.
    site.write("data/carriers.csv", "id,name,type,level\na,甲,企业,市级\n");
    site.run(&["check"])
        .fails()
        .error_at("themes/t/templates/page.html:1:");
}

#[test]
fn list_pages_offer_the_table_and_it_reads_back_the_same() {
    let site = site();
    site.write(
        "data/carriers.yaml",
        "- id: a\n  name: 甲企业\n  type: 企业\n  level: 省级\n  district: wujin\n  year: 2021\n  summary: \"=cmd|' /C calc'!A0\"\n  aliases: [甲, 甲厂]\n- id: b\n  name: \"乙, \\\"小区\\\"\"\n  type: 小区\n  sample: true\n",
    );
    site.build().succeeds();
    let list = site.out("carriers/index.html");
    assert!(
        list.contains("https://example.org/carriers/carriers.xlsx")
            && list.contains("https://example.org/carriers/carriers.csv"),
        "{list}"
    );
    let csv = std::fs::read(site.root().join("public/carriers/carriers.csv")).unwrap();
    let xlsx = std::fs::read(site.root().join("public/carriers/carriers.xlsx")).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with('\u{FEFF}'), "{text}");
    assert!(text.contains(",'=cmd|"), "no cell starts a formula: {text}");
    assert!(
        text.contains(",武进区,"),
        "the district by its name: {text}"
    );
    let page_a = site.out("carriers/a/index.html");
    let page_b = site.out("carriers/b/index.html");
    // Each export, loaded as the data instead of the YAML, gives the same site and the same
    // export again.
    for (ext, bytes) in [("csv", &csv), ("xlsx", &xlsx)] {
        let again = crate::harness::Site::new();
        again.write(
            "data/districts.yaml",
            "- id: wujin\n  name: 武进区\n  kind: 区\n  aliases: [武进]\n- id: liyang\n  name: 溧阳市\n  kind: 县级市\n",
        );
        again.write_bytes(&format!("data/carriers.{ext}"), bytes);
        again.build().succeeds();
        assert_eq!(again.out("carriers/a/index.html"), page_a, "{ext}");
        assert_eq!(again.out("carriers/b/index.html"), page_b, "{ext}");
        let csv2 = std::fs::read(again.root().join("public/carriers/carriers.csv")).unwrap();
        let xlsx2 = std::fs::read(again.root().join("public/carriers/carriers.xlsx")).unwrap();
        assert_eq!(csv2, csv, "{ext}");
        assert_eq!(xlsx2, xlsx, "{ext}");
    }
}

/// An `.ods` (LibreOffice, WPS) whose first sheet's rows are `rows_xml`.
fn ods(rows_xml: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="名单">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_parts(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
    .unwrap()
}

fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| {
            format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#)
        })
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn an_ods_loads_and_a_repeated_cell_bomb_is_refused() {
    let site = site();
    let rows = [
        ods_row(&["编号", "名称", "级别", "区县"]),
        r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#.to_string(),
        ods_row(&["od", "节水园区", "省级", "武进"]),
        r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#.to_string(),
    ];
    site.write_bytes("data/carriers.ods", &ods(&rows.concat()));
    site.build().succeeds();
    assert!(site.out("carriers/od/index.html").contains("节水园区"));
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    // A value repeated across 99 columns, in a row repeated a million times: under a
    // kilobyte that calamine would spell out as 99 million cells (gigabytes).
    let bomb = format!(
        "{}{}",
        ods_row(&["编号", "名称"]),
        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="99"><text:p>x</text:p></table:table-cell></table:table-row>"#
    );
    site.write_bytes("data/carriers.ods", &ods(&bomb));
    assert_fails_at(&site, "error: data/carriers.ods: the sheet is too big");
    let wide = format!(
        "{}{}",
        ods_row(&["编号", "名称"]),
        r#"<table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
    );
    site.write_bytes("data/carriers.ods", &ods(&wide));
    assert_fails_at(&site, "error: data/carriers.ods: the sheet is too wide");
    let tall = format!(
        "{}{}",
        ods_row(&["编号", "名称"]),
        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
    );
    site.write_bytes("data/carriers.ods", &ods(&tall));
    assert_fails_at(&site, "error: data/carriers.ods: the sheet is too big");
}

#[test]
fn a_workbook_is_read_by_what_it_is_not_by_its_name() {
    let site = site();
    // WPS may save an .xlsx under an .xls name.
    site.write_bytes(
        "data/carriers.xls",
        &to_xlsx("x", &texts(&[&["编号", "名称"], &["w", "节水小区"]])).unwrap(),
    );
    site.build().succeeds();
    assert!(site.out("carriers/w/index.html").contains("节水小区"));
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    // An old-style (OLE) file that is damaged: a clear error, not a panic.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0xFFu8, 600));
    site.write_bytes("data/carriers.xls", &ole);
    assert_fails_at(
        &site,
        "error: data/carriers.xls: this spreadsheet cannot be opened",
    );
}

#[test]
fn an_unclosed_quote_in_a_csv_is_placed_and_explained_in_cells() {
    let site = site();
    site.write("data/carriers.csv", "编号,名称\r\na,\"节水\r\nb,乙\r\n");
    let run = assert_fails_at(&site, "error: data/carriers.csv:2:3: row 2, column B:");
    run.says("add \" at the end of the cell");
}

#[test]
fn the_first_of_several_sheets_is_read_and_named_in_messages() {
    let site = site();
    let good = to_xlsx("x", &texts(&[&["编号"]])).unwrap();
    let mut parts = zip_read(&good);
    parts.retain(|(n, _)| {
        !n.starts_with("xl/worksheets/")
            && n != "xl/workbook.xml"
            && n != "xl/_rels/workbook.xml.rels"
            && n != "[Content_Types].xml"
    });
    let sheet = |rows: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
        )
    };
    let first = sheet(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" t="inlineStr"><is><t>名称</t></is></c><c r="C1" t="inlineStr"><is><t>级别</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2" t="inlineStr"><is><t>甲</t></is></c><c r="C2" t="inlineStr"><is><t>区级</t></is></c></row>"#,
    );
    let second = sheet(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>"#);
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let book = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="填表说明" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#;
    let mut all: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    all.extend([
        ("[Content_Types].xml", types.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", first.as_bytes()),
        ("xl/worksheets/sheet2.xml", second.as_bytes()),
    ]);
    site.write_bytes("data/carriers.xlsx", &zip_parts(&all).unwrap());
    let zh = site.run_in(Some("zh"), &["build"]);
    zh.fails()
        .error_at("data/carriers.xlsx:2:3: 工作表“名单”第2行 C列（级别）：不认识的值 `区级`");
}

/// A sheet of an `.xls` made by [`xls`]: its name and its cells (row, column, value; 0-based).
type XlsSheet<'a> = (&'a str, Vec<(u16, u16, XlsCell)>);

/// A cell of an `.xls` made by [`xls`].
enum XlsCell {
    Text(&'static str),
    Number(f64),
}

/// A minimal old-style `.xls`: BIFF8 records (a workbook's BOF, a BOUNDSHEET per sheet, EOF,
/// then each sheet's BOF, cells, EOF) in the `Workbook` stream of a Compound File (512-byte
/// sectors: the allocation table, the directory, the stream).
fn xls(sheets: &[XlsSheet<'_>]) -> Vec<u8> {
    xls_in(sheets, false)
}

/// [`xls`], its stream in regular sectors or (`mini`, when under 4096 bytes) in the mini
/// stream, in 64-byte pieces.
fn xls_in(sheets: &[XlsSheet<'_>], mini: bool) -> Vec<u8> {
    fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
        out.extend(kind.to_le_bytes());
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
    }
    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
    let bof = |dt: u16| {
        let mut d = vec![0x00, 0x06];
        d.extend(dt.to_le_bytes());
        d.extend([0xBB, 0x0D, 0xCC, 0x07, 0, 0, 0, 0, 0x06, 0, 0, 0]);
        d
    };
    // The sheets' substreams, then the globals, whose BOUNDSHEETs point at them.
    let mut bodies = Vec::new();
    for (_, cells) in sheets {
        let mut s = Vec::new();
        record(&mut s, 0x0809, &bof(0x0010));
        for (row, col, cell) in cells {
            let mut d = Vec::new();
            d.extend(row.to_le_bytes());
            d.extend(col.to_le_bytes());
            d.extend(0u16.to_le_bytes());
            match cell {
                XlsCell::Text(t) => {
                    d.extend((t.encode_utf16().count() as u16).to_le_bytes());
                    d.push(1);
                    d.extend(utf16(t));
                    record(&mut s, 0x0204, &d);
                }
                XlsCell::Number(n) => {
                    d.extend(n.to_le_bytes());
                    record(&mut s, 0x0203, &d);
                }
            }
        }
        record(&mut s, 0x000A, &[]);
        bodies.push(s);
    }
    let bound_len: usize = sheets
        .iter()
        .map(|(n, _)| 4 + 8 + 2 * n.encode_utf16().count())
        .sum();
    let globals_len = 4 + 16 + bound_len + 4;
    let mut stream = Vec::new();
    record(&mut stream, 0x0809, &bof(0x0005));
    let mut at = globals_len;
    for ((name, _), body) in sheets.iter().zip(&bodies) {
        let mut d = (at as u32).to_le_bytes().to_vec();
        d.extend([0, 0, name.encode_utf16().count() as u8, 1]);
        d.extend(utf16(name));
        record(&mut stream, 0x0085, &d);
        at += body.len();
    }
    record(&mut stream, 0x000A, &[]);
    assert_eq!(stream.len(), globals_len);
    for body in bodies {
        stream.extend(body);
    }
    let stream_len = stream.len();
    let mini = mini && stream_len < 4096;
    // In regular sectors, a stream has at least 4096 bytes; in the mini stream, less.
    let (container, mini_fat) = if mini {
        stream.resize(stream.len().div_ceil(64) * 64, 0);
        let pieces = stream.len() / 64;
        let mut table: Vec<u32> = (0..pieces)
            .map(|k| {
                if k + 1 == pieces {
                    0xFFFF_FFFE
                } else {
                    (k + 1) as u32
                }
            })
            .collect();
        table.resize(128, 0xFFFF_FFFF);
        let mut container = stream.clone();
        container.resize(container.len().div_ceil(512) * 512, 0);
        (container, Some(table))
    } else {
        stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
        (stream.clone(), None)
    };
    let stream_sectors = container.len() / 512;
    // Sector 0: the allocation table; 1: the directory; (2: the mini table;) then the stream.
    let first = if mini { 3 } else { 2 };
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 =
        |h: &mut Vec<u8>, at: usize, v: u16| h[at..at + 2].copy_from_slice(&v.to_le_bytes());
    put16(&mut header, 0x18, 0x3E);
    put16(&mut header, 0x1A, 3);
    put16(&mut header, 0x1C, 0xFFFE);
    put16(&mut header, 0x1E, 9);
    put16(&mut header, 0x20, 6);
    let put32 =
        |h: &mut Vec<u8>, at: usize, v: u32| h[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put32(&mut header, 0x2C, 1);
    put32(&mut header, 0x30, 1);
    put32(&mut header, 0x38, 4096);
    put32(&mut header, 0x3C, if mini { 2 } else { 0xFFFF_FFFE });
    put32(&mut header, 0x40, u32::from(mini));
    put32(&mut header, 0x44, 0xFFFF_FFFE);
    put32(&mut header, 0x4C, 0);
    for k in 1..109 {
        put32(&mut header, 0x4C + 4 * k, 0xFFFF_FFFF);
    }
    let mut fat = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
    if mini {
        fat.push(0xFFFF_FFFE);
    }
    for k in 0..stream_sectors {
        fat.push(if k + 1 == stream_sectors {
            0xFFFF_FFFE
        } else {
            (first + k + 1) as u32
        });
    }
    fat.resize(128, 0xFFFF_FFFF);
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let n = utf16(name);
        e[..n.len()].copy_from_slice(&n);
        e[0x40..0x42].copy_from_slice(&((n.len() + 2) as u16).to_le_bytes());
        e[0x42] = kind;
        e[0x43] = 1;
        e[0x44..0x48].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[0x48..0x4C].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[0x4C..0x50].copy_from_slice(&child.to_le_bytes());
        e[0x74..0x78].copy_from_slice(&start.to_le_bytes());
        e[0x78..0x7C].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut out = header;
    out.extend(fat.iter().flat_map(|n| n.to_le_bytes()));
    if mini {
        out.extend(entry("Root Entry", 5, 1, first as u32, stream.len() as u32));
        out.extend(entry("Workbook", 2, 0xFFFF_FFFF, 0, stream_len as u32));
    } else {
        out.extend(entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0));
        out.extend(entry(
            "Workbook",
            2,
            0xFFFF_FFFF,
            first as u32,
            stream.len() as u32,
        ));
    }
    let mut unused = entry("", 0, 0xFFFF_FFFF, 0, 0);
    unused[0x40] = 0;
    out.extend(unused.clone());
    out.extend(unused);
    if let Some(table) = mini_fat {
        out.extend(table.iter().flat_map(|n| n.to_le_bytes()));
    }
    out.extend(container);
    out
}

#[test]
fn an_xls_loads_and_a_sparse_xls_bomb_is_refused() {
    use XlsCell::{Number, Text};
    let site = site();
    let list = vec![
        (0, 0, Text("编号")),
        (0, 1, Text("名称")),
        (0, 2, Text("年份")),
        (1, 0, Text("x1")),
        (1, 1, Text("节水灌区")),
        (1, 2, Number(2021.0)),
        (2, 0, Text("x2")),
        (2, 1, Text("节水机关")),
        (2, 2, Text("去年")),
    ];
    site.write_bytes("data/carriers.xls", &xls(&[("名单", list)]));
    let run = assert_fails_at(
        &site,
        "error: data/carriers.xls:3:3: row 3, column C (年份)",
    );
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    let good = vec![
        (0, 0, Text("编号")),
        (0, 1, Text("名称")),
        (5, 0, Text("x1")),
        (5, 1, Text("节水灌区")),
    ];
    site.write_bytes("data/carriers.xls", &xls(&[("名单", good)]));
    site.build().succeeds();
    assert!(site.out("carriers/x1/index.html").contains("节水灌区"));
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    // Two cells 65,535 rows and 199 columns apart, on a few sheets: calamine would make a
    // grid of 13 million cells for each.
    let far = || vec![(0, 0, Text("编号")), (65535, 199, Number(1.0))];
    let bomb = xls(&[("a", far()), ("b", far()), ("c", far())]);
    assert!(bomb.len() < 8_000, "{} bytes", bomb.len());
    site.write_bytes("data/carriers.xls", &bomb);
    assert_fails_at(&site, "error: data/carriers.xls: the sheet is too big");
    // The same, small enough to sit in the container's mini stream.
    let small = xls_in(&[("a", far()), ("b", far()), ("c", far())], true);
    assert!(small.len() < 3_000, "{} bytes", small.len());
    site.write_bytes("data/carriers.xls", &small);
    assert_fails_at(&site, "error: data/carriers.xls: the sheet is too big");
    // And a good list in the mini stream loads.
    let good = vec![
        (0, 0, Text("编号")),
        (0, 1, Text("名称")),
        (1, 0, Text("m1")),
        (1, 1, Text("节水园区")),
    ];
    site.write_bytes("data/carriers.xls", &xls_in(&[("名单", good)], true));
    site.build().succeeds();
    assert!(site.out("carriers/m1/index.html").contains("节水园区"));
}

#[test]
fn damaged_xls_files_give_an_answer_not_a_panic() {
    use XlsCell::{Number, Text};
    let cells = || {
        vec![
            (0, 0, Text("编号")),
            (0, 1, Text("名称")),
            (3, 1, Number(7.0)),
        ]
    };
    for mini in [false, true] {
        let good = xls_in(&[("名单", cells())], mini);
        for (i, flip) in (0..good.len())
            .step_by(5)
            .zip([0xFF, 0x00, 0x7F].iter().cycle())
        {
            let mut bad = good.clone();
            bad[i] = *flip;
            let result = std::panic::catch_unwind(|| {
                let _ = jieshui::data::sheet::read("data/carriers.xls", bad.clone());
            });
            assert!(
                result.is_ok(),
                "byte {i} set to {flip:#x} (mini stream: {mini})"
            );
        }
        for cut in (0..good.len()).step_by(97) {
            let _ = jieshui::data::sheet::read("data/carriers.xls", good[..cut].to_vec());
        }
    }
    // A file cut short (a copy that stopped): calamine panics on it; in a build that is a
    // clear error, and no panic message.
    let site = site();
    let good = xls_in(&[("名单", cells())], false);
    site.write_bytes("data/carriers.xls", &good[..582]);
    let run = assert_fails_at(
        &site,
        "error: data/carriers.xls: this spreadsheet cannot be opened",
    );
    run.says("(calamine: assertion");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

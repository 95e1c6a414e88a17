//! Typed data: record pages and cross-links, and every kind of bad data located in its file.

use crate::harness::{Site, assert_fails_at};

fn data_site() -> Site {
    let site = Site::new();
    site.write(
        "data/districts.yaml",
        "- id: wujin\n  name: 武进区\n  kind: 区\n  aliases: [武进]\n- id: liyang\n  name: 溧阳市\n  kind: 县级市\n",
    );
    site.write(
        "data/units.yaml",
        "- id: slj\n  name: 常州市水利局\n  kind: 市级部门\n  aliases: [市水利局]\n- id: gxj\n  name: 常州市工业和信息化局\n  aliases: [工信局, 工业和信息局]\n",
    );
    site.write(
        "data/carriers.yaml",
        "- id: demo-school\n  name: 示例学校\n  type: 学校\n  level: 市级\n  district: 武进\n  sample: true\n",
    );
    site.write(
        "data/targets.yaml",
        "year: 2021\nindicators:\n  - id: audit\n    name: 用水审计\n    unit: 家\n    total: 6\n    city: 1\n    by_district: {wujin: 3, 溧阳市: 2}\n    lead: [市水利局]\n    participants: [工信局]\n",
    );
    site.write(
        "content/task.md",
        "---\ntitle: 加强节水监管\ndistricts: [武进区]\nlead: [slj]\nparticipants: [工业和信息局]\ncarriers: [demo-school]\n---\n正文\n",
    );
    site
}

#[test]
fn records_get_pages_linked_both_ways() {
    let site = data_site();
    site.build().succeeds();
    for page in [
        "districts/index.html",
        "districts/wujin/index.html",
        "units/slj/index.html",
        "carriers/demo-school/index.html",
    ] {
        assert!(site.out_exists(page), "{page}");
    }
    let wujin = site.out("districts/wujin/index.html");
    assert!(
        wujin.contains("用水审计") && wujin.contains("3家"),
        "{wujin}"
    );
    assert!(
        wujin.contains("https://example.org/task/"),
        "district lists the page naming it"
    );
    assert!(
        wujin.contains("示例学校") && wujin.contains("示例"),
        "carrier in the district, marked 示例"
    );
    let unit = site.out("units/slj/index.html");
    assert!(
        unit.contains("用水审计"),
        "the unit page shows the indicator it leads"
    );
    assert!(
        unit.contains("https://example.org/task/"),
        "and the page it leads"
    );
    let gxj = site.out("units/gxj/index.html");
    assert!(
        gxj.contains("用水审计") && gxj.contains("加强节水监管"),
        "{gxj}"
    );
    let carrier = site.out("carriers/demo-school/index.html");
    assert!(
        carrier.contains("https://example.org/districts/wujin/"),
        "carrier links its district"
    );
}

#[test]
fn unknown_reference_in_front_matter_is_located() {
    let site = data_site();
    site.write(
        "content/task.md",
        "---\ntitle: t\nlead: [slj, 水务局]\n---\nx\n",
    );
    assert_fails_at(&site, "error: content/task.md:3:13: unknown unit `水务局`");
}

#[test]
fn unknown_district_in_a_carrier_is_located() {
    let site = data_site();
    site.write(
        "data/carriers.yaml",
        "- id: a\n  name: A\n  district: wujn\n",
    );
    let run = assert_fails_at(
        &site,
        "error: data/carriers.yaml:3:13: unknown district `wujn`",
    );
    run.says("did you mean `wujin`");
}

#[test]
fn a_mistyped_chinese_name_gets_a_suggestion() {
    let site = data_site();
    site.write(
        "content/task.md",
        "---\ntitle: t\ndistricts: [武近区]\nlead: [市水力局]\n---\nx\n",
    );
    let run = assert_fails_at(
        &site,
        "error: content/task.md:3:13: unknown district `武近区`",
    );
    run.error_at("content/task.md:4:8: unknown unit `市水力局`");
    run.says("did you mean `武进区`?");
    run.says("did you mean `市水利局`?");
}

#[test]
fn unknown_district_in_targets_is_located() {
    let site = data_site();
    site.write(
        "data/targets.yaml",
        "year: 2021\nindicators:\n  - id: a\n    name: A\n    unit: 个\n    by_district: {wujin: 1, xinbei: 2}\n",
    );
    assert_fails_at(
        &site,
        "error: data/targets.yaml:6:29: unknown district `xinbei`",
    );
}

#[test]
fn duplicate_id_names_both_lines() {
    let site = data_site();
    site.write(
        "data/districts.yaml",
        "- id: wujin\n  name: 武进区\n  aliases: [武进]\n- id: wujin\n  name: 又一个\n- id: liyang\n  name: 溧阳市\n",
    );
    let run = assert_fails_at(
        &site,
        "error: data/districts.yaml:4:7: duplicate id `wujin`",
    );
    run.says("line 1");
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn bad_enum_has_a_hint() {
    let site = data_site();
    site.write("data/carriers.yaml", "- id: a\n  name: A\n  type: 学习\n");
    let run = assert_fails_at(&site, "error: data/carriers.yaml:3:9: unknown value `学习`");
    run.says("学校");
}

#[test]
fn wrong_type_is_located() {
    let site = data_site();
    site.write(
        "data/carriers.yaml",
        "- id: a\n  name: A\n  year: 二〇二一\n",
    );
    assert_fails_at(&site, "error: data/carriers.yaml:3:9:");
}

#[test]
fn unknown_field_in_a_record() {
    let site = data_site();
    site.write("data/units.yaml", "- id: a\n  name: A\n  adress: x\n");
    let run = assert_fails_at(&site, "error: data/units.yaml:3:3: unknown field `adress`");
    assert!(
        run.stderr.contains("aliases") || run.stderr.contains("known fields"),
        "{}",
        run.stderr
    );
}

#[test]
fn total_mismatch_is_a_warning_with_both_numbers() {
    let site = data_site();
    site.write(
        "data/targets.yaml",
        "year: 2021\nindicators:\n  - id: a\n    name: 节水型企业\n    unit: 家\n    total: 20\n    by_district: {wujin: 7, liyang: 2}\n    parts:\n      - {id: b, name: 其中省级, unit: 家, total: 25, by_district: {wujin: 8}}\n",
    );
    let run = site.build();
    run.succeeds();
    run.warning_at(
        "data/targets.yaml:6:12: 节水型企业: the stated total is 20 but the districts add up to 9",
    );
    run.line_starting(
        "warning: data/targets.yaml:9:45: 其中省级: this part (25) is larger than 节水型企业 (20)",
    );
    run.warning_at("data/targets.yaml:9:70: 其中省级 in wujin: this part (8) is larger than 节水型企业 there (7)");
    site.run(&["check", "--strict"]).fails();
}

#[test]
fn record_names_are_escaped() {
    let site = data_site();
    site.write(
        "data/carriers.yaml",
        "- id: x\n  name: \"<script>alert(1)</script>\"\n  district: wujin\n",
    );
    site.write(
        "content/task.md",
        "---\ntitle: t\ncarriers: [x]\n---\n{{ carrier(id=\"x\") }}\n",
    );
    site.write(
        "templates/shortcodes/carrier.html",
        "{% set c = record(kind=\"carriers\", id=id) %}<b>{{ c.name }}</b>",
    );
    site.build().succeeds();
    for page in [
        "carriers/x/index.html",
        "districts/wujin/index.html",
        "task/index.html",
        "carriers/index.html",
    ] {
        let html = site.out(page);
        assert!(!html.contains("<script>alert"), "{page} has the raw script");
        assert!(
            html.contains("&lt;script&gt;"),
            "{page} lacks the escaped name"
        );
    }
}

#[test]
fn unknown_id_in_a_shortcode_is_an_error_at_its_line() {
    let site = data_site();
    site.write(
        "templates/shortcodes/carrier.html",
        "{% set c = record(kind=\"carriers\", id=id) %}{{ c.name }}",
    );
    site.write(
        "content/task.md",
        "---\ntitle: t\n---\n\n{{ carrier(id=\"nope\") }}\n",
    );
    assert_fails_at(&site, "error: content/task.md:5:1: unknown carrier `nope`");
    site.run_in(None, &["check"])
        .error_at("content/task.md:5:1: 不认识的节水载体 `nope`");
}

#[test]
fn csv_data_with_bom_loads_and_so_does_gbk() {
    let site = data_site();
    site.write_bytes(
        "data/districts.csv",
        b"\xEF\xBB\xBFid,name,kind\nwujin,\xE6\xAD\xA6\xE8\xBF\x9B\xE5\x8C\xBA,\xE5\x8C\xBA\n",
    );
    std::fs::remove_file(site.root().join("data/districts.yaml")).unwrap();
    site.write("data/targets.yaml", "year: 2021\nindicators: []\n");
    site.write(
        "content/task.md",
        "---\ntitle: t\ndistricts: [wujin]\n---\nx\n",
    );
    site.write("data/carriers.yaml", "[]\n");
    site.build().succeeds();
    assert!(site.out("districts/wujin/index.html").contains("武进区"));
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    // 武进区 in GBK.
    site.write_bytes(
        "data/districts.csv",
        b"id,name\nwujin,\xCE\xE4\xBD\xF8\xC7\xF8\n",
    );
    site.build().succeeds();
    assert!(site.out("districts/wujin/index.html").contains("武进区"));
}

#[test]
fn page_and_record_claiming_one_url() {
    let site = data_site();
    site.write(
        "content/carriers/demo-school.md",
        "---\ntitle: 冲突\n---\nx\n",
    );
    let run = site.build();
    run.fails();
    assert!(
        run.stderr
            .contains("two things write carriers/demo-school/index.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_bad_key_of_a_front_matter_is_reported_and_references_still_checked() {
    let site = data_site();
    site.write(
        "content/task.md",
        "---\ntitle: t\ntitel: x\ndistricts: [武近区]\nweight: 很重\nautor: y\n---\nx\n",
    );
    let run = assert_fails_at(&site, "error: content/task.md:3:1: unknown field `titel`");
    run.error_at("content/task.md:4:13: unknown district `武近区`")
        .error_at("content/task.md:5:9: invalid type")
        .error_at("content/task.md:6:1: unknown field `autor`");
}

#[test]
fn every_bad_record_of_a_yaml_list_is_reported() {
    let site = data_site();
    site.write(
        "data/carriers.yaml",
        "- id: a\n  name: A\n  level: 省\n- id: b\n  name: B\n  typ: 学校\n- id: c\n  name: C\n  year: 去年\n  district: wujin\n- id: demo-school\n  name: 示例学校\n",
    );
    let run = assert_fails_at(&site, "error: data/carriers.yaml:3:10: unknown value `省`");
    run.error_at("data/carriers.yaml:6:3: unknown field `typ`")
        .error_at("data/carriers.yaml:9:9: invalid type");
    // The records that are right still load: the page naming one reports nothing more.
    assert!(!run.stderr.contains("content/task.md"), "{}", run.stderr);
}

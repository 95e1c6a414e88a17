//! End-to-end checks of the bundled Changzhou site: it builds, its links resolve (also in
//! relative mode), and its figures are the plan's, as published.

use std::path::{Path, PathBuf};

use crate::harness::{assert_relative_links_resolve, build_site, copy_bundled_site, jieshui};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_into(out: &Path, extra: &[&str]) -> String {
    build_site(&repo(), out, &[], extra)
}

#[test]
fn bundled_site_builds_and_every_link_resolves_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    // A copy of the site with relative URLs, as on a USB stick.
    let root = dir.path().join("root");
    copy_bundled_site(&root);
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{yaml}\nrelative_urls: true\n"),
    )
    .unwrap();
    build_site(&root, &out, &[], &[]);
    let checked = assert_relative_links_resolve(&out);
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn check_reports_the_plans_own_total_mismatches() {
    let run = jieshui(&["check", "--root"]).arg(repo()).run();
    let stderr = &run.succeeds().stderr;
    // As published: 省级节水型企业 13 (districts 14), 其中省级 10 (districts 11).
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("warning: data/targets.yaml:")
                && l.contains("stated total is 13")
                && l.contains("14")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("warning: data/targets.yaml:")
                && l.contains("stated total is 10")
                && l.contains("11")),
        "{stderr}"
    );
    // --strict fails on the totals warnings.
    jieshui(&["check", "--strict", "--root"])
        .arg(repo())
        .run()
        .fails();
}

/// The plan's per-district figures (transcribed from the seed document, district order:
/// 溧阳市, 金坛区, 武进区, 新北区, 天宁区, 钟楼区, 常州经开区).
const PLAN: &[(&str, Option<f64>, [f64; 7])] = &[
    ("water-audit", None, [3.0, 3.0, 3.0, 2.0, 2.0, 2.0, 2.0]),
    (
        "tech-renovation",
        Some(13.0),
        [2.0, 2.0, 3.0, 3.0, 1.0, 1.0, 1.0],
    ),
    (
        "water-saving-enterprises",
        Some(20.0),
        [2.0, 2.0, 7.0, 6.0, 1.0, 1.0, 1.0],
    ),
    (
        "water-saving-enterprises-provincial",
        Some(13.0),
        [2.0, 2.0, 4.0, 3.0, 1.0, 1.0, 1.0],
    ),
    (
        "other-carriers",
        Some(24.0),
        [4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 4.0],
    ),
    (
        "other-carriers-provincial",
        Some(10.0),
        [2.0, 2.0, 1.0, 1.0, 1.0, 2.0, 2.0],
    ),
    (
        "water-balance-tests",
        Some(30.0),
        [4.0, 4.0, 5.0, 5.0, 4.0, 4.0, 4.0],
    ),
];
const DISTRICTS: [&str; 7] = [
    "liyang", "jintan", "wujin", "xinbei", "tianning", "zhonglou", "jingkai",
];

fn indicators() -> Vec<serde_yaml::Value> {
    let text = std::fs::read_to_string(repo().join("data/targets.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut out = Vec::new();
    fn walk(list: &serde_yaml::Value, out: &mut Vec<serde_yaml::Value>) {
        for ind in list.as_sequence().into_iter().flatten() {
            out.push(ind.clone());
            walk(&ind["parts"], out);
        }
    }
    walk(&doc["indicators"], &mut out);
    out
}

#[test]
fn every_district_figure_is_the_plans() {
    let all = indicators();
    let find = |id: &str| {
        all.iter()
            .find(|i| i["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no indicator {id}"))
    };
    for (id, total, figures) in PLAN {
        let ind = find(id);
        assert_eq!(ind["total"].as_f64(), *total, "{id} total");
        for (d, want) in DISTRICTS.iter().zip(figures) {
            assert_eq!(ind["by_district"][*d].as_f64(), Some(*want), "{id} {d}");
        }
    }
    assert_eq!(find("water-audit")["city"].as_f64(), Some(3.0));
    assert_eq!(find("contract-water-saving")["total"].as_f64(), Some(7.0));
    assert_eq!(
        find("water-saving-enterprises-high-use")["total"].as_f64(),
        Some(9.0)
    );
    // 市级灌区: one in every district but 钟楼区.
    let irrigation = find("other-carriers-city-irrigation");
    for d in DISTRICTS {
        let want = if d == "zhonglou" { None } else { Some(1.0) };
        assert_eq!(
            irrigation["by_district"][d].as_f64(),
            want,
            "irrigation {d}"
        );
    }
    // "N所以上": 武进区、新北区、钟楼区 each at least 1 university.
    let uni = find("water-saving-universities");
    for d in ["wujin", "xinbei", "zhonglou"] {
        assert_eq!(uni["by_district"][d]["min"].as_f64(), Some(1.0));
    }
    let makers: Vec<&str> = find("maker-bases")["districts"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(makers, ["xinbei", "tianning", "zhonglou"]);
}

#[test]
fn district_pages_show_the_published_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_into(&out, &[]);
    let wujin = std::fs::read_to_string(out.join("districts/wujin/index.html")).unwrap();
    for needle in ["武进区", "节水型企业", "7家", "水平衡测试", "5家", "示例"] {
        assert!(wujin.contains(needle), "wujin page lacks {needle}");
    }
    // The page that carries the enterprises chart says the plan's totals disagree.
    let carriers = std::fs::read_to_string(out.join("carriers/index.html")).unwrap();
    assert!(
        carriers.contains("本站按方案原文照录"),
        "mismatch note missing"
    );
}

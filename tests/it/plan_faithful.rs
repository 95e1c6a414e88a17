//! The bundled site against the plan itself: every sub-task's 牵头单位 and 参与单位, transcribed
//! by hand from 《2021年常州市全民节水深化提升行动方案》 (not from `data/`), must appear in the header
//! of the task's page and in the units directory, and the header must name nobody else; totals
//! that disagree with their districts' sum carry the sum wherever they are shown.
//!
//! Matching a plan name to a name on the site (see content/units/_index.md):
//! - the plan writes "常州市" once before a list ("常州市财政局、工业和信息化局"); the site writes it
//!   before every city department, so a leading "常州市" is ignored on both sides;
//! - the plan spells 工业和信息化局 also 工信局 and 工业和信息局: a variant counts as the unit only
//!   if the unit's page lists the variant under 又称, so readers see the plan's spelling.
//!
//! Anything else (a full name the plan never uses, 相关部门 for 相关单位, a government for its
//! departments) fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::harness::{build_site, copy_bundled_site};

struct Sub {
    /// The sub-task as the plan numbers it, e.g. "4(2)".
    at: &'static str,
    lead: &'static [&'static str],
    join: &'static [&'static str],
}

struct Task {
    /// The page in the built site (folder of its index.html).
    page: &'static str,
    subs: &'static [Sub],
}

const CITY_OFFICES: &[&str] = &["各辖市、区水利局", "常州经开区农工局"];
const ALL_DEPTS: &str = "各辖市、区、常州经开区相关部门";

/// The plan's parentheses "（牵头单位：…；参与单位：…）", one entry per unit as the plan writes it.
const TASKS: &[Task] = &[
    Task {
        page: "plan/ensure/task-01",
        subs: &[
            Sub {
                at: "1(1)",
                lead: &["常州市水利局"],
                join: &[
                    "常州市发展和改革委",
                    "住房和城乡建设局",
                    "工业和信息化局",
                    "生态环境局",
                    "自然资源和规划局",
                    "市场监督管理局",
                    "农业农村局",
                    "财政局",
                    ALL_DEPTS,
                ],
            },
            Sub {
                at: "1(2)",
                lead: CITY_OFFICES,
                join: &[ALL_DEPTS],
            },
        ],
    },
    Task {
        page: "plan/strengthen/task-02",
        subs: &[
            Sub {
                at: "2(1)",
                lead: &["常州市水利局"],
                join: &[
                    "常州市发展和改革委",
                    "教育局",
                    "工信局",
                    "财政局",
                    "自然资源和规划局",
                    "生态环境局",
                    "住房和城乡建设局",
                    "农业农村局",
                    "统计局",
                    "各辖市、区人民政府、常州经开区管委会",
                ],
            },
            Sub {
                at: "2(2)",
                lead: &["常州市水利局"],
                join: &["常州市住房和城乡建设局"],
            },
            Sub {
                at: "2(3)",
                lead: &["常州市水利局"],
                join: &["常州市市场监督管理局", "各辖市、区、常州经开区相关单位"],
            },
            Sub {
                at: "2(4)",
                lead: &["常州市水利局"],
                join: CITY_OFFICES,
            },
            Sub {
                at: "2(5)",
                lead: &["常州市水利局"],
                join: &["常州市统计局", ALL_DEPTS],
            },
        ],
    },
    Task {
        page: "plan/strengthen/task-03",
        subs: &[Sub {
            at: "3",
            lead: &["常州市水利局"],
            join: &["常州市教育局", "团市委", "机关事务管理局", ALL_DEPTS],
        }],
    },
    Task {
        page: "plan/deepen/task-04",
        subs: &[
            Sub {
                at: "4(1)",
                lead: &["常州市水利局", "教育局", "团市委"],
                join: &[ALL_DEPTS],
            },
            Sub {
                at: "4(2)",
                lead: &["常州市水利局"],
                join: &["武进区、新北区、钟楼区相关单位"],
            },
            Sub {
                at: "4(3)",
                lead: &[
                    "常州市水利局",
                    "发展和改革委",
                    "工业和信息化局",
                    "财政局",
                    "住房和城乡建设局",
                    "市场监督管理局",
                    "机关事务管理局",
                ],
                join: &[ALL_DEPTS],
            },
            Sub {
                at: "4(4)",
                lead: &["常州市水利局"],
                join: &[
                    "常州市发展和改革委",
                    "住房和城乡建设局",
                    "农业农村局",
                    "机关事务管理局",
                    "教育局",
                    "工业和信息局",
                    ALL_DEPTS,
                ],
            },
        ],
    },
    Task {
        page: "plan/deepen/task-05",
        subs: &[Sub {
            at: "5",
            lead: &["常州市水利局"],
            join: &["常州市财政局", "工业和信息化局", ALL_DEPTS],
        }],
    },
    Task {
        page: "plan/deepen/task-06",
        subs: &[
            Sub {
                at: "6(1)",
                lead: &["常州市水利局", "发展和改革委", "教育局", "机关事务管理局"],
                join: &[ALL_DEPTS],
            },
            Sub {
                at: "6(2)",
                lead: &["常州市水利局"],
                join: &["常州市发展和改革委", "财政局", "天宁区人民政府相关部门"],
            },
        ],
    },
    Task {
        page: "plan/improve/task-07",
        subs: &[
            Sub {
                at: "7(1)",
                lead: &["常州市水利局"],
                join: CITY_OFFICES,
            },
            Sub {
                at: "7(2)",
                lead: &["常州市水利局"],
                join: CITY_OFFICES,
            },
        ],
    },
    Task {
        page: "plan/improve/task-08",
        subs: &[
            Sub {
                at: "8(1)",
                lead: &["常州市水利局"],
                join: CITY_OFFICES,
            },
            Sub {
                at: "8(2)",
                lead: &["常州市水利局"],
                join: &["常州市住房和城乡建设局"],
            },
            Sub {
                at: "8(3)",
                lead: &["常州市水利局"],
                join: CITY_OFFICES,
            },
        ],
    },
    Task {
        page: "plan/improve/task-09",
        subs: &[
            Sub {
                at: "9(1)",
                lead: &["常州市水利局"],
                join: CITY_OFFICES,
            },
            Sub {
                at: "9(2)",
                lead: &["常州市水利局"],
                join: CITY_OFFICES,
            },
        ],
    },
    Task {
        page: "plan/improve/task-10",
        subs: &[
            Sub {
                at: "10(1)",
                lead: &["常州市水利局", "发展和改革委", "工业和信息化局"],
                join: &[ALL_DEPTS],
            },
            Sub {
                at: "10(2)",
                lead: &["常州市水利局", "交通局"],
                join: &[ALL_DEPTS],
            },
            Sub {
                at: "10(3)",
                lead: &["常州市水利局", "教育局"],
                join: &["新北区、天宁区、钟楼区相关部门"],
            },
        ],
    },
];

/// The pupils' pages about 10(3) carry its units too.
const STUDENT_PAGES: &[&str] = &["students/shaonianxing", "students/maker-bases"];
const SUB_10_3: &Sub = &TASKS[9].subs[2];

/// The plan's other spellings of one department.
const VARIANTS: &[(&str, &str)] = &[
    ("工信局", "工业和信息化局"),
    ("工业和信息局", "工业和信息化局"),
];

fn norm(name: &str) -> &str {
    let name = name.strip_prefix("常州市").unwrap_or(name);
    VARIANTS
        .iter()
        .find(|(v, _)| *v == name)
        .map_or(name, |(_, canon)| canon)
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_bundled_site(&root);
    let out = dir.path().join("site");
    build_site(&root, &out, &[], &[]);
    (dir, out)
}

fn read(out: &Path, page: &str) -> String {
    let path = out.join(page).join("index.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A linked name: the record id (the last folder of its URL) and the link text.
#[derive(Debug, Clone)]
struct Link {
    id: String,
    name: String,
}

/// The links in the header's `<dt>{label}</dt><dd>…</dd>`, or none.
fn header_links(html: &str, label: &str) -> Vec<Link> {
    let start = format!("<dt>{label}</dt><dd>");
    let Some(i) = html.find(&start) else {
        return Vec::new();
    };
    let dd = &html[i + start.len()..];
    links(&dd[..dd.find("</dd>").expect("closed dd")])
}

fn links(mut html: &str) -> Vec<Link> {
    let mut out = Vec::new();
    while let Some(i) = html.find("<a href=\"") {
        html = &html[i + 9..];
        let href = &html[..html.find('"').expect("closed href")];
        let id = href
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let text_start = html.find('>').expect("closed a") + 1;
        let text_end = html.find("</a>").expect("closed a");
        out.push(Link {
            id,
            name: html[text_start..text_end].to_string(),
        });
        html = &html[text_end..];
    }
    out
}

/// What a unit's page lists under 又称.
fn aliases(out: &Path, id: &str) -> Vec<String> {
    let html = read(out, &format!("units/{id}"));
    let Some(i) = html.find("<dt>又称</dt><dd>") else {
        return Vec::new();
    };
    let dd = &html[i + "<dt>又称</dt><dd>".len()..];
    dd[..dd.find("</dd>").unwrap()]
        .split('、')
        .map(str::to_string)
        .collect()
}

/// Which shown unit stands for the plan's `name`, if any (a variant spelling must be a 又称).
fn shown_as<'a>(out: &Path, name: &str, shown: &'a [Link]) -> Option<&'a Link> {
    let link = shown.iter().find(|l| norm(&l.name) == norm(name))?;
    let spelled = name.strip_prefix("常州市").unwrap_or(name);
    if norm(spelled) != spelled {
        assert!(
            aliases(out, &link.id).iter().any(|a| a == spelled),
            "the plan writes {spelled}; the page of {} should list it under 又称",
            link.name
        );
    }
    Some(link)
}

/// Checks one page's header against the plan's sub-tasks: every lead and participant is shown,
/// and every shown unit is one the plan names there.
fn check_header(out: &Path, page: &str, subs: &[&Sub]) -> Vec<String> {
    let html = read(out, page);
    let mut problems = Vec::new();
    for (label, pick) in [
        (
            "牵头单位",
            (|s: &Sub| s.lead) as fn(&Sub) -> &'static [&'static str],
        ),
        ("参与单位", |s: &Sub| s.join),
    ] {
        let shown = header_links(&html, label);
        for sub in subs {
            for name in pick(sub) {
                if shown_as(out, name, &shown).is_none() {
                    problems.push(format!(
                        "{page}: {label} lacks {name} ({}); shows {:?}",
                        sub.at,
                        shown.iter().map(|l| &l.name).collect::<Vec<_>>()
                    ));
                }
            }
        }
        let planned: BTreeSet<&str> = subs.iter().flat_map(|s| pick(s)).map(|n| norm(n)).collect();
        for link in &shown {
            if !planned.contains(norm(&link.name)) {
                problems.push(format!(
                    "{page}: {label} shows {}, which the plan does not name there",
                    link.name
                ));
            }
        }
    }
    problems
}

#[test]
fn task_headers_show_every_lead_and_participant_the_plan_names() {
    let (_dir, out) = built();
    let mut problems = Vec::new();
    for task in TASKS {
        let subs: Vec<&Sub> = task.subs.iter().collect();
        problems.extend(check_header(&out, task.page, &subs));
    }
    for page in STUDENT_PAGES {
        problems.extend(check_header(&out, page, &[SUB_10_3]));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn units_directory_lists_every_unit_the_plan_names() {
    let (_dir, out) = built();
    let html = read(&out, "units");
    let listed = links(&html[html.find("records-title").expect("the list")..]);
    let mut missing = BTreeSet::new();
    for sub in TASKS.iter().flat_map(|t| t.subs) {
        for name in sub.lead.iter().chain(sub.join) {
            if shown_as(&out, name, &listed).is_none() {
                missing.insert(format!("{name} ({})", sub.at));
            }
        }
    }
    assert!(missing.is_empty(), "not in /units/: {missing:?}");
}

/// Names the site chose that the plan never writes must not head a list.
#[test]
fn no_unit_goes_by_a_name_the_plan_does_not_use() {
    let (_dir, out) = built();
    let html = read(&out, "units");
    let listed = links(&html[html.find("records-title").expect("the list")..]);
    for full in [
        "常州市发展和改革委员会",
        "共青团常州市委员会",
        "常州市交通运输局",
        "常州市人民政府",
        "江苏省水利厅",
    ] {
        assert!(
            !listed.iter().any(|l| l.name == full),
            "{full} is the site's full name, not the plan's: it may appear only marked as such"
        );
    }
}

/// Task pages name as 涉及地区 at least every district their target tables show.
#[test]
fn task_districts_cover_the_districts_of_their_targets() {
    let (_dir, out) = built();
    for task in TASKS {
        let html = read(&out, task.page);
        let named: BTreeSet<String> = header_links(&html, "涉及地区")
            .into_iter()
            .map(|l| l.id)
            .collect();
        let mut in_tables = BTreeSet::new();
        let mut rest = html.as_str();
        while let Some(i) = rest.find("<figure class=\"targets\"") {
            rest = &rest[i..];
            let end = rest.find("</figure>").expect("closed figure");
            for link in links(&rest[..end]) {
                in_tables.insert(link.id);
            }
            rest = &rest[end..];
        }
        let missing: Vec<_> = in_tables.difference(&named).collect();
        assert!(
            missing.is_empty(),
            "{}: targets for {missing:?} but 涉及地区 is {named:?}",
            task.page
        );
    }
}

/// The plan's 省级节水型企业 13家 (districts 14) and 其中省级10家 (districts 11): every page that shows
/// such a total next to its name also shows the districts' sum; 用水审计's 3家 and 17家 are on the home
/// page.
#[test]
fn mismatched_totals_carry_the_districts_sum_everywhere() {
    let (_dir, out) = built();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .display()
            .to_string();
        for (name, total, sum) in [
            ("省级节水型企业</th><td>", "13家", "14家"),
            (
                "省级节水型机关单位、灌区、小区、学校</th><td>",
                "10家",
                "11家",
            ),
        ] {
            // A table row: name, then this district's figure, then the city total.
            if let Some(i) = html.find(name) {
                let row = &html[i..i + html[i..].find("</tr>").unwrap()];
                assert!(row.contains(total), "{rel}: {row}");
                assert!(
                    html.contains(&format!("各地区数字之和为{sum}")),
                    "{rel}: shows {total} without the districts' {sum}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 14, "district pages checked: {checked}");
    let home = read(&out, "");
    assert!(
        home.contains("市级3家，各地区17家"),
        "用水审计 on the home page"
    );
    assert!(!home.contains("100 %"), "no space before %");
    let carriers = read(&out, "carriers");
    assert!(carriers.contains("各地区数字之和为14家") && carriers.contains("各地区数字之和为11家"));
}

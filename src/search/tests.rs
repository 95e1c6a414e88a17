//! Index-level tests: read the files back the way search.js does.

use serde_json::Value;

use super::chunk::IN_TITLE;
use super::encode::{decode_varints, term_hash};
use super::shards::{DOC_SHARD_BYTES, MAX_TEXT_CHARS, TERM_SHARD_BYTES};
use super::tokenize::token_strings;
use super::{SearchDoc, build_index};
use crate::output::OutFile;

fn doc(path: &str, title: &str, text: &str) -> SearchDoc {
    SearchDoc {
        path: path.into(),
        title: title.into(),
        section: "宣传活动".into(),
        date: Some("2021-03-22T08:00:00+08:00".into()),
        text: text.into(),
    }
}

/// The index read back: the manifest and the data of every shard.
struct Index {
    docs: usize,
    term_ranges: Vec<(u64, u64)>,
    term_shards: Vec<Value>,
    doc_shards: Vec<Value>,
}

/// `window.__jieshuiSearch.add(KIND,N,DATA);` → (KIND, N, DATA).
fn call_args(file: &OutFile) -> (String, u64, Value) {
    let text = String::from_utf8(file.bytes.clone()).unwrap_or_default();
    let args = text
        .strip_prefix("window.__jieshuiSearch.add(")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not an index call: {}", file.path));
    let v: Value = serde_json::from_str(&format!("[{args}]")).unwrap_or_else(|e| panic!("{e}"));
    (
        v[0].as_str().unwrap_or_default().to_string(),
        v[1].as_u64().unwrap_or(u64::MAX),
        v[2].clone(),
    )
}

impl Index {
    fn read(files: &[OutFile]) -> Index {
        let mut index = Index {
            docs: 0,
            term_ranges: Vec::new(),
            term_shards: Vec::new(),
            doc_shards: Vec::new(),
        };
        for f in files {
            let (kind, n, data) = call_args(f);
            match kind.as_str() {
                "m" => {
                    assert_eq!(f.path, "search/manifest.js");
                    index.docs = data["docs"].as_u64().unwrap_or_default() as usize;
                    let raw = data["termShards"].as_str().unwrap_or_default();
                    let nums = decode_varints(raw).unwrap_or_default();
                    let mut prev = 0;
                    for pair in nums.chunks(2) {
                        let lo = prev + pair[0];
                        prev = lo + pair[1];
                        index.term_ranges.push((lo, prev));
                    }
                }
                "t" => {
                    assert_eq!(f.path, format!("search/t-{n}.js"));
                    assert_eq!(n as usize, index.term_shards.len());
                    index.term_shards.push(data);
                }
                "d" => {
                    assert_eq!(f.path, format!("search/d-{n}.js"));
                    assert_eq!(n as usize, index.doc_shards.len());
                    index.doc_shards.push(data);
                }
                other => panic!("unknown kind {other}"),
            }
        }
        assert_eq!(index.term_ranges.len(), index.term_shards.len());
        index
    }

    /// (document id, weight) of every document holding `term`, as search.js finds them.
    fn lookup(&self, term: &str) -> Vec<(u64, u64)> {
        let h = u64::from(term_hash(term));
        let mut postings = String::new();
        for (i, &(lo, hi)) in self.term_ranges.iter().enumerate() {
            if lo <= h
                && h <= hi
                && let Some(p) = self.term_shards[i].get(term).and_then(Value::as_str)
            {
                postings.push_str(p);
            }
        }
        let mut next = 0;
        decode_varints(&postings)
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                let id = next + v / 7;
                next = id + 1;
                (id, v % 7 + 1)
            })
            .collect()
    }

    /// The `[path, title, section, date, text]` of document `id`.
    fn doc(&self, id: u64) -> Value {
        let mut first = 0;
        for shard in &self.doc_shards {
            let list = shard.as_array().cloned().unwrap_or_default();
            if (id as usize) < first + list.len() {
                return list[id as usize - first].clone();
            }
            first += list.len();
        }
        Value::Null
    }

    fn path_of(&self, id: u64) -> String {
        self.doc(id)[0].as_str().unwrap_or_default().to_string()
    }
}

fn sample() -> Vec<SearchDoc> {
    vec![
        doc(
            "/campaigns/world-water-day/",
            "世界水日主题宣传活动",
            "3月22日是世界水日。节约用水，人人有责。Save Water!",
        ),
        doc(
            "/learn/home/",
            "家庭节水小窍门",
            "洗菜水可以浇花；淋浴时间缩短。",
        ),
        doc(
            "/plan/",
            "行动方案",
            "深入开展节水型城市建设，节水型企业、节水型小区。",
        ),
    ]
}

#[test]
fn every_document_is_found_by_each_of_its_tokens() {
    let docs = sample();
    let index = Index::read(&build_index(&docs));
    assert_eq!(index.docs, 3);
    for d in &docs {
        for text in [&d.title, &d.text] {
            for token in token_strings(text) {
                let found = index.lookup(&token);
                assert!(
                    found.iter().any(|&(id, _)| index.path_of(id) == d.path),
                    "{} not found by {token}",
                    d.path
                );
                let ids: Vec<u64> = found.iter().map(|&(id, _)| id).collect();
                assert!(
                    ids.windows(2).all(|w| w[0] < w[1]),
                    "sorted ids for {token}"
                );
            }
        }
    }
    assert!(index.lookup("节水").len() == 2);
    assert!(index.lookup("沙漠").is_empty());
    assert!(index.lookup("，").is_empty());
}

#[test]
fn weights_mark_title_hits_and_frequency() {
    let index = Index::read(&build_index(&sample()));
    let by_path = |term: &str, path: &str| {
        index
            .lookup(term)
            .into_iter()
            .find(|&(id, _)| index.path_of(id) == path)
            .map(|(_, w)| w)
    };
    let title_w = by_path("水日", "/campaigns/world-water-day/").unwrap_or(0);
    assert_ne!(title_w & u64::from(IN_TITLE), 0, "title bit");
    assert_eq!(
        by_path("节水", "/plan/"),
        Some(2),
        "three times in the body, not in the title"
    );
    assert_eq!(by_path("save", "/campaigns/world-water-day/"), Some(1));
}

#[test]
fn documents_keep_what_results_show() {
    let mut docs = sample();
    docs[1].text = format!("{}\n\n尾巴", "节水".repeat(MAX_TEXT_CHARS));
    let index = Index::read(&build_index(&docs));
    let home = (0..3)
        .find(|&i| index.path_of(i) == "/learn/home/")
        .unwrap_or(99);
    let d = index.doc(home);
    assert_eq!(d[1], "家庭节水小窍门");
    assert_eq!(d[2], "宣传活动");
    assert_eq!(d[3], "2021-03-22");
    let text = d[4].as_str().unwrap_or_default();
    assert_eq!(text.chars().count(), MAX_TEXT_CHARS);
}

#[test]
fn output_is_byte_identical_whatever_the_input_order() {
    let docs = sample();
    let first = build_index(&docs);
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(first, build_index(&docs));
    assert_eq!(first, build_index(&reversed));
    // However many threads do the work (documents are counted in chunks per thread).
    let big = synthetic(700);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map(|pool| pool.install(|| build_index(&big)))
            .unwrap_or_default()
    };
    let one = on(1);
    assert!(!one.is_empty());
    assert_eq!(one, on(3));
}

/// A large synthetic site: common characters make long posting lists.
fn synthetic(n: usize) -> Vec<SearchDoc> {
    let chars: Vec<char> = "节约用水宣传活动城市建设企业小区学校灌区园区机关单位世界中国周日年月开展深入推进全面提升管理制度资源保护生态环境水平衡测试审计计划定额"
        .chars()
        .collect();
    let mut seed: u64 = 20240322;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let text: String = (0..600)
                .map(|j| {
                    if j % 37 == 36 {
                        '，'
                    } else {
                        chars[next() % chars.len()]
                    }
                })
                .collect();
            doc(
                &format!("/s{}/p-{i:05}/", i % 20),
                &format!("第{i}号 节水通知"),
                &text,
            )
        })
        .collect()
}

#[test]
fn shards_stay_under_their_limits_on_a_large_site() {
    let docs = synthetic(3000);
    let files = build_index(&docs);
    let index = Index::read(&files);
    let mut longest_entry = 0;
    for f in &files {
        if f.path.starts_with("search/t-") {
            assert!(
                f.bytes.len() <= TERM_SHARD_BYTES,
                "{} is {} bytes",
                f.path,
                f.bytes.len()
            );
        }
        if f.path.starts_with("search/d-") {
            longest_entry = longest_entry.max(f.bytes.len());
        }
    }
    assert!(longest_entry <= DOC_SHARD_BYTES + 3 * MAX_TEXT_CHARS + 1024);
    let manifest = files.first().map_or(0, |f| f.bytes.len());
    assert!(manifest < 4096, "manifest {manifest} bytes");
    // Common terms span several shards and are still found in every document.
    let common = index.lookup("节");
    assert_eq!(common.len(), 3000);
    assert!(index.lookup("节水").len() == 3000);
    assert_eq!(index.lookup("3000").len(), 0);
    assert_eq!(index.lookup("2999").len(), 1);
}

#[test]
fn a_term_in_very_many_documents_spans_shards_and_is_found_in_all() {
    // One byte per posting: a shard holds about TERM_SHARD_BYTES of them.
    let n = TERM_SHARD_BYTES + TERM_SHARD_BYTES / 8;
    let docs: Vec<SearchDoc> = (0..n)
        .map(|i| doc(&format!("/p/{i:05}/"), "节水", ""))
        .collect();
    let index = Index::read(&build_index(&docs));
    assert_eq!(index.lookup("节水").len(), n);
    assert_eq!(index.lookup("水").len(), n);
    let spans = index
        .term_ranges
        .iter()
        .filter(|&&(lo, hi)| (lo..=hi).contains(&u64::from(term_hash("节水"))))
        .count();
    assert!(spans > 1, "a list of {n} documents is split");
}

/// Times `build_index` on the documents of a built index (`JIESHUI_BENCH_INDEX=OUT/search`):
/// `cargo test --release --lib bench_build_index -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_build_index() {
    let Ok(dir) = std::env::var("JIESHUI_BENCH_INDEX") else {
        return;
    };
    let mut docs = Vec::new();
    for i in 0.. {
        let Ok(bytes) = std::fs::read(format!("{dir}/d-{i}.js")) else {
            break;
        };
        let (_, _, data) = call_args(&OutFile {
            path: String::new(),
            bytes,
        });
        for d in data.as_array().cloned().unwrap_or_default() {
            let s = |i: usize| d[i].as_str().unwrap_or_default().to_string();
            docs.push(SearchDoc {
                path: s(0),
                title: s(1),
                section: s(2),
                date: Some(s(3)),
                text: s(4),
            });
        }
    }
    for _ in 0..5 {
        let (t, cpu) = (std::time::Instant::now(), cpu_ms());
        let files = build_index(&docs);
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        eprintln!(
            "{} docs: {:?} wall, {} ms CPU, {} files, {bytes} bytes",
            docs.len(),
            t.elapsed(),
            cpu_ms() - cpu,
            files.len()
        );
    }
}

/// User + system CPU time of this process so far, in milliseconds (Linux).
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime, fields 14 and 15 of the line, in clock ticks of 10 ms; `after`
    // starts at field 3.
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (tick(11) + tick(12)) * 10
}

//! Makes `third_party/cc-cedict/pinyin-words.txt` from CC-CEDICT in the `word: pin yin` form
//! that mozillazg/phrase-pinyin-data publishes as `cc_cedict.txt`:
//!
//! ```sh
//! JIESHUI_PINYIN_CEDICT=/path/to/cc_cedict.txt cargo test --lib pinyin_dict_gen
//! ```
//!
//! Without the variable the test checks the file in the repository is what this module would
//! write: sorted, one line a word, a reading only where it differs from the characters alone.
//!
//! Where CC-CEDICT gives a word more than one reading, the one kept is, in order: the one
//! [`PREFER`] names; where the readings differ only by 轻声 (告诉 gào sù / gào su), the 轻声 one
//! (the everyday word, as textbooks print it); else the one closest to its characters' most
//! common readings.

use std::collections::BTreeMap;

use super::pinyin_dict::{default_reading, tone};
use crate::text::chars::is_han;

const OUT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/third_party/cc-cedict/pinyin-words.txt"
);

const HEADER: &str = "\
# Words of 2 to 6 characters and their pinyin, from CC-CEDICT (https://cc-cedict.org/wiki/),
# published by MDBG under the Creative Commons Attribution-ShareAlike 4.0 International licence
# (https://creativecommons.org/licenses/by-sa/4.0/), as converted to tone marks by
# mozillazg/phrase-pinyin-data (cc_cedict.txt). Changed by jieshui: one reading per word
# (src/markdown/pinyin_dict_gen.rs says which), the reading left out where every character reads
# as it does alone. This file is under CC BY-SA 4.0; see third_party/cc-cedict/README.md.
";

/// Words whose everyday reading is not the one the rules above would pick.
const PREFER: &[(&str, &str)] = &[
    ("土地", "tǔ dì"),
    ("下水", "xià shuǐ"),
    ("出来", "chū lái"),
    ("过来", "guò lái"),
    ("过去", "guò qù"),
    ("起来", "qǐ lái"),
    ("女人", "nǚ rén"),
    ("老公", "lǎo gōng"),
    ("说法", "shuō fǎ"),
    ("言语", "yán yǔ"),
    ("开通", "kāi tōng"),
    ("口音", "kǒu yīn"),
    ("受用", "shòu yòng"),
    ("冷战", "lěng zhàn"),
    ("下场", "xià chǎng"),
    ("乖乖", "guāi guāi"),
    ("回回", "huí huí"),
    ("精神", "jīng shén"),
    ("仁义", "rén yì"),
    ("吃食", "chī shí"),
    ("执事", "zhí shì"),
    ("对头", "duì tóu"),
    ("多少", "duō shǎo"),
    ("公道", "gōng dào"),
    ("便宜", "pián yi"),
    ("空地", "kòng dì"),
    ("尽快", "jǐn kuài"),
    ("尽量", "jǐn liàng"),
    ("转动", "zhuàn dòng"),
    ("长毛", "cháng máo"),
    ("恶心", "ě xīn"),
    ("为人", "wéi rén"),
    ("结果", "jié guǒ"),
    ("背着", "bēi zhe"),
    ("得罪", "dé zuì"),
    ("小儿", "xiǎo ér"),
    ("大夫", "dài fu"),
    ("发卡", "fà qiǎ"),
    ("倒车", "dào chē"),
    ("差事", "chāi shi"),
    ("好学", "hào xué"),
    ("重点", "zhòng diǎn"),
    ("不是", "bù shì"),
];

fn toneless(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ā' | 'á' | 'ǎ' | 'à' => 'a',
            'ē' | 'é' | 'ě' | 'è' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
            'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'ü',
            c => c,
        })
        .collect()
}

/// `a` is `b` with some syllables made 轻声, and nothing else changed.
fn neutralized(a: &[String], b: &[String]) -> bool {
    a != b
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || (toneless(x) == toneless(y) && tone(x) == 0 && tone(y) != 0))
}

fn choose(word: &str, variants: &[Vec<String>]) -> Vec<String> {
    if let Some((_, r)) = PREFER.iter().find(|(w, _)| *w == word) {
        return r.split(' ').map(str::to_string).collect();
    }
    if let Some(n) = variants
        .iter()
        .find(|a| variants.iter().any(|b| neutralized(a, b)))
    {
        return n.clone();
    }
    let defaults: Vec<&str> = word.chars().filter_map(default_reading).collect();
    let score = |v: &Vec<String>| v.iter().zip(&defaults).filter(|(a, b)| a == *b).count();
    let best = variants.iter().map(score).max().unwrap_or(0);
    variants
        .iter()
        .find(|v| score(v) == best)
        .cloned()
        .unwrap_or_default()
}

/// The file's text made from phrase-pinyin-data's `cc_cedict.txt`.
fn generate(source: &str) -> String {
    let mut variants: BTreeMap<&str, Vec<Vec<String>>> = BTreeMap::new();
    for line in source.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some((word, reading)) = line.split_once(':') else {
            continue;
        };
        let n = word.chars().count();
        if !(2..=6).contains(&n)
            || !word
                .chars()
                .all(|c| is_han(c) && default_reading(c).is_some())
        {
            continue;
        }
        // 一 and 不 in their citation tones (a few entries print the tone change).
        let syllables: Vec<String> = word
            .chars()
            .zip(reading.split_whitespace())
            .map(|(c, s)| match (c, s) {
                ('一', "yí" | "yì") => "yī".to_string(),
                ('不', "bú") => "bù".to_string(),
                (_, s) => s.to_string(),
            })
            .collect();
        if reading.split_whitespace().count() != n {
            continue;
        }
        let letters = |s: &String| {
            toneless(s)
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == 'ü')
        };
        if syllables.len() != n || !syllables.iter().all(letters) {
            continue;
        }
        let list = variants.entry(word).or_default();
        if !list.contains(&syllables) {
            list.push(syllables);
        }
    }
    let mut out = String::from(HEADER);
    for (word, list) in &variants {
        let chosen = choose(word, list);
        let defaults: Vec<&str> = word.chars().filter_map(default_reading).collect();
        out.push_str(word);
        if chosen.iter().zip(&defaults).any(|(a, b)| a != b) {
            out.push(' ');
            out.push_str(&chosen.join(" "));
        }
        out.push('\n');
    }
    out
}

#[test]
fn pinyin_dict_gen() {
    let shipped = std::fs::read_to_string(OUT).unwrap_or_default();
    if let Ok(path) = std::env::var("JIESHUI_PINYIN_CEDICT") {
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(source.lines().count() > 50_000, "{path}: not cc_cedict.txt");
        let text = generate(&source);
        if text != shipped {
            std::fs::write(OUT, text).unwrap_or_default();
        }
        return;
    }
    assert!(
        shipped.starts_with(HEADER),
        "the header changed: regenerate"
    );
    let lines: Vec<&str> = shipped.lines().filter(|l| !l.starts_with('#')).collect();
    let words: Vec<&str> = lines
        .iter()
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    assert!(
        words.windows(2).all(|w| w[0] < w[1]),
        "not sorted or not unique"
    );
    for line in &lines {
        if let Some((word, reading)) = line.split_once(' ') {
            let defaults: Vec<&str> = word.chars().filter_map(default_reading).collect();
            assert_ne!(reading.split(' ').collect::<Vec<_>>(), defaults, "{line}");
        }
    }
    for (word, reading) in PREFER {
        let line = lines.iter().find(|l| l.split(' ').next() == Some(word));
        let defaults: Vec<&str> = word.chars().filter_map(default_reading).collect();
        let expected = if reading.split(' ').eq(defaults.iter().copied()) {
            word.to_string()
        } else {
            format!("{word} {reading}")
        };
        assert_eq!(line.map(|l| l.to_string()), Some(expected));
    }
}

#[test]
fn variant_choice() {
    let v = |s: &str| -> Vec<String> { s.split(' ').map(str::to_string).collect() };
    assert_eq!(choose("告诉", &[v("gào sù"), v("gào su")]), v("gào su"));
    assert_eq!(choose("东西", &[v("dōng xī"), v("dōng xi")]), v("dōng xi"));
    assert_eq!(choose("土地", &[v("tǔ dì"), v("tǔ di")]), v("tǔ dì"));
    assert_eq!(
        choose("教学", &[v("jiāo xué"), v("jiào xué")]),
        v("jiào xué")
    );
    assert_eq!(choose("便宜", &[v("biàn yí"), v("pián yi")]), v("pián yi"));
    let text =
        generate("# c\n爸爸: bà ba\n节水: jié shuǐ\n东西: dōng xī\n东西: dōng xi\nAB: a b\n");
    assert_eq!(text, format!("{HEADER}东西 dōng xi\n爸爸 bà ba\n节水\n"));
}

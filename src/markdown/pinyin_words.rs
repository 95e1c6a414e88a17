//! Words whose reading depends on what they mean: 东西 is dōng xi ("things") after 买, but
//! dōng xī ("east and west") before 走向. The word list gives one reading per word; for these,
//! the words around settle which, and where nothing does, the common reading is kept and a
//! warning asks the writer to check.

use super::pinyin_dict::Syllable;

pub(crate) struct Meaning {
    pub(crate) word: &'static str,
    /// The reading taken when the context does not say.
    pub(crate) common: &'static str,
    pub(crate) other: &'static str,
    /// Text right after / right before the word that means the other reading.
    other_after: &'static [&'static str],
    other_before: &'static [&'static str],
    /// Text right before / right after the word that means the common reading.
    common_before: &'static [&'static str],
    common_after: &'static [&'static str],
}

const MEANINGS: &[Meaning] = &[
    Meaning {
        word: "东西",
        common: "dōng xi",
        other: "dōng xī",
        other_after: &[
            "南", "北", "两", "向", "走向", "方向", "之间", "部", "侧", "边", "横", "距离", "跨度",
        ],
        other_before: &["南北", "横贯", "贯穿"],
        common_before: &[
            "的", "个", "些", "么", "买", "卖", "做", "吃", "拿", "带", "送", "找", "好", "小",
            "新", "旧", "种", "件", "样", "这", "那", "有", "没", "多", "少", "玩", "用", "穿",
            "丢", "把", "收", "爱",
        ],
        common_after: &[
            "了", "吗", "呢", "吧", "都", "也", "很", "是", "给", "放", "太",
        ],
    },
    Meaning {
        word: "地方",
        common: "dì fang",
        other: "dì fāng",
        other_after: &[
            "政府", "财政", "标准", "特色", "性", "法规", "经济", "戏", "风味", "官", "保护",
            "部门", "立法", "病",
        ],
        other_before: &["中央", "各级"],
        common_before: &[
            "的", "个", "这", "那", "哪", "么", "些", "好", "有", "没", "远", "近", "多", "住",
            "同", "每",
        ],
        common_after: &[
            "了", "吗", "呢", "吧", "都", "也", "是", "有", "去", "玩", "住", "真",
        ],
    },
    Meaning {
        word: "大意",
        common: "dà yì",
        other: "dà yi",
        other_after: &["了", "失"],
        other_before: &[
            "太", "很", "粗心", "一时", "疏忽", "真", "别", "不要", "不能", "可",
        ],
        common_before: &[
            "的", "段", "课文", "主要", "段落", "故事", "文章", "说出", "写出",
        ],
        common_after: &["是", "为", "如下"],
    },
    Meaning {
        word: "同行",
        common: "tóng xíng",
        other: "tóng háng",
        other_after: &["业", "们", "之间"],
        other_before: &[],
        common_before: &["结伴", "一路", "一起", "与", "和"],
        common_after: &["的人", "者"],
    },
    Meaning {
        word: "好学",
        common: "hào xué",
        other: "hǎo xué",
        other_after: &["吗", "不好学"],
        other_before: &["很", "不", "真", "太", "好", "容易"],
        common_before: &["勤奋", "聪明"],
        common_after: &["上进", "的孩子"],
    },
    Meaning {
        word: "背着",
        common: "bēi zhe",
        other: "bèi zhe",
        other_after: &[
            "手", "身", "光", "人", "我", "他", "她", "老师", "爸爸", "妈妈",
        ],
        other_before: &[],
        common_before: &[],
        common_after: &["书包", "包", "孩子", "弟弟", "妹妹", "筐", "篓"],
    },
];

/// What the context says of the word at `start..start + len` of `chars`.
pub(crate) enum Settled {
    /// Not a word of the table.
    No,
    /// The reading to use, decided by the words around.
    By(&'static str),
    /// Nothing decides: the common reading, with a warning.
    Unsure(&'static Meaning),
}

pub(crate) fn settle(chars: &[char], s: &Syllable) -> Settled {
    let word: String = chars[s.word_start..s.word_start + s.word_len]
        .iter()
        .collect();
    let Some(m) = MEANINGS.iter().find(|m| m.word == word) else {
        return Settled::No;
    };
    let before: String = chars[..s.word_start].iter().rev().take(4).collect();
    let before: String = before.chars().rev().collect();
    let after: String = chars[s.word_start + s.word_len..].iter().take(4).collect();
    if m.other_after.iter().any(|a| after.starts_with(a)) {
        return Settled::By(m.other);
    }
    if m.other_before.iter().any(|b| before.ends_with(b)) {
        return Settled::By(m.other);
    }
    if m.common_before.iter().any(|b| before.ends_with(b))
        || m.common_after.iter().any(|a| after.starts_with(a))
    {
        return Settled::By(m.common);
    }
    Settled::Unsure(m)
}

#[cfg(test)]
mod tests {
    use super::super::pinyin_dict::dict;
    use super::*;

    fn settled(text: &str, at: usize) -> Option<&'static str> {
        let chars: Vec<char> = text.chars().collect();
        let s = dict().segment(&chars)[at]?;
        match settle(&chars, &s) {
            Settled::By(r) => Some(r),
            Settled::Unsure(_) => Some("?"),
            Settled::No => None,
        }
    }

    #[test]
    fn context_decides() {
        assert_eq!(settled("商店里有很多东西", 6), Some("dōng xi"));
        assert_eq!(settled("工厂做东西也要用水", 3), Some("dōng xi"));
        assert_eq!(settled("这条河东西走向", 3), Some("dōng xī"));
        assert_eq!(settled("南北东西", 2), Some("dōng xī"));
        assert_eq!(settled("东西", 0), Some("?"));
        assert_eq!(settled("这个地方真美", 2), Some("dì fang"));
        assert_eq!(settled("地方政府", 0), Some("dì fāng"));
        assert_eq!(settled("写出课文的大意", 5), Some("dà yì"));
        assert_eq!(settled("他太大意了", 2), Some("dà yi"));
        assert_eq!(settled("去银行", 1), None);
    }

    #[test]
    fn every_word_is_one_word_of_the_list() {
        for m in MEANINGS {
            let chars: Vec<char> = m.word.chars().collect();
            let s = dict().segment(&chars);
            assert!(
                s.iter()
                    .all(|s| s.is_some_and(|s| s.word_len == chars.len())),
                "{}",
                m.word
            );
            assert_eq!(m.common.split(' ').count(), chars.len());
            assert_eq!(m.other.split(' ').count(), chars.len());
        }
    }
}

//! Words that settle a 多音字's reading: in 银行 the 行 is háng, in 行动 it is xíng. Automatic
//! pinyin reads each character alone (its most common reading); where a character stands inside
//! one of these words, the word's reading is used and no warning is needed.
//!
//! Chosen for what this site's pages say (water, schools, the campaign's offices) and for the
//! 多音字 pupils meet first. Every reading is one the character has (a test checks it against
//! the pinyin data). A word is only taken where the text has it whole; where two words overlap
//! and disagree (银行长江), neither is taken and the warning stays.

/// (word, the reading of each of its characters).
const WORDS: &[(&str, &str)] = &[
    // 行
    ("行动", "xíng dòng"),
    ("进行", "jìn xíng"),
    ("执行", "zhí xíng"),
    ("实行", "shí xíng"),
    ("运行", "yùn xíng"),
    ("推行", "tuī xíng"),
    ("试行", "shì xíng"),
    ("行政", "xíng zhèng"),
    ("旅行", "lǚ xíng"),
    ("步行", "bù xíng"),
    ("出行", "chū xíng"),
    ("行为", "xíng wéi"),
    ("少年行", "shào nián xíng"),
    ("行业", "háng yè"),
    ("银行", "yín háng"),
    ("各行各业", "gè háng gè yè"),
    ("行列", "háng liè"),
    ("行长", "háng zhǎng"),
    // 长
    ("长江", "cháng jiāng"),
    ("长期", "cháng qī"),
    ("长效", "cháng xiào"),
    ("长远", "cháng yuǎn"),
    ("长久", "cháng jiǔ"),
    ("长度", "cháng dù"),
    ("延长", "yán cháng"),
    ("常州", "cháng zhōu"),
    ("增长", "zēng zhǎng"),
    ("成长", "chéng zhǎng"),
    ("生长", "shēng zhǎng"),
    ("长大", "zhǎng dà"),
    ("校长", "xiào zhǎng"),
    ("家长", "jiā zhǎng"),
    ("市长", "shì zhǎng"),
    ("局长", "jú zhǎng"),
    ("河长", "hé zhǎng"),
    ("湖长", "hú zhǎng"),
    ("班长", "bān zhǎng"),
    ("队长", "duì zhǎng"),
    ("组长", "zǔ zhǎng"),
    // 重
    ("重点", "zhòng diǎn"),
    ("重要", "zhòng yào"),
    ("重视", "zhòng shì"),
    ("重大", "zhòng dà"),
    ("严重", "yán zhòng"),
    ("注重", "zhù zhòng"),
    ("尊重", "zūn zhòng"),
    ("重复", "chóng fù"),
    ("重新", "chóng xīn"),
    // 还
    ("还是", "hái shì"),
    ("还有", "hái yǒu"),
    ("还要", "hái yào"),
    ("归还", "guī huán"),
    ("还给", "huán gěi"),
    // 为
    ("为了", "wèi le"),
    ("因为", "yīn wèi"),
    ("为什么", "wèi shén me"),
    ("为此", "wèi cǐ"),
    ("认为", "rèn wéi"),
    ("成为", "chéng wéi"),
    ("作为", "zuò wéi"),
    ("以为", "yǐ wéi"),
    ("称为", "chēng wéi"),
    ("为主", "wéi zhǔ"),
    // 得
    ("获得", "huò dé"),
    ("取得", "qǔ dé"),
    ("得到", "dé dào"),
    ("记得", "jì de"),
    ("觉得", "jué de"),
    ("值得", "zhí de"),
    ("懂得", "dǒng de"),
    ("使得", "shǐ de"),
    // 地
    ("地区", "dì qū"),
    ("地方", "dì fāng"),
    ("各地", "gè dì"),
    ("当地", "dāng dì"),
    ("土地", "tǔ dì"),
    ("湿地", "shī dì"),
    ("绿地", "lǜ dì"),
    ("基地", "jī dì"),
    ("地下水", "dì xià shuǐ"),
    ("地表水", "dì biǎo shuǐ"),
    ("地球", "dì qiú"),
    // 着
    ("随着", "suí zhe"),
    ("接着", "jiē zhe"),
    ("着力", "zhuó lì"),
    ("着眼", "zhuó yǎn"),
    ("着重", "zhuó zhòng"),
    ("着手", "zhuó shǒu"),
    ("睡着", "shuì zháo"),
    ("着急", "zháo jí"),
    // 乐
    ("快乐", "kuài lè"),
    ("乐于", "lè yú"),
    ("音乐", "yīn yuè"),
    // 觉
    ("自觉", "zì jué"),
    ("感觉", "gǎn jué"),
    ("睡觉", "shuì jiào"),
    // 调
    ("调查", "diào chá"),
    ("调研", "diào yán"),
    ("调度", "diào dù"),
    ("调水", "diào shuǐ"),
    ("强调", "qiáng diào"),
    ("调节", "tiáo jié"),
    ("调整", "tiáo zhěng"),
    ("协调", "xié tiáo"),
    ("空调", "kōng tiáo"),
    ("调控", "tiáo kòng"),
    ("调蓄", "tiáo xù"),
    // 传
    ("宣传", "xuān chuán"),
    ("传播", "chuán bō"),
    ("传统", "chuán tǒng"),
    ("传承", "chuán chéng"),
    ("传递", "chuán dì"),
    ("传记", "zhuàn jì"),
    // 处
    ("处理", "chǔ lǐ"),
    ("处置", "chǔ zhì"),
    ("处罚", "chǔ fá"),
    ("处于", "chǔ yú"),
    ("到处", "dào chù"),
    ("好处", "hǎo chù"),
    ("用处", "yòng chù"),
    // 少
    ("少年", "shào nián"),
    ("青少年", "qīng shào nián"),
    ("少先队", "shào xiān duì"),
    ("多少", "duō shǎo"),
    ("减少", "jiǎn shǎo"),
    ("缺少", "quē shǎo"),
    ("不少", "bù shǎo"),
    ("至少", "zhì shǎo"),
    // 好
    ("做好", "zuò hǎo"),
    ("良好", "liáng hǎo"),
    ("爱好", "ài hào"),
    ("好奇", "hào qí"),
    // 种
    ("种子", "zhǒng zi"),
    ("种类", "zhǒng lèi"),
    ("各种", "gè zhǒng"),
    ("品种", "pǐn zhǒng"),
    ("种植", "zhòng zhí"),
    ("种树", "zhòng shù"),
    ("种花", "zhòng huā"),
    // 当
    ("当然", "dāng rán"),
    ("当前", "dāng qián"),
    ("应当", "yīng dāng"),
    ("相当", "xiāng dāng"),
    ("适当", "shì dàng"),
    ("恰当", "qià dàng"),
    ("上当", "shàng dàng"),
    // 数
    ("数量", "shù liàng"),
    ("数据", "shù jù"),
    ("数学", "shù xué"),
    ("数字", "shù zì"),
    ("次数", "cì shù"),
    ("数一数", "shǔ yī shǔ"),
    // 教
    ("教育", "jiào yù"),
    ("教师", "jiào shī"),
    ("教室", "jiào shì"),
    ("教学", "jiào xué"),
    ("教材", "jiào cái"),
    ("教书", "jiāo shū"),
    // 便
    ("方便", "fāng biàn"),
    ("便于", "biàn yú"),
    ("便利", "biàn lì"),
    ("便民", "biàn mín"),
    ("便宜", "pián yi"),
    // Others the water pages are full of.
    ("干旱", "gān hàn"),
    ("干净", "gān jìng"),
    ("干燥", "gān zào"),
    ("干部", "gàn bù"),
    ("供水", "gōng shuǐ"),
    ("供应", "gōng yìng"),
    ("提供", "tí gōng"),
    ("降水", "jiàng shuǐ"),
    ("降低", "jiàng dī"),
    ("用水量", "yòng shuǐ liàng"),
    ("测量", "cè liáng"),
    ("效率", "xiào lǜ"),
    ("利用率", "lì yòng lǜ"),
    ("率先", "shuài xiān"),
    ("节省", "jié shěng"),
    ("江苏省", "jiāng sū shěng"),
    ("参与", "cān yù"),
    ("参加", "cān jiā"),
    ("模范", "mó fàn"),
    ("规模", "guī mó"),
    ("冲洗", "chōng xǐ"),
    ("更加", "gèng jiā"),
];

/// The reading of the character at `at` of `text` given by a word that holds it, when the
/// words that do agree. `text` is the run of characters around it.
pub(crate) fn reading_in_word(text: &[char], at: usize) -> Option<&'static str> {
    let c = *text.get(at)?;
    let mut found: Option<&'static str> = None;
    for (word, readings) in WORDS {
        for (k, wc) in word.chars().enumerate() {
            if wc != c || k > at {
                continue;
            }
            let start = at - k;
            if !word
                .chars()
                .enumerate()
                .all(|(j, w)| text.get(start + j) == Some(&w))
            {
                continue;
            }
            let reading = readings.split(' ').nth(k)?;
            match found {
                Some(r) if r != reading => return None,
                _ => found = Some(reading),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use pinyin::{ToPinyin, ToPinyinMulti};

    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn every_reading_is_one_the_character_has() {
        let mut bad = Vec::new();
        for (word, readings) in WORDS {
            let list: Vec<&str> = readings.split(' ').collect();
            assert_eq!(list.len(), word.chars().count(), "{word}");
            for (c, r) in word.chars().zip(list) {
                let known: Vec<&str> = c
                    .to_pinyin_multi()
                    .map(|m| m.into_iter().map(|p| p.with_tone()).collect())
                    .unwrap_or_default();
                // A neutral tone (`de`, `zi`) is written without a mark.
                let plain = c.to_pinyin().map(|p| p.plain());
                if !known.contains(&r) && plain != Some(r) {
                    bad.push(format!("{word}: {c} {r} (has {known:?})"));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn words_settle_readings() {
        let t = chars("去银行办事，节水行动");
        assert_eq!(reading_in_word(&t, 2), Some("háng"));
        assert_eq!(reading_in_word(&t, 8), Some("xíng"));
        let t = chars("长江水，增长");
        assert_eq!(reading_in_word(&t, 0), Some("cháng"));
        assert_eq!(reading_in_word(&t, 5), Some("zhǎng"));
        // No word: the character alone decides (and warns).
        assert_eq!(reading_in_word(&chars("一行字"), 1), None);
        // Two words that disagree over one character: neither is taken.
        assert_eq!(reading_in_word(&chars("行长江"), 1), None);
        assert_eq!(reading_in_word(&chars("银行长江"), 2), None);
        // Out of range.
        assert_eq!(reading_in_word(&chars("水"), 3), None);
    }
}

//! 一 and 不 as textbooks print them. 一 reads yí before a 4th tone (一个 yí gè) and yì before
//! the others (一起 yì qǐ), and keeps yī where it counts or orders (第一, 十一, 一月, 一九九三, 一年级)
//! or ends a word or a phrase (统一, 唯一, 之一); 不 reads bú before a 4th tone (不是 bú shì), else
//! bù. Between a repeated verb both are light: 看一看 kàn yi kàn, 好不好 hǎo bu hǎo.
//!
//! A syllable the word list already gives another reading (对不起 duì bu qǐ) is left alone, and
//! so are readings written by hand. The site setting `markdown.pinyin_tones: citation` turns the
//! tone change off.

use super::pinyin_dict::{Syllable, default_reading, tone};

/// Which tones automatic pinyin gives 一 and 不 (`markdown.pinyin_tones` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PinyinTones {
    /// As textbooks print them: yí gè, yì qǐ, bú shì, bù hǎo (the default).
    #[default]
    Textbook,
    /// Always yī and bù, as dictionaries list them.
    Citation,
}

/// Digits as read in numbers, years and telephone numbers.
fn is_digit(c: char) -> bool {
    "〇零一二三四五六七八九".contains(c)
}

/// Characters of a number before 一 (十一, 二十一, 万一).
fn is_numeral(c: char) -> bool {
    is_digit(c) || "十百千万亿两".contains(c)
}

/// What 一 before these counts or orders: 一月, 一号, 一年级, 一等奖.
const ORDINAL_AFTER: &[&str] = &["月", "号", "年级", "等奖"];

/// Changes the readings of 一 and 不 in `syllables` (the segmentation of `chars`).
pub(crate) fn apply(chars: &[char], syllables: &mut [Option<Syllable>]) {
    for i in 0..chars.len() {
        let Some(s) = syllables[i] else { continue };
        let reading = match (chars[i], s.reading) {
            ('一', "yī") => yi(chars, syllables, i, &s),
            ('不', "bù") => bu(chars, syllables, i),
            _ => continue,
        };
        if let Some(r) = reading {
            syllables[i] = Some(Syllable { reading: r, ..s });
        }
    }
}

/// The Han character at `i` with its reading, if any.
fn han_at(
    chars: &[char],
    syllables: &[Option<Syllable>],
    i: usize,
) -> Option<(char, &'static str)> {
    let s = syllables.get(i).copied().flatten()?;
    Some((*chars.get(i)?, s.reading))
}

/// The tone that decides: the next syllable's, or, for a 轻声 one, its character's own.
fn next_tone(c: char, reading: &str) -> u8 {
    match tone(reading) {
        0 => default_reading(c).map_or(0, tone),
        t => t,
    }
}

fn yi(
    chars: &[char],
    syllables: &[Option<Syllable>],
    i: usize,
    s: &Syllable,
) -> Option<&'static str> {
    let (next, next_reading) = han_at(chars, syllables, i + 1)?;
    let prev = i
        .checked_sub(1)
        .and_then(|p| han_at(chars, syllables, p))
        .map(|(c, _)| c);
    if s.in_word() && s.word_start + s.word_len == i + 1 {
        return None; // 统一, 唯一, 之一
    }
    if prev == Some(next) && next != '一' {
        return Some("yi"); // 看一看
    }
    if prev == Some('第') || prev.is_some_and(is_numeral) || is_digit(next) {
        return None; // 第一, 十一, 一九九三
    }
    let rest: String = chars[i + 1..].iter().take(2).collect();
    if ORDINAL_AFTER.iter().any(|o| rest.starts_with(o)) {
        return None;
    }
    Some(if next_tone(next, next_reading) == 4 {
        "yí"
    } else {
        "yì"
    })
}

fn bu(chars: &[char], syllables: &[Option<Syllable>], i: usize) -> Option<&'static str> {
    let (next, next_reading) = han_at(chars, syllables, i + 1)?;
    let prev = i
        .checked_sub(1)
        .and_then(|p| han_at(chars, syllables, p))
        .map(|(c, _)| c);
    if prev == Some(next) {
        return Some("bu"); // 好不好
    }
    (next_tone(next, next_reading) == 4).then_some("bú")
}

#[cfg(test)]
mod tests {
    use super::super::pinyin_dict::dict;
    use super::*;

    fn read(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut s = dict().segment(&chars);
        apply(&chars, &mut s);
        s.iter()
            .map(|s| s.map_or("_", |s| s.reading))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn yi_before_each_tone() {
        assert_eq!(read("一天"), "yì tiān");
        assert_eq!(read("一年"), "yì nián");
        assert_eq!(read("一起"), "yì qǐ");
        assert_eq!(read("一个"), "yí gè");
        assert_eq!(read("一样"), "yí yàng");
        assert_eq!(read("一滴水"), "yì dī shuǐ");
        assert_eq!(read("一次"), "yí cì");
    }

    #[test]
    fn yi_keeps_its_tone_in_numbers_and_ordinals() {
        assert_eq!(read("第一"), "dì yī");
        assert_eq!(read("第一次"), "dì yī cì");
        assert_eq!(read("一月"), "yī yuè");
        assert_eq!(read("十一"), "shí yī");
        assert_eq!(read("二十一个"), "èr shí yī gè");
        assert_eq!(read("一九九三年"), "yī jiǔ jiǔ sān nián");
        assert_eq!(read("一年级"), "yī nián jí");
        assert_eq!(read("统一"), "tǒng yī");
        assert_eq!(read("统一了"), "tǒng yī le");
        assert_eq!(read("唯一的"), "wéi yī de");
        assert_eq!(read("一"), "yī");
        assert_eq!(read("一。"), "yī _");
    }

    #[test]
    fn bu_before_each_tone() {
        assert_eq!(read("不是"), "bú shì");
        assert_eq!(read("不要"), "bú yào");
        assert_eq!(read("不好"), "bù hǎo");
        assert_eq!(read("不同"), "bù tóng");
        assert_eq!(read("不多"), "bù duō");
        assert_eq!(read("不"), "bù");
    }

    #[test]
    fn light_between_repeated_verbs_and_as_listed() {
        assert_eq!(read("看一看"), "kàn yi kàn");
        assert_eq!(read("好不好"), "hǎo bu hǎo");
        assert_eq!(read("对不起"), "duì bu qǐ");
        // Before a 轻声 syllable, the character's own tone decides: 个 is gè.
        assert_eq!(read("一个个"), "yí gè gè");
    }

    #[test]
    fn tones() {
        assert_eq!(tone("mā"), 1);
        assert_eq!(tone("lǘ"), 2);
        assert_eq!(tone("hǎo"), 3);
        assert_eq!(tone("shì"), 4);
        assert_eq!(tone("ma"), 0);
    }
}

//! URL slugs: ASCII, lower-case, hyphenated; Chinese transliterated to pinyin (每字一节).

use pinyin::ToPinyin;

/// `世界水日` → `shi-jie-shui-ri`, `2021年 World Water Day` → `2021-nian-world-water-day`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut need_sep = false;
    let push_word = |out: &mut String, need_sep: &mut bool, word: &str| {
        if *need_sep && !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
        *need_sep = false;
    };
    let mut in_ascii_word = false;
    for (ch, py) in text.chars().zip(text.to_pinyin()) {
        if let Some(py) = py {
            need_sep = true;
            push_word(&mut out, &mut need_sep, py.plain());
            need_sep = true;
            in_ascii_word = false;
        } else if ch.is_ascii_alphanumeric() || ch == '_' {
            if !in_ascii_word {
                push_word(&mut out, &mut need_sep, "");
            }
            out.push(ch.to_ascii_lowercase());
            in_ascii_word = true;
            need_sep = true;
        } else {
            in_ascii_word = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_becomes_pinyin() {
        assert_eq!(slugify("世界水日"), "shi-jie-shui-ri");
        assert_eq!(slugify("2021年世界水日"), "2021-nian-shi-jie-shui-ri");
        assert_eq!(slugify("Hello World"), "hello-world");
        assert_eq!(slugify("p-000123"), "p-000123");
        assert_eq!(slugify("节水 Day！"), "jie-shui-day");
        assert_eq!(slugify("！！"), "");
    }
}

//! Access keys pasted where they do not belong. A site folder is copied, mailed and published:
//! a secret in site.yaml or in content would leak with it. Found are the key ids of 阿里云
//! (`LTAI…`), 腾讯云 (`AKID…`) and AWS (`AKIA…`, `ASIA…`), and a YAML key or front-matter
//! field named like a secret (`secret_key:`, `access_key_secret:`, `sk:`, `password:`…) with a
//! value. Only the place is reported, never the text found.

/// The 1-based line and column of each secret-looking thing in `text`. Only the lines that
/// hold a key id's prefix or a `:` are looked at (found with memchr: every page of a site is
/// scanned on every build).
pub fn find(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    // One pass: a `:`, or the `L`/`A` a key id starts with.
    let mut starts: Vec<usize> = Vec::new();
    for at in memchr::memchr3_iter(b':', b'L', b'A', bytes) {
        let hit = bytes[at] == b':'
            || [b"LTAI", b"AKID", b"AKIA", b"ASIA"]
                .iter()
                .any(|p| bytes[at..].starts_with(*p));
        if hit {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |nl| nl + 1);
            if starts.last() != Some(&start) {
                starts.push(start);
            }
        }
    }
    let mut out = Vec::new();
    let (mut line_no, mut counted) = (1, 0);
    for start in starts {
        line_no += memchr::memchr_iter(b'\n', &bytes[counted..start]).count();
        counted = start;
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let line = text[start..end].trim_end_matches('\r');
        if let Some(col) = key_id(line).or_else(|| secret_field(line)) {
            out.push((line_no, col));
        }
    }
    out
}

/// Column (1-based, in characters) of a cloud access key id in `line`.
fn key_id(line: &str) -> Option<usize> {
    const IDS: &[(&str, usize, bool)] = &[
        ("LTAI", 12, false),
        ("AKID", 13, false),
        ("AKIA", 16, true),
        ("ASIA", 16, true),
    ];
    let bytes = line.as_bytes();
    for (prefix, min_rest, upper_only) in IDS {
        let mut from = 0;
        while let Some(at) = line[from..].find(prefix) {
            let start = from + at;
            from = start + prefix.len();
            let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            let rest = bytes[from..]
                .iter()
                .take_while(|b| {
                    if *upper_only {
                        b.is_ascii_uppercase() || b.is_ascii_digit()
                    } else {
                        b.is_ascii_alphanumeric()
                    }
                })
                .count();
            let after = bytes.get(from + rest);
            let after_ok = after.is_none_or(|b| !b.is_ascii_alphanumeric());
            if before_ok && rest >= *min_rest && after_ok {
                return Some(line[..start].chars().count() + 1);
            }
        }
    }
    None
}

/// Column of a `name: value` whose name says secret.
fn secret_field(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let (name, value) = trimmed.split_once(':')?;
    let name = name.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let value = value.trim();
    let value = value.split(" #").next().unwrap_or(value).trim();
    let empty =
        value.is_empty() || value == "\"\"" || value == "''" || value == "~" || value == "null";
    let words: Vec<&str> = name
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.concat();
    let secretish = matches!(joined.as_str(), "sk" | "ak" | "password" | "passwd")
        || words.contains(&"secret")
        || joined.contains("secretkey")
        || joined.contains("secretid")
        || joined.contains("accesskey");
    if !secretish || empty || name.contains(' ') {
        return None;
    }
    Some(line.len() - line.trim_start().len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_and_secret_fields_are_found() {
        let text = "title: 节水\nextra:\n  note: LTAI5tExampleExample12 here\n  secret_key: abc\n  AccessKeySecret: \"x\"\n  sk: y\n  id: AKIAIOSFODNN7EXAMPLE\n  cos: AKIDz8krbsJ5yKBZQpn74WFkmLPx3example\n";
        assert_eq!(
            find(text),
            vec![(3, 9), (4, 3), (5, 3), (6, 3), (7, 7), (8, 8)]
        );
    }

    #[test]
    fn lines_are_counted_with_crlf_and_at_the_ends() {
        let text = "AKIAIOSFODNN7EXAMPLE\r\n\r\n正文：没有\r\nsk: y\r\nx LTAI5tExampleExample12";
        assert_eq!(find(text), vec![(1, 1), (4, 1), (5, 3)]);
        assert_eq!(find(""), Vec::<(usize, usize)>::new());
    }

    #[test]
    fn ordinary_text_is_not_a_secret() {
        let text = "title: 节水\nsecret_key: \"\"\npassword:\ndescription: 节约用水的 secret 是什么\nkey: LTAI\nname: XAKIAIOSFODNN7EXAMPLE\nbody: 保密\nsecrets_page: # nothing\n";
        assert_eq!(find(text), Vec::<(usize, usize)>::new());
    }
}
